"""The relations model: happenings instead of mentions.

    build_clusters(store)            events -> clusters (one per happening, with every report)
    dyad_series(store, "AZE", "RUS") the relation index of a dyad, with trend and alerts
    alerts(store)                    escalation alerts of every dyad
    network(store, "2024-12-01", "2025-07-31")   signed alignment network and triad balance
    render_report(store, "AZE", "RUS")           a self-contained HTML report

Methods and settings: ``detente/relations/README.md``.
"""
from detente.relations.alerts import alerts
from detente.relations.clusters import build_clusters, clusters_stale
from detente.relations.index import dyad_series, dyads
from detente.relations.network import network
from detente.relations.read import cluster, clusters
from detente.relations.settings import ClusterRule, IndexSettings, NetworkSettings


def render_report(store, a: str, b: str, **kw) -> str:
    """The dyad report as one self-contained HTML page (see :mod:`detente.relations.report`)."""
    from detente.relations.report import render_report as render

    return render(store, a, b, **kw)


__all__ = ["alerts", "build_clusters", "clusters_stale", "cluster", "clusters", "dyad_series", "dyads", "network",
           "render_report", "ClusterRule", "IndexSettings", "NetworkSettings"]
