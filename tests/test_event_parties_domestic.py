"""Coordinated identities, hosted visits and domestic events (detente/events/arguments.py, parties.py): the rule
coder on sentences written for these tests, with hand-built actor mentions."""

from detente.events import arguments as A
from detente.model import Actor, Span
from tests.test_event_parties import code, sides  # noqa: F401 - the fixture and the reader those tests use


def mention(text, words, code, sector=None):
    start = text.index(words)
    return Actor(code, sector, words, Span(start, start + len(words), words))


def test_coordinated_identities_of_one_span_are_all_found(nlp):
    text = "Polish and Czech officials criticised Hungary."
    doc = nlp(text)
    pol, cze = mention(text, "Polish and Czech officials", "POL", "GOV"), mention(text, "Polish and Czech officials", "CZE", "GOV")
    index = A.ActorIndex.build(doc, (pol, cze, mention(text, "Hungary", "HUN")))
    head = next(t for t in doc if t.text == "officials")
    assert [a.code for a in index.in_phrase(head)] == ["POL", "CZE"]


def test_coordinated_identities_are_both_sources(code):
    text = "Polish and Czech officials criticised Hungary."
    span = "Polish and Czech officials"
    (ev,) = code(text, mention(text, span, "POL", "GOV"), mention(text, span, "CZE", "GOV"), mention(text, "Hungary", "HUN"))
    assert sides(ev) == (["POL", "CZE"], ["HUN"])


def test_the_visitor_is_the_source_of_a_hosted_visit(code):
    text = "The Finnish president received the Estonian prime minister in Helsinki."
    (ev,) = code(text, mention(text, "Finnish president", "FIN", "GOV"), mention(text, "Estonian prime minister", "EST", "GOV"))
    assert ev.event == "CONSULT"
    assert sides(ev) == (["EST"], ["FIN"])


def test_a_host_of_talks_between_others_stays_the_source(code):
    text = "Norway hosted talks between Colombia and the rebels on Tuesday."
    evs = code(text, mention(text, "Norway", "NOR"), mention(text, "Colombia", "COL"), mention(text, "rebels", None, "REB"))
    (ev,) = [e for e in evs if e.evidence.trigger.text == "hosted"]
    assert sides(ev)[0] == ["NOR"]


def test_a_peoples_protest_against_its_own_state_is_domestic(code):
    text = "Thousands of Tamils rallied in the north demanding autonomy from Sri Lanka."
    (ev,) = code(text, mention(text, "Tamils", "LKA"), mention(text, "Sri Lanka", "LKA"))
    assert ev.event == "PROTEST"
    assert sides(ev) == (["LKA"], ["LKA"])
    assert (ev.source[0].sector, ev.target[0].sector) == ("CVL", "GOV")


def test_a_state_act_on_an_unnamed_person_at_home_is_domestic(code):
    text = "Danish police arrested a preacher at the airport on Monday."
    (ev,) = code(text, mention(text, "Danish police", "DNK", "COP"), mention(text, "preacher", None))
    assert sides(ev) == (["DNK"], ["DNK"])
    assert ev.target[0].sector == "CVL"


def test_a_threats_condition_subject_takes_the_sentences_country(code):
    text = "The Georgian opposition said it will boycott the elections unless the president resigns."
    evs = code(text, mention(text, "Georgian opposition", "GEO", "OPP"), mention(text, "president", None, "GOV"))
    (ev,) = [e for e in evs if e.event == "THREATEN"]
    assert sides(ev) == (["GEO"], ["GEO"])
    assert ev.target[0].sector == "GOV"


def test_where_a_verbal_act_was_said_is_not_its_target(code):
    text = "Brazilian negotiators rejected the proposal at the meeting in Geneva."
    (ev,) = code(text, mention(text, "Brazilian negotiators", "BRA", "GOV"))
    assert ev.event == "REJECT"
    assert sides(ev)[1] == []


def test_where_a_stated_act_is_done_is_still_its_target(code):
    text = "The Kenyan president will extend the curfew in Mombasa."
    (ev,) = code(text, mention(text, "Kenyan president", "KEN", "GOV"))
    assert sides(ev) == (["KEN"], ["KEN"])
