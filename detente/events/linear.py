"""One multi-class linear model over hashed feature buckets (the trained coder's five decisions, the modality
gate): the rows of the features a candidate has, summed in float32. Its own module so that models other than the
coder (``modality_model``) use it without importing the coder.

A feature string's bucket is its CRC-32 (``features.DIM`` buckets), computed afresh each time: hashing the UTF-8
bytes of every string of a call in one pass through C (``np.fromiter`` over ``map``) costs about half of looking
the fresh strings up in a dict of remembered rows, and needs no memory that grows with the vocabulary."""
from __future__ import annotations

import zlib
from itertools import chain

import numpy as np

from . import features as F

ARRAY_AFTER = 256  # features in a call from which they are hashed and looked up in numpy arrays (fewer: one by one)
_SUM = np.add.reduce
_MASK = F.DIM - 1
_crc32, _encode, _chain = zlib.crc32, str.encode, chain.from_iterable


class Linear:
    """One multi-class linear model over hashed buckets: ``buckets`` (sorted), ``weights`` (buckets x classes)."""

    def __init__(self, buckets, weights, bias, classes):
        self.buckets = np.asarray(buckets, dtype=np.int64)
        weights = np.asarray(weights)  # float16 as shipped: the rows a candidate reads are widened to float32
        self.weights = weights if weights.dtype == np.float16 else np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.classes = list(classes)
        self._by_bucket = None  # bucket -> its first row (-1: none), made on first use by a model of many buckets
        self._masks = {}  # a frozenset of allowed classes -> its mask over the classes

    def scores(self, feats) -> np.ndarray:
        # np.add.reduce is what ndarray.sum calls (the same sums), without its Python wrapper
        return _SUM(self.weights.take(self.rows(feats), axis=0).astype(np.float32, copy=False), axis=0) + self.bias

    def scores_many(self, feats_lists) -> np.ndarray:
        """``scores(feats)`` of each list, as the rows of one array, read with a few numpy calls in all. The same
        float32 sums: np.add.reduce adds the rows of an axis one after the other, and a list's rows are padded
        with -0.0, which leaves any float unchanged (``x + -0.0 == x``, bit for bit; +0.0 would turn a -0.0 sum
        into +0.0). np.add.reduceat would not do: its sums differ in the last bit."""
        n, width = len(feats_lists), self.weights.shape[1]
        if sum(map(len, feats_lists)) < ARRAY_AFTER:  # few features: numpy's cost per call outweighs its speed
            rows = [self.rows(feats) for feats in feats_lists]
            lens = np.fromiter(map(len, rows), dtype=np.int64, count=n)
            padded = np.full((n, int(lens.max(initial=0)), width), -0.0, dtype=np.float32)
            padded[np.arange(padded.shape[1]) < lens[:, None]] = self.weights.take(list(_chain(rows)), axis=0)
        else:
            ids, rows = self._list_rows(feats_lists)
            counts = np.bincount(ids, minlength=n)
            padded = np.full((n, int(counts.max(initial=0)), width), -0.0, dtype=np.float32)
            # each row's place in its list: its index less the index of its list's first row
            padded[ids, np.arange(len(ids)) - (np.cumsum(counts) - counts)[ids]] = self.weights.take(rows, axis=0)
        return _SUM(padded, axis=1) + self.bias

    def rows(self, feats) -> list:
        """The rows of the features' buckets, each once, in bucket order: ``_matched(buckets, F.hashed(feats))``
        (the same rows in the same order, so the same float32 sums)."""
        get = self._row_view()
        found = {get[_crc32(_encode(f)) & _MASK] for f in feats}
        found.discard(-1)
        return sorted(found)

    def rows_many(self, feats_lists) -> list:
        """``rows(feats)`` of each list."""
        if sum(map(len, feats_lists)) < ARRAY_AFTER:
            return [self.rows(feats) for feats in feats_lists]
        ids, rows = self._list_rows(feats_lists)
        bounds = np.searchsorted(ids, np.arange(len(feats_lists) + 1)).tolist()
        rows = rows.tolist()
        return [rows[a:b] for a, b in zip(bounds, bounds[1:])]

    def _list_rows(self, feats_lists):
        """(list index, row) arrays of each distinct row the features of each list have, sorted by list then row:
        the strings of every list hashed in one pass, their buckets' rows read in one array lookup."""
        lens = np.fromiter(map(len, feats_lists), dtype=np.int64, count=len(feats_lists))
        crcs = np.fromiter(map(_crc32, map(_encode, _chain(feats_lists))), dtype=np.int64, count=int(lens.sum()))
        rows = self._by_bucket_array()[crcs & _MASK]
        ids = np.repeat(np.arange(len(feats_lists), dtype=np.int64), lens)
        hit = rows >= 0
        stride = len(self.buckets) + 1
        key = np.unique(ids[hit] * stride + rows[hit])  # sorted by list, then by row; each row once per list
        return key // stride, key % stride

    def _by_bucket_array(self) -> np.ndarray:
        """Bucket -> its first row (as ``_matched`` finds it), -1 where the model has none (4 MiB, made once)."""
        if self._by_bucket is None:
            by_bucket = np.full(F.DIM, -1, dtype=np.int32)
            first, row = np.unique(self.buckets, return_index=True)
            keep = (first >= 0) & (first < F.DIM)
            by_bucket[first[keep]] = row[keep]
            self._by_bucket = by_bucket
            self._view = memoryview(by_bucket)
        return self._by_bucket

    def _row_view(self):
        """``_by_bucket_array()`` as a memoryview: one bucket's row read as a Python int, without a numpy scalar."""
        if self._by_bucket is None:
            self._by_bucket_array()
        return self._view

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
