"""A cheap, deterministic text similarity for clustering: stemmed content words around the
trigger, compared with the Dice coefficient (``detente.relations.match.text_similarity``).
No models, no corpus statistics."""
from __future__ import annotations

import functools
import pathlib
import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ures", "ure", "ions", "ion", "ies", "ed", "es", "s", "e", "ly")
STOPWORDS_FILE = pathlib.Path(__file__).parent / "data" / "stopwords.txt"
# function words, reporting and calendar words, titles and offices (data/stopwords.txt, with its source)
STOPWORDS = frozenset(w for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
                      if not line.startswith("#") for w in line.split())


COUNTRIES = pathlib.Path(__file__).parent.parent / "actors" / "data" / "countries.yaml"


@functools.lru_cache(maxsize=1)
def country_words() -> frozenset:
    """Country names, adjectives, peoples and capitals from the actors knowledge base: the dyad
    rule already compares the countries, so these words say nothing more about the happening."""
    try:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a tenth of the pure-Python parse
        data = yaml.load(COUNTRIES.read_text(encoding="utf-8"), Loader=loader)["countries"]
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
    countries = country_words()  # three sets tested in turn: their union, made per call, cost more than the words
    return frozenset(stem(w) for _, _, w in words(text)
                     if len(w) > 2 and w not in STOPWORDS and w not in countries and w not in drop)


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

