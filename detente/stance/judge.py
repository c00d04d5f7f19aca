"""How the author judges an actor's own conduct: the words that evaluate what the actor does.

The classifier (trained on sentences about politicians) reads a sentence's tone; in an opinion piece
about states the author's stance shows instead in how the actor's *own acts* are described. This
module finds the actor's conduct through the parse and reads two kinds of evidence there, only when
the act is asserted (not negated, not under a counterfactual modal, not in a condition or question, not
someone's claim):

- :func:`judgement` — evaluative words attached to the actor's act: adverbs of its verb (*X rightly
  dismissed*, *X behaved recklessly*), the manner of it (*in a humiliating manner*, *with arrogance*),
  the predicate of a copula (*X was brave*), and for a possessed act or trait its adjectives
  (*X's reckless policy*) and a negative noun (*X's cruelty*). Valences come from the VADER lexicon
  (``data/vader_words.tsv``), with an ``-ly`` adverb read through its adjective, and for words VADER
  lacks from the in-house list of conduct words (``data/conduct_words.tsv``: *rightly*, *prudent*,
  *restraint*; *wrongly*, *arbitrary*), then from the valences induced from word vectors
  (``data/induced_valence.tsv``, ``induce.py``) where their magnitude reaches ``INDUCED_MIN``.

Measured on NewsMTSC (8,739 gold target polarities; mean -0.11). VADER alone: where :func:`judgement`
is positive (214 targets) the gold polarity averages +0.54 (72% positive); where negative (213), -0.77
(85% negative). With the induced valences: positive on 237 targets, +0.54 (72%); negative on 270, -0.76
(85%): a fifth more targets at the same agreement (79% of signs where it fires, both). Induced valences
from 0.05 or 0.1 fire on more targets but agree less (72%, 75%). The conduct words
(``data/conduct_words.tsv``), also read on the act's object (*X showed restraint*, *X took arbitrary
measures*; not another's, *Y's restraint*), change the judgement's sign on 8 targets, the new sign agreeing
with the gold label on 7 (the cross-validated classifier on 4). (A polarity-shifter rule, *X avoided a
confrontation* read as a good act via the Schulder et al. 2020 shifter lexicon, was tried and dropped: where
it fired, 65% of the gold polarities were negative. ``roles.py`` keeps a narrower one, the "averter",
without denial verbs.)

An act in the complement of a verb of claiming or belief, or of a claim noun (``CLAIMS``: *some claim that
X refrained*, *it assumes X will*, *the allegation that X lied*), is not the author's assertion: on the 22
NewsMTSC targets this takes from the judgement it agreed with the gold sign on 16, the classifier on 19; on
the 6 it takes from ``roles.py`` both agreed on all 6. With *say* the judgement and the classifier tie (78%
of 87 targets), so reported speech stays asserted.

With all of this the judgement is positive on 225 NewsMTSC targets (74% positive in the gold labels) and
negative on 264 (84% negative): 80% of signs, where the cross-validated classifier's labels agree on 78%.

An adverb before the actor's subject is a sentence adverb that judges the fact, not the actor's manner
(*Remarkably, X agreed*; Ernst's speaker-oriented adverbs) and is not read: on NewsMTSC such adverbs
agree with the gold sign on 4 of their 6 targets, below the judgement's 79%.

It returns a signed score (0 when nothing is found); :mod:`detente.stance.aggregate` turns it into a
bound on the mention's polarity.
"""
from __future__ import annotations

import functools

from detente import nlp
from detente.stance.features import DATA, induced_lexicon, negated, vader_lexicon
from detente.stance.words import function_words

# Word lists: data/function_words.yaml (modal auxiliaries, conditions, verbs and nouns of claiming, manner nouns)
MODALS = function_words("modals")
CONDITIONS = function_words("conditions")
# verbs that attribute a contestable claim to someone (not "say", the neutral verb of reporting): an act in
# their complement is that someone's claim, not the author's assertion (see the module doc)
CLAIMS = function_words("claims")
MANNER = function_words("manner")
CLIMB = frozenset({"compound", "appos", "conj", "flat"})
# a verb of the actor's that shares its subject: conjoined verbs, participles, control complements
SAME_SUBJECT = frozenset({"conj", "xcomp", "advcl"})
INDUCED_MIN = 0.15  # induced valences weaker than this are not read as a judgement (see the module doc)


@functools.lru_cache(maxsize=1)
def _conduct_words() -> tuple[dict[str, float], dict[str, str]]:
    """``data/conduct_words.tsv``: valences, and the one part of speech a word with a neutral
    homograph is read in (the third column: *firm* is ADJ, not the company)."""
    valence, pos = {}, {}
    for line in (DATA / "conduct_words.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            valence[cols[0]] = float(cols[1])
            if len(cols) > 2:
                pos[cols[0]] = cols[2].strip()
    return valence, pos


def conduct_lexicon() -> dict[str, float]:
    """The words of conduct judgement VADER lacks (``data/conduct_words.tsv``: *rightly*, *prudent*,
    *restraint*; *wrongly*, *arbitrary*), valences -1..1."""
    return _conduct_words()[0]


def _other_pos(tok, *words: str) -> bool:
    """Is the first of ``words`` bound to a part of speech (conduct words) bound to one ``tok`` is not?"""
    bound = _conduct_words()[1]
    pos = next((bound[w] for w in words if w in bound), None)
    return pos is not None and pos != tok.pos_


def conduct_valence(tok) -> float:
    """A token's conduct-word valence (0 when it is none, or in another part of speech)."""
    word = tok.lower_ if tok.lower_ in conduct_lexicon() else tok.lemma_.lower()
    return 0.0 if _other_pos(tok, word) else conduct_lexicon().get(word, 0.0)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """VADER's valences; for words it lacks the conduct words, then the induced valences of magnitude
    ``INDUCED_MIN`` or more."""
    out = {w: v for w, v in induced_lexicon().items() if abs(v) >= INDUCED_MIN}
    out.update(conduct_lexicon())
    out.update(vader_lexicon())
    return out


def word_valence(tok) -> float:
    """Valence (-1..1) of a token (:func:`lexicon`); an ``-ly`` adverb absent from it takes its adjective's
    (*boldly* -> *bold*, *happily* -> *happy*, *gently* -> *gentle*, *responsibly* -> *responsible*)."""
    lex = lexicon()
    low = tok.lower_
    v = lex.get(low)
    if v is None:
        v = lex.get(tok.lemma_.lower())
    if v is not None and _other_pos(tok, low, tok.lemma_.lower()) and low not in vader_lexicon():
        return 0.0  # a conduct word in another part of speech (X's firm: the company)
    if v is None and tok.pos_ == "ADV" and low.endswith("ly") and len(low) > 4:
        base = low[:-2]
        for cand in ((low[:-1] + "e") if low.endswith("bly") else base,
                     base, base[:-1] + "y" if base.endswith("i") else base + "e"):
            v = lex.get(cand)
            if v is not None:
                break
    return v or 0.0


def asserted(verb) -> bool:
    """Is the act the author's assertion: not negated, not counterfactual, not a condition or a question,
    not in the complement of a verb of claiming (*some claim that X refrained*)?"""
    if negated(verb):
        return False
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in MODALS:
            return False
        if c.dep_ == "mark" and c.lower_ in CONDITIONS:
            return False
    tok = verb
    for _ in range(6):
        if tok.head is tok:
            break
        if tok.dep_ in ("ccomp", "acl") and tok.head.lemma_.lower() in CLAIMS:  # the claim that X ...
            return False
        tok = tok.head
    try:
        text = nlp.span_text(verb.sent)  # the sentence's text built once per Doc (its verbs ask it again)
    except ValueError:  # a doc without sentence boundaries
        text = nlp.doc_text(verb.doc)
    return not text.rstrip().rstrip("\"'”’)").endswith("?")


def conduct(target) -> list:
    """The tokens that name what the actor (span ``target``) does or has: the verbs it is the agent of
    (with the verbs sharing that subject) or the noun it possesses. Empty when it is not an agent."""
    tok = target.root
    for _ in range(3):
        if tok.dep_ in CLIMB and tok.head is not tok and tok.head.pos_ in ("PROPN", "NOUN", "PRON"):
            tok = tok.head
        else:
            break
    dep, head = tok.dep_, tok.head
    if head is tok:
        return []
    if dep == "pobj" and head.dep_ == "agent":  # "... was dismissed by X"
        return same_subject(head.head)
    if dep in ("nsubj", "csubj"):
        return same_subject(head)
    if dep == "poss" and head.pos_ == "NOUN":
        return [head]
    return []


def same_subject(verb) -> list:
    """``verb`` and the verbs that share its subject: conjoined verbs, participles, control complements."""
    out = [verb]
    for c in verb.children:
        if c.dep_ in SAME_SUBJECT and c.pos_ in ("VERB", "AUX") \
                and not any(g.dep_ in ("nsubj", "nsubjpass", "csubj") for g in c.children):
            out.append(c)
    return out


def _modifier_valence(tok) -> float:
    """The evaluative adjectives and adverbs directly on ``tok``."""
    return sum(word_valence(c) for c in tok.children if c.dep_ in ("amod", "advmod", "acomp") and c.i != tok.i)


def judgement(target) -> float:
    """Signed sum of the evaluative words the author attaches to the actor's own asserted acts."""
    total = 0.0
    for pred in conduct(target):
        if pred.pos_ == "NOUN":  # X's reckless policy; X's cruelty (a positive noun alone, X's respect, is
            # as often the actor's attitude as its merit: +0.21 mean gold polarity on NewsMTSC, not counted)
            total += min(0.0, word_valence(pred)) + _modifier_valence(pred)
            continue
        if not asserted(pred):
            continue
        score = 0.0
        subj = min((c.i for c in pred.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), default=None)
        for c in pred.children:
            if c.dep_ == "advmod" and subj is not None and c.i < subj:
                continue  # a sentence adverb judges the fact, not the actor's manner (Remarkably, X agreed)
            if c.dep_ == "advmod" or c.dep_ == "acomp":
                score += word_valence(c)
            elif c.dep_ in ("dobj", "obj") and not any(g.dep_ == "poss" and g.pos_ != "PRON" for g in c.children):
                # X showed restraint, X pursued a prudent course (not X praised Y's restraint): conduct words
                # only (any evaluative modifier of the object agrees with the gold sign on 72% of 175
                # NewsMTSC targets, the classifier on 74%: not counted)
                score += conduct_valence(c) + sum(conduct_valence(g) for g in c.children if g.dep_ == "amod")
            elif c.dep_ == "attr":  # X is a reliable partner
                score += word_valence(c) + _modifier_valence(c)
            elif c.dep_ == "prep" and c.lower_ in ("in", "with"):
                for obj in c.children:
                    if obj.dep_ != "pobj":
                        continue
                    if obj.lemma_.lower() in MANNER:  # in a humiliating manner
                        score += _modifier_valence(obj)
                    elif c.lower_ == "with" and obj.pos_ == "NOUN":  # with arrogance / with restraint
                        score += word_valence(obj) + _modifier_valence(obj)
        total += score
    return total
