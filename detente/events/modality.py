"""Modality of an event trigger: asserted, negated, hypothetical, future, question or historical.

Cue words live in ``data/modality.yaml``. The rules read the dependency parse: a ``neg`` child,
an ``if``/``unless`` mark on the trigger's clause or an enclosing adverbial clause, modal and
future auxiliaries, infinitive complements of wanting/trying/failing verbs, a question mark on
the main clause, past perfect or an explicit earlier year.
"""
from __future__ import annotations

import functools
import pathlib
import re
import threading

import yaml

from ..nlp import span_text

DATA = pathlib.Path(__file__).parent / "data"
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "relcl", "acl", "csubj", "parataxis"})


@functools.lru_cache(maxsize=1)
def cues() -> dict:
    with open(DATA / "modality.yaml", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return {k: {kk: (frozenset(vv) if isinstance(vv, list) else vv) for kk, vv in v.items()} for k, v in raw.items()}


def governing_verb(tok):
    """The verb whose clause a (nominal) trigger belongs to."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def _children(tok, dep):
    return [c for c in tok.children if c.dep_ == dep]


def _aux_modality(aux: set, hyp: dict, fut: dict) -> str | None:
    """The modality a verb's auxiliaries give (a modal, "would", "will"), or None."""
    if aux & hyp["modals"]:
        return "hypothetical"
    if aux & fut["would"]:
        return "hypothetical" if "have" in aux else "future"
    if aux & fut["auxiliaries"]:
        return "future"
    return None


def _negated(verb, c, kids=None) -> bool:
    """``kids``: (child, its dep) of the verb's children, when the caller has read them."""
    kids = [(ch, ch.dep_) for ch in verb.children] if kids is None else kids
    if any(dep == "neg" or ch.lower_ in c["adverbs"] for ch, dep in kids):
        return True
    for subj, dep in kids:
        if dep != "nsubj" and dep != "nsubjpass":
            continue
        if subj.lower_ in c["subjects"] or any(d.dep_ == "det" and d.lower_ in c["determiners"] for d in subj.children):
            return True
    return False


def _infinitive_head(verb):
    """If ``verb`` is an infinitive/gerund complement, the word it complements."""
    if verb.dep_ in ("xcomp", "acl", "pcomp", "advcl", "ccomp") and verb.tag_ in ("VB", "VBG"):
        return verb.head
    return None


def _aux_lemmas(verb):
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def clause_chain(tok):
    """The trigger's verb, then the verbs of the clauses it is embedded in (nearest first)."""
    chain, v = [], governing_verb(tok)
    for _ in range(8):
        chain.append(v)
        if v.head.i == v.i:
            break
        nxt = governing_verb(v.head)
        if nxt.i == v.i:
            break
        v = nxt
    return chain


def modality(tok, sent, article_year=None, table=None) -> str:
    """Modality of the event whose trigger is ``tok`` in sentence ``sent``; ``table``: the sentence's lists
    (``tokens.sentence_table``), when the caller has them: a closed sentence is then read from them (the same
    answer, see ``_listed``)."""
    c = cues()
    if table is not None and table.closed and table.start <= tok.i < table.end:
        return _listed(table, tok.i - table.start, sent, c, article_year)
    verb = governing_verb(tok)
    if tok.pos_ == "NOUN" and _nominal_negated(tok, c):
        return "negated"
    if span_text(sent).rstrip().endswith("?") and _main_clause(verb, sent):
        return "question"
    chain = clause_chain(tok)
    for i, v in enumerate(chain):
        m = _local(v, c, first=(i == 0))
        if m:
            return m
        if v.dep_ not in ("xcomp", "conj", "advcl", "acl", "pcomp", "pobj") and i > 0:
            break
        if v.dep_ in ("ccomp",) or (v.dep_ == "advcl" and not _children(v, "mark") and not _is_infinitive(v)):
            break  # a purpose infinitive ("willing to send aid to help X") shares the modality of its act
    if _historical(verb, sent, c["historical"], article_year):
        return "historical"
    return "asserted"


def _listed(S, k, sent, c, article_year) -> str:
    """``modality`` of the token at ``k`` of a closed sentence (every head inside it), read from its lists
    (``tokens.Sentence``): the same rules on indices instead of Tokens."""
    lemma, lower, dep, pos, tag, head, children = S.lemma, S.lower, S.dep, S.pos, S.tag, S.head, S.children

    def negated(v, neg) -> bool:
        kids = children[v]
        if any(dep[ch] == "neg" or lower[ch] in neg["adverbs"] for ch in kids):
            return True
        return any((dep[s] == "nsubj" or dep[s] == "nsubjpass") and (lower[s] in neg["subjects"] or any(
            dep[d] == "det" and lower[d] in neg["determiners"] for d in children[s])) for s in kids)

    def infinitive(v) -> bool:
        return any(dep[ch] == "aux" and tag[ch] == "TO" for ch in children[v])

    def local(v):
        neg, hyp, fut = c["negation"], c["hypothetical"], c["future"]
        if negated(v, neg):
            return "negated"
        kids = children[v]
        if any(dep[m] == "mark" and lower[m] in hyp["markers"] for m in kids):
            return "hypothetical"
        found = _aux_modality({lower[ch] for ch in kids if dep[ch] in ("aux", "auxpass")}, hyp, fut)
        if found:
            return found
        if dep[v] in ("xcomp", "acl", "pcomp", "advcl", "ccomp") and tag[v] in ("VB", "VBG"):  # _infinitive_head
            h = head[v]
            lem = lemma[h]
            if negated(h, neg) or (pos[h] == "ADJ" and negated(head[h], neg)):
                return "negated"
            if lem in neg["verbs"] or (pos[h] == "NOUN" and lem in neg["nouns"]):
                return "negated"
            if pos[h] in ("NOUN", "PROPN") and infinitive(v):
                return "future" if lem in fut["nouns"] else "hypothetical"
            if lem in hyp["verbs"]:
                return "hypothetical"
            elif lem in fut["verbs"]:
                return "future"
        if dep[v] == "ccomp" and lemma[head[v]] in hyp["predicates"]:
            return "hypothetical"
        return None

    verb = S.governing(k)
    if pos[k] == "NOUN" and any(dep[d] == "det" and lower[d] in c["negation"]["determiners"] for d in children[k]):
        return "negated"
    if S.question:  # _main_clause
        v = verb
        while dep[v] in ("conj", "xcomp") and head[v] != v:
            v = head[v]
        if dep[v] == "ROOT" or head[v] == sent.root.i - S.start:
            return "question"
    chain, v = [], verb  # clause_chain
    for _ in range(8):
        chain.append(v)
        if head[v] == v:
            break
        nxt = S.governing(head[v])
        if nxt == v:
            break
        v = nxt
    for i, v in enumerate(chain):
        m = local(v)
        if m:
            return m
        if dep[v] not in ("xcomp", "conj", "advcl", "acl", "pcomp", "pobj") and i > 0:
            break
        if dep[v] == "ccomp" or (dep[v] == "advcl" and not any(dep[ch] == "mark" for ch in children[v])
                                 and not infinitive(v)):
            break
    h = c["historical"]  # _historical
    kids = children[verb]
    if any(lower[a] == "had" for a in kids if dep[a] in ("aux", "auxpass")) and tag[verb] == "VBN":
        return "historical"
    if any(lower[ch] in h["adverbs"] for ch in kids if dep[ch] == "advmod"):
        return "historical"
    phrase, yearish = _sentence_cues(span_text(sent), h)
    if phrase:
        return "historical"
    if article_year and yearish:  # a closed sentence: the verb's subtree lies inside it
        for t in sorted(S.subtree(verb)):  # Token.subtree: in text order
            low = lower[t]  # a year's digits are its text
            if S.num[t] and YEAR.fullmatch(low) and dep[head[t]] in ("pobj", "prep", "npadvmod") or (
                YEAR.fullmatch(low) and dep[t] in ("pobj", "nummod", "npadvmod")
            ):
                if article_year - int(low) >= h["min_years"]:
                    return "historical"
    return "asserted"


def _nominal_negated(tok, c) -> bool:
    return any(d.dep_ == "det" and d.lower_ in c["negation"]["determiners"] for d in tok.children)


def _local(v, c, first: bool):
    """Modality cues on one clause verb (``first``: the trigger's own clause)."""
    neg, hyp, fut = c["negation"], c["hypothetical"], c["future"]
    kids = [(ch, ch.dep_) for ch in v.children]  # read once for the cues below
    if _negated(v, neg, kids):
        return "negated"
    if any(dep == "mark" and m.lower_ in hyp["markers"] for m, dep in kids):
        return "hypothetical"
    found = _aux_modality({ch.lower_ for ch, dep in kids if dep in ("aux", "auxpass")}, hyp, fut)  # _aux_lemmas(v)
    if found:
        return found
    head = _infinitive_head(v)
    if head is not None:
        lem = head.lemma_.lower()
        if _negated(head, neg) or (head.pos_ == "ADJ" and _negated(head.head, neg)):
            return "negated"  # "is not ready to return", "chose not to act"
        if lem in neg["verbs"] or (head.pos_ == "NOUN" and lem in neg["nouns"]):
            return "negated"
        if head.pos_ in ("NOUN", "PROPN") and _is_infinitive(v):
            # "the means to prevent", "an excuse to take": a possibility; "a decision to allocate": intended
            return "future" if lem in fut["nouns"] else "hypothetical"
        if lem in hyp["verbs"]:
            return "hypothetical"
        elif lem in fut["verbs"]:
            return "future"
    if v.dep_ == "ccomp" and v.head.lemma_.lower() in hyp["predicates"]:
        return "hypothetical"
    return None


def _is_infinitive(v) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children)


def _main_clause(verb, sent) -> bool:
    v = verb
    while v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
        v = v.head
    return v.dep_ == "ROOT" or v.head == sent.root


def _historical(verb, sent, h, article_year) -> bool:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ == "had" for a in aux) and verb.tag_ == "VBN":
        return True
    if any(c.lower_ in h["adverbs"] for c in verb.children if c.dep_ == "advmod"):
        return True
    phrase, yearish = _sentence_cues(span_text(sent), h)
    if phrase:
        return True
    if article_year and (yearish or verb.left_edge.i < sent.start or verb.right_edge.i >= sent.end):
        for tok in verb.subtree:
            if tok.like_num and YEAR.fullmatch(tok.text) and tok.head.dep_ in ("pobj", "prep", "npadvmod") or (
                YEAR.fullmatch(tok.text) and tok.dep_ in ("pobj", "nummod", "npadvmod")
            ):
                if article_year - int(tok.text) >= h["min_years"]:
                    return True
    return False


_YEARISH = re.compile(r"1[89]\d\d|20\d\d")  # YEAR without its word boundaries: in the text of any token YEAR matches
_LAST_SENTENCE = threading.local()  # (sentence text, cues, _sentence_cues of them) last read in this thread


def _sentence_cues(text: str, h) -> tuple:
    """(a historical phrase is in the lower-cased sentence, the sentence holds four digits that YEAR could match in
    one of its tokens), remembered for the sentence text last read (span_text gives one str object per sentence;
    holding it keeps its identity unique)."""
    last = getattr(_LAST_SENTENCE, "state", None)
    if last is None or last[0] is not text or last[1] is not h:
        clause = text.lower()
        last = _LAST_SENTENCE.state = (text, h, (any(p in clause for p in h["phrases"]),
                                                 _YEARISH.search(text) is not None))
    return last[2]
