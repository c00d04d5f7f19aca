"""The on-disk search index: built once, updated incrementally, shared by restarts, dropped for a new store."""
import dataclasses

from detente.store import Store
from detente.store.search import SearchIndex, index_path
from records import TEXT, sample_analysis


def test_index_persists_and_updates_incrementally(tmp_path):
    db = str(tmp_path / "s.duckdb")
    store = Store(db)
    store.write(sample_analysis(), "c1")
    index = SearchIndex(index_path(db))
    assert index.update(store.con) == {"articles": 1, "sentences": 2}
    assert [h["id"] for h in index.search("Sputnik")["articles"]] == [sample_analysis().article.id]
    index.close()

    again = SearchIndex(index_path(db))  # a restart: nothing to index
    assert again.size == {"articles": 1, "sentences": 2} and again.pending(store.con) == 0
    other = sample_analysis(TEXT.replace("Baku", "Ganja"), date="2025-07-02")
    store.write(other, "c1")
    assert again.update(store.con) == {"articles": 2, "sentences": 4}
    assert [h["id"] for h in again.search("Ganja")["articles"]] == [other.article.id]
    recoded = dataclasses.replace(other, events=other.events[:1])
    store.write(recoded, "c2")  # re-analysed: replaced in the index, not doubled
    assert again.update(store.con) == {"articles": 2, "sentences": 3}
    again.close()
    store.close()


def test_a_new_store_at_the_same_path_is_indexed_afresh(tmp_path):
    import os

    db = str(tmp_path / "s.duckdb")
    with Store(db) as store:
        store.write(sample_analysis(), "c1")
        index = SearchIndex(index_path(db))
        index.update(store.con)
        index.close()
    os.remove(db)
    with Store(db) as store:
        index = SearchIndex(index_path(db))
        assert index.update(store.con) == {"articles": 0, "sentences": 0}
        assert index.search("Sputnik")["articles"] == []
        index.close()


def test_memory_store_gets_a_memory_index():
    assert index_path(":memory:") == ":memory:" and index_path(None) == ":memory:"
