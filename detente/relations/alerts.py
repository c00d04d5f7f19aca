"""Escalation alerts of every dyad, newest first: the periods that the rule of
:mod:`detente.relations.baseline` marks in each dyad's series (README "Alerts")."""
from __future__ import annotations

import dataclasses
import itertools
import json

from detente.relations import periods
from detente.relations.baseline import baseline
from detente.relations.index import dyad_series, dyads
from detente.relations.read import require_clusters
from detente.relations.settings import IndexSettings
from detente.store import kept as kept_tables
from detente.store.aggregates import table_exists
from detente.store import relations as relation_tables


def alerts(store, by: str = "month", a: str | None = None, b: str | None = None,
           settings: IndexSettings | None = None, since: str | None = None, **thresholds) -> list[dict]:
    """Every alert of every dyad (or of the dyads of ``a``, or of ``a``–``b``), newest first.

    ``thresholds`` override :class:`IndexSettings` fields, e.g. ``alerts(store, z=2.5)``."""
    require_clusters(store)
    settings = dataclasses.replace(settings or IndexSettings(), **thresholds)
    if not (a and b):
        kept = kept_tables.kept_alerts(_con(store), periods.check(by), settings_key(settings), a, since)
        if kept is not None:  # kept when the clusters were written (keep)
            return sorted(kept, key=lambda r: (r["start"], r["dyad"]), reverse=True)
        found = _alerts_in_sql(store, by, a, settings, since)
        if found is not None:
            return found
    pairs = [(a.upper(), b.upper())] if a and b else [p for p in dyads(store) if not a or a.upper() in p]
    out = []
    for x, y in pairs:
        series = dyad_series(store, x, y, by=by, settings=settings)
        for p in series["series"]:
            if p.get("alert") and (not since or p["start"] >= since):
                out.append(_alert_row(x, y, by, p))
    return sorted(out, key=lambda r: (r["start"], r["dyad"]), reverse=True)


def alerts_page(store, by: str = "month", a: str | None = None, since: str | None = None, limit: int = 200,
                settings: IndexSettings | None = None) -> tuple[list[dict], int]:
    """The first ``limit`` of :func:`alerts` (every dyad's, or the dyads of ``a``) and how many there are: from
    the kept alerts, sorted and cut by the store, when they are kept for these settings."""
    require_clusters(store)
    settings = settings or IndexSettings()
    found = kept_tables.kept_alerts(_con(store), periods.check(by), settings_key(settings), a, since, limit)
    if found is not None:
        return found
    every = alerts(store, by=by, a=a, settings=settings, since=since)
    return every[:limit], len(every)


KEPT = "alerts@1"  # the rule's version in the key of the kept alerts: a change to the rule or the rows bumps it


def settings_key(settings: IndexSettings) -> str:
    """What the kept alerts were computed under: the rule's version and every setting."""
    return json.dumps([KEPT, dataclasses.asdict(settings)], sort_keys=True)


def keep(store, changed: int | None = None, settings: IndexSettings | None = None) -> None:
    """Compute the alerts for each period unit and keep them in the store (detente.store.kept), inside the
    caller's transaction (the clusters' rewrite: detente.store.relations.replace_clusters): every dyad's, or
    (``changed``: a count) only those of the dyads the rewrite changed, beside the others' kept ones."""
    con = _con(store)
    if not table_exists(con, "dyad_alert_units"):  # a store before m016
        return
    settings = settings or IndexSettings()
    key = settings_key(settings)
    for unit in periods.UNITS:
        if changed is not None and kept_tables.kept_settings(con, unit) == key:
            kept_tables.add_alerts(con, unit, _alerts_in_sql(store, unit, None, settings, None, True)
                                   if changed else [])
            continue
        found = _alerts_in_sql(store, unit, None, settings, None)
        if found is not None:
            kept_tables.replace_alerts(con, unit, key, found)


def _con(store):
    return getattr(store, "con", store)


def _alerts_in_sql(store, by: str, code: str | None, settings: IndexSettings, since: str | None,
                   changed: bool = False) -> list[dict] | None:
    """The same alerts as the dyad-by-dyad path, from every dyad's placed periods summed in one query (the
    baseline needs only the periods with events); evidence read for the alerting periods alone. None on a
    store without the ``cluster_dyads`` table."""
    periods.check(by)
    coarse = tuple(p for p in ("month", "year") if not periods.fits(p, by))
    found = relation_tables.placed_periods(store, by, coarse, code, changed)
    if found is None:
        return None
    out, dyad, points = [], None, []
    for r in itertools.chain(found, [None]):  # one dyad's periods at a time
        if r is None or (r["a"], r["b"]) != dyad:
            for p in baseline(points, settings):
                if p.get("alert") and (not since or p["start"] >= since):
                    out.append(p)
            if r is None:
                break
            dyad, points = (r["a"], r["b"]), []
        weight, net = r["weight"], r["net"]
        points.append({"a": r["a"], "b": r["b"], "period": periods.label(r["start"], by),
                       "start": r["start"].isoformat(), "clusters": r["clusters"],
                       "intensity": round(net / weight, 3) if weight else None, "cooperation": r["cooperation"],
                       "conflict": r["conflict"], "worst": sorted(r["worst"])})
    evidence = relation_tables.worst_clusters(store, [(p["a"], p["b"], k) for p in out for k in p["worst"]])
    rows = []
    for p in out:
        p["evidence"] = [evidence[(p["a"], p["b"], k)] for k in p["worst"]]
        rows.append(_alert_row(p["a"], p["b"], by, p))
    return sorted(rows, key=lambda r: (r["start"], r["dyad"]), reverse=True)


def _alert_row(a: str, b: str, by: str, p: dict) -> dict:
    return {"dyad": f"{a}-{b}", "a": a, "b": b, "by": by, "period": p["period"], "start": p["start"],
            "kind": p["alert"], "intensity": p["intensity"], "baseline": p["baseline"],
            "baseline_std": p["baseline_std"], "z": p["z"], "shift": p["shift"], "clusters": p["clusters"],
            "conflict": p["conflict"], "cooperation": p["cooperation"], "evidence": p["evidence"]}
