"""The relation index of a dyad: a day, week, month or year series of intensity over the
happenings (clusters) between two actors, cooperation and conflict apart (README "Relation index").

    intensity(period) = Σ confidence_c · score_c / Σ confidence_c     over the period's clusters c

where only clusters that happened (a member asserted or historical) count, once each.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from detente.relations import periods
from detente.relations.baseline import baseline
from detente.relations.read import clusters as read_clusters
from detente.relations.read import require_clusters
from detente.relations.settings import QUADS, IndexSettings
from detente.store import relations as relation_tables


def dyads(store, min_clusters: int = 1) -> list[tuple[str, str]]:
    """Unordered pairs of actor codes with happenings between them, alphabetical."""
    return relation_tables.happened_dyads(store, min_clusters)


def dyad_series(store, a: str, b: str, by: str = "month", directed: bool = False,
                settings: IndexSettings | None = None, **thresholds) -> dict:
    """The dyad's series, trend and alerts as one plain data dict (JSON-ready but for dates)."""
    periods.check(by)
    settings = dataclasses.replace(settings or IndexSettings(), **thresholds)
    require_clusters(store)
    a, b = a.upper(), b.upper()
    found = periods_in_sql(store, a, b, by, directed)
    counts, points = found if found is not None else periods_in_python(store, a, b, by, directed)
    points = baseline(points, settings)
    return {
        "a": a, "b": b, "directed": directed, "by": by, **counts,
        "series": points, "trend": trend(points, settings),
        "alerts": [p["period"] for p in points if p.get("alert")],
        "settings": dataclasses.asdict(settings),
        "method": "intensity = confidence-weighted mean PLOVER score of the period's clusters that happened; "
                  "alert = z against the dyad's previous periods (detente/relations/README.md)",
    }


def periods_in_python(store, a: str, b: str, by: str, directed: bool) -> tuple[dict, list[dict]]:
    """The reference path: every cluster of the dyad read into Python and bucketed (a store without
    the ``cluster_dyads`` table, e.g. an old one opened read-only)."""
    happened = read_clusters(store, a, b, directed=directed, happened=True, order="date", limit=1_000_000)
    placed = [c for c in happened if c["date"] and periods.fits(c["date_precision"], by)]
    counts = {"clusters": len(happened), "placed": len(placed),
              "undated": sum(1 for c in happened if not c["date"]),
              "too_coarse": sum(1 for c in happened if c["date"] and not periods.fits(c["date_precision"], by))}
    return counts, _points(placed, by)


def periods_in_sql(store, a: str, b: str, by: str, directed: bool) -> tuple[dict, list[dict]] | None:
    """The same counts and points as :func:`periods_in_python`, aggregated by DuckDB; None when the
    store has no ``cluster_dyads`` table (migration m004)."""
    coarse = tuple(p for p in ("month", "year") if not periods.fits(p, periods.check(by)))
    read = relation_tables.dyad_periods(store, a, b, by, directed, QUADS, coarse)
    if read is None:
        return None
    found, ids, evidence = read
    buckets = {r["start"]: r for r in found if r["placed"]}
    counts = {"clusters": sum(r["clusters"] for r in found),
              "placed": sum(r["clusters"] for r in found if r["placed"]),
              "undated": sum(r["clusters"] for r in found if r["undated"]),
              "too_coarse": sum(r["clusters"] for r in found if not r["placed"] and not r["undated"])}
    if not buckets:
        return counts, []
    at = 0
    for r in buckets.values():  # ordered by start, as the ids are by date
        r["cluster_ids"], at = ids[at:at + r["clusters"]], at + r["clusters"]
        r["evidence"] = [evidence[k] for k in sorted(r["worst"])]
    return counts, [_sql_point(s, by, buckets.get(s)) for s in periods.span(min(buckets), max(buckets), by)]


def _sql_point(first: dt.date, by: str, r: dict | None) -> dict:
    if r is None:
        return _point(first, by, [])
    weight, net = r["weight"], r["net"]
    return {
        "period": periods.label(first, by), "start": first.isoformat(),
        "clusters": r["clusters"], "weight": round(weight, 3), "net": round(net, 3),
        "intensity": round(net / weight, 3) if weight else None,
        "cooperation": r["cooperation"], "conflict": r["conflict"],
        "quads": {q: r[f"q{i}"] for i, q in enumerate(QUADS)}, "reports": r["reports"],
        "cluster_ids": r["cluster_ids"], "evidence": r["evidence"],
        "baseline": None, "baseline_std": None, "z": None, "shift": None, "alert": None,
    }


def _points(placed: list[dict], by: str) -> list[dict]:
    if not placed:
        return []
    buckets: dict[dt.date, list[dict]] = {}
    for c in placed:
        buckets.setdefault(periods.start(c["date"], by), []).append(c)
    first, last = min(buckets), max(buckets)
    return [_point(s, by, buckets.get(s, [])) for s in periods.span(first, last, by)]


def _point(first: dt.date, by: str, members: list[dict]) -> dict:
    weight = sum(c["confidence"] for c in members)
    net = sum(c["confidence"] * c["score"] for c in members)
    quads = Counter(c["quad"] for c in members if c["quad"])
    worst = sorted(members, key=lambda c: (c["score"], c["cluster_id"]))
    return {
        "period": periods.label(first, by), "start": first.isoformat(),
        "clusters": len(members), "weight": round(weight, 3), "net": round(net, 3),
        "intensity": round(net / weight, 3) if weight else None,
        "cooperation": sum(1 for c in members if c["score"] > 0),
        "conflict": sum(1 for c in members if c["score"] < 0),
        "quads": {q: quads.get(q, 0) for q in QUADS},
        "reports": sum(c["mentions"] for c in members),
        "cluster_ids": [c["cluster_id"] for c in sorted(members, key=lambda c: (c["date"], c["cluster_id"]))],
        "evidence": [_evidence(c) for c in worst[:3]],
        "baseline": None, "baseline_std": None, "z": None, "shift": None, "alert": None,
    }


def _evidence(c: dict) -> dict:
    return {"cluster_id": c["cluster_id"], "event": c["event"], "source": c["source"], "target": c["target"],
            "score": c["score"], "date": c["date_value"], "articles": c["articles"], "sentence": c["sentence"]}


def trend(points: list[dict], settings: IndexSettings) -> dict:
    """Least-squares slope of intensity (points per period) over the last periods with events."""
    idx = [(i, p["intensity"]) for i, p in enumerate(points) if p["intensity"] is not None]
    recent = idx[-settings.trend_periods:]
    if len(recent) < 2:
        return {"slope": None, "direction": "unknown", "from": None, "to": None, "periods": len(recent)}
    mx = sum(i for i, _ in recent) / len(recent)
    my = sum(v for _, v in recent) / len(recent)
    var = sum((i - mx) ** 2 for i, _ in recent)
    slope = sum((i - mx) * (v - my) for i, v in recent) / var if var else 0.0
    direction = "falling" if slope < -0.05 else "rising" if slope > 0.05 else "flat"
    return {"slope": round(slope, 3), "direction": direction, "from": points[recent[0][0]]["period"],
            "to": points[recent[-1][0]]["period"], "periods": len(recent)}
