"""The relation tables (``clusters``, ``cluster_events``, ``cluster_dyads``, ``cluster_allusions``): every
statement :mod:`detente.relations` needs, as functions that take the Store and return plain rows.

Schema: :mod:`detente.store.migrations` (m003-m006). The functions accept a :class:`~detente.store.Store`
(or, for old callers, its DuckDB connection).
"""
from __future__ import annotations

import contextlib

from detente.store import kept
from detente.store.alert_periods import PERIODS, PRECISIONS, placed_periods, worst_clusters  # noqa: F401 - API
from detente.store.aggregates import table_exists
from detente.store.catalog import one_thread  # noqa: F401 - the cluster build runs under it
from detente.store.filters import Where
from detente.store.literal import inline
from detente.store.migrations import CLUSTER_DYADS_FILL, fill_network_days
from detente.store.queries import rows
from detente.store.write import insert_many

CLUSTER_COLUMNS = ("cluster_id", "event", "quad", "mode", "source", "target", "source_codes", "target_codes", "date",
                   "date_value", "date_precision", "score", "confidence", "happened", "modality", "mentions",
                   "articles", "sources", "first_reported", "sentence", "rule", "allusions")
MEMBER_COLUMNS = ("cluster_id", "event_key", "article_id", "outlet", "similarity", "rank")
ALLUSION_COLUMNS = ("cluster_id", "article_id", "outlet", "sentence_index", "sentence", "sentence_start",
                    "cue_start", "cue_end", "cue_text", "shared")


def _con(store):
    return getattr(store, "con", store)


class MissingTables(Exception):
    """The store predates the relation tables (an old store opened read-only, before its migration)."""


# -- building clusters

_MENTIONS = """
    SELECT e.key, e.article_id, e.event, e.mode, e.score, e.modality, e.happened, e.confidence,
           e.date, e.date_value, e.date_precision, e.date_origin, e.sentence, e.sentence_index,
           e.sentence_start, e.trigger_start, e.trigger_end, e.trigger_text, e.source_codes, e.target_codes,
           a.outlet, a.published, a.title, a.url, o.entities, a.language, k.kb_ids
    FROM events e LEFT JOIN articles a ON a.id = e.article_id
    LEFT JOIN (SELECT event_key, list(DISTINCT role || '|' || actor_id) AS entities FROM event_actors
               WHERE actor_id LIKE 'org:%' GROUP BY event_key) o ON o.event_key = e.key
    LEFT JOIN (SELECT event_key, list(DISTINCT actor_id) AS kb_ids FROM event_actors  -- across languages (issue 20)
               WHERE actor_id LIKE 'org:%' OR actor_id LIKE 'person:%' GROUP BY event_key) k ON k.event_key = e.key
    WHERE e.event IS NOT NULL
    ORDER BY e.key"""


def coded_events(store) -> list[dict]:
    """Every typed event with its article's outlet, date, title and url, and its organisations
    (``entities``: ``role|actor_id``), by key: what the clustering reads."""
    return rows(_con(store), _MENTIONS)


MENTION_PART = 2000  # rows fetched at a time by :func:`each_coded_event`


def each_coded_event(store):
    """The rows of :func:`coded_events`, in the same order, fetched ``MENTION_PART`` at a time: the caller keeps
    what it needs of each row, so every event's whole row is never held at once (issue 19: peak RSS)."""
    cur = _con(store).execute(_MENTIONS)
    names = [d[0] for d in cur.description]
    while True:
        part = cur.fetchmany(MENTION_PART)
        if not part:
            return
        for r in part:
            yield dict(zip(names, r))


# Sentences that hold at least one coded event and an allusion noun: each with its article's
# outlet, the dates of its events, and the actor codes named in it.
_ALLUSION_SENTENCES = """
    WITH s AS (
        SELECT e.article_id, e.sentence_index, any_value(e.sentence) AS sentence,
               any_value(e.sentence_start) AS sentence_start,
               list(struct_pack(date := e.date, date_precision := e.date_precision,
                                date_origin := e.date_origin)) AS dates
        FROM events e
        WHERE e.event IS NOT NULL AND regexp_matches(e.sentence, ?)
        GROUP BY e.article_id, e.sentence_index)
    SELECT s.*, a.outlet,
           (SELECT list(struct_pack(code := c.code, actor_id := c.actor_id, start := c.start, "end" := c."end"))
            FROM actors c WHERE c.article_id = s.article_id
              AND c.start >= s.sentence_start AND c.start < s.sentence_start + length(s.sentence)) AS actors
    FROM s LEFT JOIN articles a ON a.id = s.article_id
    ORDER BY s.article_id, s.sentence_index"""


def sentences_matching(store, pattern: str) -> list[dict]:
    """Evidence sentences matching the regular expression ``pattern``, one row per (article, sentence),
    with the dates of their events, their article's outlet and the actors named in them."""
    return rows(_con(store), inline(_ALLUSION_SENTENCES, [pattern]))  # no bound parameter: store.literal


def replace_clusters(store, clusters: list[dict], members: list[dict], allusions: list[dict], then=None) -> None:
    """Rewrite every relation table in one transaction: the clusters, their member events, their
    allusions, the dyad index (``cluster_dyads``), the network's days and the clusters' ranks derived from
    them. The kept alerts of the dyads whose rows changed are deleted (those dyads listed in ``kept.CHANGED``)
    and ``then(changed)`` (what keeps them: detente.relations.alerts.keep) runs before the commit, ``changed``
    the number of those dyads, or None when no alerts were kept (all to compute)."""
    con = _con(store)
    con.execute("BEGIN TRANSACTION")
    try:
        kept_alerts = kept.digest_before(con)  # m016: which dyads' alerts change
        con.execute("DELETE FROM cluster_events")
        con.execute("DELETE FROM cluster_dyads")
        con.execute("DELETE FROM cluster_allusions")
        con.execute("DELETE FROM clusters")
        _insert_parts(con, "clusters", clusters, CLUSTER_COLUMNS)
        _insert_parts(con, "cluster_events", members, MEMBER_COLUMNS)
        _insert_parts(con, "cluster_allusions", allusions, ALLUSION_COLUMNS)
        con.execute(CLUSTER_DYADS_FILL)  # the dyad index of the relation series, ordered by (a, b, date)
        fill_network_days(con)  # the network's days (dyad_days, cluster_days), ordered by date
        if table_exists(con, "cluster_ranks"):  # m015
            kept.fill_ranks(con)
        changed = kept.forget_changed(con) if kept_alerts else None
        if then is not None:
            then(changed)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


INSERT_PART = 1000  # rows per INSERT when the clusters are rewritten


def _insert_parts(con, table: str, records: list[dict], columns: tuple) -> None:
    """``records`` appended in order, ``INSERT_PART`` rows per statement: one statement of every cluster of a
    long run (its rows as one JSON text, parsed and bound by DuckDB at once) made the end of ``analyze`` its peak
    memory (issue 19). The rows and their order are those of a single INSERT."""
    for start in range(0, len(records), INSERT_PART):
        insert_many(con, table, [tuple(r[c] for c in columns) for r in records[start:start + INSERT_PART]])


# -- state

def clusters_stale(store) -> bool:
    """True when some events are not in a cluster (or clusters point at events that are gone)."""
    con = _con(store)
    clustered = con.execute("SELECT count(*) FROM cluster_events").fetchone()[0]
    return clustered != con.execute("SELECT count(*) FROM events").fetchone()[0]


def cluster_counts(store) -> tuple[int, int, int]:
    """(clusters, typed events, clustered events) in one round trip; :class:`MissingTables` on a store
    without the cluster tables."""
    try:
        return tuple(_con(store).execute(
            "SELECT (SELECT count(*) FROM clusters), (SELECT count(*) FROM events WHERE event IS NOT NULL), "
            "(SELECT count(*) FROM cluster_events)").fetchone())
    except Exception as exc:  # an old store opened read-only, before migration m003
        raise MissingTables(str(exc)) from exc


# -- reading clusters

def clusters(store, a: str | None = None, b: str | None = None, *, directed: bool = False,
             date_from: str | None = None, date_to: str | None = None, happened: bool | None = None,
             min_articles: int = 1, order: str = "reports", limit: int = 100) -> list[dict]:
    """Cluster rows between ``a`` and ``b`` (of ``a`` alone when no ``b``), most reported first
    (``order="reports"``) or by date (``order="date"``). A dyad's are chosen in ``cluster_dyads`` (its few row
    groups, ordered by dyad) and then read by id, not found by the code lists of every cluster."""
    if a and b:
        found = _dyad_clusters(store, a, b, directed=directed, date_from=date_from, date_to=date_to,
                               happened=happened, min_articles=min_articles, order=order, limit=limit)
        if found is not None:
            return found
    w = Where()
    if a and b:
        w.dyad(a, b, directed, alias="c.")
    elif a:
        w.party(a, alias="c.")
    else:
        w.add("1=1")
    by = _cluster_filter(w, "c.", min_articles, happened, date_from, date_to, order)
    if not a and order == "reports" and limit <= _BY_ID_MAX:  # every cluster: the first ranks (m015)
        with _snapshot(_con(store)) as con:
            ranked = Where()
            _cluster_filter(ranked, "", min_articles, happened, date_from, date_to, order)
            ids = kept.ranked_ids(con, ranked.sql(), ranked.params, limit)
            if ids is not None:
                return _by_id(con, ids)
    if limit > _BY_ID_MAX:
        return rows(_con(store), f"SELECT c.* FROM clusters c WHERE {w.sql()} ORDER BY {by} LIMIT ?",
                    w.params + [limit])
    # the page's ids first (the order's few columns, not every column of every candidate), then its rows by key
    with _snapshot(_con(store)) as con:
        ids = [r[0] for r in con.execute(f"SELECT c.cluster_id FROM clusters c WHERE {w.sql()} ORDER BY {by} LIMIT ?",
                                         w.params + [limit]).fetchall()]
        return _by_id(con, ids)


def _cluster_filter(w, p: str, min_articles: int, happened: bool | None, date_from: str | None,
                    date_to: str | None, order: str) -> str:
    """Add the clusters' common filters to ``w`` (columns prefixed ``p``, the same in ``clusters`` and
    ``cluster_dyads``) and return the ORDER BY of ``order`` ("reports" or by date)."""
    w.add(f"{p}articles >= ?", min_articles)
    if happened is not None:
        w.add(f"{p}happened = ?", happened)
    if date_from:
        w.add(f"{p}date >= CAST(? AS DATE)", date_from)
    if date_to:
        w.add(f"{p}date <= CAST(? AS DATE)", date_to)
    if order == "reports":
        return f"{p}articles DESC, {p}mentions DESC, abs({p}score) DESC, {p}date NULLS LAST, {p}cluster_id"
    return f"{p}date NULLS LAST, {p}cluster_id"


_BY_ID_CHUNK = 500  # ids per IN list: DuckDB looks short lists up in the primary key (about 0.3 ms an id at 5 M)
_BY_ID_MAX = 2000  # more ids than this are read in one pass over the clusters (~1 s at 5 M) instead


def _dyad_clusters(store, a: str, b: str, *, directed: bool, date_from: str | None, date_to: str | None,
                   happened: bool | None, min_articles: int, order: str, limit: int) -> list[dict] | None:
    """:func:`clusters` of a dyad through ``cluster_dyads`` (one row per cluster and unordered pair, holding the
    columns the filters and orders need): the page's ids there, then those rows of ``clusters`` by key, in one
    snapshot. None on a store without the table (before m004)."""
    import duckdb

    a, b = a.upper(), b.upper()
    side = "(forward OR backward)" if not directed else "forward" if a <= b else "backward"
    w = Where(f"a = ? AND b = ? AND {side}")
    w.params += [min(a, b), max(a, b)]
    by = _cluster_filter(w, "", min_articles, happened, date_from, date_to, order)
    with _snapshot(_con(store)) as con:
        try:
            ids = [r[0] for r in con.execute(f"SELECT cluster_id FROM cluster_dyads WHERE {w.sql()} ORDER BY {by} "
                                             "LIMIT ?", w.params + [limit]).fetchall()]
        except duckdb.CatalogException:
            return None
        return _by_id(con, ids)


def _by_id(con, ids: list[str]) -> list[dict]:
    """The clusters ``ids``, in that order."""
    if len(ids) > _BY_ID_MAX:  # many: one pass over the clusters (a semi-join) beats lookups by key
        read = rows(con, "SELECT * FROM clusters WHERE cluster_id IN (SELECT unnest(CAST(? AS VARCHAR[])))", [ids])
    else:
        chunks = [ids[k:k + _BY_ID_CHUNK] for k in range(0, len(ids), _BY_ID_CHUNK)]
        read = [r for chunk in chunks for r in rows(
            con, f"SELECT * FROM clusters WHERE cluster_id IN ({', '.join('?' for _ in chunk)})", chunk)]
    found = {r["cluster_id"]: r for r in read}
    return [found[i] for i in ids if i in found]


def clusters_by_prefix(store, prefix: str, limit: int = 2) -> list[dict]:
    """Clusters whose id starts with ``prefix``, by id."""
    return rows(_con(store), "SELECT * FROM clusters WHERE cluster_id LIKE ? ORDER BY cluster_id LIMIT ?",
                [prefix + "%", limit])


def member_reports(store, cluster_ids: list[str]) -> list[dict]:
    """Every member event of the clusters with its article, outlet and evidence, by cluster and rank."""
    if not cluster_ids:
        return []
    marks = ",".join("?" * len(cluster_ids))
    return rows(_con(store), f"""
        SELECT m.cluster_id, m.rank, m.similarity, e.key, e.article_id, a.outlet, a.title, a.url, a.published,
               e.event, e.mode, e.score, e.modality, e.confidence, e.date_value AS date, e.date_origin,
               e.source_codes, e.target_codes, e.sentence, e.trigger_text,
               e.trigger_start - e.sentence_start AS trigger_offset
        FROM cluster_events m JOIN events e ON e.key = m.event_key LEFT JOIN articles a ON a.id = e.article_id
        WHERE m.cluster_id IN ({marks}) ORDER BY m.cluster_id, m.rank""", cluster_ids)


def allusion_reports(store, cluster_ids: list[str]) -> list[dict]:
    """Sentences alluding to the clusters, shaped as reports (modality ``allusion``, no event); none on
    a store opened read-only before migration m006."""
    if not cluster_ids:
        return []
    marks = ",".join("?" * len(cluster_ids))
    try:
        return rows(_con(store), f"""
            SELECT l.cluster_id, NULL AS rank, NULL AS similarity, NULL AS key, l.article_id, a.outlet, a.title,
                   a.url, a.published, NULL AS event, NULL AS mode, NULL AS score, 'allusion' AS modality,
                   NULL AS confidence, NULL AS date, NULL AS date_origin, [] AS source_codes, [] AS target_codes,
                   l.sentence, l.cue_text AS trigger_text, l.cue_start AS trigger_offset
            FROM cluster_allusions l LEFT JOIN articles a ON a.id = l.article_id
            WHERE l.cluster_id IN ({marks}) ORDER BY l.cluster_id, l.article_id, l.sentence_index""", cluster_ids)
    except Exception:  # a store opened read-only before migration m006
        return []


# -- the relation index

def happened_dyads(store, min_clusters: int = 1) -> list[tuple[str, str]]:
    """Unordered pairs of actor codes with at least ``min_clusters`` happenings between them, alphabetical."""
    import duckdb

    con = _con(store)
    try:  # one row per cluster and unordered pair (m004): a plain count
        return [tuple(r) for r in con.execute(
            "SELECT a, b FROM cluster_dyads WHERE happened AND a <> b GROUP BY a, b HAVING count(*) >= ? "
            "ORDER BY a, b", [min_clusters]).fetchall()]
    except duckdb.CatalogException:
        pass
    found = con.execute("""
        WITH s AS (SELECT cluster_id, unnest(source_codes) AS code FROM clusters WHERE happened),
             t AS (SELECT cluster_id, unnest(target_codes) AS code FROM clusters WHERE happened)
        SELECT least(s.code, t.code) AS a, greatest(s.code, t.code) AS b, count(DISTINCT s.cluster_id) AS n
        FROM s JOIN t USING (cluster_id) WHERE s.code <> t.code
        GROUP BY ALL HAVING count(DISTINCT s.cluster_id) >= ? ORDER BY a, b""", [min_clusters]).fetchall()
    return [(a, b) for a, b, _ in found]


# The per-period sums of the dyad's happenings, over the dyad's few row groups of ``cluster_dyads`` (ordered by
# a, b, date: the zone maps skip the others). {fits}, {start} and {side} are SQL built from fixed whitelists.
# Orders come from the integer keys written with the table (pos: by date and id; score_pos: by score and id):
# ordered list aggregates would cost a sort per period.
_DYAD = "FROM cluster_dyads WHERE a = ? AND b = ? AND {side} AND happened AND articles >= 1"
_TOTALS = """
    SELECT {fits} AS placed, date IS NULL AS undated, count(*) AS clusters,
           min(CASE WHEN {fits} THEN {start} END) AS first, max(CASE WHEN {fits} THEN {start} END) AS last
    {dyad} GROUP BY ALL"""
_PERIODS = """
    SELECT {start} AS start, count(*) AS clusters, sum(confidence) AS weight, sum(confidence * score) AS net,
           count(*) FILTER (WHERE score > 0) AS cooperation, count(*) FILTER (WHERE score < 0) AS conflict,
           {quads}, sum(mentions) AS reports, min_by(score_pos, score_pos, 3) AS worst
    {dyad} AND {fits} AND {start} BETWEEN ? AND ? GROUP BY ALL ORDER BY start"""
_HISTORY = """
    SELECT min(start) FROM (SELECT {start} AS start {dyad} AND {fits} AND date < ? GROUP BY ALL
                            HAVING sum(confidence) <> 0 ORDER BY start DESC LIMIT ?)"""
_IDS = "SELECT cluster_id {dyad} AND {fits} AND {start} BETWEEN ? AND ? ORDER BY pos"
_EVIDENCE = """
    SELECT score_pos, cluster_id, event, source, target, score, date_value AS date, articles, sentence
    {dyad} AND score_pos IN (SELECT unnest(CAST(? AS INTEGER[])))"""


def dyad_periods(store, a: str, b: str, by: str, directed: bool, quads: tuple[str, ...],
                 coarse: tuple[str, ...] = (), window=None, evidence: int = 3) -> tuple | None:
    """The per-period sums of the happenings of ``a``–``b`` (or only ``a``→``b`` when ``directed``), read in
    one snapshot of the store: (totals: rows of ``placed``, ``undated``, ``clusters`` with the ``first`` and
    ``last`` placed period; the placed periods' rows with ``worst`` score positions and ``q0..qn`` counts of
    ``quads``; the cluster ids of the listed periods by date; evidence rows by score position); None when
    the store has no ``cluster_dyads`` table (migration m004). Dates of a precision in ``coarse`` are not
    placed in a period. ``window.fix(first, last)`` answers the first and last period listed (ids and evidence
    read for them alone) and ``window.history`` how many earlier periods with a weight are read before it
    (no window: every period); ``evidence``: the lowest-scored happenings read per period (0 to 3)."""
    import duckdb

    if by not in PERIODS or any(p not in PRECISIONS for p in coarse):
        raise ValueError(f"period {by!r} or precisions {coarse!r} outside the whitelist")
    a, b = a.upper(), b.upper()
    fits = "date IS NOT NULL" + (f" AND coalesce(date_precision, 'day') NOT IN ({', '.join(repr(p) for p in coarse)})"
                                 if coarse else "")
    side = "(forward OR backward)" if not directed else "forward" if a <= b else "backward"
    sql = {"dyad": _DYAD.format(side=side), "fits": fits, "start": f"CAST(date_trunc('{by}', date) AS DATE)"}
    pair = [min(a, b), max(a, b)]
    found: list[dict] = []
    ids: list[str] = []
    evidence_rows: dict = {}
    with _snapshot(_con(store)) as con:  # one state of the store, even during a rebuild
        try:
            totals = rows(con, _TOTALS.format(**sql), pair)
        except duckdb.CatalogException:
            return None
        first = min((r["first"] for r in totals if r["placed"]), default=None)
        if first is None:
            return totals, found, ids, evidence_rows
        last = max(r["last"] for r in totals if r["placed"])
        lo, hi = window.fix(first, last) if window is not None else (first, last)
        start = lo
        if window is not None and window.history is not None and lo > first:
            start = con.execute(_HISTORY.format(**sql), [*pair, lo, window.history]).fetchone()[0] or lo
        elif window is not None and lo > first:
            start = first
        quads_sql = ", ".join(f"count(*) FILTER (WHERE quad = ?) AS q{i}" for i in range(len(quads)))
        found = rows(con, _PERIODS.format(quads=quads_sql, **sql), [*quads, *pair, min(start, lo), hi])
        inside = [r for r in found if lo <= r["start"] <= hi]
        if inside:
            ids = con.execute(_IDS.format(**sql), [*pair, lo, hi]).fetchnumpy()["cluster_id"].tolist()
        picks = sorted({k for r in inside for k in sorted(r["worst"])[:evidence]})
        if picks:
            evidence_rows = {r.pop("score_pos"): r for r in rows(con, _EVIDENCE.format(**sql), [*pair, picks])}
    return totals, found, ids, evidence_rows


@contextlib.contextmanager
def _snapshot(con):
    """A cursor of its own (a BEGIN on the caller's connection would fail inside the caller's own
    transaction) holding one read transaction: its statements see one committed state."""
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        yield cur
        cur.execute("COMMIT")
    finally:
        cur.close()


# -- the alignment network (detente.relations.network)

_NETWORK = """
    SELECT a, b, count(*) AS clusters, sum(confidence) AS weight, sum(confidence * score) AS net,
           count(*) FILTER (WHERE score > 0) AS cooperation, count(*) FILTER (WHERE score < 0) AS conflict,
           sum(confidence) FILTER (WHERE forward) AS forward_weight,
           sum(confidence * score) FILTER (WHERE forward) AS forward_net,
           sum(confidence) FILTER (WHERE backward) AS backward_weight,
           sum(confidence * score) FILTER (WHERE backward) AS backward_net
    FROM cluster_dyads WHERE {where} GROUP BY a, b ORDER BY a, b"""
_NETWORK_DAYS = """
    SELECT a, b, CAST(sum(clusters) AS BIGINT) AS clusters, sum(weight) AS weight, sum(net) AS net,
           CAST(sum(cooperation) AS BIGINT) AS cooperation, CAST(sum(conflict) AS BIGINT) AS conflict,
           sum(forward_weight) AS forward_weight, sum(forward_net) AS forward_net,
           sum(backward_weight) AS backward_weight, sum(backward_net) AS backward_net
    FROM {source} WHERE {where} GROUP BY a, b ORDER BY a, b"""
_DAY_COLUMNS = ("date, a, b, clusters, weight, net, cooperation, conflict, forward_weight, forward_net, "
                "backward_weight, backward_net")


def network_pairs(store, date_from: str | None = None, date_to: str | None = None,
                  excluded: tuple[str, ...] = (), columns: bool = False) -> tuple[int, list[dict] | dict] | None:
    """The happenings (dated, reported at least once) of a date window summed per unordered pair a < b of
    distinct codes, codes in ``excluded`` left out: (dated happenings in the window, pair rows with clusters,
    weight = Σ confidence, net = Σ confidence·score, cooperation, conflict, and the same sums of each direction:
    ``forward`` a→b, ``backward`` b→a; with ``columns``: one list per column instead of one dict per pair).
    Read from the pairs' totals without a window (``dyad_totals``, m017), else summed from the window's whole
    years and other days (``dyad_years``, m013; ``dyad_days``, m011), or on a store opened read-only before them,
    in one pass over ``cluster_dyads``; None on a store without that either (m004)."""
    import duckdb

    w = Where()
    if date_from:
        w.add("date >= CAST(? AS DATE)", date_from)
    if date_to:
        w.add("date <= CAST(? AS DATE)", date_to)
    pairs = _without(w, excluded)
    sources = [_whole_years(date_from, date_to), ("dyad_days", [])]
    if not date_from and not date_to:  # all time: the pairs' totals (m017)
        sources.insert(0, ("dyad_totals", []))
    for source, more in sources:
        with _snapshot(_con(store)) as con:
            try:
                found = _read(con, _NETWORK_DAYS.format(source=source, where=pairs.sql()), more + pairs.params,
                              columns)
                dated = con.execute(f"SELECT CAST(coalesce(sum(clusters), 0) AS BIGINT) FROM cluster_days "
                                    f"WHERE {w.sql()}", w.params).fetchone()[0]
                return dated, found
            except duckdb.CatalogException:  # a store opened read-only before m017 (or m013, m011)
                pass
    window = Where("happened AND articles >= 1 AND date IS NOT NULL")
    window.clauses += w.clauses
    window.params += w.params
    pairs = _without(window, excluded).add("a <> b")
    with _snapshot(_con(store)) as con:
        try:
            found = _read(con, _NETWORK.format(where=pairs.sql()), pairs.params, columns)
        except duckdb.CatalogException:
            return None
        dated = con.execute(f"SELECT count(*) FROM clusters WHERE {window.sql()}", window.params).fetchone()[0]
    return dated, found


def _whole_years(date_from: str | None, date_to: str | None) -> tuple[str, list]:
    """The network's rows of a window as the ``dyad_years`` rows of the calendar years wholly inside it and the
    ``dyad_days`` rows of the rest (a source for _NETWORK_DAYS, whose own WHERE still holds the window)."""
    import datetime as dt

    try:
        lo = dt.date.fromisoformat(str(date_from)[:10]) if date_from else dt.date.min
        hi = dt.date.fromisoformat(str(date_to)[:10]) if date_to else dt.date.max
    except ValueError:  # DuckDB's cast says what is wrong with it
        return "dyad_days", []
    first = lo.year if (lo.month, lo.day) == (1, 1) else lo.year + 1
    last = hi.year if (hi.month, hi.day) == (12, 31) else hi.year - 1
    if first > last:  # no whole year: the days alone
        return "dyad_days", []
    start, end = dt.date(first, 1, 1).isoformat(), dt.date(last, 12, 31).isoformat()
    return (f"(SELECT {_DAY_COLUMNS} FROM dyad_years WHERE date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) "
            f"UNION ALL SELECT {_DAY_COLUMNS} FROM dyad_days WHERE date >= CAST(? AS DATE) AND date < CAST(? AS DATE) "
            f"UNION ALL SELECT {_DAY_COLUMNS} FROM dyad_days WHERE date > CAST(? AS DATE) AND date <= CAST(? AS DATE)) "
            "AS days", [start, end, lo.isoformat(), start, end, hi.isoformat()])


def _read(con, sql: str, params: list, columns: bool):
    """Rows as dicts, or (``columns``) a list per column (NULL as None)."""
    if not columns:
        return rows(con, sql, params)
    return {k: v.tolist() for k, v in con.execute(sql, params).fetchnumpy().items()}


def _without(w: Where, excluded: tuple[str, ...]) -> Where:
    """A copy of ``w`` that also leaves out pairs with a code in ``excluded``."""
    out = Where()
    out.clauses, out.params = list(w.clauses), list(w.params)
    if excluded:
        marks = ", ".join("?" for _ in excluded)
        out.add(f"a NOT IN ({marks})", *excluded).add(f"b NOT IN ({marks})", *excluded)
    return out
