"""Office holders converted from open data (``data/open_people.csv``, written by ``tools/build_kb.py``).

Some 85,000 people are too many for the knowledge base's object trie to load quickly, so they live in
a flat index of plain tuples, stored in a packed file read in place (``kb_file``) and turned into
:class:`~detente.actors.kb.Entry` objects only when a mention matches. Every name has at least two
words; the index is keyed by its first two token keys.
"""
from __future__ import annotations

import csv
import functools
import pathlib
from typing import Sequence

from detente.actors import text as T
from detente.actors.codes import normalize_country

DATA = pathlib.Path(__file__).parent / "data"
PEOPLE = DATA / "open_people.csv"
SOURCES = DATA / "open_sources.csv"
FORMAT = 3
ABSENT = 50_000  # pairs of words remembered per process as starting no name


class OpenIndex:
    """Names -> people with dated terms; :meth:`match` mirrors ``KnowledgeBase.match``."""

    def __init__(self, index: dict, rows: list):
        self.index = index  # "first second" -> ("other keys", "capitalisation mask", row, ...) flattened
        self.rows = rows  # (name, code, terms): terms one per line, fields tab-separated (few objects)
        self._entries: dict[int, object] = {}
        self._absent: set[str] = set()  # first two keys looked up and not found (nearly every pair of a text)

    def __len__(self) -> int:
        return len(self.rows)

    def match(self, tokens: Sequence[T.Tok], i: int) -> tuple[int, tuple]:
        if i + 1 >= len(tokens):
            return 0, ()
        pair = tokens[i].key + " " + tokens[i + 1].key
        if pair in self._absent:
            return 0, ()
        found = self.index.get(pair)
        if not found:
            if len(self._absent) >= ABSENT:
                self._absent.clear()  # bounded: a long run does not grow with every pair of words it meets
            self._absent.add(pair)
            return 0, ()
        best, hits = 0, []
        for k in range(0, len(found), 3):
            rest, need, row = found[k].split(), found[k + 1], found[k + 2]
            n = 2 + len(rest)
            if n < best or i + n > len(tokens):
                continue
            if all(tokens[i + 2 + j].key == w for j, w in enumerate(rest)) \
                    and T.fits(tokens, i, tuple(map(int, need))):
                if n > best:
                    best, hits = n, []
                hits.append(row)
        return best, tuple(self.entry(r) for r in dict.fromkeys(hits))

    def entry(self, row: int):
        e = self._entries.get(row)
        if e is None:
            from detente.actors.entries import RANK_OPEN, Entry, Term

            name, code, terms = self.rows[row]
            e = Entry("person:" + name, name, "person", code or None, None, (),
                      tuple(Term(c or None, s or None, tuple(m.split()), a or None, b or None, r, src)
                            for c, s, m, a, b, r, src in (t.split("\t") for t in terms.split("\n"))),
                      rank=RANK_OPEN, source=PEOPLE.name)
            self._entries[row] = e
        return e


def build(path: pathlib.Path = PEOPLE) -> tuple[dict, list]:
    """(index, rows) from ``open_people.csv``: terms grouped by name, ordered as the resolver wants them."""
    from detente.actors.entries import Term, _ordered, _sector_pair, _split

    groups: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            name = row["name"].strip()  # namesakes of different countries are different people
            g = groups.setdefault((name, normalize_country(row.get("country"))), {"aliases": set(), "terms": []})
            g["aliases"].update(_split(row.get("aliases") or ""))
            sec, more = _sector_pair(row.get("sector"))
            g["terms"].append(Term(normalize_country(row.get("country")), sec, more, row["start"] or None,
                                   row["end"] or None, row.get("role") or "", row.get("source") or ""))
    index: dict[str, list] = {}
    rows = []
    for (name, _), g in groups.items():
        terms = _ordered(g["terms"])
        rows.append((name, terms[0].code or "", "\n".join(
            "\t".join((t.code or "", t.sector or "", " ".join(t.sectors), t.start or "", t.end or "",
                       t.role.replace("\t", " "), t.source)) for t in terms)))
        for form in dict.fromkeys([name, *sorted(g["aliases"])]):
            keys, need = T.analyse(form)
            if len(keys) >= 2 and all(" " not in k for k in keys):
                index.setdefault(keys[0] + " " + keys[1], []).extend(
                    (" ".join(keys[2:]), "".join(map(str, need)), len(rows) - 1))
    return {k: tuple(v) for k, v in index.items()}, rows


@functools.lru_cache(maxsize=1)
def load() -> OpenIndex | None:
    """The open-data index, read in place from its packed file in the disk cache (detente.cache,
    detente.actors.kb_file), written again when ``open_people.csv`` or this code changed; None when the
    file is absent."""
    if not PEOPLE.exists():
        return None
    from detente.actors import kb_file
    from detente.cache import cached_file

    stored = cached_file(f"actors-open{FORMAT}.{kb_file.FORMAT}", [PEOPLE, pathlib.Path(__file__)],
                         lambda p: kb_file.write_open(*build(), p), kb_file.read_open)
    return OpenIndex(*(stored if stored is not None else build()))


@functools.lru_cache(maxsize=1)
def sources() -> dict[str, tuple[str, str, str]]:
    """Source key (``ep:kenya``, ``congress``, ``ifg``, ``partyfacts``) -> (repository, commit, licence)."""
    if not SOURCES.exists():
        return {}
    with SOURCES.open(encoding="utf-8") as fh:
        return {r["key"]: (r["repository"], r["commit"], r["licence"])
                for r in csv.DictReader(line for line in fh if not line.startswith("#"))}


def describe_source(key: str) -> str:
    """"every-politician-scrapers/kenya@4a3b39c (Wikidata facts (CC0) ...)" for a source key."""
    repo, commit, licence = sources().get(key, (key, "", ""))
    return f"{repo}@{commit[:7]} ({licence})" if commit else key
