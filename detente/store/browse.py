"""Read queries the web API needs beyond the store's own (detente.store.queries), same rules: every value a
user gives goes in as a bound parameter."""
from __future__ import annotations

from detente.errors import NotFound
from detente.store.queries import EVENT_COLUMNS, EventFilter, rows


def events_page(con, flt: EventFilter, text: str | None = None) -> dict:
    """One page of events with the article title and outlet, and the total the filter matches."""
    where, params = flt.where()
    if text:
        where += " AND (sentence ILIKE ? ESCAPE '\\' OR trigger_text ILIKE ? ESCAPE '\\')"
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params = params + [pattern, pattern]
    total = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]
    found = rows(con, f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} "
                      f"ORDER BY date NULLS LAST, article_id, sentence_index, trigger_start LIMIT ? OFFSET ?",
                 params + [flt.limit, flt.offset])
    # the page's articles by key (not a join that would scan every article)
    ids = sorted({r["article_id"] for r in found})
    meta = {}
    if ids:
        meta = {r[0]: r[1:] for r in con.execute(f"SELECT id, title, outlet, url FROM articles WHERE id IN "
                                                 f"({','.join('?' * len(ids))})", ids).fetchall()}
    for r in found:
        r["article_title"], r["outlet"], r["url"] = meta.get(r["article_id"], (None, None, None))
    return {"total": total, "limit": flt.limit, "offset": flt.offset, "events": found}


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


def table_exists(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [name]).fetchone()[0])
