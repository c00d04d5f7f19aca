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

import re
from dataclasses import replace
from typing import Iterable, Iterator, Optional, Sequence

from detente.model import Place, Span
from detente.where import gazetteer as gz
from detente.where.resolve import Mention, resolve

__all__ = ["find_places", "place_events", "predict_places"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
CONTAINERS = {"state", "region", "province", "country"}
LOCATIVE = {"in", "at", "near", "on", "outside", "inside", "across", "into", "around", "over", "from",
            "to", "toward", "towards", "through", "along", "off", "within", "throughout", "between",
            "beyond", "under", "via", "onto", "by"}
ACTING = {"nsubj", "nsubjpass", "dobj", "poss", "agent", "dative"}
NAME_LABELS = {"ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
BROAD = {"country", "state", "region", "province", "continent", "world-region", "sea", "historical"}
INSTITUTION = re.compile(r"\s*(?:City\s+|County\s+)?(?:police|Police|PD|fire|Fire|Sheriff|sheriff|Council|council|"
                         r"City Council|Superior Court|District Court|Court|School|Schools|High School|"
                         r"University|College|Hospital|Airport|airport|Public Library|residents?|Mayor|mayor)\b")
GENERIC_WORDS = frozenset(
    w.strip().lower() for w in (gz.DATA / "generic_words.txt").read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#"))
MUNICIPAL = re.compile(r"(?:-\w+)?\s+(?:City Council|City Commission|Town Council|Board of Education|City Schools|"
                       r"Police Department|Police Dept|Fire Department|Fire Dept|Elementary|Middle School|High School|"
                       r"School District|Public Schools|City Hall|Township|Village Council|Mayor|mayor|police|city council|"
                       r"school board|Chamber of Commerce|Public Library)\b")
DATELINE = re.compile(r"(?:^|\n)\s*([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2})(?:,[^\n—–-]{0,30})?\s*(?:—|–|--|\(\w+\)\s*[-—–])", re.M)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = re.match(r"(?:the|The)\s+", text[start:end])
    if m and end - start > m.end():
        start += m.end()
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def _generic(text: str, cands) -> bool:
    """A common word that is also the name of some town ("the West", "Union", "Metro")."""
    return text.lower() in GENERIC_WORDS and all(c.kind in ("city", "county") for c in cands)


def _mentions(doc, gaz: gz.Gazetteer) -> list:
    out: list = []
    body = doc.text  # Doc.text joins every token: build it once
    for ent in doc.ents:
        start, end = _trim(body, ent.start_char, ent.end_char)
        if body[end:end + 1] == "." and gaz.lookup(body[start:end + 1]):  # "Ont.", "Ky."
            end += 1
        text = body[start:end]
        if ent.label_ in ("NORP", "LANGUAGE"):
            region = gaz.demonyms.get(gz.fold(text))
            if region:
                out.append(Mention(start, end, text, (), demonym=region))
            elif any(c.population >= 100_000 for c in gaz.lookup(text)):  # a city taken for a group
                out.append(Mention(start, end, text, gaz.lookup(text)))
            else:
                out.extend(_inner(body, gaz, ent, strict=True))
            continue
        cands = gaz.lookup(text)
        if _generic(text, cands):
            continue
        if ent.label_ in PLACE_LABELS or (ent.label_ in NAME_LABELS and cands):
            if cands:
                out.append(Mention(start, end, text, cands))
                continue
            region = gaz.demonyms.get(gz.fold(text))
            if region and ent.label_ == "GPE":
                out.append(Mention(start, end, text, (), demonym=region))
                continue
        if ent.label_ in PLACE_LABELS or ent.label_ in NAME_LABELS or ent.label_ == "PERSON":
            out.extend(_inner(body, gaz, ent, strict=True))
    taken = [(m.start, m.end) for m in out] + [
        (e.start_char, e.end_char) for e in doc.ents if e.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")]
    out.extend(_loose(doc, body, gaz, taken))
    out.extend(_same_name(body, out))
    out.sort(key=lambda m: m.start)
    return _appositions(body, out)


def _same_name(text: str, mentions: list) -> list:
    """One sense per article: a name read as a place once is a place wherever else it is
    written ("Greer" tagged as a person in one sentence, "Watertown-ML" inside a team name)."""
    known = {}
    for m in mentions:
        if m.candidates and not m.demonym and not m.weak and len(m.text) > 3 and m.text[:1].isupper():
            known.setdefault(m.text, m.candidates)
    if not known:
        return []
    taken = [(m.start, m.end) for m in mentions]
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)) + r")(?![\w])")
    out = []
    for hit in pattern.finditer(text):
        start, end = hit.span()
        if any(start < e and s < end for s, e in taken):
            continue
        out.append(Mention(start, end, hit.group(0), known[hit.group(0)]))
        taken.append((start, end))
    return out


def _accept(cands, strict: bool, followed_by: str = "") -> bool:
    """Whether a name found inside another name (or outside any entity) is a toponym."""
    if any(c.kind in BROAD for c in cands) or any(c.kind == "county" and " " in c.name for c in cands):
        return True
    if not strict:
        return True
    towns = [c for c in cands if c.kind in ("city", "county")]
    return bool(towns) and (max(c.population for c in towns) >= 100_000
                            or INSTITUTION.match(followed_by) is not None)


def _ngrams(body: str, tokens, gaz, strict: bool, weak: bool = False) -> list:
    """Longest capitalised n-grams (up to 4 tokens) among ``tokens`` that the gazetteer knows."""
    out, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        if not (tok.text[:1].isupper()) or tok.is_stop and tok.text.lower() != "us":
            i += 1
            continue
        for n in range(min(4, len(tokens) - i), 0, -1):
            span = tokens[i:i + n]
            if not span[-1].text[:1].isupper():
                continue
            start, end = span[0].idx, span[-1].idx + len(span[-1].text)
            if body[end:end + 1] == "." and gaz.lookup(body[start:end + 1]):  # "Man.", "Ky."
                end += 1
            text = body[start:end]
            if text.isupper() and len(text) > 4:
                text = text.title()
            cands = gaz.lookup(text)
            if cands and not _generic(text, cands):
                if _accept(cands, strict, body[end:end + 40]):
                    out.append(Mention(start, end, body[start:end], cands))
                    i += n
                    break
                if weak and len(text) > 3:  # kept only if near the article's other places
                    out.append(Mention(start, end, body[start:end], cands, weak=True))
                    i += n
                    break
            region = gaz.demonyms.get(gz.fold(text))
            if region is not None and n == 1:
                out.append(Mention(start, end, body[start:end], (), demonym=region))
                i += n
                break
        else:
            i += 1
    return out


def _inner(body: str, gaz, ent, strict: bool) -> list:
    return _ngrams(body, list(ent), gaz, strict, weak=True)  # the tagger often takes towns for persons


def _loose(doc, body: str, gaz: gz.Gazetteer, taken) -> list:
    """Names outside the entities: countries, regions and states anywhere; a town in a
    dateline ("BERLIN —") or before an institution word ("Danbury police")."""
    free = [t for t in doc if not any(s <= t.idx < e for s, e in taken)]
    out = []
    for m in _ngrams(body, free, gaz, strict=True, weak=True):
        if m.weak and re.search(r"(?:^|[.!?\n\"“:]\s*)$", body[max(0, m.start - 3):m.start]):
            continue  # a capital at the start of a sentence says nothing
        out.append(m)
    for m in DATELINE.finditer(body):
        start, end = m.start(1), m.end(1)
        if any(start < e and s < end for s, e in taken + [(x.start, x.end) for x in out]):
            continue
        cands = gaz.lookup(m.group(1).title())
        if cands:
            out.append(Mention(start, end, m.group(1), cands))
    return out


def _appositions(text: str, mentions: list) -> list:
    """'Dublin, Ohio': the second name restricts the first; 'Jordan City Council': a town."""
    out = [replace(m, local=True) if MUNICIPAL.match(text, m.end) else m for m in mentions]
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if re.fullmatch(r"\s*,\s*", text[a.end:b.start]) and not a.demonym:
            within = tuple(c for c in b.candidates if c.kind in CONTAINERS)
            if within:
                out[i] = replace(a, within=within)
    return out


def _place(m: Mention, e: gz.Entry) -> Place:
    return Place(name=e.name, lat=e.lat, lon=e.lon, country=e.country, geonames_id=e.geonames_id,
                 span=Span(m.start, m.end, m.text), kind="demonym" if m.demonym else e.kind)


def find_places(doc, *, context_countries: Sequence[str] = (), gazetteer: Optional[gz.Gazetteer] = None) -> tuple:
    """The toponyms of a parsed article, resolved; ``context_countries`` (ISO3) are the
    countries the article is about, used to choose between places of the same name."""
    gaz = gazetteer or gz.load()
    mentions = _mentions(doc, gaz)
    entries = resolve(mentions, gaz, context_countries)
    entries = _confirm_weak(mentions, entries)
    return tuple(_place(m, e) for m, e in zip(mentions, entries) if e is not None)


def _confirm_weak(mentions, entries) -> list:
    """A town name found only inside another name ("Lombard Historical Society") is a place
    when the article's other places are near it, or in its state."""
    firm = [e for m, e in zip(mentions, entries) if e is not None and not m.weak]
    states = {e.admin1 for e in firm if e.admin1}
    towns = [e for e in firm if e.kind in ("city", "county")]
    out = []
    for m, e in zip(mentions, entries):
        if m.weak and e is not None:
            near = (e.admin1 and e.admin1 in states) or any(
                abs(t.lat - e.lat) < 2 and gz.km(t.lat, t.lon, e.lat, e.lon) < 80 for t in towns)
            e = e if near else None
        out.append(e)
    return out


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


def place_events(events: tuple, places: Sequence[Place], doc) -> tuple:
    """Events with ``place`` set to the place their sentence gives ("in Baku", "on the
    Baku-Grozny route"), preferring one governed by the trigger; a place standing for an
    actor ("Moscow said") or a demonym is never an event's place."""
    out = []
    for event in events:
        ev = event.evidence
        lo, hi = ev.sentence_start, ev.sentence_start + len(ev.sentence)
        actors = _actor_spans(event)
        trig = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand") if doc is not None else None
        trigger_ids = {t.i for t in trig} if trig is not None else set()
        best, best_rank = None, 0
        for p in places:
            if p.span is None or p.kind == "demonym" or not (lo <= p.span.start < hi):
                continue
            if any(p.span.start < s.end and s.start < p.span.end for s in actors):
                continue
            if doc is None:
                continue
            span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
            if span is None:
                continue
            locative, governed = _locative(span.root, trigger_ids)
            rank = 2 if governed else 1 if locative else 0
            if rank > best_rank:
                best, best_rank = p, rank
        out.append(replace(event, place=best))
    return tuple(out)


def predict_places(records: Iterable[dict], *, batch_size: int = 16) -> Iterator[dict]:
    """``{"id", "toponyms": [{"start", "end", "name", "lat", "lon", "country", "geonames_id"}]}`` per ``{"id", "text"}``."""
    from detente import nlp

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
