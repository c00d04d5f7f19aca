"""Read queries over the store. Every value a user gives goes in as a bound parameter."""
from __future__ import annotations

from dataclasses import dataclass, field

from detente.errors import NotFound

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
    language: str | None = None  # the article's ISO 639-1 language (issue 20)
    limit: int = 1000
    offset: int = 0
    extra: dict = field(default_factory=dict)

    def where(self) -> tuple[str, list]:
        clauses, params = ["1=1"], []
        if self.actor:
            clauses.append("(list_contains(source_codes, ?) OR list_contains(target_codes, ?))")
            params += [self.actor.upper()] * 2
        if self.dyad:
            a, b = (c.upper() for c in self.dyad)
            one = "(list_contains(source_codes, ?) AND list_contains(target_codes, ?))"
            if self.directed:
                clauses.append(one)
                params += [a, b]
            else:
                clauses.append(f"({one} OR {one})")
                params += [a, b, b, a]
        if self.types:
            clauses.append(f"event IN ({','.join('?' * len(self.types))})")
            params += [t.upper() for t in self.types]
        if self.modalities:
            clauses.append(f"modality IN ({','.join('?' * len(self.modalities))})")
            params += [m.lower() for m in self.modalities]
        if self.date_from:
            clauses.append("date >= CAST(? AS DATE)")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("date <= CAST(? AS DATE)")
            params.append(self.date_to)
        if self.article_id:
            clauses.append("article_id = ?")
            params.append(self.article_id)
        if self.language:  # issue 20
            clauses.append("article_id IN (SELECT id FROM articles WHERE language = ?)")
            params.append(self.language.lower())
        return " AND ".join(clauses), params


def rows(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def events(con, flt: EventFilter) -> list[dict]:
    where, params = flt.where()
    return rows(con, f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} "
                     f"ORDER BY date NULLS LAST, article_id, sentence_index, trigger_start LIMIT ? OFFSET ?",
                params + [flt.limit, flt.offset])


def articles(con, limit: int = 1000, offset: int = 0, language: str | None = None) -> list[dict]:
    return rows(con, """
        SELECT a.id, a.published, a.outlet, a.author, a.title, a.language, a.status, a.reader, a.source,
               count(e.key) AS events
        FROM articles a LEFT JOIN events e ON e.article_id = a.id WHERE (? IS NULL OR a.language = ?)
        GROUP BY ALL ORDER BY a.published NULLS LAST, a.id LIMIT ? OFFSET ?""",
                [language, language, limit, offset])  # language: issue 20


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
