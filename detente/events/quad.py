"""CAMEO quad class of a sentence (STATEMENT, VERBAL_COOP, MATERIAL_COOP, VERBAL_CONFLICT, MATERIAL_CONFLICT).

Two classifiers, chosen by measurement (5-fold cross-validated macro-F1 on ConfliBERT's cameo_class train set):
- a hashed TF-IDF (word 1-2 grams hashed into buckets) + logistic regression model shipped as numbers in
  ``data/quad_model.json`` (provenance, training command and cross-validated figure in the file's header
  fields; the file holds bucket numbers, never a word). Inference is plain Python: no scikit-learn and no
  training data at run time. Retrain with ``make train`` (``tools/train_quad.py``).
- the coder's own lexicon (no training; macro-F1 0.61): the coded trigger highest in the parse gives the
  quad of its CAMEO code, no trigger means STATEMENT. The fallback when the model file is missing.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Iterator, Optional

from .coder import triggers
from .ontology import DATA, quad_of_cameo

MODEL_FILE = DATA / "quad_model.json"


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


def hashed_features(text: str, buckets: int, ngrams: tuple = (1, 2)) -> dict:
    """Word n-gram counts of ``text`` by hash bucket (BLAKE2b of the lower-cased n-gram, mod ``buckets``).

    The same function feeds training (``tools/train_quad.py``) and inference, so the model file holds bucket
    numbers and weights only, never an n-gram.
    """
    toks = _TOKEN.findall(text.lower())
    counts: dict = {}
    for n in range(ngrams[0], ngrams[1] + 1):
        for i in range(len(toks) - n + 1):
            g = " ".join(toks[i: i + n]).encode("utf-8")
            b = int.from_bytes(hashlib.blake2b(g, digest_size=8).digest(), "little") % buckets
            counts[b] = counts.get(b, 0) + 1
    return counts


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class QuadModel:
    """Hashed TF-IDF + linear classifier parameters (the scikit-learn TfidfTransformer/LogisticRegression
    arithmetic over :func:`hashed_features`)."""

    classes: tuple
    intercept: tuple
    weights: MappingProxyType  # bucket -> (idf, per-class coefficients)
    buckets: int
    ngrams: tuple
    sublinear: bool

    def features(self, text: str) -> dict:
        counts = {b: c for b, c in hashed_features(text, self.buckets, self.ngrams).items() if b in self.weights}
        vec = {b: (1.0 + math.log(c) if self.sublinear else float(c)) * self.weights[b][0] for b, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {b: v / norm for b, v in vec.items()}

    def scores(self, text: str) -> list:
        out = list(self.intercept)
        for b, v in self.features(text).items():
            for k, w in enumerate(self.weights[b][1]):
                out[k] += v * w
        return out

    def predict(self, text: str) -> str:
        s = self.scores(text)
        return self.classes[max(range(len(s)), key=s.__getitem__)]


@functools.lru_cache(maxsize=1)
def model() -> Optional[QuadModel]:
    if not MODEL_FILE.is_file():
        return None
    with open(MODEL_FILE, encoding="utf-8") as fh:
        d = json.load(fh)
    p = d["params"]
    coef_by_feature = list(zip(*d["coef"]))
    weights = {b: (idf, tuple(c)) for b, idf, c in zip(d["buckets"], d["idf"], coef_by_feature)}
    return QuadModel(tuple(d["classes"]), tuple(d["intercept"]), MappingProxyType(weights), int(p["n_buckets"]),
                     tuple(p["ngram_range"]), bool(p["sublinear_tf"]))


def classify(text: str) -> str:
    return next(classify_many([text]))


def classify_many(texts: Iterable[str]) -> Iterator[str]:
    texts = list(texts)
    m = model()
    if m is not None:
        yield from (m.predict(t) for t in texts)
        return
    from detente import nlp

    for doc in nlp.load().pipe(texts, batch_size=64):
        yield quad_of_doc(doc)
