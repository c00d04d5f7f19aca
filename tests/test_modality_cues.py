"""Cues that an event read as asserted did not happen as reported (detente/events/modality_cues.py), on sentences
written for these tests, and the gate trainer's threshold chosen for precision of asserted."""
import sys
from pathlib import Path

from detente.events import modality_cues as C


def _cues(nlp, text, word, year=2024, offset=100):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    return C.cues(tok, next(doc.sents), year, offset)


def test_negation_on_the_governing_clause(nlp):
    c = _cues(nlp, "The ministry did not say that the navy blockaded the port.", "blockaded")
    assert c.get("negated") == "up"
    assert "negated" in _cues(nlp, "The envoy left without meeting the rebels.", "meeting")


def test_an_act_kept_from_happening_is_averted(nlp):
    assert _cues(nlp, "The envoy avoided blaming the militia for the blast.", "blaming")["averted"] == "verb"
    assert _cues(nlp, "The lenders were unwilling to extend new credit.", "extend")["averted"] == "adj"
    assert _cues(nlp, "The navy held back from shelling the harbour.", "shelling")["averted"] == "verb"
    assert C.kind(_cues(nlp, "The envoy avoided blaming the militia.", "blaming")) == "averted"
    assert "averted" not in _cues(nlp, "The envoy blamed the militia for the blast.", "blamed")
    assert "averted" not in _cues(nlp, "The navy held talks with the coastguard.", "talks")


def test_condition_and_modal(nlp):
    assert _cues(nlp, "The army would shell the town if the talks failed.", "shell")["condition"].endswith("modal")
    assert "condition" in _cues(nlp, "If the rebels attack the depot, the guards will leave.", "attack")


def test_reporting_verb_and_who_reports(nlp):
    assert _cues(nlp, "Officials said the militia burned the granary.", "burned")["reported"] == "unnamed"
    assert C.kind(_cues(nlp, "According to the monitor, troops looted the clinic.", "looted")) == "reported"


def test_plan_noun_above_the_act(nlp):
    c = _cues(nlp, "The cabinet defended its decision to expel the diplomats.", "expel")
    assert c.get("planned") == "noun"


def test_time_long_past_and_to_come(nlp):
    assert _cues(nlp, "In 2003 the alliance bombed the bridges.", "bombed")["past"] == "old_year"
    assert _cues(nlp, "In 2023 the alliance bombed the bridges.", "bombed")["past"] == "year"
    assert "past" not in _cues(nlp, "In 2024 the alliance bombed the bridges.", "bombed")
    assert _cues(nlp, "The two premiers meet next week in the capital.", "meet")["future"] == "word:next"


def test_relative_clause_background(nlp):
    c = _cues(nlp, "Ankara fears the militia, which has fought the state for years.", "fought")
    assert c["relative"].startswith("own:") and c["relative"].endswith("perf")


def test_quotation_and_headline(nlp):
    c = _cues(nlp, "\u201cThey burned our fields,\u201d the farmer said.", "burned", offset=0)
    assert c["quoted"] == "in" and c["headline"] == "first"
    assert "quoted" not in _cues(nlp, "The farmer said they burned the fields.", "burned")


def test_plain_report_has_no_cue_and_features_name_the_kind(nlp):
    doc = nlp("Border guards detained twelve smugglers on Friday.")
    tok = next(t for t in doc if t.text == "detained")
    assert C.cues(tok, next(doc.sents), 2024, 300) == {}
    assert C.features(tok, next(doc.sents), 2024, 300) == ["k=none"]


def _tool():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import train_modality
    return train_modality


def test_threshold_is_the_lowest_reaching_the_precision_target():
    T = _tool()
    ev = {"event": "ASSAULT", "happened": True}
    labels = ["asserted", "asserted", "historical", "asserted", "future"]
    p_asserted = [0.95, 0.9, 0.6, 0.5, 0.3]
    ss = [(str(i), "g", "judged", [], lab, ev) for i, lab in enumerate(labels)]
    probs = [{"asserted": p} for p in p_asserted]
    assert T.precision_recall(ss, probs, 0.0) == (3 / 5, 1.0)
    assert T.choose_threshold(ss, probs, 0.75) == 0.325  # keeps 0.95, 0.9, 0.6, 0.5: 3 of 4 right
    t = T.choose_threshold(ss, probs, 0.9)  # only above 0.6 are all right
    assert 0.6 < t <= 0.9 and T.precision_recall(ss, probs, t) == (1.0, 2 / 3)


def test_error_counts_by_kind_and_those_left_asserted():
    _tool()
    import modality_errors as E
    ev = {"event": "ASSAULT", "happened": False}
    ss = [("a", "g", "judged", ["k=past"], "historical", ev),
          ("b", "g", "judged", ["k=reported"], "claimed", ev),
          ("c", "g", "judged", ["k=none"], "asserted", dict(ev, happened=True)),
          ("d", "g", "judged", ["k=past"], "historical", {"event": None, "happened": False}),  # no event: not counted
          ("e", "g", "corpus", ["k=past"], "historical", ev)]
    probs = [{"asserted": 0.9}, {"asserted": 0.2}, {"asserted": 0.9}, {"asserted": 0.9}, {"asserted": 0.9}]
    out = E.counts(ss, probs, 0.5)
    assert out["errors"] == {"claimed": {"reported": 1}, "historical": {"past": 1}}
    assert out["left"] == {"historical": {"past": 1}} and out["asserted"] == {"none": 1}
