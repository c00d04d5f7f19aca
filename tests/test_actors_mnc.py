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


def test_a_committee_of_creditor_banks_is_multinational_even_owned_by_the_debtor(nlp, kb):
    got = found(nlp, kb, "On Friday Peru settled its dispute with its bank advisory committee.")
    assert ("bank advisory committee", "MNC", "BUS") in got and ("Peru", "PER", None) in got
    assert [g[1] for g in found(nlp, kb, "Ecuador's bank steering committee rejected the plan.")] == ["MNC"]
    got = found(nlp, kb, "Peru and its commercial bank advisory committee resumed talks on Monday.")
    assert ("commercial bank advisory committee", "MNC", "BUS") in got


def test_a_bank_before_what_is_owed_to_it_names_the_creditor_banks(nlp, kb):
    got = found(nlp, kb, "Peru halted payments on its commercial bank debt last month.")
    assert ("commercial bank", "MNC", "BUS") in got
    assert all(g[1] != "MNC" for g in found(nlp, kb, "The bank building was closed."))
    assert all(g[1] != "MNC" for g in found(nlp, kb, "The committee met the finance minister."))
