"""Train the quad classifier shipped as ``data/quad_model.json`` (run by hand; needs scikit-learn).

    python -m detente.events.train_quad PATH/quad.conflibert_train.jsonl [-o detente/events/data/quad_model.json]

The input is JSONL with ``text`` and ``quad`` (the canonical conversion of ConfliBERT's
``data/cameo_class/train.tsv``). The model is TF-IDF over word 1-2 grams seen in at least two sentences
(sublinear tf, l2 norm) + multinomial logistic regression (C=10). The output holds only the n-gram
vocabulary, idf weights, coefficients and intercepts, never the sentences; ``quad.py`` runs it without
scikit-learn. The header records the provenance, this command and the 5-fold cross-validated macro-F1.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

OUT = pathlib.Path(__file__).parent / "data" / "quad_model.json"
PARAMS = {"ngram_range": [1, 2], "min_df": 2, "sublinear_tf": True, "lowercase": True,
          "token_pattern": r"(?u)\b\w\w+\b", "norm": "l2", "smooth_idf": True, "C": 10.0}
PROVENANCE = {
    "data": "ConfliBERT data/cameo_class/train.tsv (eventdata/ConfliBERT@0b630014885b9597622082034cc5ab5471b57e5b; "
            "repository GPL-3.0; its data/readme.md: \"We don't own the copyrights. Please refer to and cite their "
            "sources.\" Source cited there: doi 10.1145/3514094.3534178), 1349 labelled sentences, labels 0-4 = "
            "STATEMENT, VERBAL_COOP, MATERIAL_COOP, VERBAL_CONFLICT, MATERIAL_CONFLICT",
    "shipped": "model parameters only (n-grams occurring in >= 2 training sentences, idf, coefficients); "
               "no training sentence is included",
}
DIGITS = 5


def pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    vec = TfidfVectorizer(ngram_range=tuple(PARAMS["ngram_range"]), min_df=PARAMS["min_df"],
                          sublinear_tf=PARAMS["sublinear_tf"], lowercase=PARAMS["lowercase"],
                          token_pattern=PARAMS["token_pattern"], norm=PARAMS["norm"], smooth_idf=PARAMS["smooth_idf"])
    return make_pipeline(vec, LogisticRegression(C=PARAMS["C"], max_iter=2000))


def cross_validated_macro_f1(texts, labels, folds=5, seed=0) -> float:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    pred = cross_val_predict(pipeline(), texts, labels, cv=StratifiedKFold(folds, shuffle=True, random_state=seed))
    return round(float(f1_score(labels, pred, average="macro")), 4)


def export(model, cv: float, n: int) -> dict:
    vec, lr = model[0], model[1]
    features = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    return {
        "model": "detente quad classifier: TF-IDF (word 1-2 grams) + multinomial logistic regression",
        "provenance": PROVENANCE,
        "command": "python -m detente.events.train_quad PATH/quad.conflibert_train.jsonl",
        "cv_macro_f1": cv,
        "cv": "5-fold stratified, shuffled (seed 0), scikit-learn cross_val_predict",
        "train_sentences": n,
        "params": PARAMS,
        "classes": [str(c) for c in lr.classes_],
        "intercept": [round(float(b), DIGITS) for b in lr.intercept_],
        "features": features,
        "idf": [round(float(x), DIGITS) for x in vec.idf_],
        "coef": [[round(float(x), DIGITS) for x in row] for row in lr.coef_],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", help="JSONL with text and quad")
    ap.add_argument("-o", "--out", default=str(OUT))
    a = ap.parse_args(argv)
    with open(a.train, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    texts, labels = [r["text"] for r in rows], [r["quad"] for r in rows]
    cv = cross_validated_macro_f1(texts, labels)
    data = export(pipeline().fit(texts, labels), cv, len(rows))
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    print(f"{len(rows)} sentences, {len(data['features'])} features, 5-fold CV macro-F1 {cv}; wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
