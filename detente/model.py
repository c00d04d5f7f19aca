"""The frozen record types every stage reads and writes.

One article flows through the pipeline as an :class:`Analysis`; each stage returns a
new ``Analysis`` (``dataclasses.replace``) with its own fields filled in. Offsets are
character offsets into ``Article.text`` (Python string indices, end exclusive).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

# Article status values.
OK = "ok"
UNSUPPORTED_LANGUAGE = "unsupported language"
QUARANTINED = "quarantined"

# Event modality values. Only asserted and historical events count as having happened; "claimed" is an act
# reported only as one party's allegation ("Kyiv said Russian drones struck ..."), not as fact.
MODALITIES = ("asserted", "negated", "hypothetical", "future", "question", "historical", "claimed")
HAPPENED = frozenset({"asserted", "historical"})

# Date precision values.
PRECISIONS = ("day", "month", "year")


def content_id(text: str) -> str:
    """The article id: a hash of its whitespace-normalised text (same text, same id)."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    author: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO date YYYY-MM-DD, or None when the article has none
    language: Optional[str] = None  # ISO 639-1
    reader: str = "text"
    source: Optional[str] = None  # file path / record locator the article came from
    status: str = OK
    note: Optional[str] = None  # e.g. a translation note found after the text

    @classmethod
    def create(cls, text: str, **meta: Any) -> "Article":
        return cls(id=content_id(text), text=text, **meta)


@dataclass(frozen=True)
class Actor:
    """An actor mention resolved to an identity.

    ``code`` is an ISO 3166 alpha-3 country or a PLOVER international code (IGO, UNO, EUR,
    NGO, ISM, IMG, MNC); ``sector`` a PLOVER v0.8 sector code; ``name`` the canonical
    name; ``id`` an optional knowledge-base identifier; ``span`` where the mention is.
    """

    code: Optional[str]
    sector: Optional[str]
    name: str
    span: Optional[Span] = None
    id: Optional[str] = None
    sectors: tuple = ()  # secondary sectors (e.g. PRE)


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    country: Optional[str] = None  # ISO3
    geonames_id: Optional[int] = None
    span: Optional[Span] = None
    kind: Optional[str] = None  # city, country, region, ...


@dataclass(frozen=True)
class Timex:
    span: Span
    value: str  # TimeML value: YYYY, YYYY-MM, YYYY-MM-DD, or a duration like P2Y
    kind: str = "DATE"  # DATE, DURATION, SET, TIME


@dataclass(frozen=True)
class Evidence:
    sentence: str
    sentence_index: int
    sentence_start: int  # offset of the sentence in the article text
    trigger: Span
    source: tuple = ()  # tuple[Span]
    target: tuple = ()  # tuple[Span]


@dataclass(frozen=True)
class Event:
    event: str  # PLOVER v0.8 type
    mode: Optional[str]
    cameo: Optional[str]
    score: float  # PLOVER intensity (-10 .. 10)
    source: tuple  # tuple[Actor]
    target: tuple  # tuple[Actor]
    modality: str
    evidence: Evidence
    coder: str  # coder name@version
    date: Optional[str] = None
    date_precision: Optional[str] = None
    date_origin: Optional[str] = None  # "text" or "article"
    place: Optional[Place] = None
    confidence: float = 1.0
    reporter: Optional[Actor] = None  # who reported it ("X said that ...")
    context: tuple = ()

    @property
    def key(self) -> str:
        """Deterministic key: same article, sentence, trigger, type and actors give the same key."""
        parts = [
            self.evidence.sentence_index,
            self.evidence.trigger.start,
            self.event,
            sorted(a.code or "" for a in self.source),
            sorted(a.code or "" for a in self.target),
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]

    @property
    def happened(self) -> bool:
        return self.modality in HAPPENED


@dataclass(frozen=True)
class Stance:
    actor: str  # actor code
    polarity: float  # -1 .. 1
    mentions: int = 1


@dataclass(frozen=True)
class Analysis:
    """Everything detente knows about one article. ``doc`` is the spaCy Doc (not stored)."""

    article: Article
    doc: Any = field(default=None, compare=False, repr=False)
    actors: tuple = ()  # tuple[Actor] (mentions)
    events: tuple = ()  # tuple[Event]
    timexes: tuple = ()  # tuple[Timex]
    places: tuple = ()  # tuple[Place]
    stance: tuple = ()  # tuple[Stance]
    error: Optional[str] = None


def to_dict(obj: Any) -> dict:
    """A JSON-ready dict of a record (drops the spaCy doc)."""
    d = asdict(obj)
    d.pop("doc", None)
    return d


def _span(d):
    return Span(**d) if d else None


def _actor(d):
    return Actor(**{**d, "span": _span(d.get("span")), "sectors": tuple(d.get("sectors") or ())}) if d else None


def _event(d):
    ev = d["evidence"]
    evidence = Evidence(**{**ev, "trigger": _span(ev["trigger"]), "source": tuple(_span(s) for s in ev["source"]),
                           "target": tuple(_span(s) for s in ev["target"])})
    place = d.get("place")
    return Event(**{**d, "source": tuple(_actor(a) for a in d["source"]), "target": tuple(_actor(a) for a in d["target"]),
                    "evidence": evidence, "reporter": _actor(d.get("reporter")), "context": tuple(d.get("context") or ()),
                    "place": Place(**{**place, "span": _span(place.get("span"))}) if place else None})


def analysis_from_dict(d: dict) -> Analysis:
    """Rebuild an Analysis from ``to_dict`` output (records cross process and Parquet boundaries as dicts)."""
    return Analysis(
        article=Article(**d["article"]),
        actors=tuple(_actor(a) for a in d.get("actors", ())),
        events=tuple(_event(e) for e in d.get("events", ())),
        timexes=tuple(Timex(**{**t, "span": _span(t["span"])}) for t in d.get("timexes", ())),
        places=tuple(Place(**{**p, "span": _span(p.get("span"))}) for p in d.get("places", ())),
        stance=tuple(Stance(**s) for s in d.get("stance", ())),
        error=d.get("error"),
    )
