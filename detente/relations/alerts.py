"""Escalation alerts of every dyad, newest first: the periods that the rule of
:mod:`detente.relations.baseline` marks in each dyad's series (README "Alerts")."""
from __future__ import annotations

import dataclasses

from detente.relations.index import dyad_series, dyads
from detente.relations.read import require_clusters
from detente.relations.settings import IndexSettings


def alerts(store, by: str = "month", a: str | None = None, b: str | None = None,
           settings: IndexSettings | None = None, since: str | None = None, **thresholds) -> list[dict]:
    """Every alert of every dyad (or of the dyads of ``a``, or of ``a``–``b``), newest first.

    ``thresholds`` override :class:`IndexSettings` fields, e.g. ``alerts(store, z=2.5)``."""
    require_clusters(store)
    settings = dataclasses.replace(settings or IndexSettings(), **thresholds)
    pairs = [(a.upper(), b.upper())] if a and b else [p for p in dyads(store) if not a or a.upper() in p]
    out = []
    for x, y in pairs:
        series = dyad_series(store, x, y, by=by, settings=settings)
        for p in series["series"]:
            if p.get("alert") and (not since or p["start"] >= since):
                out.append(_alert_row(x, y, by, p))
    return sorted(out, key=lambda r: (r["start"], r["dyad"]), reverse=True)


def _alert_row(a: str, b: str, by: str, p: dict) -> dict:
    return {"dyad": f"{a}-{b}", "a": a, "b": b, "by": by, "period": p["period"], "start": p["start"],
            "kind": p["alert"], "intensity": p["intensity"], "baseline": p["baseline"],
            "baseline_std": p["baseline_std"], "z": p["z"], "shift": p["shift"], "clusters": p["clusters"],
            "conflict": p["conflict"], "cooperation": p["cooperation"], "evidence": p["evidence"]}
