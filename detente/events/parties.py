"""Who the parties of a coded trigger are, once the parse has given its heads: actor mentions in the
head's phrase, pronouns, places ("forces in Guinea"), shared and content targets, and the discourse memory.

The inferences here are conventions of event coding, each named in its docstring: a protest with no named
target addresses its own country's authorities; an uncoded party in a sentence that names one country only
is of that country (home.py: the sentence's one country); a verbal act without a target is aimed at whoever its content is about; a threat at whoever
must meet its condition; an act with no named target at the country where it is done (locations.py); violence by
nobody named is by an unidentified armed actor of that country, and an arrest or expulsion by its authorities;
a hosted visit is the visitor's act on the host; a people's protest against its own state, a state's act in its own
country and its act on someone of no known sector there are domestic events (the people CVL, the state GOV).
"""
from __future__ import annotations

import dataclasses

from ..model import Actor
from ..wordlists import word_set
from . import arguments as A
from . import locations as L
from .home import STATE_SECTORS, SentenceCountries, home_party, source_home, target_home  # noqa: F401 (SentenceCountries: the coder's and reading.py's P.SentenceCountries)
from .lexicon import WORDS, roles

VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "09", "10", "11", "12", "13"})
VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})  # the same, PLOVER
LOCATED_PREPS = word_set(WORDS, "located_preps")
PLURAL = frozenset({"they", "them", "their"})
PROTEST = "14"  # the demands of a protest are its content: "rallied demanding", "struck to protest"


def resolve(heads, index, memory, sent, reporter_verb, subject: bool):
    out = []
    for h in heads:
        if h is None:
            continue
        found = index.in_phrase(h)
        if not found and subject:  # "a bombing claimed by X killed ...", "the resolution drafted by X condemns"
            found = [a for g in made_by(h) for a in index.in_phrase(g)]
        if not found and h.pos_ == "PRON":
            a = pronoun(h, index, memory, sent, reporter_verb, subject)
            found = [a] if a is not None else []
            if a is not None and a is memory.last_subject and h.lower_ in PLURAL:
                found = list(getattr(memory, "last_subjects", ())) or found  # "They agreed": all of them
        if not any(a.code for a in found) and not subject and h.pos_ == "PROPN" and h.dep_ in ("dobj", "nsubjpass"):
            place = L.place_of(h, index)  # "shelled Aleppo", "visited Damascus": a place acted on, its country
            found = [place] if place is not None else found
        if not any(a.code for a in found) and (found or subject or _placeable(h)):
            found = located(h, index) or found
        for a in found:
            if not any(a is b for b in out):
                out.append(a)
    return out


def made_by(noun) -> list:
    """The by-agents of the past participles that modify a noun: the doers of a thing that names no party of its
    own ("the attack carried out by X", "a plan drafted by Y")."""
    return [g for v in noun.children if v.dep_ == "acl" and v.tag_ == "VBN"
            for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _placeable(h) -> bool:
    """Can the noun be placed in a country: a name, a place ("the settlements in Gaza"), or people named by their
    nation or faith ("Kurdish groups in Syria"); not a topic ("developments in Syria", "the attack in Y")."""
    return h.pos_ == "PROPN" or h.lemma_.lower() in L.words()["place_nouns"] or any(
        c.ent_type_ == "NORP" and c.dep_ in ("amod", "compound") for c in h.children)


def located(h, index) -> list:
    """A party with no coded actor takes the country it is placed in: "security forces in Guinea",
    "evacuate the settlements in Gaza", "parties to the conflict in Iraq" (resolve asks only for an uncoded
    mention or a placeable noun)."""
    place = L.location(h, index, LOCATED_PREPS)
    return [place] if place is not None else []


def pronoun(h, index, memory, sent, reporter_verb, subject):
    low = h.lower_
    if low not in A.SUBJECT_PRONOUNS | A.OBJECT_PRONOUNS:
        return None
    if reporter_verb is not None:
        s, _ = A.subject_of(reporter_verb)
        if s is not None:
            found = index.in_phrase(s)
            if found:
                return found[0]
    # an object pronoun: the nearest earlier object; a subject pronoun: the nearest earlier subject;
    # else the discourse's last subject
    earlier = list(reversed(list(sent[: h.i - sent.start])))
    deps = (("dobj", "pobj", "dative"), ("nsubj", "nsubjpass")) if not subject else (("nsubj", "nsubjpass"),)
    for group in deps:
        for t in earlier:
            if not subject and t.head.i == h.head.i:
                continue  # "the leader accused them": an object pronoun is not its own verb's subject
            if t.dep_ in group and t.pos_ != "PRON":
                found = index.in_phrase(t)
                if found:
                    return found[0]
    last = memory.last_subject
    if subject and last is not None and h.dep_ in ("nsubj", "nsubjpass") and last.code in _object_codes(h.head, index):
        return None  # "It blockaded Yemen" after a sentence about Yemen: "it" is not Yemen
    return last


def _object_codes(verb, index) -> set:
    """Codes of the actors in a verb's objects: a subject pronoun is none of them (it would be "itself")."""
    return {a.code for c in verb.children if c.dep_ in ("dobj", "dative", "attr")
            for a in index.in_phrase(c) if a.code}


def reporter_actor(rep, index, memory, sent):
    if rep is None:
        return None
    s, _ = A.subject_of(rep)
    if s is None:
        return None
    found = index.in_phrase(s) or ([pronoun(s, index, memory, sent, None, True)] if s.pos_ == "PRON" else [])
    return found[0] if found and found[0] is not None else None


def same(a, actors) -> bool:
    return any(a is b for b in actors)


def content_targets(cands, index, memory, sent):
    """A verbal act without a target is aimed at whoever its content clause is about:
    "demanded that the US cancel ..." (US), "offered to negotiate with Armenia" (Armenia)."""
    for c in cands:
        if not c.target and c.cameo[:2] == PROTEST:
            _protest_content_target(c, cands)
        if not c.target and c.nominal and c.cameo[:2] in VERBAL_ROOTS:  # "its demand that Israel ease ..."
            c.target = _subject_target(c, A.complement_subject(c.tok), index, memory, sent)
        if c.target or c.nominal:
            continue
        if c.cameo[:2] not in VERBAL_ROOTS:
            if c.source:  # completes a dyad; does not make an event of a word with no party of its own
                _xcomp_target(c, index, memory, sent)
            if c.source and not c.target:  # "prepared to resume shelling the rebels' positions"
                _inner_target(c, cands)
            continue
        subj = A.complement_subject(c.tok)
        if subj is not None:
            c.target = [a for a in resolve([subj], index, memory, sent, None, subject=True) if not same(a, c.source)]
        if not c.target:
            _inner_target(c, cands)
        if not c.target:  # "insisted on its demands that the government grant ..."
            for o in cands:
                if o.nominal and o.subsumed and c.tok.i in [a.i for a in o.tok.ancestors]:
                    c.target = _subject_target(c, A.complement_subject(o.tok), index, memory, sent)
                    if c.target:
                        break
        if not c.target:  # an uncoded content verb: "offered to hand over the suspects to Britain"
            for v in (ch for ch in c.tok.children if ch.dep_ in ("xcomp", "ccomp") and ch.pos_ in ("VERB", "AUX")):
                heads = A.object_heads(v, passive(v))
                c.target = [a for a in resolve(heads, index, memory, sent, None, subject=False) if not same(a, c.source)]
                if c.target:
                    break


def _subject_target(c, subj, index, memory, sent):
    if subj is None:
        return []
    return [a for a in resolve([subj], index, memory, sent, None, subject=True) if not same(a, c.source)]


def _inner_target(c, cands):
    """The target of the act's subsumed content: "agreed to lift sanctions on Iran" (Iran)."""
    for o in cands:
        if o.subsumed and o is not c and c.tok.i in [a.i for a in o.tok.ancestors]:
            c.target = [a for a in o.target if not same(a, c.source)]
            if c.target:
                return


def _xcomp_target(c, index, memory, sent):
    """An act done by way of its infinitive complement is aimed at that complement's object: "helped defend
    Saudi Arabia", "began to pull out of Lebanon"; a bare infinitive's subject is the one helped: "helped
    Armenia rebuild its army"."""
    for v in (ch for ch in c.tok.children if ch.dep_ in ("xcomp", "ccomp") and ch.pos_ == "VERB"):
        if v.dep_ == "ccomp" and (v.tag_ != "VB" or any(m.dep_ in ("mark", "aux") for m in v.children)):
            continue
        subj = [s for s in v.children if s.dep_ == "nsubj"] if v.dep_ == "ccomp" else []
        heads = subj or A.object_heads(v, passive(v))
        c.target = [a for a in resolve(heads, index, memory, sent, None, subject=False) if not same(a, c.source)]
        if c.target:
            return


def condition_target(c, index, memory, sent):
    """A threat is aimed at whoever must meet its condition: "threatened to strike unless Israel rescinded ...",
    "will withdraw its troops unless the government holds elections", "threatened to ban voting if Hamas ran"."""
    if any(a.code for a in c.target):
        return
    marks = L.words()["condition_marks"]
    verbs = [c.tok] + [ch for ch in c.tok.children if ch.dep_ in ("xcomp", "ccomp")]
    for v in verbs:
        for cl in v.children:
            if cl.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in marks for m in cl.children):
                continue
            subj = next((s for s in cl.children if s.dep_ in ("nsubj", "nsubjpass")), None)
            found = [a for a in resolve([subj], index, memory, sent, None, subject=True)
                     if not same(a, c.source)] if subj is not None else []
            if any(a.code for a in found) or (found and not c.target):
                c.target = [a for a in found if a.code] or found  # "unless the president resigns": whose, by context
                return


def _protest_content_target(c, cands):
    """A protest is aimed at what its content act is aimed at: "began a hunger strike to protest against
    Sweden's decision" (SWE), "blocked a road to show their disapproval of the United States" (USA)."""
    anchor = c.tok.head if c.nominal and c.tok.dep_ == "dobj" else c.tok
    for o in cands:
        if o is not c and o.target and o.tok.i != anchor.i and anchor.i in [a.i for a in o.tok.ancestors]:
            c.target = [a for a in o.target if a.code and not same(a, c.source)]
            if c.target:
                return


def result_target(c, index, memory, sent):
    """A participle that states what an act caused ("launched rocket fire against the camps, killing 50") is
    aimed where the act is aimed."""
    t = c.tok
    if c.target or c.nominal or not c.source or t.dep_ != "advcl" or t.tag_ != "VBG" or any(
            m.dep_ == "mark" for m in t.children) or t.head.pos_ != "VERB":
        return
    heads = A.object_heads(t.head, passive(t.head))
    c.target = [a for a in resolve(heads, index, memory, sent, None, subject=False) if not same(a, c.source)]


def share_targets(cands):
    """Conjoined verbs share a missing target: "condemned and then sanctioned Caracas"."""
    by_tok = {c.tok.i: c for c in cands}
    for c in cands:
        if c.target or c.nominal:
            continue
        for other in (by_tok.get(c.tok.head.i), *[by_tok.get(x.i) for x in c.tok.children if x.dep_ == "conj"]):
            if other is not None and other is not c and other.target and (
                c.tok.dep_ == "conj" or any(x.i == other.tok.i for x in c.tok.children)
            ):
                c.target = [a for a in other.target if not same(a, c.source)]
                break


def fallback(c, memory):
    """Fill a missing party from the article's earlier events with the same other party (events whose parties
    were themselves stated, so that an inferred party does not spread through the article)."""
    if c.source and not c.target:
        for src, tgt in reversed(memory.dyads):
            if tgt and any(a.code == s.code for a in c.source for s in src):
                c.target = [a for a in tgt if all(a.code != s.code for s in c.source)][:1]
                c.inherited = True
                return
    if c.target and not c.source and (c.nominal or c.tok.dep_ in ("relcl", "acl") or passive(c.tok)):
        for src, tgt in reversed(memory.dyads):
            if src and any(a.code == t.code for a in c.target for t in tgt):
                c.source = [a for a in src if all(a.code != t.code for t in c.target)][:1]
                c.inherited = True
                return


def context_source(c, countries):
    """An uncoded party ("the President", "elders", "the judge"; "opponents") in a sentence that names one country
    only is of that country: "Judge X opened investigations against Chilean officials" -> CHL; "Egyptian police
    arrested 12 demonstrators" -> EGY demonstrators."""
    src = c.source and not any(a.code for a in c.source)
    tgt = c.target and not any(a.code for a in c.target)
    home = source_home(c, countries) if src else None
    if home is not None:
        c.source = [dataclasses.replace(c.source[0], code=home)]
        c.inherited = c.coded_by_context = True
    # The victims of violence do not take their attacker's country ("Russian bombs killed 500 people in Ghouta"),
    # unless the attacker is the police, acting at home ("Egyptian police fired on demonstrators").
    armed = c.cameo[:2] in L.words()["violent_roots"] and not any(a.sector == "COP" for a in c.source)
    home = target_home(c, countries, armed, c.cameo[:2] not in VERBAL_ROOTS) if tgt else None
    if home is not None:
        c.target = [home_party(a, home, c.source) for a in c.target]
        c.inherited = c.coded_by_context = True


def protest_target(c):
    """A protest that names no target is addressed to its own country's authorities (the PLOVER/CAMEO
    convention for domestic events): "Iraqi Kurds demonstrated in Kirkuk" -> IRQ protesters -> IRQ. A protest
    by a country's people against the state by its name ("Tamils rallied for autonomy from Sri Lanka") is the
    same domestic event: the people civilians (when no sector is known), the state its authorities."""
    if c.cameo[:2] != PROTEST:
        return
    if c.target:
        own = {a.code for a in c.source if a.code and not a.sector}
        if own and any(a.code in own and not a.sector for a in c.target):
            c.source = [dataclasses.replace(a, sector="CVL") if a.code in own and not a.sector else a for a in c.source]
            c.target = [dataclasses.replace(a, sector="GOV") if a.code in own and not a.sector else a for a in c.target]
        return
    home = next((a.code for a in c.source if a.code and len(a.code) == 3), None)
    if home:
        c.target = [Actor(home, "GOV", f"{home} authorities (inferred)")]
        c.inherited = True


def hosted_visit(c):
    """A visit is the visitor's act (the coding guide, corpus/GUIDE.md): "X hosted Y", "Y was received by X" are
    Y's visit to X, the visitor the source and the host the target, where the parse gives the host as the subject.
    Only when the hosted is the verb's own object, a party: "hosted talks between X and Y" is the host's act."""
    if c.cameo not in roles()["hosting_codes"] or c.nominal:
        return
    t = c.tok
    hosted = [ch for ch in t.children if ch.dep_ in ("dobj", "nsubjpass")] + ([t.head] if t.dep_ in ("acl", "relcl") else [])
    if any(a.span is not None and a.span.start <= h.idx < a.span.end for a in c.target for h in hosted):
        c.source, c.target = c.target, c.source


def passive(tok) -> bool:
    return any(ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children)


def location_target(c, index):
    """An act with no named target is aimed at the country where it is done or that it moves to or out of:
    "lifted the state of emergency in Darfur", "peacekeepers arrived in Bosnia", "agreed to set up a centre in
    Tokyo". Not for meetings and cooperation ("signed an accord in Cairo" is not aimed at Egypt)."""
    if not c.source or any(a.code for a in c.target) or c.cameo[:2] in L.words()["not_located_roots"] | {PROTEST}:
        return  # a place completes a dyad; it does not make an event of a word with no party named
    place = _act_location(c.tok, index, c.nominal, c.cameo[:2] in VERBAL_ROOTS)
    if place is None or same(place, c.source):
        return
    if not c.target and any(a.code == place.code and a.sector in STATE_SECTORS for a in c.source):
        place = dataclasses.replace(place, sector="CVL")  # "extended the curfew in <its own city>": its people
    c.target = [dataclasses.replace(a, code=place.code) for a in c.target] or [place]
    c.coded_by_context = True


def _act_location(tok, index, nominal, verbal=False):
    """Where an act is done or moves to; of a verbal act, only where the act it states is done ("agreed to set up a
    centre in Tokyo"), not where it was said ("rejected the plan at a meeting in Geneva")."""
    w = L.words()
    preps = w["place_preps"] | w["direction_preps"]
    place = None if verbal and not nominal else L.location(tok, index, preps)
    if place is not None or nominal:
        return place
    for ch in tok.children:
        if ch.dep_ in ("dobj", "nsubjpass"):
            place = L.location(ch, index, w["place_preps"])
        elif ch.dep_ in ("xcomp", "ccomp") and ch.pos_ in ("VERB", "AUX"):
            place = _act_location(ch, index, False)
        if place is not None:
            return place
    return None


def state_source(c, index):
    """An arrest, investigation or expulsion that names nobody doing it ("was arrested in Lebanon", "was put under
    investigation in Italy", "was expelled from Russia") is by the authorities of the country where it happened."""
    w = L.words()
    if not c.target or any(a.code for a in c.source) or c.cameo[:2] not in w["state_roots"]:
        return
    if not (c.nominal or passive(c.tok)):
        return
    preps = w["place_preps"] | {"from"}
    heads = [c.tok] + ([c.tok.head.head] if c.nominal and c.tok.dep_ == "pobj" else [])
    for h in heads:
        place = L.location(h, index, preps)
        others = [a for a in c.target if a is not place]
        if place is not None and others:  # "were arrested in Baku": Baku is where, not whom
            c.source = [Actor(place.code, "GOV", f"{place.code} authorities (inferred)")]
            c.target = others
            c.inherited = c.coded_by_context = True
            return


def unattributed_source(c, index):
    """Violence that names nobody doing it ("a roadside bomb near Samarra killed ...", "was killed in an explosion
    in Beirut") is by an unidentified armed actor (PLOVER sector UAF) of the country where it happened."""
    if not c.target or any(a.code for a in c.source) or c.cameo[:2] not in L.words()["violent_roots"]:
        return
    w = L.words()
    heads = [c.tok]
    if not c.nominal:
        subj, passive_ = A.subject_of(c.tok)
        if subj is not None and not passive_ and not index.in_phrase(subj):
            heads.append(subj)  # "a roadside bomb near Samarra killed ..."
            if subj.head.pos_ in ("VERB", "AUX") and subj.head.i != c.tok.i:
                heads.append(subj.head)  # "an attempt to assassinate X was thwarted in Y"
        heads += [ch for ch in c.tok.children if ch.dep_ in ("dobj", "nsubjpass")]
    for h in heads:
        place = L.location(h, index, w["place_preps"])
        if place is not None:
            c.source = [dataclasses.replace(a, code=place.code) for a in c.source] or [
                Actor(place.code, "UAF", f"unidentified armed actor in {place.name} (inferred)")]
            c.inherited = c.coded_by_context = True
            return
