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


@dataclasses.dataclass
class Window:
    """Which periods a series lists: from the period of ``date_from`` (or, without it, ``last`` periods back
    from the end; neither: the dyad's first) to the period of ``date_to`` (or the dyad's last), within the
    dyad's span. ``fix`` sets ``lo``/``hi`` from the dyad's first and last placed period; ``before`` then
    holds the placed periods ahead of the window (the baseline and trend history of its first periods)."""

    by: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    last: int | None = None
    history: int | None = None  # placed periods with an intensity kept in ``before`` (None: all)
    lo: dt.date | None = None
    hi: dt.date | None = None
    first: dt.date | None = None
    end: dt.date | None = None
    before: list = dataclasses.field(default_factory=list)

    def fix(self, first: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        """The first and last period listed, given the dyad's first and last placed period."""
        self.first, self.end = first, end
        hi = min(self.end, periods.start(self.date_to, self.by)) if self.date_to else self.end
        if self.date_from:
            lo = periods.start(self.date_from, self.by)
        elif self.last:
            lo = periods.back(hi, self.by, self.last - 1)
        else:
            lo = self.first
        self.lo, self.hi = max(lo, self.first), hi
        return self.lo, self.hi

    def tail(self, buckets: dict, lo: dt.date) -> list:
        """The (start, row) items of ``buckets`` (ordered by start) before ``lo`` that ``keep`` may need: the
        last ``history`` with a weight (a period of weight 0 has no intensity), and those between."""
        out, weighted = [], 0
        for start in reversed([s for s in buckets if s < lo]):
            if self.history is not None and weighted >= self.history:
                break
            out.append((start, buckets[start]))
            weighted += bool(buckets[start]["weight"])
        return out[::-1]

    def keep(self, points: list[dict]) -> list[dict]:
        """The last ``history`` points with an intensity (and those between): all the baseline of the window's
        first period and the trend at its end can read (baseline_periods, trend_periods)."""
        if self.history is None:
            return points
        at, seen = len(points), 0
        while at > 0 and seen < self.history:
            at -= 1
            seen += points[at]["intensity"] is not None
        return points[at:]

    def describe(self, listed: int) -> dict:
        return {"from": _iso(self.lo), "to": _iso(self.hi), "periods": listed, "first": _iso(self.first),
                "last": _iso(self.end), "whole": self.lo == self.first and self.hi == self.end}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def dyad_series(store, a: str, b: str, by: str = "month", directed: bool = False,
                settings: IndexSettings | None = None, *, date_from=None, date_to=None, last: int | None = None,
                evidence: int = 3, **thresholds) -> dict:
    """The dyad's series, trend and alerts as one plain data dict (JSON-ready but for dates).

    ``date_from``/``date_to`` (dates or ISO strings) or ``last`` (periods up to ``date_to`` or the dyad's last)
    bound the periods listed (``window`` says which; whole periods); baseline, z, alerts and trend are those of
    the whole series, periods before the window counting as history. ``evidence``: the lowest-scored
    happenings quoted per period (0 to 3)."""
    periods.check(by)
    if not 0 <= evidence <= 3 or (last is not None and last < 1):
        from detente.errors import UsageError

        raise UsageError(f"evidence is 0 to 3 (got {evidence}) and last at least 1 (got {last})")
    settings = dataclasses.replace(settings or IndexSettings(), **thresholds)
    require_clusters(store)
    a, b = a.upper(), b.upper()
    window = Window(by, _day(date_from), _day(date_to), last,
                    history=max(settings.baseline_periods, settings.trend_periods))
    found = periods_in_sql(store, a, b, by, directed, window, evidence)
    counts, points = found if found is not None else periods_in_python(store, a, b, by, directed, window, evidence)
    baseline(window.before + points, settings)
    return {
        "a": a, "b": b, "directed": directed, "by": by, **counts,
        "window": window.describe(len(points)),
        "series": points, "trend": _trend(window.before + points, by, window.first, settings),
        "alerts": [p["period"] for p in points if p.get("alert")],
        "settings": dataclasses.asdict(settings),
        "method": "intensity = confidence-weighted mean PLOVER score of the period's clusters that happened; "
                  "alert = z against the dyad's previous periods (detente/relations/README.md)",
    }


def periods_in_python(store, a: str, b: str, by: str, directed: bool, window: Window | None = None,
                      evidence: int = 3) -> tuple[dict, list[dict]]:
    """The reference path: every cluster of the dyad read into Python and bucketed (a store without
    the ``cluster_dyads`` table, e.g. an old one opened read-only)."""
    happened = read_clusters(store, a, b, directed=directed, happened=True, order="date", limit=1_000_000)
    placed = [c for c in happened if c["date"] and periods.fits(c["date_precision"], by)]
    counts = {"clusters": len(happened), "placed": len(placed),
              "undated": sum(1 for c in happened if not c["date"]),
              "too_coarse": sum(1 for c in happened if c["date"] and not periods.fits(c["date_precision"], by))}
    points = _points(placed, by)
    for p in points:
        p["evidence"] = p["evidence"][:evidence]
    return counts, _cut(points, window, by)


def _cut(points: list[dict], window: Window | None, by: str) -> list[dict]:
    """The window's points of a whole filled series (those before it kept as ``window.before``)."""
    if window is None or not points:
        return points
    placed = [dt.date.fromisoformat(p["start"]) for p in points if p["clusters"]]
    lo, hi = window.fix(placed[0], placed[-1])
    window.before = window.keep([p for p in points if p["clusters"] and p["start"] < lo.isoformat()])
    return [p for p in points if lo.isoformat() <= p["start"] <= hi.isoformat()]


def periods_in_sql(store, a: str, b: str, by: str, directed: bool, window: Window | None = None,
                   evidence: int = 3) -> tuple[dict, list[dict]] | None:
    """The same counts and points as :func:`periods_in_python`, aggregated by DuckDB (cluster ids and evidence
    read for the window's periods alone); None when the store has no ``cluster_dyads`` table (migration m004)."""
    coarse = tuple(p for p in ("month", "year") if not periods.fits(p, periods.check(by)))
    read = relation_tables.dyad_periods(store, a, b, by, directed, QUADS, coarse, window=window, evidence=evidence)
    if read is None:
        return None
    totals, found, ids, evidence_rows = read
    counts = {"clusters": sum(r["clusters"] for r in totals),
              "placed": sum(r["clusters"] for r in totals if r["placed"]),
              "undated": sum(r["clusters"] for r in totals if r["undated"]),
              "too_coarse": sum(r["clusters"] for r in totals if not r["placed"] and not r["undated"])}
    buckets = {r["start"]: r for r in found}
    if not buckets:
        return counts, []
    lo, hi = (window.lo, window.hi) if window else (min(buckets), max(buckets))
    if window:
        window.before = window.keep([_history_point(s, by, r) for s, r in window.tail(buckets, lo)])
    at = 0
    for s, r in buckets.items():  # ordered by start, as the ids are by date
        if lo <= s <= hi:
            r["cluster_ids"], at = ids[at:at + r["clusters"]], at + r["clusters"]
            r["evidence"] = [evidence_rows[k] for k in sorted(r["worst"])[:evidence]]
    if lo > hi:
        return counts, []
    first = window.first if window else min(buckets)
    return counts, [_sql_point(s, by, buckets.get(s)) for s in periods.span(max(lo, first), hi, by)]


def _history_point(first: dt.date, by: str, r: dict) -> dict:
    """A period before the window: what the baseline and the trend read of it."""
    weight = r["weight"]
    return {"period": periods.label(first, by), "start": first.isoformat(), "clusters": r["clusters"],
            "intensity": round(r["net"] / weight, 3) if weight else None}


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
    return _slope([(i, p["intensity"], p["period"]) for i, p in enumerate(points) if p["intensity"] is not None],
                  settings)


def _trend(points: list[dict], by: str, first: dt.date | None, settings: IndexSettings) -> dict:
    """:func:`trend` of the whole series up to the last of ``points`` (placed periods, then the window's),
    each placed by its period's distance from ``first``: the positions the whole filled series gives them."""
    if first is None:
        return _slope([], settings)
    zero = periods.ordinal(first, by)
    return _slope([(periods.ordinal(dt.date.fromisoformat(p["start"]), by) - zero, p["intensity"], p["period"])
                   for p in points if p["intensity"] is not None], settings)


def _slope(idx: list[tuple[int, float, str]], settings: IndexSettings) -> dict:
    recent = idx[-settings.trend_periods:]
    if len(recent) < 2:
        return {"slope": None, "direction": "unknown", "from": None, "to": None, "periods": len(recent)}
    mx = sum(i for i, _, _ in recent) / len(recent)
    my = sum(v for _, v, _ in recent) / len(recent)
    var = sum((i - mx) ** 2 for i, _, _ in recent)
    slope = sum((i - mx) * (v - my) for i, v, _ in recent) / var if var else 0.0
    direction = "falling" if slope < -0.05 else "rising" if slope > 0.05 else "flat"
    return {"slope": round(slope, 3), "direction": direction, "from": recent[0][2], "to": recent[-1][2],
            "periods": len(recent)}
