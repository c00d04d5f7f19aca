"""Hand-built events for the relations tests: one helper writes an article with its events."""
from detente.model import Actor, Analysis, Article, Event, Evidence, Span


def country(code: str) -> Actor:
    return Actor(code=code, sector="GOV", name=code)


def event(sentence: str, trigger: str, kind: str, score: float, source: str, target: str, *,
          index: int = 0, date: str | None = None, precision: str = "day", modality: str = "asserted",
          origin: str = "text", confidence: float = 1.0) -> Event:
    at = sentence.index(trigger)
    return Event(kind, None, None, score, (country(source),), (country(target),), modality,
                 Evidence(sentence, index, 0, Span(at, at + len(trigger), trigger)), "test@1",
                 date=date, date_precision=precision if date else None, date_origin=origin if date else None,
                 confidence=confidence)


def article(text: str, events, published: str | None = None, outlet: str | None = None) -> Analysis:
    return Analysis(article=Article.create(text, published=published, outlet=outlet), events=tuple(events))


def write(store, text: str, events, published=None, outlet=None) -> str:
    a = article(text, events, published, outlet)
    store.write(a, "test")
    return a.article.id
