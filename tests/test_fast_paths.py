"""The shortcuts taken for speed (issue 19) give what the plain computation gives."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from detente import nlp
from detente.events import features as F
from detente.events import learned as L
from detente.events import lexicon as X


def _doc(text):
    import spacy

    return spacy.blank("en")(text)


def test_span_text_is_the_span_text_of_each_doc():
    a = _doc("Two ministers met on Monday. Did they agree?")
    b = _doc("Two ministers met on Friday. Nobody asked why?")
    for doc in (a, b, a):
        for start, end in ((0, 6), (6, len(doc)), (0, len(doc)), (2, 3)):
            assert nlp.span_text(doc[start:end]) == doc[start:end].text
    seen = []
    t = threading.Thread(target=lambda: seen.append(nlp.span_text(b[0:6])))
    t.start()
    t.join()
    assert seen == [b[0:6].text] and nlp.span_text(a[0:6]) == a[0:6].text


def _model(rng, n_buckets=400, classes=5, dtype=np.float16):
    buckets = np.unique(rng.integers(0, F.DIM, n_buckets))
    feats = [f"f={i}" for i in range(3000)]
    # make sure some features hit: add their buckets
    hit = np.array([F._bucket_of(f) for f in feats[:300]])
    buckets = np.unique(np.concatenate([buckets, hit]))
    weights = rng.normal(size=(len(buckets), classes)).astype(dtype)
    return L.Linear(buckets, weights, rng.normal(size=classes), list("abcde")), feats


@pytest.mark.parametrize("dense_after,memory", [(10 ** 9, 1 << 16), (50, 1 << 16), (50, 40)])
def test_rows_and_scores_as_the_plain_lookup(monkeypatch, dense_after, memory):
    monkeypatch.setattr(L, "DENSE_AFTER", dense_after)
    monkeypatch.setattr(L, "ROW_MEMORY", memory)
    rng = np.random.default_rng(7)
    model, feats = _model(rng)
    wide = np.asarray(model.weights, dtype=np.float32)
    for _ in range(200):
        sample = list(rng.choice(feats, size=int(rng.integers(0, 60))))
        sample += sample[:3]  # repeated strings count once
        rows = L._matched(model.buckets, F.hashed(sample))
        assert np.array_equal(model.rows(sample), rows)
        plain = wide[rows].sum(axis=0) + model.bias
        assert model.scores(sample).tobytes() == plain.tobytes()
    assert len(model._rows) <= memory


def test_best_pattern_as_every_word_checked():
    lex = X.load()
    pats = [p for ps in lex.patterns.values() for p in ps][:3000]
    vocab = sorted({w for p in pats for w in p.post + p.pre if not w.startswith("&")})
    rng = np.random.default_rng(3)

    def plain(patterns, words, before):
        best = None
        for p in patterns:
            if not p.post and not p.pre:
                continue
            if all(X._has(w, words) for w in p.post) and all(X._has(w, before) for w in p.pre):
                if best is None or p.weight > best.weight:
                    best = p
        return best

    matched = 0
    for p in pats[:600]:
        words = frozenset([*p.post, *rng.choice(vocab, size=5)])  # the pattern's own words (synsets as named)
        for name in (w[1:] for w in p.post if w.startswith("&")):
            words |= frozenset(X.synsets().get(name, ((),))[0])
        before = frozenset(w for w in p.pre if not w.startswith("&"))
        got = X._best(pats, words, before)
        assert got is plain(pats, words, before)
        matched += got is not None
    assert matched > 100


def test_unknown_verbs_have_no_code():
    lex = X.load()
    assert not lex.knows("zzblorf") and lex.verb_code("zzblorf", frozenset({"talks"}), frozenset()) is None
    known = next(iter(lex.verbs))
    assert lex.knows(known)
