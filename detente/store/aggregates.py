"""Pre-aggregates the server lists from (issue 19), kept current by the write transaction.

- ``actor_stats``: per actor (code, sector, name) its mentions and articles: /api/actors, ``Store.actors``.
- ``stance_outlets``: per outlet x actor the articles, polarity sum, mentions, positive and negative articles:
  /api/stance, ``detente.stance.outlet_stance`` without an article filter.
- ``event_days``: events per (date, event type, modality); ``article_days``: articles per (published, language)
  (migration m012). A deep page (``offset`` past ``paging.DEEP``) is found by summing these counts in page
  order to the day its first row falls on, then a short OFFSET within that day (``paging.seek``), so OFFSET
  never steps over a million rows.

:func:`retract` takes an article's rows out before they are deleted (a re-analysis), :func:`add` puts the
batch's rows in after they are written; both run inside ``detente.store.write.write_batch``'s transaction, so
a reader sees the tables and their aggregates in one state. :func:`refill` recomputes them from scratch
(migration m009); tests compare the two. A pre-aggregate whose total differs from its source table's row count
(rows written around the write path) is not used: the readers compute from the source.
"""
from __future__ import annotations

from detente.store.catalog import table_exists  # also imported from here (migrations, browse, relations)

_ACTORS = """
    SELECT code, sector, name, count(*) AS mentions, count(DISTINCT article_id) AS articles
    FROM actors {where} GROUP BY ALL"""
_STANCE = """
    SELECT coalesce(a.outlet, '(unknown)') AS outlet, s.actor AS actor, count(*) AS articles,
           sum(s.polarity) AS polarity_sum, sum(s.mentions) AS mentions,
           count(*) FILTER (WHERE s.polarity >= 0.1) AS positive, count(*) FILTER (WHERE s.polarity <= -0.1) AS negative
    FROM stance s LEFT JOIN articles a ON a.id = s.article_id {where} GROUP BY 1, 2"""
_EVENT_DAYS = "SELECT date, event, modality, count(*) AS events FROM events {where} GROUP BY ALL"
_ARTICLE_DAYS = "SELECT published, language, count(*) AS articles FROM articles {where} GROUP BY ALL"
_SAME_ACTOR = ("t.code IS NOT DISTINCT FROM d.code AND t.sector IS NOT DISTINCT FROM d.sector "
               "AND t.name IS NOT DISTINCT FROM d.name")


def create(con) -> None:
    con.execute("""CREATE TABLE IF NOT EXISTS actor_stats (code VARCHAR, sector VARCHAR, name VARCHAR,
                   mentions BIGINT, articles BIGINT)""")
    con.execute("""CREATE TABLE IF NOT EXISTS stance_outlets (outlet VARCHAR, actor VARCHAR, articles BIGINT,
                   polarity_sum DOUBLE, mentions BIGINT, positive BIGINT, negative BIGINT, PRIMARY KEY (outlet, actor))""")


def refill(con) -> None:
    """Both tables recomputed from the actors, stance and articles tables."""
    con.execute("DELETE FROM actor_stats")
    con.execute("INSERT INTO actor_stats " + _ACTORS.format(where=""))
    con.execute("DELETE FROM stance_outlets")
    con.execute("INSERT INTO stance_outlets " + _STANCE.format(where=""))


def create_days(con) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS event_days (date DATE, event VARCHAR, modality VARCHAR, events BIGINT)")
    con.execute("CREATE TABLE IF NOT EXISTS article_days (published DATE, language VARCHAR, articles BIGINT)")


def refill_days(con) -> None:
    """event_days and article_days recomputed from the events and articles tables (in date order)."""
    con.execute("DELETE FROM event_days")
    con.execute("INSERT INTO event_days " + _EVENT_DAYS.format(where="") + " ORDER BY ALL")
    con.execute("DELETE FROM article_days")
    con.execute("INSERT INTO article_days " + _ARTICLE_DAYS.format(where="") + " ORDER BY ALL")


def _marks(ids) -> str:
    """The ids as SQL literals for ``IN (...)`` (no bound parameters: see detente.store.literal)."""
    from detente.store.literal import in_list

    return in_list(ids)


def _apply(con, ids: list[str], sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) the rows of the articles ``ids`` to or from both tables."""
    if not ids:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE _delta_actors AS " + _ACTORS.format(
        where=f"WHERE article_id IN ({_marks(ids)})"))
    con.execute(f"""UPDATE actor_stats t SET mentions = t.mentions + {sign} * d.mentions,
                    articles = t.articles + {sign} * d.articles FROM _delta_actors d WHERE {_SAME_ACTOR}""")
    if sign > 0:
        con.execute(f"""INSERT INTO actor_stats SELECT * FROM _delta_actors d
                        WHERE NOT EXISTS (SELECT 1 FROM actor_stats t WHERE {_SAME_ACTOR})""")
    else:
        con.execute("DELETE FROM actor_stats WHERE mentions <= 0")
    con.execute("DROP TABLE _delta_actors")
    con.execute("INSERT INTO stance_outlets " + _STANCE.format(where=f"WHERE s.article_id IN ({_marks(ids)})")
                + f""" ON CONFLICT (outlet, actor) DO UPDATE SET articles = articles + {sign} * excluded.articles,
                       polarity_sum = polarity_sum + {sign} * excluded.polarity_sum,
                       mentions = mentions + {sign} * excluded.mentions,
                       positive = positive + {sign} * excluded.positive,
                       negative = negative + {sign} * excluded.negative""")
    if sign < 0:
        con.execute("DELETE FROM stance_outlets WHERE articles <= 0")
    _merge(con, "event_days", ("date", "event", "modality"), "events",
           _EVENT_DAYS.format(where=f"WHERE article_id IN ({_marks(ids)})"), sign)
    _merge(con, "article_days", ("published", "language"), "articles",
           _ARTICLE_DAYS.format(where=f"WHERE id IN ({_marks(ids)})"), sign)
    from detente.store import kept  # imports this module

    kept.apply_places(con, ids, sign)  # each dyad's map (m014)


def _merge(con, table: str, keys: tuple, count: str, delta: str, sign: int) -> None:
    """Add (sign 1) or subtract (-1) the counts of ``delta`` (rows of ``keys`` and ``count``) to or from
    ``table``; keys may be NULL (an undated event), so rows are matched with IS NOT DISTINCT FROM."""
    same = " AND ".join(f"t.{k} IS NOT DISTINCT FROM d.{k}" for k in keys)
    con.execute("CREATE OR REPLACE TEMP TABLE _delta_days AS " + delta)
    con.execute(f"UPDATE {table} t SET {count} = t.{count} + {sign} * d.{count} FROM _delta_days d WHERE {same}")
    if sign > 0:
        con.execute(f"INSERT INTO {table} SELECT * FROM _delta_days d WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {table} t WHERE {same})")
    else:
        con.execute(f"DELETE FROM {table} WHERE {count} <= 0")
    con.execute("DROP TABLE _delta_days")


def add(con, ids: list[str]) -> None:
    """Count in the rows just written for the articles ``ids``."""
    _apply(con, ids, 1)


def retract(con, ids: list[str]) -> None:
    """Count out the stored rows of the articles ``ids`` (before they are deleted)."""
    _apply(con, ids, -1)


def actors(con, limit: int | None = None) -> list[dict] | None:
    """The actors listing (most mentioned first) from actor_stats; None on a store without it."""
    if not _current(con, "actor_stats", "mentions", "actors"):
        return None
    tail, more = (" LIMIT ?", [int(limit)]) if limit else ("", [])
    return _rows(con, "SELECT code, sector, name, mentions, articles FROM actor_stats "
                      "ORDER BY mentions DESC, code, sector, name" + tail, more)


def stance_by_outlet(con, actor: str | None, min_articles: int) -> list[dict] | None:
    """detente.store.stance.by_outlet without an outlet or article filter, from stance_outlets; None on a
    store without it."""
    from detente.store.filters import Where

    if not _current(con, "stance_outlets", "articles", "stance"):
        return None
    w = Where("articles >= ?")
    w.params.append(min_articles)
    if actor:
        w.add("actor = ?", actor)
    return _rows(con, f"""
        SELECT outlet, actor, round(polarity_sum / articles, 3) AS polarity, articles, mentions, positive, negative
        FROM stance_outlets WHERE {w.sql()} ORDER BY articles DESC, outlet, actor""", w.params)


def event_days(con, where: str, params: list) -> list[tuple] | None:
    """(date, events) per day in page order (undated last) of the events a filter on ``date``, ``event`` and
    ``modality`` alone selects (``where``: EventFilter.where's clause, which names only those columns then);
    None on a store without the pre-aggregate, or when it does not account for every event."""
    if not _current(con, "event_days", "events", "events"):
        return None
    return con.execute(f"SELECT date, sum(events) FROM event_days WHERE {where} GROUP BY date "
                       "ORDER BY date NULLS LAST", params).fetchall()


def article_days(con, language: str | None) -> list[tuple] | None:
    """(published, articles) per day in page order (undated last), of one language or all; None as for
    event_days."""
    if not _current(con, "article_days", "articles", "articles"):
        return None
    return con.execute("SELECT published, sum(articles) FROM article_days WHERE (? IS NULL OR language = ?) "
                       "GROUP BY published ORDER BY published NULLS LAST", [language, language]).fetchall()


def _rows(con, sql: str, params) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _current(con, table: str, column: str, source: str) -> bool:
    """The pre-aggregate exists and accounts for every row of its source table (rows written around
    detente.store.write, e.g. by hand in SQL, make the readers fall back to the source)."""
    if not table_exists(con, table):
        return False
    summed, counted = con.execute(f"SELECT (SELECT coalesce(sum({column}), 0) FROM {table}), "
                                  f"(SELECT count(*) FROM {source})").fetchone()
    return summed == counted
