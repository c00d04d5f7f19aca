"""detente.evaluate, the project's one scorer (``detente eval``, the training tools), gives the figures of the
shared scorer (../shared/eval/score.py) on small gold/prediction pairs written here."""
import importlib.util
import json
import os
from pathlib import Path

import pytest

from detente import evaluate

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (as .ci/run looks for it), or beside a worktree's parent, or $DETENTE_SHARED
PLACES = [Path(os.environ["DETENTE_SHARED"])] if os.environ.get("DETENTE_SHARED") else [ROOT.parent / "shared",
                                                                                         ROOT.parent.parent / "shared"]
SCORER = next((p / "eval" / "score.py" for p in PLACES if (p / "eval" / "score.py").exists()),
              PLACES[0] / "eval" / "score.py")

A = [{"code": "RUS"}]
B = [{"code": "GEO"}]
GOLD_EVENTS = [
    {"id": "s1", "events": [{"event": "ASSAULT", "source": A, "target": B}]},
    {"id": "s2", "events": [{"event": "AGREE", "source": A + B, "target": []},
                            {"event": "CONSULT", "source": A, "target": B}]},
    {"id": "s3", "events": [{"event": "REQUEST", "source": [], "target": B}]},
    {"id": "s4", "events": [{"event": None, "source": A, "target": B}]},  # no PLOVER type: skipped
    {"id": "s5#2", "events": [{"event": "ACCUSE", "source": B, "target": A}]},  # no prediction at all
    {"id": "s6", "events": []},
]
PRED_EVENTS = [
    {"id": "s1", "events": [{"event": "ASSAULT", "source": A, "target": [{"code": "UKR"}]},
                            {"event": "THREATEN", "source": A, "target": B}]},
    {"id": "s2", "events": [{"event": "CONSULT", "source": A, "target": B},
                            {"event": "AGREE", "source": B, "target": A, "modality": "negated"}]},
    {"id": "s3", "events": [{"event": "REQUEST", "source": A, "target": B}]},
    {"id": "s4", "events": [{"event": "ASSAULT", "source": A, "target": B}]},
    {"id": "s6", "events": [{"event": "PROTEST", "source": B, "target": []}]},
]
GOLD_LABELS = [{"id": f"t{i}", "polarity": g} for i, g in enumerate([-1, -1, 0, 0, 0, 1, 1, 1, -1, 0])]
PRED_LABELS = [{"id": f"t{i}", "polarity": p} for i, p in enumerate([-1, 0, 0, 1, 0, 1, -1, 1, -1])]  # t9 missing


@pytest.fixture(scope="module")
def shared():
    if not SCORER.exists():
        pytest.skip(f"the shared scorer is not at {SCORER} (set DETENTE_SHARED)")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_events_figures_equal_the_shared_scorers(shared, tmp_path):
    ours = evaluate.evaluate_events(_write(tmp_path / "gold.jsonl", GOLD_EVENTS), PRED_EVENTS)
    assert ours == shared.score_events(GOLD_EVENTS, PRED_EVENTS)
    # worked by hand: types s1 {ASSAULT}/{ASSAULT, THREATEN}, s2 {AGREE, CONSULT}/{CONSULT} (negated AGREE not
    # counted), s3 {REQUEST}/{REQUEST}, s5 {ACCUSE}/{}, s6 {}/{PROTEST}
    assert (ours["event_type"]["tp"], ours["event_type"]["fp"], ours["event_type"]["fn"]) == (3, 2, 2)
    assert (ours["dyad"]["tp"], ours["dyad"]["fp"], ours["dyad"]["fn"]) == (2, 3, 3)
    assert ours["missing_predictions"] == 1 and ours["top1_accuracy"] == 0.75


def test_label_figures_equal_the_shared_scorers(shared):
    ours = evaluate.score_labels(GOLD_LABELS, PRED_LABELS, "polarity")
    assert ours == shared.score_labels(GOLD_LABELS, PRED_LABELS, "polarity")
    assert ours["accuracy"] == 0.6 and ours["missing_predictions"] == 1


def test_the_split_is_the_shared_one(shared):
    ids = [f"rec-{i}" for i in range(200)] + ["x#1", "x#2", "y"]
    assert [evaluate.part_of(i) for i in ids] == [shared.part_of(i) for i in ids]
    assert evaluate.part_of("x#1") == evaluate.part_of("x")
    assert 0.45 < sum(evaluate.part_of(i) == "tune" for i in ids) / len(ids) < 0.75
