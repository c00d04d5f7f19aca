"""Read queries over the store. Every value a user gives goes in as a bound parameter."""
from __future__ import annotations

from dataclasses import dataclass, field

from detente.errors import NotFound
from detente.store.filters import Where

EVENT_COLUMNS = (
    "key, article_id, event, mode, cameo, score, modality, happened, confidence, date_value AS date, "
    "date_precision, date_origin, place_name, place_country, lat, lon, source_codes, target_codes, "
    "reporter_code, sentence, sentence_index, trigger_start, trigger_end, trigger_text, coder"
)


@dataclass(frozen=True)
class EventFilter:
    """Which events to read. ``limit=None`` (the default) means every match; ``since`` is ``date_from``'s
    other name; ``place`` matches the place name (case-insensitive, part of it) or its country code."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    article_id: str | None = None
    language: str | None = None  # the article's ISO 639-1 language (issue 20)
    limit: int | None = None
    offset: int = 0
    since: str | None = None
    place: str | None = None
    extra: dict = field(default_factory=dict)

    def where(self) -> tuple[str, list]:
        w = Where("1=1")
        if self.since and not self.date_from:
            w.add("date >= CAST(? AS DATE)", str(self.since)[:10])
        if self.place:
            text = self.place.strip()
            w.add("(place_name ILIKE ? ESCAPE '\\' OR upper(place_country) = ?)",
                  "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", text.upper())
        if self.actor:
            w.party(self.actor)
        if self.dyad:
            w.dyad(*self.dyad, directed=self.directed)
        if self.types:
            w.any_of("event", [t.upper() for t in self.types])
        if self.modalities:
            w.any_of("modality", [m.lower() for m in self.modalities])
        if self.date_from:
            w.add("date >= CAST(? AS DATE)", self.date_from)
        if self.date_to:
            w.add("date <= CAST(? AS DATE)", self.date_to)
        if self.article_id:
            w.add("article_id = ?", self.article_id)
        if self.language:  # issue 20
            w.add("article_id IN (SELECT id FROM articles WHERE language = ?)", self.language.lower())
        return w.sql(), w.params


def rows(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def page(limit: int | None, offset: int = 0) -> tuple[str, list]:
    """LIMIT/OFFSET clause; ``limit`` None or 0 means every row."""
    if not limit:
        return " OFFSET ?", [int(offset or 0)]
    return " LIMIT ? OFFSET ?", [int(limit), int(offset or 0)]


# The events table's own order (migration m008). ``events.date`` is the typed day: a bare ``date`` would name the
# ``date_value AS date`` of EVENT_COLUMNS (DuckDB binds ORDER BY to the select list first) and sort the text.
EVENT_ORDER = "ORDER BY events.date NULLS LAST, article_id, sentence_index, trigger_start, key"


def events(con, flt: EventFilter) -> list[dict]:
    where, params = flt.where()
    tail, more = page(flt.limit, flt.offset)
    return rows(con, f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} {EVENT_ORDER}{tail}", params + more)


def count_events(con, flt: EventFilter) -> int:
    where, params = flt.where()
    return con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]


def events_arrow(con, flt: EventFilter):
    """The events as a pyarrow Table; ``date`` is the coded value as written (``2025-07``), ``day`` the typed
    DATE it starts on."""
    where, params = flt.where()
    tail, more = page(flt.limit, flt.offset)
    cur = con.execute(f"SELECT {EVENT_COLUMNS}, date AS day FROM events WHERE {where} {EVENT_ORDER}{tail}",
                      params + more)
    return cur.to_arrow_table() if hasattr(cur, "to_arrow_table") else cur.fetch_arrow_table()


def total(con, table: str) -> int:
    """Rows in one of the store's tables."""
    if table not in ("articles", "events", "quarantine"):
        raise ValueError(table)
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def count_actors(con) -> int:
    return con.execute("SELECT count(*) FROM (SELECT DISTINCT code, sector, name FROM actors)").fetchone()[0]


_ARTICLE_FIELDS = "id, published, outlet, author, title, language, status, reader, source"


def articles(con, limit: int | None = None, offset: int = 0, language: str | None = None,
             after: str | None = None) -> list[dict]:
    """Articles by date then id, each with its number of events. A page (``limit``) is cut from the articles
    alone (keyset ``after`` a cursor of detente.store.paging, or ``offset``) and only its own events are counted
    (the events_article index); every article (no ``limit``) is one join."""
    if not limit or limit > 5000:
        tail, more = page(limit, offset)
        return rows(con, f"""
            SELECT {', '.join('a.' + c for c in _ARTICLE_FIELDS.split(', '))}, count(e.key) AS events
            FROM articles a LEFT JOIN events e ON e.article_id = a.id WHERE (? IS NULL OR a.language = ?)
            GROUP BY ALL ORDER BY a.published NULLS LAST, a.id""" + tail, [language, language] + more)  # issue 20
    w = Where().add("(? IS NULL OR language = ?)", language, language)
    from detente.store import paging

    if not after and offset and offset > paging.DEEP:  # a deep offset: the page's days, a short OFFSET
        window = _article_days(con, w, language).window(int(offset), int(limit), "published")
        if window is None:  # past the last article
            return []
        clause, more, offset = window
        w.add(clause, *more)
    if after:
        from detente.store.paging import after_article

        w.add(*_spread(after_article(after)))
    found = rows(con, f"SELECT {_ARTICLE_FIELDS} FROM articles WHERE {w.sql()} ORDER BY published NULLS LAST, id "
                      "LIMIT ? OFFSET ?", w.params + [int(limit), int(offset or 0)])
    ids = [r["id"] for r in found]
    counts = dict(con.execute(f"SELECT article_id, count(*) FROM events WHERE article_id IN "
                              f"({','.join('?' * len(ids))}) GROUP BY article_id", ids).fetchall()) if ids else {}
    for r in found:
        r["events"] = counts.get(r["id"], 0)
    return found


def _article_days(con, w: Where, language: str | None):
    """The articles per day in page order (a detente.store.paging.Days), from the article_days pre-aggregate or
    counted."""
    from detente.store import aggregates, paging

    days = aggregates.article_days(con, language)
    if days is None:
        days = con.execute(f"SELECT published, count(*) FROM articles WHERE {w.sql()} GROUP BY published "
                           "ORDER BY published NULLS LAST", w.params).fetchall()
    return paging.Days(days)


def _spread(clause: tuple[str, list]) -> tuple:
    return (clause[0], *clause[1])


def article(con, article_id: str) -> dict:
    found = rows(con, "SELECT * FROM articles WHERE id = ?", [article_id])  # the key index: no scan
    if found:
        return found[0]
    found = rows(con, "SELECT * FROM articles WHERE id LIKE ? ORDER BY id", [article_id + "%"])
    if not found:
        raise NotFound(f"no article with id {article_id!r}; list them with `detente articles`")
    if len(found) > 1 and found[0]["id"] != article_id:
        raise NotFound(f"id prefix {article_id!r} matches {len(found)} articles; give more characters")
    return found[0]


def event_actors(con, event_keys: list[str]) -> list[dict]:
    if not event_keys:
        return []
    return rows(con, f"SELECT * FROM event_actors WHERE event_key IN ({','.join('?' * len(event_keys))}) "
                     "ORDER BY event_key, role, idx", event_keys)


def actors(con, limit: int | None = None) -> list[dict]:
    from detente.store import aggregates

    found = aggregates.actors(con, limit)  # the pre-aggregate, kept by the writes
    if found is not None:
        return found
    tail, more = page(limit)
    return rows(con, """
        SELECT code, sector, name, count(*) AS mentions, count(DISTINCT article_id) AS articles
        FROM actors GROUP BY ALL ORDER BY mentions DESC, code, sector, name""" + tail, more)


def event_types(con) -> list[dict]:
    return rows(con, """SELECT event, count(*) AS events, sum(CASE WHEN happened THEN 1 ELSE 0 END) AS happened
                        FROM events GROUP BY event ORDER BY events DESC, event""")


def dyads(con, limit: int | None = 10) -> list[dict]:
    """The strongest dyads: pairs of countries by number of events that happened, with mean intensity."""
    return rows(con, """
        WITH pairs AS (
            SELECT DISTINCT e.key, s.code AS source, t.code AS target, e.score
            FROM events e
            JOIN event_actors s ON s.event_key = e.key AND s.role = 'source'
            JOIN event_actors t ON t.event_key = e.key AND t.role = 'target'
            WHERE e.happened AND s.code IS NOT NULL AND t.code IS NOT NULL AND s.code <> t.code)
        SELECT source, target, count(*) AS events, round(avg(score), 2) AS mean_score,
               count(*) FILTER (WHERE score >= 0) AS cooperative,
               count(*) FILTER (WHERE score < 0) AS conflictual
        FROM pairs GROUP BY source, target
        ORDER BY events DESC, abs(mean_score) DESC, source, target""" + page(limit)[0], page(limit)[1])


def quarantined(con, limit: int | None = None) -> list[dict]:
    tail, more = page(limit)
    return rows(con, "SELECT locator, reason, reader, stage, article_id, first_seen FROM quarantine "
                     "ORDER BY first_seen, locator" + tail, more)


def counts(con) -> dict[str, int]:
    tables = ("articles", "actors", "events", "event_actors", "timexes", "places", "stance", "quarantine")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def text_clause(text: str | None) -> tuple[str, list]:
    """Evidence-text filter (part of the sentence or trigger, case-insensitive)."""
    if not text:
        return "", []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return " AND (sentence ILIKE ? ESCAPE '\\' OR trigger_text ILIKE ? ESCAPE '\\')", [pattern, pattern]


def event_places(con, flt: EventFilter, text: str | None = None, limit: int = 2000) -> dict:
    """Events with coordinates grouped by place (for the map), under the events list's filter: each place
    with its count, its events by type, and how many of the filtered events have no place."""
    import dataclasses

    plain = dataclasses.replace(flt, dyad=None, directed=False, limit=None, offset=0)
    data = None
    if flt.dyad and not flt.directed and not text and plain == EventFilter() \
            and flt.dyad[0].upper() != flt.dyad[1].upper():  # one dyad alone: its kept places (m014)
        from detente.store import kept

        data = kept.dyad_places(con, *flt.dyad, limit)
    if data is None:
        data = _event_places(con, flt, text, limit)
    for p in data["places"]:
        counts: dict = {}
        for t in p.pop("types") or []:
            counts[t] = counts.get(t, 0) + 1
        p["types"] = counts
        # the most frequent type (an untyped event's None last in a tie: it does not compare with a type)
        p["top_type"] = max(counts, key=lambda k: (counts[k], k or "")) if counts else None
    return data


def _event_places(con, flt: EventFilter, text: str | None, limit: int) -> dict:
    """:func:`event_places` counted from the events (the reference; any filter)."""
    where, params = flt.where()
    extra, more = text_clause(text)
    where, params = where + extra, params + more
    total, located = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) FROM events WHERE {where}",
        params).fetchone()
    places = rows(con, f"""
        SELECT place_name AS name, place_country AS country, round(avg(lat), 4) AS lat, round(avg(lon), 4) AS lon,
               count(*) AS events, count(*) FILTER (WHERE happened) AS happened,
               round(avg(score), 2) AS mean_score,
               list(event ORDER BY event) AS types
        FROM events WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL
        GROUP BY place_name, place_country ORDER BY events DESC, name LIMIT ?""", params + [limit])
    return {"total": total, "located": located, "places": places}
