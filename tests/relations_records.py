"""Hand-built events for the relations tests: one helper writes an article with its events, two build and grow
seeded synthetic stores."""
import random

from detente.model import Actor, Analysis, Article, Event, Evidence, Span
from detente.store import Store


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


def filled_store(analysis, n: int, seed: int, path: str = ":memory:"):
    """A store of `n` articles made by `analysis(rng, i)`; the seeded rng is returned to grow it further."""
    rng = random.Random(seed)
    store = Store(path)
    for i in range(n):
        store.write(analysis(rng, i), "test")
    return store, rng


def grow(store, analysis, rng, start: int, n: int, reanalysed: int, again=lambda old: ()) -> None:
    """`n` new articles, then the first `reanalysed` stored ones analysed again by another coder: their rows are
    replaced by the events `again(article id)` gives (none by default)."""
    for i in range(start, start + n):
        store.write(analysis(rng, i), "test")
    for old in [r["id"] for r in store.articles()][:reanalysed]:
        a = store.article(old)
        fresh = article(a["text"], again(old), published=str(a["published"]), outlet=a["outlet"])
        assert fresh.article.id == old
        store.write(fresh, "test2")
