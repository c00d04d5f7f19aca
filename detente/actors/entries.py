"""The knowledge base's record types: an identity (:class:`Entry`) with its dated terms (:class:`Term`), the ranks
that order sources, and the error a malformed file raises. Shared by the knowledge base and its importers
(Phoenix dictionaries, user dictionaries), which import from here, not from each other."""
from __future__ import annotations

from dataclasses import dataclass

LEAF = None  # trie key under which a node keeps its (entry, capitalisation mask) pairs

RANK_USER, RANK_CURATED, RANK_SECTOR, RANK_OPEN, RANK_IMPORTED, RANK_CITY = 90, 60, 50, 45, 40, 10


class KnowledgeBaseError(ValueError):
    """A knowledge-base or user-dictionary file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Term:
    """A dated code: who someone was between ``start`` and ``end`` (ISO dates, inclusive)."""

    code: str | None
    sector: str | None
    sectors: tuple = ()
    start: str | None = None
    end: str | None = None
    role: str = ""
    source: str = ""  # where the term comes from (a key of data/open_sources.csv, or a file name)

    def covers(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Entry:
    """One knowledge-base identity. ``kind``: country, adjective, people, capital, seat, partial,
    org, person, sector, modifier, city. ``code``/``sector`` are the undated default."""

    id: str
    name: str
    kind: str
    code: str | None = None
    sector: str | None = None
    sectors: tuple = ()
    terms: tuple = ()  # tuple[Term]
    rank: int = RANK_CURATED
    source: str = ""


def _split(value: str, sep: str = ";") -> list[str]:
    return [v.strip() for v in value.split(sep) if v.strip()]


def _sector_pair(value: str | None) -> tuple[str | None, tuple]:
    parts = (value or "").split()
    return (parts[0] if parts else None), tuple(parts[1:])


# Among a person's terms active on one day the last wins (``resolver.term_at``): a seat in a legislature
# yields to an office, an office to the government.
_TERM_ORDER = {"LEG": 0, "PTY": 0, "OPP": 0}


def _ordered(terms) -> tuple:
    """Terms by start date, except that overlapping ones put the stronger office last."""
    terms = sorted(terms, key=lambda t: t.start or "")
    out: list = []
    for t in terms:
        out.append(t)
        i = len(out) - 1
        while i > 0 and (out[i - 1].end is None or (t.start or "") <= out[i - 1].end) \
                and _TERM_ORDER.get(out[i - 1].sector, 1 if out[i - 1].sector != "GOV" else 2) > \
                _TERM_ORDER.get(t.sector, 1 if t.sector != "GOV" else 2):
            out[i - 1], out[i] = out[i], out[i - 1]
            i -= 1
    return tuple(out)
