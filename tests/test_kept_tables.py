"""The tables kept for the server at 10^7 events (detente.store.kept, migrations m014-m016) give what the
reference computations give, on small stores built here, also after articles are added and re-analysed and the
clusters rebuilt: each dyad's map, the clusters listing, every dyad's alerts."""
import dataclasses
import json
import random

import pytest

from detente.model import Place
from detente.relations import alerts, build_clusters
from detente.relations.alerts import alerts_page
from detente.store import Store, kept, queries
from detente.store import relations as relation_tables
from detente.store.queries import EventFilter
from relations_records import article, event, filled_store, grow

CODES = ["ARM", "AZE", "RUS", "TUR", "UNO"]
KINDS = [("AGREE", 2.5), ("COOPERATE", 9.5), ("ACCUSE", -2.0), ("SANCTION", -6.0), ("ASSAULT", -9.0), (None, None)]
PLACES = [Place("Harbour Town", 40.25, 49.875, "AZE"), Place("Hill Village", 55.125, 37.5, "RUS"),
          Place("Harbour Town", 41.0, 44.75, "ARM"), Place("Lake Camp", 39.9, 32.85, None)]


def _analysis(rng, i, shift=0.0):
    events, text = [], ""
    for j in range(rng.randint(1, 3)):
        codes = rng.sample(CODES, 3)
        kind, score = rng.choice(KINDS)
        day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sentence = f"Note{i} piece{j} {codes[0]} moved{j} with {codes[1]} on {day} r{shift}."
        text += sentence + " "
        e = event(sentence, f"moved{j}", kind or "AGREE", (score if score is not None else 1.0) - shift,
                  codes[0], codes[1], index=j, date=day if rng.random() > 0.1 else None,
                  confidence=rng.choice([0.5, 0.8, 1.0]))
        if kind is None:  # an untyped event with no score
            e = dataclasses.replace(e, event=None, score=None)
        if rng.random() < 0.3:  # two sources: the same pair must count once
            e = dataclasses.replace(e, source=e.source + e.target)
        if rng.random() < 0.75:
            e = dataclasses.replace(e, place=rng.choice(PLACES))
        events.append(e)
    return article(text.strip(), events, published=f"2023-{rng.randint(1, 12):02d}-01", outlet=f"Outlet {i % 3}")


def _store(n=60, seed=4, path=":memory:"):
    store, rng = filled_store(_analysis, n, seed, path)
    build_clusters(store)
    return store, rng


def _grow(store, rng, start, n=20):
    """New articles, and some old ones re-analysed by another coder (their rows replaced, scores shifted)."""
    grow(store, _analysis, rng, start, n, reanalysed=8,
         again=lambda old: _analysis(random.Random(old), 999, shift=0.5).events)
    build_clusters(store)


def _reference_places(store, flt, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(kept, "dyad_places", lambda *a, **k: None)
        return store.event_places(flt)


def test_dyad_places_equal_the_events_map(monkeypatch):
    store, rng = _store()
    for grown in (False, True):
        if grown:
            _grow(store, rng, 100)
        compared = 0
        for a, b in (("AZE", "RUS"), ("RUS", "AZE"), ("arm", "tur"), ("UNO", "AZE"), ("AZE", "XXX")):
            flt = EventFilter(dyad=(a, b))
            fast = store.event_places(flt)
            slow = _reference_places(store, flt, monkeypatch)
            assert fast == slow
            compared += len(fast["places"])
            assert fast["total"] == store.count_events(flt) and fast["located"] <= fast["total"]
        assert compared > 8  # places to compare, not empty maps
        # the incrementally kept table equals a refill from the events
        before = store.con.execute("SELECT * FROM dyad_places ORDER BY a, b, name, country, event").fetchall()
        kept.refill_places(store.con)
        after = store.con.execute("SELECT * FROM dyad_places ORDER BY a, b, name, country, event").fetchall()
        assert len(before) == len(after)
        for x, y in zip(before, after):
            assert x[:7] == y[:7] and x[10] == y[10]
            assert all(abs(p - q) < 1e-9 for p, q in zip(x[7:10], y[7:10]))


def test_other_filters_and_directed_dyads_are_counted_from_the_events(monkeypatch):
    store, _ = _store()
    monkeypatch.setattr(kept, "dyad_places", lambda *a, **k: pytest.fail("a filter the kept map does not serve"))
    for flt in (EventFilter(dyad=("AZE", "RUS"), directed=True), EventFilter(dyad=("AZE", "RUS"), types=("AGREE",)),
                EventFilter(dyad=("AZE", "AZE")), EventFilter(actor="AZE")):
        store.event_places(flt)
    store.event_places(EventFilter(dyad=("AZE", "RUS")), "moved1")


def _reference_clusters(store, monkeypatch, **kw):
    with monkeypatch.context() as m:
        m.setattr(kept, "ranked_ids", lambda *a, **k: None)
        return relation_tables.clusters(store, **kw)


@pytest.mark.parametrize("window", [4096, 1, 3])
def test_cluster_listing_by_rank_equals_the_sorted_clusters(window, monkeypatch):
    store, rng = _store()
    monkeypatch.setattr(kept, "FIRST_WINDOW", window)
    for grown in (False, True):
        if grown:
            _grow(store, rng, 200)
        for kw in ({}, {"limit": 1}, {"limit": 7}, {"happened": True, "limit": 5}, {"happened": False},
                   {"date_from": "2023-04-01", "date_to": "2023-06-30", "limit": 4}, {"min_articles": 2},
                   {"limit": 10_000}):
            fast = relation_tables.clusters(store, **kw)
            assert fast == _reference_clusters(store, monkeypatch, **kw)
            assert fast or kw.get("min_articles") or kw.get("happened") is False
        ranks = store.con.execute("SELECT cluster_id FROM cluster_ranks").fetchall()  # physically in rank order
        assert [r[0] for r in ranks] == [c["cluster_id"] for c in _reference_clusters(store, monkeypatch, limit=10_000,
                                                                                      min_articles=0)]


def _steady_then_sharp(store, start=0):
    """ARM and TUR cooperate from January to June 2023 and clash in July: one escalation under the default
    settings by month, week and day."""
    for k, (kind, score) in enumerate([("AGREE", 2.5), ("COOPERATE", 9.5)] * 3 + [("ASSAULT", -9.0)]):
        day = f"2023-{k + 1:02d}-{10 + k:02d}"
        text = f"Bulletin {start + k}: ARM signalled{k} TUR on {day}."
        store.write(article(text, [event(text, f"signalled{k}", kind, score, "ARM", "TUR", date=day)],
                            published=day), "test")


def _live_alerts(store, monkeypatch, **kw):
    with monkeypatch.context() as m:
        m.setattr(kept, "kept_alerts", lambda *a, **k: None)
        return alerts(store, **kw)


def test_kept_alerts_equal_the_computed_ones(monkeypatch):
    store, rng = _store()
    _steady_then_sharp(store)
    build_clusters(store)
    for grown in (False, True):
        if grown:
            _grow(store, rng, 300)
            _steady_then_sharp(store, 100)
            build_clusters(store)
        assert store.con.execute("SELECT count(*) FROM dyad_alert_units").fetchone()[0] == 4
        for by in ("day", "week", "month", "year"):
            for kw in ({}, {"a": "ARM"}, {"a": "rus"}, {"since": "2023-07-01"}, {"since": "2023-07-11", "a": "TUR"}):
                fast = alerts(store, by=by, **kw)
                assert fast == _live_alerts(store, monkeypatch, by=by, **kw)
                for limit in (1, 3, 10_000):  # the store's page of the kept alerts: a slice of the sorted list
                    assert alerts_page(store, by, kw.get("a"), kw.get("since"), limit) == (fast[:limit], len(fast))
        assert alerts(store, by="month") and alerts(store, by="week")  # alerts to compare
    monkeypatch.setattr(kept, "replace_alerts", lambda *a, **k: pytest.fail("other settings are not kept"))
    loose = alerts(store, by="month", min_history=2, z=1.0, min_shift=1.0)
    assert loose == _live_alerts(store, monkeypatch, by="month", min_history=2, z=1.0, min_shift=1.0)


def test_a_rebuild_recomputes_the_alerts_of_the_changed_dyads_alone(monkeypatch):
    from detente.relations.alerts import keep

    store, rng = _store()
    _steady_then_sharp(store)
    build_clusters(store)
    counts = []
    real = kept.forget_changed
    monkeypatch.setattr(kept, "forget_changed", lambda con: counts.append(real(con)) or counts[-1])
    build_clusters(store)  # nothing changed
    text = "Bulletin 900: AZE signalled TUR on 2023-08-20."
    store.write(article(text, [event(text, "signalled", "ASSAULT", -9.0, "AZE", "TUR", date="2023-08-20")],
                        published="2023-08-20"), "test")
    build_clusters(store)  # one new happening: its dyad (and the dyads of clusters it joined) recomputed
    _grow(store, rng, 500)
    assert counts[0] == 0 and 1 <= counts[1] < 5 and counts[2] > 0
    every = "SELECT unit, a, b, start, alert FROM dyad_alerts ORDER BY ALL"
    incremental = store.con.execute(every).fetchall()
    store.con.execute("BEGIN TRANSACTION")
    keep(store)  # every dyad's alerts computed again
    store.con.execute("COMMIT")
    assert store.con.execute(every).fetchall() == incremental and incremental
    assert [json.loads(r[4])["dyad"] for r in incremental if r[0] == "month"] == \
        [f"{r[1]}-{r[2]}" for r in incremental if r[0] == "month"]


def test_kept_alerts_are_not_read_after_the_clusters_changed_around_them(monkeypatch):
    store, _ = _store()
    _steady_then_sharp(store)
    build_clusters(store)
    assert kept.kept_alerts(store.con, "month", _key(), None, None) is not None
    store.con.execute("DELETE FROM cluster_dyads WHERE a = 'ARM' AND b = 'TUR'")  # written around replace_clusters
    assert kept.kept_alerts(store.con, "month", _key(), None, None) is None
    assert alerts(store) == _live_alerts(store, monkeypatch)
    assert not [r for r in alerts(store) if r["dyad"] == "ARM-TUR"]


def _key():
    from detente.relations.alerts import settings_key
    from detente.relations.settings import IndexSettings

    return settings_key(IndexSettings())


def test_an_old_store_migrates_in_place_and_a_fresh_store_has_the_tables(tmp_path, monkeypatch):
    path = str(tmp_path / "old.duckdb")
    store, rng = _store(path=path)
    _steady_then_sharp(store)
    build_clusters(store)
    want = (store.event_places(EventFilter(dyad=("AZE", "RUS"))), relation_tables.clusters(store, limit=9),
            alerts(store), alerts(store, by="day"))
    for table in ("dyad_places", "cluster_ranks", "dyad_alerts", "dyad_alert_units", "dyad_totals"):  # before m014
        store.con.execute(f"DROP TABLE {table}")
    store.con.execute("DELETE FROM _migrations WHERE name >= 'm014'")
    store.close()
    with Store(path, read_only=True) as old:  # an old store read before its migration: computed
        assert (old.event_places(EventFilter(dyad=("AZE", "RUS"))), relation_tables.clusters(old, limit=9),
                alerts(old), alerts(old, by="day")) == want
    with Store(path) as migrated:
        assert migrated.con.execute("SELECT count(*) FROM _migrations WHERE name >= 'm014'").fetchone()[0] == 4
        monkeypatch.setattr(queries, "_event_places", lambda *a, **k: pytest.fail("the kept map is read"))
        with monkeypatch.context() as m:
            m.setattr(relation_tables, "placed_periods", lambda *a, **k: pytest.fail("the kept alerts are read"))
            got = (migrated.event_places(EventFilter(dyad=("AZE", "RUS"))),
                   relation_tables.clusters(migrated, limit=9), alerts(migrated), alerts(migrated, by="day"))
        assert got == want and want[0]["places"] and want[2]
    fresh = Store(str(tmp_path / "fresh.duckdb"))
    assert fresh.con.execute("SELECT count(*) FROM dyad_alert_units").fetchone()[0] == 4
    assert fresh.event_places(EventFilter(dyad=("AZE", "RUS"))) == {"total": 0, "located": 0, "places": []}
    fresh.close()


def test_the_network_of_all_time_from_the_totals_equals_the_years_path():
    """dyad_totals (m017): the pairs over all time, refilled with the clusters: the same as summing the years."""
    store, rng = _store()
    for grown in (False, True):
        if grown:
            _grow(store, rng, 600)
        for excluded in ((), ("UNO",)):
            fast = relation_tables.network_pairs(store, None, None, excluded)
            store.con.execute("ALTER TABLE dyad_totals RENAME TO dyad_totals_away")
            try:
                slow = relation_tables.network_pairs(store, None, None, excluded)
            finally:
                store.con.execute("ALTER TABLE dyad_totals_away RENAME TO dyad_totals")
            assert fast[0] == slow[0] > 0 and [(x["a"], x["b"]) for x in fast[1]] == [(y["a"], y["b"]) for y in slow[1]]
            for x, y in zip(fast[1], slow[1]):
                for k in x:
                    numeric = isinstance(y[k], float)
                    assert x[k] == (pytest.approx(y[k], rel=1e-12, abs=1e-12) if numeric else y[k]), k
