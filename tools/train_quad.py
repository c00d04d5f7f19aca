"""Train the quad classifier shipped as ``detente/events/data/quad_model.json`` (needs scikit-learn).

    python tools/train_quad.py ../shared/eval/dev/quad.conflibert_train.jsonl [--corpus corpus/en] [--cv-only]

Input: JSONL with ``text`` and ``quad`` (the canonical conversion of ConfliBERT's ``data/cameo_class/train.tsv``).
With ``--corpus``, the project's own training corpus (corpus/en/*.jsonl, CC0) is added: a record's quad is the
quad of its first asserted event's PLOVER type, or STATEMENT when it has none.

Model: word 1-2 grams hashed into 2^18 buckets (``detente.events.quad.hashed_features``), sublinear tf-idf over the
buckets, l2 norm, multinomial logistic regression (C=10). The output holds bucket numbers, idf weights,
coefficients and intercepts: no word and no sentence. The figure written into the file and printed is the 5-fold
stratified cross-validated macro-F1 on the ConfliBERT file (each fold's model sees the other folds, plus the
corpus when it is used, never the fold it is scored on). Deterministic: fixed seed, sorted inputs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente.events.quad import hashed_features  # noqa: E402

OUT = ROOT / "detente" / "events" / "data" / "quad_model.json"
PLOVER = ROOT / "detente" / "events" / "data" / "plover.tsv"
PARAMS = {"n_buckets": 2 ** 18, "ngram_range": [1, 2], "min_df": 2, "sublinear_tf": True, "norm": "l2", "C": 10.0}
PROVENANCE = {
    "data": "ConfliBERT data/cameo_class/train.tsv (eventdata/ConfliBERT@0b630014885b9597622082034cc5ab5471b57e5b; "
            "repository GPL-3.0; its data/readme.md: \"We don't own the copyrights. Please refer to and cite their "
            "sources.\" Source cited there: doi 10.1145/3514094.3534178), labels 0-4 = STATEMENT, VERBAL_COOP, "
            "MATERIAL_COOP, VERBAL_CONFLICT, MATERIAL_CONFLICT",
    "shipped": "numbers only: hash-bucket ids (BLAKE2b of an n-gram, mod n_buckets), idf, coefficients; no word or "
               "sentence of any training text",
}
DIGITS = 5


def plover_quads() -> dict:
    out = {}
    for line in PLOVER.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            if not cols[1]:
                out[cols[0]] = cols[3]
    return out


def corpus_rows(folder: Path) -> list[tuple[str, str]]:
    quads, rows = plover_quads(), []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            asserted = [e for e in rec.get("events") or [] if e.get("modality") == "asserted"]
            rows.append((rec["text"], quads.get(asserted[0]["event"], "STATEMENT") if asserted else "STATEMENT"))
    return rows


class Vectoriser:
    """Hashed sublinear tf-idf, the arithmetic of ``QuadModel.features``."""

    def fit(self, texts):
        df: dict = {}
        for t in texts:
            for b in hashed_features(t, PARAMS["n_buckets"]):
                df[b] = df.get(b, 0) + 1
        n = len(texts)
        self.buckets = sorted(b for b, c in df.items() if c >= PARAMS["min_df"])
        self.column = {b: i for i, b in enumerate(self.buckets)}
        self.idf = [math.log((1 + n) / (1 + df[b])) + 1.0 for b in self.buckets]
        return self

    def transform(self, texts):
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        for r, t in enumerate(texts):
            vec = {self.column[b]: (1.0 + math.log(c)) * self.idf[self.column[b]]
                   for b, c in hashed_features(t, PARAMS["n_buckets"]).items() if b in self.column}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for c, v in sorted(vec.items()):
                rows.append(r), cols.append(c), vals.append(v / norm)
        return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.buckets)))


def fit(texts, labels):
    from sklearn.linear_model import LogisticRegression

    vec = Vectoriser().fit(texts)
    return vec, LogisticRegression(C=PARAMS["C"], max_iter=3000).fit(vec.transform(texts), labels)


def cross_validated_macro_f1(texts, labels, extra=(), folds=5, seed=0) -> float:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    pred = [None] * len(texts)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, labels):
        tr_t = [texts[i] for i in train] + [t for t, _ in extra]
        tr_l = [labels[i] for i in train] + [q for _, q in extra]
        vec, lr = fit(tr_t, tr_l)
        for i, p in zip(test, lr.predict(vec.transform([texts[i] for i in test]))):
            pred[i] = p
    return round(float(f1_score(labels, pred, average="macro")), 4)


def export(vec, lr, cv: float, n: int, n_corpus: int, corpus_hash: str | None) -> dict:
    return {
        "model": "detente quad classifier: hashed TF-IDF (word 1-2 grams) + multinomial logistic regression",
        "provenance": PROVENANCE,
        "command": "make train (python tools/train_quad.py PATH/quad.conflibert_train.jsonl --corpus corpus/en)",
        "cv_macro_f1": cv,
        "cv": "5-fold stratified, shuffled (seed 0), on the ConfliBERT file; the corpus joins every training fold",
        "train_sentences": n, "corpus_sentences": n_corpus, "corpus_sha256": corpus_hash,
        "params": PARAMS,
        "classes": [str(c) for c in lr.classes_],
        "intercept": [round(float(b), DIGITS) for b in lr.intercept_],
        "buckets": vec.buckets,
        "idf": [round(float(x), DIGITS) for x in vec.idf],
        "coef": [[round(float(x), DIGITS) for x in row] for row in lr.coef_],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", help="JSONL with text and quad")
    ap.add_argument("--corpus", help="folder of the project's corpus (corpus/en) to add to training")
    ap.add_argument("--cv-only", action="store_true", help="print the cross-validated figure, write nothing")
    ap.add_argument("-o", "--out", default=str(OUT))
    a = ap.parse_args(argv)
    with open(a.train, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    texts, labels = [r["text"] for r in rows], [r["quad"] for r in rows]
    extra = corpus_rows(Path(a.corpus)) if a.corpus else []
    corpus_hash = hashlib.sha256("\n".join(t for t, _ in extra).encode()).hexdigest() if extra else None
    cv = cross_validated_macro_f1(texts, labels, extra)
    print(f"{len(rows)} sentences (+{len(extra)} corpus), 5-fold CV macro-F1 {cv}", file=sys.stderr)
    if a.cv_only:
        print(json.dumps({"cross_validation": {"macro_f1": cv, "folds": 5, "records": len(rows)}}))
        return 0
    vec, lr = fit(texts + [t for t, _ in extra], labels + [q for _, q in extra])
    data = export(vec, lr, cv, len(rows), len(extra), corpus_hash)
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"{len(vec.buckets)} buckets; wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
