"""Evaluation-format predictions and scoring for the event coder (``detente predict events|quad``)."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable, Iterator


# The event format's transnational codes (shared/eval/README.md: "ISO-3166 alpha-3, or IGO / NGO / IMG; the
# organisation's identity is not coded"): the United Nations and the European Union, which PLOVER v0.8 and our
# store code UNO and EUR, are written as IGO there. The actors format keeps UNO and EUR (NGEC's codes).
EVENT_FORMAT_CODES = {"UNO": "IGO", "EUR": "IGO"}


def actor_json(a) -> dict:
    return {"code": EVENT_FORMAT_CODES.get(a.code, a.code), "sector": a.sector,
            "text": a.span.text if a.span else a.name}


def event_json(e) -> dict:
    return {
        "event": e.event, "mode": e.mode, "cameo": e.cameo,
        "source": [actor_json(a) for a in e.source], "target": [actor_json(a) for a in e.target],
        "modality": e.modality, "date": e.date, "score": e.score,
    }


def strongest_first(events) -> list:
    """The evaluation order: by sentence, then the coder's confidence, then intensity."""
    return sorted(events, key=lambda e: (e.evidence.sentence_index, -e.confidence, -abs(e.score)))


def classify_quad(text: str) -> str:
    """CAMEO quad class of one sentence: STATEMENT, VERBAL_COOP, MATERIAL_COOP, VERBAL_CONFLICT or MATERIAL_CONFLICT."""
    from .quad import classify

    return classify(text)


def predict_quad(records: Iterable[dict]) -> Iterator[dict]:
    from .quad import classify_many

    records = list(records)
    for rec, quad in zip(records, classify_many([r.get("text") or "" for r in records])):
        yield {"id": rec["id"], "quad": quad}


# ------------------------------------------------------------------ scoring (same metrics as shared/eval/score.py)
def _codes(actors):
    return {a.get("code") for a in (actors or []) if isinstance(a, dict) and a.get("code")}


def _matches(p, g) -> bool:
    if p.get("event") != g.get("event"):
        return False
    gs, gt, ps, pt = _codes(g.get("source")), _codes(g.get("target")), _codes(p.get("source")), _codes(p.get("target"))
    return (not gs or bool(ps & gs)) and (not gt or bool(pt & gt))


def _prf(tp, fp, fn) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate_events(gold_path: str, pred_rows: Iterable[dict]) -> dict:
    """event_type and dyad P/R/F1, top-1 accuracy and per-type F1 of predictions against a gold JSONL file."""
    with open(gold_path, encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    pred = {str(r["id"]): r for r in pred_rows}
    t = defaultdict(int)
    per_type = defaultdict(lambda: [0, 0, 0])
    for g in gold:
        gev = [e for e in g.get("events", []) if e.get("event")]
        if g.get("events") and not gev:
            continue
        row = pred.get(str(g["id"]))
        t["missing"] += row is None
        pev = [e for e in (row or {}).get("events", []) if e.get("event") and e.get("modality", "asserted") != "negated"]
        gtypes, ptypes = {e["event"] for e in gev}, {e["event"] for e in pev}
        t["ttp"] += len(gtypes & ptypes)
        t["tfp"] += len(ptypes - gtypes)
        t["tfn"] += len(gtypes - ptypes)
        for ty in gtypes | ptypes:
            per_type[ty][0] += ty in gtypes and ty in ptypes
            per_type[ty][1] += ty in ptypes and ty not in gtypes
            per_type[ty][2] += ty in gtypes and ty not in ptypes
        t["dfn"] += sum(1 for ge in gev if not any(_matches(pe, ge) for pe in pev))
        hits = sum(1 for pe in pev if any(_matches(pe, ge) for ge in gev))
        t["dtp"] += hits
        t["dfp"] += len(pev) - hits
        if gev:
            t["n1"] += 1
            t["hit1"] += bool(pev) and pev[0]["event"] in gtypes
    return {
        "sentences": len(gold),
        "missing_predictions": t["missing"],
        "event_type": _prf(t["ttp"], t["tfp"], t["tfn"]),
        "dyad": _prf(t["dtp"], t["dfp"], t["dfn"]),
        "top1_accuracy": round(t["hit1"] / t["n1"], 4) if t["n1"] else 0.0,
        "per_type_f1": {k: _prf(*v)["f1"] for k, v in sorted(per_type.items())},
    }
