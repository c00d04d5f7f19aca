"""Stance in Russian: how an article frames each actor, from a valence word list read over natasha's lemmas.

    article_stance(doc, actors, events=())  -> tuple[Stance]   (the stance stage's contract, detente.stance)
    mention_score(doc, start, end)          -> float            (one target's summed, weighted valence)
    target_polarity(doc, start, end)        -> -1 | 0 | 1
    predict_sentiment(records)              -> {"id", "polarity"} per Russian {"id", "text", "target"}

Target-dependent: each valence word (``data/valence.tsv``, written for detente) counts toward an actor by where
it stands from the actor's phrase in the parse: inside the phrase ("коррумпированное правительство Молдовы",
"щедрость Японии") and in the predicate the actor is the subject of ("Азербайджан грубо нарушил") in full; a
judgement ("осудили", "критика", "благодарность": column ``patient``) only toward the one judged (the object, or
the subject of a passive), and what the judge condemns or praises says nothing of the judge; an act of harm done to the actor (the object of the harm verb, or of a light verb and
its harm noun: "нанесла удар по Украине") counts half, the other way round (the victim); modifiers of other words and the rest of the sentence count little. A negated word counts half the
other way; a bad thing undone or kept away by a shifter word the actor is the subject of (``data/shifters.tsv``:
"предотвратить кровопролитие", "борьба с коррупцией") counts half for the actor. A mention's polarity is the score over
``SCALE`` bounded to -1..1; its label is 0 within ``NEUTRAL`` of zero (the width chosen by cross-validation on the
tune part of ``corpus/ru/stance.jsonl``: ``tools/ru_stance_check.py``). An article's stance toward an actor is the
mean over its mentions; partially recognised entities (sector PRE) are left out, as in English.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from detente.model import Stance
from detente.ru.places import head_of
from detente.ru.syntax import phrase_root

DATA = Path(__file__).parent / "data"
NEUTRAL = 0.4  # |score| at or under this is neutral (tools/ru_stance_check.py: 5-fold CV on the tune part)
SCALE = 2.0  # polarity = score / SCALE, bounded to -1..1
IN_PHRASE, IN_CLAUSE, VICTIM, OTHER_ROLE, ELSEWHERE, MODIFIER = 1.0, 1.0, 0.5, 0.5, 0.3, 0.3
NEGATED, SHIFTED = -0.5, -0.5
PHRASE = frozenset({"nmod", "amod", "appos", "flat", "flat:name", "flat:foreign", "compound", "conj", "det",
                    "nummod", "nummod:gov"})
AGENT = frozenset({"nsubj"})
PATIENT = frozenset({"obj", "iobj", "nsubj:pass", "obl"})
PATIENT_CASES = frozenset({"по", "против", "на"})
NEGATED_SHIFTERS = frozenset({"допустить", "допускать"})  # in shifters.tsv, but shift only when negated
NEGATIONS = frozenset({"не", "ни", "нет"})
LIGHT = frozenset({"нанести", "наносить", "совершить", "совершать", "осуществить", "осуществлять", "открыть",
                   "устроить", "провести", "учинить"})
PARTIALLY_RECOGNISED = "PRE"


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[dict, dict, frozenset]:
    """(lemma -> (value, judges the patient), (first lemma, second lemma) -> same, shifter lemmas)."""
    words, pairs = {}, {}
    for line in (DATA / "valence.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        entry = (float(cells[1]), len(cells) > 2 and cells[2].strip() == "patient")
        key = cells[0].strip().replace("ё", "е").split()
        if len(key) == 2:
            pairs[tuple(key)] = entry
        else:
            words[key[0]] = entry
    shifters = frozenset(w.strip() for w in (DATA / "shifters.tsv").read_text(encoding="utf-8").splitlines()
                         if w.strip() and not w.startswith("#"))
    return words, pairs, shifters


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower().replace("ё", "е")


def _valence(tok, words: dict, pairs: dict) -> tuple[float, bool]:
    if tok.i > 0:
        pair = pairs.get((_lemma(tok.doc[tok.i - 1]), _lemma(tok)))
        if pair:
            return pair
    return words.get(_lemma(tok), (0.0, False))


def _negated(tok) -> bool:
    return any(c.lower_ in NEGATIONS for c in tok.children if c.dep_ in ("advmod", "det", "neg", "discourse"))


def _kids(sent) -> dict:
    """token index -> the indices of its dependents in the sentence."""
    kids: dict[int, list] = defaultdict(list)
    for t in sent:
        if t.head is not t:
            kids[t.head.i].append(t.i)
    return kids


def _subtree(i: int, kids: dict) -> set:
    """Token ``i`` and everything under it. Not ``Token.subtree``: natasha's tree can hold a cycle, on which
    spaCy's walk never ends; this one visits each token once."""
    seen, todo = {i}, [i]
    while todo:
        for k in kids.get(todo.pop(), ()):
            if k not in seen:
                seen.add(k)
                todo.append(k)
    return seen


def _shifts(tok, shifters: frozenset) -> bool:
    """Does ``tok`` undo or keep away what it governs? "предотвратить"; "допустить" only with "не"."""
    lemma = _lemma(tok)
    if lemma in NEGATED_SHIFTERS:
        return _negated(tok)
    return lemma in shifters


def _act(tok, pred) -> bool:
    """Is ``tok`` the act itself: the predicate, or the noun of a light verb ("нанесла удар")?"""
    return tok.i == pred.i or (tok.head.i == pred.i and tok.dep_ == "obj" and _lemma(pred) in LIGHT)


def mention_score(doc, start: int, end: int) -> float:
    """The weighted valence toward the target at token indices ``start:end`` (its sentence only)."""
    words, pairs, shifters = lexicon()
    target = doc[start:end]
    head = head_of(target)
    sent = head.sent
    root = phrase_root(head, PHRASE)
    kids = _kids(sent)
    phrase = _subtree(root.i, kids)
    if root.dep_ in AGENT:
        role, pred = "agent", root.head
    elif root.dep_ in PATIENT or (root.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in PATIENT_CASES
                                                               for c in root.children)):
        role, pred = "patient", root.head  # also "удар по Украине": the one a harm noun is aimed at
    elif root.dep_ == "ROOT" or root.head is root:
        role, pred = "agent", root
    else:
        role, pred = "other", root.head
    clause = _subtree(pred.i, kids)
    for c in pred.children:  # another clause ("заявил, что ...") is not the actor's predicate
        if c.dep_ in ("ccomp", "parataxis") and c.i not in phrase:
            clause -= _subtree(c.i, kids)
    judged = set()  # what the actor judges ("осудила Иран за нарушение") says nothing of the actor
    if role == "agent" and _valence(pred, words, pairs)[1]:
        for c in pred.children:
            if c.dep_ in ("obj", "iobj", "obl") and c.i not in phrase:
                judged |= _subtree(c.i, kids)
    score = 0.0
    for tok in sent:
        if start <= tok.i < end or tok.is_punct:
            continue
        value, judges_patient = _valence(tok, words, pairs)
        if not value or tok.i in judged:
            continue
        if _negated(tok) or (tok.i == pred.i and _negated(pred)):
            value *= NEGATED
        elif value < 0 and role == "agent" and tok.head is not tok and _shifts(tok.head, shifters) and tok.i not in phrase:
            value *= SHIFTED  # "предотвратить кровопролитие": the harm kept away counts for the actor
        if tok.i in phrase:
            weight = IN_PHRASE
        elif tok.i in clause:
            if tok.dep_ == "amod" and tok.head.i not in phrase and tok.head.i != pred.i:
                weight = MODIFIER  # "обстреляв мирные сёла": a word about something else
            elif role == "agent":
                weight = 0.0 if judges_patient and tok.i == pred.i else IN_CLAUSE
            elif role == "patient":
                if judges_patient:
                    weight = IN_CLAUSE
                elif value < 0 and _act(tok, pred):
                    weight = -VICTIM  # an act of harm done to the actor: the victim's side
                else:
                    weight = VICTIM
            else:
                weight = OTHER_ROLE
        else:
            weight = ELSEWHERE
        score += value * weight
    return score


def polarity_of(score: float) -> float:
    return max(-1.0, min(1.0, score / SCALE))


def label_of(score: float, neutral: float = NEUTRAL) -> int:
    return 0 if abs(score) <= neutral else (1 if score > 0 else -1)


def _tokens(doc, start_char: int, end_char: int) -> tuple[int, int]:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        toks = [t.i for t in doc if t.idx < end_char and t.idx + len(t.text) > start_char]
        return (toks[0], toks[-1] + 1) if toks else (0, min(1, len(doc)))
    return span.start, span.end


def target_polarity(doc, start_char: int, end_char: int) -> int:
    """-1, 0 or 1 toward the characters ``start_char:end_char`` of a Russian Doc."""
    if not len(doc):
        return 0
    return label_of(mention_score(doc, *_tokens(doc, start_char, end_char)))


def article_stance(doc, actors, events=()) -> tuple[Stance, ...]:
    """One :class:`Stance` per actor code: the mean polarity of its mentions (the stance stage's contract)."""
    by_code: dict[str, list[float]] = defaultdict(list)
    seen = set()
    for actor in actors:
        span = actor.span
        if not actor.code or span is None or (actor.code, span.start) in seen or not len(doc):
            continue
        if PARTIALLY_RECOGNISED in (actor.sector, *getattr(actor, "sectors", ())):
            continue
        seen.add((actor.code, span.start))
        by_code[actor.code].append(polarity_of(mention_score(doc, *_tokens(doc, span.start, span.end))))
    return tuple(Stance(actor=code, polarity=round(sum(v) / len(v), 4), mentions=len(v))
                 for code, v in sorted(by_code.items()))


def predict_sentiment(records: Iterable[dict]) -> Iterator[dict]:
    """``{"id", "polarity"}`` per Russian ``{"id", "text", "target": {"start", "end"}}`` record."""
    from detente import nlp

    model = nlp.load_ru()
    with model.one_thread():
        for rec in records:
            t = rec.get("target") or {}
            doc = model.parse(rec.get("text") or "")
            if "start" not in t or not len(doc):
                yield {"id": rec["id"], "polarity": 0}
                continue
            yield {"id": rec["id"], "polarity": target_polarity(doc, int(t["start"]), int(t["end"]))}
