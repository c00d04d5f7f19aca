"""Document tone as GDELT computes it, for ``AvgTone`` and ``MentionDocTone``.

GDELT's tone of a document is the percentage of its words with a positive connotation minus the
percentage with a negative one (-100..100; news mostly falls within -10..10). Our word list is the
VADER lexicon shipped with the stance package (``detente/stance/data/vader_words.tsv``, MIT): a word
is positive or negative by the sign of its valence when that is at least ``MIN_VALENCE`` in size.
Like GDELT's, the count is plain: no negation, no target. The author's stance toward each actor is
``detente stance``.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

MIN_VALENCE = 1.0  # VADER's -4..4 scale: "mildly" valenced words (|v| < 1) are not counted
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, int]:
    text = (resources.files("detente.stance") / "data" / "vader_words.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        word, _, value = line.partition("\t")
        if word.startswith("#") or not value:
            continue
        v = float(value)
        if abs(v) >= MIN_VALENCE:
            out[word] = 1 if v > 0 else -1
    return out


def tone(text: str | None) -> float | None:
    """100 x (positive words - negative words) / words, rounded to 3 places; None for no words."""
    words = _WORD.findall(text or "")
    if not words:
        return None
    lex = _lexicon()
    net = sum(lex.get(w.lower(), 0) for w in words)
    return round(100.0 * net / len(words), 3)


def article_tones(store, article_ids) -> dict[str, float | None]:
    """The tone of each stored article in ``article_ids`` (read from its text in the store)."""
    return {aid: tone(text) for aid, text in store.article_texts(article_ids)}
