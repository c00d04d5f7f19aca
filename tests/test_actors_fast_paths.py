"""The actors stage's shortcuts for speed (issue 19) give what the plain computation gives: a Doc's text, entities
and noun chunks remembered or read from arrays, the tokenizer's remembered surfaces, the knowledge base's look-ups,
the side filler's trigger token (sentences written for these tests)."""
from __future__ import annotations

import threading

from detente import nlp as N
from detente.actors import load_kb, sides
from detente.actors import text as T
from detente.actors.mentions import _chunks
from detente.actors.resolver import _respelled

TEXTS = (
    "The foreign ministers of Chile and Peru met in Lima on Monday, and their deputies signed a water accord.",
    "Rebels and soldiers clashed near the border town. She said they had shelled it, which the army denied.",
    "Protesters, students and workers marched to the old parliament building while police watched them.",
    "It rained.",
)


def _spacy_chunks(doc) -> dict:
    """mentions._chunks as it was: every token of every Doc.noun_chunks span."""
    return {t.idx: n for n, ch in enumerate(doc.noun_chunks) for t in ch}


def test_noun_chunk_ranges_are_spacys_noun_chunks(nlp):
    for text in TEXTS:
        doc = nlp(text)
        assert N.noun_chunk_ranges(doc) == [(c.start, c.end) for c in doc.noun_chunks]
        assert _chunks(doc) == _spacy_chunks(doc)
    assert N.noun_chunk_ranges(nlp(TEXTS[0])), "the sentences have chunks"


def test_noun_chunks_of_an_unparsed_doc_are_none():
    import spacy

    doc = spacy.blank("en")("Two ministers met on Monday.")
    assert _chunks(doc) == {}  # spaCy raises: no parse, no chunks


def test_doc_text_and_ents_are_each_docs_own(nlp):
    a, b = nlp(TEXTS[0]), nlp(TEXTS[1])
    for doc in (a, b, a, b):
        assert N.doc_text(doc) == doc.text
        assert [(e.start, e.end, e.label_) for e in N.doc_ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
        assert N.span_ents(doc[0:len(doc)]) == list(doc.ents)
    seen = []
    t = threading.Thread(target=lambda: seen.append(N.doc_text(b)))
    t.start()
    t.join()
    assert seen == [b.text] and N.doc_text(a) == a.text


def _plain_tokens(text: str) -> list[tuple]:
    """text.tokenize as it was: every surface read anew."""
    out = []
    for m in T._TOKEN.finditer(text):
        surface = m.group()
        if surface in T.SKIP:
            continue
        key = T.fold(surface)
        if len(key) > 1 and "." in key:
            key = key.replace(".", "")
        if key:
            out.append((m.start(), m.end(), surface, key, surface[:1].isupper(), surface.isupper()))
    return out


def test_tokens_with_remembered_surfaces_are_the_plain_ones(monkeypatch):
    text = "The U.S. envoy met Ms O'Brien in Zürich — WHO and Nato officials said 'yes'. The U.S. agreed."
    assert [tuple(t) for t in T.tokenize(text)] == _plain_tokens(text)
    assert [tuple(t) for t in T.tokenize(text)] == _plain_tokens(text)  # now from what was remembered
    monkeypatch.setattr(T, "_READ", {})
    monkeypatch.setattr(T, "WORDS", 3)  # a bound reached many times over
    assert [tuple(t) for t in T.tokenize(text)] == _plain_tokens(text) and len(T._READ) <= 3
    t = T.tokenize("Nato")[0]
    assert (t.start, t.end, t.key, t.cap, t.upper) == (0, 4, "nato", True, False)


def test_match_with_remembered_absent_pairs_is_the_same():
    kb = load_kb()
    toks = T.tokenize("The minister said Barack Obama and the Chilean president met the prime minister of Peru.")
    first = [kb.match(toks, i) for i in range(len(toks))]
    again = [kb.match(toks, i) for i in range(len(toks))]  # pairs now remembered as starting no name
    assert first == again and any(n for n, _ in first)
    if kb.open is not None:
        assert kb.open._absent


def test_remembered_misses_never_hide_a_name():
    """A pair of keys remembered as beginning no name ("new house", "who said") does not hide the names that begin
    with its first key and go on differently ("New Zealand") or that need another case ("WHO"); a miss for the case
    of the words alone ("new Zealand") is never remembered."""
    from detente.actors.kb import Entry, build

    kb = build([(Entry("NZL", "New Zealand", "country", "NZL"), ["New Zealand"]),
                (Entry("IGOWHO", "World Health Organization", "org", "IGOWHO"), ["WHO"])])
    for text, want in (("a new house", 0), ("a new Zealand", 0), ("a New Zealand", 2), ("a new house", 0),
                       ("we who said", 0), ("we WHO said", 1), ("we who said", 0), ("we WHO said", 1)):
        toks = T.tokenize(text)
        n, entries = kb.match(toks, 1)
        assert n == want, text
        assert bool(entries) == bool(want)
    misses = kb.__dict__["_misses"]
    assert ("new", "house") in misses and ("who", "said") not in misses and ("new", "zealand") not in misses


def test_respelled_sector_words_remembered_per_key():
    kb = load_kb()
    toks = T.tokenize("the goverment spokesmen")
    fixed = _respelled(kb, toks)
    assert _respelled(kb, toks) == fixed
    assert [t.key for t in fixed][0] == "the" and fixed[0] is toks[0]
    assert all(a.start == b.start and a.text == b.text for a, b in zip(fixed, toks))


def test_trigger_token_is_the_token_at_the_trigger(nlp):
    from detente.events.arguments import ActorIndex

    doc = nlp(TEXTS[0] + " " + TEXTS[1])
    art = sides.ArticleSides(sides.Filler({}, {}), doc, ActorIndex({}))

    class View:
        def __init__(self, sent):
            self.sent = sent

    class Ev:
        def __init__(self, at):
            self.evidence = type("E", (), {"trigger": type("S", (), {"start": at})})

    for sent in doc.sents:
        for at in range(sent.start_char - 2, sent.end_char + 2):
            plain = next((t for t in sent if t.idx <= at < t.idx + len(t.text)), sent.root)
            assert art._trigger(View(sent), Ev(at)).i == plain.i


def test_token_at_is_char_spans_token(nlp):
    doc = nlp("  Chile's envoy met  Peru's  minister.\n\nThey (both) agreed -- again.  ")
    for other in (nlp(TEXTS[3]), doc):  # a Doc read before another
        for char in range(-2, len(other.text) + 3):
            span = other.char_span(char, char + 1, alignment_mode="expand") if 0 <= char < len(other.text) + 1 else None
            want = span[0].i if span is not None and len(span) else None
            got = N.token_at(other, char)
            assert (got.i if got is not None else None) == want, char
