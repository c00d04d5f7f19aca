"""Who did it and to whom: the source and target actors of a trigger, read from the parse.

Covers active and passive clauses, conjoined and participial verbs that inherit their
subject, relative and reduced relative clauses, nominal events (possessor / by-agent /
of-object), reported speech, and simple pronoun resolution.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..nlp import token_offsets
from ..wordlists import word_list, word_set
from .lexicon import RELATIVE, SUBJECT_PRONOUNS, WORDS, roles

CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "conj_verb"})
TARGET_PREPS = word_list(WORDS, "target_preps")
OBJECT_PRONOUNS = word_set(WORDS, "object_pronouns")


@dataclass
class ActorIndex:
    """Token index -> actor mention, for one Doc."""

    by_token: dict
    subjects: list = field(default_factory=list)  # (token index, actor) of resolved subjects, in text order
    siblings: dict = field(default_factory=dict)  # id(actor) -> the other actors of its very span, in order

    def with_siblings(self, actor) -> tuple:
        """The actor and the coordinated identities read from the same words ("Polish and Czech officials"
        is POL and CZE: one span, two actors, of which by_token holds the first)."""
        return (actor, *self.siblings.get(id(actor), ()))

    @classmethod
    def build(cls, doc, actors):
        """Every token overlapping an actor's span (the first actor listed wins), by bisection over token offsets."""
        by_token, siblings, first = {}, {}, {}
        starts, lengths, _ = token_offsets(doc)  # t.idx and len(t) of every token, from one array read
        ends = list(map(int.__add__, starts, lengths))
        for a in actors:
            if a.span is None:
                continue
            key = (a.span.start, a.span.end)
            if key in first:
                if a.code and all(a.code != b.code for b in first[key]):
                    siblings.setdefault(id(first[key][0]), []).append(a)
                    first[key].append(a)
                continue
            first[key] = [a]
            i = bisect.bisect_right(ends, a.span.start)  # first token ending after the span starts
            while i < len(starts) and starts[i] < a.span.end:
                if ends[i] > a.span.start:
                    by_token.setdefault(i, a)
                i += 1
        return cls(by_token, siblings={k: tuple(v) for k, v in siblings.items()})

    def in_phrase(self, head) -> list:
        """Actors inside the noun phrase headed by ``head`` (conjuncts and modifiers, not clauses)."""
        found, seen = [], set()
        stack = [head]
        while stack:
            t = stack.pop()
            a = self.by_token.get(t.i)
            if a is not None and id(a) not in seen:
                seen.add(id(a))
                found += [(t.i, x) for x in self.with_siblings(a)]
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS or (c.dep_ == "conj" and c.pos_ == "VERB"):
                    continue
                if c.dep_ == "appos" and a is not None and a.code:
                    continue  # "Pakistan, a key U.S. ally": the apposition describes a coded party
                if c.dep_ == "prep" and c.lower_ in ("in", "near", "at", "during", "since", "after", "before"):
                    continue  # "the office in Baku": a place, not a party
                stack.append(c)
        head_actors = self.with_siblings(self.by_token[head.i]) if head.i in self.by_token else ()
        found.sort(key=lambda x: (not any(x[1] is b for b in head_actors), x[0]))
        coded = [a for _, a in found if a.code]
        return coded or [a for _, a in found]  # an uncoded mention ("the president") only when nothing better


def subject_of(verb):
    """(subject token, passive?) of a verb, following conjunction and participle chains. The voice is the verb's
    own when it shows one ("was indicted and will resign": resign is active; "was forced to withdraw": withdraw
    is active); a bare past participle shares its head's ("was arrested and charged")."""
    v = verb
    own = _own_voice(verb)
    for _ in range(6):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        if v is not verb and own is not None:
            passive = own
        if subj:
            s = subj[0]
            if s.lower_ in RELATIVE and v.dep_ == "relcl":
                s = antecedent(v)
            return s, passive
        if v.dep_ == "relcl":
            return antecedent(v), passive
        if v.dep_ == "acl":
            return (None if v.tag_ == "VBN" else v.head), v.tag_ == "VBN"
        if v.dep_ == "xcomp" and v.head.i != v.i:
            obj = [c for c in v.head.children if c.dep_ == "dobj"]
            if obj and not any(c.dep_ == "auxpass" for c in v.head.children):
                return obj[0], (passive if own is None else own)  # object control: "forced Hadi to resign"
        if v.dep_ in ("conj", "xcomp", "advcl", "acomp") and v.head.i != v.i:
            v = v.head
            continue
        return None, passive
    return None, False


def antecedent(relcl):
    """The noun a relative clause is about: its head, or, when the head is coordinated and the clause's verb is
    singular, the conjunct just before it ("Assad and Russia, which has backed him": Russia)."""
    head = relcl.head
    before = [c for c in head.conjuncts if c.i < relcl.i]
    if before and any(t.tag_ == "VBZ" for t in (relcl, *relcl.children) if t is relcl or t.dep_ in ("aux", "auxpass")):
        return max(before + [head], key=lambda t: t.i)
    return head


def _own_voice(verb):
    """True (passive), False (active) or None (a bare past participle: the voice of the verb it is joined to)."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.tag_ != "VBN" or any(c.dep_ == "aux" for c in verb.children):
        return False
    return None


def issuer_of(verb):
    """"X issued a declaration demanding ...", "X passed a resolution that condemns ...": a clause that modifies
    the object of another verb, and whose head noun names no party, is the act of that verb's subject."""
    noun = verb.head
    if verb.dep_ not in ("acl", "relcl") or noun.dep_ != "dobj" or noun.head.pos_ not in ("VERB", "AUX"):
        return None
    subj, passive = subject_of(noun.head)
    return None if passive else subj


def stative(verb) -> bool:
    """An adjectival passive states its subject's own stance: "Israel is opposed to French mediation", "is
    committed to the talks" (no by-agent; the subject is the source)."""
    return verb.lemma_.lower() in roles()["stative_passives"] and agent_of(verb) is None and any(
        c.dep_ in ("prep", "xcomp") and (c.dep_ == "xcomp" or c.lower_ == "to") for c in verb.children)


def object_event_agents(verb, passive: bool, lex):
    """Who did the act a verb acts on: "prevented the rally by students", "condemned Georgia's shelling",
    "broke up a demonstration organised by the opposition" (the object is an event nominal of the lexicon). An
    active verb has no agent of its own, so a by-phrase on it names its object's agent ("the rally | by students")."""
    out = []
    for o in verb.children:
        if o.dep_ == ("nsubjpass" if passive else "dobj"):
            hit = lex.noun_code(o.lemma_.lower())
            if hit and hit[0]:
                out += nominal_roles(o, hit[1])[0]
                if not passive:
                    out += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                            for g in c.children if g.dep_ == "pobj"]
    return out


def agent_of(verb):
    for c in verb.children:
        if c.dep_ == "agent":
            return [p for p in c.children if p.dep_ == "pobj"][:1] or None
    return None


def object_heads(verb, passive: bool):
    """Object-like dependents in priority order."""
    out = []
    deps = ("dative", "dobj", "attr", "oprd") if not passive else ("nsubjpass",)
    for d in deps:
        out += [c for c in verb.children if c.dep_ == d]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        out.append(verb.head)
    if verb.dep_ == "relcl" and passive:
        out.append(verb.head)
    elif verb.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubj") and c.lower_ not in RELATIVE for c in verb.children):
        pass
    elif verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE for c in verb.children):
        out.append(verb.head)  # "theories that Aliyev dismissed": the head noun is the object
    out += _prep_objects(verb)
    for o in list(out):
        if o.dep_ in ("dobj", "nsubjpass"):  # and their conjuncts: "launched artillery and rocket fire against X"
            for x in (o, *o.conjuncts):
                out += _prep_objects(x, ("against", "on", "to", "toward", "towards", "with"))
    return out


def _prep_objects(tok, preps=TARGET_PREPS):
    out = []
    heads = [(c, c.lower_) for c in tok.children if c.dep_ in ("prep", "dative")]  # read once, not once per preposition
    for p in preps:
        for c, low in heads:
            if low == p:
                out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def nominal_roles(noun, of_role: str):
    """(source heads, target heads, origin heads) of a nominal trigger. When the of-phrase names the mover
    ("the withdrawal of Russian troops from Georgia"), a from-phrase names the place left: a target (origin)."""
    src, tgt = [], []
    for c in noun.children:
        if c.dep_ == "poss":
            src.append(c)
        elif c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG"):
            src.append(c)
    for t in noun.subtree:  # "by" may hang off a later noun in a bad parse ("the arrest of X by Y")
        if t.dep_ in ("prep", "agent") and t.lower_ == "by" and t.head.i >= noun.i and _own_by(t, noun):
            src += [g for g in t.children if g.dep_ == "pobj"]
            break
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            (tgt if of_role == "target" else src).extend(objs)
            if of_role == "source" and objs and noun.dep_ == "dobj" and noun.head.lemma_.lower() in roles()["receiving"]:
                subj, _ = subject_of(noun.head)  # "he enjoys the backing of Turkey": the backed is the subject
                if subj is not None:
                    tgt.append(subj)
    tgt += _prep_objects(noun, ("against", "on", "to", "toward", "towards", "with", "for", "at", "into", "between"))
    of_objs = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    for o in of_objs:
        tgt += _prep_objects(o, ("to", "against", "on"))
    origin = []
    if of_role == "source":
        for o in [noun] + of_objs:
            origin += _prep_objects(o, ("from",))
    return src, origin + tgt, origin


def _own_by(by, noun) -> bool:
    """Is this by-phrase the nominal's own agent, not that of a noun inside one of its other phrases
    ("demonstrations against violations by the military": the military violates, it does not demonstrate)?"""
    t = by.head
    while t.i != noun.i:
        if t.dep_ == "prep" and t.lower_ in roles()["argument_preps"]:
            return False  # a place on the way is fine: "the downing of an airliner on its route by X"
        t = t.head
    return True


def governing_clause_roles(noun):
    """For a nominal without its own actors: (subject, object) of the verb it hangs off. A nominal the subject
    comes or is put under, or undergoes, is done to the subject: "came under attack", "was put under investigation",
    "died of torture" -> (None, subject)."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.pos_ in ("VERB", "AUX"):
        return None, subject_of(noun.head.head)[0]
    t = noun
    for _ in range(6):
        if t.dep_ in ("conj", "appos") or t.dep_ in ("pobj", "prep"):
            t = t.head
            continue
        break
    verb = t.head if t.dep_ in ("dobj", "nsubjpass", "attr", "pobj") else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None, None
    subj, passive = subject_of(verb)
    if verb.lemma_.lower() in roles()["undergoing"]:
        return None, subj  # "died as a result of torture", "survived an assassination attempt": the subject undergoes it
    objs = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i != t.i]
    return subj, (objs[0] if objs else None)


def reporter_of(verb, reporting_verbs):
    """The speech verb whose complement clause holds ``verb``, if any."""
    v = verb
    for _ in range(6):
        if v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in reporting_verbs:
            return v.head
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
            v = v.head
            continue
        return None
    return None


def complement_subject(verb):
    """The subject of a verb's (or a speech-act noun's) complement clause: "demanded that the US cancel" -> US,
    "its demand that Israel ease restrictions" -> Israel."""
    deps = ("ccomp", "xcomp") if verb.pos_ != "NOUN" else ("ccomp", "acl")
    for c in verb.children:
        if c.dep_ in deps:
            for g in c.children:
                if g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in RELATIVE:
                    return g
    return None
