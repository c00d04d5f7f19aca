"""Named facilities the gazetteer lacks ("St. Michael's Hospital", "Xavier University", "the Bob
Wills Museum"), placed in the town the article puts them in.

A facility is a tagged entity (FAC, ORG, GPE, LOC) whose last word names a building or ground
(``FACILITY``) and that holds no toponym of its own ("University of Michigan" is Michigan). It
takes the town-level place (a town, county or airport) named nearest to it in its sentence,
else the town the article names most often (the first of equals); with no town in the article it
is left out, as a country or state says too little about where a building stands.
"""
from __future__ import annotations

import re
from collections import Counter

from detente import nlp
from detente.model import Place, Span

FACILITY = re.compile(r"(?:Hospital|Medical Center|Medical Centre|Clinic|Cathedral|Church|Mosque|Synagogue|Temple|"
                      r"Museum|University|College|Park|Stadium|Arena|Square|Bridge|Library|Courthouse|Prison|"
                      r"Jail|Zoo|Memorial)$")
LOCAL_KINDS = {"city", "county", "airport"}
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n")


def towns_of(places: tuple) -> tuple:
    """The article's town-level places and the one it names most often (the first of equals)."""
    towns = [p for p in places if p.kind in LOCAL_KINDS and p.span is not None]
    if not towns:
        return (), None
    counts = Counter((p.name, p.lat, p.lon) for p in towns)
    first = {}
    for p in towns:
        first.setdefault((p.name, p.lat, p.lon), p)
    return towns, first[max(counts, key=lambda k: (counts[k], -first[k].span.start))]


def at_town(body: str, towns: list, main: Place, start: int, end: int, text: str, kind: str) -> Place:
    """The place of the name at ``start:end``: the town of ``towns`` named nearest to it in its sentence, else
    ``main`` (always ``main`` when ``towns`` is empty)."""
    lo, hi = _sentence(body, start) if towns else (0, 0)
    near = [p for p in towns if lo <= p.span.start < hi]
    town = min(near, key=lambda p: abs(p.span.start - start)) if near else main
    return Place(name=text, lat=town.lat, lon=town.lon, country=town.country, geonames_id=None,
                 span=Span(start, end, text), kind=kind)


def facilities(doc, places: tuple) -> tuple:
    """Places for the facilities of ``doc``, given the article's resolved ``places``."""
    towns, main = towns_of(places)
    if main is None:
        return ()
    body = nlp.doc_text(doc)
    taken = [(p.span.start, p.span.end) for p in places if p.span is not None]
    out = []
    for ent in nlp.doc_ents(doc):
        if ent.label_ not in ("FAC", "ORG", "GPE", "LOC"):
            continue
        start, end = ent.start_char, ent.end_char
        if re.match(r"[Tt]he\s", ent.text):
            start += 4
        text = body[start:end]
        if not FACILITY.search(text) or " " not in text or any(s < end and start < e for s, e in taken):
            continue
        out.append(at_town(body, towns, main, start, end, text, "facility"))
        taken.append((start, end))
    return tuple(out)


def _sentence(body: str, at: int) -> tuple:
    """The bounds of the sentence around offset ``at`` (by punctuation: the tagger's sentences
    are not always there)."""
    lo = 0
    for m in _SENTENCE_END.finditer(body, 0, at):
        lo = m.end()
    m = _SENTENCE_END.search(body, at)
    return lo, (m.start() if m else len(body))
