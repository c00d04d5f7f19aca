"""The server's fast paths (issue 19) give what the reference computations give, on a small store built here,
also after articles are added and re-analysed: keyset pages, page totals, the network summed in SQL, the
alerts of every dyad at once."""
import random

import pytest

from detente.relations import alerts, build_clusters, network
from detente.store import Store
from detente.store import relations as relation_tables
from detente.store.queries import EventFilter
from relations_records import article, event, filled_store, grow

CODES = ["ARM", "AZE", "RUS", "TUR", "UNO"]
KINDS = [("AGREE", 2.5), ("COOPERATE", 9.5), ("ACCUSE", -2.0), ("SANCTION", -6.0), ("ASSAULT", -9.0)]


def _analysis(rng, i, shift=0):
    events = []
    text = ""
    for j in range(rng.randint(1, 3)):
        a, b = rng.sample(CODES, 2)
        kind, score = rng.choice(KINDS)
        day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sentence = f"Item{i} part{j} {a} acted{j} near {b} on {day} v{shift}."
        text += sentence + " "
        events.append((sentence, f"acted{j}", kind, score - shift, a, b, day, len(text) - len(sentence) - 1, j))
    text = text.strip()
    evs = []
    for sentence, trigger, kind, score, a, b, day, start, j in events:
        e = event(sentence, trigger, kind, score, a, b, index=j, date=day if rng.random() > 0.1 else None,
                  confidence=rng.choice([0.5, 0.8, 1.0]))
        evs.append(e)
    return article(text, evs, published=f"2023-{rng.randint(1, 12):02d}-01", outlet=f"Outlet {i % 3}")


def _store(n=40, seed=3):
    store, rng = filled_store(_analysis, n, seed)
    build_clusters(store)
    return store, rng


def _grow(store, rng, start, n=15):
    """Add new articles and re-analyse some old ones (another coder: their rows are replaced, here by none)."""
    grow(store, _analysis, rng, start, n, reanalysed=5)
    build_clusters(store)


def _reference(monkeypatch, name, fn):
    with monkeypatch.context() as m:
        m.setattr(relation_tables, name, lambda *a, **k: None)
        return fn()


def _check_network(store, monkeypatch):
    for window in ((None, None), ("2023-03-01", "2023-09-30")):
        for states_only in (True, False):
            fast = network(store, *window, states_only=states_only)
            slow = _reference(monkeypatch, "network_pairs", lambda: network(store, *window, states_only=states_only))
            assert fast == slow
            assert fast["edges"]  # the store has ties to compare


def _check_alerts(store, monkeypatch):
    for by in ("month", "week", "day"):
        for code in (None, "AZE"):
            fast = alerts(store, by=by, a=code, min_history=2, z=1.0, min_shift=1.0)
            slow = _reference(monkeypatch, "placed_periods",
                              lambda: alerts(store, by=by, a=code, min_history=2, z=1.0, min_shift=1.0))
            assert fast == slow
    assert alerts(store, by="month", min_history=2, z=1.0, min_shift=1.0)  # some alerts to compare


def test_network_and_alerts_match_the_reference_after_growth(monkeypatch):
    store, rng = _store()
    _check_network(store, monkeypatch)
    _check_alerts(store, monkeypatch)
    _grow(store, rng, 100)
    _check_network(store, monkeypatch)
    _check_alerts(store, monkeypatch)


def _keyset_pages(store, flt, text=None, size=7):
    out, after = [], None
    while True:
        page = store.events_page(EventFilter(**{**flt, "limit": size}), text, after)
        out += page["events"]
        if not page["next"]:
            return out, page["total"]
        after = page["next"]


@pytest.mark.parametrize("flt,text", [({}, None), ({"dyad": ("AZE", "RUS")}, None), ({"actor": "TUR"}, None),
                                      ({"types": ("ASSAULT", "AGREE")}, "acted1")])
def test_keyset_pages_equal_offset_pages_and_totals(flt, text, monkeypatch):
    from detente.store import paging

    store, rng = _store()
    for grown in (False, True):
        if grown:
            _grow(store, rng, 200)
        every = store.events_page(EventFilter(**flt, limit=10_000), text)
        paged, total = _keyset_pages(store, flt, text)
        assert [e["key"] for e in paged] == [e["key"] for e in every["events"]]
        assert total == every["total"] == len(every["events"]) > 0
        # the total (for a dyad alone, read from dyad_stats) equals a count of the events
        assert store.count_page_total(EventFilter(**flt), text) == total
        if not text:
            assert total == store.count_events(EventFilter(**flt))
        by_offset = [e["key"] for k in range(0, total, 7)
                     for e in store.events_page(EventFilter(**flt, limit=7, offset=k), text)["events"]]
        assert by_offset == [e["key"] for e in paged]
        with monkeypatch.context() as m:  # deep offsets go through a cursor: the same pages
            m.setattr(paging, "DEEP", 3)
            deep = [e["key"] for k in range(0, total, 7)
                    for e in store.events_page(EventFilter(**flt, limit=7, offset=k), text)["events"]]
        assert deep == by_offset


def test_article_pages_by_cursor_and_counts(monkeypatch):
    store, rng = _store()
    _grow(store, rng, 300)
    every = store.articles()
    out, after = [], None
    while True:
        page = store.articles(limit=6, after=after)
        out += page
        if len(page) < 6:
            break
        from detente.store.paging import article_cursor

        after = article_cursor(page[-1])
    assert out == every  # same rows, same event counts, same order
    assert [a for k in range(0, len(every), 4) for a in store.articles(limit=4, offset=k)] == every
    from detente.store import paging

    monkeypatch.setattr(paging, "DEEP", 2)  # deep offsets through a cursor
    assert [a for k in range(0, len(every), 4) for a in store.articles(limit=4, offset=k)] == every
    assert sum(a["events"] for a in out) == store.total("events")


def test_sort_events_puts_the_table_in_page_order():
    store, _ = _store()
    from detente.store.migrations import sort_events

    before = store.events()
    sort_events(store.con)
    physical = [r[0] for r in store.con.execute("SELECT key FROM events").fetchall()]
    assert physical == [e["key"] for e in store.events()] and store.events() == before


def _raw_listings(store):
    from detente.store.queries import rows

    con = store.con
    actors = rows(con, "SELECT code, sector, name, count(*) AS mentions, count(DISTINCT article_id) AS articles "
                       "FROM actors GROUP BY ALL ORDER BY mentions DESC, code, sector, name")
    stance = rows(con, """
        SELECT coalesce(a.outlet, '(unknown)') AS outlet, s.actor AS actor, round(avg(s.polarity), 3) AS polarity,
               count(*) AS articles, sum(s.mentions) AS mentions,
               sum(CASE WHEN s.polarity >= 0.1 THEN 1 ELSE 0 END) AS positive,
               sum(CASE WHEN s.polarity <= -0.1 THEN 1 ELSE 0 END) AS negative
        FROM stance s LEFT JOIN articles a ON a.id = s.article_id GROUP BY 1, 2 ORDER BY articles DESC, outlet, actor""")
    return actors, stance


def test_listing_aggregates_follow_additions_and_reanalyses():
    from detente.model import Actor, Span, Stance
    from detente.stance import outlet_stance
    from detente.store import aggregates

    rng = random.Random(5)
    store = Store(":memory:")

    def one(i, coder="test", polarity_shift=0.0):
        base = _analysis(random.Random(i), i)
        text = base.article.text
        mentions = tuple(Actor(code=c, sector="GOV", name=c, span=Span(k, k + 1, text[k]))
                         for k, c in enumerate(rng.sample(CODES, 3)))
        stance = tuple(Stance(c, round(rng.uniform(-1, 1) + polarity_shift, 2), rng.randint(1, 3))
                       for c in rng.sample(CODES, 2))
        store.write(base.__class__(article=base.article, actors=mentions, events=base.events, stance=stance), coder)

    for i in range(30):
        one(i)
    for i in list(range(0, 30, 4)) + list(range(30, 40)):  # re-analysed (another coder) and new articles
        one(i, coder="test2", polarity_shift=0.3)
    actors, stance = _raw_listings(store)
    assert store.actors() == actors and outlet_stance(store) == stance and actors and stance
    kept = {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("actor_stats", "stance_outlets")}
    aggregates.refill(store.con)
    for table, before in kept.items():
        after = store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        assert [r[:3] if table == "stance_outlets" else r for r in after] == \
               [r[:3] if table == "stance_outlets" else r for r in before]
        if table == "stance_outlets":
            assert all(abs(x[3] - y[3]) < 1e-9 and x[4:] == y[4:] for x, y in zip(after, before))


def _all_triads(edges):
    """Every signed triad by brute force (the definition), heaviest first."""
    from itertools import combinations

    signed = {(e["a"], e["b"]): e for e in edges if e["sign"]}
    out = []
    for x, y, z in combinations(sorted({c for p in signed for c in p}), 3):
        trio = [signed.get((x, y)), signed.get((x, z)), signed.get((y, z))]
        if all(trio):
            out.append({"nodes": [x, y, z], "signs": "".join("+" if e["sign"] > 0 else "-" for e in trio),
                        "edges": {f"{e['a']}-{e['b']}": e["sign"] for e in trio},
                        "balanced": trio[0]["sign"] * trio[1]["sign"] * trio[2]["sign"] > 0,
                        "weight": round(min(e["weight"] for e in trio), 3)})
    return sorted(out, key=lambda t: (-t["weight"], t["nodes"]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_triads_heaviest_first_and_capped(seed):
    from detente.relations.network import _triads

    rng = random.Random(seed)
    codes = [f"C{i:02d}" for i in range(18)]
    edges = [{"a": a, "b": b, "sign": rng.choice([-1, 0, 1]), "weight": rng.choice([0.5, 1.0, 1.5, 2.0, 3.25])}
             for i, a in enumerate(codes) for b in codes[i + 1:] if rng.random() < 0.6]
    every = _all_triads(edges)
    assert len(every) > 20
    found, total, balanced = _triads(edges)
    assert found == every and total == len(every) and balanced == sum(t["balanced"] for t in every)
    for limit in (1, 10, 20):
        found, total, balanced = _triads(edges, limit)
        assert found == every[:limit] and total == len(every) and balanced == sum(t["balanced"] for t in every)


def test_interrupt_stops_a_running_request(tmp_path):
    """What SIGTERM does first in `detente serve` (web.app._interrupt_on_sigterm): a long query stops at once."""
    import threading
    import time

    from detente.web.backend import Backend

    path = str(tmp_path / "s.duckdb")
    Store(path).close()
    backend = Backend(path, read_only=True)
    failed = []

    def long_request():
        try:
            with backend.reader() as s:
                s.con.execute("SELECT count(*) FROM range(1000000000000) a, range(10) b").fetchall()
        except Exception as exc:  # duckdb.InterruptException
            failed.append(exc)

    worker = threading.Thread(target=long_request)
    worker.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    backend.interrupt()
    worker.join(timeout=30)
    assert not worker.is_alive() and failed and "interrupt" in type(failed[0]).__name__.lower()
    assert time.monotonic() - t0 < 30
    backend.close()


def test_dyad_clusters_through_cluster_dyads_match_the_code_lists(monkeypatch):
    store, rng = _store()
    for grown in (False, True):
        if grown:
            _grow(store, rng, 400)
        compared = 0
        for a, b in (("AZE", "RUS"), ("RUS", "AZE"), ("ARM", "TUR"), ("UNO", "AZE")):
            for kw in ({}, {"directed": True}, {"order": "date"}, {"happened": True, "limit": 3},
                       {"date_from": "2023-04-01", "date_to": "2023-08-31"}, {"min_articles": 2}):
                fast = relation_tables.clusters(store, a, b, **kw)
                slow = _reference(monkeypatch, "_dyad_clusters", lambda: relation_tables.clusters(store, a, b, **kw))
                assert fast == slow
                compared += len(fast)
        assert compared > 50  # clusters to compare, not empty lists


def _series_pair(monkeypatch, store, *args, **kw):
    from detente.relations import dyad_series

    fast = dyad_series(store, *args, **kw)
    slow = _reference(monkeypatch, "dyad_periods", lambda: dyad_series(store, *args, **kw))
    assert fast == slow
    return fast


@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_series_windows_are_slices_of_the_whole_series(by, monkeypatch):
    import datetime as dt

    from detente.relations import periods
    from detente.relations.index import trend
    from detente.relations.settings import IndexSettings

    store, rng = _store(80)
    loose = dict(min_history=2, z=1.0, min_shift=1.0, trend_periods=4)
    for a, b in (("AZE", "RUS"), ("ARM", "TUR")):
        whole = _series_pair(monkeypatch, store, a, b, by, **loose)
        starts = [p["start"] for p in whole["series"]]
        assert whole["window"]["whole"] and len(starts) > 5 and any(p["z"] is not None for p in whole["series"])
        for lo, hi, last in ((starts[2], starts[-3], None), (None, starts[len(starts) // 2], 3), (None, None, 4),
                             (starts[1], None, None), ("2030-01-01", None, None)):
            got = _series_pair(monkeypatch, store, a, b, by, date_from=lo, date_to=hi, last=last, **loose)
            end = hi or starts[-1]
            first = lo or (periods.back(dt.date.fromisoformat(end), by, last - 1).isoformat() if last else starts[0])
            first = periods.start(dt.date.fromisoformat(first), by).isoformat()
            want = [p for p in whole["series"] if first <= p["start"] <= end]
            assert got["series"] == want  # same sums, ids, evidence, baseline, z and alerts
            assert got["alerts"] == [p["period"] for p in want if p["alert"]]
            upto = [p for p in whole["series"] if p["start"] <= end]
            assert got["trend"] == trend(upto, IndexSettings(**loose))
            assert got["window"]["periods"] == len(want) and not got["window"]["whole"]
            assert {k: got[k] for k in ("clusters", "placed", "undated", "too_coarse")} == \
                   {k: whole[k] for k in ("clusters", "placed", "undated", "too_coarse")}
    whole = _series_pair(monkeypatch, store, "AZE", "RUS", by)
    few = _series_pair(monkeypatch, store, "AZE", "RUS", by, evidence=1)
    assert [p["evidence"] for p in few["series"]] == [p["evidence"][:1] for p in whole["series"]]
    assert any(len(p["evidence"]) > 1 for p in whole["series"]) or by == "day"  # days of one happening
    none = _series_pair(monkeypatch, store, "AZE", "RUS", by, evidence=0)
    assert all(p["evidence"] == [] for p in none["series"])


def test_network_from_the_days_table_equals_the_dyad_table_path(monkeypatch):
    """dyad_days/cluster_days (m011) give what one pass over cluster_dyads gives, and follow rebuilds."""
    store, rng = _store()
    for grown in (False, True):
        if grown:
            _grow(store, rng, 500)
        for window in ((None, None), ("2023-02-10", "2023-07-20"), ("2023-05-05", "2023-05-05")):
            for excluded in ((), ("UNO",)):
                fast = relation_tables.network_pairs(store, *window, excluded)
                store.con.execute("ALTER TABLE dyad_days RENAME TO dyad_days_away")
                try:
                    slow = relation_tables.network_pairs(store, *window, excluded)
                finally:
                    store.con.execute("ALTER TABLE dyad_days_away RENAME TO dyad_days")
                assert fast[0] == slow[0] and len(fast[1]) == len(slow[1])
                for x, y in zip(fast[1], slow[1]):
                    assert x.keys() == y.keys()
                    for k in x:
                        numeric = isinstance(y[k], float)
                        assert x[k] == (pytest.approx(y[k], rel=1e-12, abs=1e-12) if numeric else y[k]), k
            if window == (None, None):
                assert fast[0] > 0 and fast[1]  # happenings and ties to compare


def test_network_top_lists_the_heaviest_ties_and_counts_them_all(monkeypatch):
    from detente.relations.network import _nodes

    store, _ = _store(80)
    whole = network(store, states_only=False)
    assert whole["ties"] == {"listed": len(whole["edges"]), "total": len(whole["edges"]), "top": None,
                             "min_clusters": 1} and len(whole["edges"]) > 6
    heaviest = sorted(whole["edges"], key=lambda e: (-e["weight"], e["a"], e["b"]))
    for top in (1, 4, len(whole["edges"]) - 1, len(whole["edges"]) + 5):
        fast = network(store, states_only=False, top=top)
        slow = _reference(monkeypatch, "network_pairs", lambda: network(store, states_only=False, top=top))
        assert fast == slow
        want = sorted(heaviest[:top], key=lambda e: (e["a"], e["b"]))
        assert fast["edges"] == want and fast["nodes"] == _nodes(want)
        assert fast["triads"] == whole["triads"] and fast["balance"] == whole["balance"]  # every tie counts
        assert fast["ties"]["listed"] == min(top, len(whole["edges"])) and fast["ties"]["total"] == len(whole["edges"])
    two = network(store, states_only=False, min_clusters=2)
    assert two["edges"] == [e for e in whole["edges"] if e["clusters"] >= 2] and two["edges"]


def test_many_dyad_clusters_read_in_one_pass(monkeypatch):
    store, _ = _store(80)
    by_key = relation_tables.clusters(store, "AZE", "RUS", limit=10_000)
    monkeypatch.setattr(relation_tables, "_BY_ID_MAX", 2)
    assert relation_tables.clusters(store, "AZE", "RUS", limit=10_000) == by_key and len(by_key) > 2


def test_cluster_pages_by_id_equal_the_plain_listing(monkeypatch):
    store, rng = _store()
    _grow(store, rng, 800)
    for a in (None, "AZE"):
        for kw in ({}, {"order": "date"}, {"happened": True, "limit": 5}, {"date_from": "2023-04-01"}):
            fast = relation_tables.clusters(store, a, **kw)
            with monkeypatch.context() as m:  # every listing in one wide query (as for a limit past _BY_ID_MAX)
                m.setattr(relation_tables, "_BY_ID_MAX", -1)
                slow = relation_tables.clusters(store, a, **kw)
            assert fast == slow and fast


def test_network_from_whole_years_equals_the_days_path():
    """dyad_years (m013): a window's whole years summed per year, the rest from dyad_days: the same pairs."""
    rng = random.Random(9)
    store = Store(":memory:")

    def add(i):
        a, b = rng.sample(CODES, 2)
        kind, score = rng.choice(KINDS)
        day = f"{rng.randint(2020, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = f"Item{i} {a} acted near {b} on {day}."
        store.write(article(text, [event(text, "acted", kind, score, a, b, date=day,
                                         confidence=rng.choice([0.5, 0.8, 1.0]))], published=day[:7] + "-01"), "test")

    for i in range(120):
        add(i)
    build_clusters(store)
    windows = [(None, None), ("2021-01-01", "2022-12-31"), ("2020-03-05", "2023-06-01"), ("2021-01-01", None),
               (None, "2022-12-31"), ("2022-02-01", "2022-11-30"), ("2019-12-31", "2024-01-01")]
    for grown in (False, True):
        if grown:
            for i in range(120, 160):
                add(i)
            build_clusters(store)  # the rebuild refills dyad_years
        for window in windows:
            fast = relation_tables.network_pairs(store, *window)
            store.con.execute("ALTER TABLE dyad_years RENAME TO dyad_years_away")
            try:
                slow = relation_tables.network_pairs(store, *window)
            finally:
                store.con.execute("ALTER TABLE dyad_years_away RENAME TO dyad_years")
            assert fast[0] == slow[0] and [(x["a"], x["b"]) for x in fast[1]] == [(y["a"], y["b"]) for y in slow[1]]
            for x, y in zip(fast[1], slow[1]):
                for k in x:
                    numeric = isinstance(y[k], float)
                    assert x[k] == (pytest.approx(y[k], rel=1e-12, abs=1e-12) if numeric else y[k]), k
        assert fast[1] and store.con.execute("SELECT count(DISTINCT date) FROM dyad_years").fetchone()[0] == 5
