"""Every dyad's placed periods in one pass, and the evidence of chosen periods: what
:mod:`detente.relations.alerts` computes every dyad's alerts from (re-exported by :mod:`detente.store.relations`,
where callers and tests reach them)."""
from __future__ import annotations

from detente.store.filters import Where
from detente.store.literal import inline
from detente.store.queries import rows

PERIODS = ("day", "week", "month", "year")  # detente.relations.periods.UNITS
PRECISIONS = ("day", "month", "year")


def _con(store):
    return getattr(store, "con", store)


_ALL_PERIODS = """
    SELECT a, b, CAST(date_trunc('{by}', date) AS DATE) AS start, count(*) AS clusters, sum(confidence) AS weight,
           sum(confidence * score) AS net, count(*) FILTER (WHERE score > 0) AS cooperation,
           count(*) FILTER (WHERE score < 0) AS conflict, min_by(score_pos, score_pos, 3) AS worst
    FROM cluster_dyads WHERE {where} GROUP BY a, b, start ORDER BY a, b, start"""
_WORST = """
    SELECT d.a, d.b, d.score_pos, d.cluster_id, d.event, d.source, d.target, d.score, d.date_value AS date,
           d.articles, d.sentence
    FROM cluster_dyads d JOIN (SELECT unnest(CAST(? AS VARCHAR[])) AS a, unnest(CAST(? AS VARCHAR[])) AS b,
                                      unnest(CAST(? AS INTEGER[])) AS score_pos) w USING (a, b, score_pos)"""


def placed_periods(store, by: str, coarse: tuple[str, ...] = (), code: str | None = None, changed: bool = False):
    """The placed periods of every dyad of two distinct codes (of the dyads of ``code`` alone when given) in one
    pass: rows (a, b, start, clusters, weight, net, cooperation, conflict, ``worst``: the score positions of the
    period's three lowest scores) ordered by dyad and start (``changed``: of the dyads in detente.store.kept.CHANGED
    alone), under the rules of :func:`dyad_periods` (happenings
    reported at least once, dated, not coarser than ``coarse`` allows). None on a store without the table.

    The rows come as an iterator, fetched a batch at a time (every dyad's months at 10^7 events are millions of
    rows: as one list of dicts they took over a GiB); read them all before the next query on the store."""
    import duckdb

    if by not in PERIODS or any(p not in PRECISIONS for p in coarse):
        raise ValueError(f"period {by!r} or precisions {coarse!r} outside the whitelist")
    w = Where("a <> b AND happened AND articles >= 1 AND date IS NOT NULL")
    if coarse:
        w.add(f"coalesce(date_precision, 'day') NOT IN ({', '.join(repr(p) for p in coarse)})")
    if code:
        w.add("(a = ? OR b = ?)", code.upper(), code.upper())
    if changed:  # the dyads of detente.store.kept.CHANGED alone
        w.add("(a, b) IN (SELECT (a, b) FROM _changed_dyads)")
    try:
        cur = _con(store).execute(_ALL_PERIODS.format(by=by, where=w.sql()), w.params)
    except duckdb.CatalogException:
        return None
    return _batches(cur)


def _batches(cur, size: int = 20_000):
    """A query's rows as dicts, fetched ``size`` at a time."""
    names = [d[0] for d in cur.description]
    while batch := cur.fetchmany(size):
        yield from (dict(zip(names, r)) for r in batch)


def worst_clusters(store, picks: list[tuple[str, str, int]]) -> dict:
    """Evidence rows of (a, b, score position) picks, by pick (see :func:`placed_periods`)."""
    if not picks:
        return {}
    # the picks as literals, not bound parameters: a bound parameter makes DuckDB import pandas (0.3 CPU-s), and
    # this runs in every analyze's cluster build, the serial tail after the workers (issue 19; store.literal)
    found = rows(_con(store), inline(_WORST, [[p[0] for p in picks], [p[1] for p in picks], [p[2] for p in picks]]))
    return {(r.pop("a"), r.pop("b"), r.pop("score_pos")): r for r in found}
