"""Deep offsets (issue 19) are found on per-day counts (aggregates.event_days / article_days, migration m012) and
a short OFFSET within one day: every page equals the same rows read plainly with LIMIT/OFFSET, for filters the
pre-aggregate answers and filters it does not, with undated rows, past the end, after articles are added and
re-analysed, and when the pre-aggregate is stale."""
import dataclasses
import random

from detente.store import Store, aggregates, paging
from detente.store.queries import EventFilter
from relations_records import article, filled_store, grow
from test_rest_scale import _analysis

FIELDS = ("key", "article_id", "event", "date", "sentence_index", "trigger_start", "modality")
FILTERS = [({}, None), ({"types": ("ASSAULT", "AGREE")}, None), ({"modalities": ("asserted",)}, None),
           ({"date_from": "2023-03-01", "date_to": "2023-08-31"}, None), ({"since": "2023-06-15"}, None),
           ({"types": ("SANCTION",), "date_to": "2023-10-01"}, None), ({"actor": "TUR"}, None),
           ({"dyad": ("AZE", "RUS")}, None), ({}, "acted1"), ({"types": ("ACCUSE", "COOPERATE")}, "part0")]


def _store(seed=11, n=45):
    store, rng = filled_store(_analysis, n, seed)
    undated = article("Nobody knows when UNO acted on this.", [], published=None, outlet="Outlet 9")
    store.write(undated, "test")  # an article without a date: it comes last
    return store, rng


def _grow(store, rng, start, n=12):
    """New articles, and re-analysed old ones (another coder: their rows are replaced, here by none)."""
    grow(store, _analysis, rng, start, n, reanalysed=4)


def _plain(store, flt, text):
    """Every event of the filter, read plainly (no offset): pages are slices of it."""
    every = store.events_page(dataclasses.replace(flt, limit=100_000, offset=0), text)["events"]
    return [tuple(e[f] for f in FIELDS) for e in every]


def _check_events(store, monkeypatch):
    monkeypatch.setattr(paging, "DEEP", 0)  # every offset through the day counts
    for given, text in FILTERS:
        flt = EventFilter(**given)
        total = store.count_page_total(flt, text)
        every = _plain(store, flt, text)
        days = store.event_days(flt, text)
        assert total == len(every) > 0 and days.total == total
        for size, step in ((1, 2), (7, 5)):
            for offset in range(1, total + 3, step):
                known = {"total": total, "days": days} if offset % 5 else {}  # as the server passes them, or not
                page = store.events_page(dataclasses.replace(flt, limit=size, offset=offset), text, **known)
                want = every[offset:offset + size]
                assert [tuple(e[f] for f in FIELDS) for e in page["events"]] == want, (given, offset)
                assert page["total"] == total and (page["next"] is None) == (len(want) < size)
        if not text:  # and plain LIMIT/OFFSET reads of the table give the same rows
            for offset in (1, total // 2, total - 1):
                plain = store.events(dataclasses.replace(flt, limit=5, offset=offset))
                assert [e["key"] for e in store.events_page(dataclasses.replace(flt, limit=5, offset=offset),
                                                            text)["events"]] == [e["key"] for e in plain]


def test_deep_event_offsets_equal_plain_offsets(monkeypatch):
    store, rng = _store()
    assert store.con.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchone()[0] > 0
    _check_events(store, monkeypatch)
    _grow(store, rng, 500)  # new articles, and re-analysed ones whose rows are replaced
    _check_events(store, monkeypatch)


def test_day_counts_follow_the_writes_and_equal_a_recount():
    store, rng = _store()
    _grow(store, rng, 600)
    kept = {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("event_days", "article_days")}
    assert all(kept.values())
    aggregates.refill_days(store.con)
    for table, before in kept.items():
        assert store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() == before
    # the pre-aggregate's days are the events' own days under the filters it answers
    for given in ({}, {"types": ("AGREE",)}, {"modalities": ("asserted",), "date_from": "2023-05-01"}):
        where, params = EventFilter(**given).where()
        counted = store.con.execute(f"SELECT date, count(*) FROM events WHERE {where} GROUP BY date "
                                    "ORDER BY date NULLS LAST", params).fetchall()
        assert aggregates.event_days(store.con, where, params) == counted


def test_a_stale_pre_aggregate_is_not_used(monkeypatch):
    store, _ = _store()
    monkeypatch.setattr(paging, "DEEP", 0)
    store.con.execute("INSERT INTO events (key, article_id, event, date, modality) "
                      "VALUES ('ffff', 'zzzz', 'AGREE', DATE '2023-01-01', 'asserted')")  # around the write path
    store.con.execute("INSERT INTO articles (id, published) VALUES ('zzzz', DATE '2023-01-01')")
    assert aggregates.event_days(store.con, "1=1", []) is None and aggregates.article_days(store.con, None) is None
    total = store.count_events()
    keys = [e["key"] for k in range(0, total, 5) for e in store.events_page(EventFilter(limit=5, offset=k))["events"]]
    assert keys == [e["key"] for e in store.events()] and "ffff" in keys
    every = store.articles()
    assert [a for k in range(0, len(every), 3) for a in store.articles(limit=3, offset=k)] == every


def test_deep_article_offsets_equal_plain_offsets(monkeypatch):
    store, rng = _store()
    _grow(store, rng, 700)
    every = store.articles()
    assert every[-1]["published"] is None  # the undated article comes last
    monkeypatch.setattr(paging, "DEEP", 0)
    for size in (1, 8):
        for offset in range(1, len(every) + 2):
            assert store.articles(limit=size, offset=offset) == every[offset:offset + size], (size, offset)
    for language in ("en", "xx"):
        assert store.articles(limit=4, offset=len(every) // 2, language=language) == \
            store.articles(language=language)[len(every) // 2:len(every) // 2 + 4]


def test_days_seek():
    import datetime as dt

    d1, d2 = dt.date(2020, 1, 1), dt.date(2020, 1, 3)
    days = paging.Days([(d1, 2), (d2, 3), (None, 1)])
    assert days.total == 6
    assert [days.seek(r) for r in range(7)] == [(d1, 0), (d1, 1), (d2, 0), (d2, 1), (d2, 2), (None, 0), None]
    assert days.seek(-1) is None and paging.Days([]).seek(0) is None


def test_deep_offsets_through_the_api(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from detente.web import Backend, create_app

    path = str(tmp_path / "deep.duckdb")
    rng = random.Random(4)
    with Store(path) as disk:
        for i in range(30):
            disk.write(_analysis(rng, i), "test")
        plain = [e["key"] for e in disk.events()]
        articles = [a["id"] for a in disk.articles()]
    monkeypatch.setattr(paging, "DEEP", 2)
    backend = Backend(path)
    with TestClient(create_app(backend)) as client:
        for query, want in (("", plain), ("&type=AGREE,ASSAULT", None), ("&actor=RUS", None)):
            got = [e["key"] for k in range(0, 80, 6)
                   for e in client.get(f"/api/events?limit=6&offset={k}{query}").json()["events"]]
            if want is None:
                with Store(path, read_only=True) as s:
                    given = {"types": ("AGREE", "ASSAULT")} if "type" in query else {"actor": "RUS"}
                    want = [e["key"] for e in s.events(EventFilter(**given))]
            assert got == want and want
            assert client.get(f"/api/events?limit=6&offset=10000{query}").json()["events"] == []
        got = [a["id"] for k in range(0, 40, 4) for a in client.get(f"/api/articles?limit=4&offset={k}").json()["articles"]]
        assert got == articles
    backend.close()
