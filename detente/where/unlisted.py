"""Places no source of the gazetteer holds, placed in the area the article names.

A name the text marks as a place that the gazetteer does not know ("in Northgate", "the village of
Oakmere", "near Lake Tillery") is far more often a neighbourhood, village, lake or hill of the
article's area than anything else. It takes the town the article names most (a facility takes the town
named nearest to it in its sentence first, :mod:`detente.where.facilities`; for unlisted names the
article's main town measured better on tune); in an article that names no town, the first-level region
it names most, else the country it names most.
Kind ``unlisted``, no gazetteer id. Three marks count:

- a name the tagger calls a place (GPE, LOC) after a locative that takes no person ("in", "near",
  "east of"; :func:`detente.where.cues.placed`);
- a person's home: a name tagged as a place or a person after a name or an age and ", from" or
  after an age and ", of" ("Ann Roe, from Northgate", "Roe, 41, of Northgate");
- capitalised words of any label, or none, after a place noun and "of" ("the village of", "the
  towns of", "the island of"), and the names listed with them ("the villages of Oakmere and Ashby").

A town read far from all the article's other places (over 161 km) whose name begins a natural
feature's name the gazetteer lacks ("Eugene" of "Eugene Park", "Fresno" of "Fresno Creek", "Tulsa" of
"Lake Tulsa") is that feature (:func:`feature_spans`): it becomes an unlisted place at the article's town.

The parts of a town named by a compass direction and "Side" ("the North Side") are neighbourhoods of the
article's town (:func:`town_sides`), also where a gazetteer town bears the name.

Two towns read side by side with only a space between them, whose joined name no source holds, are
one name (:func:`joined_names`): a place at the article's town ("Elmer Hinton", a suburb, not Elmer
and Hinton far apart), which also makes one place of a firm's or school's name read as two towns.

Never a street's or road's name, an acronym, a word in lower case, a name with digits, nor a name
the article also writes inside a person's name (by its own words: "Lake" of a "Ron Lake" does not
make "Lake Tillery" a person).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from detente import nlp
from detente.model import Span
from detente.where.cues import WORDS, alternation, placed
from detente.where.facilities import at_town, towns_of
from detente.where.gazetteer import km
from detente.wordlists import word_set

__all__ = ["feature_spans", "joined_names", "town_sides", "unlisted"]

# the last word of a street's or road's name ("Elm Street", "Route 9", "Oak Way")
ROAD_END = re.compile(rf"\b(?:{alternation('road_ends')})\.?$")
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
# "the village of X", "the towns of X and Y", "the island of X, Y and Z"
PLACE_OF = re.compile(rf"\b(?i:{alternation('place_of_nouns')})\s+of\s+("
                      + _NAME + r"(?:(?:,\s+|,?\s+and\s+)" + _NAME + r")*)")
# a natural feature's name ("Lake Tillery", "Oak Creek", "Hawk Island"): a place whatever words are before it
FEATURE = re.compile(rf"^(?:{alternation('feature_starts')})\s+[A-Z]|\s(?:{alternation('feature_ends')})$")
# a feature's own words say nothing of a person ("Lake" of "Lake Tillery" beside a "Ron Lake" or a "Fox Lake"
# the tagger calls a person)
FEATURE_WORDS = word_set(WORDS, "feature_words")
_LIST = re.compile(r",\s+(?:and\s+)?|,?\s+and\s+")
BROAD_KINDS = ("state", "province", "region")
# the words that make a town's name a feature's: "Eugene Park", "Fresno Creek", "Lake Tulsa" (not the lists of
# detect.FEATURE_AFTER / FEATURE_BEFORE, which keep a region's name out of a feature's: "Lake Ontario")
TOWN_FEATURE_AFTER = re.compile(rf"\s(?:{alternation('town_feature_after')})\b")
TOWN_FEATURE_BEFORE = re.compile(rf"\b(?:{alternation('town_feature_before')})\s+$")
FAR_KM = 161.0
# a town's part named by a compass direction: "the North Side", "a West Side diner"
SIDE = re.compile(rf"\b(?:{alternation('town_sides')})\b")


def unlisted(doc, places: tuple, known) -> tuple:
    """Places for the names of ``doc`` the text marks as places and no source holds (``known(name)``
    is false), given the article's resolved ``places`` (module docstring)."""
    area = _area(places)
    if area is None:
        return ()
    body = nlp.doc_text(doc)
    ents = nlp.doc_ents(doc)
    persons = [(e.text, e.start_char) for e in ents if e.label_ == "PERSON"]
    taken = [(p.span.start, p.span.end) for p in places if p.span is not None]
    named = [(e.label_, e.start_char + (4 if re.match(r"[Tt]he\s", e.text) else 0), e.end_char) for e in ents
             if e.label_ in ("GPE", "LOC", "FAC", "ORG", "PERSON")]  # without a leading "the"
    strong = set(_after_place_nouns(body))
    home = {(a, b) for label, a, b in named if label in ("GPE", "LOC", "PERSON") and _home(body, a)}
    spans = [(a, b) for label, a, b in named if label in ("GPE", "LOC") and placed(body, a, b)] + sorted(home) + \
        sorted(strong) + [(a, b) for label, a, b in named if label != "PERSON" and FEATURE.search(body[a:b])]
    out = []
    for start, end in sorted(set(spans)):
        text = body[start:end]
        if (not text[:1].isupper() or text.isupper() or any(ch.isdigit() for ch in text) or ROAD_END.search(text)
                or any(s < end and start < e for s, e in taken) or known(text)
                or (start, end) not in strong and any(re.search(rf"\b{re.escape(w)}\b", p)
                                                      for p, at in persons if at != start
                                                      for w in text.split() if w not in FEATURE_WORDS)):
            continue
        out.append(area(body, start, end, text))
        taken.append((start, end))
    for p in list(out):  # one sense per discourse: the name's other occurrences are the same place
        for m in re.finditer(rf"(?<![\w-]){re.escape(p.span.text)}(?![\w-])", body):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                out.append(replace(p, span=Span(m.start(), m.end(), p.span.text)))
                taken.append((m.start(), m.end()))
    return tuple(out)


def feature_spans(body: str, places: tuple) -> tuple:
    """``places`` with each town read far from the article's other places whose name begins a longer
    natural feature's name replaced by that feature at the article's town (module docstring)."""
    out, changed = list(places), False
    for i, p in enumerate(places):
        if p.kind not in ("city",) or p.span is None:
            continue
        after = TOWN_FEATURE_AFTER.match(body, p.span.end)
        before = TOWN_FEATURE_BEFORE.search(body[max(0, p.span.start - 8):p.span.start])
        if not (after or before):
            continue
        others = tuple(q for q in places if q.name != p.name and q.kind != "demonym")
        if not others or min(km(p.lat, p.lon, q.lat, q.lon) for q in others) < FAR_KM:
            continue
        _, main = towns_of(others)
        if main is None:
            continue
        start = p.span.start - len(before.group(0)) if before else p.span.start
        end = after.end() if after else p.span.end
        out[i] = at_town(body, (), main, start, end, body[start:end], "unlisted")
        changed = True
    return tuple(out) if changed else places


def town_sides(body: str, places: tuple) -> tuple:
    """``places`` with the parts of a town written by a compass direction and "Side" ("the North Side",
    a "West Side" shop; ``town_sides`` in data/words.yaml) as neighbourhoods of the town the article
    names most, whatever words or entity hold them; a gazetteer town read for one of them ("North
    Side", a town of the Cayman Islands) gives way. Unchanged in an article that names no other town."""
    sides = list(SIDE.finditer(body))
    if not sides:
        return places
    spans = {(m.start(), m.end()) for m in sides}
    rest = tuple(p for p in places if p.span is None or (p.span.start, p.span.end) not in spans)
    _, main = towns_of(rest)
    if main is None:
        return places
    taken = [(p.span.start, p.span.end) for p in rest if p.span is not None]
    return rest + tuple(at_town(body, (), main, m.start(), m.end(), m.group(), "unlisted") for m in sides
                        if not any(s < m.end() and m.start() < e for s, e in taken))


# where a person named just before comes from: "Ann Roe, from Northgate", "Roe, 41, from Northgate"
HOME_FROM = re.compile(r"(?:[\w.'’],\s+from|\b\d{1,3},\s+of)\s+$")


def _home(body: str, start: int) -> bool:
    """Whether the name at ``start`` follows a person's name or age and ", from" ("Roe, 41, from X")."""
    return HOME_FROM.search(body, max(0, start - 30), start) is not None


def joined_names(body: str, places: tuple, known) -> tuple:
    """Two towns read side by side with a space between ("Elmer Hinton" read as Elmer and as Hinton), whose
    joined name no source holds (``known(name)`` is false), are one name: a place at the article's
    town (the town the article names most among its other names), kind ``unlisted``."""
    out = list(places)
    order = sorted(range(len(places)), key=lambda i: places[i].span.start if places[i].span else -1)
    drop = set()
    for i, j in zip(order, order[1:]):
        p, q = places[i], places[j]
        if (p.kind != "city" or q.kind != "city" or p.span is None or q.span is None or i in drop
                or body[p.span.end:q.span.start] != " " or p.name == q.name):
            continue
        text = body[p.span.start:q.span.end]
        if known(text):
            continue
        _, main = towns_of(tuple(r for r in places if r.name not in (p.name, q.name)))
        if main is None:
            continue
        out[i] = at_town(body, (), main, p.span.start, q.span.end, text, "unlisted")
        drop.add(j)
    return tuple(r for k, r in enumerate(out) if k not in drop) if drop else places


def _after_place_nouns(body: str) -> list:
    out = []
    for m in PLACE_OF.finditer(body):
        at = m.start(1)
        for part in _LIST.split(m.group(1)):
            at = body.index(part, at)
            out.append((at, at + len(part)))
            at += len(part)
    return out


def _area(places: tuple):
    """How the article's unlisted names are placed: ``area(body, start, end, text) -> Place``, or None
    when the article names no place to put them in."""
    _, main = towns_of(places)
    if main is not None:
        return lambda body, start, end, text: at_town(body, (), main, start, end, text, "unlisted")
    for kinds in (BROAD_KINDS, ("country",)):
        broad = [p for p in places if p.kind in kinds and p.span is not None]
        if broad:
            counts = Counter((p.name, p.lat, p.lon) for p in broad)
            name, lat, lon = max(counts, key=lambda k: (counts[k], -min(p.span.start for p in broad
                                                                         if (p.name, p.lat, p.lon) == k)))
            pick = next(p for p in broad if (p.name, p.lat, p.lon) == (name, lat, lon))
            return lambda body, start, end, text: at_town(body, (), pick, start, end, text, "unlisted")
    return None
