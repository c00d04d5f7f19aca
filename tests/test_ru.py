"""The Russian path: routing, actors, events, modality and dates (sentences written for these tests)."""
import pytest

import detente
from detente import nlp as nlp_mod
from detente.model import Article
from detente.pipeline import analyze_text
from detente.ru import is_russian
from detente.ingest.language import detect
from detente.ru.actors import find_actors
from detente.ru.dates import find_timexes


@pytest.fixture(scope="module")
def ru():
    return nlp_mod.load_ru()


def actors(ru, text, date="2024-06-01"):
    return [(a.span.text, a.code, a.sector) for a in find_actors(ru(text), date=date)]


def events(text, date="2024-06-01"):
    a = analyze_text(text, date=date)
    return [(e.event, tuple(x.code for x in e.source), tuple(x.code for x in e.target), e.modality)
            for e in a.events]


# ---------------------------------------------------------------- routing
def test_routing_by_language_and_script():
    assert is_russian(Article.create("что угодно", language="ru"))
    assert not is_russian(Article.create("Парламент одобрил закон о бюджете.", language="en"))
    assert is_russian(Article.create("Парламент Сербии одобрил закон о бюджете на следующий год."), detect)
    assert not is_russian(Article.create("The parliament of Serbia approved the budget law for next year."), detect)


def test_russian_article_is_analysed_and_stored(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_text("Date: 2024-05-20\n\nМИД Литвы выслал двух российских дипломатов. "
                    "Москва пообещала ответить зеркально.", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    report = detente.analyze([path], db=str(db))
    assert report.unsupported == 0
    with detente.open(str(db), read_only=True) as store:
        [row] = store.articles()
        assert row["language"] == "ru" and row["status"] == "ok" and row["events"] >= 1
        [ev] = [e for e in store.events() if e["event"] == "SANCTION"]
        assert ev["source_codes"] == ["LTU"] and ev["target_codes"] == ["RUS"]
        assert ev["sentence"].startswith("МИД Литвы выслал")
        assert store.articles(language="ru") == [row] and store.articles(language="en") == []
        assert store.events(language="ru") and store.events(language="en") == []


# ---------------------------------------------------------------- actors
def test_countries_in_every_case_and_adjectives(ru):
    found = actors(ru, "Посол Азербайджана встретился с азербайджанским и казахстанским министрами в Минске.")
    codes = {c for _, c, _ in found}
    assert {"AZE", "KAZ"} <= codes and "BLR" not in codes  # Минск here is a place


def test_capitals_seats_and_organisations(ru):
    found = actors(ru, "Кремль и Баку обменялись заявлениями, а МИД РФ и ОДКБ промолчали.")
    assert ("Кремль", "RUS", "GOV") in found and ("Баку", "AZE", "GOV") in found
    assert ("МИД РФ", "RUS", "GOV") in found and ("ОДКБ", "IGO", None) in found


def test_people_take_their_office_at_the_date(ru):
    [(text, code, sector)] = actors(ru, "Байрамов прилетел в Анкару.", date="2023-01-10")
    assert (code, sector) == ("AZE", "GOV")
    found = actors(ru, "Шойгу выступил на совещании.", date="2025-06-01")
    assert found and found[0][1] == "RUS"


def test_sector_words(ru):
    found = actors(ru, "Полиция Молдовы задержала активистов, а суд Молдовы их оштрафовал.")
    assert ("Полиция Молдовы", "MDA", "COP") in found
    assert ("активистов", "MDA", "CVL") in found
    assert ("суд Молдовы", "MDA", "JUD") in found


# ---------------------------------------------------------------- events
def test_consult_with_oblique_target():
    assert ("CONSULT", ("TUR",), ("IRN",), "asserted") in events(
        "Глава МИД Турции провёл переговоры с иранским коллегой в Анкаре.")


def test_expulsion_and_accusation():
    evs = events("Польша выслала сотрудников посольства Белоруссии и обвинила Минск в шпионаже.")
    assert ("SANCTION", ("POL",), ("BLR",), "asserted") in evs
    assert ("ACCUSE", ("POL",), ("BLR",), "asserted") in evs


def test_arrest_is_coerce():
    assert ("COERCE", ("GEO",), ("GEO",), "asserted") in events("Полиция Грузии задержала десятки протестующих.")


def test_request_embeds_a_hypothetical_act():
    evs = events("Генсек ООН призвал Израиль и ХАМАС прекратить огонь.")
    assert any(e[0] == "REQUEST" and e[1] == ("UNO",) for e in evs)
    assert any(e[0] == "RETREAT" and e[3] == "hypothetical" for e in evs)


# ---------------------------------------------------------------- modality
@pytest.mark.parametrize("text, modality", [
    ("Венгрия не стала высылать российских дипломатов.", "negated"),
    ("Если Иран закроет пролив, США нанесут удар по Ирану.", "hypothetical"),
    ("Латвия могла бы выслать российского посла.", "hypothetical"),
    ("Президент Казахстана посетит Пекин в следующем месяце.", "future"),
    ("Грузия намерена выйти из СНГ.", "future"),
    ("Вышлет ли Эстония российского посла?", "question"),
    ("Армянские войска якобы обстреляли азербайджанские позиции.", "claimed"),
])
def test_modality_cues(text, modality):
    mods = [m for ev, _, _, m in events(text) if ev in ("SANCTION", "ASSAULT", "CONSULT")]
    assert mods and mods[0] == modality, events(text)


def test_claim_of_another_country_is_claimed_and_an_accusation():
    evs = events("По данным Еревана, азербайджанские военные обстреляли армянское село.")
    assert ("ASSAULT", ("AZE",), (), "claimed") in [(a, b, (), d) for a, b, c, d in evs if a == "ASSAULT"]
    assert any(e[0] == "ACCUSE" and e[1] == ("ARM",) and e[2] == ("AZE",) for e in evs)


# ---------------------------------------------------------------- dates
def test_relative_dates_against_the_article_date():
    found = {t.span.text: t.value for t in find_timexes(
        "Встреча прошла в декабре прошлого года, а переговоры начались 3 марта и вчера.", "2025-04-10")}
    assert found["в декабре прошлого года"] == "2024-12"
    assert found["3 марта"] == "2025-03-03"
    assert found["вчера"] == "2025-04-09"


def test_event_date_from_the_text():
    a = analyze_text("В январе Молдова выслала российского дипломата.", date="2024-05-02")
    [e] = [e for e in a.events if e.event == "SANCTION"]
    assert (e.date, e.date_precision, e.date_origin) == ("2024-01", "month", "text")


def test_weekdays_point_back_or_forward_by_tense(ru):
    past = {t.span.text: t.value for t in find_timexes(ru("В понедельник стороны провели переговоры."), "2024-08-21")}
    future = {t.span.text: t.value for t in find_timexes(ru("В понедельник стороны проведут переговоры."),
                                                        "2024-08-21")}
    assert past["В понедельник"] == "2024-08-19" and future["В понедельник"] == "2024-08-26"


def test_other_cyrillic_languages_are_not_russian():
    uk = "Парламент України ухвалив закон про бюджет на наступний рік, повідомили в уряді."
    assert not is_russian(Article.create(uk), detect)
    assert not is_russian(Article.create(uk), None)
