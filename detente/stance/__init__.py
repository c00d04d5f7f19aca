"""Stance: how the author of an article frames each actor it mentions.

Target-dependent, not whole-sentence sentiment: each actor mention is scored from the words
around it and the role it plays (its governing verb, negation, the verb's other arguments,
modifiers, lexicon valence split by agent/patient role) by a logistic regression trained on
NewsMTSC (``train.py``; provenance in ``data/README.md``). A mention's polarity is
``P(positive) - P(negative)``, where a sentence names several actors reduced to what sets each
apart from the sentence's shared tone, then bounded by evidence of the actor's own part: its role
in an asserted act of harm, from the parse or the coded events (the aggressor framed negatively, the
victim sympathetically, an actor averting a harm, *X avoided a confrontation*, not blamed for it:
``roles.py``), and the author's judgement of its own acts, the evaluative words on them (*acted wisely*,
*rightly refused*, *in a humiliating manner*: ``judge.py``). An article's stance toward an actor is the
mean over its mentions, those with evidence counting double; an outlet's the mean over its articles
(``aggregate.py``).
``target_polarity``/``predict_sentiment`` give the classifier's label alone (NewsMTSC convention).

Public API::

    article_stance(doc, actors, events=())  -> tuple[Stance, ...]   # one per actor code
    target_polarity(text, start, end)       -> -1 | 0 | 1
    predict_sentiment(records)              -> Iterator[{"id", "polarity"}]
    outlet_stance(store, ...)               -> list[dict]          # per outlet x actor
"""
from __future__ import annotations

from typing import Iterable, Iterator

from detente.model import Stance
from detente.stance.aggregate import article_stance, event_framing, outlet_stance
from detente.stance.features import target_features, token_range
from detente.stance.model import load as load_classifier

# The version of this stage's output (detente.pipeline, stored with every article): change it whenever the
# output changes; tests/test_versions.py fails until you do.
VERSION = "2"

__all__ = ["VERSION", "article_stance", "event_framing", "outlet_stance", "predict_sentiment", "target_polarity",
           "Stance"]


def target_polarity(text: str, start: int, end: int) -> int:
    """-1, 0 or 1: the author's polarity toward ``text[start:end]`` (one target in one sentence)."""
    from detente import nlp

    doc = nlp.parse(text)
    return _label(doc, start, end)


def _label(doc, start: int, end: int) -> int:
    a, b = token_range(doc, start, end)
    return load_classifier().label(*target_features(_context(doc, a), a, b))


def _context(doc, tok: int):
    """The sentence holding token ``tok`` (the whole doc when the parser gave no sentences)."""
    try:
        return doc[tok].sent
    except ValueError:
        return doc[:]


def predict_sentiment(records: Iterable[dict], batch_size: int = 64) -> Iterator[dict]:
    """``detente predict sentiment``: ``{id, text, target: {start, end}}`` -> ``{id, polarity}``.

    Each record's text is taken whole as the target's context (records are sentences).
    """
    from detente import nlp

    clf = load_classifier()
    batch: list[dict] = []

    def flush():
        texts = [r["text"] for r in batch]
        for rec, doc in zip(batch, nlp.load().pipe(texts, batch_size=batch_size)):
            t = rec.get("target") or {}
            if "start" not in t or not len(doc):
                yield {"id": rec["id"], "polarity": 0}
                continue
            a, b = token_range(doc, int(t["start"]), int(t["end"]))
            yield {"id": rec["id"], "polarity": clf.label(*target_features(doc[:], a, b))}

    for rec in records:
        batch.append(rec)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
