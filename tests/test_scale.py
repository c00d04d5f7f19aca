"""The relation index's fast path (per-period sums in DuckDB over ``cluster_dyads``) against the
reference path (every cluster read into Python), on a hand-built store."""
import pytest

from detente.relations import build_clusters, dyad_series
from detente.relations.index import periods_in_python, periods_in_sql
from detente.store import Store
from relations_records import country, event, write
from detente.model import Event, Evidence, Span

# (date, precision, type, score, source, target, modality, confidence)
HAPPENINGS = [
    ("2023-01-10", "day", "AGREE", 2.5, "AZE", "RUS", "asserted", 0.9),
    ("2023-01-12", "day", "ASSAULT", -9.0, "RUS", "AZE", "asserted", 0.7),
    ("2023-01-30", "day", "SANCTION", -6.0, "RUS", "AZE", "historical", 0.6),
    ("2023-03", "month", "AID", 8.0, "AZE", "RUS", "asserted", 1.0),
    ("2023", "year", "SUPPORT", 5.0, "RUS", "AZE", "asserted", 0.5),
    ("2023-05-20", "day", "CONSULT", 4.0, "AZE", "RUS", "hypothetical", 1.0),
    ("2023-06-05", "day", "THREATEN", -4.4, "AZE", "RUS", "asserted", 0.0),
    ("2023-08-14", "day", "COOPERATE", 9.5, "ARM", "AZE", "asserted", 0.9),
    ("2023-09-01", "day", "PROTEST", -6.5, "TUR", "TUR", "asserted", 0.4),
    ("2024-02-03", "day", "COERCE", -7.0, "AZE", "RUS", "asserted", 0.95),
    ("2024-02-04", "day", "MOBILIZE", -5.0, "AZE", "RUS", "asserted", 0.85),
    ("2024-02-06", "day", "REJECT", -3.0, "RUS", "AZE", "asserted", 0.75),
]
UNITS = ("day", "week", "month", "year")


@pytest.fixture(scope="module")
def store():
    s = Store(":memory:")
    for i, (date, precision, kind, score, src, tgt, modality, conf) in enumerate(HAPPENINGS):
        text = f"Officials of {src} acted{i} towards {tgt} about item{i} and thing{i}."
        write(s, text, [event(text, f"acted{i}", kind, score, src, tgt, date=date, precision=precision or "day",
                              modality=modality, confidence=conf)], published="2024-03-01", outlet=f"Outlet {i % 3}")
    text = "Moscow and Ankara both told Baku and Yerevan to talk item99."
    both = Event("CONSULT", None, None, 1.0, (country("RUS"), country("TUR")), (country("AZE"), country("ARM")),
                 "asserted", Evidence(text, 0, 0, Span(text.index("told"), text.index("told") + 4, "told")), "test@1",
                 date="2023-01-11", date_precision="day", date_origin="text", confidence=0.65)
    write(s, text, [both], published="2023-01-11")
    text = "Without a date, Kremlin envoys withdrew peacekeepers quietly."
    write(s, text, [event(text, "withdrew", "RETREAT", 7.0, "RUS", "AZE", confidence=0.8)])
    build_clusters(s)
    return s


@pytest.mark.parametrize("by", UNITS)
@pytest.mark.parametrize("a,b,directed", [("AZE", "RUS", False), ("AZE", "RUS", True), ("RUS", "AZE", True),
                                          ("ARM", "AZE", False), ("RUS", "ARM", True), ("TUR", "TUR", False),
                                          ("AZE", "USA", False)])
def test_fast_path_equals_reference(store, by, a, b, directed):
    fast = periods_in_sql(store, a, b, by, directed)
    assert fast is not None
    assert fast == periods_in_python(store, a, b, by, directed)


def test_series_is_not_empty_and_counts_every_kind(store):
    counts, points = periods_in_sql(store, "AZE", "RUS", "month", False)
    assert counts == {"clusters": 10, "placed": 8, "undated": 1, "too_coarse": 1}  # one is hypothetical
    jan, june = points[0], points[5]
    assert jan["period"] == "2023-01" and jan["clusters"] == 4 and len(jan["cluster_ids"]) == 4
    assert [e["event"] for e in jan["evidence"]] == ["ASSAULT", "SANCTION", "CONSULT"]
    assert june["clusters"] == 1 and june["weight"] == 0 and june["intensity"] is None
    assert points[-1]["period"] == "2024-02" and len(points) == 14 and points[-1]["reports"] == 3


def test_old_store_without_dyad_table_falls_back(store):
    expected = dyad_series(store, "AZE", "RUS", by="week")
    store.con.execute("ALTER TABLE cluster_dyads RENAME TO cluster_dyads_away")
    try:
        assert periods_in_sql(store, "AZE", "RUS", "week", False) is None
        assert dyad_series(store, "AZE", "RUS", by="week") == expected
    finally:
        store.con.execute("ALTER TABLE cluster_dyads_away RENAME TO cluster_dyads")


def test_dyad_table_follows_rebuilds(store):
    n = store.con.execute("SELECT count(*) FROM cluster_dyads").fetchone()[0]
    build_clusters(store)
    assert store.con.execute("SELECT count(*) FROM cluster_dyads").fetchone()[0] == n
    ordered = store.con.execute("SELECT a, b, date FROM cluster_dyads").fetchall()
    assert ordered == sorted(ordered, key=lambda r: (r[0], r[1], r[2] is None, r[2]))


def test_series_inside_a_callers_transaction(store):
    expected = periods_in_sql(store, "AZE", "RUS", "month", False)
    store.con.execute("BEGIN TRANSACTION")
    try:
        assert periods_in_sql(store, "AZE", "RUS", "month", False) == expected
    finally:
        store.con.execute("COMMIT")


def test_dyads_from_the_dyad_table_equal_the_cluster_lists(store):
    from detente.relations import dyads

    fast = dyads(store)
    store.con.execute("ALTER TABLE cluster_dyads RENAME TO cluster_dyads_away")
    try:
        assert dyads(store) == fast and ("AZE", "RUS") in fast and ("TUR", "TUR") not in fast
        assert dyads(store, min_clusters=5) == [("AZE", "RUS")]
    finally:
        store.con.execute("ALTER TABLE cluster_dyads_away RENAME TO cluster_dyads")
    assert dyads(store, min_clusters=5) == [("AZE", "RUS")]
