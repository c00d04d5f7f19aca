import pytest

from detente.errors import NotFound
from detente.store import Store
from detente.store.queries import EventFilter
from records import sample_analysis


@pytest.fixture
def store():
    s = Store(":memory:")
    yield s
    s.close()


def test_migrations_recorded_once(store):
    from detente.store import migrations

    assert migrations.apply(store.con) == []
    names = [r[0] for r in store.con.execute("SELECT name FROM _migrations").fetchall()]
    assert names == [fn.__name__ for fn in migrations.MIGRATIONS]


def test_write_is_idempotent(store):
    a = sample_analysis()
    store.write(a, "c1")
    first = store.counts()
    store.write(a, "c1")
    assert store.counts() == first
    assert first["articles"] == 1 and first["events"] == 2 and first["event_actors"] == 4
    assert store.analysed(a.article.id, "c1") and not store.analysed(a.article.id, "c2")


def test_event_filters(store):
    store.write(sample_analysis(), "c1")
    assert [e["event"] for e in store.events(actor="rus")] == ["ACCUSE", "COERCE"]
    assert [e["event"] for e in store.events(dyad=("RUS", "AZE"))] == ["ACCUSE", "COERCE"]
    assert [e["event"] for e in store.events(dyad=("RUS", "AZE"), directed=True)] == ["ACCUSE"]
    assert [e["event"] for e in store.events(types=("coerce",))] == ["COERCE"]
    assert store.events(date_from="2025-06-15") == store.events(types=("COERCE",))
    assert store.events(modalities=("negated",)) == []
    ev = store.events(types=("COERCE",))[0]
    assert ev["trigger_text"] == "raided" and ev["sentence_index"] == 0 and ev["date"] == "2025-06-30"


def test_filter_values_are_parameters_not_sql(store):
    store.write(sample_analysis(), "c1")
    assert store.events(actor="RUS' OR 1=1 --") == []
    assert store.events(EventFilter(types=("X') OR ('1'='1",))) == []


def test_article_prefix_lookup_and_not_found(store):
    a = sample_analysis()
    store.write(a, "c1")
    assert store.article(a.article.id[:6])["outlet"] == "Test Wire"
    with pytest.raises(NotFound, match="detente articles"):
        store.article("ffffffffffff")


def test_dyads_count_events_that_happened(store):
    store.write(sample_analysis(), "c1")
    pairs = {(d["source"], d["target"]): d["events"] for d in store.dyads()}
    assert pairs == {("AZE", "RUS"): 1, ("RUS", "AZE"): 1}


def test_quarantine_deduplicates(store):
    store.quarantine("x.txt", "empty", "text", "read")
    store.quarantine("x.txt", "empty", "text", "read")
    assert [q["reason"] for q in store.quarantined()] == ["empty"]


def test_new_store_uses_small_blocks_and_an_old_store_keeps_its_own(tmp_path):
    import duckdb

    from detente.store import BLOCK_SIZE

    size = "SELECT block_size FROM pragma_database_size()"
    with Store(str(tmp_path / "new.duckdb")) as new:
        new.write(sample_analysis(), "c1")
        assert new.con.execute(size).fetchone()[0] == BLOCK_SIZE < 256 * 1024
    duckdb.connect(str(tmp_path / "old.duckdb")).close()  # DuckDB's default block size
    with Store(str(tmp_path / "old.duckdb")) as old:
        old.write(sample_analysis(), "c1")
        assert old.con.execute(size).fetchone()[0] == 256 * 1024
    with Store(str(tmp_path / "new.duckdb"), read_only=True) as again:
        assert again.counts()["events"] == 2
