"""The event confidence model (detente/events/confidence.py): its file, its features, and the least confidence of
an emitted asserted event, on sentences written for these tests."""
import json
import math

import pytest

from detente.config import Settings
from detente.events import code_events, confidence, learned
from tests.test_events import actors_for

TEXT = ("Peru expelled two Bolivian diplomats on Monday. Bolivia said it would recall its ambassador from Lima "
        "if the expulsions stood, and Japan urged Peru and Bolivia to talk.")


@pytest.fixture(scope="module")
def model():
    m = confidence.model()
    if m is None or learned.model() is None:
        pytest.skip("no confidence or coder model installed")
    return m


def test_model_file_holds_numbers_and_its_cross_validation(model):
    info = json.loads(confidence.MODEL.read_text())
    fields = {"type_ok", "source_ok", "target_ok", "happened"}
    assert set(info["parts"]) in (fields, fields | {"event"}, {"fully_right"})
    for part in info["parts"].values():
        assert len(part["weights"]) == len(info["features"])
        assert all(isinstance(w, float) for w in part["weights"])
    assert all(n.replace("=", "_").replace("_", "").isalnum() for n in info["features"])  # names, no text
    cv = info["cross_validation"]
    assert cv["events"] >= 100 and 0 < cv["fully_right"] < 1
    assert cv["at_threshold"]["threshold"] == info["threshold"]
    assert 0.0 <= model.threshold < 1.0


def test_confidence_is_the_product_of_the_field_probabilities(model):
    feats = {n: 0.5 for n in model.names}
    parts = model.probabilities(feats)
    assert set(parts) == set(model.parts)
    assert math.isclose(model.probability(feats), math.prod(parts.values()))
    assert all(0.0 < p < 1.0 for p in parts.values())


def test_features_are_finite_numbers(nlp, model, monkeypatch):
    monkeypatch.setattr(confidence, "TRACE", [])
    events = code_events(nlp(TEXT), actors_for(TEXT), min_confidence=0.0)
    assert events
    assert len(confidence.TRACE) >= len(events)
    for _, feats in confidence.TRACE:
        assert set(model.names) <= set(feats)
        assert all(isinstance(v, float) and math.isfinite(v) for v in feats.values())
    assert all(0.0 <= e.confidence <= 1.0 for e in events)


def test_low_confidence_asserted_events_are_left_out(nlp, model):
    doc, actors = nlp(TEXT), actors_for(TEXT)
    everything = code_events(doc, actors, min_confidence=0.0)
    default = code_events(doc, actors)
    strict = code_events(doc, actors, min_confidence=1.01)
    assert {e.key for e in default} <= {e.key for e in everything}
    assert all(e.confidence >= model.threshold for e in default if e.modality == "asserted")
    assert not [e for e in strict if e.modality == "asserted"]
    # events not coded as asserted are not judged by the model: they stay
    assert {e.key for e in strict} == {e.key for e in everything if e.modality != "asserted"}


def test_settings_carry_the_least_confidence():
    assert Settings().min_confidence is None
    assert Settings(min_confidence=0.0).min_confidence == 0.0


def test_rule_coder_is_not_filtered(nlp, model):
    doc, actors = nlp(TEXT), actors_for(TEXT)
    assert code_events(doc, actors, rules=True, min_confidence=1.01) == code_events(doc, actors, rules=True)


def test_the_pipeline_passes_the_least_confidence_on(model):
    from detente.pipeline import analyze_text

    everything = analyze_text(TEXT, settings=Settings(min_confidence=0.0)).events
    strict = analyze_text(TEXT, settings=Settings(min_confidence=1.01)).events
    assert any(e.modality == "asserted" for e in everything)
    assert not [e for e in strict if e.modality == "asserted" and e.coder.startswith("detente.events.learned")]


def test_predict_takes_a_least_confidence(tmp_path, model):
    from typer.testing import CliRunner

    from detente.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "own-1", "text": TEXT}) + "\n")
    runs = {}
    for least in ("0", "1.01"):
        out = tmp_path / f"out-{least}.jsonl"
        res = CliRunner().invoke(app, ["predict", "events", str(src), "-o", str(out), "--min-confidence", least])
        assert res.exit_code == 0, res.output
        runs[least] = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(runs["0"]) == len(runs["1.01"]) == 1  # one line per record either way
    asserted = {k: [e for e in v[0]["events"] if e["modality"] == "asserted"] for k, v in runs.items()}
    assert asserted["0"] and not asserted["1.01"]


def test_context_features_read_position_quotes_and_plans(nlp):
    doc = nlp("Chile recalled its envoy. Argentina plans to expel the Chilean consul in 2027, "
              "a spokesman said, adding: \"we will not yield\".")
    sents = list(doc.sents)
    first = confidence._context(next(t for t in sents[0] if t.lemma_ == "recall"), sents[0])
    expel = confidence._context(next(t for t in doc if t.lower_ == "expel"), sents[-1])
    yield_ = confidence._context(next(t for t in doc if t.lower_ == "yield"), sents[-1])
    assert first["art_pos"] == 0.0 and expel["art_pos"] > 0.0
    assert expel["to_inf"] == 1.0 and first["to_inf"] == 0.0
    assert expel["year"] == 1.0 and first["year"] == 0.0
    assert yield_["in_quote"] == 1.0 and expel["in_quote"] == 0.0
    assert yield_["aux_will"] == 1.0


def test_lemma_is_stored_as_a_bucket_number_only():
    names = [f"lemma={i}" for i in range(confidence.LEMMA_BUCKETS)]
    assert all(n.split("=")[1].isdigit() for n in names)
