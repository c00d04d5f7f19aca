"""The article's own country for actors the text names only by their role.

A news report about one country calls that country's bodies by their role alone: "the government", "police",
"the army", "the opposition", "rebels", "protesters", "the regime". :func:`fill_home` gives role-only mentions in
sentences that name no country themselves a country (a sentence that names one is left to the events stage's own
reading of the sentence: "police in that sentence" may be of the country it names): the country of a place the
sentence names as where something is ("rebels shelled a market in Idlib"), else the country the article is
about (:func:`article_home`, when one dominates its coded mentions), else the country it names more often than
any other, counting the places it names as well as its actors (:func:`most_named`). A backer before the role word
("Turkish-backed fighters") is not the group's own country (resolver.BACKED): the group takes the place's.
"""
from __future__ import annotations

import bisect
from collections import Counter

from detente.model import Actor
from detente.wordlists import word_set
from detente.actors.codes import INTERNATIONAL
from detente.actors.kb import WORDS

# Sectors whose role-only mention is of the country the article is about ("police", "the opposition"); not the
# ones as often foreign or unplaced (journalists, refugees, companies, unknown men and women).
HOME_SECTORS = word_set(WORDS, "home_sectors")
# A country's people and non-state groups: across an event from the bare name of their own country, a domestic event.
PEOPLE_SECTORS = word_set(WORDS, "people_sectors")
# A mention with one of these words is foreign or above the state ("foreign fighters", "international troops").
NOT_HOME = word_set(WORDS, "not_home")
# Peoples and faiths of no one state: "Kurdish fighters", "Sunni tribesmen" are of the country the article is about.
PEOPLES = word_set(WORDS, "home_peoples")
MIN_MENTIONS = 3  # the article's country is named at least this often ...
MIN_SENTENCES = 2  # ... in at least this many sentences ...
LEAD = 2.0  # ... and this many times as often as the next country
PLACE_KINDS = frozenset({"country", "capital", "city"})  # knowledge-base kinds of a place name


def national(a: Actor) -> bool:
    return bool(a.code) and a.code not in INTERNATIONAL and len(a.code) == 3


def sentence_of(sents: list[int], char: int) -> int:
    return bisect.bisect_right(sents, char) - 1


def article_home(actors, sents: list[int]) -> str | None:
    """The country that dominates an article's coded national mentions, or None."""
    counts = Counter(a.code for a in actors if national(a))
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    second = rest[0][1]
    where = {sentence_of(sents, a.span.start) for a in actors if a.code == top and a.span is not None}
    if n >= MIN_MENTIONS and len(where) >= MIN_SENTENCES and n >= LEAD * second:
        return top
    return None


def place_country(toks, lo: int, hits) -> list[tuple[int, str]]:
    """[(start, country)] of a place name read as a location ("in Idlib", "near Aleppo"): the one national code
    of its knowledge-base entries (countries, capitals, cities), else nothing."""
    codes = {e.code for h in hits for e in h.entries if e.kind in PLACE_KINDS}
    if len(codes) != 1 or any(e.kind not in PLACE_KINDS for h in hits for e in h.entries):
        return []
    code = next(iter(codes))
    return [(toks[lo].start, code)] if code and code not in INTERNATIONAL and len(code) == 3 else []


def most_named(actors, located) -> str | None:
    """The country an article names more often than any other, counting its coded national actors and the
    places it names as locations; None on a tie."""
    counts = Counter([a.code for a in actors if national(a)] + [code for _, code in located])
    (top, n), (_, second) = (counts.most_common(2) + [(None, 0), (None, 0)])[:2]
    return top if n > second else None


def fill_home(out: list[Actor], sents: list[int], text: str, far: list[int] = (), places: list[int] = (),
              located: list[tuple[int, str]] = ()) -> None:
    """Role-only mentions (no identity, a home sector) in sentences naming no country take the country of the
    sentence's first place named as a location (``located``: (start, country)), else the article's country, else
    the one it names most (:func:`most_named`); so do the mentions at indices ``far`` ("the government" whose
    closest earlier country is sentences back). The mentions at indices ``places`` describe where ("in the Saudi
    capital"): they do not make a sentence one that names a country."""
    coded = [a for a in out if a.id is not None or a.code is None]  # not those coded here or by an antecedent
    home = article_home(coded, sents) or most_named(coded, located)
    if home is None:
        return
    where: dict[int, str] = {}
    for x, code in located:
        where.setdefault(sentence_of(sents, x), code)
    skip = {id(out[i]) for i in places}
    named = {sentence_of(sents, a.span.start) for a in coded if national(a) and a.span is not None
             and id(a) not in skip}
    for i, a in enumerate(out):
        if a.id is not None or a.sector not in HOME_SECTORS or a.span is None:
            continue
        if a.code is not None and i not in far or sentence_of(sents, a.span.start) in named:
            continue
        before = text[sents[sentence_of(sents, a.span.start)]:a.span.start].replace("-", " ").split()
        words = before[-1:] + a.span.text.replace("-", " ").split()  # with the word before: "Gulf states"
        first = len(before) < 2  # words[0] opens the sentence
        if any(w.lower() in NOT_HOME for w in words) or any(
                w[:1].isupper() and w.lower() not in PEOPLES and not (k == 0 and first) for k, w in enumerate(words)):
            continue  # "foreign fighters"; "Gulf states": a name the knowledge base lacks
        code = where.get(sentence_of(sents, a.span.start), home)
        out[i] = Actor(code, a.sector, a.name, a.span, a.id, a.sectors)
