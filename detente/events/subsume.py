"""Which coded candidates are the content of another: "demanded that X withdraw" (the withdrawal is what was
demanded), "sent troops to help" (the help is the sending's purpose), "prepared to resume shelling" (the shelling is
what a mobilising force gets ready for). Such a candidate is not a second event."""
from __future__ import annotations

from . import parties as P
from .lexicon import load as load_lexicon
from .modality import cues
from .ontology import coding

# An event embedded under one of these (verbal) CAMEO roots is the content of that act, not a separate event:
# "agreed to lift", "threatened to attack", "urged X to withdraw", "refused to meet".
SUBSUMING_ROOTS = frozenset({"02", "03", "10", "11", "12", "13"})
MOBILIZE = "15"


def subsumed(c, by_tok) -> bool:
    """Is this the content of an enclosing verbal act ("demanded that X withdraw") or the purpose of
    another coded act ("sent troops to help")?"""
    if c.nominal:  # "called for sanctions", "demanded that the US match the EU's support"
        outer = [by_tok.get(a.i) for a in c.tok.ancestors if a.i in by_tok][:3]
        return any(o is not c and (not o.nominal and o.cameo[:2] in SUBSUMING_ROOTS or (
            o.cameo[:2] == P.PROTEST and c.cameo[:2] in P.VERBAL_ROOTS)) for o in outer)  # "to show their disapproval"
    if _yields_to_content(c, by_tok) or _prepared(c, by_tok):
        return True
    v, purpose = c.tok, _is_infinitive(c.tok) and c.tok.dep_ in ("xcomp", "advcl")
    for _ in range(8):
        if v.dep_ == "conj" and v.head.i != v.i:
            v = v.head
            continue
        if v.head.i == v.i or v.dep_ in ("relcl", "parataxis"):
            return False
        outer = by_tok.get(v.head.i) or _nominal_object(v.head, by_tok)
        if outer is not None and (outer.cameo[:2] in SUBSUMING_ROOTS or (purpose and coding(outer.cameo).event) or (
                outer.cameo[:2] == P.PROTEST and c.cameo[:2] in P.VERBAL_ROOTS)):  # a statement absorbs no act
            return True
        v = v.head
    return False


def _prepared(c, by_tok) -> bool:
    """"prepared to resume shelling": the act an armed force gets ready for (its infinitive complement chain) is
    the content of the mobilisation, not a second event."""
    v = c.tok
    while v.dep_ == "xcomp" and v.head.i != v.i:
        v = v.head
        outer = by_tok.get(v.i)
        if outer is not None and outer.cameo[:2] == MOBILIZE:
            return True
    return False


def _yields_to_content(c, by_tok) -> bool:
    """A reporting verb coded only by a dictionary pattern over its content words ("announced that he will
    withdraw" -> 0874 from "withdraw") echoes its coded content clause: that clause is the event. Not so for its
    own nominal object ("insisted on its demands that ..."), which the verb subsumes."""
    lemma = c.tok.lemma_.lower()
    if lemma not in cues()["reporting"]["verbs"] or lemma in load_lexicon().curated:
        return False
    return any(o is not c and o.cameo[:2] == c.cameo[:2] and not (o.nominal and _own_noun(c.tok, o.tok))
               and c.tok.i in [a.i for a in o.tok.ancestors] for o in by_tok.values())


def _own_noun(verb, noun) -> bool:
    """Is the noun the verb's own object ("insisted on its demands", "repeated its call")?"""
    return noun.head.i == verb.i and noun.dep_ == "dobj" or (
        noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i == verb.i)


def _nominal_object(verb, by_tok):
    """A coded nominal the verb carries out: "staged rallies (demanding ...)", "began a hunger strike (to ...)"."""
    for c in verb.children:
        if c.dep_ == "dobj" and c.i in by_tok and by_tok[c.i].nominal:
            return by_tok[c.i]
    return None


def _is_infinitive(tok) -> bool:
    return any(ch.dep_ == "aux" and ch.tag_ == "TO" for ch in tok.children)
