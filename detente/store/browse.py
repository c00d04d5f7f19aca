"""Read queries the web API needs beyond the store's own (detente.store.queries), same rules: every value a
user gives goes in as a bound parameter."""
from __future__ import annotations

from detente.errors import NotFound
from detente.store import paging
from detente.store.aggregates import table_exists
from detente.store.paging import after_event, event_cursor
from detente.store.queries import EVENT_COLUMNS, EVENT_ORDER, EventFilter, rows, text_clause


def events_page(con, flt: EventFilter, text: str | None = None, after: str | None = None,
                total: int | None = None, days: paging.Days | None = None) -> dict:
    """One page of events with the article title and outlet, the total the filter matches (``total`` when the
    caller has it, e.g. cached) and ``next``, the cursor of the following page (None on the last one).

    ``after`` (a cursor, detente.store.paging) continues after a row instead of skipping ``flt.offset`` rows:
    the events table is kept in this order (migration m008), so DuckDB's zone maps skip what comes before.
    An offset past ``paging.DEEP`` is read from the days the page's rows fall on (``days``: :func:`event_days`
    of the filter, when the caller has it cached), from the right row of its first day."""
    where, params = flt.where()
    extra, more = text_clause(text)
    where, params = where + extra, params + more
    if total is None:
        total = count_page_total(con, flt, text)
    offset = flt.offset
    if not after and offset > paging.DEEP:  # a deep offset: the page's days (from per-day counts), a short OFFSET
        window = (event_days(con, flt, text) if days is None else days).window(offset, flt.limit, "date")
        if window is None:  # past the last row
            return {"total": total, "limit": flt.limit, "offset": flt.offset, "events": [], "next": None}
        clause, more, offset = window
        where, params = f"{where} AND {clause}", params + more
    if after:
        clause, more = after_event(after)
        where, params = f"{where} AND {clause}", params + more
    found = rows(con, f"SELECT {EVENT_COLUMNS}, date AS _day FROM events WHERE {where} "
                      f"{EVENT_ORDER} LIMIT ? OFFSET ?", params + [flt.limit, offset])
    last = dict(found[-1], date=found[-1]["_day"]) if found else None
    for r in found:
        del r["_day"]
    # the page's articles by key (not a join that would scan every article)
    ids = sorted({r["article_id"] for r in found})
    meta = {}
    if ids:
        meta = {r[0]: r[1:] for r in con.execute(f"SELECT id, title, outlet, url FROM articles WHERE id IN "
                                                 f"({','.join('?' * len(ids))})", ids).fetchall()}
    for r in found:
        r["article_title"], r["outlet"], r["url"] = meta.get(r["article_id"], (None, None, None))
    more_rows = last is not None and flt.limit and len(found) == flt.limit
    return {"total": total, "limit": flt.limit, "offset": flt.offset, "events": found,
            "next": event_cursor(last) if more_rows else None}


def event_days(con, flt: EventFilter, text: str | None = None) -> paging.Days:
    """The events per day in page order (undated last) of the events the filter (and ``text``) matches:
    from the event_days pre-aggregate when the filter names only types, modalities and dates, else counted."""
    import dataclasses

    from detente.store import aggregates

    where, params = flt.where()
    plain = dataclasses.replace(flt, types=(), modalities=(), date_from=None, date_to=None, since=None, limit=None,
                                offset=0)
    if not text and plain == EventFilter():  # a filter on event_days' columns alone
        found = aggregates.event_days(con, where, params)
        if found is not None:
            return paging.Days(found)
    extra, more = text_clause(text)
    return paging.Days(con.execute(f"SELECT date, count(*) FROM events WHERE {where}{extra} GROUP BY date "
                                   "ORDER BY date NULLS LAST", params + more).fetchall())


def count_page_total(con, flt: EventFilter, text: str | None = None) -> int:
    """How many events the filter (and ``text``) matches. A filter on one undirected dyad alone is read from
    the dyad_stats pre-aggregate (one row), anything else is counted."""
    import dataclasses

    plain = dataclasses.replace(flt, dyad=None, directed=False, limit=None, offset=0)
    if (flt.dyad and not flt.directed and not text and plain == EventFilter()
            and flt.dyad[0].upper() != flt.dyad[1].upper() and table_exists(con, "dyad_stats")):
        a, b = sorted(c.upper() for c in flt.dyad)
        found = con.execute("SELECT events FROM dyad_stats WHERE a = ? AND b = ?", [a, b]).fetchone()
        return int(found[0]) if found else 0
    where, params = flt.where()
    extra, more = text_clause(text)
    return con.execute(f"SELECT count(*) FROM events WHERE {where}{extra}", params + more).fetchone()[0]


def event(con, key: str) -> dict:
    found = rows(con, f"SELECT {EVENT_COLUMNS}, sentence_start FROM events WHERE key = ?", [key])
    if not found:
        raise NotFound(f"no event with key {key!r}; event keys are listed by /api/events")
    return found[0]


def dyad_pairs(con, limit: int = 200) -> list[dict]:
    """Undirected pairs of actor codes that share events, busiest first, with their date range (from the
    dyad_stats pre-aggregate, kept current by detente.store.write)."""
    return rows(con, """
        SELECT a, b, events, happened, round(score_sum / nullif(scored, 0), 2) AS mean_score, cooperative,
               conflictual, first, last
        FROM dyad_stats WHERE events > 0 ORDER BY events DESC, a, b LIMIT ?""", [limit])


def article_stance(con, article_id: str) -> list[dict]:
    return rows(con, "SELECT actor, polarity, mentions FROM stance WHERE article_id = ? "
                     "ORDER BY abs(polarity) DESC, actor", [article_id])


def article_actors(con, article_id: str) -> list[dict]:
    return rows(con, 'SELECT start, "end", text, code, sector, name FROM actors WHERE article_id = ? '
                     "ORDER BY start", [article_id])


def overview(con) -> dict:
    first, last = con.execute("SELECT min(date), max(date) FROM events").fetchone()
    out = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "stance")}
    out["happened"] = con.execute("SELECT count(*) FROM events WHERE happened").fetchone()[0]
    out["actors"] = con.execute("SELECT count(DISTINCT code) FROM actors WHERE code IS NOT NULL").fetchone()[0]
    out["outlets"] = con.execute("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0]
    out["first"], out["last"] = first, last
    return out
