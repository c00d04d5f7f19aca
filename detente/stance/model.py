"""The trained target-polarity classifier: a multinomial logistic regression over the features of
:mod:`detente.stance.features`, applied with numpy only.

Weights live in ``data/weights.npz`` (made by ``tools/train_stance.py``; provenance in
``data/README.md``): ``buckets`` (the hashed features, :mod:`detente.hashing`: the file holds no words),
``W`` (buckets x classes), ``Wd`` (dense x classes), ``b`` (classes), ``classes`` (-1, 0, 1) and ``meta``
(JSON: version, hashing, training data, CV figures).
"""
from __future__ import annotations

import functools
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.errors import DetenteError
from detente.hashing import DIM

WEIGHTS = Path(__file__).parent / "data" / "weights.npz"


class WeightsMissing(DetenteError):
    pass


def buckets(feats) -> set[int]:
    """The hashed features of one target, each once (:func:`detente.hashing.bucket`, inlined: hashing a short
    string costs less than looking it up in a memory, and nothing grows with the run)."""
    crc32, mask = zlib.crc32, DIM - 1
    return {crc32(f.encode("utf-8")) & mask for f in feats}


@dataclass(frozen=True)
class Classifier:
    index: dict  # bucket -> row of W
    W: np.ndarray
    Wd: np.ndarray
    b: np.ndarray
    classes: tuple
    meta: dict = field(default_factory=dict)

    def proba(self, feats: list[str], dense: np.ndarray) -> np.ndarray:
        """Class probabilities, in the order of ``classes``."""
        return self.proba_hashed(buckets(feats), dense)

    def proba_hashed(self, keys: set[int], dense: np.ndarray) -> np.ndarray:
        """Class probabilities from the hashed features (:func:`buckets`)."""
        rows = [self.index[k] for k in keys if k in self.index]
        z = self.b + dense @ self.Wd
        if rows:
            z = z + self.W[rows].sum(axis=0)
        z = np.exp(z - z.max())
        return z / z.sum()

    def polarity(self, feats: list[str], dense: np.ndarray) -> float:
        """Expected polarity P(+) - P(-), in -1..1."""
        p = self.proba(feats, dense)
        return float(sum(c * q for c, q in zip(self.classes, p)))

    def label(self, feats: list[str], dense: np.ndarray) -> int:
        return self.label_hashed(buckets(feats), dense)

    def label_hashed(self, keys: set[int], dense: np.ndarray) -> int:
        return int(self.classes[int(np.argmax(self.proba_hashed(keys, dense)))])

    def save(self, path: str | Path = WEIGHTS) -> None:
        keys = sorted(self.index, key=self.index.get)
        np.savez_compressed(path, buckets=np.array(keys, dtype=np.uint32), W=self.W.astype(np.float16),
                            Wd=self.Wd.astype(np.float32), b=self.b.astype(np.float32),
                            classes=np.array(self.classes), meta=np.array(json.dumps(self.meta)))


@functools.lru_cache(maxsize=2)
def load(path: str | Path = WEIGHTS) -> Classifier:
    try:
        z = np.load(path, allow_pickle=False)
    except FileNotFoundError as exc:
        raise WeightsMissing(f"stance weights not found at {path}; run `python tools/train_stance.py "
                             "GOLD.jsonl` (see detente/stance/data/README.md)") from exc
    if "buckets" not in z.files:
        raise WeightsMissing(f"{path} keys its weights by feature names (an older format); re-make it with "
                             "`python tools/train_stance.py GOLD.jsonl` (hashed features)")
    keys = [int(k) for k in z["buckets"]]
    if any(k >= DIM for k in keys):
        raise WeightsMissing(f"{path} was hashed into more than {DIM} buckets; re-make it with tools/train_stance.py")
    return Classifier(index={k: i for i, k in enumerate(keys)}, W=z["W"].astype(np.float32),
                      Wd=z["Wd"], b=z["b"], classes=tuple(int(c) for c in z["classes"]),
                      meta=json.loads(str(z["meta"])))
