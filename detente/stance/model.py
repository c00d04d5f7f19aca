"""The trained target-polarity classifier: a multinomial logistic regression over the features of
:mod:`detente.stance.features`, applied with numpy only.

Weights live in ``data/weights.npz`` (made by ``tools/train_stance.py``; provenance in
``data/README.md``): ``features`` (names), ``W`` (features x classes), ``Wd`` (dense x classes),
``b`` (classes), ``classes`` (-1, 0, 1) and ``meta`` (JSON: version, training data, CV figures).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.errors import DetenteError

WEIGHTS = Path(__file__).parent / "data" / "weights.npz"


class WeightsMissing(DetenteError):
    pass


@dataclass(frozen=True)
class Classifier:
    index: dict
    W: np.ndarray
    Wd: np.ndarray
    b: np.ndarray
    classes: tuple
    meta: dict = field(default_factory=dict)

    def proba(self, feats: list[str], dense: np.ndarray) -> np.ndarray:
        """Class probabilities, in the order of ``classes``."""
        rows = [self.index[f] for f in set(feats) if f in self.index]
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
        return int(self.classes[int(np.argmax(self.proba(feats, dense)))])

    def save(self, path: str | Path = WEIGHTS) -> None:
        names = sorted(self.index, key=self.index.get)
        np.savez_compressed(path, features=np.array(names), W=self.W.astype(np.float16),
                            Wd=self.Wd.astype(np.float32), b=self.b.astype(np.float32),
                            classes=np.array(self.classes), meta=np.array(json.dumps(self.meta)))


@functools.lru_cache(maxsize=2)
def load(path: str | Path = WEIGHTS) -> Classifier:
    try:
        z = np.load(path, allow_pickle=False)
    except FileNotFoundError as exc:
        raise WeightsMissing(f"stance weights not found at {path}; run `python tools/train_stance.py "
                             "GOLD.jsonl` (see detente/stance/data/README.md)") from exc
    names = [str(n) for n in z["features"]]
    return Classifier(index={n: i for i, n in enumerate(names)}, W=z["W"].astype(np.float32),
                      Wd=z["Wd"], b=z["b"], classes=tuple(int(c) for c in z["classes"]),
                      meta=json.loads(str(z["meta"])))
