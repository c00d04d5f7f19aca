"""Train the event confidence model (detente/events/confidence.py): whether an asserted event of the trained coder
is fully right (type, source, target, and it happened), and the least confidence of an event emitted as asserted.

    python tools/train_confidence.py [--rows build/confidence_rows.json] [--cv-only] [--chain]
        [--min-recall 0.95] [--tolerance F] [--min-kept 0.25] [--max-threshold T]
        [-o detente/events/data/confidence_model.json]

The rows come from tools/train_coder.py's cross-validation (tools/confidence_rows.py): every judged tune
Guardian/Reuters article (eval/judgements/tune-*.jsonl) read whole by the coder of the fold that never saw it,
each asserted event with its feature row (numbers only), labelled where a judged word is (the judge's four fields,
or the annotator's own reading for an event that differs from the judged one; a word read in a sense that is no
event is a negative on all four), and the held-out PLOVER tune records decoded by the same fold coders.

Model: one logistic regression per judged field (type_ok, source_ok, target_ok, happened; standardised features,
L2 strength C by cross-validated log-loss), the confidence being their product (``VARIANTS`` may also try one
regression of "fully right" alone, or the hashed trigger-lemma indicators); the held-out corpus events join the
training rows with the weight (``VARIANTS``) of the best cross-validated AUC of "fully right" on the judged rows.
Cross-validation: 5 folds grouped by article (sha256('conf:' + record)[:8] % 5); corpus rows are trained on in
every fold and never scored.

Threshold (events coded asserted under it are not emitted unless the caller asks for all, --min-confidence 0):
for each candidate t the out-of-fold precision of the judged events kept, the share of the judged events whose
type is right and that happened (type_ok and happened: the events a gold standard such as PLOVER's counts) kept
(``type_recall``), the share of all asserted events of the judged articles kept (out of fold), and the PLOVER tune
cross-validated event_type and dyad F1 with the asserted events under t left out (the final model; PLOVER is not
among its training rows). The chosen t is the one with the highest judged CV precision among those that keep at
least ``--min-recall`` of the judged type-right events and at least ``--min-kept`` of the asserted events (ties:
the lower t). The recall floor rests on thousands of judged events in a thousand articles (one event moves it by
about 0.0005; its article-bootstrap spread is written with the choice); the PLOVER tune F1, from 122 records and
about 120 coded events (one event moves it by 0.005 to 0.01), is reported for each t but is a guard only when
``--tolerance`` is given (both F1 within it of their value with no threshold): as the sole rule it let a chance
recovery of one or two PLOVER events choose a threshold that dropped half the asserted events.
``--max-threshold`` caps it (a floor measured elsewhere, e.g. the seeds, that a higher one would break).
The model file holds the feature names, weights, threshold and the cross-validated figures; no text.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
KEYS = ("type_ok", "source_ok", "target_ok", "happened")
OUT = ROOT / "detente" / "events" / "data" / "confidence_model.json"
ROWS = ROOT / "build" / "confidence_rows.json"
# (trigger lemma buckets, combine, weight of a corpus row against a judged one), chosen by judged CV AUC. On the
# 770 judged rows of a first run: product 0.762 (AP 0.355), +lemmas 0.766, full 0.760, product+corpus*0.2 0.790,
# +lemmas 0.792, product+corpus*1.0 0.797 (AP 0.459); on the 808 of the shipped model: product+corpus*1.0 0.802,
# +lemmas 0.796, product+corpus*0.3 0.801. The weaker variants are no longer tried (make train's time).
# The chain (fifteenth session, 2,907 judged rows of coder 1.9.0): product+corpus*1.0 0.789, +corpus*0.3 0.799 (AP
# 0.565); chain+corpus*1.0 0.805, +corpus*0.3 0.810 (AP 0.577), but not tried by default: on the judged validation
# events its ranking is no better than the product's, and the higher threshold it is given cost PLOVER validation
# event_type F1 (events/data/README.md, "the chain").
VARIANTS = ((False, "product", 1.0), (False, "product", 0.3))
LEARNERS = {"product": "one per judged field, confidence = product of the four probabilities",
            "full": "one of 'fully right'",
            "chain": "one of whether the word is an event at all (every row), one per judged field learnt from the "
                     "rows that are events; confidence = the product of the five probabilities"}
CS = (0.001, 0.003, 0.01, 0.03, 0.1)
# steps of 0.001 under 0.005 (learned@1.4.0: 0.005 already cost PLOVER tune CV 0.014 event_type F1, so the coarse
# grid chose no threshold at all and kept events the model gives under one in a thousand)
# The least share of the judged tune events of the right type that happened that the threshold keeps. Chosen on
# tune (3,114 judged rows of coder 1.10.0 with the sixteenth session's file): losing 5% of them (t 0.003-0.004)
# cost the PLOVER tune CV records 2 of their ~110 event_type true positives (F1 -0.0095, the old tolerance);
# losing 10% (t 0.01) cost 4, losing 22% (t 0.03: 54% of the asserted events kept) 5, and from there on PLOVER
# tune loses a true positive for every 2-3% of judged type-right events dropped.
MIN_RECALL = 0.95
GRID = [0.0, 0.001, 0.002, 0.003, 0.004] + [round(0.005 * i, 3) for i in range(1, 121)]


def fold_of(record: str, k: int = 5) -> int:
    return int(hashlib.sha256(f"conf:{record}".encode()).hexdigest()[:8], 16) % k


def load(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    arts = [r for r in data["rows"] if r["kind"] == "article"]
    return {"meta": {k: v for k, v in data.items() if k != "rows"},
            "labelled": [r for r in arts if r["labels"] is not None], "article": arts,
            "corpus": [r for r in data["rows"] if r["kind"] == "corpus"],
            "plover": [r for r in data["rows"] if r["kind"] == "plover"]}


def _matrix(rows, names):
    import numpy as np

    return np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=float)


def _standard(X):
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1.0
    return mean, scale


def _fit(X, y, c, w=None):
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return None
    return LogisticRegression(C=c, max_iter=5000).fit(X, y, sample_weight=w)


def _predict(m, X, y_train):
    import numpy as np

    if m is None:
        return np.full(len(X), float(np.mean(y_train)))
    return m.predict_proba(X)[:, 1]


def oof(X, y, folds, c, X_all=None, folds_all=None, w=None, fit_on=None):
    """Out-of-fold probabilities of the labelled rows (fold -1: corpus rows, always trained on, never tested;
    and, when given, of every article row by its fold); ``fit_on``: the rows a part learns from (None: all)."""
    import numpy as np

    p = np.zeros(len(y))
    p_all = None if X_all is None else np.zeros(len(X_all))
    w = np.ones(len(y)) if w is None else w
    fit_on = np.ones(len(y), dtype=bool) if fit_on is None else fit_on
    for f in range(5):
        tr, te = (folds != f) & fit_on, folds == f
        if not tr.any():
            continue
        mean, scale = _standard(X[tr])
        m = _fit((X[tr] - mean) / scale, y[tr], c, w[tr])
        if te.any():
            p[te] = _predict(m, (X[te] - mean) / scale, y[tr])
        if X_all is not None:
            ta = folds_all == f
            if ta.any():
                p_all[ta] = _predict(m, (X_all[ta] - mean) / scale, y[tr])
    return p, p_all


def fit_parts(X, Y, folds, X_all, folds_all, combine: str, w, event=None):
    """The parts of one variant: per field (``product``), one of fully right (``full``), or ``chain``: whether
    the word is an event at all (``event``: 1 = an event, learnt from every row), then each field learnt from the
    rows that are events only (its probability given an event); their out-of-fold products on the judged rows
    (folds >= 0) and on all article rows, and each part's final fit."""
    import numpy as np
    from sklearn.metrics import log_loss, roc_auc_score

    every = np.ones(len(X), dtype=bool)
    if combine == "full":
        targets = {"fully_right": (Y.min(axis=1), every)}
    elif combine == "chain":
        targets = {"event": (event.astype(float), every)}
        targets.update({k: (Y[:, i], event == 1) for i, k in enumerate(KEYS)})
    else:
        targets = {k: (Y[:, i], every) for i, k in enumerate(KEYS)}
    judged = folds >= 0
    p_lab, p_all, parts = np.ones(int(judged.sum())), np.ones(len(X_all)), {}
    mean, scale = _standard(X)
    for key, (y, on) in targets.items():
        losses = {c: log_loss(y[judged & on], np.clip(oof(X, y, folds, c, w=w, fit_on=on)[0][judged & on],
                                                      1e-6, 1 - 1e-6), labels=[0, 1]) for c in CS}
        c = min(CS, key=lambda k: (round(losses[k], 4), k))
        pl, pa = oof(X, y, folds, c, X_all, folds_all, w, fit_on=on)
        pl = pl[judged]
        p_lab, p_all = p_lab * pl, p_all * pa
        m = _fit((X[on] - mean) / scale, y[on], c, w[on])
        coef = m.coef_[0] if m is not None else np.zeros(X.shape[1])
        b = m.intercept_[0] if m is not None else float(np.log(max(y.mean(), 1e-6) / max(1 - y.mean(), 1e-6)))
        parts[key] = {"C": c, "weights": [round(float(v), 6) for v in coef], "bias": round(float(b), 6),
                      "rate": round(float(y.mean()), 4), "cv_log_loss": round(losses[c], 4),
                      "cv_auc": round(float(roc_auc_score(y[judged], pl)), 4) if 0 < y[judged].sum() < judged.sum()
                      else None}
    return p_lab, p_all, parts, (mean, scale)


def _prob(parts, mean, scale, X):
    import numpy as np

    Xn = (X - mean) / scale
    p = np.ones(len(X))
    for v in parts.values():
        z = np.clip(Xn @ np.array(v["weights"]) + v["bias"], -30, 30)
        p *= 1.0 / (1.0 + np.exp(-z))
    return p


def plover_probabilities(plover, names, parts, mean, scale) -> list:
    """Each PLOVER tune record's gold events and its events, each with the model's confidence."""
    out = []
    for r in plover:
        evs = r["events"]
        p = _prob(parts, mean, scale, _matrix([e["features"] for e in evs], names)) if evs else []
        out.append((r["gold"], list(zip(evs, p))))
    return out


def plover_f1(scored, t: float) -> tuple:
    """PLOVER tune CV event_type and dyad F1 with the asserted events under ``t`` left out."""
    from coder_eval import score

    s = score([(gold, [e for e, q in evs if e["modality"] != "asserted" or q >= t]) for gold, evs in scored])
    return s["event_type"]["f1"], s["dyad"]["f1"]


def curve(p_lab, y_full, y_type, p_all, plover, names, parts, mean, scale) -> list[dict]:
    """Per candidate threshold: judged CV precision (fully right), ``type_recall`` (the share of the judged
    events of the right type that happened kept), the share of asserted events kept, PLOVER tune CV F1."""
    out = []
    scored = plover_probabilities(plover, names, parts, mean, scale)
    for t in GRID:
        keep = p_lab >= t
        n = int(keep.sum())
        et, dy = plover_f1(scored, t) if plover else (None, None)
        out.append({"threshold": t, "judged_kept": n, "judged_coverage": round(n / len(y_full), 4),
                    "precision": round(float(y_full[keep].mean()), 4) if n else None,
                    "type_recall": round(float(y_type[keep].sum() / max(y_type.sum(), 1)), 4),
                    "asserted_kept": round(float((p_all >= t).mean()), 4), "plover_event_type_f1": et,
                    "plover_dyad_f1": dy})
    return out


def spread(p_lab, y_full, y_type, records, t: float, n: int = 500) -> dict:
    """Article-bootstrap standard deviations (``n`` draws of the judged articles, seed 0) of the judged precision
    and ``type_recall`` at ``t``: how far the judged sample itself leaves them uncertain."""
    import numpy as np

    arts = sorted(set(records))
    index = {a: i for i, a in enumerate(arts)}
    of = np.array([index[r] for r in records])
    keep = (p_lab >= t).astype(float)
    per = np.zeros((len(arts), 4))  # kept, kept and fully right, type right, type right and kept
    np.add.at(per, of, np.stack([keep, keep * y_full, y_type, y_type * keep], axis=1))
    draws = per[np.random.default_rng(0).integers(0, len(arts), size=(n, len(arts)))].sum(axis=1)
    return {"precision_sd": round(float((draws[:, 1] / np.maximum(draws[:, 0], 1)).std()), 4),
            "type_recall_sd": round(float((draws[:, 3] / np.maximum(draws[:, 2], 1)).std()), 4)}


def choose(cv: list[dict], tolerance: float | None, min_kept: float, max_threshold: float | None,
           min_recall: float = 0.0) -> dict:
    """The threshold of the highest judged CV precision that keeps at least ``min_recall`` of the judged type-right
    events and ``min_kept`` of the asserted events and, when ``tolerance`` is given, costs at most that much of
    PLOVER tune CV F1 (ties: the lower threshold)."""
    base = cv[0]
    ok = [r for r in cv if r["precision"] is not None and r["asserted_kept"] >= min_kept
          and r.get("type_recall", 1.0) >= min_recall
          and (max_threshold is None or r["threshold"] <= max_threshold + 1e-9)
          and (tolerance is None or base["plover_event_type_f1"] is None or (
              r["plover_event_type_f1"] >= base["plover_event_type_f1"] - tolerance
              and r["plover_dyad_f1"] >= base["plover_dyad_f1"] - tolerance))]
    best = max(ok, key=lambda r: (r["precision"], -r["threshold"])) if ok else base
    return dict(best)


def train(data: dict, tolerance: float | None, min_kept: float, max_threshold: float | None,
          min_recall: float = 0.0) -> dict:
    import numpy as np
    from sklearn.metrics import average_precision_score, roc_auc_score

    lab, arts = data["labelled"], data["article"]
    all_names = sorted({n for r in arts for n in r["features"]} | {n for r in data["plover"] for e in r["events"]
                                                                  for n in e["features"]})
    Y = np.array([r["labels"] for r in lab])
    y_full = Y.min(axis=1)
    folds = np.array([fold_of(r["record"]) for r in lab])
    folds_all = np.array([fold_of(r["record"]) for r in arts])
    corpus = data.get("corpus") or []
    Yc = np.array([r["labels"] for r in corpus]).reshape(-1, len(KEYS))
    events = 1 - np.array([r.get("no_event", 0) for r in lab], dtype=int)  # 0: a word with no event at all
    variants = {}
    for lemmas, combine, cw in VARIANTS:
        cw = cw if corpus else 0.0  # no corpus rows: the judged rows alone
        if (lemmas, combine, cw) in variants:
            continue
        names = [n for n in all_names if lemmas or not n.startswith("lemma=")]
        X, X_all = _matrix([r["features"] for r in lab], names), _matrix([r["features"] for r in arts], names)
        Xt, Yt, ft, wt, et = X, Y, folds, np.ones(len(Y)), events
        if cw:
            Xt = np.vstack([X, _matrix([r["features"] for r in corpus], names)])
            Yt, ft = np.vstack([Y, Yc]), np.concatenate([folds, -np.ones(len(corpus), dtype=int)])
            wt = np.concatenate([wt, np.full(len(corpus), cw)])
            et = np.concatenate([events, 1 - np.array([r.get("no_event", 0) for r in corpus], dtype=int)])
        p_lab, p_all, parts, (mean, scale) = fit_parts(Xt, Yt, ft, X_all, folds_all, combine, wt, et)
        variants[(lemmas, combine, cw)] = {
            "names": names, "p_lab": p_lab, "p_all": p_all, "parts": parts, "mean": mean, "scale": scale,
            "auc": round(float(roc_auc_score(y_full, p_lab)), 4),
            "average_precision": round(float(average_precision_score(y_full, p_lab)), 4)}
    key = max(variants, key=lambda k: (variants[k]["auc"], not k[0], k[1] == "product", -k[2]))
    v = variants[key]
    y_type = Y[:, KEYS.index("type_ok")] * Y[:, KEYS.index("happened")]
    cv = curve(v["p_lab"], y_full, y_type, v["p_all"], data["plover"], v["names"], v["parts"], v["mean"], v["scale"])
    chosen = choose(cv, tolerance, min_kept, max_threshold, min_recall)
    chosen.update(spread(v["p_lab"], y_full, y_type, [r["record"] for r in lab], chosen["threshold"]))
    keep = v["p_lab"] >= chosen["threshold"]
    chosen["fields_kept"] = {k: round(float(Y[keep, i].mean()), 4) for i, k in enumerate(KEYS)} if keep.any() else {}
    no_event = np.array([r.get("no_event", 0) for r in lab])
    judged_from = {s: sum(1 for r in lab if r.get("from") == s) for s in ("judge", "gold")}
    return {"name": "detente_event_confidence", "version": "2.0.0", "coder": data["meta"].get("coder"),
            "learner": "sklearn LogisticRegression(lbfgs, L2 strength C by cross-validated log-loss) on "
                       "standardised features; " + LEARNERS[key[1]],
            "label": "type_ok, source_ok, target_ok, happened of asserted events at judged words "
                     "(eval/judgements/PROTOCOL.md), out-of-fold coder (tools/confidence_rows.py)",
            "combine": key[1], "lemma_buckets": key[0], "corpus_weight": key[2],
            "features": v["names"], "mean": [round(float(x), 6) for x in v["mean"]],
            "scale": [round(float(x), 6) for x in v["scale"]], "parts": v["parts"], "threshold": chosen["threshold"],
            "cross_validation": {
                "folds": "5, grouped by article: sha256('conf:' + record)[:8] % 5; each article read by the coder "
                         "of the train_coder fold that never saw it",
                "events": len(Y), "articles": len({r["record"] for r in lab}),
                "asserted_events_of_the_articles": len(arts), "labels_from": judged_from,
                "no_event_words": int(no_event.sum()), "fully_right": round(float(y_full.mean()), 4),
                "auc_fully_right": v["auc"], "average_precision": v["average_precision"],
                "corpus_rows": len(corpus),
                "variants": {f"{'lemmas+' if k[0] else ''}{k[1]}+corpus*{k[2]}": {
                    "auc": x["auc"], "average_precision": x["average_precision"]} for k, x in variants.items()},
                "min_recall": min_recall, "tolerance": tolerance, "min_kept": min_kept,
                "max_threshold": max_threshold,
                "at_threshold": chosen, "curve": cv}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default=str(ROWS), help="out-of-fold rows written by tools/train_coder.py")
    ap.add_argument("--min-recall", type=float, default=MIN_RECALL,
                    help="least share of the judged type-right events kept (default %(default)s)")
    ap.add_argument("--tolerance", type=float, default=None,
                    help="also require PLOVER tune CV F1 within this of no threshold (default: not a guard)")
    ap.add_argument("--min-kept", type=float, default=0.25)
    ap.add_argument("--max-threshold", type=float, default=None)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--chain", action="store_true", help="try the chain variants too (chosen by the same AUC)")
    ap.add_argument("-o", "--out", default=str(OUT))
    a = ap.parse_args(argv)
    path = Path(a.rows)
    if not path.exists():
        raise SystemExit(f"{path}: no rows; run tools/train_coder.py first (its cross-validation writes them)")
    data = load(path)
    if a.chain:
        global VARIANTS
        VARIANTS = VARIANTS + ((False, "chain", 1.0), (False, "chain", 0.3))
    info = train(data, a.tolerance, a.min_kept, a.max_threshold, a.min_recall)
    cv = info["cross_validation"]
    print(json.dumps({k: cv[k] for k in ("events", "articles", "labels_from", "no_event_words", "fully_right",
                                         "auc_fully_right", "average_precision", "variants", "at_threshold")},
                     indent=1), file=sys.stderr)
    for r in cv["curve"]:
        print(f"  t={r['threshold']:.3f} judged kept={r['judged_kept']:4d} precision={r['precision']} "
              f"type recall={r['type_recall']:.3f} "
              f"asserted kept={r['asserted_kept']:.3f} PLOVER tune CV F1={r['plover_event_type_f1']}/"
              f"{r['plover_dyad_f1']}", file=sys.stderr)
    if not a.cv_only:
        Path(a.out).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {a.out}", file=sys.stderr)
    print(json.dumps({"cross_validation": {k: cv[k] for k in ("auc_fully_right", "fully_right")},
                      "threshold": info["threshold"], "precision": cv["at_threshold"]["precision"],
                      "asserted_kept": cv["at_threshold"]["asserted_kept"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
