"""The gazetteer stored as a packed file (detente.packed) and read in place: only how it is stored.

Loading the whole gazetteer (about 250,000 entries under 245,000 names) as Python objects took 1.5 s or
more per process. The packed file holds each entry once (``entries``, a tuple of its fields) and, per index
key, the numbers of its entries (``index``); the demonym, country and state tables (a few hundred entries)
are in the file's ``meta``. :class:`Index` is the read-only mapping ``Gazetteer.index`` expects: a key's
entries are decoded when it is looked up. Each entry becomes one :class:`Entry` object per process, made on
first use and kept, so an entry reached under two names (or as ``countries[...]``) is the same object,
as it was in the pickled gazetteer (callers compare by identity). The answers are those of the gazetteer
the file was written from.
"""
from __future__ import annotations

import dataclasses
import marshal
from pathlib import Path
from types import MappingProxyType

from detente import packed

FORMAT = "1"  # part of the cache name: change it when the layout below changes
TABLES = ("demonyms", "countries", "states")
SEEN = 50_000  # lookups remembered per process (a name is looked up many times in a run)


# The gazetteer's record types (detente.where.gazetteer.Entry and Gazetteer) are passed in by the caller, not
# imported: gazetteer.load() reads this file, so an import back would be a circle.


def write(gaz, path: Path) -> None:
    """Write the gazetteer ``gaz`` to ``path``: every distinct entry object once (its dataclass fields in
    order), keys in the index's order."""
    numbers: dict[int, int] = {}
    values: list[bytes] = []

    def number(e) -> int:
        n = numbers.get(id(e))
        if n is None:
            n = numbers[id(e)] = len(values)
            values.append(marshal.dumps(tuple(getattr(e, f.name) for f in dataclasses.fields(e))))
        return n

    keys, records = [], []
    for key, entries in gaz.index.items():
        keys.append(key)
        records.append(marshal.dumps(tuple(number(e) for e in entries)))
    meta = {t: {k: number(e) for k, e in getattr(gaz, t).items()} for t in TABLES}
    packed.write(path, {"entries": (None, values), "index": (keys, records)}, meta)


class _Entries:
    """Entry number -> the one Entry object of this process."""

    def __init__(self, section: packed.Section, entry_type: type):
        self._section, self._type = section, entry_type
        self._made: dict[int, object] = {}

    def __call__(self, n: int):
        e = self._made.get(n)
        if e is None:
            e = self._made.setdefault(n, self._type(*marshal.loads(self._section.value(n))))
        return e


class Index(packed.SectionMapping):
    """Folded name -> tuple of entries, read from the packed file on lookup (read-only)."""

    def __init__(self, section: packed.Section, entry: _Entries):
        self._section, self._entry = section, entry
        self._seen: dict[str, tuple | None] = {}  # the answers of recent lookups, hits and misses

    def get(self, key, default=None):
        try:
            found = self._seen[key]
        except KeyError:
            found = self._look(key)
        return default if found is None else found

    def _look(self, key):
        if not isinstance(key, str):
            return None
        i = self._section.find(key)
        found = None if i < 0 else tuple(map(self._entry, marshal.loads(self._section.value(i))))
        if len(self._seen) >= SEEN:
            self._seen.clear()  # bounded: a long run does not grow with every name it meets
        self._seen[key] = found
        return found



def read(path: Path, entry_type: type, gazetteer_type: type):
    """The gazetteer stored at ``path``, as ``gazetteer_type`` holding ``entry_type`` records (milliseconds:
    nothing is decoded until it is looked up)."""
    pack = packed.Packed(path)
    entry = _Entries(pack.section("entries"), entry_type)
    tables = [MappingProxyType({k: entry(n) for k, n in pack.meta[t].items()}) for t in TABLES]
    return gazetteer_type(Index(pack.section("index"), entry), *tables)
