"""lexicon.PatternIndex: the patterns a verb's complement words can match, found without trying every pattern of
its block, give the same code as trying them all (word sets drawn from the block's own patterns)."""
import random

from detente.events import lexicon as L


def test_index_finds_what_every_pattern_finds():
    lex = L.load()
    rng = random.Random(3)
    tried = matched = 0
    for block, pats in sorted(lex.patterns.items())[:120]:
        index = L.PatternIndex(pats)
        vocab = sorted({w for p in pats for w in (*p.post, *p.pre) if not w.startswith("&")}) or ["none"]
        for _ in range(20):
            words = frozenset(rng.sample(vocab, min(len(vocab), rng.randint(0, 6))) + ["unrelated"])
            before = frozenset(rng.sample(vocab, min(len(vocab), rng.randint(0, 2))))
            assert L._best(index.among(words), words, before) is L._best(pats, words, before)
            tried += 1
            matched += L._best(pats, words, before) is not None
    assert tried and matched  # some draws match a pattern, so the comparison is not only of None with None


def test_index_keeps_the_block_order():
    a = L.Pattern("040", ("talk", "peace"), (), 4)
    b = L.Pattern("041", ("peace",), (), 2)
    c = L.Pattern("042", (), ("not",), 1)
    empty = L.Pattern("", (), (), 0)
    index = L.PatternIndex((a, empty, b, c))
    assert index.among(frozenset({"peace", "talk"})) == [a, b, c]
    assert index.among(frozenset({"talk"})) == [c]  # a needs "peace" too: filed under it, the first word
    assert L._best(index.among(frozenset({"talk", "peace"})), frozenset({"talk", "peace"}), frozenset()) is a
