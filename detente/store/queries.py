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
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    article_id: str | None = None
    limit: int = 1000
    offset: int = 0
    extra: dict = field(default_factory=dict)

    def where(self) -> tuple[str, list]:
        w = Where("1=1")
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
        return w.sql(), w.params


def rows(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def events(con, flt: EventFilter) -> list[dict]:
    where, params = flt.where()
    return rows(con, f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} "
                     f"ORDER BY date NULLS LAST, article_id, sentence_index, trigger_start LIMIT ? OFFSET ?",
                params + [flt.limit, flt.offset])


def articles(con, limit: int = 1000, offset: int = 0) -> list[dict]:
    return rows(con, """
        SELECT a.id, a.published, a.outlet, a.author, a.title, a.language, a.status, a.reader, a.source,
               count(e.key) AS events
        FROM articles a LEFT JOIN events e ON e.article_id = a.id
        GROUP BY ALL ORDER BY a.published NULLS LAST, a.id LIMIT ? OFFSET ?""", [limit, offset])


def article(con, article_id: str) -> dict:
    found = rows(con, "SELECT * FROM articles WHERE id = ? OR id LIKE ? ORDER BY id",
                 [article_id, article_id + "%"])
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


def actors(con, limit: int = 200) -> list[dict]:
    return rows(con, """
        SELECT code, sector, name, count(*) AS mentions, count(DISTINCT article_id) AS articles
        FROM actors GROUP BY ALL ORDER BY mentions DESC, code, sector, name LIMIT ?""", [limit])


def event_types(con) -> list[dict]:
    return rows(con, """SELECT event, count(*) AS events, sum(CASE WHEN happened THEN 1 ELSE 0 END) AS happened
                        FROM events GROUP BY event ORDER BY events DESC, event""")


def dyads(con, limit: int = 10) -> list[dict]:
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
        ORDER BY events DESC, abs(mean_score) DESC, source, target LIMIT ?""", [limit])


def quarantined(con, limit: int = 1000) -> list[dict]:
    return rows(con, "SELECT locator, reason, reader, stage, article_id, first_seen FROM quarantine "
                     "ORDER BY first_seen, locator LIMIT ?", [limit])


def counts(con) -> dict[str, int]:
    tables = ("articles", "actors", "events", "event_actors", "timexes", "places", "stance", "quarantine")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
