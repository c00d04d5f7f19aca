"""Ranking gazetteer candidates for the toponyms of one article.

A candidate's score adds up evidence that generalises across news:
- feature type for a bare name: country > first-level region > city;
- population (log scale) among cities;
- the article's context: countries it is about (given, or named unambiguously in it) and,
  for the US, the states it names;
- "City, State" / "City, Country" apposition, which restricts the first name.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from detente.where.gazetteer import Entry, Gazetteer

KIND_PRIOR = {
    "country": 9.0, "historical": 8.0, "continent": 8.5, "world-region": 8.0, "sea": 7.5,
    "region": 8.5, "state": 8.5, "province": 8.0, "county": 3.0, "city": 0.0,
}
BROAD = frozenset({"country", "continent", "world-region", "sea", "region", "province", "state", "historical"})
CONTEXT_COUNTRY = 3.0  # times the country's share of the article's clear mentions (the top one = 1)
CONTEXT_STATE = 3.0
NEARBY = 1.5  # per other name of the article with a reading near this one (spatial coherence)
MAX_SUPPORT = 3
NEAR_KM = 120
LOCAL = frozenset({"city", "county"})
LOCAL_INSTITUTION = 4.0


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple  # tuple[Entry]
    demonym: Optional[Entry] = None  # the country / region when the mention is an adjective or people name
    within: Optional[tuple] = None  # candidates of a following ", State" / ", Country"
    local: bool = False  # followed by a municipal institution ("City Council", "Police Department")
    weak: bool = False  # a town name found inside another name: a place only if confirmed


def base_score(e: Entry) -> float:
    score = KIND_PRIOR.get(e.kind, 0.0)
    if e.kind == "city":
        score += math.log10(max(e.population, 1000))
    elif e.kind == "country":
        score += 0.1 * math.log10(max(e.population, 1))
    return score


def _inside(e: Entry, region: Entry) -> bool:
    if region.kind == "state":
        return e.country == "USA" and e.admin1 == region.admin1
    return e.country is not None and e.country == region.country


def rank(m: Mention, ctx_countries: Counter, ctx_states: Counter, support=None) -> Optional[Entry]:
    cands = _unshadowed(m.candidates)
    if m.within:
        inner = [e for e in cands if any(_inside(e, r) for r in m.within) and e.kind in ("city", "county")]
        if inner:
            cands = inner
    if not cands:
        return None
    top_country = max(ctx_countries.values(), default=1) or 1
    top_state = max(ctx_states.values(), default=1) or 1

    def score(e: Entry) -> float:
        s = base_score(e)
        if e.country and ctx_countries.get(e.country):
            s += CONTEXT_COUNTRY * ctx_countries[e.country] / top_country
        if e.admin1 and ctx_states.get(e.admin1):
            s += CONTEXT_STATE * ctx_states[e.admin1] / top_state
        if m.local and e.kind in LOCAL:
            s += LOCAL_INSTITUTION
        if support is not None and e.kind in LOCAL:
            s += NEARBY * support(e, m.text.lower())
        return s

    return max(cands, key=score)


def _support_fn(mentions: Sequence[Mention]):
    """How many other names of the article have a reading within ``NEAR_KM`` of a candidate."""
    from detente.where.gazetteer import km

    groups: dict = {}
    for m in mentions:
        if not m.demonym and not m.weak and m.candidates:
            groups.setdefault(m.text.lower(), [c for c in m.candidates if c.kind in LOCAL])
    items = list(groups.items())

    def support(e: Entry, own: str) -> float:
        """Other names with a reading within NEAR_KM, plus half their closeness (ties: the nearest wins)."""
        n, closeness = 0, 0.0
        for name, cands in items:
            if name == own:
                continue
            near = [km(c.lat, c.lon, e.lat, e.lon) for c in cands if c is not e and abs(c.lat - e.lat) < 2]
            near = [d for d in near if d < NEAR_KM]
            if near:
                n += 1
                closeness += 1 - min(near) / NEAR_KM
        return min(n, MAX_SUPPORT) + 0.5 * closeness

    return support


def _unshadowed(cands: tuple) -> tuple:
    """A region named after its big city ("New York", "Aleppo") reads as the city."""
    big = {c.country for c in cands if c.kind == "city" and c.population >= 100_000}
    if not big:
        return cands
    return tuple(c for c in cands if not (c.kind == "province" and c.country in big))


def unambiguous(m: Mention) -> Optional[Entry]:
    """The reading of a mention clear without context: a single candidate, a country, or a
    city that outweighs the others by two orders of magnitude of population."""
    if m.demonym:
        return None
    cands = _unshadowed(m.candidates)
    if len(cands) == 1:
        return cands[0]
    top = sorted(cands, key=base_score, reverse=True)
    if top[0].kind in BROAD and base_score(top[0]) - base_score(top[1]) >= 3:
        return top[0]
    if top[0].kind == "city" and top[1].kind == "city" and base_score(top[0]) - base_score(top[1]) >= 1.5:
        return top[0]
    return None


def one_country(m: Mention) -> Optional[str]:
    """The country all the likely readings of a mention share ("Springfield": USA), else None."""
    if m.demonym or not m.candidates:
        return None
    best = max(base_score(c) for c in m.candidates)
    countries = {c.country for c in m.candidates if base_score(c) >= best - 2}
    return countries.pop() if len(countries) == 1 else None


def resolve(mentions: Sequence[Mention], gaz: Gazetteer, context_countries: Sequence[str] = ()) -> list:
    """Entries for the mentions (None where nothing fits), in two passes: clear readings
    first, which make the article's context, then every mention ranked with that context."""
    ctx_countries: Counter = Counter({c: 3.0 for c in context_countries})
    ctx_states: Counter = Counter()
    own: dict = {}  # name -> (countries, states) it contributed: a name is not its own context
    for m in mentions:
        if m.demonym:
            if m.demonym.country:
                ctx_countries[m.demonym.country] += 1
            continue
        if m.weak:
            continue
        e = unambiguous(m)
        if e is None:
            shared = one_country(m)
            if shared:
                ctx_countries[shared] += 0.5
            continue
        weight = 1.0 if e.kind in BROAD or e.population >= 100_000 else 0.5  # a lone small town says less
        mine = own.setdefault(m.text.lower(), (Counter(), Counter()))
        if e.country:
            ctx_countries[e.country] += weight
            mine[0][e.country] += weight
        if e.kind in ("state", "city", "county") and e.admin1:
            ctx_states[e.admin1] += weight
            mine[1][e.admin1] += weight
    support = _support_fn(mentions)
    out = []
    for m in mentions:
        if m.demonym:
            out.append(m.demonym)
            continue
        mine = own.get(m.text.lower())
        countries, states = (ctx_countries - mine[0], ctx_states - mine[1]) if mine else (ctx_countries, ctx_states)
        out.append(rank(m, countries, states, support))
    return out
