"""Mentions that are no party to what the sentence reports, read from their place in the parse.

- **A channel of reported speech**: a news outlet or reporters through whom something is said, not who acts
  ("told Reuters", "speaking to reporters", "according to the BBC", "in an interview with X", "a CNN report",
  "the agency TASS reported"), or a reporter gathering news ("a reporter asked the minister whether ..."). An
  outlet that acts, or that is acted on ("banned the BBC", "journalists were detained"), stays an actor (sector
  JRN), and so do press-freedom organisations (international codes: mentions.py checks the code).
- **A demonym in a place's name**: a nationality adjective that is part of the name of a place where something
  happens ("in the Armenian Quarter"): a location, not that state. A demonym of a common place noun ("in the
  Syrian town", "near the Turkish border") stays a mention: the event coder reads the place's country from it
  (events.locations), and a place that is acted on ("violated Greek airspace") keeps its state.

The word lists are in words.yaml (``report_verbs``, ``tell_verbs``, ``speech_heads``, ``channel_nouns``,
``place_nouns``).
"""
from __future__ import annotations

from detente.wordlists import word_set
from detente.actors.kb import WORDS

REPORT_VERBS = word_set(WORDS, "report_verbs")  # "TASS reported", "the newspaper said"
TELL_VERBS = word_set(WORDS, "tell_verbs")  # "told Reuters", "briefed reporters"
SPEECH_HEADS = word_set(WORDS, "speech_heads")  # "spoke to", "an interview with", "quoted by"
CHANNEL_NOUNS = word_set(WORDS, "channel_nouns")  # "a BBC interview", "a Reuters tally"
LOCATIVE_PREPS = word_set(WORDS, "locative")
PLACE_NOUNS = word_set(WORDS, "place_nouns")  # "the Saudi capital", "the Turkish border town"
SELF_WORDS = frozenset({"it", "its", "itself", "we", "our", "us"})


def span_tokens(doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _root(toks):
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    return roots[-1] if roots else None


def channel(doc, toks) -> bool:
    """Is the outlet or reporter mention over ``toks`` (spaCy tokens) only the channel of a report?"""
    if not toks or not toks[0].dep_:
        return False
    for t in toks:  # "TASS reported", even when the parse hangs the name under its apposition
        if t.dep_ == "nsubj" and t.head.lemma_.lower() in REPORT_VERBS:
            return not _of_itself(t.head, toks)
    r = _root(toks)
    if r is None:
        return False
    r = _first_conjunct(r)  # "interviewed by CNN and the New York Times"
    head = r.head
    if r.dep_ in ("dobj", "dative") and head.lemma_.lower() in TELL_VERBS:
        return True
    if r.dep_ == "pobj" and head.lower_ in ("to", "with", "by", "for"):
        up = head.head
        return up.lower_ == "according" or up.lemma_.lower() in SPEECH_HEADS | TELL_VERBS | REPORT_VERBS
    if r.dep_ in ("compound", "poss", "nmod") and head.lemma_.lower() in CHANNEL_NOUNS:
        return True
    return r.dep_ == "appos" and head.lemma_.lower() in CHANNEL_NOUNS


def describes_thing(toks) -> bool:
    """Does the media word ending the mention only describe a thing ("a press briefing", "television sets",
    "Japanese television sets")? Then it names no outlet: no mention alone, no sector JRN beside a country."""
    r = _root(toks) if toks and toks[0].dep_ else None
    return r is not None and r.dep_ == "compound" and r.is_lower and r.head.pos_ == "NOUN"


def _of_itself(verb, toks) -> bool:
    """Does the outlet speak of itself ("Al Jazeera said its office was hit")? Then it is a party."""
    end = toks[-1].i
    return any(t.i > end and t.lower_ in SELF_WORDS for t in verb.subtree)


def demonym_of_place(doc, toks) -> bool:
    """Is the demonym over ``toks`` describing a common place noun after a locative preposition ("in the Saudi
    capital", "near the Turkish border")? It stays a mention (the place's country), but does not make its
    sentence one that names a country (context.fill_home)."""
    if len(toks) != 1 or toks[0].dep_ not in ("amod", "compound") or toks[0].head.lemma_.lower() not in PLACE_NOUNS:
        return False
    return _after_locative(toks[0].head)


def place_demonym(doc, toks) -> bool:
    """Is the demonym over ``toks`` part of a place's own name where something happens ("in the Armenian
    Quarter", "at the Turkish Stream terminal")? A demonym of a common place noun ("in the Syrian town") stays:
    it tells the event coder which country the place is in (events.locations.place_of)."""
    if len(toks) != 1 or toks[0].dep_ not in ("amod", "compound"):
        return False
    noun = toks[0].head
    if not (noun.pos_ == "PROPN" and noun.i == toks[0].i + 1 and noun.ent_type_ not in ("ORG", "PERSON", "NORP")
            and noun.text[:1].isupper()):
        return False
    return _after_locative(noun)


def _first_conjunct(t):
    """The first of coordinated words ("the Syrian town and the port": the town), whose head is the phrase's."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t


def _after_locative(noun) -> bool:
    """Is the noun (or the coordination it is in) the object of a locative preposition ("in", "near", "at")?"""
    noun = _first_conjunct(noun)
    return noun.dep_ == "pobj" and noun.head.lower_ in LOCATIVE_PREPS
