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
