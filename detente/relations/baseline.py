"""The alert rule: a period whose intensity leaves the dyad's own baseline (README "Alerts").

The baseline of a period is the mean and standard deviation of the dyad's intensity over its
previous ``baseline_periods`` periods that have events. A period is an *escalation* when

    z = (intensity - mean) / max(std, min_std) <= -z_threshold   and   intensity - mean <= -min_shift

with at least ``min_history`` baseline periods and ``min_clusters`` clusters in the period (and
a *de-escalation*, if asked for, symmetrically).
"""
from __future__ import annotations

import math

from detente.relations.settings import IndexSettings


def baseline(points: list[dict], settings: IndexSettings) -> list[dict]:
    """Annotate each period with events with its baseline, z score and alert kind (in place)."""
    history: list[float] = []
    for p in points:
        if p["intensity"] is None:
            continue
        recent = history[-settings.baseline_periods:]
        p["baseline"] = p["baseline_std"] = p["z"] = p["shift"] = p["alert"] = None
        if len(recent) >= settings.min_history:
            mean, std = _mean_std(recent)
            shift = p["intensity"] - mean
            z = shift / max(std, settings.min_std)
            p.update(baseline=round(mean, 3), baseline_std=round(std, 3), z=round(z, 2), shift=round(shift, 3))
            p["alert"] = _kind(z, shift, p["clusters"], settings)
        history.append(p["intensity"])
    return points


def _mean_std(values: list[float]) -> tuple[float, float]:
    """Mean and population standard deviation in floats (statistics.pstdev works in exact
    fractions: ~80 ms over a 30-year monthly series, against ~1 ms here)."""
    n = len(values)
    mean = math.fsum(values) / n
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / n)


def _kind(z: float, shift: float, clusters: int, s: IndexSettings) -> str | None:
    if clusters < s.min_clusters:
        return None
    if z <= -s.z and shift <= -s.min_shift:
        return "escalation"
    if s.deescalation and z >= s.z and shift >= s.min_shift:
        return "de-escalation"
    return None
