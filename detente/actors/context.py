"""The article's own country for actors the text names only by their role.

A news report about one country calls that country's bodies by their role alone: "the government", "police",
"the army", "the opposition", "rebels", "protesters". :func:`article_home` finds the country an article is about,
when one dominates its coded mentions; :func:`fill_home` gives it to role-only mentions in sentences that name
no country themselves (a sentence that names one is left to the events stage's own reading of the sentence:
"police in that sentence" may be of the country it names).
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


def fill_home(out: list[Actor], sents: list[int], text: str, far: list[int] = (), places: list[int] = ()) -> None:
    """Role-only mentions (no identity, a home sector) in sentences naming no country take the article's country;
    so do the mentions at indices ``far`` ("the government" whose closest earlier country is sentences back).
    The mentions at indices ``places`` describe where ("in the Saudi capital"): they do not make a sentence one
    that names a country."""
    coded = [a for a in out if a.id is not None or a.code is None]  # not those coded here or by an antecedent
    home = article_home(coded, sents)
    if home is None:
        return
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
        out[i] = Actor(home, a.sector, a.name, a.span, a.id, a.sectors)
