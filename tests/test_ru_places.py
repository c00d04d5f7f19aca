"""Russian place names: found in every case form and geocoded to the English gazetteer's places (sentences
written for these tests)."""
import pytest

from detente import nlp as nlp_mod
from detente.pipeline import analyze_text
from detente.ru.places import find_places


@pytest.fixture(scope="module")
def ru():
    return nlp_mod.load_ru()


def places(ru, text, countries=()):
    return [(p.span.text, p.name, p.country, p.kind) for p in find_places(ru(text), context_countries=countries)]


def test_case_forms_of_one_town_resolve_to_one_place(ru):
    found = places(ru, "Сначала делегация была в Баку, потом Баку принял гостей из Москвы, "
                       "а вечером все вылетели в Москву и остались в Москве.")
    assert [(t, n) for t, n, _, _ in found] == [("Баку", "Baku"), ("Баку", "Baku"), ("Москвы", "Moscow"),
                                              ("Москву", "Moscow"), ("Москве", "Moscow")]
    assert {c for _, _, c, _ in found} == {"AZE", "RUS"}


def test_countries_regions_and_multiword_names_in_oblique_cases(ru):
    found = places(ru, "Напряжённость в Нагорном Карабахе беспокоит Армению, а власти Армении ждут ответа "
                       "из Южной Осетии.")
    assert [(t, n, k) for t, n, _, k in found] == [
        ("Нагорном Карабахе", "Nagorno-Karabakh", "region"), ("Армению", "Armenia", "country"),
        ("Армении", "Armenia", "country"), ("Южной Осетии", "South Ossetia", "region")]


def test_same_gazetteer_entry_as_english(ru):
    from detente import nlp
    from detente.where import find_places as english

    ru_baku = find_places(ru("Министры встретились в Баку."))[0]
    en_baku = english(nlp.parse("The ministers met in Baku."))[0]
    assert (ru_baku.name, ru_baku.geonames_id, ru_baku.country) == (en_baku.name, en_baku.geonames_id, en_baku.country)


def test_words_that_are_also_town_names_are_not_places(ru):
    # "Мирный" and "Орёл" are towns, but here a word; "ЕС" is no town; a surname is no capital
    assert places(ru, "Мирный договор подписан, сообщили в ЕС.") == []
    assert places(ru, "Анна Москвина вернулась домой.") == []
    assert [n for _, n, _, _ in places(ru, "Совещание прошло в Мирном.")] == ["Mirny"]


def test_article_places_and_event_place():
    a = analyze_text("Министр иностранных дел Армении провёл переговоры с коллегой из Ирана в Тегеране.",
                     date="2024-06-01")
    assert {p.name for p in a.places} >= {"Armenia", "Iran", "Tehran"}
    placed = [e.place.name for e in a.events if e.place is not None]
    assert placed and set(placed) == {"Tehran"}


def test_places_check_scores_overlaps_and_resolution():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from ru_places_check import score

    gold = [{"id": "a", "text": "в Баку и в Ереване", "toponyms": [
        {"start": 2, "end": 6, "text": "Баку", "place": "Baku"},
        {"start": 11, "end": 18, "text": "Ереване", "place": "Yerevan"}]}]
    pred = {"a": [{"start": 2, "end": 6, "name": "Baku"}, {"start": 9, "end": 10, "name": "Vienna"}]}
    got = score(gold, pred)
    assert (got["precision"], got["recall"], got["resolved_right_of_found"]) == (0.5, 0.5, 1.0)
