"""Reading clusters back: the happenings of a dyad or a window, each with its reports."""
from __future__ import annotations

from detente.errors import NotFound, UsageError
from detente.store.queries import rows


class StaleClusters(UsageError):
    """The events changed since the clusters were built (e.g. an ingest between its write and its rebuild)."""


def _con(store):
    return getattr(store, "con", store)


def require_clusters(store) -> None:
    """Clusters are built after analysis; say how to build them when the table is empty."""
    con = _con(store)
    try:  # one round trip: this runs before every series
        n_clusters, n_events, n_members = con.execute(
            "SELECT (SELECT count(*) FROM clusters), (SELECT count(*) FROM events WHERE event IS NOT NULL), "
            "(SELECT count(*) FROM cluster_events)").fetchone()
    except Exception as exc:  # an old store opened read-only, before migration m003
        raise UsageError("this store has no clusters table; open it once for writing "
                         "(e.g. `detente clusters --build`) to migrate it") from exc
    if n_events and not n_clusters:
        raise UsageError("the store has events but no clusters; run `detente clusters --build --db ...`")
    if n_events != n_members:
        raise StaleClusters(f"the clusters are out of date ({n_events} events, {n_members} clustered); "
                         "run `detente clusters --build --db ...`")


def dyad_clause(a: str | None, b: str | None, directed: bool = False, alias: str = "c") -> tuple[str, list]:
    """SQL matching clusters between ``a`` and ``b`` (either direction unless ``directed``)."""
    if not a:
        return "1=1", []
    if not b:
        return (f"(list_contains({alias}.source_codes, ?) OR list_contains({alias}.target_codes, ?))",
                [a.upper(), a.upper()])
    one = f"(list_contains({alias}.source_codes, ?) AND list_contains({alias}.target_codes, ?))"
    if directed:
        return one, [a.upper(), b.upper()]
    return f"({one} OR {one})", [a.upper(), b.upper(), b.upper(), a.upper()]


def clusters(store, a: str | None = None, b: str | None = None, *, directed: bool = False,
             date_from: str | None = None, date_to: str | None = None, happened: bool | None = None,
             min_articles: int = 1, order: str = "reports", limit: int = 100) -> list[dict]:
    """Clusters, most reported first (``order="reports"``) or by date (``order="date"``)."""
    where, params = dyad_clause(a, b, directed)
    clauses = [where, "c.articles >= ?"]
    params.append(min_articles)
    if happened is not None:
        clauses.append("c.happened = ?")
        params.append(happened)
    if date_from:
        clauses.append("c.date >= CAST(? AS DATE)")
        params.append(date_from)
    if date_to:
        clauses.append("c.date <= CAST(? AS DATE)")
        params.append(date_to)
    by = ("c.articles DESC, c.mentions DESC, abs(c.score) DESC, c.date NULLS LAST, c.cluster_id"
          if order == "reports" else "c.date NULLS LAST, c.cluster_id")
    return rows(_con(store), f"SELECT c.* FROM clusters c WHERE {' AND '.join(clauses)} ORDER BY {by} LIMIT ?",
                params + [limit])


def reports(store, cluster_ids: list[str]) -> dict[str, list[dict]]:
    """Every member event of the clusters, with its article, outlet and evidence sentence, then
    the sentences of other articles that allude to them."""
    if not cluster_ids:
        return {}
    marks = ",".join("?" * len(cluster_ids))
    found = rows(_con(store), f"""
        SELECT m.cluster_id, m.rank, m.similarity, e.key, e.article_id, a.outlet, a.title, a.url, a.published,
               e.event, e.mode, e.score, e.modality, e.confidence, e.date_value AS date, e.date_origin,
               e.source_codes, e.target_codes, e.sentence, e.trigger_text,
               e.trigger_start - e.sentence_start AS trigger_offset
        FROM cluster_events m JOIN events e ON e.key = m.event_key LEFT JOIN articles a ON a.id = e.article_id
        WHERE m.cluster_id IN ({marks}) ORDER BY m.cluster_id, m.rank""", cluster_ids)
    out: dict[str, list[dict]] = {c: [] for c in cluster_ids}
    for r in found + _allusions(_con(store), cluster_ids, marks):
        out[r.pop("cluster_id")].append(r)
    return out


def _allusions(con, cluster_ids: list[str], marks: str) -> list[dict]:
    """Sentences alluding to the clusters (README "Allusions"), shaped as reports with modality
    "allusion" and no event; after the coded reports."""
    try:
        return rows(con, f"""
            SELECT l.cluster_id, NULL AS rank, NULL AS similarity, NULL AS key, l.article_id, a.outlet, a.title,
                   a.url, a.published, NULL AS event, NULL AS mode, NULL AS score, 'allusion' AS modality,
                   NULL AS confidence, NULL AS date, NULL AS date_origin, [] AS source_codes, [] AS target_codes,
                   l.sentence, l.cue_text AS trigger_text, l.cue_start AS trigger_offset
            FROM cluster_allusions l LEFT JOIN articles a ON a.id = l.article_id
            WHERE l.cluster_id IN ({marks}) ORDER BY l.cluster_id, l.article_id, l.sentence_index""", cluster_ids)
    except Exception:  # a store opened read-only before migration m006
        return []


def cluster(store, cluster_id: str) -> dict:
    """One cluster (a unique id prefix is enough) with its reports."""
    found = rows(_con(store), "SELECT * FROM clusters WHERE cluster_id LIKE ? ORDER BY cluster_id LIMIT 2",
                 [cluster_id + "%"])
    if not found:
        raise NotFound(f"no cluster with id {cluster_id!r}; list them with `detente clusters`")
    if len(found) > 1:
        raise NotFound(f"cluster id prefix {cluster_id!r} is ambiguous; give more characters")
    c = found[0]
    return {**c, "reports": reports(store, [c["cluster_id"]])[c["cluster_id"]]}
