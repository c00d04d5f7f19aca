"""Feature hashing: a feature string becomes a bucket number, so a trained model ships numbers and weights
only, never the words it was trained on (the event coder's scheme: CRC-32 of the UTF-8 string, masked to
``DIM`` buckets; ``detente/events/features.py`` hashes the same way)."""
from __future__ import annotations

import zlib

DIM = 1 << 20


def bucket(feature: str, dim: int = DIM) -> int:
    """The bucket of one feature string, 0 <= bucket < ``dim`` (a power of two)."""
    return zlib.crc32(feature.encode("utf-8")) & (dim - 1)
