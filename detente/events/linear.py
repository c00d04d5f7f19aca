"""One multi-class linear model over hashed feature buckets (the trained coder's five decisions, the modality
gate): the rows of the features a candidate has, summed in float32. Its own module so that models other than the
coder (``modality_model``) use it without importing the coder."""
from __future__ import annotations

import zlib

import numpy as np

from . import features as F

ROW_MEMORY = 1 << 16  # feature strings whose rows a model remembers (a bound on memory over long runs)
DENSE_AFTER = 8192  # strings looked up one by one before a model makes its bucket -> row array (4 MiB)
_SUM = np.add.reduce


class Linear:
    """One multi-class linear model over hashed buckets: ``buckets`` (sorted), ``weights`` (buckets x classes)."""

    def __init__(self, buckets, weights, bias, classes):
        self.buckets = np.asarray(buckets, dtype=np.int64)
        weights = np.asarray(weights)  # float16 as shipped: the rows a candidate reads are widened to float32
        self.weights = weights if weights.dtype == np.float16 else np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.classes = list(classes)
        self._rows = {}  # feature string -> its row of weights (-1: none), at most ROW_MEMORY strings
        self._by_bucket = None  # bucket -> its first row (-1: none), made after DENSE_AFTER strings were looked up
        self._misses = 0
        self._masks = {}  # a frozenset of allowed classes -> its mask over the classes

    def scores(self, feats) -> np.ndarray:
        # np.add.reduce is what ndarray.sum calls (the same sums), without its Python wrapper
        return _SUM(self.weights.take(self.rows(feats), axis=0).astype(np.float32, copy=False), axis=0) + self.bias

    def scores_many(self, feats_lists) -> np.ndarray:
        """``scores(feats)`` of each list, as the rows of one array, read with a few numpy calls in all. The same
        float32 sums: np.add.reduce adds the rows of an axis one after the other, and a list's rows are padded
        with -0.0, which leaves any float unchanged (``x + -0.0 == x``, bit for bit; +0.0 would turn a -0.0 sum
        into +0.0). np.add.reduceat would not do: its sums differ in the last bit."""
        rows = self.rows_many(feats_lists)
        lens = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        padded = np.full((len(rows), int(lens.max(initial=0)), self.weights.shape[1]), -0.0, dtype=np.float32)
        padded[np.arange(padded.shape[1]) < lens[:, None]] = self.weights.take(
            [r for rs in rows for r in rs], axis=0)
        return _SUM(padded, axis=1) + self.bias

    def rows(self, feats) -> list:
        """The rows of the features' buckets, each once, in bucket order: ``_matched(buckets, F.hashed(feats))``
        (the same rows in the same order, so the same float32 sums), each string's row remembered."""
        return self.rows_many((feats,))[0]

    def rows_many(self, feats_lists) -> list:
        """``rows(feats)`` of each list, the strings not remembered hashed and looked up together (a warm run finds
        most features remembered)."""
        known = self._rows
        found = list(map(known.get, [f for feats in feats_lists for f in feats]))
        if None in found:
            missing = list(dict.fromkeys(f for feats in feats_lists for f in feats if f not in known))
            if self._by_bucket is None or len(known) + len(missing) >= ROW_MEMORY:
                rows = dict(zip(missing, map(self._row, missing)))
            else:  # the buckets' rows read in one array lookup
                mask = F.DIM - 1
                rows = dict(zip(missing, self._by_bucket[[zlib.crc32(f.encode("utf-8")) & mask
                                                          for f in missing]].tolist()))
                known.update(rows)
            k = 0
            for feats in feats_lists:
                for f in feats:
                    if found[k] is None:
                        found[k] = rows[f]
                    k += 1
        out, k = [], 0
        for feats in feats_lists:
            rows = set(found[k:k + len(feats)])
            rows.discard(-1)
            out.append(sorted(rows))
            k += len(feats)
        return out

    def _row(self, f: str) -> int:
        r = self._rows.get(f)
        if r is None:
            if len(self._rows) >= ROW_MEMORY:
                self._rows.clear()
            bucket = zlib.crc32(f.encode("utf-8")) & (F.DIM - 1)
            if self._by_bucket is not None:
                r = int(self._by_bucket[bucket])
            else:
                k = int(np.searchsorted(self.buckets, bucket))  # a bucket's first row, as _matched finds it
                r = k if k < len(self.buckets) and self.buckets[k] == bucket else -1
                self._misses += 1
                if self._misses == DENSE_AFTER:  # a model asked about many strings: one array of every bucket's row
                    by_bucket = np.full(F.DIM, -1, dtype=np.int32)
                    first, row = np.unique(self.buckets, return_index=True)
                    keep = (first >= 0) & (first < F.DIM)
                    by_bucket[first[keep]] = row[keep]
                    self._by_bucket = by_bucket
            self._rows[f] = r
        return r

    def best(self, feats, allowed=None):
        s = self.scores(feats)
        if allowed is not None:
            mask = self._masks.get(allowed) if isinstance(allowed, frozenset) else None
            if mask is None:
                mask = np.array([c in allowed for c in self.classes])
                if isinstance(allowed, frozenset) and len(self._masks) < 4096:
                    self._masks[allowed] = mask
            if not mask.any():
                return None, 0.0
            s = np.where(mask, s, -np.inf)
        k = int(np.argmax(s))
        return self.classes[k], float(1.0 / (1.0 + np.exp(-s[k])))


def _matched(buckets, idx):
    rows = np.searchsorted(buckets, idx)
    keep = rows < len(buckets)
    rows, idx = rows[keep], idx[keep]
    return rows[buckets[rows] == idx]
