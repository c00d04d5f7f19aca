"""The rows every exporter starts from: events with their article and actors, and their happening.

A happening is an event cluster (detente.relations): the same event reported by several sentences,
articles or outlets. When the store has clusters, events are grouped by them; otherwise each event
is its own happening, reported once.
"""
from __future__ import annotations

def happenings(events: list[dict]) -> list[list[dict]]:
    """Events grouped by cluster, in order of each cluster's first report."""
    groups: dict[str, list[dict]] = {}
    for e in events:
        groups.setdefault(e["cluster_id"], []).append(e)
    return list(groups.values())


def side(event: dict, role: str) -> dict | None:
    """The first actor of one side of an event (its code, sector, name, text and offsets)."""
    return next((a for a in event.get("actors") or [] if a["role"] == role), None)
