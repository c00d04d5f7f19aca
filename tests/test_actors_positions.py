"""actors.positions: mentions that are no party, read from the parse (sentences written for these tests)."""
import pytest

from detente.actors import find_actors, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(nlp, kb, text, date="2025-07-01"):
    return [(a.span.text, a.code, a.sector) for a in find_actors(nlp(text), date=date, kb=kb)]


@pytest.mark.parametrize("text, outlet", [
    ("Two ministers told Reuters that the pipeline talks had collapsed.", "Reuters"),
    ("According to the BBC, the customs officers went on strike.", "BBC"),
    ("The envoy spoke in an interview with the Financial Times last week.", "Financial Times"),
    ("Speaking to reporters in the lobby, the senator said the vote would wait.", "reporters"),
    ("The governor said in a CNN interview that the bridge would reopen.", "CNN"),
])
def test_an_outlet_that_only_carries_the_words_is_no_actor(nlp, kb, text, outlet):
    got = found(nlp, kb, text)
    assert not [g for g in got if outlet in g[0]], got


@pytest.mark.parametrize("text, outlet", [
    ("The authorities banned the BBC from the capital.", "BBC"),
    ("Police detained four journalists outside the court.", "journalists"),
    ("Al Jazeera said its bureau had been searched by the police.", "Al Jazeera"),
])
def test_an_outlet_that_acts_or_is_acted_on_stays(nlp, kb, text, outlet):
    got = found(nlp, kb, text)
    assert [g for g in got if outlet in g[0] and g[2] == "JRN"], got


def test_a_demonym_in_the_name_of_a_place_where_something_happens_is_no_actor(nlp, kb):
    got = found(nlp, kb, "Hundreds of pilgrims gathered in the Georgian Quarter after the service.")
    assert not [g for g in got if g[1] == "GEO"], got


def test_a_demonym_of_a_common_place_noun_stays_for_the_place_country(nlp, kb):
    got = found(nlp, kb, "The convoy stopped in the Azerbaijani border town on Friday.")
    assert ("Azerbaijani", "AZE", None) in got


def test_a_demonym_of_a_place_that_is_acted_on_stays(nlp, kb):
    got = found(nlp, kb, "Turkish jets violated Greek airspace on Monday.")
    assert ("Greek", "GRC", None) in got


@pytest.mark.parametrize("text, role, want", [
    ("A spokeswoman for the Chilean navy said the ship had turned back.", "spokeswoman", ("CHL", "MIL")),
    ("Officials at the Peruvian interior ministry denied the report.", "Officials", ("PER", "GOV")),
    ("An official of the World Health Organization visited the clinic.", "official", ("UNO", "HLH")),
])
def test_a_generic_role_of_an_institution_is_that_institution(nlp, kb, text, role, want):
    got = found(nlp, kb, text)
    assert [g for g in got if g[0].startswith(role) and g[1:] == want], got


def test_member_of_reads_the_organisation_in_a_mention_string():
    from detente.actors import resolve

    a = resolve("spokesman for the Ecuadorian army")
    assert (a.code, a.sector) == ("ECU", "MIL")
    a = resolve("envoy to the Ecuadorian army")  # "to": not the envoy's own institution
    assert a.sector == "GOV"


def test_a_press_freedom_organisation_speaking_stays(nlp, kb):
    got = found(nlp, kb, "Reporters Without Borders said the arrests were an attack on the press.")
    assert [g for g in got if g[0] == "Reporters Without Borders"], got


def test_a_reporter_asking_a_question_is_no_party(nlp, kb):
    got = found(nlp, kb, "A reporter asked the finance minister whether the tax would rise.")
    assert not [g for g in got if g[2] == "JRN"], got


def test_an_ngo_named_by_its_kind_is_coded_ngo(nlp, kb):
    got = found(nlp, kb, "A human rights group accused the prison guards of beatings.")
    assert ("human rights group", "NGO", "SOC") in got
    got = found(nlp, kb, "A Moldovan rights group said the trial was unfair.")
    assert ("Moldovan rights group", "MDA", "SOC") in got


def test_a_demonym_of_a_place_does_not_stop_the_article_country(nlp, kb):
    text = ("The Moldovan government resigned on Monday. Moldova will vote in June, and Moldova's army is neutral. "
            "Back from talks in the Romanian capital, opposition leaders said they would wait.")
    got = found(nlp, kb, text)
    assert ("opposition leaders", "MDA", "OPP") in got
    assert ("Romanian", "ROU", None) in got


def test_a_country_after_a_full_stop_is_not_part_of_a_name(nlp, kb):
    got = found(nlp, kb, "The talks ended on Monday. Georgia will vote in June.")
    assert ("Georgia", "GEO", None) in got
    got = found(nlp, kb, "The weekly Tbilisi Times printed the letter.")  # inside a name the knowledge base lacks
    assert not [g for g in got if g[0] == "Tbilisi"], got


@pytest.mark.parametrize("mention, want", [
    ("Pentagon spokesman", ("USA", "MIL")),  # a generic role of a seat: the seat's sector
    ("Kremlin spokesman", ("RUS", "GOV")),
    ("press service of the Estonian interior ministry", ("EST", "GOV")),
    ("his Latvian counterpart", ("LVA", "GOV")),
])
def test_roles_of_seats_and_counterparts(mention, want):
    from detente.actors import resolve

    a = resolve(mention)
    assert (a.code, a.sector) == want


def test_a_capitalised_sector_word_inside_a_person_name_is_a_surname(nlp, kb):
    got = found(nlp, kb, "The offer came from the investor Bruce Judge on Friday.")
    assert not [g for g in got if g[2] == "JUD"], got
    got = found(nlp, kb, "Acting President Mary Smith signed the decree.")
    assert [g for g in got if g[2] == "GOV"], got


@pytest.mark.parametrize("text, want", [
    ("The Zambia Revenue Authority froze the accounts.", ("ZMB", "GOV")),
    ("The Malawi Anti-Corruption Bureau arrested the mayor.", ("MWI", "COP")),  # a sector phrase of its own
])
def test_a_country_before_an_unknown_state_body_name_is_that_states_body(nlp, kb, text, want):
    got = found(nlp, kb, text)
    assert [g for g in got if g[1:] == want and g[0].endswith(("Authority", "Bureau"))], got


def test_a_country_inside_another_unknown_name_stays_out(nlp, kb):
    got = found(nlp, kb, "Zambia Copperbelt Mining said output fell.")
    assert not [g for g in got if g[1] == "ZMB"], got


def test_a_media_word_describing_a_thing_names_no_outlet(nlp, kb):
    got = found(nlp, kb, "The ministry cancelled a scheduled press briefing.")
    assert not [g for g in got if g[2] == "JRN"], got
    got = found(nlp, kb, "Duties were raised on Japanese television sets.")
    assert [g for g in got if g[1] == "JPN" and g[2] is None], got  # the country stays, not as media
