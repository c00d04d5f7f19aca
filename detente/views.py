"""Views build one data dict each; the CLI (and later the web) only render them."""
from __future__ import annotations

from detente.store import Store
from detente.store.queries import EventFilter


def article_view(store: Store, article_id: str) -> dict:
    article = store.article(article_id)
    events = store.events(EventFilter(article_id=article["id"], limit=10_000))
    actors = store.event_actors([e["key"] for e in events])
    return {"article": article, "events": events, "actors": actors}


def summary_view(store: Store) -> dict:
    types = store.event_types()
    return {
        "counts": store.counts(),
        "happened": sum(int(t["happened"] or 0) for t in types),
        "event_types": types,
        "dyads": store.dyads(10),
        "actors": store.actors(10),
    }


def highlighted(text: str, events: list[dict], actors: list[dict]):
    """The article text as Rich Text with triggers, sources and targets styled."""
    from rich.text import Text

    out = Text(text)
    for a in actors:
        if a.get("start") is not None:
            out.stylize("bold blue" if a["role"] == "source" else "bold green", a["start"], a["end"])
    for e in events:
        out.stylize("bold red underline", e["trigger_start"], e["trigger_end"])
    return out
