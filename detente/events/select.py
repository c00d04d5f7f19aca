"""Which of a sentence's candidate events to report.

A sentence usually reports one act, in its main clause; the other coded words describe its background
("after the invasion", "the refugees fleeing the war", "the town which was shelled") or repeat the act
("agreed ... to provide aid"). Reporting every coded word costs precision, so:

- a candidate's *rank* counts the subordinate clauses and prepositional phrases between its trigger and the
  sentence root (relative, adverbial and participial clauses; nominals inside prepositional phrases).
  Candidates ranked below the best of the sentence are dropped unless they name their own source and target
  (a fully stated background event is still an event);
- a candidate that repeats another of the same PLOVER type with no party the other lacks is dropped (unless the
  two are coordinated verbs with different CAMEO codes: two acts);
- a candidate with neither source nor target is dropped when the sentence has one that names a party.
"""
from __future__ import annotations

from .ontology import coding

# Edges that lead out of the clause that states the sentence's act.
SUBORDINATE = frozenset({"relcl", "acl", "advcl", "pcomp", "pobj", "csubj", "npadvmod", "appos"})
# Reported speech and its complements are the act's content, not background.
TRANSPARENT = frozenset({"ROOT", "conj", "ccomp", "xcomp", "parataxis", "dobj", "nsubj", "nsubjpass", "attr", "prep",
                         "oprd", "dative", "advmod", "acomp", "compound", "amod", "agent", "cc", "aux"})


def rank(tok) -> int:
    """Subordinate clauses/phrases between a trigger and its sentence root."""
    n, t = 0, tok
    for _ in range(30):
        if t.head.i == t.i:
            break
        if t.dep_ in SUBORDINATE and not _purpose(t):
            n += 1
        t = t.head
    return n


def _purpose(t) -> bool:
    """"sent troops to help", "staged rallies demanding": a purpose or manner clause of the act itself."""
    return t.dep_ == "advcl" and t.tag_ in ("VB", "VBG") and not any(c.dep_ == "mark" for c in t.children)


def _codes(actors) -> frozenset:
    return frozenset(a.code for a in actors if a.code)


def _coordinated(a, b) -> bool:
    """Two coordinated verbs are two acts: "cancelled the talks and expelled the diplomats"."""
    return a.cameo != b.cameo and not a.nominal and not b.nominal and (
        (a.tok.dep_ == "conj" and a.tok.head.i == b.tok.i) or (b.tok.dep_ == "conj" and b.tok.head.i == a.tok.i))


def _event(c):
    return c.plover[0] if c.plover else coding(c.cameo).event


def _full(c) -> bool:
    """Both parties coded by their own mentions (a country inferred from a place or from the rest of the sentence
    does not make a background event fully stated)."""
    return bool(_codes(c.source)) and bool(_codes(c.target)) and not c.coded_by_context


def select(cands: list) -> list:
    """The candidates worth reporting, in their original order."""
    if len(cands) < 2:
        return cands
    ranks = {id(c): rank(c.tok) for c in cands}
    best = min(ranks.values())
    keep = [c for c in cands if ranks[id(c)] == best or _full(c)]
    if any(c.source or c.target for c in keep):
        keep = [c for c in keep if c.source or c.target]
    out = []
    for c in sorted(keep, key=lambda c: (ranks[id(c)], -len(_codes(c.source)) - len(_codes(c.target)), c.tok.i)):
        ev = _event(c)
        s, t = _codes(c.source), _codes(c.target)
        if any(_event(o) == ev and s <= _codes(o.source) and t <= _codes(o.target) and not _coordinated(c, o) for o in out):
            continue
        out.append(c)
    return sorted(out, key=lambda c: c.tok.i)
