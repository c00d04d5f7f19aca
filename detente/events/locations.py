"""Places as parties: the country of the place where an act happens or that it is aimed at.

The actor finder leaves out places used as locations ("in Bosnia", "near the town of Samarra"), since they do
not act. Event coding still reads them, by two conventions of CAMEO/PLOVER coding (parties.py applies them):
an act without a named target is aimed at the country where it is done ("lifted the curfew in Abidjan",
"peacekeepers arrived in Bosnia"), and violence by nobody named is by an unidentified armed actor of that
country. A place is read from the parse and looked up in the actor knowledge base (countries, capitals, regions
and cities); a name it does not know is tried again without compass words ("South Lebanon").
"""
from __future__ import annotations

import functools

from ..actors.codes import INTERNATIONAL
from ..model import Actor, Span
from .lexicon import roles as words
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_KB_PLACE_KINDS = ("capital", "region", "place", "city")
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss"})  # "the Bosnian town", "Greece's capital"


def _is_place_id(code: str, kb_id) -> bool:
    if not kb_id:
        return False
    parts = kb_id.split(":")
    return kb_id == code or any(k in parts for k in _KB_PLACE_KINDS)


@functools.lru_cache(maxsize=4096)
def kb_place(name: str):
    """(ISO3, canonical name) of a place name the actor knowledge base knows, else None."""
    from detente.actors import resolve

    tried = [name]
    toks = name.split()
    if len(toks) > 1 and toks[0].lower() in words()["compass"]:
        tried.append(" ".join(toks[1:]))
    for text in tried:
        a = resolve(text)
        if a is not None and a.code and len(a.code) == 3 and _is_place_id(a.code, a.id):
            return a.code, a.name
    return None


def _name(tok):
    """The proper name headed by ``tok``: its named entity (the small model tags some towns NORP or ORG, so any
    name label), or its proper-noun compounds; None for a common noun or a number, date or amount."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_type_ not in NOT_NAMES:
        i, j = tok.i, tok.i + 1
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        return doc[i:j]
    if tok.pos_ != "PROPN":
        return None
    left = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return doc[(left[0].i if left else tok.i): tok.i + 1]


def place_of(tok, index, depth: int = 2):
    """The country (an Actor) of the place the noun phrase headed by ``tok`` names: a place actor on its head, a
    place entity the knowledge base knows, or, for a place noun, its country words or of-phrase ("the Bosnian
    town", "Greece's capital", "the town of Samarra"). Not "the British embassy" or "the headquarters of the
    British Army": those are not places of their country."""
    a = index.by_token.get(tok.i)
    if a is not None and national(a.code) and (a.id is None or _is_place_id(a.code, a.id)):
        return a
    ent = _name(tok)
    if ent is not None and ent.text[:1].isupper():
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        hit = kb_place(text)
        if hit is not None:
            return Actor(hit[0], None, hit[1], Span(ent.start_char, ent.end_char, ent.text))
    if tok.lemma_.lower() not in words()["place_nouns"]:
        return None
    for c in tok.children:
        a = index.by_token.get(c.i) if c.dep_ in _NAME_DEPS else None
        if a is not None and national(a.code):
            return a
    if depth > 1:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        found = place_of(g, index, depth - 1)
                        if found is not None:
                            return found
    return None


def national(code) -> bool:
    """A country code (ISO 3166), not an international one (IGO, UNO, EUR, NGO ...)."""
    return bool(code) and len(code) == 3 and code not in INTERNATIONAL


def location(tok, index, preps=None, depth: int = 2):
    """The country of the first place in a place phrase of ``tok`` ("in Baghdad", "near the town of Samarra"),
    looking into the objects' own place phrases down to ``depth`` ("in an explosion in eastern Beirut")."""
    preps = preps or words()["place_preps"]
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in preps:
            continue
        for g in c.children:
            if g.dep_ != "pobj":
                continue
            found = place_of(g, index)
            if found is None and depth > 1:
                found = location(g, index, words()["place_preps"], depth - 1)
            if found is not None:
                return found
    return None
