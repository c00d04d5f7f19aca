"""What the article says about its names once they are read (:func:`detente.where.resolve.resolve`).

- a town name of one capitalised word that the article also writes in lower case, as a word, is that
  word: no place, and no context for the other names (:func:`written_as_words`);
- a town's short name is the town of the article's longer name it begins ("Avondale" after "Avondale
  Estates") when it would read elsewhere (:func:`short_forms`), and "X City" or "City of X" is the
  town the article reads "X" as (:func:`city_forms`);
- a name the article places in one of its US states is that state's village (a ``locality``,
  :mod:`detente.where.localities`) when its reading without villages is none or a smaller town
  elsewhere (:func:`localities`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from detente.where.gazetteer import Gazetteer, fold, km

if TYPE_CHECKING:
    from detente.where.resolve import Mention

LOCAL = frozenset({"city", "county"})  # the kinds read as towns (spatial coherence, municipal words)
LOCALITY_OVER = 100_000  # a town this big (or a capital) keeps its name in another state's news ...
LOCALITY_NEAR_OVER, LOCALITY_NEAR_KM = 500_000, 50  # ... unless under half a million and the village is near its towns
VILLAGE_STATE_KM = 25  # a village the text marks this close to one of the article's towns names its state
SHORT_FORM_KM = 50  # a town's short name read farther than this from the longer name's town is that town


def written_as_words(mentions: Sequence[Mention], text: str) -> set:
    """Town names of one capitalised word that the article also writes in lower case, as a word
    ("Section 8 housing ... a section of the road", "Drug Enforcement ... drug"): words there, read
    as no place and lending no context, unless the text marks one as a place ("in", "police", ", Ohio")."""
    keys: dict = {}
    for m in mentions:
        if m.demonym or not m.candidates:
            continue
        t = m.text
        key = fold(t)
        if keys.get(key) is False:
            continue
        keys[key] = t.isalpha() and t[0].isupper() and not t.isupper() and not (
            m.marked or m.local or m.institution or m.within or m.state) and all(c.kind in LOCAL for c in m.candidates)
    return {k for k, ok in keys.items() if ok and _has_word(text, k)}


def _has_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` (lower case) as a word of its own."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "-")) and \
                (j == len(text) or not (text[j].isalnum() or text[j] == "-")):
            return True
        i = text.find(word, j)
    return False


CITY_FORM = re.compile(r"^(?:city of (.+)|(.+) city)$")  # folded "City of X", "X City"


def city_forms(mentions: Sequence[Mention], out: list) -> list:
    """"X City" or "City of X", all of whose candidates are towns or counties, is the town the article
    reads "X" as ("Elmford City Area Transit" beside "Elmford, Ohio"), not a namesake that
    bears the longer name."""
    short = {fold(m.text): e for m, e in zip(mentions, out) if e is not None and e.kind in LOCAL and not m.demonym}
    if not short:
        return out
    out = list(out)
    for i, (m, e) in enumerate(zip(mentions, out)):
        form = CITY_FORM.match(fold(m.text)) if not m.demonym and m.candidates else None
        base = short.get(form.group(1) or form.group(2)) if form else None
        if base is not None and e is not base and all(c.kind in LOCAL for c in m.candidates):
            out[i] = base
    return out


def short_forms(mentions: Sequence[Mention], out: list) -> list:
    """A town's name that begins a longer town name of the article ("Avondale" after "Avondale
    Estates") is that town when it would read elsewhere; not a name that may be a country, state
    or region ("New York" beside "New York City", "Kansas" beside "Kansas City"), nor one that an
    apposition places ("Springfield, Ohio"), nor after "X City" alone."""
    longer = {}
    for m, e in zip(mentions, out):
        if e is not None and e.kind in LOCAL and not m.demonym and " " in fold(m.text) and \
                not fold(m.text).endswith(" city"):  # "Springfield City" says no more than "Springfield"
            longer.setdefault(fold(m.text), e)
    if not longer:
        return out
    for i, (m, e) in enumerate(zip(mentions, out)):
        if m.demonym or m.within or not m.candidates or any(c.kind not in LOCAL for c in m.candidates):
            continue
        key = fold(m.text) + " "
        f = next((f for k, f in longer.items() if k.startswith(key)), None)
        if f is not None and (e is None or km(e.lat, e.lon, f.lat, f.lon) > SHORT_FORM_KM):
            out[i] = f
    return out


def localities(mentions: Sequence[Mention], out: list, gaz: Gazetteer) -> list:
    """A US post-office town (detente.where.localities) for a name the article places in one of its
    states (named as states, holding one of its counties or two of its places, or a village the
    text marks near one of its towns: :func:`_village_states`) when the reading
    without them is none or a town outside those states, no capital, of fewer than 100,000
    inhabitants, or fewer than 500,000 when the village lies within 50 km of the article's towns
    there ("Brandon" in Minnesota news; not "Denver" or "Washington"); not for a name tagged as a
    person unless marked ("in", "police")."""
    firm = {id(e): e for m, e in zip(mentions, out) if e is not None and not m.weak and e.country == "USA"}
    towns = [t for t in firm.values() if t.kind in ("city", "county")]
    states = _states(firm.values()) | _village_states(mentions, out, gaz, towns)
    if not states:
        return out
    picked: dict = {}
    towns = [t for t in firm.values() if t.kind in ("city", "county") and t.admin1 in states]
    for i, (m, e) in enumerate(zip(mentions, out)):
        if m.demonym or (m.label == "PERSON" and not (m.marked or m.institution)) or (e is not None and (
                e.kind not in ("city", "county") or e.admin1 in states or e.capital
                or e.population >= LOCALITY_NEAR_OVER)):
            continue
        key = fold(m.text)
        if key not in picked:
            local = [c for c in gaz.localities(m.text) if c.admin1 in states]
            picked[key] = min(((min((km(c.lat, c.lon, t.lat, t.lon) for t in towns), default=0.0), c) for c in local),
                              key=lambda dc: dc[0], default=None)
        if picked[key] is not None and (e is None or e.population < LOCALITY_OVER or picked[key][0] <= LOCALITY_NEAR_KM):
            out[i] = picked[key][1]
    return out


def _states(entries) -> set:
    """The US states an article's readings (``entries``) place it in: those named as states, holding one of its
    counties, or holding two of its places (each entry counted once)."""
    usa = {id(e): e for e in entries if e.country == "USA"}.values()
    counts = Counter(e.admin1 for e in usa if e.admin1)
    return {e.admin1 for e in usa if e.kind in ("state", "county")} | {s for s, n in counts.items() if n >= 2}


def _gives_way(e) -> bool:
    """Whether a name read as ``e`` (None: not read) may take a village instead (see :func:`localities`)."""
    return e is None or (e.kind in ("city", "county") and not e.capital and e.population < LOCALITY_OVER)


def _village_states(mentions: Sequence[Mention], out: list, gaz: Gazetteer, towns: list) -> set:
    """The states of the villages the text marks as places (a locative, an institution word, or the
    tagger's place label) that lie within ``VILLAGE_STATE_KM`` of one of the article's US ``towns``:
    the town and its neighbourhood or suburb are two places of that state ("in Elmwood" beside its
    city), as two towns are."""
    found: set = set()
    for m, e in zip(mentions, out):
        if m.demonym or not (m.marked or m.institution or m.label in ("GPE", "LOC")) or not _gives_way(e):
            continue
        found |= {c.admin1 for c in gaz.localities(m.text)
                       if any(km(c.lat, c.lon, t.lat, t.lon) <= VILLAGE_STATE_KM for t in towns)}
    return found


FAR_TOWN_KM = 300  # a small US town read this far from all the article's other towns ...
FAR_TOWN_UNDER = 20_000  # ... and outside its states, under this many inhabitants, is a place of the article's town


def far_towns(mentions: Sequence[Mention], out: list) -> list:
    """A small US town (under ``FAR_TOWN_UNDER`` inhabitants, no capital) read outside the article's
    states (named as states, holding one of its counties or two of its places) and over ``FAR_TOWN_KM``
    from every other town or county it reads, with no apposition or state word placing it ("Pineville,
    La.") and no town read beside it (two names of one, :func:`_beside_town`), is more often a
    neighbourhood or a community no source holds than that namesake: it becomes a place of the town
    the article names most (kind ``unlisted``, no gazetteer id). Tune parts: LGL +8 −1, GeoVirus +1,
    the same from 20,000 to 50,000 inhabitants and from 300 to 500 km."""
    firm = [(m, e) for m, e in zip(mentions, out) if e is not None and not m.weak and not m.demonym]
    states = _states(e for _, e in firm)
    if not states:
        return out
    read = [(m, e) for m, e in zip(mentions, out) if e is not None]
    out = list(out)
    for key in {fold(m.text) for m, e in firm if e.kind == "city" and e.country == "USA" and e.admin1 not in states
                and not e.capital and e.population < FAR_TOWN_UNDER}:
        group = [(i, m) for i, m in enumerate(mentions) if fold(m.text) == key and out[i] is not None]
        if any(m.within or m.state or _beside_town(m, read) for _, m in group):
            continue
        e = out[group[0][0]]
        towns = [(m, t) for m, t in firm if fold(m.text) != key and t.kind in ("city", "county")]
        if not towns or min(km(e.lat, e.lon, t.lat, t.lon) for _, t in towns) <= FAR_TOWN_KM:
            continue
        named = Counter(id(t) for _, t in towns)
        main = max((t for _, t in towns), key=lambda t: (named[id(t)], -min(m.start for m, u in towns if u is t)))
        for i, m in group:
            out[i] = replace(main, name=m.text, geonames_id=None, kind="unlisted", population=0, capital=False)
    return out


def _beside_town(m: Mention, read: list) -> bool:
    """Whether another name read as a town stands next to ``m`` with one space between ("Elmer Hinton"):
    the two are one name (:func:`detente.where.unlisted.joined_names`)."""
    return any(t.kind == "city" and (o.start == m.end + 1 or o.end + 1 == m.start) for o, t in read)
