"""A cheap, deterministic text similarity for clustering: stemmed content words around the
trigger, compared with the Dice coefficient (``detente.relations.match.text_similarity``).
No models, no corpus statistics."""
from __future__ import annotations

import functools
import pathlib
import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ures", "ure", "ions", "ion", "ies", "ed", "es", "s", "e", "ly")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each even few for from further had has have
having he her here hers him his how i if in into is it its itself just may me might more most must my no
nor not now of off on once only or other our out over own same shall she should so some such than that the
their them then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your last next new said says say told according year years
month months day days week weeks today yesterday recent recently already still yet however despite
president presidents prime minister ministers ministry foreign government officials official leader leaders
spokesman spokeswoman spokesperson state statement country countries two three mr mrs ms
""".split())


COUNTRIES = pathlib.Path(__file__).parent.parent / "actors" / "data" / "countries.yaml"


@functools.lru_cache(maxsize=1)
def country_words() -> frozenset:
    """Country names, adjectives, peoples and capitals from the actors knowledge base: the dyad
    rule already compares the countries, so these words say nothing more about the happening."""
    try:
        import yaml

        data = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))["countries"]
    except (OSError, KeyError, TypeError, ImportError):
        return frozenset()
    fields = ("names", "adjectives", "people", "capitals")
    return frozenset(w for entry in data.values() for f in fields for name in entry.get(f) or ()
                     for _, _, w in words(name))


def stem(word: str) -> str:
    """Strip one common English suffix, keeping a stem of at least four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) for every alphabetic word."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text or "")]


def terms(text: str, drop: frozenset = frozenset()) -> frozenset:
    """The stemmed content words of a text: stopwords, country words, short words and ``drop``
    words removed."""
    skip = STOPWORDS | country_words() | drop
    return frozenset(stem(w) for _, _, w in words(text) if len(w) > 2 and w not in skip)


def context(sentence: str, trigger_start: int, trigger_end: int, n: int) -> str:
    """The trigger and the ``n`` words on each side of it (offsets relative to the sentence)."""
    ws = words(sentence)
    if not ws:
        return ""
    inside = [i for i, (s, e, _) in enumerate(ws) if e > trigger_start and s < max(trigger_end, trigger_start + 1)]
    if not inside:  # trigger offsets outside the sentence: use the whole sentence
        return sentence
    lo, hi = max(0, inside[0] - n), min(len(ws), inside[-1] + n + 1)
    return sentence[ws[lo][0]: ws[hi - 1][1]]

