"""Scoring predictions against gold, for ``detente eval`` and the training tools: the metrics and the
tune/validation split of the shared scorer (``../shared/eval/score.py``, described in its README), in one
place in the project. ``tests/test_evaluate.py`` checks that both give the same figures.

    evaluate_events(gold_path, pred_rows) -> dict   event_type and dyad P/R/F1, top-1 accuracy, per-type F1
    score_events(gold_rows, pred_rows) -> dict      the same on records in memory
    score_labels(gold_rows, pred_rows, key) -> dict accuracy and macro-F1 of one label (sentiment, quad)
    part_of(record_id) -> "tune" | "validation"     the split of the dev sets (SHA-256 of the id before "#")

Standard library only. A gold event with ``modality: negated`` is not predicted: negated predictions are
not counted; sentences whose gold events all lack a PLOVER type are skipped.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Iterable


def part_of(record_id) -> str:
    """'tune' (about 60% of the ids) or 'validation' (about 40%), fixed by the id (the part before any '#')."""
    base = str(record_id).split("#", 1)[0]
    return "tune" if int(hashlib.sha256(base.encode("utf-8")).hexdigest()[:8], 16) % 10 < 6 else "validation"


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (rounded to 4 places) with the counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _by_id(rows: Iterable[dict]) -> dict:
    return {str(r["id"]): r for r in rows}


def _codes(actors) -> set:
    return {a.get("code") for a in (actors or []) if isinstance(a, dict) and a.get("code")}


def event_matches(p: dict, g: dict) -> bool:
    """A predicted event finds a gold one: same type, a shared source code and a shared target code (a side the
    gold leaves empty matches anything)."""
    if p.get("event") != g.get("event"):
        return False
    gs, gt, ps, pt = _codes(g.get("source")), _codes(g.get("target")), _codes(p.get("source")), _codes(p.get("target"))
    return (not gs or bool(ps & gs)) and (not gt or bool(pt & gt))


def _counted(p: dict) -> bool:
    return bool(p.get("event")) and p.get("modality", "asserted") != "negated"


def score_events(gold: list[dict], pred_rows: Iterable[dict]) -> dict:
    """event_type and dyad P/R/F1, top-1 accuracy and per-type F1 of predictions against gold records."""
    pred = _by_id(pred_rows)
    t: dict = defaultdict(int)
    per_type: dict = defaultdict(lambda: [0, 0, 0])
    for g in gold:
        gev = [e for e in g.get("events", []) if e.get("event")]
        if g.get("events") and not gev:
            continue  # only events with no PLOVER type (CAMEO statements, appeals): not scorable
        row = pred.get(str(g["id"]))
        t["missing"] += row is None
        pev = [e for e in (row or {}).get("events", []) if _counted(e)]
        gtypes, ptypes = {e["event"] for e in gev}, {e["event"] for e in pev}
        t["ttp"] += len(gtypes & ptypes)
        t["tfp"] += len(ptypes - gtypes)
        t["tfn"] += len(gtypes - ptypes)
        for ty in gtypes | ptypes:
            per_type[ty][0] += ty in gtypes and ty in ptypes
            per_type[ty][1] += ty in ptypes and ty not in gtypes
            per_type[ty][2] += ty in gtypes and ty not in ptypes
        t["dfn"] += sum(1 for ge in gev if not any(event_matches(pe, ge) for pe in pev))
        hits = sum(1 for pe in pev if any(event_matches(pe, ge) for ge in gev))
        t["dtp"] += hits
        t["dfp"] += len(pev) - hits
        if gev:
            t["n1"] += 1
            t["hit1"] += bool(pev) and pev[0]["event"] in gtypes
    return {
        "sentences": len(gold),
        "missing_predictions": t["missing"],
        "event_type": prf(t["ttp"], t["tfp"], t["tfn"]),
        "dyad": prf(t["dtp"], t["dfp"], t["dfn"]),
        "top1_accuracy": round(t["hit1"] / t["n1"], 4) if t["n1"] else 0.0,
        "per_type_f1": {k: prf(*v)["f1"] for k, v in sorted(per_type.items())},
    }


def evaluate_events(gold_path: str, pred_rows: Iterable[dict]) -> dict:
    """:func:`score_events` against a gold JSONL file."""
    with open(gold_path, encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    return score_events(gold, pred_rows)


def score_labels(gold: list[dict], pred_rows: Iterable[dict], key: str) -> dict:
    """Accuracy and macro-F1 (over the labels the gold uses) of the label ``key`` (``polarity``, ``quad``)."""
    pred = _by_id(pred_rows)
    pairs = [(g[key], (pred.get(str(g["id"])) or {}).get(key)) for g in gold]
    labels = sorted({g for g, _ in pairs}, key=str)
    f1s = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in pairs)
        fp = sum(g != lab and p == lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        f1s[str(lab)] = prf(tp, fp, fn)["f1"]
    return {
        "n": len(pairs),
        "missing_predictions": sum(p is None for _, p in pairs),
        "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(f1s.values()) / len(f1s), 4) if f1s else 0.0,
        "per_label_f1": f1s,
    }
