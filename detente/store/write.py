"""Writing one article's analysis: one transaction per article, deterministic keys.

An article already analysed by the same coder is skipped; analysed by an older coder, its rows
are replaced (the coder version is stored on every event, so runs can be told apart).
"""
from __future__ import annotations

import hashlib
import json

from detente.model import Analysis, Event


def event_key(article_id: str, event: Event) -> str:
    return hashlib.sha256(f"{article_id}:{event.key}".encode()).hexdigest()[:20]


def _day(value: str | None) -> str | None:
    """A TimeML date value as the first day of its period (for range queries)."""
    if not value or not value[:4].isdigit():
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-01-01"
    if len(parts) == 2 and parts[1].isdigit():
        return f"{parts[0]}-{parts[1]}-01"
    return value[:10] if len(parts) >= 3 else None


def write_analysis(con, analysis: Analysis, coder: str) -> None:
    a = analysis.article
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("actors", "timexes", "places", "stance"):
            con.execute(f"DELETE FROM {table} WHERE article_id = ?", [a.id])
        con.execute("DELETE FROM event_actors WHERE event_key IN (SELECT key FROM events WHERE article_id = ?)", [a.id])
        con.execute("DELETE FROM events WHERE article_id = ?", [a.id])
        con.execute("DELETE FROM articles WHERE id = ?", [a.id])
        con.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, now())",
            [a.id, a.title, a.url, a.author, a.outlet, a.published, a.language, a.reader, a.source,
             a.status, a.note, a.text, coder],
        )
        insert_many(con, "actors", [
            (a.id, x.span.start, x.span.end, x.span.text, x.code, x.sector, x.name, x.id)
            for x in {(m.span.start, m.span.end): m for m in analysis.actors if m.span}.values()
        ])
        insert_many(con, "timexes", [
            (a.id, t.span.start, t.span.end, t.span.text, t.value, t.kind)
            for t in {(t.span.start, t.span.end): t for t in analysis.timexes}.values()
        ])
        insert_many(con, "places", [
            (a.id, p.span.start, p.span.end, p.name, p.lat, p.lon, p.country, p.geonames_id, p.kind)
            for p in {(p.span.start, p.span.end): p for p in analysis.places if p.span}.values()
        ])
        insert_many(con, "stance", [
            (a.id, st.actor, st.polarity, st.mentions) for st in {st.actor: st for st in analysis.stance}.values()
        ])
        _write_events(con, a.id, analysis.events)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def insert_many(con, table: str, rows: list) -> None:
    """Insert rows through one Arrow table (DuckDB's executemany costs a round trip per row)."""
    if not rows:
        return
    import pyarrow as pa

    columns = [r[0] for r in con.execute(f"SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                         "ORDER BY column_index", [table]).fetchall()]
    batch = pa.table({name: [r[i] for r in rows] for i, name in enumerate(columns)})
    con.register("_detente_rows", batch)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _detente_rows")
    finally:
        con.unregister("_detente_rows")


def _write_events(con, article_id: str, events) -> None:
    seen = {}
    for e in events:
        seen.setdefault(event_key(article_id, e), e)
    rows, actor_rows = [], []
    for key, e in seen.items():
        ev, p = e.evidence, e.place
        rows.append((
            key, article_id, e.event, e.mode, e.cameo, e.score, e.modality, e.happened, e.confidence,
            _day(e.date), e.date, e.date_precision, e.date_origin,
            p.name if p else None, p.lat if p else None, p.lon if p else None,
            p.country if p else None, p.geonames_id if p else None,
            ev.sentence, ev.sentence_index, ev.sentence_start, ev.trigger.start, ev.trigger.end, ev.trigger.text,
            [x.code for x in e.source if x.code], [x.code for x in e.target if x.code],
            e.reporter.code if e.reporter else None, list(e.context), e.coder,
        ))
        for role, actors in (("source", e.source), ("target", e.target)):
            for i, x in enumerate(actors):
                s = x.span
                actor_rows.append((key, role, i, x.code, x.sector, x.name, x.id,
                                   s.text if s else None, s.start if s else None, s.end if s else None))
    insert_many(con, "events", rows)
    insert_many(con, "event_actors", actor_rows)


def quarantine(con, locator: str, reason: str, reader: str = "", stage: str | None = None,
               article_id: str | None = None) -> None:
    key = hashlib.sha256(json.dumps([locator, reason, stage]).encode()).hexdigest()[:20]
    con.execute(
        "INSERT INTO quarantine VALUES (?,?,?,?,?,?, now()) ON CONFLICT (key) DO NOTHING",
        [key, locator, reason, reader, stage, article_id],
    )
