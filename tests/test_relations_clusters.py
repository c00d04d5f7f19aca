"""Clusters: the same happening reported by several articles becomes one cluster."""
from detente.relations import build_clusters, cluster, clusters
from detente.relations.match import period
from detente.relations.text import context, stem, terms
from detente.store import Store
from relations_records import event, write

CRASH_A = "Russian air defence downed an Azerbaijani airliner near Grozny on Christmas Day."
CRASH_B = "The downing of the Azerbaijani airliner by Russian air defence shocked Baku."
HOUSE_A = "Baku ordered the closure of the Russian House cultural centre."
HOUSE_B = "Azerbaijan said the Russian House in Baku will close."
OTHER = "Russia expelled two Azerbaijani diplomats from Moscow."


def _store_two_reports():
    store = Store(":memory:")
    write(store, CRASH_A + " " + HOUSE_A, [
        event(CRASH_A, "downed", "ASSAULT", -9, "RUS", "AZE", date="2024-12-25"),
        event(HOUSE_A, "closure", "SANCTION", -6, "AZE", "RUS", index=1, date="2025-02", precision="month"),
    ], published="2025-02-05", outlet="Wire A")
    write(store, CRASH_B + " " + HOUSE_B + " " + OTHER, [  # an undated article
        event(CRASH_B, "downing", "ASSAULT", -9, "RUS", "AZE"),
        event(HOUSE_B, "close", "SANCTION", -6, "AZE", "RUS", index=1, modality="future"),
        event(OTHER, "expelled", "SANCTION", -6, "RUS", "AZE", index=2),
    ], outlet="Wire B")
    return store


def test_two_articles_one_cluster_each():
    store = _store_two_reports()
    summary = build_clusters(store)
    assert summary == {"events": 5, "clusters": 3, "reported_more_than_once": 2, "across_articles": 2,
                       "allusions": 0, "rule": "cluster-rule@2"}
    found = {c["event"] + ":" + c["source"]: c for c in clusters(store)}
    crash, house = found["ASSAULT:RUS"], found["SANCTION:AZE"]
    assert (crash["mentions"], crash["articles"], crash["sources"]) == (2, 2, 2)
    assert str(crash["date"]) == "2024-12-25" and crash["happened"]
    assert house["articles"] == 2 and str(house["date"]) == "2025-02-01" and house["date_precision"] == "month"
    assert found["SANCTION:RUS"]["articles"] == 1  # a different happening of the same type
    reports = cluster(store, crash["cluster_id"])["reports"]
    assert {r["outlet"] for r in reports} == {"Wire A", "Wire B"}
    assert {r["sentence"] for r in reports} == {CRASH_A, CRASH_B}


def test_build_is_deterministic_and_idempotent():
    store = _store_two_reports()
    build_clusters(store)
    first = clusters(store, order="date")
    build_clusters(store)
    assert clusters(store, order="date") == first
    other = _store_two_reports()
    build_clusters(other)
    assert [c["cluster_id"] for c in clusters(other, order="date")] == [c["cluster_id"] for c in first]


def test_far_apart_dates_do_not_match():
    store = Store(":memory:")
    write(store, CRASH_A, [event(CRASH_A, "downed", "ASSAULT", -9, "RUS", "AZE", date="2024-12-25")],
          published="2024-12-26")
    write(store, CRASH_B, [event(CRASH_B, "downing", "ASSAULT", -9, "RUS", "AZE", date="2023-06-01")],
          published="2023-06-02")
    assert build_clusters(store)["clusters"] == 2


def test_negated_and_reversed_reports_stay_apart():
    store = Store(":memory:")
    write(store, CRASH_A, [event(CRASH_A, "downed", "ASSAULT", -9, "RUS", "AZE", date="2024-12-25")])
    write(store, CRASH_B, [event(CRASH_B, "downing", "ASSAULT", -9, "RUS", "AZE", date="2024-12-25",
                                 modality="negated")])
    write(store, CRASH_B + " Again.", [event(CRASH_B, "downing", "ASSAULT", -9, "AZE", "RUS", date="2024-12-25")])
    assert build_clusters(store)["clusters"] == 3


def test_cluster_confidence_and_score_are_weighted():
    store = Store(":memory:")
    write(store, CRASH_A, [event(CRASH_A, "downed", "ASSAULT", -9, "RUS", "AZE", date="2024-12-25", confidence=0.5)])
    write(store, CRASH_B, [event(CRASH_B, "downing", "COERCE", -7, "RUS", "AZE", date="2024-12-26", confidence=0.5)])
    build_clusters(store)
    (c,) = clusters(store)
    assert c["confidence"] == 0.75 and c["score"] == -8.0 and c["event"] == "ASSAULT"


def test_text_helpers():
    assert stem("closure") == stem("close") == stem("closed") == "clos"
    assert terms("The downing of the airliner") == {"down", "airliner"}
    assert context("a b c trigger d e f", 6, 13, 1) == "c trigger d"
    from types import SimpleNamespace as M

    from detente.relations.match import text_similarity
    a, b = M(terms=frozenset("ab"), entities=frozenset()), M(terms=frozenset("bc"), entities=frozenset())
    assert text_similarity(a, b, 3) == 0.5 and text_similarity(M(terms=frozenset(), entities=frozenset()), b, 3) == 0
    org = frozenset({"target|org:X"})
    assert text_similarity(M(terms=a.terms, entities=org), M(terms=b.terms, entities=org), 3) == 0.8  # (2+6)/10
    import datetime as dt
    assert period(dt.date(2024, 12, 1), "month") == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))


def test_undated_one_sided_report_matches_in_either_role():
    """The sample's shape: a dated "closure of the X Centre" (AZE→RUS) and, in an undated article,
    "the X Centre is likely to close" coded with the centre as its only actor (RUS as source)."""
    store = Store(":memory:")
    dated = "Months later came the closure of the Russian Culture Centre in Baku."
    undated = "Officials said the Russian Culture Centre in Baku may well close soon."
    write(store, dated, [event(dated, "closure", "COERCE", -7, "AZE", "RUS", date="2024-12", precision="month")],
          published="2025-07-14", outlet="Weekly")
    bare = event(undated, "close", "COERCE", -7, "RUS", "AZE", modality="hypothetical")
    import dataclasses
    write(store, undated, [dataclasses.replace(bare, target=())])
    assert build_clusters(store)["across_articles"] == 1
    (c,) = clusters(store, min_articles=2)
    assert c["happened"] and c["modality"] == "asserted" and c["mentions"] == 2


def test_a_report_must_match_half_the_cluster():
    store = Store(":memory:")
    a = "Police raided the agency office and detained staff in the capital."
    b = "Police raided the agency office on Monday, officials said."
    b2 = "Police raided the agency office on Monday night."
    c = "Staff were detained in the capital after a protest."
    for i, s in enumerate((a, b, b2)):
        write(store, s, [event(s, "raided", "COERCE", -7, "AZE", "RUS", date="2025-06-30")], outlet=f"W{i}")
    write(store, c, [event(c, "detained", "COERCE", -7, "AZE", "RUS", date="2025-06-30")], outlet="W2")
    build_clusters(store)
    sizes = sorted(x["mentions"] for x in clusters(store))
    assert sizes == [1, 3]  # c resembles a but neither b: it stays apart


def test_clusters_written_in_parts_are_the_clusters_written_at_once(monkeypatch):
    from detente.store import relations as relation_tables

    def tables(store):
        con = store.con
        return {t: con.execute(f"SELECT * FROM {t}").fetchall()  # the stored order too
                for t in ("clusters", "cluster_events", "cluster_dyads", "cluster_allusions")}

    whole = _store_two_reports()
    build_clusters(whole)
    parts = _store_two_reports()
    monkeypatch.setattr(relation_tables, "INSERT_PART", 1)  # one row per INSERT
    build_clusters(parts)
    assert tables(parts) == tables(whole) and len(tables(whole)["cluster_events"]) == 5


def test_build_runs_duckdb_on_one_thread_and_gives_the_threads_back(monkeypatch):
    import importlib

    cluster_module = importlib.import_module("detente.relations.clusters")  # the package exports clusters()
    store = _store_two_reports()
    store.con.execute("SET threads = 3")
    seen = []
    load = cluster_module.load_mentions

    def spying(store_, rule):
        seen.append(store_.con.execute("SELECT current_setting('threads')").fetchone()[0])
        return load(store_, rule)

    monkeypatch.setattr(cluster_module, "load_mentions", spying)
    assert build_clusters(store)["clusters"] == 3
    assert seen == [1]
    assert store.con.execute("SELECT current_setting('threads')").fetchone()[0] == 3
