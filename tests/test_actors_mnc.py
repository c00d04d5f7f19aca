"""Firms of many countries named by their kind (detente/actors/mentions.py ``_mnc``): MNC, as named multinationals
are; sentences written for these tests."""
import pytest

from detente.actors import find_actors, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(nlp, kb, text):
    return [(a.span.text, a.code, a.sector) for a in find_actors(nlp(text), date="2025-07-01", kb=kb)]


def test_plural_creditors_with_no_country_are_multinational(nlp, kb):
    assert ("bondholders", "MNC", "BUS") in found(nlp, kb, "The bondholders turned down the new terms.")
    assert ("Commercial banks", "MNC", "BUS") in found(nlp, kb, "Commercial banks agreed to lend Peru more money.")


def test_a_countrys_creditors_are_not_of_that_country(nlp, kb):
    got = found(nlp, kb, "Zambia's creditors approved the new schedule.")
    assert [g[1] for g in got] == ["MNC"]


def test_banks_of_a_named_country_keep_it(nlp, kb):
    assert ("Greek banks", "GRC", "BUS") in found(nlp, kb, "Greek banks raised their rates.")
    assert ("Ghana's banks", "GHA", "BUS") in found(nlp, kb, "Ghana's banks lent money to farmers.")


def test_one_bank_is_not_a_multinational(nlp, kb):
    assert all(g[1] != "MNC" for g in found(nlp, kb, "The bank raised its rates."))
