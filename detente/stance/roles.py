"""Who does what to whom: an actor's role in an act of material harm.

NewsMTSC, the classifier's training data, codes the target of any negative event as negatively
framed (being attacked, fired or arrested reads as bad news about a politician). Reporting on
states in conflict frames it the other way round: the author blames the aggressor and sides with
the victim. :func:`harm_role` finds the actor's role in a harm predicate (``data/harm.txt``):

- ``agent``: subject of an active harm verb, or of a verb sharing its subject with one (*Russia
  invaded*; *Russia treated its ally badly, abandoning it*), the *by* phrase of a passive one,
  the possessor or modifier of a harm noun (*Azerbaijan's attacks*, *Russian aggression*);
- ``patient``: object of a harm verb, subject of a passive one (*Armenia was abandoned*), the
  object of *against/on/of/into* after a harm word (*the occupation of Armenian territory*),
  including through a noun the actor modifies (*Armenian territory*, *Azerbaijani brothers*).

- ``averter``: subject of an asserted verb that keeps a harm or a negatively valenced thing from
  happening or undoes it (``data/shifters.txt``: *X avoided a confrontation*, *X refrained from harsh
  rhetoric*, *the court overturned the arrest*): the object's negativity is not the actor's. On
  NewsMTSC it fires on 4 targets, 3 of them positive in the gold labels (mean +0.50); verbs of denial
  and rejection, left out, have a negative gold label on 8 of their 12 such targets.

:func:`adjust` then moves the mention's polarity: an agent at most ``-AGENT``, a patient or an
averter at least ``+PATIENT``. A negated predicate (*did not attack*) leaves the polarity as it is.

:func:`event_roles` reads the same roles off the coded events (PLOVER ASSAULT and COERCE that
happened), for mentions in the event's own sentence: the event coder links source and target where
the parse's attachment misses them (*the downing of the airliner ... by Russian air defences*).
"""
from __future__ import annotations

import functools
from pathlib import Path

from detente.stance.features import negated
from detente.stance.judge import asserted, same_subject, word_valence
from detente.stance.words import function_words

DATA = Path(__file__).parent / "data"
AGENT = 0.6
PATIENT = 0.4
PATIENT_PREPS = function_words("patient_preps")  # data/function_words.yaml
CLIMB = frozenset({"compound", "appos", "conj", "amod", "nmod", "poss"})
LIGHT = function_words("light_verbs")


def _words(name: str) -> frozenset:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def harm_words() -> frozenset:
    return _words("harm.txt")


@functools.lru_cache(maxsize=1)
def shifter_words() -> frozenset:
    return _words("shifters.txt")


def _bad(tok) -> bool:
    """Is ``tok`` (with its modifiers) a harm word or negatively valenced (the judgement lexicon)?"""
    if tok.lemma_.lower() in harm_words():
        return True
    return word_valence(tok) + sum(word_valence(c) for c in tok.children if c.dep_ in ("amod", "compound")) < 0


def _averts(verb) -> bool:
    """Does the asserted ``verb`` keep a bad thing from happening or undo it (*avoided a confrontation*,
    *refrained from escalating*, *lifted the blockade*)?"""
    if verb.lemma_.lower() not in shifter_words() or not asserted(verb):
        return False
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "against"):
            objs += [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
    for o in objs:
        if _bad(o) or (o.pos_ == "VERB" and any(_bad(g) for g in o.children if g.dep_ in ("dobj", "obj"))):
            return True
    return False


def _is_harm(tok) -> bool:
    """A harm word, or a light verb whose object is one ("launched attacks on X")."""
    if negated(tok):
        return False
    if tok.lemma_.lower() in LIGHT:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in harm_words() for c in tok.children)
    return tok.lemma_.lower() in harm_words()


def _by_harm_noun(tok) -> bool:
    """Is ``tok``, the noun a *by* phrase hangs from, a harm noun or inside the phrase of one? The
    parser often attaches the agent's *by* to the last noun before it: *the downing of an aircraft
    on the route by X* (by -> route -> aircraft -> downing)."""
    for _ in range(4):
        if _is_harm(tok):
            return True
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head.head
        elif tok.dep_ in ("compound", "conj", "appos"):
            tok = tok.head
        else:
            return False
    return False


def harm_role(target) -> str | None:
    """``"agent"``, ``"patient"`` or ``None`` for a target span (its root token is what counts)."""
    tok = target.root
    for _ in range(4):
        dep, head = tok.dep_, tok.head
        if head is tok:
            return None
        if dep in ("poss", "compound", "amod", "nmod") and head.pos_ == "NOUN" and _is_harm(head):
            return "agent"  # Azerbaijan's attacks, Russian aggression
        if dep in ("nsubj", "csubj") and any(_is_harm(v) and asserted(v) for v in same_subject(head)):
            return "agent"  # Russia invaded; Russia treated its ally badly, abandoning it
        if dep in ("nsubj", "csubj") and any(_averts(v) for v in same_subject(head)):
            return "averter"  # Valdoria avoided a confrontation; the court overturned the arrest
        if dep in ("dobj", "nsubjpass", "obj") and _is_harm(head):
            return "patient"
        if dep == "pobj" and head.dep_ in ("prep", "agent"):
            pred = head.head
            if head.dep_ == "agent" or (head.lower_ == "by" and pred.tag_ == "VBN"):
                return "agent" if _is_harm(pred) else None
            if head.lower_ in PATIENT_PREPS and _is_harm(pred):
                return "patient"
            if head.lower_ == "by" and _by_harm_noun(pred):
                return "agent"
            return None
        if dep in CLIMB:
            tok = head  # Armenian territory -> territory; the brothers of ... -> brothers
            continue
        return None
    return None


MATERIAL_HARM = frozenset({"ASSAULT", "COERCE"})  # PLOVER types of material harm (violence, coercion)


def event_roles(events) -> dict[tuple[str, int], str]:
    """``(actor code, mention start offset) -> "agent" | "patient"`` from the coded events: the source
    and the target of an act of material harm (PLOVER ASSAULT, COERCE) that happened (asserted or
    historical, not negated, hypothetical, future or asked) between two different actors. Only mentions
    inside the event's own sentence count (an actor resolved from an earlier sentence is not framed there)."""
    out: dict[tuple[str, int], str] = {}
    for e in events:
        if e.event not in MATERIAL_HARM or not e.happened:
            continue
        lo = e.evidence.sentence_start
        hi = lo + len(e.evidence.sentence)
        src = {a.code for a in e.source if a.code}
        tgt = {a.code for a in e.target if a.code}
        if not src or not tgt or src & tgt:
            continue
        for side, role in ((e.source, "agent"), (e.target, "patient")):
            for a in side:
                if a.code and a.span is not None and lo <= a.span.start < hi:
                    out.setdefault((a.code, a.span.start), role)
    return out


def adjust(polarity: float, role: str | None) -> float:
    if role == "agent":
        return min(polarity, -AGENT)
    if role in ("patient", "averter"):
        return max(polarity, PATIENT)
    return polarity
