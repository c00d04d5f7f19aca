"""Tables kept beside the events and clusters so the server answers at 10^7 events (issue 19, migrations
m014-m016), each with the reference computation it stands in for:

- ``dyad_places`` (m014): per unordered pair a < b of a source and a target code, per place (name, country) and
  event type, the located events' count, happened count and sums of lat, lon and score. The map of one dyad
  (/api/events?dyad=A,B&format=places, :func:`detente.store.queries.event_places`) reads the dyad's few rows
  instead of every event's code lists. Kept by the write transaction (:func:`apply_places`, called with
  ``aggregates.add``/``retract``), refilled by :func:`refill_places`.
- ``cluster_ranks`` (m015): every cluster's place in the clusters listing's "reports" order, physically in that
  order, with the columns its filters read: the first page of /api/clusters reads the first ranks (DuckDB's zone
  maps skip the rest) instead of sorting every cluster. Rewritten with the clusters (:func:`fill_ranks`).
- ``dyad_alerts`` and ``dyad_alert_units`` (m016): every dyad's alerts per period unit under the settings they
  were computed with (a JSON row each, as :func:`detente.relations.alerts` gives it): /api/alerts reads them
  instead of every dyad's periods. Written with the clusters (:func:`replace_alerts`, from
  ``detente.relations.alerts.keep``); the rows serve only the settings recorded and while ``cluster_dyads`` has
  the row count it had then.
"""
from __future__ import annotations

import json

from detente.store.catalog import table_exists
from detente.store.literal import append, in_list, inline  # the write path binds no parameters (see literal.py)

# -- dyad_places

PLACES_COLUMNS = ("a", "b", "name", "country", "event", "events", "happened", "lat_sum", "lon_sum", "score_sum",
                  "scored")
_PLACES = """
    WITH pairs AS (
        SELECT DISTINCT least(s, t) AS a, greatest(s, t) AS b, key, place_name, place_country, event, happened,
               lat, lon, score
        FROM events, unnest(source_codes) AS u1(s), unnest(target_codes) AS u2(t)
        WHERE s IS NOT NULL AND t IS NOT NULL AND s <> t AND lat IS NOT NULL AND lon IS NOT NULL {where})
    SELECT a, b, place_name AS name, place_country AS country, event, count(*) AS events,
           count(*) FILTER (WHERE happened) AS happened, sum(lat) AS lat_sum, sum(lon) AS lon_sum,
           coalesce(sum(score), 0) AS score_sum, count(score) AS scored
    FROM pairs GROUP BY ALL"""
_SAME_PLACE = " AND ".join(f"t.{k} IS NOT DISTINCT FROM d.{k}" for k in ("a", "b", "name", "country", "event"))


def create_places(con) -> None:
    con.execute("""CREATE TABLE IF NOT EXISTS dyad_places (a VARCHAR, b VARCHAR, name VARCHAR, country VARCHAR,
                   event VARCHAR, events BIGINT, happened BIGINT, lat_sum DOUBLE, lon_sum DOUBLE, score_sum DOUBLE,
                   scored BIGINT)""")


def refill_places(con) -> None:
    """dyad_places recomputed from the events (ordered by dyad, so a dyad's rows sit in few row groups)."""
    con.execute("DELETE FROM dyad_places")
    con.execute("INSERT INTO dyad_places " + _PLACES.format(where="") + " ORDER BY a, b, name, country, event")


def apply_places(con, ids: list[str], sign: int) -> None:
    """Add (sign 1, after the articles' events are written) or subtract (-1, before they are deleted) the
    located events of the articles ``ids``; a no-op on a store before m014."""
    if not ids or not table_exists(con, "dyad_places"):
        return
    con.execute("CREATE OR REPLACE TEMP TABLE _delta_places AS "
                + _PLACES.format(where=f"AND article_id IN ({in_list(ids)})"))
    sums = ("events", "happened", "lat_sum", "lon_sum", "score_sum", "scored")
    con.execute(f"UPDATE dyad_places t SET {', '.join(f'{k} = t.{k} + {sign} * d.{k}' for k in sums)} "
                f"FROM _delta_places d WHERE {_SAME_PLACE}")
    if sign > 0:
        con.execute(f"INSERT INTO dyad_places SELECT * FROM _delta_places d "
                    f"WHERE NOT EXISTS (SELECT 1 FROM dyad_places t WHERE {_SAME_PLACE})")
    else:
        con.execute("DELETE FROM dyad_places WHERE events <= 0")
    con.execute("DROP TABLE _delta_places")


def dyad_places(con, a: str, b: str, limit: int) -> dict | None:
    """The map of the events between ``a`` and ``b`` (either direction): what ``queries.event_places`` gives
    for that filter alone; None on a store without the kept tables."""
    if not (table_exists(con, "dyad_places") and table_exists(con, "dyad_stats")):
        return None
    a, b = sorted((a.upper(), b.upper()))
    found = con.execute("SELECT events FROM dyad_stats WHERE a = ? AND b = ?", [a, b]).fetchone()
    cur = con.execute("""
        SELECT name, country, round(sum(lat_sum) / sum(events), 4) AS lat, round(sum(lon_sum) / sum(events), 4) AS lon,
               CAST(sum(events) AS BIGINT) AS events, CAST(sum(happened) AS BIGINT) AS happened,
               round(sum(score_sum) / nullif(sum(scored), 0), 2) AS mean_score,
               list(struct_pack(event := event, n := events) ORDER BY event NULLS LAST) AS types
        FROM dyad_places WHERE a = ? AND b = ? GROUP BY name, country ORDER BY events DESC, name""", [a, b])
    names = [d[0] for d in cur.description]
    places = [dict(zip(names, r)) for r in cur.fetchall()]
    located = sum(p["events"] for p in places)
    for p in places:  # the types as the reference lists them: one entry per event, sorted (queries.event_places)
        p["types"] = [t["event"] for t in p["types"] for _ in range(t["n"])]
    return {"total": int(found[0]) if found else 0, "located": located, "places": places[:limit]}


# -- cluster_ranks

_REPORTS_ORDER = "articles DESC, mentions DESC, abs(score) DESC, date NULLS LAST, cluster_id"  # relations.clusters
RANKS_FILL = f"""
    INSERT INTO cluster_ranks
    SELECT CAST(row_number() OVER (ORDER BY {_REPORTS_ORDER}) AS INTEGER) AS rank, cluster_id, articles, happened, date
    FROM clusters ORDER BY rank"""


def create_ranks(con) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS cluster_ranks (rank INTEGER, cluster_id VARCHAR, articles INTEGER, "
                "happened BOOLEAN, date DATE)")


def fill_ranks(con) -> None:
    """cluster_ranks rewritten from the clusters (inside the caller's transaction)."""
    con.execute("DELETE FROM cluster_ranks")
    con.execute(RANKS_FILL)


FIRST_WINDOW = 4096  # ranks read first (at least four times the page); each further window is 8 times larger


def ranked_ids(con, where: str, params: list, limit: int) -> list[str] | None:
    """The ids of the first ``limit`` clusters in the reports order that ``where`` (a clause over articles,
    happened and date) selects, read rank window after rank window (each a few row groups; the last one open
    ended); None when cluster_ranks is missing or does not hold every cluster."""
    if not table_exists(con, "cluster_ranks"):
        return None
    ranked, total = con.execute("SELECT (SELECT count(*) FROM cluster_ranks), (SELECT count(*) FROM clusters)"
                                ).fetchone()
    if ranked != total:
        return None
    ids: list[str] = []
    lo, span = 1, max(4 * limit, FIRST_WINDOW)
    while len(ids) < limit and lo <= total:
        hi = lo + span - 1 if lo + span - 1 < total else None  # the last window reaches the end
        bound = "rank >= ?" + (" AND rank <= ?" if hi else "")
        ids += [r[0] for r in con.execute(
            f"SELECT cluster_id FROM cluster_ranks WHERE {bound} AND {where} ORDER BY rank LIMIT ?",
            [lo] + ([hi] if hi else []) + params + [limit - len(ids)]).fetchall()]
        if hi is None:
            break
        lo, span = hi + 1, span * 8
    return ids


# -- dyad_alerts

# What computes and keeps every dyad's alerts on a connection (detente.relations.alerts.keep), given by the
# package when it loads (detente/__init__.py): the alert rule lives above the store, which does not import it.
ALERT_KEEPER = None

def create_alerts(con) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS dyad_alerts (unit VARCHAR, a VARCHAR, b VARCHAR, start VARCHAR, "
                "alert VARCHAR)")
    con.execute("CREATE TABLE IF NOT EXISTS dyad_alert_units (unit VARCHAR, settings VARCHAR, dyad_rows BIGINT)")


# Every column of cluster_dyads an alert row reads (the periods' filters and sums, the evidence), hashed per row
# and combined per dyad: a dyad whose digest is the same before and after the clusters' rewrite has the same
# alerts, which are kept; the others are recomputed (detente.relations.alerts.keep).
_DIGEST = """
    SELECT a, b, bit_xor(hash(cluster_id, date, date_precision, happened, articles, score, confidence, event, source,
                              target, date_value, sentence)) AS digest, count(*) AS n
    FROM cluster_dyads GROUP BY a, b"""
CHANGED = "_changed_dyads"  # the temp table of the dyads whose alerts are recomputed


def digest_before(con) -> bool:
    """Before cluster_dyads is rewritten: each dyad's digest, when there are kept alerts to maintain."""
    if not table_exists(con, "dyad_alert_units") or not con.execute("SELECT count(*) FROM dyad_alert_units"
                                                                    ).fetchone()[0]:
        return False
    con.execute("CREATE OR REPLACE TEMP TABLE _digest_before AS " + _DIGEST)
    return True


def forget_changed(con) -> int:
    """After the rewrite: the dyads whose digest changed (or that came or went) into CHANGED, their kept alerts
    deleted; how many there are."""
    con.execute("CREATE OR REPLACE TEMP TABLE _digest_after AS " + _DIGEST)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {CHANGED} AS
                    SELECT coalesce(x.a, y.a) AS a, coalesce(x.b, y.b) AS b
                    FROM _digest_before x FULL OUTER JOIN _digest_after y ON x.a = y.a AND x.b = y.b
                    WHERE x.digest IS DISTINCT FROM y.digest OR x.n IS DISTINCT FROM y.n""")
    con.execute("DROP TABLE _digest_before")
    con.execute("DROP TABLE _digest_after")
    con.execute(f"DELETE FROM dyad_alerts WHERE (a, b) IN (SELECT (a, b) FROM {CHANGED})")
    return con.execute(f"SELECT count(*) FROM {CHANGED}").fetchone()[0]


def kept_settings(con, unit: str) -> str | None:
    found = con.execute(inline("SELECT settings FROM dyad_alert_units WHERE unit = ?", [unit])).fetchone()
    return found[0] if found else None


def add_alerts(con, unit: str, alerts: list[dict]) -> None:
    """Add the recomputed alerts of the changed dyads to those kept for ``unit``, now current."""
    _insert(con, unit, alerts)
    con.execute(inline("UPDATE dyad_alert_units SET dyad_rows = (SELECT count(*) FROM cluster_dyads) WHERE unit = ?",
                       [unit]))


def replace_alerts(con, unit: str, settings: str, alerts: list[dict]) -> None:
    """Keep ``alerts`` (rows of detente.relations.alerts, every dyad's) as those of ``unit`` under ``settings``
    (a key the reader compares), with the current row count of cluster_dyads."""
    con.execute(inline("DELETE FROM dyad_alerts WHERE unit = ?", [unit]))
    con.execute(inline("DELETE FROM dyad_alert_units WHERE unit = ?", [unit]))
    _insert(con, unit, alerts)
    con.execute(inline("INSERT INTO dyad_alert_units SELECT ?, ?, count(*) FROM cluster_dyads", [unit, settings]))


def _insert(con, unit: str, alerts: list[dict]) -> None:
    """Append the alerts of ``unit``, ordered by start (literal rows: detente.store.literal)."""
    if not alerts:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE _kept (unit VARCHAR, a VARCHAR, b VARCHAR, start VARCHAR, "
                "alert VARCHAR)")
    append(con, "_kept", [(unit, r["a"], r["b"], r["start"], json.dumps(r)) for r in alerts],
                ("unit", "a", "b", "start", "alert"))
    con.execute("INSERT INTO dyad_alerts SELECT * FROM _kept ORDER BY start")
    con.execute("DROP TABLE _kept")


def kept_alerts(con, unit: str, settings: str, code: str | None, since: str | None,
                limit: int | None = None) -> list[dict] | tuple[list[dict], int] | None:
    """The kept alerts of ``unit`` (of the dyads of ``code``; starting on or after ``since``), in no particular
    order, or with ``limit``: (the first ``limit`` newest first, by start then dyad, descending; how many in
    all). None when none are kept for these settings or cluster_dyads changed since."""
    if not table_exists(con, "dyad_alert_units"):
        return None
    found = con.execute("SELECT u.settings, u.dyad_rows, (SELECT count(*) FROM cluster_dyads) FROM dyad_alert_units u "
                        "WHERE unit = ?", [unit]).fetchone()
    if not found or found[0] != settings or found[1] != found[2]:
        return None
    sql, params = "SELECT alert FROM dyad_alerts WHERE unit = ?", [unit]
    if code:
        sql, params = sql + " AND (a = ? OR b = ?)", params + [code.upper(), code.upper()]
    if since:
        sql, params = sql + " AND start >= ?", params + [since]
    if limit is None:
        return [json.loads(r[0]) for r in con.execute(sql, params).fetchall()]
    total = con.execute(sql.replace("SELECT alert", "SELECT count(*)"), params).fetchone()[0]
    # the page's keys on the narrow columns, then its rows from the span of starts they cover (the JSON column
    # read for a few row groups, not for every alert the filter passes)
    keys = con.execute(sql.replace("SELECT alert", "SELECT start, a, b") + " ORDER BY start DESC, a || '-' || b DESC "
                       "LIMIT ?", params + [limit]).fetchall()
    if not keys:
        return [], total
    found = {tuple(r[:3]): r[3] for r in con.execute(
        sql.replace("SELECT alert", "SELECT start, a, b, alert") + " AND start BETWEEN ? AND ?",
        params + [keys[-1][0], keys[0][0]]).fetchall()}
    return [json.loads(found[k]) for k in keys], total
