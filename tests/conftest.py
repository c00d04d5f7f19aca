import pathlib

import pytest

DATA = pathlib.Path(__file__).parent / "data"
ROOT = pathlib.Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache of the test's own (``$DETENTE_CACHE``), switched on whatever the environment says."""
    monkeypatch.setenv("DETENTE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("DETENTE_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def nlp():
    from detente import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def parse(nlp):
    return nlp
