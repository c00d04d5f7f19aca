"""Writing analyses: one transaction per batch of articles, one append per table (store.literal), deterministic keys.

An article already analysed by the same coder is skipped; analysed by an older coder, its rows
are replaced (the coder version is stored on every event, so runs can be told apart).
"""
from __future__ import annotations

import datetime
import hashlib
import json

from detente.model import Analysis, Event
from detente.store import aggregates, literal
from detente.store.catalog import one_thread


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


ARTICLE_COLUMNS = ("id", "title", "url", "author", "outlet", "published", "language", "reader", "source",
                   "status", "note", "text", "coder", "analysed_at")
ACTOR_COLUMNS = ("article_id", "start", "end", "text", "code", "sector", "name", "actor_id")
TIMEX_COLUMNS = ("article_id", "start", "end", "text", "value", "kind")
PLACE_COLUMNS = ("article_id", "start", "end", "name", "lat", "lon", "country", "geonames_id", "kind")
STANCE_COLUMNS = ("article_id", "actor", "polarity", "mentions")
EVENT_COLUMNS = ("key", "article_id", "event", "mode", "cameo", "score", "modality", "happened", "confidence",
                 "date", "date_value", "date_precision", "date_origin", "place_name", "lat", "lon", "place_country",
                 "geonames_id", "sentence", "sentence_index", "sentence_start", "trigger_start", "trigger_end",
                 "trigger_text", "source_codes", "target_codes", "reporter_code", "context", "coder")
EVENT_ACTOR_COLUMNS = ("event_key", "role", "idx", "code", "sector", "name", "actor_id", "text", "start", "end")


def write_analysis(con, analysis: Analysis, coder: str) -> None:
    """One article in its own transaction (see ``write_batch``)."""
    write_batch(con, [analysis], coder)


def write_batch(con, analyses: list[Analysis], coder: str) -> None:
    """Write the analyses of a batch of articles in one transaction: one append per table.

    Articles not yet in the store are only appended; the rows of an article already there (analysed by
    another coder version) are deleted first, in a few set-wise DELETEs for the whole batch.
    """
    analyses = list({a.article.id: a for a in analyses}.values())  # one analysis per article id
    if not analyses:
        return
    ids = [a.article.id for a in analyses]
    tables = {name: [] for name in ("articles", "actors", "timexes", "places", "stance", "events", "event_actors",
                                    "event_pairs")}
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    for analysis in analyses:
        _rows(analysis, coder, now, tables)
    with one_thread(con):  # a batch's statements are small: DuckDB's threads cost more than they save
        _write(con, ids, tables)


def _write(con, ids: list[str], tables: dict) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        known = _existing(con, ids)
        if known:
            aggregates.retract(con, known)  # the listings' pre-aggregates (issue 19)
            _delete(con, known)
        insert_many(con, "articles", tables["articles"], ARTICLE_COLUMNS)
        insert_many(con, "actors", tables["actors"], ACTOR_COLUMNS)
        insert_many(con, "timexes", tables["timexes"], TIMEX_COLUMNS)
        insert_many(con, "places", tables["places"], PLACE_COLUMNS)
        insert_many(con, "stance", tables["stance"], STANCE_COLUMNS)
        insert_many(con, "events", tables["events"], EVENT_COLUMNS)
        insert_many(con, "event_actors", tables["event_actors"], EVENT_ACTOR_COLUMNS)
        aggregates.add(con, ids)
        _add_pairs(con, tables["event_pairs"])
        if known:
            _recount_pairs(con, tables["event_pairs"])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _existing(con, ids: list[str]) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT id FROM articles WHERE id IN ({literal.in_list(ids)})").fetchall()]


def _delete(con, ids: list[str]) -> None:
    marks = literal.in_list(ids)
    for table in ("actors", "timexes", "places", "stance"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})")
    con.execute(f"DELETE FROM event_actors WHERE event_key IN (SELECT key FROM events WHERE article_id IN ({marks}))")
    con.execute(f"DELETE FROM events WHERE article_id IN ({marks})")
    con.execute(f"DELETE FROM articles WHERE id IN ({marks})")
    # the replaced articles' dyads are recounted from event_pairs after the new rows are in (_recount_pairs)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _touched_pairs AS SELECT DISTINCT a, b FROM event_pairs "
                f"WHERE article_id IN ({marks})")
    con.execute(f"DELETE FROM event_pairs WHERE article_id IN ({marks})")


PAIR_COLUMNS = ("a", "b", "event_key", "article_id", "score", "happened", "date")


def _add_pairs(con, pairs: list) -> None:
    """Append event_pairs and add their counts to dyad_stats."""
    if not pairs:
        return
    from detente.store.migrations import DYAD_STATS_SELECT

    columns = ", ".join(PAIR_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _new_pairs AS SELECT {columns} FROM event_pairs LIMIT 0")  # its types
    insert_many(con, "_new_pairs", pairs, PAIR_COLUMNS)
    con.execute(f"INSERT INTO event_pairs ({columns}) SELECT {columns} FROM _new_pairs")
    con.execute("INSERT INTO dyad_stats " + DYAD_STATS_SELECT.format(
        source="(SELECT a, b, score, happened, date FROM _new_pairs)") + """
        ON CONFLICT (a, b) DO UPDATE SET events = events + excluded.events, happened = happened + excluded.happened,
            score_sum = score_sum + excluded.score_sum, scored = scored + excluded.scored,
            cooperative = cooperative + excluded.cooperative, conflictual = conflictual + excluded.conflictual,
            first = least(first, excluded.first), last = greatest(last, excluded.last)""")
    con.execute("DROP TABLE _new_pairs")


def _recount_pairs(con, pairs: list) -> None:
    """Recount the dyads of replaced articles (their old events are gone; new counts were added)."""
    from detente.store.migrations import DYAD_STATS_SELECT

    con.execute("DELETE FROM dyad_stats WHERE (a, b) IN (SELECT (a, b) FROM _touched_pairs)")
    con.execute("INSERT OR REPLACE INTO dyad_stats " + DYAD_STATS_SELECT.format(
        source="(SELECT p.* FROM event_pairs p JOIN _touched_pairs USING (a, b))"))
    con.execute("DROP TABLE _touched_pairs")


def _rows(analysis: Analysis, coder: str, now, out: dict) -> None:
    a = analysis.article
    out["articles"].append((a.id, a.title, a.url, a.author, a.outlet, a.published, a.language, a.reader, a.source,
                            a.status, a.note, a.text, coder, now))
    out["actors"] += [
        (a.id, x.span.start, x.span.end, x.span.text, x.code, x.sector, x.name, x.id)
        for x in {(m.span.start, m.span.end): m for m in analysis.actors if m.span}.values()]
    out["timexes"] += [
        (a.id, t.span.start, t.span.end, t.span.text, t.value, t.kind)
        for t in {(t.span.start, t.span.end): t for t in analysis.timexes}.values()]
    out["places"] += [
        (a.id, p.span.start, p.span.end, p.name, p.lat, p.lon, p.country, p.geonames_id, p.kind)
        for p in {(p.span.start, p.span.end): p for p in analysis.places if p.span}.values()]
    out["stance"] += [(a.id, st.actor, st.polarity, st.mentions)
                      for st in {st.actor: st for st in analysis.stance}.values()]
    _event_rows(a.id, analysis.events, out["events"], out["event_actors"])
    for row in out["events"][len(out["events"]) - len({event_key(a.id, e) for e in analysis.events}):]:
        key, score, happened, day = row[0], row[5], row[7], row[9]
        pairs = {(min(s, t), max(s, t)) for s in row[24] for t in row[25] if s and t and s != t}
        out["event_pairs"] += [(x, y, key, a.id, score, happened, day) for x, y in sorted(pairs)]


def insert_many(con, table: str, rows: list, columns: tuple | None = None) -> None:
    """Append rows in one INSERT (detente.store.literal.append: no Python object crosses to DuckDB, which would
    import pandas; DuckDB's executemany costs a round trip per row). ``columns`` names the row fields (default:
    every column of the table, in order)."""
    literal.append(con, table, rows, columns)


def _event_rows(article_id: str, events, rows: list, actor_rows: list) -> None:
    seen = {}
    for e in events:
        seen.setdefault(event_key(article_id, e), e)
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


def quarantine(con, locator: str, reason: str, reader: str = "", stage: str | None = None,
               article_id: str | None = None) -> None:
    key = hashlib.sha256(json.dumps([locator, reason, stage]).encode()).hexdigest()[:20]
    values = ", ".join(map(literal.literal, [key, locator, reason, reader, stage, article_id]))
    con.execute(f"INSERT INTO quarantine VALUES ({values}, now()) ON CONFLICT (key) DO NOTHING")
