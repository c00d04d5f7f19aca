"""The bundled knowledge base and the open-data index stored as packed files (detente.packed), read in place.

Only how they are stored: unpickling the knowledge base (67,000 entries in a trie of 133,000 nodes) took a
second or more per process. The packed file holds each entry once (``entries``: its fields, terms as
tuples) and, per first token key, that key's subtree of the trie with entry numbers in its leaves
(``trie``); ``by_code`` is in the file's ``meta``. :class:`Trie` is the read-only mapping the knowledge
base's root expects; a subtree is decoded when a token first reaches it and kept (the ``NODES`` most recently used:
a long run meets ever more first words, and decoded subtrees with their entries came to tens of MiB). Each
entry is one :class:`Entry` object per process for as long as anything holds it, so the same entry under two
names is the same object, as in the pickled knowledge base (the resolver compares by identity); an entry that
nothing holds any more is let go and made again (equal) when a token next reaches it.
"""
from __future__ import annotations

import dataclasses
import marshal
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path

from detente import packed
from detente.actors.entries import Entry, Term

FORMAT = "2"  # part of the cache names: change it when the layouts below change
WORD_KINDS = ("sector",)  # KnowledgeBase.words_of_kind answered from the file for these kinds
ABSENT = 50_000  # missing keys remembered per process
NODES = 2048  # decoded subtrees kept per process, the least recently used let go first (60 Guardian articles
# reach about 1,500 first words, 400 Reuters 1,900: with 1,024 cleared at once, predict events spent 5% more CPU)
_ENTRY = tuple(f.name for f in dataclasses.fields(Entry))
_TERM = tuple(f.name for f in dataclasses.fields(Term))


def _encode_entry(e: Entry) -> bytes:
    fields = [getattr(e, f) for f in _ENTRY]
    fields[_ENTRY.index("terms")] = tuple(tuple(getattr(t, f) for f in _TERM) for t in e.terms)
    return marshal.dumps(tuple(fields))


def _decode_entry(raw: bytes) -> Entry:
    fields = list(marshal.loads(raw))
    i = _ENTRY.index("terms")
    fields[i] = tuple(Term(*t) for t in fields[i])
    return Entry(*fields)


def write(kb, path: Path) -> None:
    """Write a knowledge base without a base or open index (the bundled one) to ``path``."""
    from detente.actors.entries import LEAF

    numbers: dict[int, int] = {}
    values: list[bytes] = []

    def number(e: Entry) -> int:
        n = numbers.get(id(e))
        if n is None:
            n = numbers[id(e)] = len(values)
            values.append(_encode_entry(e))
        return n

    def plain(node: dict) -> dict:
        return {k: ([(number(e), need) for e, need in v] if k is LEAF else plain(v)) for k, v in node.items()}

    for e in kb.entries:
        number(e)
    if LEAF in kb.trie:
        raise ValueError("the trie's root holds entries")
    keys = list(kb.trie)
    records = [marshal.dumps(plain(kb.trie[k])) for k in keys]
    meta = {"entries": len(kb.entries), "by_code": {c: number(e) for c, e in kb.by_code.items()},
            "words": {kind: kb.words_of_kind(kind) for kind in WORD_KINDS}}
    packed.write(path, {"entries": (None, values), "trie": (keys, records)}, meta)


class Entries(Sequence):
    """Entry number -> the one Entry object of this process (the first ``count`` are ``kb.entries``)."""

    def __init__(self, section: packed.Section, count: int):
        self._section, self._count = section, count
        self._made: weakref.WeakValueDictionary[int, Entry] = weakref.WeakValueDictionary()  # alive ones only

    def one(self, n: int) -> Entry:
        e = self._made.get(n)
        if e is None:
            e = self._made.setdefault(n, _decode_entry(self._section.value(n)))
        return e

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self.one(n) for n in range(self._count)[i])
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        return self.one(i)

    def __len__(self) -> int:
        return self._count


class Node:
    """A decoded subtree of the stored trie, read like the in-memory trie's dicts (``get``, ``items``, ``in``):
    ``LEAF`` (None) -> [(Entry, capitalisation mask)], a token key -> the child Node. A child and a leaf's
    entries are made when first read, not when the subtree is decoded: a common first word ("new", "the")
    heads thousands of names of which a text walks a few (issue 19: making every entry of each subtree reached
    was a third of the actors stage, since the memories are emptied after each batch)."""

    __slots__ = ("_raw", "_entries", "_made")

    def __init__(self, raw: dict, entries: "Entries"):
        self._raw, self._entries, self._made = raw, entries, {}

    def get(self, key, default=None):
        made = self._made.get(key)
        if made is not None:
            return made
        raw = self._raw.get(key)
        if raw is None:
            return default
        one = self._entries.one
        made = self._made[key] = [(one(n), need) for n, need in raw] if key is None else Node(raw, self._entries)
        return made

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return key in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def items(self):
        return [(k, self[k]) for k in self._raw]


class Trie(packed.SectionMapping):
    """First token key -> its subtree (:class:`Node`, read like plain dicts, leaves of (Entry, capitalisation
    mask)), decoded once."""

    def __init__(self, section: packed.Section, entries: Entries, words: dict):
        self._section, self._entries, self._words = section, entries, words
        self._nodes: OrderedDict[str, dict] = OrderedDict()  # least recently used first
        self._absent: set[str] = set()  # keys looked up and not found (most words of a text)

    def words_of_kind(self, kind: str) -> list[str] | None:
        """``KnowledgeBase.words_of_kind`` as written in the file (None for a kind it does not hold)."""
        found = self._words.get(kind)
        return None if found is None else list(found)

    def get(self, key, default=None):
        node = self._nodes.get(key)
        if node is not None:
            self._nodes.move_to_end(key)
            return node
        if not isinstance(key, str):
            return default
        if key in self._absent:
            return default
        i = self._section.find(key)
        if i < 0:
            if len(self._absent) >= ABSENT:
                self._absent.clear()  # bounded: a long run does not grow with every word it meets
            self._absent.add(key)
            return default
        if len(self._nodes) >= NODES:  # bounded: the least recently used is decoded again when met again
            self._nodes.popitem(last=False)  # (entries still held elsewhere stay the same objects)
        node = self._nodes[key] = Node(marshal.loads(self._section.value(i)), self._entries)
        return node

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and (key in self._nodes or self._section.find(key) >= 0)


def read(path: Path, knowledge_base: type):
    """The bundled knowledge base stored at ``path``, as a ``knowledge_base`` (detente.actors.kb.KnowledgeBase,
    passed in: kb reads this file, so an import back would be a circle); nothing is decoded until a token
    reaches it."""
    pack = packed.Packed(path)
    entries = Entries(pack.section("entries"), pack.meta["entries"])
    by_code = {c: entries.one(n) for c, n in pack.meta["by_code"].items()}
    return knowledge_base(entries, Trie(pack.section("trie"), entries, pack.meta["words"]), by_code)


# ------------------------------------------------------------------ the open-data index (openkb.OpenIndex)
def write_open(index: dict, rows: list, path: Path) -> None:
    keys = list(index)
    packed.write(path, {"index": (keys, [marshal.dumps(index[k]) for k in keys]),
                        "rows": (None, [marshal.dumps(r) for r in rows])})


class _OpenIndex(packed.SectionMapping):
    def __init__(self, section: packed.Section):
        self._section = section

    def get(self, key, default=None):
        raw = self._section.get(key) if isinstance(key, str) else None
        return default if raw is None else marshal.loads(raw)


class _Rows(Sequence):
    def __init__(self, section: packed.Section):
        self._section = section

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[n] for n in range(len(self))[i]]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return marshal.loads(self._section.value(i))

    def __len__(self) -> int:
        return len(self._section)


def read_open(path: Path) -> tuple[Mapping, Sequence]:
    """(index, rows) as ``openkb.OpenIndex`` takes them, read in place."""
    pack = packed.Packed(path)
    return _OpenIndex(pack.section("index")), _Rows(pack.section("rows"))
