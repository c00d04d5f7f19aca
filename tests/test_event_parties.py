"""Who the parties of a coded event are (detente/events/arguments.py, parties.py), with the rule coder on
sentences written for these tests and hand-built actor mentions."""
import pytest

from detente.events import code_events
from detente.model import Actor, Span


def mention(text, words, code, sector=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Actor(code, sector, words, Span(start, start + len(words), words))


@pytest.fixture
def code(nlp):
    def run(text, *mentions):
        actors = tuple(sorted(mentions, key=lambda a: a.span.start))
        return code_events(nlp(text), actors, rules=True)
    return run


def sides(ev):
    return [a.code for a in ev.source], [a.code for a in ev.target]


def test_uncoded_source_does_not_take_its_own_targets_country(code):
    text = "Army officers negotiated with Peru over the prisoners."
    (ev,) = code(text, mention(text, "Army officers", None, "MIL"), mention(text, "Peru", "PER"))
    assert ev.event == "CONSULT"
    assert sides(ev) == ([None], ["PER"])


def test_uncoded_source_keeps_the_country_of_a_domestic_target(code):
    text = "The police arrested Bolivian students in the capital."
    (ev,) = code(text, mention(text, "police", None, "COP"), mention(text, "Bolivian students", "BOL", "EDU"))
    assert sides(ev) == (["BOL"], ["BOL"])
    assert (ev.source[0].sector, ev.target[0].sector) == ("COP", "EDU")


def test_object_pronoun_is_not_its_own_verbs_subject(code):
    text = "Chilean troops crossed the river, and the mayor accused them of looting shops."
    evs = code(text, mention(text, "Chilean troops", "CHL", "MIL"), mention(text, "mayor", None, "GOV"))
    (ev,) = [e for e in evs if e.event == "ACCUSE"]
    assert sides(ev)[1] == ["CHL"]
    assert ev.source[0].sector == "GOV"


def test_a_place_acted_on_is_its_country(code):
    text = "The minister visited Lima last week."
    (ev,) = code(text, mention(text, "minister", None, "GOV"))
    assert ev.event == "CONSULT"
    assert sides(ev)[1] == ["PER"]


def test_a_subject_made_by_a_party_is_that_partys_act(code):
    text = "A raid carried out by the rebels killed ten soldiers near the port."
    evs = code(text, mention(text, "rebels", None, "REB"), mention(text, "soldiers", "PER", "MIL"))
    (ev,) = [e for e in evs if e.evidence.trigger.text == "killed"]
    assert [a.sector for a in ev.source] == ["REB"]
    assert sides(ev)[1] == ["PER"]


def test_uncoded_target_does_not_take_its_own_sources_country(code):
    text = "Chile openly backs a rebel army."
    (ev,) = code(text, mention(text, "Chile", "CHL"), mention(text, "rebel army", None, "REB"))
    assert ev.event == "AID"  # backing an armed party is material backing (corpus/GUIDE.md, "Hard calls")
    assert sides(ev) == (["CHL"], [None])
    text = "The Bolivian government praised the banks."  # companies are as often foreign: no home country
    (ev,) = code(text, mention(text, "Bolivian government", "BOL", "GOV"), mention(text, "banks", None, "BUS"))
    assert sides(ev) == (["BOL"], [None])
    text = "Bolivian police arrested dozens of demonstrators."
    (ev,) = code(text, mention(text, "Bolivian police", "BOL", "COP"), mention(text, "demonstrators", None, "CVL"))
    assert sides(ev) == (["BOL"], ["BOL"])


def test_a_topic_placed_in_a_country_is_no_party(code):
    text = "Peru and Chile discussed the crisis in Bolivia."
    evs = code(text, mention(text, "Peru", "PER"), mention(text, "Chile", "CHL"))
    assert evs and all("BOL" not in sides(e)[1] for e in evs)
    text = "Peru sent aid to Kurdish groups in Bolivia."
    (ev,) = code(text, mention(text, "Peru", "PER"))
    assert sides(ev) == (["PER"], ["BOL"])


def test_a_singular_relative_clause_is_about_the_nearest_conjunct(code):
    text = "Bolivia and Peru, which has armed Chile since 2010, rejected the treaty."
    evs = code(text, mention(text, "Bolivia", "BOL"), mention(text, "Peru", "PER"), mention(text, "Chile", "CHL"))
    (ev,) = [e for e in evs if e.evidence.trigger.text == "armed"]
    assert sides(ev) == (["PER"], ["CHL"])
    text = "Bolivia and Peru, which have armed Chile since 2010, rejected the treaty."
    evs = code(text, mention(text, "Bolivia", "BOL"), mention(text, "Peru", "PER"), mention(text, "Chile", "CHL"))
    (ev,) = [e for e in evs if e.evidence.trigger.text == "armed"]
    assert sorted(sides(ev)[0]) == ["BOL", "PER"]


def test_they_is_every_party_of_the_last_subject(code):
    text = "Peru and Chile held talks on Monday. They agreed to reopen the border crossing."
    evs = code(text, mention(text, "Peru", "PER"), mention(text, "Chile", "CHL"))
    (ev,) = [e for e in evs if e.evidence.trigger.text == "agreed"]
    assert sorted(sides(ev)[0]) == ["CHL", "PER"]


def test_a_subject_pronoun_is_not_its_own_verbs_object(code):
    text = "Bolivia protested on Monday. It then expelled the envoy of Bolivia."
    evs = code(text, mention(text, "Bolivia", "BOL"), mention(text, "envoy of Bolivia", "BOL", "GOV"))
    (ev,) = [e for e in evs if e.evidence.trigger.text == "expelled"]
    assert sides(ev) == ([], ["BOL"])
