"""Pre-aggregates the server lists from (issue 19), kept current by the write transaction.

- ``actor_stats``: per actor (code, sector, name) its mentions and articles: /api/actors, ``Store.actors``.
- ``stance_outlets``: per outlet x actor the articles, polarity sum, mentions, positive and negative articles:
  /api/stance, ``detente.stance.outlet_stance`` without an article filter.

:func:`retract` takes an article's rows out before they are deleted (a re-analysis), :func:`add` puts the
batch's rows in after they are written; both run inside ``detente.store.write.write_batch``'s transaction, so
a reader sees the tables and their aggregates in one state. :func:`refill` recomputes them from scratch
(migration m009); tests compare the two. A pre-aggregate whose total differs from its source table's row count
(rows written around the write path) is not used: the readers compute from the source.
"""
from __future__ import annotations

_ACTORS = """
    SELECT code, sector, name, count(*) AS mentions, count(DISTINCT article_id) AS articles
    FROM actors {where} GROUP BY ALL"""
_STANCE = """
    SELECT coalesce(a.outlet, '(unknown)') AS outlet, s.actor AS actor, count(*) AS articles,
           sum(s.polarity) AS polarity_sum, sum(s.mentions) AS mentions,
           count(*) FILTER (WHERE s.polarity >= 0.1) AS positive, count(*) FILTER (WHERE s.polarity <= -0.1) AS negative
    FROM stance s LEFT JOIN articles a ON a.id = s.article_id {where} GROUP BY 1, 2"""
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


def _marks(ids) -> str:
    return ",".join("?" * len(ids))


def _apply(con, ids: list[str], sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) the rows of the articles ``ids`` to or from both tables."""
    if not ids:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE _delta_actors AS " + _ACTORS.format(
        where=f"WHERE article_id IN ({_marks(ids)})"), ids)
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
                       negative = negative + {sign} * excluded.negative""", ids)
    if sign < 0:
        con.execute("DELETE FROM stance_outlets WHERE articles <= 0")


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


def _rows(con, sql: str, params) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _current(con, table: str, column: str, source: str) -> bool:
    """The pre-aggregate exists and accounts for every row of its source table (rows written around
    detente.store.write, e.g. by hand in SQL, make the readers fall back to the source)."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]:
        return False
    summed, counted = con.execute(f"SELECT (SELECT coalesce(sum({column}), 0) FROM {table}), "
                                  f"(SELECT count(*) FROM {source})").fetchone()
    return summed == counted
