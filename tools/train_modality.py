"""Train the modality gate (detente/events/modality_model.py): is an event the coder reads as asserted really
reported as having happened, or is it background, a plan, a condition, a hedge, one side's claim, a denial?

    python tools/train_modality.py [--folds 5] [--no-cv | --cv-only] [--parse-cache FILE] [--out PREFIX] [--threshold T]

Training data: the events of corpus/en/*.jsonl (their trigger and annotated modality), and the hand-judged
events of the tune Guardian/Reuters articles (eval/judgements/tune-*.jsonl with gold_event and gold_modality; the
sentences re-read from the shared dev articles with the article's date, never stored; a judged word with no event
teaches nothing here). Features are hashed (no text kept); the learner is scikit-learn's SGDClassifier (logistic
loss, L2, seeded), so the same inputs give the same model. The figures stored with the model are cross-validated
by article (a judged article's sentences share a fold), never the fit on the training data.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
from collections import Counter

from dev_paths import SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)
os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from train_coder import (JUDGED, JUDGED_MODALITY, _find, _overlaps, _tok_range, cached_analyses,  # noqa: E402
                         corpus_files, corpus_hash, fold_of, part_of, read_jsonl, read_jsonl_rows)
from coder_eval import judged_sentences  # noqa: E402

from detente.events import features as F  # noqa: E402
from detente.events import modality_model as M  # noqa: E402
from detente.model import MODALITIES  # noqa: E402

ALPHA = 3e-4
EPOCHS = 30
JUDGED_WEIGHT = 3.0


# ---------------------------------------------------------------------- data
def judged_records(paths, skipped) -> list:
    """One record per judged sentence (with its article's date), the judged events that have a gold event."""
    rows = [r for p in paths for r in read_jsonl_rows(p)]
    arts, sentences = judged_sentences(rows, SHARED / "eval" / "dev", part_of, skipped)
    out = []
    for (rid, a, b), js in sentences:
        text = arts[rid].get("text") or ""
        evs = []
        for j in js:
            m = JUDGED_MODALITY.get(j.get("gold_modality") or "asserted", j.get("gold_modality") or "asserted")
            if m not in MODALITIES:
                raise SystemExit(f"{rid}@{a}: unknown gold_modality {m!r}")
            evs.append({"trigger": j.get("trigger"), "modality": m, "event": j.get("gold_event"),
                        "coded": j.get("event"), "happened": bool(j.get("happened")),
                        "judged_coder": j.get("coder")})
        out.append({"id": f"judged:{rid}@{a}", "text": text[a:b], "date": arts[rid].get("date"), "events": evs,
                    "_before": text[max(0, a - M.CONTEXT):a], "_offset": a,
                    "_group": f"judged:{rid}", "_kind": "judged"})
    return out


def corpus_records(skipped) -> list:
    out = []
    for p in corpus_files():
        for r in read_jsonl(p, skipped):
            evs = [{"trigger": e.get("trigger"), "trigger_at": e.get("trigger_at", 0),
                    "modality": e.get("modality") or "asserted", "event": e.get("event")}
                   for e in r.get("events") or [] if e.get("event") and e.get("trigger")]
            if evs:
                out.append({"id": f"corpus:{r['id']}", "text": r["text"], "date": r.get("date"), "events": evs,
                            "_group": f"corpus:{r['id']}", "_kind": "corpus"})
    return out


def samples(records, analyses, stats) -> list:
    """(record, group, kind, features, label, judged event or None) of every event whose trigger aligns."""
    from detente.events.coder import sentences

    out = []
    for rec, an in zip(records, analyses):
        if an is None:
            stats["unparsed"] += 1
            continue
        doc, actors, date = an
        views = list(sentences(doc, actors, date))
        for e in rec["events"]:
            rng = _find(rec["text"], e["trigger"], e.get("trigger_at", 0))
            if rng is None:
                stats["no_trigger"] += 1
                continue
            hit = None
            for view in views:
                toks = [t for t in view.sent if _overlaps(_tok_range(t), rng)]
                if toks:
                    hit = (view, F.mention_head(toks))
                    break
            if hit is None:
                stats["unaligned"] += 1
                continue
            view, tok = hit
            rule = next((c for c in view.raw if c.tok.i == tok.i), None)
            rmod = rule.modality if rule is not None else M.rule_modality(tok, view.sent, view.year)
            feats = M.features(tok, view.sent, rmod, view.year, rec.get("_before", ""),
                               rec.get("_offset", 0) + view.sent.start_char, news=rec["_kind"] == "judged",
                               date=date, event=e.get("coded", e.get("event")))  # the type the coder gave
            out.append((rec["id"], rec["_group"], rec["_kind"], feats, e["modality"], e))
            stats["aligned"] += 1
    return out


# ---------------------------------------------------------------------- learning
def fit(rows, alpha=ALPHA, judged_weight=JUDGED_WEIGHT):
    """A Linear model from (features, label, weight) rows."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import SGDClassifier

    from detente.events.learned import Linear

    hashed = [F.hashed(f) for f, _, _ in rows]
    buckets = np.unique(np.concatenate(hashed))
    cols = [np.searchsorted(buckets, r) for r in hashed]
    indptr = np.cumsum([0] + [len(c) for c in cols])
    X = csr_matrix((np.ones(indptr[-1], dtype=np.float32), np.concatenate(cols), indptr),
                   shape=(len(rows), len(buckets)))
    y = [lab for _, lab, _ in rows]
    w = np.array([judged_weight if j else 1.0 for _, _, j in rows])
    clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=EPOCHS, tol=None, random_state=0, n_jobs=1)
    clf.fit(X, y, sample_weight=w)
    W = clf.coef_.T.astype(np.float32)
    keep = np.abs(W).max(axis=1) > 1e-4
    return Linear(buckets[keep], W[keep], clf.intercept_.astype(np.float32), list(clf.classes_))


def learnt(s) -> bool:
    """A sample the model learns from: a corpus event, or a judged word that has an event."""
    return s[2] != "judged" or s[5].get("event") is not None


def rows_of(ss):
    return [(s[3], s[4], s[2] == "judged") for s in ss if learnt(s)]


def cross_validate(ss, folds, alpha, judged_weight):
    """Out-of-fold probabilities (one dict per sample), folds by article."""
    out = [None] * len(ss)
    for k in range(folds):
        train = [s for s in ss if fold_of(s[1], folds) != k]
        model = fit(rows_of(train), alpha, judged_weight)
        gate = M.Gate(model, 0.5)
        for i, s in enumerate(ss):
            if fold_of(s[1], folds) == k:
                out[i] = dict(zip(model.classes, gate.probs(s[3])))
    return out


def judged_figures(ss, probs, threshold) -> dict:
    """Judged tune events (all coded asserted): how many the gate moves, and "happened" before and after."""
    n = moved = moved_ok = moved_noev = right_before = right_after = kept = kept_happened = 0
    happened_all = 0
    for s, p in zip(ss, probs):
        if s[2] != "judged":
            continue
        e = s[5]
        asserted = p[M.ASSERTED] >= threshold
        happened_all += e["happened"]
        if asserted:
            kept += 1
            kept_happened += e["happened"]
        if e.get("event") is None:
            moved_noev += not asserted
            continue
        n += 1
        gold_asserted = s[4] == M.ASSERTED
        right_before += gold_asserted
        right_after += asserted == gold_asserted
        moved += not asserted
        moved_ok += (not asserted) and not gold_asserted
    total = sum(1 for s in ss if s[2] == "judged")
    return {"judged_events": n, "judged_rows": total, "threshold": threshold,
            "asserted_accuracy_before": round(right_before / max(n, 1), 4),
            "asserted_accuracy_after": round(right_after / max(n, 1), 4),
            "moved": moved, "moved_rightly": moved_ok, "moved_no_event": moved_noev,
            "happened_share_before": round(happened_all / max(total, 1), 4),
            "happened_share_kept_after": round(kept_happened / max(kept, 1), 4), "kept_after": kept}


def corpus_figures(ss, probs, threshold) -> dict:
    n = rule_right = right = rule_bin = gate_bin = 0
    for s, p in zip(ss, probs):
        if s[2] != "corpus":
            continue
        n += 1
        rm = next(x for x in s[3] if x.startswith("rm="))[3:]
        best = max(p, key=p.get)
        rule_right += rm == s[4]
        right += best == s[4]
        rule_bin += (rm == M.ASSERTED) == (s[4] == M.ASSERTED)
        gate_bin += (p[M.ASSERTED] >= threshold) == (s[4] == M.ASSERTED)
    return {"corpus_events": n, "rule_accuracy": round(rule_right / max(n, 1), 4),
            "model_accuracy": round(right / max(n, 1), 4),
            "rule_asserted_accuracy": round(rule_bin / max(n, 1), 4),
            "gate_asserted_accuracy": round(gate_bin / max(n, 1), 4)}


GRID = tuple(round(0.05 + 0.025 * k, 3) for k in range(38))  # thresholds tried: 0.05 .. 0.975
# The gate keeps an event asserted when its out-of-fold probability of "asserted" reaches the threshold; the
# threshold is the lowest on GRID whose precision of asserted on the judged tune events (gold modality asserted
# among those kept) reaches PRECISION. Nested judged tune CV (2,656 judged rows, 1,978 with an event; 2.0.0):
# no gate 0.816; target 0.85 -> precision 0.850 recall 0.965; 0.86 -> 0.858/0.946; 0.87 -> 0.873/0.916;
# 0.88 -> 0.879/0.875 (recall: of the truly asserted events, those kept asserted). 2.1.0 (time, aspect and the
# coded type; 2,647 judged events): 0.87 -> 0.871/0.979; 0.88 -> 0.880/0.961; 0.89 -> 0.888/0.946; 0.90 ->
# 0.899/0.919 (2.0.0's features on the same rows: 0.869/0.969, 0.882/0.950, 0.892/0.922, 0.902/0.903).
PRECISION = 0.88


def asserted_counts(ss, probs, threshold) -> tuple:
    """(kept asserted and truly asserted, kept asserted, truly asserted, n) on the judged events that have a gold
    event."""
    kept = right = truly = n = 0
    for s, p in zip(ss, probs):
        if s[2] != "judged" or s[5].get("event") is None:
            continue
        n += 1
        gold = s[4] == M.ASSERTED
        truly += gold
        if p[M.ASSERTED] >= threshold:
            kept += 1
            right += gold
    return right, kept, truly, n


def precision_recall(ss, probs, threshold) -> tuple:
    """(precision, recall) of "asserted" on the judged events that have a gold event."""
    right, kept, truly, _ = asserted_counts(ss, probs, threshold)
    return right / max(kept, 1), right / max(truly, 1)


def choose_threshold(ss, probs, precision=PRECISION) -> float:
    """The lowest threshold whose judged precision of asserted reaches ``precision`` (none: the most precise)."""
    figs = [(t, precision_recall(ss, probs, t)[0]) for t in GRID]
    ok = [t for t, p in figs if p >= precision]
    return ok[0] if ok else max(figs, key=lambda x: (x[1], -x[0]))[0]


def nested_figures(ss, probs, folds, precision=PRECISION) -> dict:
    """The judged figures with each fold's threshold chosen on the other folds' out-of-fold probabilities (the
    threshold choice itself not fitted to the events it is scored on): accuracy of asserted-or-not, precision and
    recall of asserted."""
    right = n = moved = kept = kept_right = truly = 0
    thresholds = fold_thresholds(ss, probs, folds, precision)
    for k, t in thresholds.items():
        inside = [i for i, s in enumerate(ss) if fold_of(s[1], folds) == k]
        f = judged_figures([ss[i] for i in inside], [probs[i] for i in inside], t)
        right += round(f["asserted_accuracy_after"] * f["judged_events"])
        n += f["judged_events"]
        moved += f["moved"] + f["moved_no_event"]
        c = asserted_counts([ss[i] for i in inside], [probs[i] for i in inside], t)
        kept_right, kept, truly = kept_right + c[0], kept + c[1], truly + c[2]
    return {"asserted_accuracy_after": round(right / max(n, 1), 4), "judged_events": n, "moved": moved,
            "precision_target": precision, "asserted_precision": round(kept_right / max(kept, 1), 4),
            "asserted_recall": round(kept_right / max(truly, 1), 4),
            "by_coder": nested_by_coder(ss, probs, folds, thresholds)}


def fold_thresholds(ss, probs, folds, precision=PRECISION) -> dict:
    """Each fold's threshold, chosen on the other folds' out-of-fold probabilities."""
    out = {}
    for k in range(folds):
        outside = [i for i, s in enumerate(ss) if fold_of(s[1], folds) != k]
        out[k] = choose_threshold([ss[i] for i in outside], [probs[i] for i in outside], precision)
    return out


def nested_by_coder(ss, probs, folds, thresholds) -> dict:
    """The nested figures of each judged population (the coder whose asserted events were drawn and judged), and
    the measure the hand-judged precision files take (``happened`` of every judged row kept asserted, words with no
    event at all counted as not happened) beside the gate's own (rows with a gold event only), at ``thresholds``
    (:func:`fold_thresholds`)."""
    acc: dict = {}
    for s, p in zip(ss, probs):
        if s[2] != "judged":
            continue
        e = s[5]
        c = acc.setdefault(e.get("judged_coder") or "?", Counter())
        kept = p[M.ASSERTED] >= thresholds[fold_of(s[1], folds)]
        c["rows"] += 1
        c["no_event"] += e.get("event") is None
        c["happened"] += e["happened"]
        c["kept"] += kept
        c["kept_happened"] += kept and e["happened"]
        if e.get("event") is not None:
            gold = s[4] == M.ASSERTED
            c["events"] += 1
            c["truly"] += gold
            c["kept_events"] += kept
            c["kept_right"] += kept and gold
    return {name: {"rows": c["rows"], "no_event_rows": c["no_event"],
                   "asserted_precision_no_gate": round(c["truly"] / max(c["events"], 1), 4),
                   "asserted_precision": round(c["kept_right"] / max(c["kept_events"], 1), 4),
                   "asserted_recall": round(c["kept_right"] / max(c["truly"], 1), 4),
                   "happened_share_no_gate": round(c["happened"] / max(c["rows"], 1), 4),
                   "happened_share_kept": round(c["kept_happened"] / max(c["kept"], 1), 4)}
            for name, c in sorted(acc.items())}


def save(model, meta, out):
    out = pathlib.Path(out)
    np.savez_compressed(out.with_suffix(".npz"), buckets=model.buckets, weights=model.weights.astype(np.float32),
                        bias=model.bias)
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true", help="train on everything with --threshold, no figures")
    ap.add_argument("--cv-only", action="store_true", help="print the cross-validated figures (JSON), write no model")
    ap.add_argument("--threshold", type=float, default=None, help="fixed threshold instead of the CV choice")
    ap.add_argument("--precision", type=float, default=PRECISION,
                    help="judged precision of asserted the threshold is chosen for (default %(default)s)")
    ap.add_argument("--alpha", type=float, default=ALPHA)
    ap.add_argument("--judged-weight", type=float, default=JUDGED_WEIGHT)
    ap.add_argument("--parse-cache", default=None, help="pickle of the parses (several runs parse once)")
    ap.add_argument("--out", default=str(M.MODEL))
    a = ap.parse_args(argv)
    skipped = []
    records = corpus_records(skipped) + judged_records(JUDGED, skipped)
    analyses = cached_analyses(records, a.parse_cache)
    stats = Counter()
    ss = samples(records, analyses, stats)
    labels = Counter(s[4] for s in ss if learnt(s))
    print(f"{len(records)} records, {len(ss)} events ({dict(stats)}), labels {dict(labels)}; skipped "
          f"{len(skipped)}", file=sys.stderr)
    meta = {"version": M.VERSION, "alpha": a.alpha, "precision_target": a.precision, "judged_weight": a.judged_weight, "epochs": EPOCHS,
            "corpus_sha256": corpus_hash(corpus_files()), "judged_files": [p.name for p in JUDGED],
            "labels": dict(sorted(labels.items())), "folds": a.folds}
    threshold = a.threshold
    if not a.no_cv:
        probs = cross_validate(ss, a.folds, a.alpha, a.judged_weight)
        if threshold is None:
            threshold = choose_threshold(ss, probs, a.precision)
        meta["cv_judged"] = judged_figures(ss, probs, threshold)
        p, r = precision_recall(ss, probs, threshold)
        meta["cv_judged"].update({"asserted_precision": round(p, 4), "asserted_recall": round(r, 4),
                                  "asserted_precision_no_gate": round(precision_recall(ss, probs, 0.0)[0], 4)})
        meta["cv_judged_nested"] = nested_figures(ss, probs, a.folds, a.precision)
        meta["cv_corpus"] = corpus_figures(ss, probs, threshold)
        print(json.dumps({k: meta[k] for k in ("cv_judged", "cv_judged_nested", "cv_corpus")}, indent=1),
              file=sys.stderr)
    if a.cv_only:
        print(json.dumps({k: meta[k] for k in ("cv_judged", "cv_judged_nested", "cv_corpus")}, sort_keys=True))
        return 0
    meta["threshold"] = 0.5 if threshold is None else threshold
    model = fit(rows_of(ss), a.alpha, a.judged_weight)
    meta["classes"] = model.classes
    save(model, meta, a.out)
    print(f"wrote {a.out}.npz/.json ({len(model.buckets)} buckets)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
