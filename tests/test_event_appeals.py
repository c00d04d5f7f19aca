"""Appeals, views and aims in the rule coder (coder.py: _reported_demands, _view_clause; verbs_detente.tsv): a
reported obligation is a demand only when it is addressed to a party other than the speaker's own, a verb of urging
with a clause of fact states a view, a verb of seeking with an infinitive states an aim; wanting, hoping and asking
a question are no acts; a warning whose clause has no party act is a forecast, no threat. Sentences written for these tests, with hand-built actor mentions."""
import pytest

from detente.events import code_events
from tests.test_events import actors_for  # every listed name as a GOV mention: Peru, Lima, Bolivia, Japan among them


@pytest.fixture
def coded(nlp):
    def run(text):
        evs = code_events(nlp(text), actors_for(text), rules=True)
        return {(e.event, tuple(a.code for a in e.source), tuple(a.code for a in e.target)) for e in evs}
    return run


def events(found):
    return {e for e, _, _ in found}


def test_obligation_needs_an_addressee_other_than_the_speaker(coded):
    assert ("REQUEST", ("PER",), ("BOL",)) in coded("Lima said that Bolivia should open its ports to our ships.")
    assert "REQUEST" not in events(coded("Lima said that Peru should open more ports to foreign ships."))
    assert "REQUEST" not in events(coded("Peru said on Friday that we must keep the mountain roads open."))
    # a passive obligation is addressed to whoever would act: kept
    assert "REQUEST" in events(coded("Peru said on Friday that the fishermen should be released at once."))


def test_urging_with_a_clause_of_fact_is_a_view(coded):
    assert "REQUEST" not in events(coded("Japan suggested that Peru had broken the fishing accord."))
    assert "REQUEST" not in events(coded("Japan insisted that its fleet was never near the coast of Peru."))
    assert ("REQUEST", ("JPN",), ("PER",)) in coded("Japan suggested that Peru should reopen the fishing talks.")


def test_seeking_a_thing_is_a_request_and_seeking_to_act_an_aim(coded):
    assert ("REQUEST", ("BOL",), ("JPN",)) in coded("Bolivia sought the approval of Japan for the new loan.")
    assert not events(coded("Bolivia sought to improve its trade ties with Japan.")) & {"REQUEST", "AGREE"}


def test_wishes_and_questions_are_no_acts(coded):
    assert not events(coded("Peru wants to host the next summit with Bolivia.")) & {"REQUEST", "AGREE"}
    assert not events(coded("Bolivia hopes the rail link with Peru will open in spring.")) & {"REQUEST", "AGREE"}
    assert "REQUEST" not in events(coded("Japan asked Peru if the fishing talks would go ahead."))
    assert ("REQUEST", ("JPN",), ("PER",)) in coded("Japan asked Peru to reopen the fishing talks.")


def test_warning_of_what_events_will_do_is_a_forecast(coded):
    assert "THREATEN" not in events(coded("Japan warned that the storms could flood the coast of Peru."))
    assert ("THREATEN", ("JPN",), ("PER",)) in coded("Japan warned Peru that it would close its ports.")
    assert "THREATEN" in events(coded("Japan warned that Japan would retaliate against Peru."))
