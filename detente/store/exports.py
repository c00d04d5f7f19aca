"""The store's side of the exports (detente.export): events with their article fields and actors, in one query,
grouped by their happening (event cluster) when the store has clusters; article texts for the document tone."""
from __future__ import annotations

from detente.store.queries import EventFilter, rows

_SQL = """
    SELECT e.key, e.article_id, e.event, e.mode, e.cameo, e.score, e.modality, e.happened, e.confidence,
           e.date, e.date_value, e.date_precision, e.date_origin, e.place_name, e.place_country, e.lat, e.lon,
           e.geonames_id, e.sentence, e.sentence_index, e.sentence_start, e.trigger_start, e.trigger_end,
           e.trigger_text, e.source_codes, e.target_codes, e.reporter_code, e.context, e.coder,
           a.title, a.url, a.outlet, a.author, a.published, a.language, a.analysed_at, length(a.text) AS doc_len,
           CASE WHEN position(chr(10) || chr(10) IN a.text) > 0
                THEN e.sentence_start < position(chr(10) || chr(10) IN a.text) ELSE e.sentence_index = 0 END AS lead,
           {cluster} AS cluster_id,
           (SELECT list({{'role': x.role, 'code': x.code, 'sector': x.sector, 'name': x.name, 'text': x.text,
                          'start': x.start, 'end': x."end"}} ORDER BY x.role DESC, x.idx)
              FROM event_actors x WHERE x.event_key = e.key) AS actors,
           (SELECT first(p.kind) FROM places p WHERE p.article_id = e.article_id AND p.name = e.place_name) AS place_kind
    FROM (SELECT * FROM events WHERE {where}) e LEFT JOIN articles a ON a.id = e.article_id {join}
    ORDER BY e.date NULLS LAST, e.article_id, e.sentence_index, e.trigger_start"""


def has_clusters(con) -> bool:
    """Whether the store holds event clusters (detente.relations has run)."""
    try:
        return con.execute("SELECT count(*) FROM cluster_events").fetchone()[0] > 0
    except Exception:  # no clusters table in this store
        return False


def event_rows(con, flt: EventFilter) -> list[dict]:
    """Every event the filter selects (no limit), oldest first, with article fields and actors."""
    where, params = flt.where()
    if has_clusters(con):
        sql = _SQL.format(cluster="coalesce(c.cluster_id, e.key)", where=where,
                          join="LEFT JOIN cluster_events c ON c.event_key = e.key")
    else:
        sql = _SQL.format(cluster="e.key", where=where, join="")
    return rows(con, sql, params)


def article_texts(con, article_ids) -> list[tuple[str, str]]:
    """(id, text) of the stored articles among ``article_ids``, a thousand ids per query."""
    ids = sorted(set(article_ids))
    out: list[tuple[str, str]] = []
    for i in range(0, len(ids), 1000):
        chunk = ids[i:i + 1000]
        out += con.execute(f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' for _ in chunk)})",
                           chunk).fetchall()
    return out
