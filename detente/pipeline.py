"""The pipeline: named, versioned stages run in order over one article, under one contract.

A stage is a function ``(Analysis, Settings) -> Analysis`` that declares the fields it reads
and the fields it writes. The runner checks every result: it must be an ``Analysis`` for the
same article, and every field the stage did not declare must be untouched. A stage that raises
or breaks the contract fails only its article (``StageError``); the batch goes on.

    parse → actors → timexes → places → events → dates → event places → stance
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from detente import nlp
from detente import ru as _ru  # Russian routing (issue 20)
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

    return dataclasses.replace(a, events=tuple(code_events(a.doc, a.actors, article_date=a.article.published)))


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


STAGES: list[Stage] = [
    Stage("actors", "1", ("doc",), ("actors",), _actors),
    Stage("timexes", "1", ("doc",), ("timexes",), _timexes),
    Stage("places", "1", ("doc", "actors"), ("places",), _places),
    Stage("events", "1", ("doc", "actors"), ("events",), _events),
    Stage("dates", "1", ("events", "timexes"), ("events",), _dates),
    Stage("event_places", "1", ("events", "places"), ("events",), _event_places),
    Stage("stance", "1", ("doc", "actors", "events"), ("stance",), _stance),
]


def coder_version(stages: Iterable[Stage] = None) -> str:
    """One string naming every stage and version; stored with each analysed article."""
    from detente.events import CODER

    names = ";".join(f"{s.name}@{s.version}" for s in (stages or STAGES))
    return f"detente@{VERSION}+{CODER}+" + hashlib.sha1(names.encode()).hexdigest()[:8]


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


def run(analysis: Analysis, settings: Settings, stages: Iterable[Stage] = None) -> Analysis:
    for stage in stages or STAGES:
        analysis = run_stage(stage, analysis, settings)
    return analysis


def stages_for(fields: Iterable[str]) -> list[Stage]:
    """Only the stages needed to fill ``fields`` (and what they read), in pipeline order: ``predict events``
    needs no stance."""
    needed, keep = set(fields), []
    for stage in reversed(STAGES):
        if needed & set(stage.writes):
            keep.append(stage)
            needed |= set(stage.reads)
    return keep[::-1]


def analyze_batch(articles: list[Article], settings: Settings,
                  stages: Iterable[Stage] = None) -> Iterator[Analysis | StageError]:
    """Parse a batch with nlp.pipe, then run every stage (or ``stages``) per article. Yields the analysis or the
    error."""
    todo = [a for a in articles if a.status == OK]
    russian, todo = _ru.split(todo)  # Russian (issue 20): parsed by natasha, coded by detente.ru
    docs = _parse_all([a.text for a in todo], settings)
    by_id = {id(a): d for a, d in zip(todo, docs)}
    by_id.update(_ru.parse_all(russian))  # Russian (issue 20)
    for article in articles:
        if article.status != OK:
            yield Analysis(article=article)
            continue
        doc = by_id[id(article)]
        if isinstance(doc, Exception):
            yield StageError("parse", article.id, f"{type(doc).__name__}: {doc}")
            continue
        try:
            yield run(Analysis(article=article, doc=doc), settings, _ru.stages(doc, stages))  # ru: issue 20
        except StageError as err:
            yield err


def _parse_all(texts: list[str], settings: Settings) -> list:
    model = nlp.load(settings.model)
    try:
        return list(model.pipe(texts, batch_size=settings.batch_size))
    except Exception:  # isolate the text that fails: parse one by one
        out = []
        for t in texts:
            try:
                out.append(model(t))
            except Exception as exc:
                out.append(exc)
        return out


def analyze_text(text: str, *, date: str | None = None, settings: Settings | None = None, **meta) -> Analysis:
    """Analyse one text in memory (no store). Raises StageError if a stage fails."""
    article = Article.create(text, published=date, **meta)
    result = next(analyze_batch([article], settings or Settings()))
    if isinstance(result, StageError):
        raise result
    return result
