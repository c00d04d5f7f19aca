"""CAMEO quad class of a sentence (STATEMENT, VERBAL_COOP, MATERIAL_COOP, VERBAL_CONFLICT, MATERIAL_CONFLICT).

Two classifiers, chosen by measurement (5-fold cross-validated macro-F1 on quad.conflibert_train.jsonl):
- a TF-IDF (word 1-2 grams) + logistic regression model trained at first use on the labelled sentences
  (macro-F1 0.83); used when scikit-learn and the training file are available. The file is not shipped:
  set ``DETENTE_QUAD_TRAIN`` or keep ``shared/eval/dev/`` beside the repository.
- the coder's own lexicon (no training; macro-F1 0.61): the coded trigger highest in the parse gives the
  quad of its CAMEO code, no trigger means STATEMENT. The fallback.
"""
from __future__ import annotations

import functools
import json
import os
import pathlib
from typing import Iterable, Iterator, Optional

from .coder import triggers
from .ontology import quad_of_cameo

TRAIN_NAME = "quad.conflibert_train.jsonl"


def quad_of_doc(doc) -> str:
    """The lexicon's quad for a parsed sentence."""
    best = None
    for sent in doc.sents:
        for cameo, depth, modality in triggers(sent):
            if modality == "negated":
                continue
            key = (depth, cameo[:2] == "01")
            if best is None or key < best[0]:
                best = (key, cameo)
    return quad_of_cameo(best[1]) if best else "STATEMENT"


def train_path() -> Optional[pathlib.Path]:
    env = os.environ.get("DETENTE_QUAD_TRAIN")
    root = pathlib.Path(__file__).resolve().parents[2]
    for cand in ([pathlib.Path(env)] if env else []) + [root.parent / "shared" / "eval" / "dev" / TRAIN_NAME]:
        if cand.is_file():
            return cand
    return None


def fit(texts: list, labels: list):
    """A TF-IDF + logistic regression pipeline (scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(C=10, max_iter=2000))
    return model.fit(texts, labels)


@functools.lru_cache(maxsize=1)
def model():
    path = train_path()
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        return fit([r["text"] for r in rows], [r["quad"] for r in rows])
    except ImportError:
        return None


def classify(text: str) -> str:
    return next(classify_many([text]))


def classify_many(texts: Iterable[str]) -> Iterator[str]:
    texts = list(texts)
    m = model()
    if m is not None:
        yield from (str(q) for q in m.predict(texts))
        return
    from detente import nlp

    for doc in nlp.load().pipe(texts, batch_size=64):
        yield quad_of_doc(doc)
