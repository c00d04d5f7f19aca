"""The Russian stages: the same names, reads and writes as their namesakes in ``detente.pipeline``, which they
replace for a Russian Doc; a stage that needs no language (dating events) is not repeated here."""
from __future__ import annotations

import dataclasses
from typing import Callable, NamedTuple

from detente.config import Settings
from detente.model import Analysis


class Stage(NamedTuple):
    """The fields of ``detente.pipeline.Stage`` that the runner reads (not imported: the pipeline imports this)."""

    name: str
    version: str
    reads: tuple
    writes: tuple
    fn: Callable[[Analysis, Settings], Analysis]

VERSION = "ru3"


def _actors(a: Analysis, s: Settings) -> Analysis:
    from detente.ru.actors import find_actors

    return dataclasses.replace(a, actors=tuple(find_actors(a.doc, date=a.article.published)))


def _timexes(a: Analysis, s: Settings) -> Analysis:
    from detente.ru.dates import find_timexes

    return dataclasses.replace(a, timexes=tuple(find_timexes(a.doc, a.article.published)))


def _places(a: Analysis, s: Settings) -> Analysis:
    from detente.ru.places import find_places

    countries = tuple(dict.fromkeys(x.code for x in a.actors if x.code and len(x.code) == 3))
    return dataclasses.replace(a, places=find_places(a.doc, context_countries=countries))


def _events(a: Analysis, s: Settings) -> Analysis:
    from detente.ru.events import code_events

    return dataclasses.replace(a, events=tuple(code_events(a.doc, a.actors, article_date=a.article.published)))


def _event_places(a: Analysis, s: Settings) -> Analysis:
    from detente.ru.places import place_events

    return dataclasses.replace(a, events=place_events(a.events, a.places, a.doc))


def _stance(a: Analysis, s: Settings) -> Analysis:
    from detente.ru.stance import article_stance

    return dataclasses.replace(a, stance=article_stance(a.doc, a.actors, a.events))


STAGES: list[Stage] = [
    Stage("actors", VERSION, ("doc",), ("actors",), _actors),
    Stage("timexes", VERSION, ("doc",), ("timexes",), _timexes),
    Stage("places", VERSION, ("doc", "actors"), ("places",), _places),
    Stage("events", VERSION, ("doc", "actors"), ("events",), _events),
    Stage("event_places", VERSION, ("events", "places"), ("events",), _event_places),
    Stage("stance", VERSION, ("doc", "actors", "events"), ("stance",), _stance),
]
