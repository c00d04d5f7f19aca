"""Train the target-polarity classifier and measure it by grouped k-fold cross-validation.

    python tools/train_stance.py ../shared/eval/dev/sentiment.newsmtsc_train.jsonl [--folds 5] [--cv-only]

Input: JSONL records ``{id, text, target: {start, end}, polarity}`` (the NewsMTSC format of
shared/eval). Folds are grouped by sentence text, so a sentence never sits in both train and
test. Features are hashed (:mod:`detente.hashing`, as the event coder does) before counting and fitting,
so training and run time see the same columns and the weights file holds bucket numbers, no words.
Prints the cross-validated macro-F1, then (unless ``--cv-only``) fits on all records and
writes ``data/weights.npz``. Needs scikit-learn (a development tool, not a runtime dependency):
``pip install scikit-learn==1.9.1``.
"""
from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import json
import sys
import zlib
from collections import Counter

import numpy as np

from detente.stance.features import DENSE, target_features, token_range
from detente.evaluate import score_labels
from detente.hashing import DIM
from detente.stance.model import WEIGHTS, Classifier, buckets

C = 0.1  # L2 strength (chosen by CV over 0.03 .. 1)
MIN_COUNT = 2  # hashed features seen in fewer training records are dropped
CLASSES = (-1, 0, 1)


def featurize(records: list[dict], batch_size: int = 64):
    from detente import nlp

    texts = sorted({r["text"] for r in records})
    docs = dict(zip(texts, nlp.load().pipe(texts, batch_size=batch_size)))
    out = []
    for r in records:
        doc = docs[r["text"]]
        a, b = token_range(doc, r["target"]["start"], r["target"]["end"])
        fs, dense = target_features(doc[:], a, b)
        out.append((buckets(fs), dense))
    return out


def fit(feats, y, c: float = C, min_count: int = MIN_COUNT) -> Classifier:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs, _ in feats for f in fs)
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    rows, cols = [], []
    for i, (fs, _) in enumerate(feats):
        js = sorted({index[f] for f in fs if f in index})
        rows += [i] * len(js)
        cols += js
    X = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(feats), len(names)))
    D = np.stack([d for _, d in feats])
    m = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    m.fit(sparse.hstack([X, D]).tocsr(), y)
    order = [list(m.classes_).index(k) for k in CLASSES]
    coef = m.coef_[order].T
    return Classifier(index=index, W=coef[: len(names)].astype(np.float32), Wd=coef[len(names):].astype(np.float32),
                      b=m.intercept_[order].astype(np.float32), classes=CLASSES)


def cross_validate(records, feats, folds: int = 5, c: float = C) -> dict:
    y = [int(r["polarity"]) for r in records]
    fold = [zlib.crc32(r["text"].encode("utf-8")) % folds for r in records]
    pred = [0] * len(y)
    for k in range(folds):
        tr = [i for i in range(len(y)) if fold[i] != k]
        clf = fit([feats[i] for i in tr], [y[i] for i in tr], c)
        for i in range(len(y)):
            if fold[i] == k:
                pred[i] = clf.label_hashed(*feats[i])
    scored = score_labels([{"id": i, "polarity": g} for i, g in enumerate(y)],
                          [{"id": i, "polarity": p} for i, p in enumerate(pred)], "polarity")
    return {"folds": folds, "grouped_by": "sentence", "n": len(y), "macro_f1": scored["macro_f1"],
            "accuracy": scored["accuracy"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=C)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--out", default=str(WEIGHTS))
    a = ap.parse_args(argv)
    with open(a.gold, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    feats = featurize(records)
    cv = cross_validate(records, feats, a.folds, a.C)
    sys.stdout.write(json.dumps({"cross_validation": cv}) + "\n")
    if a.cv_only:
        return 0
    clf = fit(feats, [int(r["polarity"]) for r in records], a.C)
    from detente.stance import VERSION

    meta = {"version": VERSION, "trained_on": "NewsMTSC train (Hamborg & Donnay, EACL 2021)", "records": len(records),
            "C": a.C, "min_count": MIN_COUNT, "hashing": f"crc32 of the feature string & {DIM - 1} (detente.hashing)",
            "dense": list(DENSE), "cross_validation": cv}
    Classifier(clf.index, clf.W, clf.Wd, clf.b, clf.classes, meta).save(a.out)
    sys.stdout.write(f"wrote {a.out}: {len(clf.index)} hashed features\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
