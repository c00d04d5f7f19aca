"""Russian: natasha's parse in a spaCy Doc, then Russian actors, events, modality and dates behind the same
stage contract as English (``detente/pipeline.py``). Issue 20.

    is_russian(article) -> bool        the routing rule (the article's language, else a look at its script)
    split(articles) -> (russian, rest)
    parse_all(articles) -> {id(article): Doc | Exception}
    stages(doc, stages) -> the Russian stages for a Russian Doc, the given ones otherwise
"""
from __future__ import annotations

LANGUAGE = "ru"
RUSSIAN_LETTERS = frozenset("ыэ")
OTHER_CYRILLIC = frozenset("іїєґўәғқңөұүһјљњћђџѓќѕ")
_SAMPLE = 2000


def _cyrillic_share(text: str) -> float:
    sample = text[:_SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)


def is_russian(article, detect=None) -> bool:
    """Russian by the article's language; with no language given (``predict`` records), when most letters are
    Cyrillic and ``detect`` (lingua, ``detente.ingest.language.detect``, passed in by the pipeline) says Russian
    (not Ukrainian, Kazakh, ...)."""
    if article.language is not None:
        return article.language == LANGUAGE
    if _cyrillic_share(article.text) < 0.5:
        return False
    sample = set(article.text[:_SAMPLE].lower())
    if sample & RUSSIAN_LETTERS and not sample & OTHER_CYRILLIC:
        return True  # ы/э and none of the letters of Ukrainian, Belarusian, Kazakh, Serbian, ...: no need to ask lingua
    return detect is not None and detect(article.text) == LANGUAGE


def split(articles: list, detect=None) -> tuple[list, list]:
    ru, rest = [], []
    for a in articles:
        (ru if is_russian(a, detect) else rest).append(a)
    return ru, rest


def parse_all(articles: list) -> dict:
    """Each Russian article's Doc (or the exception that stopped its parse), by ``id(article)``."""
    if not articles:
        return {}
    from detente import nlp

    model = nlp.load_ru()
    _load_tables()
    out = {}
    with model.one_thread():  # one BLAS thread limit for the batch (entering it costs milliseconds)
        for a in articles:
            try:
                out[id(a)] = model.parse(a.text)
            except Exception as exc:  # one text's failure is its article's
                out[id(a)] = exc
    return out


def _load_tables() -> None:
    """The knowledge base and the place index, loaded before any article's time budget starts (building the
    place index on a cold cache takes a few CPU seconds)."""
    from detente.ru import kb, places

    kb.load()
    places.load()


def stages(doc, given):
    """The stages to run over ``doc``: for a Russian Doc each of ``given`` replaced by the Russian stage of the
    same name, where there is one (a language-free stage, such as dating events, stays as given); otherwise
    ``given`` unchanged."""
    if getattr(doc, "lang_", None) != LANGUAGE:
        return given
    return russian_stages(given)


def russian_stages(given):
    """Each of ``given`` replaced by the Russian stage of the same name, where there is one."""
    from detente.ru.steps import STAGES

    russian = {s.name: s for s in STAGES}
    return [russian.get(s.name, s) for s in given]
