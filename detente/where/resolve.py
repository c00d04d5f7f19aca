"""Ranking gazetteer candidates for the toponyms of one article (method: ``README.md`` here).

A candidate's score adds up evidence that generalises across news:
- prior: feature type (country > state/region > province > county > town) and, for towns,
  log population; a national capital over a state of its name ("Washington"); a town named
  like a country or state ("Lebanon") needs more evidence;
- context: the share of the article's evidence (given countries, demonyms, the readings of
  its other names) in the candidate's country and US state;
- spatial coherence: closeness to the other names' readings (towns), or those readings
  inside it (states, regions, countries);
- what the text says about the name: "City, State" apposition restricts it; municipal
  words ("City Council", "a Lebanon man") favour towns, in English-speaking countries a
  little more; state words ("New York Gov.") choose the state; names listed together lean
  to one kind.

One sense per discourse: every mention of a name in an article gets the same reading, and
what one mention says holds for all of them. Resolution runs in rounds: clear readings make
the first context; then each name in turn is re-ranked with the latest readings of the others.
Last, the trained ranker (:mod:`detente.where.ranker`) re-reads every name of several
candidates from these scores and other features, and may drop a name as "none of these".
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional, Sequence

from detente.wordlists import word_list
from detente.where.amend import LOCAL, city_forms, localities, short_forms, written_as_words
from detente.where.gazetteer import Entry, Gazetteer, fold, km
from detente.where.localities import KIND as LOCALITY

KIND_PRIOR = {
    "country": 9.0, "historical": 8.0, "continent": 8.5, "world-region": 8.0, "sea": 7.5,
    "region": 8.5, "state": 8.5, "province": 8.0, "county": 3.0, "city": 0.0, "landmark": 8.0,
    "airport": 6.0,  # over a small town of the name elsewhere ("Heathrow", Florida)
    "water": 7.5, "natural": 7.5,  # a river, lake, island, range (data/natural.tsv): names no town or region bears
}
BROAD = frozenset({"country", "continent", "world-region", "sea", "region", "province", "state", "historical"})
FIRST_LEVEL = frozenset({"state", "province", "region"})  # kinds that may carry a first-level region code
CAPITAL = 3.0  # a national capital over a first-level region of the same name
CONTEXT_COUNTRY = 3.0  # times the country's share of the article's evidence
CONTEXT_STATE = 3.0
CURRENCY_WEIGHT = 1.0  # a currency the article writes counts as one demonym of each country using it
SPELLING_WEIGHT = 1.0  # so does the English spelling it writes more of, for each country of that spelling
NEARBY = 1.5  # times the closeness of the readings chosen for the other names
ANY_NEARBY = 1.5  # times the closeness of the other names' likeliest nearby readings
MAX_SUPPORT = 3
NEAR_KM = 150
HALF_KM = 40
LOCAL_INSTITUTION = 4.0
# English-language news that writes of a town's council, police or residents is most often
# local news from a country where English is the main language
ENGLISH = frozenset({"USA", "GBR", "CAN", "AUS", "NZL", "IRL"})
ENGLISH_LOCAL = 1.0
LISTED_KIND = 3.0  # a reading of the kind of the names listed with it ("Oregon and Washington")
ROUNDS = 3
MAX_MENTIONS = 3  # mentions of one name that count as evidence
UNCLEAR = 0.5  # weight of a reading chosen in context, against a clear one
MAX_COHERENCE = 6.0
SUPPORT_DECAY = 0.25  # a reading a hundred times smaller than its name's best supports a third as much
NAMED_COUNTY = 2.0  # a county outside the US, written by its bare name ("Suffolk", "Pangasinan"), is a major area
COLLISION = 3.0  # a town named like a country or state ("Lebanon", "California") needs more evidence


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
    state: bool = False  # the text calls it a state ("New York state", "state of Washington", "Ohio Gov.")
    listed: int = -1  # index of the list of names it stands in ("Georgia, Oklahoma and Texas"), -1 if none
    label: str = ""  # the tagger's label of the entity holding it ("" outside entities)
    marked: bool = False  # the words before it mark a place ("in", "near", "the town of")
    institution: bool = False  # a place or institution noun follows ("police", "camps", "region")


def article_evidence(text: str) -> Counter:
    """{country: weight} from how the article is written: the currencies it writes by their symbols
    and the English spelling it writes more of, each counted like one demonym of its countries."""
    out: Counter = Counter({c: CURRENCY_WEIGHT for c in currency_countries(text)})
    out.update({c: SPELLING_WEIGHT for c in spelling_countries(text)})
    return out


def currency_countries(text: str) -> frozenset:
    """The countries whose currency ``text`` writes by its symbol (``currency`` in data/words.yaml)."""
    return frozenset(c for symbol, countries in _CURRENCY if symbol in text for c in countries)


def spelling_countries(text: str) -> frozenset:
    """The countries of the English spelling ``text`` writes more words of (``spelling_us`` against
    ``spelling_uk`` in data/words.yaml), none when it writes as many of each."""
    words = Counter(_WORD.findall(text.lower()))
    us = sum(words[w] for w in _SPELLING["us"][0])
    uk = sum(words[w] for w in _SPELLING["uk"][0])
    return _SPELLING["us"][1] if us > uk else _SPELLING["uk"][1] if uk > us else frozenset()


def _rows(name: str) -> tuple:
    rows = (line.split() for line in word_list(Path(__file__).parent / "data" / "words.yaml", name))
    return tuple((r[0], tuple(r[1:])) for r in rows if len(r) > 1)


_CURRENCY = _rows("currency")
_SPELLING = {kind: (frozenset(word_list(Path(__file__).parent / "data" / "words.yaml", f"spelling_{kind}")),
                    frozenset(countries)) for kind, countries in _rows("spelling_countries")}
_WORD = re.compile(r"[a-z]+")


def base_score(e: Entry, collides: bool = False) -> float:
    score = KIND_PRIOR.get(e.kind, 0.0)
    if e.kind == "city":
        score += math.log10(max(e.population, 1000))
        if e.capital and collides:
            score += CAPITAL
    elif e.kind == "country":
        score += 0.1 * math.log10(max(e.population, 1))
    elif e.kind == "county" and e.country != "USA":
        score += NAMED_COUNTY
    return score


def first_level(e: Entry) -> bool:
    """A US state, or a province or region whose towns bear its GeoNames first-level code."""
    return e.kind == "state" or (bool(e.admin1) and e.kind in FIRST_LEVEL)


def inside(e: Entry, region: Entry) -> bool:
    """Whether a place lies in a US state or in a country's region or the country."""
    if first_level(region):
        return e.country == region.country and e.admin1 == region.admin1
    return e.country is not None and e.country == region.country


@dataclass
class _Group:
    """All the mentions of one name in an article."""

    key: str
    mentions: list
    cands: tuple = ()
    within: tuple = ()
    local: bool = False
    weak: bool = True
    state: bool = False
    lists: set = field(default_factory=set)
    siblings: set = field(default_factory=set)  # names it is listed with


def _groups(mentions: Sequence[Mention]) -> dict:
    groups: dict = {}
    for m in mentions:
        if m.demonym or not m.candidates:
            continue
        g = groups.setdefault(fold(m.text), _Group(fold(m.text), []))
        g.mentions.append(m)
        g.local = g.local or m.local
        g.weak = g.weak and m.weak
        g.state = g.state or m.state
        if m.listed >= 0:
            g.lists.add(m.listed)
        if m.within:
            g.within = g.within + tuple(m.within)
        if len(m.candidates) > len(g.cands):
            g.cands = m.candidates
    for g in groups.values():
        cands = _unshadowed(_primary(g.key, g.cands), g.key)
        if g.within:
            inner = [e for e in cands if any(inside(e, r) and e is not r for r in g.within)]
            broad = [e for e in cands if e.kind in BROAD]
            if inner and (not broad or any(e in inner for e in broad)):  # not "Russia, U.S. officials said"
                cands = tuple(inner)
        if g.state and any(e.kind == "state" for e in cands):
            cands = tuple(e for e in cands if e.kind == "state")
        g.cands = cands
    for g in groups.values():
        g.siblings = {k for k, h in groups.items() if h is not g and h.lists & g.lists}
    return groups


def _primary(key: str, cands: tuple) -> tuple:
    """A town that bears a name drops the towns of its country that are only also called so
    ("Elizabethtown" is not Elizabeth, N.J.), unless the latter is ten times bigger."""
    own: dict = {}
    for c in cands:
        if c.kind == "city" and fold(c.name) == key:
            own[c.country] = max(own.get(c.country, 0), c.population, 1000)
    if not own:
        return cands
    return tuple(c for c in cands if not (c.kind == "city" and c.country in own and fold(c.name) != key
                                          and c.population < 10 * own[c.country]))


def _unshadowed(cands: tuple, key: str = "") -> tuple:
    """A region named after its big city ("New York", "Aleppo") reads as the city (not when the
    city bears the name only as an alternate: "Henan" is not Hengyang); a town named after its
    country ("Mexico", "Kuwait") reads as the country."""
    nations = {c.country for c in cands if c.kind == "country"}
    if nations:
        cands = tuple(c for c in cands if not (c.kind == "city" and c.country in nations))
    big = {c.country for c in cands if c.kind == "city" and c.population >= 100_000 and (not key or fold(c.name) == key)}
    if not big:
        return cands
    return tuple(c for c in cands if not (c.kind == "province" and c.country in big))


def unambiguous(cands: tuple) -> Optional[Entry]:
    """The reading of a name clear without context: a single candidate, a country, or a
    town some thirty times bigger than the next (1.5 in log population)."""
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    top = sorted(cands, key=base_score, reverse=True)
    if top[0].kind in BROAD and base_score(top[0]) - base_score(top[1]) >= 3:
        return top[0]
    if top[0].kind == "city" and top[1].kind == "city" and base_score(top[0]) - base_score(top[1]) >= 1.5:
        return top[0]
    return None


def one_country(cands: tuple) -> Optional[str]:
    """The country all the likely readings of a name share ("Springfield": USA), else None."""
    if not cands:
        return None
    best = max(base_score(c) for c in cands)
    countries = {c.country for c in cands if base_score(c) >= best - 2}
    return countries.pop() if len(countries) == 1 else None


def _weight(e: Entry, n: int) -> float:
    """How much a reading says about the article's country and state: a lone small town less."""
    return (1.0 if e.kind in BROAD or e.population >= 100_000 else 0.5) * min(n, MAX_MENTIONS)


def _part(g: _Group, e: Optional[Entry]) -> tuple:
    """What one name, read as ``e``, says about the article: (countries, states, point, kind)."""
    n = len(g.mentions)
    clear = unambiguous(g.cands)
    if e is None:
        shared = one_country(g.cands) if clear is None else None
        return (Counter({shared: 0.5 * min(n, MAX_MENTIONS)}) if shared else Counter()), Counter(), None, None
    w = _weight(e, n) * (1.0 if e is clear else UNCLEAR)
    cs = Counter({e.country: w}) if e.country else Counter()
    st = Counter({e.admin1: w}) if e.admin1 and (e.kind in FIRST_LEVEL or e.kind in LOCAL) else Counter()
    return cs, st, (e if e.kind in LOCAL else None), e.kind


def _evidence(g: _Group, parts: dict, base: Counter) -> tuple:
    """The (countries, states, points, kinds of the names listed with it) the other names
    of the article point to."""
    countries, states, points, kinds = Counter(base), Counter(), [], Counter()
    for k, (cs, st, pt, kind) in parts.items():
        if k != g.key:
            countries.update(cs)
            states.update(st)
            if pt is not None:
                points.append(pt)
            if kind and k in g.siblings:
                kinds[kind] += 1
    return countries, states, points, kinds


def _share(counter: Counter, key, spread: bool = False) -> float:
    """The key's share of the evidence, less when the evidence is thin: against the top key
    (= 1), or with ``spread`` against the geometric mean of the top key and the whole, so
    that news naming many countries leans less on any one of them."""
    if not key or not counter.get(key):
        return 0.0
    top = max(counter.values())
    whole = math.sqrt(top * sum(counter.values())) if spread else top
    return counter[key] / (whole or 1) * min(1.0, counter[key])


def _any_support(groups: dict):
    """How much the other names of the article (weak ones too: "the Mt. Pleasant News") have
    a reading near a candidate: each name counts by its likeliest reading near it, weighed
    by how likely that reading is against the name's best one (a hamlet called Cairo near a
    hamlet called Lebanon says little)."""
    items = []
    for k, g in groups.items():
        collides = any(c.kind in BROAD for c in g.cands)
        prior = {id(c): base_score(c, collides) for c in g.cands}
        top = max(prior.values(), default=0.0)
        items.append((k, [(c, 10 ** (SUPPORT_DECAY * (prior[id(c)] - top))) for c in g.cands if c.kind in LOCAL]))

    known: dict = {}  # (id(e), own) -> support: each round of _resolve and the ranker ask it again

    def support(e: Entry, own: str) -> float:
        got = known.get((id(e), own))
        if got is None:
            got = known[id(e), own] = _support(e, own)
        return got

    def _support(e: Entry, own: str) -> float:
        total = 0.0
        for key, cands in items:
            if key == own:
                continue
            best = 0.0
            for c, w in cands:
                if c is not e and abs(c.lat - e.lat) < 2 and w > best:
                    best = max(best, w * closeness(km(c.lat, c.lon, e.lat, e.lon)))
            total += best
        return min(total, MAX_SUPPORT)

    return support


def closeness(d: float) -> float:
    """How much a place ``d`` km away supports a reading: 1 at the same spot, 1/2 at
    ``HALF_KM``, nothing beyond ``NEAR_KM``."""
    return 0.0 if d >= NEAR_KM else 0.5 ** (d / HALF_KM)


def _near(e: Entry, points: list) -> float:
    """How close the readings chosen for the other names are to a candidate."""
    total = 0.0
    for p in points:
        if abs(p.lat - e.lat) < 2:
            total += closeness(km(p.lat, p.lon, e.lat, e.lon))
    return min(total, MAX_SUPPORT)


def _inside_count(e: Entry, points: list) -> float:
    """Other names' readings inside a state, region or country."""
    if first_level(e):
        n = sum(1 for p in points if p.admin1 == e.admin1)
    elif e.kind in ("country", "province", "region"):
        n = sum(1 for p in points if p.country == e.country)
    else:
        return 0.0
    return min(n, MAX_SUPPORT)


def score(e: Entry, g: _Group, countries: Counter, states: Counter, points: list, kinds: Counter,
          any_support, later: bool) -> float:
    """The evidence for reading the name ``g`` as ``e``."""
    collides = any(c.kind in BROAD for c in g.cands)
    s = base_score(e, collides)
    if kinds and kinds[e.kind] * 2 > sum(kinds.values()):  # most names listed with it are of its kind
        s += LISTED_KIND
    s += CONTEXT_COUNTRY * _share(countries, e.country, spread=True)
    if e.kind in LOCAL or e.kind == "state":
        s += CONTEXT_STATE * _share(states, e.admin1)
    if e.kind in LOCAL:
        coherence = ANY_NEARBY * any_support(e, g.key) + (NEARBY * _near(e, points) if later else 0.0)
    else:
        coherence = NEARBY * _inside_count(e, points) if later else 0.0
    s += min(coherence, MAX_COHERENCE)
    if g.local and e.kind in LOCAL:
        s += LOCAL_INSTITUTION + (ENGLISH_LOCAL if e.country in ENGLISH else 0.0)
    elif collides and e.kind in LOCAL and not (e.capital or e.population >= 100_000):
        s -= COLLISION
    return s


def _rank(g: _Group, countries: Counter, states: Counter, points: list, kinds: Counter, any_support,
          later: bool) -> Optional[Entry]:
    if not g.cands:
        return None
    return max(g.cands, key=lambda e: score(e, g, countries, states, points, kinds, any_support, later))


_SHIPPED = object()


def resolve(mentions: Sequence[Mention], gaz: Gazetteer, context_countries: Sequence[str] = (), *,
            model=_SHIPPED, collect: Optional[list] = None, text: str = "") -> list:
    """Entries for the mentions (None where nothing fits). The clear readings make the
    article's first context; then, round after round, each name in turn is ranked with the
    readings chosen so far for the other names, until no reading changes. Last, the trained
    ranker (``model``: the shipped one by default, None for the rules alone) re-reads every
    name of several candidates and drops the names it finds unlikely to be places ("none of
    these"); the others are then resolved again without them, so that they lend no context.
    ``collect`` receives (group, candidate rows, group row) for training; ``text`` is the article's:
    the currencies it writes by their symbols ("$": the US, Canada, Australia, New Zealand) and the
    English spelling it writes more of count as demonyms of their countries (:func:`article_evidence`)."""
    if model is _SHIPPED:
        from detente.where import ranker
        model = ranker.load()
    part: list = []
    out = _read(mentions, gaz, context_countries, model, part if collect is not None else None, text)
    villages = {fold(m.text): replace(e, kind="city") for m, e in zip(mentions, out)
                if e is not None and e.kind == LOCALITY and not m.demonym}
    if villages:  # read again with the villages as towns, lending context to the other names
        back = {id(v): e for e, v in ((e, villages.get(fold(m.text))) for m, e in zip(mentions, out))
                if v is not None and e is not None and e.kind == LOCALITY}  # not a mention the first read left out
        fixed = [replace(m, candidates=(villages[fold(m.text)],)) if not m.demonym and fold(m.text) in villages else m
                 for m in mentions]
        part = []
        out = [back.get(id(e), e) for e in _read(fixed, gaz, context_countries, model,
                                                  part if collect is not None else None, text)]
    if collect is not None:
        collect.extend(part)
    return out


def _read(mentions: Sequence[Mention], gaz: Gazetteer, context_countries, model, collect, text: str) -> list:
    """One reading of the article (:func:`resolve`), villages last."""
    given = mentions
    mentions = [replace(m, candidates=tuple(c for c in m.candidates if c.kind != LOCALITY))
                if any(c.kind == LOCALITY for c in m.candidates) else m for m in mentions]  # read without them first
    written = article_evidence(text)
    words = written_as_words(mentions, text)
    if words:  # read as no place, lending no context
        mentions = [replace(m, candidates=()) if not m.demonym and fold(m.text) in words else m for m in mentions]
    chosen, place_p = _resolve(mentions, context_countries, model, collect, written)
    if place_p and model is not None:
        dropped = {k for k, p in place_p.items() if p < model.threshold}
        if dropped:
            kept = [m for m in mentions if m.demonym or fold(m.text) not in dropped]
            chosen, _ = _resolve(kept, context_countries, model, None, written)
            chosen.update({k: None for k in dropped})
    out = []
    for m in mentions:
        if m.demonym:
            out.append(m.demonym)
        elif not m.candidates:
            out.append(None)
        else:
            out.append(chosen.get(fold(m.text)))
    out = localities(given, city_forms(mentions, short_forms(mentions, out)), gaz)
    return [None if words and not m.demonym and fold(m.text) in words else e for m, e in zip(given, out)]


def _resolve(mentions: Sequence[Mention], context_countries, model, collect, written: Optional[Counter] = None) -> tuple:
    """({name: entry}, {name: the model's probability that it is a place})."""
    groups = _groups(mentions)
    any_support = _any_support(groups)
    base: Counter = Counter({c: 3.0 for c in context_countries})
    for m in mentions:
        if m.demonym and m.demonym.country:
            base[m.demonym.country] += 1
    base.update(written or {})
    firm = [k for k, g in groups.items() if not g.weak]
    parts = {k: _part(groups[k], unambiguous(groups[k].cands)) for k in firm}
    chosen = {k: _rank(g, *_evidence(g, parts, base), any_support, False) for k, g in groups.items()}
    for _ in range(ROUNDS - 1):
        parts = {k: _part(groups[k], chosen[k]) for k in firm}
        changed = False
        for k, g in groups.items():
            e = _rank(g, *_evidence(g, parts, base), any_support, True)
            if e is not chosen[k]:
                changed = True
                chosen[k] = e
                if k in parts:
                    parts[k] = _part(g, e)
        if not changed:
            break
    place_p: dict = {}
    if model is not None or collect is not None:
        place_p = _rerank(groups, chosen, firm, base, any_support, model, collect)
    return chosen, place_p


def _rerank(groups: dict, chosen: dict, firm: list, base: Counter, any_support, model, collect) -> dict:
    """The trained ranker's reading of each name of several candidates, in the context of the
    rules' readings of the other names; {name: probability that it is a place} when the model
    has a keep part."""
    from detente.where.ranker import candidate_features, group_features

    parts = {k: _part(groups[k], chosen[k]) for k in firm}
    first = min(groups, key=lambda k: groups[k].mentions[0].start, default=None)
    picks, place_p = {}, {}
    for k, g in groups.items():
        if not g.cands:
            continue
        ctx = _evidence(g, parts, base)
        rules = [score(e, g, *ctx, any_support, True) for e in g.cands]
        others = [e for o, e in chosen.items() if o != k and e is not None]
        rows = candidate_features(g, rules, ctx, any_support, others, base, k == first)
        pick = model.best(rows) if model is not None and len(g.cands) > 1 else rules.index(max(rules))
        if model is not None and len(g.cands) > 1:
            picks[k] = g.cands[pick]
        row = group_features(g, rows[pick], len(others))
        if collect is not None:
            collect.append((g, rows, row))
        if model is not None and model.keeper is not None:
            place_p[k] = model.place(row)
    chosen.update(picks)
    return place_p
