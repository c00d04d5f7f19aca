"""User dictionaries: PETRARCH/Phoenix .actors/.agents import and detente's YAML/CSV format.

The dictionaries in tests/data/actors describe fictional countries (Freedonia, Sylvania, Ruritania)."""
import pytest

from conftest import DATA
from detente.actors import find_actors, load_kb, resolve
from detente.actors.kb import KnowledgeBaseError
from detente.actors.phoenix import parse_code, parse_date, phrase

D = DATA / "actors"


@pytest.fixture(scope="module")
def petrarch_kb():
    return load_kb(extra=[D / "freedonia.actors", D / "freedonia.agents"])


@pytest.fixture(scope="module")
def user_kb():
    return load_kb(extra=[D / "ruritania.yaml", D / "ruritania.csv"])


def test_petrarch_dates_and_codes():
    assert parse_date("031031") == "2003-10-31"
    assert parse_date("991231") == "1999-12-31"
    assert parse_date("19270101") == "1927-01-01"
    t = parse_code("AZEGOV >031031")
    assert (t.code, t.sector, t.start, t.end) == ("AZE", "GOV", "2003-10-31", None)
    t = parse_code("FRDMIL <200101")
    assert (t.code, t.sector, t.start, t.end) == ("FRD", "MIL", None, "2020-01-01")
    assert parse_code("---") is None
    assert phrase("RUFUS_T._FIREFLY_") == "Rufus T. Firefly"


def test_petrarch_actor_date_restrictions(petrarch_kb):
    a = resolve("Rufus T. Firefly", date="1934-05-01", kb=petrarch_kb)
    assert (a.code, a.sector) == ("FRD", "GOV")
    assert resolve("Firefly", date="1931-05-01", kb=petrarch_kb).sector == "ELI"
    assert resolve("Firefly", date="1950-05-01", kb=petrarch_kb).sector == "ELI"


def test_petrarch_agents_and_media_code(petrarch_kb):
    assert (resolve("Freedonian palace guards", kb=petrarch_kb).code,
            resolve("Freedonian palace guards", kb=petrarch_kb).sector) == ("FRD", "MIL")
    assert resolve("Freedonia Gazette", kb=petrarch_kb).sector == "JRN"  # CAMEO MED = media
    assert resolve("the taxmen of Sylvania", kb=petrarch_kb).code == "SYL"


def test_petrarch_dictionary_used_by_find_actors(nlp, petrarch_kb):
    doc = nlp("Freedonian palace guards arrested Ambassador Trentino after Rufus T. Firefly gave the order.")
    got = [(a.span.text, a.code, a.sector) for a in find_actors(doc, date="1934-02-01", kb=petrarch_kb)]
    assert ("Freedonian palace guards", "FRD", "MIL") in got
    assert ("Ambassador Trentino", "SYL", "GOV") in got
    assert ("Rufus T. Firefly", "FRD", "GOV") in got


def test_user_yaml_and_csv(user_kb):
    assert (resolve("Ruritanian castellans", kb=user_kb).code, resolve("Ruritanian castellans", kb=user_kb).sector) \
        == ("RRT", "JUD")
    assert resolve("Rassendyll", date="1894-06-01", kb=user_kb).sector == "GOV"
    assert resolve("Rupert of Hentzau", date="1893-01-01", kb=user_kb).sector == "MIL"
    assert resolve("Rupert of Hentzau", date="1899-01-01", kb=user_kb).sector == "ELI"
    assert resolve("Strelsau Herald", kb=user_kb).sector == "JRN"
    assert resolve("the keeper of the seal", known_country="RRT", kb=user_kb).sector == "GOV"


def test_user_capital_acting(nlp, user_kb):
    doc = nlp("Strelsau rejected the treaty.")
    assert [(a.code, a.sector) for a in find_actors(doc, kb=user_kb)] == [("RRT", "GOV")]


def test_bad_user_dictionary_says_how_to_fix(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - name: X\n    sector: WIZARD\n")
    with pytest.raises(KnowledgeBaseError, match="not a PLOVER v0.8 sector"):
        load_kb(extra=[bad])
