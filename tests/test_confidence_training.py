"""Training the event confidence model: labels of re-read judged events (tools/confidence_rows.py) and the choice
of the threshold (tools/train_confidence.py), on rows written for these tests."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
confidence_rows = pytest.importorskip("confidence_rows")
train_confidence = pytest.importorskip("train_confidence")

JUDGED = {"event": "SANCTION", "source_codes": ["NOR"], "target_codes": ["UNO"], "type_ok": True,
          "source_ok": True, "target_ok": False, "happened": True, "gold_event": "SANCTION",
          "gold_source": ["NOR"], "gold_target": ["ISL"], "gold_modality": "asserted"}


def test_the_event_judged_keeps_the_judges_fields():
    labels, where = confidence_rows.label("SANCTION", ["NOR"], ["IGO"], JUDGED)  # UNO and IGO are one code
    assert (labels, where) == ([1, 1, 0, 1], "judge")


def test_another_reading_of_the_judged_word_is_labelled_by_the_annotators_codes():
    labels, where = confidence_rows.label("SANCTION", ["NOR"], ["ISL"], JUDGED)
    assert (labels, where) == ([1, 1, 1, 1], "gold")
    labels, _ = confidence_rows.label("COERCE", ["NOR"], ["ISL"], {**JUDGED, "gold_modality": "future"})
    assert labels == [0, 1, 1, 0]


def test_a_word_with_no_event_is_wrong_on_every_field():
    no_event = {**JUDGED, "event": "CONSULT", "gold_event": None, "gold_source": [], "gold_target": []}
    assert confidence_rows.label("AID", [], [], no_event) == ([0, 0, 0, 0], "gold")


def _row(t, precision, kept, et, dy):
    return {"threshold": t, "precision": precision, "asserted_kept": kept, "plover_event_type_f1": et,
            "plover_dyad_f1": dy}


def test_the_threshold_is_the_most_precise_within_the_plover_tolerance():
    cv = [_row(0.0, 0.2, 1.0, 0.80, 0.70), _row(0.1, 0.3, 0.7, 0.80, 0.70), _row(0.2, 0.4, 0.5, 0.795, 0.695),
          _row(0.3, 0.6, 0.4, 0.75, 0.70), _row(0.4, 0.7, 0.1, 0.80, 0.70)]
    assert train_confidence.choose(cv, 0.01, 0.25, None)["threshold"] == 0.2  # 0.3 costs PLOVER, 0.4 keeps too few
    assert train_confidence.choose(cv, 0.1, 0.25, None)["threshold"] == 0.3
    assert train_confidence.choose(cv, 0.01, 0.25, 0.1)["threshold"] == 0.1  # a cap from a floor measured elsewhere


def test_the_threshold_keeps_the_judged_events_of_the_right_type():
    cv = [{**_row(0.0, 0.2, 1.0, 0.80, 0.70), "type_recall": 1.0},
          {**_row(0.1, 0.3, 0.8, 0.79, 0.69), "type_recall": 0.96},
          {**_row(0.2, 0.4, 0.6, 0.81, 0.71), "type_recall": 0.8}]
    assert train_confidence.choose(cv, None, 0.25, None, 0.95)["threshold"] == 0.1  # 0.2 loses a fifth of them
    assert train_confidence.choose(cv, None, 0.25, None, 0.75)["threshold"] == 0.2  # PLOVER tune is no guard
    assert train_confidence.choose(cv, 0.005, 0.25, None, 0.75)["threshold"] == 0.2
    assert train_confidence.choose(cv, 0.005, 0.25, None, 0.97)["threshold"] == 0.0


def test_no_threshold_when_none_is_allowed():
    cv = [_row(0.0, 0.2, 1.0, 0.80, 0.70), _row(0.1, 0.3, 0.7, 0.70, 0.60)]
    assert train_confidence.choose(cv, 0.01, 0.25, None)["threshold"] == 0.0


def test_training_learns_a_signal_by_article_folds(tmp_path):
    import json
    import random

    rng = random.Random(7)
    rows = []
    for k in range(120):  # 40 articles; an event is right when its type margin is high and it names a source
        margin, has_src = rng.random(), rng.random() < 0.6
        right = int(margin > 0.5 and has_src)
        rows.append({"kind": "article", "record": f"a{k % 40}", "fold": 0, "event": "AID",
                     "features": {"margin_none": margin, "has_src": float(has_src), "noise": rng.random()},
                     "labels": [right, right or int(has_src), 1, right or int(rng.random() < 0.5)]})
    rows.append({"kind": "article", "record": "a1", "fold": 0, "event": "AID", "labels": None,
                 "features": {"margin_none": 0.9, "has_src": 1.0, "noise": 0.5}})
    path = tmp_path / "rows.json"
    path.write_text(json.dumps({"coder": "test", "rows": rows}))
    info = train_confidence.train(train_confidence.load(path), 0.01, 0.25, None)
    cv = info["cross_validation"]
    assert cv["events"] == 120 and cv["asserted_events_of_the_articles"] == 121
    assert cv["auc_fully_right"] > 0.8
    assert info["features"] == ["has_src", "margin_none", "noise"]
    assert cv["at_threshold"]["precision"] > cv["fully_right"]  # a threshold is chosen that raises precision
    assert info["threshold"] == cv["at_threshold"]["threshold"]


def test_an_article_is_read_whole_and_labelled_at_the_judged_word(nlp):
    from detente.events import learned
    from tests.test_events import actors_for

    coder = learned.model()
    if coder is None:
        pytest.skip("no coder model installed")
    text = ("Peru expelled two Bolivian diplomats on Monday. Bolivia said it would recall its ambassador from Lima "
            "if the expulsions stood.")
    rows_all = confidence_rows.article_rows(coder, {"id": "own-1", "text": text, "_judged": []},
                                            (nlp(text), actors_for(text), None), 0)
    expelled = [r for r in rows_all if r["event"] == "SANCTION"]
    if not expelled:
        pytest.skip("the installed coder codes no expulsion here")
    judged = {**JUDGED, "trigger": "expelled", "sentence_start": 0, "sentence_end": 47,
              "source_codes": ["PER"], "target_codes": ["BOL"], "gold_source": ["PER"], "gold_target": ["BOL"]}
    rows = confidence_rows.article_rows(coder, {"id": "own-1", "text": text, "_judged": [judged]},
                                        (nlp(text), actors_for(text), None), 0)
    assert len(rows) == len(rows_all)  # every asserted event of the article, labelled or not
    labelled = [r for r in rows if r["labels"] is not None]
    assert len(labelled) == 1 and labelled[0]["event"] == "SANCTION" and labelled[0]["record"] == "own-1"
    assert all(isinstance(v, float) for v in labelled[0]["features"].values())


def test_the_chain_learns_whether_a_word_is_an_event_from_every_row(tmp_path, monkeypatch):
    import json
    import random

    rng = random.Random(11)
    rows = []
    for k in range(200):  # 50 articles; a word with a high cue is no event; among events, the margin decides
        cue, margin = rng.random(), rng.random()
        no_event = int(cue > 0.7)
        right = 0 if no_event else int(margin > 0.4)
        rows.append({"kind": "article", "record": f"a{k % 50}", "fold": 0, "event": "AID", "no_event": no_event,
                     "features": {"cue": cue, "margin_none": margin},
                     "labels": [right, 1 - no_event, 1 - no_event, right]})
    path = tmp_path / "rows.json"
    path.write_text(json.dumps({"coder": "test", "rows": rows}))
    monkeypatch.setattr(train_confidence, "VARIANTS", ((False, "chain", 0.3),))
    info = train_confidence.train(train_confidence.load(path), 0.01, 0.25, None)
    assert info["combine"] == "chain"
    assert set(info["parts"]) == {"event", "type_ok", "source_ok", "target_ok", "happened"}
    cue, margin = info["features"].index("cue"), info["features"].index("margin_none")
    assert info["parts"]["event"]["weights"][cue] < 0  # the event part reads the cue
    # the fields are learnt from events only: every event has its source right, so that part learns no cue
    assert abs(info["parts"]["source_ok"]["weights"][cue]) < abs(info["parts"]["event"]["weights"][cue])
    assert info["parts"]["type_ok"]["weights"][margin] > 0
    assert info["cross_validation"]["auc_fully_right"] > 0.8
