"""Reading clusters back: the happenings of a dyad or a window, each with its reports."""
from __future__ import annotations

from detente.errors import NotFound, UsageError
from detente.store import relations as relation_tables


class StaleClusters(UsageError):
    """The events changed since the clusters were built (e.g. an ingest between its write and its rebuild)."""


def require_clusters(store) -> None:
    """Clusters are built after analysis; say how to build them when the table is empty."""
    try:  # one round trip: this runs before every series
        n_clusters, n_events, n_members = relation_tables.cluster_counts(store)
    except relation_tables.MissingTables as exc:
        raise UsageError("this store has no clusters table; open it once for writing "
                         "(e.g. `detente clusters --build`) to migrate it") from exc
    if n_events and not n_clusters:
        raise UsageError("the store has events but no clusters; run `detente clusters --build --db ...`")
    if n_events != n_members:
        raise StaleClusters(f"the clusters are out of date ({n_events} events, {n_members} clustered); "
                         "run `detente clusters --build --db ...`")


def clusters(store, a: str | None = None, b: str | None = None, *, directed: bool = False,
             date_from: str | None = None, date_to: str | None = None, happened: bool | None = None,
             min_articles: int = 1, order: str = "reports", limit: int = 100) -> list[dict]:
    """Clusters, most reported first (``order="reports"``) or by date (``order="date"``)."""
    return relation_tables.clusters(store, a, b, directed=directed, date_from=date_from, date_to=date_to,
                                    happened=happened, min_articles=min_articles, order=order, limit=limit)


def reports(store, cluster_ids: list[str]) -> dict[str, list[dict]]:
    """Every member event of the clusters, with its article, outlet and evidence sentence, then
    the sentences of other articles that allude to them (README "Allusions"), shaped as reports
    with modality "allusion" and no event."""
    if not cluster_ids:
        return {}
    out: dict[str, list[dict]] = {c: [] for c in cluster_ids}
    for r in (relation_tables.member_reports(store, cluster_ids)
              + relation_tables.allusion_reports(store, cluster_ids)):
        out[r.pop("cluster_id")].append(r)
    return out


def cluster(store, cluster_id: str) -> dict:
    """One cluster (a unique id prefix is enough) with its reports."""
    found = relation_tables.clusters_by_prefix(store, cluster_id, limit=2)
    if not found:
        raise NotFound(f"no cluster with id {cluster_id!r}; list them with `detente clusters`")
    if len(found) > 1:
        raise NotFound(f"cluster id prefix {cluster_id!r} is ambiguous; give more characters")
    c = found[0]
    return {**c, "reports": reports(store, [c["cluster_id"]])[c["cluster_id"]]}
