"""Where: toponyms found, resolved offline to coordinates, country and a gazetteer id, and given to events.

    find_places(doc, context_countries=())  -> tuple[Place]   (every toponym, with its Span)
    place_events(events, places, doc)       -> events with ``place`` set where the sentence gives one
    predict_places(records)                 -> {"id", "toponyms": [...]} per {"id", "text"}

Reads the spaCy Doc (named entities and the parse); writes ``Place`` records and
``Event.place``. Candidates come from :mod:`detente.where.gazetteer`, ranked by
:mod:`detente.where.resolve`. Demonyms ("Georgian") are kept as toponyms of their country
(kind ``demonym``) but never become an event's place.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from detente import nlp
from detente.model import Place, Span
from detente.wordlists import word_set
from detente.where import gazetteer as gz
from detente.where.detect import mentions as _mentions, same_name
from detente.where.amend import far_towns
from detente.where.facilities import facilities
from detente.where.unlisted import feature_spans, joined_names, town_sides, unlisted
from detente.where.localities import KIND as LOCALITY
from detente.where.resolve import FIRST_LEVEL, Mention, resolve

# The version of this stage's output (detente.pipeline, stored with every article): change it whenever the
# output changes; tests/test_versions.py fails until you do.
VERSION = "14"  # 14: a village the text marks near the article's town names its state, town sides ("North Side") at the article's town, a small US town read far outside the article's states at its town, the ranker retrained; 13: villages named with a state's name and their own words, a village kept at every mention, a person's home and a lake beside a person named like it as unlisted places, "X City" as X, two towns side by side as one name; 12: unlisted places (names no source holds, marked as places) at the article's town; 11: the ranker retrained by make train-places on 10 (LGL tune and validation within 161 km unchanged); 10: "Park" ends a facility's name, a preposition ends a tagged person's name, county lists after an adjective

__all__ = ["VERSION", "find_places", "place_events", "predict_places"]

LOCATIVE = word_set(Path(__file__).parent / "data" / "words.yaml", "locative")  # with its source
STATE_CONFIRM = 2  # places of the article that make its state confirm a weak town there
ACTING = {"nsubj", "nsubjpass", "dobj", "poss", "agent", "dative"}


def _place(m: Mention, e: gz.Entry) -> Place:
    kind = "demonym" if m.demonym else "city" if e.kind == LOCALITY else e.kind  # a village is a town
    return Place(name=e.name, lat=e.lat, lon=e.lon, country=e.country, geonames_id=e.geonames_id,
                 span=Span(m.start, m.end, m.text), kind=kind)


def find_places(doc, *, context_countries: Sequence[str] = (), gazetteer: Optional[gz.Gazetteer] = None) -> tuple:
    """The toponyms of a parsed article, resolved; ``context_countries`` (ISO3) are the
    countries the article is about, used to choose between places of the same name."""
    gaz = gazetteer or gz.load()
    mentions, text = _mentions(doc, gaz), nlp.doc_text(doc)
    entries = _confirm_weak(mentions, resolve(mentions, gaz, context_countries, text=text))
    mentions, entries = _confirmed_elsewhere(text, mentions, entries)
    entries = far_towns(mentions, entries)
    places = feature_spans(text, tuple(_place(m, e) for m, e in zip(mentions, entries) if e is not None))
    places = town_sides(text, joined_names(text, places, gaz.lookup))
    places += facilities(doc, places)
    return tuple(sorted(places + unlisted(doc, places, gaz.lookup), key=lambda p: p.span.start))


def _confirm_weak(mentions, entries) -> list:
    """A name found only inside another name ("Lombard Historical Society", "George
    Washington") is a place when the article names it elsewhere as a place, when its other
    places are near it, when it lies in a state the article names or has two places in, or
    (a country or region) when they are in its country."""
    firm = [e for m, e in zip(mentions, entries) if e is not None and not m.weak]
    names = {gz.fold(m.text) for m, e in zip(mentions, entries) if e is not None and not m.weak}
    # the article's states: named as states, or holding two of its places
    counts = Counter(e.admin1 for e in {id(e): e for e in firm}.values() if e.admin1)
    states = {e.admin1 for e in firm if e.kind in FIRST_LEVEL} | {
        s for s, n in counts.items() if n >= STATE_CONFIRM and s}
    countries = {e.country for e in firm if e.country}
    towns = [e for e in firm if e.kind in ("city", "county")]
    out = []
    for m, e in zip(mentions, entries):
        if m.weak and e is not None and gz.fold(m.text) not in names:
            if e.kind in ("city", "county", "state", LOCALITY):
                near = (e.admin1 and e.admin1 in states) or any(
                    abs(t.lat - e.lat) < 2 and gz.km(t.lat, t.lon, e.lat, e.lon) < 80 for t in towns)
            else:
                near = e.country in countries
            e = e if near else None
        out.append(e)
    return out


def _confirmed_elsewhere(text: str, mentions: list, entries: list) -> tuple:
    """One sense per article for the names :func:`_confirm_weak` kept: a weak name confirmed as a
    place ("Harwinton, Bantam, Litchfield" in a list beside the article's towns) is that place
    wherever else the article writes it ("said Litchfield Fire Chief ...")."""
    kept = {gz.fold(m.text): e for m, e in zip(mentions, entries) if m.weak and e is not None and not m.demonym}
    if not kept:
        return mentions, entries
    known = [replace(m, weak=False) if gz.fold(m.text) in kept else replace(m, candidates=()) for m in mentions]
    more = [m for m in same_name(text, known) if gz.fold(m.text) in kept]
    if not more:
        return mentions, entries
    pairs = sorted(list(zip(mentions, entries)) + [(m, kept[gz.fold(m.text)]) for m in more], key=lambda p: p[0].start)
    return [m for m, _ in pairs], [e for _, e in pairs]


# ---------------------------------------------------------------- events
def _locative(tok, trigger_ids: set) -> tuple[bool, bool]:
    """(is the token the object of a locative preposition, is that phrase governed by the trigger)."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ACTING and cur.head.pos_ in ("VERB", "AUX"):
            return False, False
        if cur.dep_ == "pobj" and cur.head.lower_ in LOCATIVE:
            prep = cur.head
            head = prep.head
            governed = False
            for _ in range(4):
                if head.i in trigger_ids:
                    governed = True
                    break
                if head.head is head:
                    break
                head = head.head
            return True, governed
        if cur.head is cur:
            break
        cur = cur.head
    return False, False


def _actor_spans(event) -> list:
    spans = list(event.evidence.source) + list(event.evidence.target)
    for actor in tuple(event.source) + tuple(event.target):
        if getattr(actor, "span", None) is not None:
            spans.append(actor.span)
    return spans


def place_events(events: tuple, places: Sequence[Place], doc, *, locative=None, head=None) -> tuple:
    """Events with ``place`` set to the place their sentence gives ("in Baku", "on the
    Baku-Grozny route"), preferring one governed by the trigger; a place standing for an
    actor ("Moscow said") or a demonym is never an event's place. ``locative(token, trigger_ids)`` tells
    whether a place's head token (``head(span)``, its root by default) is in a place phrase and whether the
    trigger governs it: another language passes its own (detente.ru.places)."""
    locative, head = locative or _locative, head or (lambda span: span.root)
    out = []
    for event in events:
        ev = event.evidence
        lo, hi = ev.sentence_start, ev.sentence_start + len(ev.sentence)
        actors = _actor_spans(event)
        trig = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand") if doc is not None else None
        trigger_ids = {t.i for t in trig} if trig is not None else set()
        best, best_rank = None, 0
        for p in places:
            if doc is None or p.span is None or p.kind == "demonym" or not (lo <= p.span.start < hi):
                continue
            if any(p.span.start < s.end and s.start < p.span.end for s in actors):
                continue
            span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
            if span is None:
                continue
            in_phrase, governed = locative(head(span), trigger_ids)
            rank = 2 if governed else 1 if in_phrase else 0
            if rank > best_rank:
                best, best_rank = p, rank
        out.append(replace(event, place=best))
    return tuple(out)


def predict_places(records: Iterable[dict], *, batch_size: int = 16) -> Iterator[dict]:
    """``{"id", "toponyms": [{"start", "end", "name", "lat", "lon", "country", "geonames_id"}]}`` per ``{"id", "text"}``."""
    records = list(records)
    gaz = gz.load()
    model = nlp.load()
    unused = [n for n in ("parser", "lemmatizer", "attribute_ruler", "tagger") if n in model.pipe_names]
    docs = model.pipe((r.get("text") or "" for r in records), batch_size=batch_size, disable=unused)
    for rec, doc in zip(records, docs):
        yield {
            "id": rec["id"],
            "toponyms": [
                {"start": p.span.start, "end": p.span.end, "name": p.name, "lat": p.lat, "lon": p.lon,
                 "country": p.country, "geonames_id": p.geonames_id}
                for p in find_places(doc, gazetteer=gaz)
            ],
        }
