"""Features of the trained event coder, read from the spaCy parse: the same functions at training and run time.

Three decisions are learned (see ``learned.py``): the PLOVER type (or none) of a predicate candidate, the
modality of a coded event, and the role (source, target, neither) of an actor mention towards a trigger.
Every feature is a string hashed (CRC-32) into ``DIM`` buckets; the shipped model holds bucket numbers and
weights only, no words.
"""
from __future__ import annotations

import zlib

import numpy as np

from ..memory import Memo
from ..nlp import mention_head  # noqa: F401 - F.mention_head, read by the coder and its trainers
from ..wordlists import word_set
from .lexicon import MATERIAL, OBLIGATION, SPEAKER_PRONOUNS as PRONOUNS, WORDS, load as load_lexicon
from .modality import cues, governing_verb
from .ontology import coding
from .role_features import (  # noqa: F401 - F.role_features, F.phrase_head, F.place_phrase: read by the coder,
    PHRASE_DEPS, _bucket, _path, phrase_head, place_phrase, role_features)  # its trainers and tests
from .select import rank
from .tokens import _heads, sentence_table

DIM = 1 << 20
CANDIDATE_POS = frozenset({"VERB", "NOUN"})
INTENT = word_set(WORDS, "intent")
SPEECH = word_set(WORDS, "speech")
REFUSING = frozenset({"decline", "refuse"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
OBJECT_DEPS = frozenset({"dobj", "attr", "nsubjpass", "dative", "oprd", "amod", "compound", "npadvmod"})
FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "oprd", "attr", "xcomp", "ccomp", "prep", "agent",
                        "acomp", "prt"})
NUMERIC = frozenset({"PERCENT", "MONEY", "QUANTITY", "CARDINAL"})


_BUCKETS = Memo(1_000_000)  # feature string -> its bucket


def _bucket_of(f: str) -> int:
    b = _BUCKETS.get(f)
    if b is None:
        b = _BUCKETS.put(f, zlib.crc32(f.encode("utf-8")) & (DIM - 1))
    return b


def hashed(feats) -> np.ndarray:
    """Bucket numbers of feature strings, each once, sorted: a model's scores are then summed in the same order in
    every process (a set's order varies with the strings' hash seed, and float32 sums with their order)."""
    get = _BUCKETS.get
    buckets = {get(f) for f in feats}  # a warm run finds nearly every feature remembered
    if None in buckets:
        buckets = {_bucket_of(f) for f in feats}
    return np.array(sorted(buckets), dtype=np.int64)


def rule_type(c):
    """PLOVER type of a rule-coder candidate (None for CAMEO 01/02 statements and appeals)."""
    if c is None:
        return None
    return c.plover[0] if c.plover else coding(c.cameo).event


def _lemma(t) -> str:
    return t.lemma_.lower()


def _reporting_head(tok):
    """The reporting verb whose complement holds the trigger's clause, if any."""
    reporting = cues()["reporting"]["verbs"]
    v = governing_verb(tok)
    for _ in range(6):
        if v.dep_ in ("ccomp", "parataxis") and _lemma(v.head) in reporting:
            return v.head
        if v.head.i == v.i:
            return None
        v = v.head
    return None


def candidates(sent, rule_tokens) -> list:
    """Predicate tokens worth a decision: every verb and noun, and every token the rule coder proposes."""
    S = sentence_table(sent)
    s0 = S.start
    return [S.token(k) for k, p in enumerate(S.pos) if p in CANDIDATE_POS or s0 + k in rule_tokens]


def covering(doc, actor_tokens) -> set:
    """Indices of the tokens whose subtree holds an actor mention (the mentions' tokens and their ancestors)."""
    out = set()
    heads = _heads(doc)  # Token.head.i of every token: the ancestors without a Token each
    for i in actor_tokens:
        out.add(i)
        a = i
        while heads[a] != a:  # Token.ancestors: the heads up to the root
            a = heads[a]
            if a in out:
                break
            out.add(a)
    return out


def type_features(tok, sent, rule_cand, selected: bool, actor_tokens, covered=None) -> list:
    if covered is None:
        covered = covering(tok.doc, actor_tokens)
    S = sentence_table(sent)
    if not S.closed:  # a head outside the sentence (a sentence not cut by the parser): read the Tokens
        return _token_type_features(tok, sent, rule_cand, selected, actor_tokens, covered)
    s0 = S.start
    lemma, lower, deps, pos, children = S.lemma, S.lower, S.dep, S.pos, S.children
    k = tok.i - s0
    lem, low, dep = lemma[k], lower[k], deps[k]
    h = S.head[k]
    f = ["b", f"l={lem}", f"w={low}", f"p={pos[k]}", f"t={S.tag[k]}", f"d={dep}", f"ld={lem}|{dep}",
         f"h={lemma[h]}", f"hd={deps[h]}", f"lh={lem}|{lemma[h]}", f"hp={pos[h]}|{dep}"]
    kids = children[k]
    for c in kids:
        cl, cd = lemma[c], deps[c]
        f.append(f"c={cd}:{cl}")
        f.append(f"cd={cd}")
        if cd in ("dobj", "attr", "nsubjpass", "xcomp", "ccomp", "prt", "acomp", "oprd", "compound", "amod"):
            f.append(f"lc={lem}|{cd}:{cl}")
        if cd in ("prep", "agent", "dative"):
            clow = lower[c]
            f.append(f"lp={lem}|{clow}")
            for g in children[c]:
                if deps[g] == "pobj":
                    f.append(f"po={clow}:{lemma[g]}")
                    f.append(f"lpo={lem}|{clow}:{lemma[g]}")
                    has = g + s0 in covered
                    f.append(f"pa={clow}:{'A' if has else '-'}")
        if cd in ("aux", "auxpass", "neg", "mark"):
            f.append(f"aux={lower[c]}")
        if cd in ("nsubj", "nsubjpass", "dobj", "poss", "agent"):
            has = c + s0 in covered
            f.append(f"arg={cd}:{'A' if has else '-'}")
            if cd == "nsubj":  # "the plan calls for", "the pact calls on": a word's subject is a party or not
                f.append(f"sja={lem}|{'A' if has else '-'}")
    # the argument frame tells a word's senses apart: "called X a Y" (dobj oprd: named) from "called for"
    # (prep), an interviewer's "asked" (subject a person, object a question) from a government's request
    frame = "+".join(sorted({deps[c] for c in kids if deps[c] in FRAME_DEPS}))
    f.append(f"fr={lem}|{frame}")
    for c in kids:
        cd = deps[c]
        if cd in ("nsubj", "nsubjpass"):
            f.append(f"sj={lem}|{lemma[c]}")
            f.append(f"sje={lem}|{S.ent[c] or pos[c]}")
        elif cd in ("dobj", "attr", "oprd") and any(S.num[t] or S.ent[t] in NUMERIC for t in S.subtree(c)):
            f.append(f"numobj={lem}")
    if k > 0:
        prev = lower[k - 1]
        f.append(f"pw={prev}")
        f.append(f"pwl={prev}|{lem}")
        if k - 1 > 0:
            f.append(f"pw2={lower[k - 2]}|{prev}|{lem}")
    if k + 1 < S.end - s0:
        f.append(f"nw={lower[k + 1]}|{lem}")
    for j, a in zip(range(3), S.ancestors(k)):
        f.append(f"a{j}={lemma[a]}")
    rep = S.reporting_head(k)
    if rep is not None:
        f.append(f"rep={lemma[rep]}")
    f.append(f"rank={min(S.rank(k), 3)}")
    f.append(f"root={dep == 'ROOT'}")
    f.append(f"q={S.question}")
    f += class_features(lemma, lower, deps, pos, S.head, children, k, _armed_at(actor_tokens, s0))
    f += obligation_features(lower, deps, pos, children, k, s0, actor_tokens)
    return _closing_features(f, tok.i, pos[k] == "NOUN", lem, rule_cand, selected, actor_tokens)


ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "PRM", "SPY"})


def in_class(cls, lem: str, low: str) -> bool:
    """The word is of the class by its lemma or, where the lemmatizer missed, by its regular inflection."""
    if lem in cls or low in cls:
        return True
    known = _INFLECTED.get(cls)
    if known is None:
        known = _INFLECTED.put(cls, {})
    found = known.get(low)
    if found is None:
        if len(known) >= INFLECTED_MEMORY:
            known.clear()
        found = known[low] = _inflected(cls, low)
    return found


def _inflected(cls, low: str) -> bool:
    for end, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", "")):
        if low.endswith(end) and low[:-len(end)] + add in cls:
            return True
    return False


INFLECTED_MEMORY = 1 << 16  # words per class whose inflection test is remembered
_INFLECTED = Memo(64)  # classes are the few word sets of words.yaml: a bound all the same; class (a frozenset) -> {lower-cased word: _inflected(class, word)}


def _armed_at(actor_tokens, s0) -> frozenset:
    """Sentence indices of the tokens of armed parties' mentions (forces, rebels, militias)."""
    global _ARMED_AT
    last = _ARMED_AT  # one tuple, read and replaced whole
    if last[0] is not actor_tokens or last[1] != s0:  # read once for all the sentence's candidates
        last = _ARMED_AT = (actor_tokens, s0, frozenset(i - s0 for i, a in actor_tokens.items()
                                                         if getattr(a, "sector", None) in ARMED_SECTORS))
    return last[2]


def _of_actors(actor_tokens) -> tuple:
    """The ``nact=`` feature and the armed flag of the ``larm=`` one of a sentence's actor tokens, read once for all
    its candidates."""
    global _ACTORS_READ
    last = _ACTORS_READ
    if last[0] is not actor_tokens:
        acts = {id(a): a for a in actor_tokens.values()}
        armed = any(getattr(a, "sector", None) in ARMED_SECTORS for a in acts.values())
        last = _ACTORS_READ = (actor_tokens, (f"nact={_bucket(len(acts))}", f"|{armed}"))
    return last[1]


# the last sentence's actor tokens (the dict itself, held: never another's id) and what was read of them
_ARMED_AT, _ACTORS_READ = (None, None, None), (None, None)


def class_features(lemma, lower, deps, pos, head, children, k, armed=frozenset()) -> list:
    """Word-class features of the candidate at ``k`` (lists indexed in the sentence; ``head[j] == j``: a root), so
    that what is learnt of one word carries to its class (words.yaml): under a verb of wanting or planning (no
    act yet) or such a verb itself; a refusal to speak; a noun used as a modifier of another noun (no act of its
    own); an object or modifier naming material backing (AID rather than SUPPORT), or an armed party backed
    ("backed militias", "support for the rebels": ``armed``, the sentence indices of armed parties' tokens)."""
    f = []
    lem, dep = lemma[k], deps[k]
    j, rel = k, dep
    if rel == "conj" and head[j] != j:  # a conjunct takes the relation of the first conjunct
        j = head[j]
        rel = deps[j]
    h = head[j]
    if h != j:
        g = head[h] if rel == "pobj" and head[h] != h else h  # "aims at", "pushed for": the verb above the preposition
        if rel in ("xcomp", "ccomp", "dobj", "acl", "pobj", "advcl") and in_class(INTENT, lemma[g], lower[g]):
            f += ["ci=intent", f"ci=intent|{rel}"]
        if in_class(REFUSING, lemma[g], lower[g]) and in_class(SPEECH, lem, lower[k]):
            f.append("xsp=under")
    if in_class(INTENT, lem, lower[k]):
        f.append(f"self=intent|{any(deps[c] in ('xcomp', 'ccomp') for c in children[k])}")
    mat = 0
    for c in children[k]:
        cd, cl = deps[c], lemma[c]
        if cd == "xcomp" and in_class(SPEECH, cl, lower[c]) and in_class(REFUSING, lem, lower[k]):
            f.append("xsp=refuse")
        if cd in OBJECT_DEPS and in_class(MATERIAL, cl, lower[c]):
            mat += 1
            f.append(f"mat={cd}")
        elif cd in ("prep", "dative"):
            for g in children[c]:
                if deps[g] == "pobj" and in_class(MATERIAL, lemma[g], lower[g]):
                    mat += 1
                    f.append("mat=pobj")
    if mat:
        f.append(f"matl={lem}")
    if armed:
        arm = [rel for rel, j2 in (("head", head[k]),) if j2 != k and j2 in armed]
        for c in children[k]:
            if deps[c] in ("dobj", "nsubjpass") and c in armed:
                arm.append(deps[c])
            elif deps[c] == "prep":
                arm += ["pobj" for g in children[c] if deps[g] == "pobj" and g in armed]
        for rel in sorted(set(arm)):
            f += [f"armarg={rel}", f"armargl={rel}|{lem}"]
    if pos[k] == "NOUN" and dep in MODIFIER_DEPS and head[k] != k:
        f += [f"nmod={dep}", f"nmodh={pos[head[k]]}"]
    return f



def _party_at(j, children, s0, actor_tokens):
    """The code of the first coded actor in the phrase headed at sentence index ``j`` ("A": a party with no code),
    None when the phrase names no party."""
    found, todo = [], [j]
    while todo:
        i = todo.pop()
        a = actor_tokens.get(i + s0)
        if a is not None:
            found.append(getattr(a, "code", None) or "A")
        todo.extend(children[i])
    codes = sorted(c for c in found if c != "A")
    return codes[0] if codes else ("A" if found else None)


def obligation_features(lower, deps, pos, children, k, s0, actor_tokens) -> list:
    """"X said (that) Y should/must ...": who is obliged, the feature the type model reads for the reporting verb
    (a demand needs an addressee): nobody named (a passive, no subject), a thing (a plan, a price), a pronoun, the
    speaker's own party (its code, or an uncoded party) or another party (types2's census: such views and forecasts
    were read as REQUEST)."""
    speaker = next((c for c in children[k] if deps[c] == "nsubj"), None)
    for c in children[k]:
        if deps[c] not in ("ccomp", "parataxis") or not any(
                deps[a] == "aux" and lower[a] in OBLIGATION for a in children[c]):
            continue
        subj = next((a for a in children[c] if deps[a] in ("nsubj", "nsubjpass")), None)
        if subj is None:
            kind = "none"
        elif deps[subj] == "nsubjpass":
            kind = "pass"
        elif lower[subj] in PRONOUNS:
            kind = f"pron:{lower[subj]}"
        else:
            obliged = _party_at(subj, children, s0, actor_tokens)
            said = _party_at(speaker, children, s0, actor_tokens) if speaker is not None else None
            if obliged is None:
                kind = "thing"
            elif said is not None and obliged == said and obliged != "A":
                kind = "same"
            else:
                kind = "party"
        return [f"obl={kind}", f"obl={kind}|{pos[k]}"]
    return []


def _closing_features(f: list, i: int, noun: bool, lem: str, rule_cand, selected: bool, actor_tokens) -> list:
    """The type features both readers end with: actors in the sentence, the rule coder's reading, a noun's entry."""
    nact, armed = _of_actors(actor_tokens)
    f.append(nact)
    # an armed party in the sentence tells material backing (AID: forces, rebels) from words of support (SUPPORT)
    f.append(f"larm={lem}{armed}")
    if i in actor_tokens:
        f.append("is_actor")
    rt = rule_type(rule_cand)
    if rule_cand is not None:
        f += [f"r={rt}", f"rc={rule_cand.cameo[:2]}", f"rl={rt}|{lem}", f"rs={rt}|{selected}",
              f"ra={rt}|{bool(rule_cand.source)}|{bool(rule_cand.target)}", f"rm={rule_cand.modality}"]
    else:
        f.append("r=none")
    if noun:
        hit = load_lexicon().noun_code(lem)
        f.append(f"nl={bool(hit and hit[0])}")
    return f

def _token_type_features(tok, sent, rule_cand, selected: bool, actor_tokens, covered=None) -> list:
    lem, low, dep = _lemma(tok), tok.lower_, tok.dep_
    head = tok.head
    f = ["b", f"l={lem}", f"w={low}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={dep}", f"ld={lem}|{dep}",
         f"h={_lemma(head)}", f"hd={head.dep_}", f"lh={lem}|{_lemma(head)}", f"hp={head.pos_}|{dep}"]
    for c in tok.children:
        cl = _lemma(c)
        f.append(f"c={c.dep_}:{cl}")
        f.append(f"cd={c.dep_}")
        if c.dep_ in ("dobj", "attr", "nsubjpass", "xcomp", "ccomp", "prt", "acomp", "oprd", "compound", "amod"):
            f.append(f"lc={lem}|{c.dep_}:{cl}")
        if c.dep_ in ("prep", "agent", "dative"):
            f.append(f"lp={lem}|{c.lower_}")
            for g in c.children:
                if g.dep_ == "pobj":
                    f.append(f"po={c.lower_}:{_lemma(g)}")
                    f.append(f"lpo={lem}|{c.lower_}:{_lemma(g)}")
                    has = g.i in covered
                    f.append(f"pa={c.lower_}:{'A' if has else '-'}")
        if c.dep_ in ("aux", "auxpass", "neg", "mark"):
            f.append(f"aux={c.lower_}")
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "agent"):
            has = c.i in covered
            f.append(f"arg={c.dep_}:{'A' if has else '-'}")
            if c.dep_ == "nsubj":
                f.append(f"sja={lem}|{'A' if has else '-'}")
    # the argument frame tells a word's senses apart: "called X a Y" (dobj oprd: named) from "called for"
    # (prep), an interviewer's "asked" (subject a person, object a question) from a government's request
    frame = "+".join(sorted({c.dep_ for c in tok.children if c.dep_ in FRAME_DEPS}))
    f.append(f"fr={lem}|{frame}")
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"sj={lem}|{_lemma(c)}")
            f.append(f"sje={lem}|{c.ent_type_ or c.pos_}")
        elif c.dep_ in ("dobj", "attr", "oprd") and any(t.like_num or t.ent_type_ in NUMERIC for t in c.subtree):
            f.append(f"numobj={lem}")
    if tok.i > sent.start:
        prev = tok.doc[tok.i - 1]
        f.append(f"pw={prev.lower_}")
        f.append(f"pwl={prev.lower_}|{lem}")
        if tok.i - 1 > sent.start:
            f.append(f"pw2={tok.doc[tok.i - 2].lower_}|{prev.lower_}|{lem}")
    if tok.i + 1 < sent.end:
        f.append(f"nw={tok.doc[tok.i + 1].lower_}|{lem}")
    anc = [a for _, a in zip(range(3), tok.ancestors)]
    for k, a in enumerate(anc):
        f.append(f"a{k}={_lemma(a)}")
    rep = _reporting_head(tok)
    if rep is not None:
        f.append(f"rep={_lemma(rep)}")
    f.append(f"rank={min(rank(tok), 3)}")
    f.append(f"root={tok.dep_ == 'ROOT'}")
    f.append(f"q={sentence_table(sent).question}")
    toks = list(sent)
    s0, n = sent.start, len(toks)
    head = [t.head.i - s0 if 0 <= t.head.i - s0 < n else k for k, t in enumerate(toks)]  # a head outside: a root
    kids = [[] for _ in toks]
    for k, h in enumerate(head):
        if h != k:
            kids[h].append(k)
    f += class_features([_lemma(t) for t in toks], [t.lower_ for t in toks], [t.dep_ for t in toks],
                        [t.pos_ for t in toks], head, kids, tok.i - s0, _armed_at(actor_tokens, s0))
    f += obligation_features([t.lower_ for t in toks], [t.dep_ for t in toks], [t.pos_ for t in toks], kids,
                             tok.i - s0, s0, actor_tokens)
    _closing_features(f, tok.i, tok.pos_ == "NOUN", lem, rule_cand, selected, actor_tokens)
    return f


ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "dative", "poss", "attr"})


def _kind(t, actor_tokens, covered) -> str:
    """What an argument token is: an actor's sector (or CTY, a coded actor without one), an uncoded actor inside
    its phrase (A), a named entity's label, or its part of speech."""
    a = actor_tokens.get(t.i)
    if a is not None:
        return getattr(a, "sector", None) or ("CTY" if getattr(a, "code", None) else "ACT")
    if covered is not None and t.i in covered:
        return "A"
    return t.ent_type_ or t.pos_


def _side_kinds(actors) -> str:
    return ",".join(sorted({getattr(a, "sector", None) or ("CTY" if getattr(a, "code", None) else "-")
                            for a in actors})) or "0"


def trigger_features(tok, rule_cand, actor_tokens, covered) -> list:
    """Features of the trigger veto (learned.Coder: is the rule coder's reported trigger an event at all) added to
    ``type_features``: the trigger's frame, arguments and modifiers without the word itself, so that what is
    learnt of one trigger carries to others of its type and use ("the attack helicopters", "declined to comment",
    "a warning about the weather"): the kinds of actor (sector) or entity in its subject, object and
    prepositional objects, its determiner and modifiers as a noun, its head's use, the rule coder's parties'
    kinds."""
    rt = rule_type(rule_cand)
    pos, dep, head = tok.pos_, tok.dep_, tok.head
    kids = list(tok.children)
    frame = "+".join(sorted({c.dep_ for c in kids if c.dep_ in FRAME_DEPS}))
    f = [f"v:fr={rt}|{pos}|{frame}", f"v:td={rt}|{tok.tag_}|{dep}", f"v:hd={pos}|{dep}|{head.pos_}|{head.dep_}",
         f"v:hl={rt}|{pos}|{_lemma(head) if head.i != tok.i else '-'}"]
    args = []
    for c in kids:
        d = c.dep_
        if d in ARG_DEPS:
            k = _kind(c, actor_tokens, covered)
            args.append(f"{d}:{k}")
            f.append(f"v:arg={rt}|{d}:{k}")
        elif d == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    k = _kind(g, actor_tokens, covered)
                    f += [f"v:pp={rt}|{c.lower_}:{k}", f"v:ppk={pos}|{k}"]
        elif d in ("det", "predet"):
            f.append(f"v:det={pos}|{c.lower_}")
        elif d in ("amod", "compound", "nummod", "nmod"):
            f.append(f"v:mod={rt}|{d}:{c.ent_type_ or c.pos_}")
    f.append(f"v:args={rt}|{'+'.join(sorted(args))}")
    if rule_cand is not None:
        f.append(f"v:ra={rt}|{_side_kinds(rule_cand.source)}|{_side_kinds(rule_cand.target)}")
    if pos == "NOUN" and dep in MODIFIER_DEPS and head.i != tok.i:
        f.append(f"v:nmod={rt}|{dep}|{head.pos_}")
    return f
