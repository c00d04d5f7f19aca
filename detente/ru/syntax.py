"""Small readings of natasha's Universal Dependencies trees shared by the Russian stages."""
from __future__ import annotations


def case_word(tok) -> str:
    """The preposition a noun takes (its ``case`` dependent, lower-cased), or ""."""
    for c in tok.children:
        if c.dep_ == "case":
            return c.lower_
    return ""


def phrase_root(tok, climb: frozenset):
    """The noun a name or word belongs to: up through the relations in ``climb`` (at most six steps), stopping
    at an ``nmod`` that has its own preposition (a phrase of its own)."""
    for _ in range(6):
        if tok.dep_ not in climb or tok.head is tok:
            break
        if tok.dep_ == "nmod" and any(c.dep_ == "case" for c in tok.children):
            break
        tok = tok.head
    return tok
