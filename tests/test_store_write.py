"""Batched writes: one transaction per batch, appends for new articles, replacement for re-coded ones."""
import dataclasses

import pytest

from detente.store import Store
from records import TEXT, sample_analysis


@pytest.fixture
def store():
    s = Store(":memory:")
    yield s
    s.close()


def _other():
    return sample_analysis(TEXT.replace("Baku", "Bakı"), date="2025-07-01")


def test_batch_writes_every_article_and_its_rows(store):
    one, two = sample_analysis(), _other()
    store.write_batch([one, two], "c1")
    counts = store.counts()
    assert counts["articles"] == 2 and counts["events"] == 4 and counts["event_actors"] == 8
    assert counts["stance"] == 4 and counts["actors"] == 6
    dates = {r[0]: r[1] for r in store.con.execute("SELECT id, CAST(published AS VARCHAR) FROM articles").fetchall()}
    assert dates == {one.article.id: "2025-06-30", two.article.id: "2025-07-01"}
    assert store.con.execute("SELECT count(*) FROM articles WHERE analysed_at IS NULL").fetchone()[0] == 0


def test_batch_replaces_an_article_coded_by_another_version(store):
    one, two = sample_analysis(), _other()
    store.write(one, "old")
    fewer = dataclasses.replace(one, events=one.events[:1])
    store.write_batch([fewer, two], "new")
    assert store.analysed(one.article.id, "new") and store.analysed(two.article.id, "new")
    per_article = dict(store.con.execute("SELECT article_id, count(*) FROM events GROUP BY 1").fetchall())
    assert per_article == {one.article.id: 1, two.article.id: 2}
    assert store.counts()["event_actors"] == 2 + 4  # the replaced article's old event actors are gone


def test_a_failed_batch_leaves_nothing(store):
    one = sample_analysis()
    broken = dataclasses.replace(_other(), events=("not an event",))
    with pytest.raises(Exception):
        store.write_batch([one, broken], "c1")
    assert store.counts()["articles"] == 0


def test_batch_through_a_cursor(store):
    cur = store.con.cursor()
    from detente.store import write

    write.write_batch(cur, [sample_analysis()], "c1")
    cur.close()
    assert store.counts()["events"] == 2


def _from_scratch(con):
    from detente.store.migrations import DYAD_STATS_SELECT

    con.execute("CREATE OR REPLACE TEMP TABLE _p AS SELECT * FROM event_pairs LIMIT 0")
    con.execute("INSERT INTO _p " + __import__("detente.store.migrations", fromlist=["x"]).EVENT_PAIRS_FILL
                .replace("INSERT INTO event_pairs", ""))
    return sorted(con.execute(DYAD_STATS_SELECT.format(source="_p")).fetchall())


def test_dyad_stats_stay_equal_to_a_full_recount(store):
    one, two = sample_analysis(), _other()
    store.write_batch([one, two], "c1")
    stats = sorted(store.con.execute("SELECT * FROM dyad_stats").fetchall())
    assert stats == _from_scratch(store.con) and stats[0][:4] == ("AZE", "RUS", 4, 4)
    store.write_batch([dataclasses.replace(one, events=one.events[:1])], "c2")  # a re-coded article
    stats = sorted(store.con.execute("SELECT * FROM dyad_stats").fetchall())
    assert stats == _from_scratch(store.con) and stats[0][:4] == ("AZE", "RUS", 3, 3)
    listed = store.con.execute("SELECT count(*) FROM event_pairs").fetchone()[0]
    assert listed == 3
