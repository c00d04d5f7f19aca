"""Role-only mentions and the article's own country, backers, foreign posts and anaphors (detente.actors.context,
mentions, resolver); every sentence written for these tests."""
import pytest

from detente.actors import find_actors, load_kb, resolve_all
from detente.actors.context import article_home


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(nlp, kb, text, date="2019-03-01"):
    doc = nlp(text)
    return [(a.span.text, a.code, a.sector) for a in find_actors(doc, date=date, kb=kb)]


KENYA = ("Kenya's president opened parliament on Monday. Kenyan lawmakers then passed the budget, a Kenyan "
         "official said. ")


def test_role_only_mentions_take_the_dominant_country(nlp, kb):
    got = found(nlp, kb, KENYA + "Later, police dispersed the protesters outside the building.")
    assert ("police", "KEN", "COP") in got
    assert ("protesters", "KEN", "CVL") in got


def test_role_only_mentions_stay_uncoded_without_a_dominant_country(nlp, kb):
    got = found(nlp, kb, "Kenya and Uganda signed a trade deal. Later, police dispersed the protesters.")
    assert ("police", None, "COP") in got


def test_sentence_naming_a_country_is_left_alone(nlp, kb):
    got = found(nlp, kb, KENYA + "Police detained two Ugandan traders near the border.")
    assert ("Police", None, "COP") in got  # the events stage reads that sentence itself


def test_far_antecedent_yields_to_the_article_country(nlp, kb):
    got = found(nlp, kb, KENYA + "Talks with Uganda are planned for May. The vote went smoothly. "
                "The government said the army would stay in its barracks.")
    assert ("government", "KEN", "GOV") in got
    assert ("army", "KEN", "MIL") in got


def test_near_antecedent_still_wins(nlp, kb):
    got = found(nlp, kb, KENYA + "Ugandan officials arrived on Friday. The government welcomed the visit.")
    assert ("government", "UGA", "GOV") in got


def test_foreign_and_unknown_named_groups_are_not_the_article_country(nlp, kb):
    got = found(nlp, kb, KENYA + "Later, foreign fighters and Zorvian militias crossed the river.")
    assert not [g for g in got if g[1] == "KEN" and "fighters" in g[0] or g[0] == "militias" and g[1]]


def test_article_home_needs_a_lead():
    from detente.model import Actor, Span

    def a(code, at):
        return Actor(code, None, code, Span(at, at + 3, code), code)
    sents = [0, 100, 200]
    assert article_home([a("KEN", 0), a("KEN", 110), a("KEN", 210), a("UGA", 220)], sents) == "KEN"
    assert article_home([a("KEN", 0), a("KEN", 110), a("KEN", 210), a("UGA", 220), a("UGA", 5)], sents) is None
    assert article_home([a("KEN", 0), a("KEN", 10), a("KEN", 20)], sents) is None  # one sentence only


def test_backer_is_not_the_actor(kb):
    assert [(x.code, x.sector) for x in resolve_all("Chilean-backed Peruvian forces", kb=kb)] == [("PER", "MIL")]
    assert [(x.code, x.sector) for x in resolve_all("Chilean-funded rebels", kb=kb)] == [(None, "REB")]
    assert resolve_all("the Chilean-led coalition", kb=kb)[0].code == "CHL"  # led, not backed


def test_foreign_post_is_not_of_its_host(nlp, kb):
    got = found(nlp, kb, "Norway's king spoke on Monday. The kingdom's consulate in Lyon was closed.")
    assert ("consulate", "NOR", "GOV") in got
    assert ("Lyon", "FRA", "GOV") in got  # the host state, an actor of its own
    assert ("The kingdom", "NOR", None) in got


def test_unowned_post_keeps_its_place(nlp, kb):
    got = found(nlp, kb, "Chile has opened an embassy in Canberra, the ministry said.")
    assert ("embassy in Canberra", "AUS", "GOV") in got  # the only state the text gives it


def test_gulf_alone_is_no_region(kb):
    assert all(x.code is None for x in resolve_all("Gulf states", kb=kb))


def test_open_data_surname_alone_needs_support_in_the_article(nlp, kb):
    assert not found(nlp, kb, "On Tuesday, the so-called Caesar plan was debated in the town hall.")
    got = found(nlp, kb, "St Vincent and the Grenadines opened a new harbour on Monday. On Tuesday, Caesar said "
                "that it would stay open.")
    assert ("Caesar", "VCT", "GOV") in got  # one of the person's countries is named


def test_europe_is_one_actor_but_a_place_after_in(nlp, kb):
    assert [(x.code, x.sector) for x in resolve_all("European diplomats", kb=kb)] == [("EUR", "GOV")]
    assert resolve_all("the European Commission", kb=kb)[0].id == "org:European Commission"  # the longer name
    assert resolve_all("Council of Europe", kb=kb)[0].code == "IGO"
    got = found(nlp, kb, "Europe urged Chile to lift the duties. Sales in Europe slowed.")
    assert [g for g in got if g[1] == "EUR"] == [("Europe", "EUR", None)]


def test_a_faith_before_a_country_is_no_longer_name(nlp, kb):
    got = found(nlp, kb, "In the 1980s, Shia Iran backed the rebels against Sunni Morocco.")
    assert ("Morocco", "MAR", None) in got and ("Iran", "IRN", None) in got


def test_it_as_subject_is_the_last_subject_state_or_organisation(nlp, kb):
    got = found(nlp, kb, "Chile said on Monday that it would expel two diplomats.")
    assert ("it", "CHL", None) in got
    got = found(nlp, kb, "NATO met on Monday. It agreed to send more ships.")
    assert ("It", "IGO", "MIL") in got


def test_expletive_it_and_people_are_not_antecedents(nlp, kb):
    assert not [g for g in found(nlp, kb, "Peru met on Monday. It is unclear what was agreed.") if g[0] == "It"]
    assert not [g for g in found(nlp, kb, "Putin spoke on Monday. It rained all day.") if g[0] == "It"]


def test_an_organisation_inside_a_persons_name_is_a_first_name(nlp, kb):
    got = found(nlp, kb, "Chile has distanced itself from Abdel Fatah al-Sisi's government.")
    assert not [g for g in got if g[1] == "PSE"]
    assert [g for g in got if g[1] == "EGY" and g[2] == "GOV"]
    got = found(nlp, kb, "Fatah leader Mahmoud Abbas met the Chilean president.")
    assert [g for g in got if g[1] == "PSE"]  # an organisation before its leader's title stays


MOSCOW = ("Russia's foreign minister flew to Paris on Monday. Russia said the talks would go on, and Moscow denied "
          "any split. ")


def test_a_place_of_the_act_outweighs_the_article_country(nlp, kb):
    got = found(nlp, kb, MOSCOW + "Later, rebels shelled a market in Aleppo.")
    assert ("rebels", "SYR", "REB") in got  # where they shelled, not the article's Russia
    got = found(nlp, kb, MOSCOW + "Later, rebels shelled a market.")
    assert ("rebels", "RUS", "REB") in got  # no place: the article's country


def test_a_backer_before_the_role_word_gives_no_country(nlp, kb):
    got = found(nlp, kb, MOSCOW + "Chilean-backed fighters seized a village near Aleppo.")
    assert [g for g in got if g[0].endswith("fighters")] == [("Chilean-backed fighters", "SYR", "REB")]


def test_with_no_dominant_country_the_most_named_one_counts_places(nlp, kb):
    text = "Chile and Peru signed a trade deal in Lima. Later, police dispersed the protesters."
    assert ("police", "PER", "COP") in found(nlp, kb, text)  # Peru twice (once as the place), Chile once


def test_most_named_needs_a_lead():
    from detente.actors.context import most_named
    from detente.model import Actor, Span

    def a(code, at):
        return Actor(code, None, code, Span(at, at + 3, code), code)
    assert most_named([a("KEN", 0), a("UGA", 10)], [(20, "KEN")]) == "KEN"
    assert most_named([a("KEN", 0), a("UGA", 10)], []) is None  # a tie
    assert most_named([], []) is None
