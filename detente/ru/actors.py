"""Russian actor mentions in a natasha-parsed spaCy Doc.

Knowledge-base names are matched by inflected form or lemma (``kb.py``), longest first; names need a capital
letter in the text (abbreviations upper case), sector words match in any case. Matches are grouped into
mentions by the parse: a match climbs to the noun it modifies through ``nmod`` (without a preposition),
``amod``, ``appos``, ``flat``, so "Министр иностранных дел России Сергей Лавров" is one mention (RUS GOV).
A mention's country: a person's office at the date, else the first country, capital, region or organisation
with a code; its sector: the head noun's sector word, else the person's or organisation's, else GOV for a
capital or seat alone. A country or capital alone after a place preposition ("в Баку") is a location.
"""
from __future__ import annotations

from dataclasses import dataclass

from detente.model import Actor, Span
from detente.ru import kb as K
from detente.ru.syntax import case_word, phrase_root

CLIMB = frozenset({"nmod", "amod", "appos", "flat", "flat:name", "flat:foreign", "compound", "nummod:gov"})
PLACE_CASES = frozenset({"в", "во", "на", "около", "возле", "вблизи", "под", "близ", "внутри", "из", "через",
                         "над", "у", "вдоль", "до"})
GEO = frozenset({"country", "capital", "region", "partial"})
IDENTITY = ("person", "country", "partial", "org", "capital", "adjective", "region")
PERSON_PRONOUNS = frozenset({"он", "она"})
PLACES_KEY = "detente.ru.places"  # doc.user_data: place-only mentions set aside as locations


@dataclass
class Hit:
    start: int  # token index
    end: int
    entry: K.Entry


def _key(tok) -> str:
    return K.norm(tok.text)


def scan(doc, kb: K.KB) -> list[Hit]:
    """Greedy longest matches of knowledge-base names over the Doc's tokens."""
    toks = list(doc)
    keys = [_key(t) for t in toks]
    lemmas = [K.norm(t.lemma_) for t in toks]
    hits, i = [], 0
    while i < len(toks):
        best = None
        for k in {keys[i], lemmas[i]}:
            for entry, sets, cap in kb.index.get(k, ()):
                n = len(sets)
                if i + n > len(toks):
                    continue
                if cap and not toks[i].text[:1].isupper():
                    continue
                if all(keys[i + j] in sets[j] or lemmas[i + j] in sets[j] for j in range(n)):
                    if best is None or n > best[0] or (n == best[0] and _rank(entry) > _rank(best[1])):
                        best = (n, entry)
        if best:
            hits.append(Hit(i, i + best[0], best[1]))
            i += best[0]
        else:
            i += 1
    return hits


def _rank(e: K.Entry) -> int:
    return {"person": 6, "org": 5, "country": 4, "partial": 4, "capital": 3, "region": 3, "adjective": 2,
            "sector": 1, "modifier": 0}.get(e.kind, 0)


def find_actors(doc, *, date: str | None = None, kb: K.KB | None = None) -> tuple:
    kb = kb or K.load()
    hits = scan(doc, kb)
    groups: dict[int, list[Hit]] = {}
    for h in hits:
        tok = doc[h.end - 1] if h.entry.kind != "sector" else doc[h.start]
        key = None
        if h.entry.kind == "adjective" and tok.dep_ == "conj" and tok.head.dep_ == "amod":
            key, tok = h.start, tok.head  # "азербайджанским и казахстанским министрами": two actors
        root = phrase_root(tok, CLIMB)
        if h.entry.kind not in ("sector", "modifier") and key is None:
            root = phrase_root(doc[h.start], CLIMB) if doc[h.start].dep_ in CLIMB else root
        groups.setdefault((root.i, key), []).append(h)
    for (root_i, key), hs in list(groups.items()):  # the noun's sector word joins each adjective's actor
        if key is not None:
            hs.extend(h for h in groups.get((root_i, None), []) if h.entry.kind == "sector")
    out = []
    for (root_i, _), hs in sorted(groups.items(), key=lambda kv: min(h.start for h in kv[1])):
        actor = _combine(doc, doc[root_i], hs, date)
        if actor is not None:
            out.append(actor)
    return tuple(_context(doc, _anaphora(doc, out)))


def _context(doc, actors: list) -> list:
    """A sector word with no country ("демонстрантов", "армия") takes the country of the closest coded actor of
    its sentence (a domestic event keeps the sectors apart), else stays uncoded."""
    out = []
    for a in actors:
        if a.code is None and a.id is None:
            sent = doc.char_span(a.span.start, a.span.end, alignment_mode="expand")
            lo, hi = (sent.sent.start_char, sent.sent.end_char) if sent is not None else (0, 0)
            near = [b for b in actors if b.code and lo <= b.span.start < hi and b is not a]
            if not near:
                continue  # a lone sector word ("армия") with no country in its sentence is not an actor
            earlier = [b for b in near if b.span.start < a.span.start]  # the closest earlier one first
            b = max(earlier, key=lambda b: b.span.start) if earlier else min(near, key=lambda b: b.span.start)
            if b.code in ("UNO", "EUR", "IGO", "NGO", "MNC"):
                continue
            a = Actor(b.code, a.sector, a.name, a.span, None)
        out.append(a)
    return out


def _combine(doc, root, hs: list[Hit], date: str | None) -> Actor | None:
    kinds = {h.entry.kind for h in hs}
    identities = sorted((h for h in hs if h.entry.kind in IDENTITY), key=lambda h: (IDENTITY.index(h.entry.kind),
                                                                                    h.start))
    sectors = [h for h in hs if h.entry.kind == "sector"]
    head_sector = next((h.entry.sector for h in sectors if h.start <= root.i < h.end), None)
    code = sector = None
    ident = None
    for h in identities:
        c, s = h.entry.at(date)
        if c:
            code, ident = c, h
            if h.entry.kind in ("person", "org", "partial"):
                sector = s
            break
    if ident is None and identities:
        ident = identities[0]
        sector = ident.entry.at(date)[1]
    uncoded_org = next((h.entry.sector for h in hs if h.entry.kind == "org" and h.entry.code is None), None)
    if head_sector:
        sector = head_sector
    elif uncoded_org and (sector is None or ident is None or ident.entry.kind != "person"):
        sector = uncoded_org
    elif sector is None and sectors:
        sector = sectors[-1].entry.sector
    if "modifier" in kinds and sector:
        sector = "ELI"
    place_only = kinds <= GEO or kinds <= (GEO | {"adjective"}) and "adjective" not in kinds
    if place_only and sector is None:
        if case_word(root) in PLACE_CASES and not any(h.entry.id.endswith("capital") and h.entry.name in
                                                       ("Кремль", "Белый дом", "Пентагон") for h in hs):
            places = doc.user_data.setdefault(PLACES_KEY, [])  # "в Баку", "из Москвы": a location; the event
            code = next((h.entry.at(date)[0] for h in hs), None)  # coder may still read "посла из Москвы"
            places.append(Actor(code, "GOV", hs[0].entry.name, Span(root.idx, root.idx + len(root.text), root.text)))
            return None
        if "capital" in kinds or "partial" in kinds:
            sector = next(h.entry.sector for h in hs if h.entry.kind in ("capital", "partial"))
    if kinds == {"adjective"} and root.pos_ not in ("NOUN", "PROPN"):
        return None
    if code is None and sector is None:
        return None
    if code is None and ident is None and not any(h.entry.kind == "sector" for h in hs):
        return None
    lo = min([h.start for h in hs] + [root.i])
    hi = max([h.end for h in hs] + [root.i + 1])
    span = doc[lo:hi]
    if code in ("UNO", "EUR", "IGO", "NGO") and ident is not None and ident.entry.kind == "org" and not head_sector:
        sector = ident.entry.sector
    return Actor(code, sector, ident.entry.name if ident else span.text,
                 Span(span.start_char, span.end_char, span.text), ident.entry.id if ident else None)


def _anaphora(doc, actors: list) -> list:
    """"он"/"она" as a subject: the last person within two sentences."""
    out = list(actors)
    persons = [(a.span.start, a) for a in actors if a.id and a.id.startswith("person:")]
    if not persons:
        return out
    sent_of = {}
    for n, s in enumerate(doc.sents):
        sent_of[s.start_char] = n
    for tok in doc:
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_.startswith("nsubj"):
            before = [a for start, a in persons if start < tok.idx]
            if before:
                a = before[-1]
                if tok.sent.start_char - a.span.start > 600:
                    continue
                out.append(Actor(a.code, a.sector, a.name, Span(tok.idx, tok.idx + len(tok.text), tok.text), a.id))
    return sorted(out, key=lambda a: a.span.start)
