"""Learn the toponym ranker (detente/where/ranker.py) on the tune part of the dev place sets.

    python tools/train_places.py [--dev DIR] [--out detente/where/data/ranker.json] [--cache FILE]

For every article of the tune part (60% by id hash, the scorer's ``part_of`` rule) of LGL, TR-News and
GeoVirus: parse, find the mentions, let the rules resolve them, and write one row of features per
candidate of each name that has several; a candidate is right when it lies within 161 km of the gold
point of the name's mentions. A logistic regression over the standardised features is chosen by
cross-validation grouped by article (the regularisation C; figures printed: share of the names'
matched mentions read right, rules against ranker, on the held-out folds), then fitted on all of
the tune part and written as numbers only. Deterministic: same inputs, same file.
``--cache`` keeps the parsed mentions between runs (a developer's convenience, not the model).

    python tools/train_places.py --detection [--model NAME_OR_PATH]

measures detection alone instead, on the tune and validation parts of each set: toponym recall and
precision (a toponym found when an emitted place overlaps it), the gold toponyms missed counted by
kind (the name unknown to the gazetteer; known, but the tagger gave it no entity; inside an entity of
label X that detection did not take), and the parse time per article.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SETS = ("lgl", "trnews", "geovirus")
NEAR_KM = 161
GRID = (0.01, 0.1, 1.0, 10.0)
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4)
FOLDS = 5


def part_of(record_id) -> str:
    """The scorer's split: 'tune' (about 60%) or 'validation', by the SHA-256 of the id before any '#'."""
    base = str(record_id).split("#", 1)[0]
    return "tune" if int(hashlib.sha256(base.encode("utf-8")).hexdigest()[:8], 16) % 10 < 6 else "validation"


def default_dev() -> Path:
    for p in (ROOT.parent / "shared" / "eval" / "dev", Path("/work/shared/eval/dev")):
        if p.is_dir():
            return p
    return ROOT.parent / "shared" / "eval" / "dev"


def articles(dev: Path, part: str = "tune") -> list:
    out = []
    for name in SETS:
        path = dev / f"places.{name}.jsonl"
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    if part_of(rec["id"]) == part:
                        out.append(rec)
    return out


def parsed_mentions(recs: list, gaz, cache: Path | None) -> list:
    """(id, mentions, gold toponyms, text) per article."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from detente import nlp
    from detente.where.detect import mentions

    model = nlp.load()
    unused = [n for n in ("parser", "lemmatizer", "attribute_ruler", "tagger") if n in model.pipe_names]
    docs = model.pipe((r.get("text") or "" for r in recs), batch_size=16, disable=unused)
    out = [(r["id"], mentions(doc, gaz), r.get("toponyms") or [], r.get("text") or "") for r, doc in zip(recs, docs)]
    if cache:
        cache.write_bytes(pickle.dumps(out))
    return out


def examples(data: list, gaz):
    """Rows for the two parts of the model. Choosing: one row per candidate of each name with a
    choice whose matched gold point some but not all candidates lie near (label: near it);
    (rows, labels, article, name, weight). Keeping: one row per name (label: the gold marks one of
    its mentions as a toponym); (rows, labels, article)."""
    from detente.where.gazetteer import km
    from detente.where.resolve import resolve

    choose = ([], [], [], [], [])
    keep = ([], [], [])
    names = 0
    for a, (_, ms, gold, text) in enumerate(data):
        collect: list = []
        resolve(ms, gaz, model=None, collect=collect, text=text)
        for g, rows, row in collect:
            marked = [t for m in g.mentions for t in gold if t["start"] < m.end and m.start < t["end"]]
            keep[0].append(row)
            keep[1].append(int(bool(marked)))
            keep[2].append(a)
            points = [(t["lat"], t["lon"]) for t in marked if t.get("lat") is not None]
            if len(rows) < 2 or not points:
                continue
            lat, lon = Counter((round(p[0], 2), round(p[1], 2)) for p in points).most_common(1)[0][0]
            labels = [km(lat, lon, e.lat, e.lon) <= NEAR_KM for e in g.cands]
            if not any(labels) or all(labels):
                continue
            for r, label in zip(rows, labels):
                for column, value in zip(choose, (r, int(label), a, names, len(points))):
                    column.append(value)
            names += 1
    return choose, keep


def picks_right(scores, y, name, weight) -> tuple:
    """(mentions read right, mentions) when each name takes its highest-scoring candidate."""
    best: dict = {}
    for i, (s, n) in enumerate(zip(scores, name)):
        if n not in best or s > scores[best[n]]:
            best[n] = i
    right = sum(weight[i] for i in best.values() if y[i])
    total = sum(weight[i] for i in best.values())
    return right, total


def end_to_end(data: list, articles_idx, gaz, model) -> tuple:
    """(gold toponyms within 161 km, gold toponyms, emitted names on a gold toponym, emitted names)
    over the given articles, mentions resolved with ``model`` (None: the rules)."""
    from detente.where import _confirm_weak, _confirmed_elsewhere
    from detente.where.amend import far_towns
    from detente.where.gazetteer import km
    from detente.where.resolve import resolve

    near = n = hit = emitted = 0
    for a in articles_idx:
        _, ms, gold, text = data[a]
        entries = _confirm_weak(ms, resolve(ms, gaz, model=model, text=text))
        kept, entries = _confirmed_elsewhere(text, ms, entries)
        found = [(m, e) for m, e in zip(kept, far_towns(kept, entries)) if e is not None]
        emitted += len(found)
        hit += sum(any(t["start"] < m.end and m.start < t["end"] for t in gold) for m, _ in found)
        for t in gold:
            if t.get("lat") is None:
                continue
            n += 1
            match = [e for m, e in found if t["start"] < m.end and m.start < t["end"]]
            near += bool(match) and km(t["lat"], t["lon"], match[0].lat, match[0].lon) <= NEAR_KM
    return near, n, hit, emitted


def _fit(X, y, c: float) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    lr = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(X), y)
    return {"weights": [round(float(w), 6) for w in lr.coef_[0]], "bias": round(float(lr.intercept_[0]), 6),
            "mean": [round(float(m), 6) for m in scaler.mean_],
            "scale": [round(float(s), 6) if s > 0 else 1.0 for s in scaler.scale_]}


def detection(dev: Path, model_name: str | None) -> None:
    """Toponym recall and precision of the emitted places, and the misses by kind, per set and part."""
    import time

    from detente import nlp
    from detente.where import find_places
    from detente.where import gazetteer as gz

    gaz = gz.load()
    model = nlp.load(model_name)
    unused = [n for n in ("parser", "lemmatizer", "attribute_ruler", "tagger") if n in model.pipe_names]
    for name in SETS:
        with (dev / f"places.{name}.jsonl").open(encoding="utf-8") as fh:
            recs = [json.loads(line) for line in fh if line.strip()]
        for part in ("tune", "validation"):
            chosen = [r for r in recs if part_of(r["id"]) == part]
            t0 = time.perf_counter()
            docs = list(model.pipe((r.get("text") or "" for r in chosen), batch_size=16, disable=unused))
            parse = (time.perf_counter() - t0) / max(len(chosen), 1)
            gold_n = found = emitted = emitted_hit = 0
            missed: Counter = Counter()
            for rec, doc in zip(chosen, docs):
                places = [p for p in find_places(doc, gazetteer=gaz) if p.span is not None]
                gold = [t for t in rec.get("toponyms") or [] if t.get("lat") is not None]
                emitted += len(places)
                emitted_hit += sum(any(p.span.start < t["end"] and t["start"] < p.span.end for t in gold) for p in places)
                for t in gold:
                    gold_n += 1
                    if any(p.span.start < t["end"] and t["start"] < p.span.end for p in places):
                        found += 1
                        continue
                    if not gaz.lookup(rec["text"][t["start"]:t["end"]]):
                        missed["not in gazetteer"] += 1
                        continue
                    label = next((e.label_ for e in doc.ents if e.start_char < t["end"] and t["start"] < e.end_char), None)
                    missed[f"entity {label}" if label else "known, no entity"] += 1
            print(f"{name:9s} {part:10s} recall {found / max(gold_n, 1):.4f}  precision {emitted_hit / max(emitted, 1):.4f}  "
                  f"gold {gold_n}  emitted {emitted}  parse {1000 * parse:.0f} ms/article")
            print("          missed: " + ", ".join(f"{k} {v}" for k, v in missed.most_common()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=default_dev())
    ap.add_argument("--out", type=Path, default=ROOT / "detente" / "where" / "data" / "ranker.json")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--detection", action="store_true", help="measure detection alone instead of training")
    ap.add_argument("--model", default=None, help="spaCy model (name or path) for --detection")
    a = ap.parse_args(argv)
    if a.detection:
        detection(a.dev, a.model)
        return 0

    import numpy as np
    from sklearn.model_selection import GroupKFold

    from detente.where import gazetteer as gz
    from detente.where.ranker import FEATURES, GROUP_FEATURES, Ranker

    gaz = gz.load()
    data = parsed_mentions(articles(a.dev), gaz, a.cache)
    (X, y, article, name, weight), (K, ky, karticle) = examples(data, gaz)
    X, y, article, K, ky, karticle = (np.array(v, dtype=float) for v in (X, y, article, K, ky, karticle))
    print(f"articles: {len(data)}  names with a choice: {len(set(name))}  candidate rows: {len(y)}  names: {len(ky)}")
    folds = list(GroupKFold(n_splits=FOLDS).split(np.arange(len(data)), groups=np.arange(len(data))))
    fold_of = {int(a): f for f, (_, test) in enumerate(folds) for a in test}
    test_rows = [np.array([fold_of[int(a)] == f for a in article]) for f in range(FOLDS)]
    test_keep = [np.array([fold_of[int(a)] == f for a in karticle]) for f in range(FOLDS)]

    def held_out(c):
        scores = np.zeros(len(y))
        for f in range(FOLDS):
            m = _fit(X[~test_rows[f]], y[~test_rows[f]], c)
            model = Ranker({"choose": m})
            scores[test_rows[f]] = [model.choose(r) for r in X[test_rows[f]]]
        return picks_right(list(scores), list(y), name, weight)

    rules = picks_right(list(X[:, FEATURES.index("rule")]), list(y), name, weight)
    print(f"choosing, rules: {rules[0] / rules[1]:.4f}  ({rules[0]}/{rules[1]} matched mentions of names with a choice)")
    results = {}
    for c in GRID:
        results[c] = held_out(c)
        print(f"choosing, ranker C={c:<5} {results[c][0] / results[c][1]:.4f}  (cross-validated, {FOLDS} folds by article)")
    best_c = max(GRID, key=lambda c: (results[c][0], -abs(math.log(c))))

    # keeping ("none of these"), chosen end to end on held-out articles
    keepers = [_fit(K[~test_keep[f]], ky[~test_keep[f]], 1.0) for f in range(FOLDS)]
    choosers = [_fit(X[~test_rows[f]], y[~test_rows[f]], best_c) for f in range(FOLDS)]

    def run(threshold):
        total = np.zeros(4)
        for f, (train, test) in enumerate(folds):
            model = None if threshold is None else Ranker(
                {"choose": choosers[f], "keep": keepers[f], "threshold": threshold})
            total += end_to_end(data, test, gaz, model)
        near, n, hit, emitted = total
        return near / n, hit / max(emitted, 1)

    base = run(None)
    print(f"end to end, rules:  within 161 km {base[0]:.4f}  precision {base[1]:.4f}")
    ends = {}
    for t in THRESHOLDS:
        ends[t] = run(t)
        print(f"end to end, ranker, keep at p >= {t:.2f}: within 161 km {ends[t][0]:.4f}  precision {ends[t][1]:.4f}"
              f"  (cross-validated)")
    best_t = max(THRESHOLDS, key=lambda t: (round(ends[t][0], 4), ends[t][1]))
    model = {"features": len(FEATURES), "group_features": len(GROUP_FEATURES), "C": best_c, "threshold": best_t,
             "choose": _fit(X, y, best_c), "keep": _fit(K, ky, 1.0) if best_t > 0 else None}
    a.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"C={best_c} threshold={best_t}; wrote {a.out}")
    for label, names, part in (("choose", FEATURES, model["choose"]), ("keep", GROUP_FEATURES, model["keep"])):
        if part:
            print(f"{label} weights (standardised):")
            for f, w in sorted(zip(names, part["weights"]), key=lambda t: -abs(t[1])):
                print(f"  {f:20s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
