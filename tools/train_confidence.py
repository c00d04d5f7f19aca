"""Train the event confidence model (detente/events/confidence.py) from hand judgements of asserted events.

    python tools/train_confidence.py [eval/judgements/tune-*.jsonl] [--cv-only]
        [--precision 0.75] [-o detente/events/data/confidence_model.json]

Each judgement (eval/judgements/PROTOCOL.md) locates an asserted event of the trained coder in a dev article of
the TUNE part (record id, sentence offsets, trigger, type, codes) and says whether its type, source and target
are right and whether it happened. The script re-reads those articles with the current coder (the confidence
model switched off, so the events are the ones that were judged), keeps each event's confidence features
(numbers only) and matches them to the judgements. The label is "fully right" (all four true).

A logistic regression (standardised features, L2 strength chosen by cross-validated log-loss) is fitted;
5-fold cross-validation grouped by article (folds by a hash of the record id) gives each event an
out-of-fold probability, and the threshold is the lowest at which the out-of-fold precision of the events kept
is at least ``--precision`` plus ``--margin`` (a cushion for the sampling error of a 100-event check), or 0
when no threshold reaches it (then every event stays, with its confidence). The model file holds the feature names, weights, threshold and the cross-validated figures; no text.
Judgements of the validation part are refused: that part measures.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT.parent / "shared")
DEV = SHARED / "eval" / "dev"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DEV.parent))
KEYS = ("type_ok", "source_ok", "target_ok", "happened")
OUT = ROOT / "detente" / "events" / "data" / "confidence_model.json"
CS = (0.01, 0.03, 0.1, 0.3, 1.0)


def read_judgements(paths) -> list[dict]:
    rows = []
    for p in paths:
        rows += [json.loads(line) for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def articles(ids: set) -> dict:
    from score import part_of

    out = {}
    for name in ("articles.guardian.jsonl", "articles.reuters.jsonl"):
        for line in (DEV / name).open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                if r["id"] in ids:
                    if part_of(r["id"]) != "tune":
                        raise SystemExit(f"{r['id']}: a validation record; only tune judgements train the model")
                    out[r["id"]] = r
    return out


def event_features(recs: dict, cache: Path | None = None) -> dict:
    """record id -> [(sentence_start, trigger, event, source codes, target codes, features)] of asserted events."""
    if cache is not None and cache.exists():
        got = json.loads(cache.read_text())
        if set(recs) <= set(got):
            return got
    os.environ["DETENTE_CONFIDENCE"] = "off"
    from detente import ingest, pipeline
    from detente.config import Settings
    from detente.events import confidence as C

    C.model.cache_clear()
    out = {}
    ids = sorted(recs)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "tune.jsonl"
        src.write_text("".join(json.dumps(recs[i]) + "\n" for i in ids), encoding="utf-8")
        arts = [a for a in ingest.read([str(src)]) if hasattr(a, "text")]
    settings = Settings(min_confidence=0.0, article_seconds=0)
    by_text = {recs[i]["text"].strip(): i for i in ids}
    for k in range(0, len(arts), 16):
        batch = arts[k:k + 16]
        C.TRACE = []
        results = list(pipeline.analyze_batch(batch, settings))
        trace = {_key(e): f for e, f in C.TRACE}
        for art, res in zip(batch, results):
            rid = by_text.get(art.text.strip())
            if rid is None or not hasattr(res, "events"):
                continue
            rows = out.setdefault(rid, [])
            for e in res.events:
                if e.modality != "asserted" or _key(e) not in trace:
                    continue
                start = art.text.find(e.evidence.sentence)
                rows.append([start, e.evidence.trigger.text, e.event, sorted(a.code for a in e.source if a.code),
                             sorted(a.code for a in e.target if a.code), trace[_key(e)]])
        print(f"  {min(k + 16, len(arts))}/{len(arts)} articles", file=sys.stderr)
    C.TRACE = None
    if cache is not None:
        cache.write_text(json.dumps(out))
    return out


def _key(e):
    return (e.evidence.sentence_start, e.evidence.trigger.start, e.event,
            tuple(sorted(a.code or "" for a in e.source)), tuple(sorted(a.code or "" for a in e.target)))


def match(judged: list[dict], feats: dict) -> tuple[list, list, list, int]:
    """Feature rows, judgement rows (the four fields) and record ids of the judgements found again."""
    X, y, groups, missed = [], [], [], 0
    for j in judged:
        cands = [r for r in feats.get(j["record"], []) if r[0] == j["sentence_start"] and r[1] == j["trigger"]
                 and r[2] == j["event"]]
        exact = [r for r in cands if r[3] == sorted(j["source_codes"]) and r[4] == sorted(j["target_codes"])]
        got = (exact or cands)[:1]
        if not got:
            missed += 1
            continue
        X.append(got[0][5])
        y.append([int(bool(j[k])) for k in KEYS])
        groups.append(j["record"])
    return X, y, groups, missed


def fold_of(record: str, k: int = 5) -> int:
    return int(hashlib.sha256(f"conf:{record}".encode()).hexdigest()[:8], 16) % k


def fit(Xn, y, c):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000).fit(Xn, y)


def _standard(X):
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1.0
    return mean, scale


def oof(X, y, groups, c):
    """Out-of-fold probability of each row (5 folds grouped by article)."""
    import numpy as np

    p = np.zeros(len(y))
    folds = np.array([fold_of(g) for g in groups])
    for f in range(5):
        tr, te = folds != f, folds == f
        if not te.any():
            continue
        mean, scale = _standard(X[tr])
        p[te] = fit((X[tr] - mean) / scale, y[tr], c).predict_proba((X[te] - mean) / scale)[:, 1]
    return p


def curve(p, y) -> list[dict]:
    import numpy as np

    out = []
    for t in np.round(np.arange(0.0, 0.5, 0.01), 3):
        keep = p >= t
        n = int(keep.sum())
        out.append({"threshold": float(t), "kept": n, "coverage": round(n / len(y), 4),
                    "precision": round(float(y[keep].mean()), 4) if n else None})
    return out


def choose(cv: list[dict], target: float, margin: float) -> dict:
    """The lowest threshold whose out-of-fold precision reaches target + margin (at least 20 events kept); when
    none does, 0: no threshold gives the precision, and every threshold costs recall (the events stay, each with
    its confidence, and a caller may still ask for a least confidence)."""
    ok = [r for r in cv if r["precision"] is not None and r["precision"] >= target + margin and r["kept"] >= 20]
    if ok:
        return {**ok[0], "reached": True}
    return {**cv[0], "reached": False}


def train(X_rows, y_rows, groups, target: float, margin: float) -> dict:
    import numpy as np
    from sklearn.metrics import log_loss, roc_auc_score

    names = sorted(X_rows[0])
    X = np.array([[r.get(n, 0.0) for n in names] for r in X_rows], dtype=float)
    Y = np.array(y_rows)
    y_all = Y.min(axis=1)
    mean, scale = _standard(X)
    parts, p_all, figures = {}, np.ones(len(Y)), {}
    for i, key in enumerate(KEYS):
        y = Y[:, i]
        losses = {c: log_loss(y, np.clip(oof(X, y, groups, c), 1e-6, 1 - 1e-6)) for c in CS}
        c = min(CS, key=lambda k: (round(losses[k], 4), k))
        p = oof(X, y, groups, c)
        p_all *= p
        m = fit((X - mean) / scale, y, c)
        parts[key] = {"C": c, "weights": [round(float(v), 6) for v in m.coef_[0]], "bias": round(float(m.intercept_[0]), 6)}
        figures[key] = {"rate": round(float(y.mean()), 4), "auc": round(float(roc_auc_score(y, p)), 4), "C": c}
    cv = curve(p_all, y_all)
    chosen = choose(cv, target, margin)
    keep = p_all >= chosen["threshold"]
    chosen["fields_kept"] = {k: round(float(Y[keep, i].mean()), 4) for i, k in enumerate(KEYS)} if keep.any() else {}
    return {"name": "detente_event_confidence", "version": "1.0.0",
            "learner": "sklearn LogisticRegression(lbfgs, L2 strength C by cross-validated log-loss) per judged "
                       "field on standardised features; confidence = product of the four probabilities",
            "label": "each of type_ok, source_ok, target_ok, happened (eval/judgements/PROTOCOL.md)",
            "features": names, "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
            "parts": parts, "threshold": chosen["threshold"],
            "cross_validation": {"folds": "5, grouped by article: sha256('conf:' + record)[:8] % 5",
                                 "events": len(Y), "fully_right": round(float(y_all.mean()), 4),
                                 "auc_fully_right": round(float(roc_auc_score(y_all, p_all)), 4) if 0 < y_all.sum() < len(y_all) else None,
                                 "fields": figures, "target_precision": target, "margin": margin,
                                 "at_threshold": chosen, "curve": cv}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judgements", nargs="*", help="judgement files (default: eval/judgements/tune-*.jsonl)")
    ap.add_argument("--precision", type=float, default=0.75)
    ap.add_argument("--margin", type=float, default=0.05)
    ap.add_argument("--cache", help="a JSON file keeping the re-read articles' features between runs")
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("-o", "--out", default=str(OUT))
    a = ap.parse_args(argv)
    judged = read_judgements(a.judgements or sorted((ROOT / "eval" / "judgements").glob("tune-*.jsonl")))
    recs = articles({j["record"] for j in judged})
    feats = event_features(recs, Path(a.cache) if a.cache else None)
    X, y, groups, missed = match(judged, feats)
    print(f"{len(judged)} judgements, {len(X)} matched, {missed} not found; {sum(min(r) for r in y)} fully right",
          file=sys.stderr)
    info = train(X, y, groups, a.precision, a.margin)
    info["cross_validation"]["judgements"] = len(judged)
    info["cross_validation"]["unmatched"] = missed
    cv = info["cross_validation"]
    print(json.dumps({k: cv[k] for k in ("events", "fully_right", "auc_fully_right", "fields", "at_threshold")}, indent=1))
    for r in cv["curve"]:
        print(f"  t={r['threshold']:.3f} kept={r['kept']:4d} coverage={r['coverage']:.3f} precision={r['precision']}")
    if not a.cv_only:
        Path(a.out).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
