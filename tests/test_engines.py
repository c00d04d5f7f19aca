"""The same per-batch function on every engine gives the same event keys."""
import pytest

import detente
from detente.config import Settings
from detente.store import Store

from conftest import DATA


def keys(store):
    return sorted(r[0] for r in store.con.execute("SELECT key FROM events").fetchall())


@pytest.fixture(scope="module")
def local_keys():
    with Store(":memory:") as store:
        detente.analyze([DATA / "mixed_dir"], db=store, settings=Settings(batch_size=2))
        return keys(store)


def test_worker_processes_match_in_process(local_keys):
    with Store(":memory:") as store:
        detente.analyze([DATA / "mixed_dir"], db=store, settings=Settings(batch_size=1, workers=2))
        assert keys(store) == local_keys and local_keys


@pytest.mark.slow
def test_ray_matches_in_process_and_writes_parquet_by_month(local_keys, tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.setenv("DETENTE_RAY_CPUS", "2")
    out = tmp_path / "ray"
    with Store(":memory:") as store:
        detente.analyze([DATA / "mixed_dir"], db=store,
                        settings=Settings(engine="ray", workers=2, batch_size=2, ray_output=str(out)))
        assert keys(store) == local_keys
    months = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert months and all(m.startswith("month=") for m in months)


def _slow_double(args):  # a stand-in for a worker's batch: the last ones still running when the input ends
    import time

    batch, _settings = args
    time.sleep(0.2)
    return [x * 2 for x in batch]


def test_parent_is_told_it_waits_only_for_the_last_batches(monkeypatch):
    from detente import pipeline
    from detente.engine import local

    monkeypatch.setattr(pipeline, "preload", lambda settings, stages=None: None)
    monkeypatch.setattr(local, "_work", _slow_double)
    calls = []
    out = list(local.run_parallel(iter([[1], [2], [3], [4], [5], [6]]), Settings(workers=2),
                                  idle=lambda: calls.append(1)))
    assert out == [([n], [2 * n]) for n in range(1, 7)]
    assert 1 <= len(calls) <= 4  # only while draining the (at most workers * 2) batches handed out last


def test_the_last_batches_are_handed_out_in_pieces_and_joined_back(monkeypatch):
    from detente import pipeline
    from detente.engine import local

    tasks = list(local._tasks(iter([list(range(8)), list(range(8, 16)), list(range(16, 24)), [24]]), 2))
    assert [batch for batch, _ in tasks] == [list(range(8)), list(range(8, 16)), list(range(16, 24)), [24]]
    assert [len(pieces) for _, pieces in tasks] == [1, 1, local.TAIL_PIECES, 1]
    assert all(sum(pieces, []) == batch for batch, pieces in tasks)
    monkeypatch.setattr(pipeline, "preload", lambda settings, stages=None: None)
    monkeypatch.setattr(local, "_work", _slow_double)
    out = list(local.run_parallel(iter([list(range(5)), list(range(5, 12)), [12, 13]]), Settings(workers=2)))
    assert out == [(list(range(5)), [2 * n for n in range(5)]), (list(range(5, 12)), [2 * n for n in range(5, 12)]),
                   ([12, 13], [24, 26])]


def test_a_worker_empties_the_stage_memories_once_per_batch_of_articles_not_per_piece(monkeypatch):
    from detente.engine import batch as engine_batch
    from detente.engine import local

    tidied = []
    monkeypatch.setattr(engine_batch, "process_batch", lambda b, settings, tidy=True: tidied.append(tidy) or b)
    monkeypatch.setattr(local, "_since_tidy", [0])
    settings = Settings(batch_size=4)
    for piece in ([1, 2, 3, 4], [5, 6], [7], [8], [9, 10, 11], [12], [13, 14, 15, 16, 17]):
        assert local._work((piece, settings)) == piece
    assert tidied == [True, False, False, True, False, True, True]  # after 4, 4, 4 and 5 articles


def test_batch_writer_stores_while_idle_only_when_enough_waits(tmp_path):
    from detente.api import _BatchWriter

    writer = _BatchWriter(str(tmp_path / "s.duckdb"))
    stored = []
    writer.flush = lambda force=True: stored.append(writer.waiting)
    writer.waiting = writer.IDLE_ARTICLES - 1
    writer.flush_idle()
    assert stored == []
    writer.waiting = writer.IDLE_ARTICLES
    writer.flush_idle()
    assert stored == [writer.IDLE_ARTICLES]
