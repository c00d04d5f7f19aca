"""Read-only packed files: knowledge (gazetteer, actor knowledge base) read in place instead of unpickled.

A packed file holds named *sections* of records (bytes), each optionally keyed by a string, and a small
``meta`` value. It is memory-mapped: opening costs a few system calls whatever its size, a lookup reads only
the pages it needs, and processes forked after opening (or opening the same file) share those pages
through the page cache. Keys are found through a hash table (CRC-32 buckets), so a lookup is one hash
and usually one key comparison. Values are :mod:`marshal` bytes chosen by the writer; the cache key of a
packed file includes the Python version (marshal's format may change between versions).

    write(path, {"names": (keys, values)}, meta)
    pack = Packed(path); pack.section("names").get("key") -> bytes | None
"""
from __future__ import annotations

import marshal
import mmap
import struct
import weakref
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Iterator, Sequence

MAGIC = b"DTNTPK01"
_MAPS: "weakref.WeakSet[mmap.mmap]" = weakref.WeakSet()  # the maps of the packed files open in this process (the
# sections read through them keep them alive, not the Packed object): for release()
_HEAD = struct.Struct("<8sQQ")  # magic, offset and length of the table of contents (marshal)


def _align(fh) -> int:
    pos = fh.tell()
    if pos % 8:
        fh.write(b"\0" * (8 - pos % 8))
    return fh.tell()


def _offsets(parts: Sequence[bytes]) -> bytes:
    out, pos = [0], 0
    for p in parts:
        pos += len(p)
        out.append(pos)
    return struct.pack(f"<{len(out)}Q", *out)


def write(path: str | Path, sections: dict[str, tuple[Sequence[str] | None, Sequence[bytes]]], meta=None) -> None:
    """Write ``sections`` (name -> (keys or None, values)) and ``meta`` (any marshal-able value) to ``path``.

    Keys, when given, are one per value and unique within their section."""
    toc: dict = {"meta": meta, "sections": {}}
    with open(path, "wb") as fh:
        fh.write(_HEAD.pack(MAGIC, 0, 0))
        for name, (keys, values) in sections.items():
            n = len(values)
            entry = {"n": n}
            entry["voff"] = _align(fh)
            fh.write(_offsets(values))
            entry["vblob"] = _align(fh)
            for v in values:
                fh.write(v)
            if keys is not None:
                if len(keys) != n:
                    raise ValueError(f"section {name!r}: {len(keys)} keys for {n} values")
                raw = [k.encode("utf-8", "surrogatepass") for k in keys]
                buckets = max(1, n)
                by_bucket: list[list[int]] = [[] for _ in range(buckets)]
                for i, k in enumerate(raw):
                    by_bucket[zlib.crc32(k) % buckets].append(i)
                starts, slots = [0], []
                for b in by_bucket:
                    slots += b
                    starts.append(len(slots))
                entry["buckets"] = buckets
                entry["koff"] = _align(fh)
                fh.write(_offsets(raw))
                entry["kblob"] = _align(fh)
                for k in raw:
                    fh.write(k)
                entry["boff"] = _align(fh)
                fh.write(struct.pack(f"<{len(starts)}Q", *starts))
                entry["soff"] = _align(fh)
                fh.write(struct.pack(f"<{len(slots)}Q", *slots))
            toc["sections"][name] = entry
        where = _align(fh)
        blob = marshal.dumps(toc)
        fh.write(blob)
        fh.seek(0)
        fh.write(_HEAD.pack(MAGIC, where, len(blob)))


class Section:
    """Records of one section: ``value(i)``, ``get(key)``, ``keys()``; values are bytes."""

    def __init__(self, mm: mmap.mmap, view: memoryview, entry: dict):
        self._mm = mm
        self.n = entry["n"]
        self._values = view[entry["voff"]:entry["voff"] + 8 * (self.n + 1)].cast("Q")
        self._vblob = entry["vblob"]
        self._buckets = entry.get("buckets", 0)
        if self._buckets:
            self._keys = view[entry["koff"]:entry["koff"] + 8 * (self.n + 1)].cast("Q")
            self._kblob = entry["kblob"]
            self._starts = view[entry["boff"]:entry["boff"] + 8 * (self._buckets + 1)].cast("Q")
            self._slots = view[entry["soff"]:entry["soff"] + 8 * self.n].cast("Q")

    def __len__(self) -> int:
        return self.n

    def value(self, i: int) -> bytes:
        base = self._vblob
        return self._mm[base + self._values[i]:base + self._values[i + 1]]

    def find(self, key: str) -> int:
        """The record index of ``key``, or -1."""
        if not self._buckets:
            raise TypeError("this section has no keys")
        raw = key.encode("utf-8", "surrogatepass")
        b = zlib.crc32(raw) % self._buckets
        keys, base, mm = self._keys, self._kblob, self._mm
        for s in self._slots[self._starts[b]:self._starts[b + 1]]:
            if mm[base + keys[s]:base + keys[s + 1]] == raw:
                return s
        return -1

    def get(self, key: str) -> bytes | None:
        i = self.find(key)
        return None if i < 0 else self.value(i)

    def key(self, i: int) -> str:
        return self._mm[self._kblob + self._keys[i]:self._kblob + self._keys[i + 1]].decode("utf-8", "surrogatepass")

    def keys(self) -> Iterator[str]:
        """Every key, in the order written."""
        return (self.key(i) for i in range(self.n))


class SectionMapping(Mapping):
    """A read-only mapping over a keyed section: a subclass sets ``_section`` and defines ``get(key, default)``
    (decoding a record when it is first looked up; a value is never None); keys, length and membership are the
    section's."""

    _section: Section

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self._section.find(key) >= 0

    def __iter__(self):
        return self._section.keys()

    def __len__(self) -> int:
        return len(self._section)


class Packed:
    """A packed file opened read-only and memory-mapped for the life of the process (the map stays valid
    if the file is replaced or removed meanwhile). Pickles as its path."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        with open(self.path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        if len(self._mm) < _HEAD.size:
            raise ValueError(f"{self.path}: not a complete packed file")
        magic, where, length = _HEAD.unpack(self._mm[:_HEAD.size])
        if magic != MAGIC or not where or where + length > len(self._mm):
            raise ValueError(f"{self.path}: not a complete packed file")
        toc = marshal.loads(self._mm[where:where + length])
        self.meta = toc["meta"]
        view = memoryview(self._mm)
        self._sections = {name: Section(self._mm, view, e) for name, e in toc["sections"].items()}
        _MAPS.add(self._mm)

    def release(self) -> None:
        """Unmap the pages read so far from this process (they stay in the page cache; the next lookup maps
        its page again, a minor fault). Lookups scatter over the whole file, and every page a process has
        touched counts in its resident size: over 2,000 articles the three files grew from 16 to 51 MiB."""
        _release(self._mm)

    def section(self, name: str) -> Section:
        return self._sections[name]

    def __reduce__(self):
        return (Packed, (self.path,))


def release() -> None:
    """:meth:`Packed.release` for every packed file this process has open (answers are unchanged)."""
    for mm in list(_MAPS):
        _release(mm)


def _release(mm: mmap.mmap) -> None:
    if hasattr(mmap, "MADV_DONTNEED") and not mm.closed:
        mm.madvise(mmap.MADV_DONTNEED)
