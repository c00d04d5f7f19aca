"""Words that name no act (events/no_act.py; words.yaml, verbs_detente.tsv): a question put to the speaker by
reporters, a name given, a denied report that names no accuser, a threat in the sense of a danger, a curated no-act
row; the trained coder codes no event at such a word (learned.Coder ``no_act``). Sentences written for these tests,
with hand-built actor mentions."""
import pytest

from detente.events import code_events, learned
from detente.events.no_act import no_act, no_act_as
from tests.test_events import actors_for  # every listed name as a GOV mention: Peru, Lima, Bolivia, Japan among them


@pytest.fixture
def no_act_words(nlp):
    return lambda text: [t.text for t in nlp(text) if no_act(t)]


def test_a_question_put_to_the_speaker_is_no_act(no_act_words):
    assert no_act_words("Asked about the fishing talks with Peru, the Japanese envoy said nothing was decided.") == [
        "Asked"]
    assert no_act_words("Asked on Friday for his view of Peru, the Japanese envoy said the talks would go on.") == [
        "Asked"]
    # a party that asks, named as the agent, or an asking verb with its own subject: a request
    assert "Asked" not in no_act_words("Asked by Peru for more boats, Japan said it would send two.")
    assert "asked" not in no_act_words("Japan asked Peru to reopen the fishing talks.")


def test_a_question_asked_is_no_request(no_act_words):
    assert no_act_words("Japan asked whether Peru would join the fishing talks.") == ["asked"]
    assert "asked" not in no_act_words("Japan asked Peru for a seat at the fishing talks.")
    assert "asked" not in no_act_words("Japan asked Peru to join the fishing talks.")


def test_a_markets_demand_is_no_act(no_act_words):
    assert no_act_words("Weak domestic demand for copper hurt the miners of Peru.") == ["demand"]
    assert "demand" not in no_act_words("Peru rejected a demand by Bolivia for access to the sea.")
    assert "demands" not in no_act_words("Peru rejected the demands of Bolivia.")


def test_information_released_is_no_act(no_act_words):
    assert no_act_words("Peru released its budget figures for the border region on Monday.") == ["released"]
    assert no_act_words("Images released by the ministry of Peru showed the flooded valley.") == ["released"]
    assert "released" not in no_act_words("Peru released two fishermen of Bolivia on Monday.")


def test_a_name_given_is_no_act(no_act_words):
    assert no_act_words("A rebel group called the Mountain Hawks operates near the border of Peru.") == ["called"]
    assert "called" not in no_act_words("The talks called for by Peru will open in Lima.")


def test_a_denied_report_names_no_accuser(no_act_words):
    assert no_act_words("Peru denied press reports that its navy had entered the waters of Bolivia.") == ["denied"]
    assert no_act_words("Japan dismissed market rumours that Peru would default on its loans.") == ["dismissed"]
    assert "denied" not in no_act_words("Peru denied the charge of Bolivia that its navy had entered its waters.")


def test_a_threat_as_a_danger_is_no_act(no_act_words):
    assert no_act_words("Piracy poses a growing threat to shipping off the coast of Peru.") == ["threat"]
    assert no_act_words("Bolivia spoke of the threat from the floods in Peru.") == ["threat"]
    assert "threat" not in no_act_words("Peru repeated its threat to close the border with Bolivia.")
    assert "threats" not in no_act_words("Japan condemned the threats against Peru by Bolivia.")


def test_curated_no_act_rows_are_no_act(no_act_words):
    assert no_act_words("The Peruvian official, who asked not to be named, said Bolivia would send troops.") == [
        "asked"]
    assert "asked" not in no_act_words("Peru asked Bolivia to send troops.")


def test_the_trained_coder_codes_no_event_at_a_word_of_no_act(nlp, monkeypatch):
    m = learned.model()
    if m is None:
        pytest.skip("no trained model installed (make train)")
    text = "Peru denied press reports that Bolivia had closed the border, and Peru accused Bolivia of shelling a post."
    doc = nlp(text)
    denied = next(t for t in doc if t.text == "denied")
    monkeypatch.setattr(m, "no_act", False)
    before = code_events(doc, actors_for(text))
    monkeypatch.setattr(m, "no_act", True)
    after = code_events(doc, actors_for(text))
    assert all(e.evidence.trigger.start != denied.idx for e in after)
    key = lambda e: (e.event, e.evidence.trigger.start)  # noqa: E731
    assert {key(e) for e in after} <= {key(e) for e in before}
    assert any(e.event == "ACCUSE" for e in after)


@pytest.fixture
def no_act_as_words(nlp):
    """The words of the text that, read as ``event``, name no such act (no_act.no_act_as), with the listed names of
    tests.test_events as the actor mentions."""
    def run(text, event):
        doc = nlp(text)
        mentions = actors_for(text)
        tokens = {t.i: a for a in mentions for t in doc if a.span.start <= t.idx < a.span.end}
        return [t.text for t in doc if no_act_as(t, event, tokens)]
    return run


def test_a_warning_of_what_things_will_do_is_no_threat(no_act_as_words):
    assert no_act_as_words("Peru warned that the storms could flood the coast.", "THREATEN") == ["warned"]
    assert no_act_as_words("Peru warned of the damage a trade war could do to its farmers.", "THREATEN") == [
        "warned"]
    # a party acts in the clause, the warning is addressed to one, or it names an act: a threat
    assert no_act_as_words("Peru warned of retaliation if the tariffs stayed.", "THREATEN") == []
    assert no_act_as_words("Peru warned that Bolivia would regret the move.", "THREATEN") == []
    assert no_act_as_words("Peru warned that its navy would stop the trawlers.", "THREATEN") == []
    assert no_act_as_words("Peru warned Bolivia that it would close the border.", "THREATEN") == []


def test_a_view_of_what_a_thing_or_the_speakers_side_should_do_is_no_request(no_act_as_words):
    assert no_act_as_words("The minister of Peru said the new pact should help trade.", "REQUEST") == ["said"]
    assert no_act_as_words("Peru should watch the rise of its currency, a ministry in Lima said.", "REQUEST") == [
        "said"]
    # another party obliged, or anyone (a passive): a demand
    assert no_act_as_words("Peru said Bolivia should reopen the fishing talks.", "REQUEST") == []
    assert no_act_as_words("Peru said the Bolivia delegation should stay.", "REQUEST") == []
    assert no_act_as_words("Peru said the fishermen should be released at once.", "REQUEST") == []


def test_an_operation_pressed_on_with_is_no_request(no_act_as_words):
    assert no_act_as_words("Troops of Peru pressed their offensive near the border on Tuesday.", "REQUEST") == [
        "pressed"]
    assert "pressed" not in no_act_as_words("Peru pressed Bolivia to halt the offensive.", "REQUEST")
    assert no_act_as_words("Bolivia called for an offensive against the rebels.", "REQUEST") == []


def test_a_gift_of_nothing_material_is_no_aid(no_act_as_words):
    assert no_act_as_words("The raid gave Peru the initiative in the talks.", "AID") == ["gave"]
    assert no_act_as_words("Japan gave Bolivia a chance to reply.", "AID") == ["gave"]
    assert no_act_as_words("Japan gave Peru two patrol boats and food.", "AID") == []
    assert no_act_as_words("Japan provided shelter to refugees from Peru.", "AID") == []
    assert no_act_as_words("Japan provided Peru with a loan for its ports.", "AID") == []
    assert no_act_as_words("The raid gave Peru the initiative in the talks.", "ASSAULT") == []  # only the type read
