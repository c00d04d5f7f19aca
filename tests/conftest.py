import pathlib

import pytest

DATA = pathlib.Path(__file__).parent / "data"
ROOT = pathlib.Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="session")
def nlp():
    from detente import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def parse(nlp):
    return nlp
