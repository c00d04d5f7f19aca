"""The modality gate (detente/events/modality_model.py): its features, its model file, its decision, and what it
does to events of sentences written for these tests."""
import json

import numpy as np
import pytest

from detente.events import modality_model as M
from detente.events.learned import Linear
from detente.model import MODALITIES


def _trigger(doc, word):
    return next(t for t in doc if t.text == word)


def test_an_earlier_year_is_dated_against_the_article(nlp):
    doc = nlp("The navy seized the tanker in 2009 off the coast.")
    tok = _trigger(doc, "seized")
    sent = next(doc.sents)
    old = M.features(tok, sent, "asserted", 2024)
    same = M.features(tok, sent, "asserted", 2009)
    assert "yc=6-20" in old and "yc=same" in same
    assert "yc=noart" in M.features(tok, sent, "asserted", None)


def test_a_plan_above_the_trigger_is_named(nlp):
    doc = nlp("The minister announced plans to withdraw the troops next month.")
    tok = _trigger(doc, "withdraw")
    f = M.features(tok, next(doc.sents), "future", 2024)
    assert any(x.startswith("uc") and x.endswith("=plan") for x in f)
    assert "futc=next" in f


def test_news_copies_of_the_clause_features_only_for_news(nlp):
    doc = nlp("The minister announced plans to withdraw the troops next month.")
    tok = _trigger(doc, "withdraw")
    news = M.features(tok, next(doc.sents), "future", 2024, news=True)
    corpus = M.features(tok, next(doc.sents), "future", 2024, news=False)
    assert "n:l=withdraw" in news and "l=withdraw" in news
    assert any(x.startswith("n:uc") and x.endswith("=plan") for x in news)
    assert not any(x.startswith("n:") for x in corpus)


def test_a_reporting_side_and_a_hedge_are_named(nlp):
    doc = nlp("Activists said the jets apparently bombed the market.")
    tok = _trigger(doc, "bombed")
    f = M.features(tok, next(doc.sents), "asserted", 2024)
    assert "rep=say" in f and "rs=side" in f
    assert any(x.startswith("hedge") for x in f)


def _gate(row_b, threshold):
    """A gate whose only known feature is "b", with these scores for (asserted, future, historical)."""
    from detente.events import features as F
    buckets = np.array(F.hashed(["b"]), dtype=np.int64)
    return M.Gate(Linear(buckets, np.array([row_b], dtype=np.float32), np.zeros(3),
                         ["asserted", "future", "historical"]), threshold)


def test_gate_keeps_asserted_above_threshold_and_else_names_the_likeliest_other():
    g = _gate([2.0, 0.0, 1.0], 0.5)
    label, p = g.decide(["b"])
    assert label == "asserted" and p > 0.5
    g = _gate([0.0, 0.5, 1.0], 0.5)
    label, p = g.decide(["b"])
    assert label == "historical" and 0 < p < 1


def test_refine_leaves_non_asserted_alone(nlp):
    doc = nlp("The rebels might attack the town.")
    tok = _trigger(doc, "attack")
    assert M.refine("hypothetical", 0.7, tok, next(doc.sents), "hypothetical", 2024) == ("hypothetical", 0.7)


@pytest.fixture(scope="module")
def gate():
    g = M.gate()
    if g is None:
        pytest.skip("no modality model installed (make train)")
    return g


def test_model_holds_numbers_and_labels_only(gate):
    arrays = np.load(M.MODEL.with_suffix(".npz"))
    assert all(arrays[k].dtype.kind in "iuf" for k in arrays.files)
    meta = json.loads(M.MODEL.with_suffix(".json").read_text())
    assert set(meta["classes"]) <= set(MODALITIES) and "asserted" in meta["classes"]
    assert 0 < meta["threshold"] < 1
    assert meta["cv_judged"]["judged_events"] > 1000  # figures are cross-validated, stored with the model


def test_gate_reads_background_and_plans_but_keeps_plain_news(nlp, gate):
    cases = [("Troops shelled the border villages on Tuesday, the defence ministry said.", "shelled", "ASSAULT", True),
             ("In 1994 the army shelled the border villages for weeks.", "shelled", "ASSAULT", False),
             ("The government plans to expel the ambassador next week.", "expel", "SANCTION", False)]
    for text, word, event, asserted in cases:
        doc = nlp(text)
        tok = _trigger(doc, word)
        sent = next(doc.sents)
        for date in ("2024-05-01", None):  # the coder passes the article's date when it knows one, and the type
            label, _ = gate.decide(M.features(tok, sent, M.rule_modality(tok, sent, 2024), 2024, date=date,
                                              event=event))
            assert (label == "asserted") == asserted, (text, date, label)


def _tool():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import train_modality
    return train_modality


def test_judged_figures_count_moves_against_the_judges():
    T = _tool()
    ev = lambda gold, happened=None: {"event": gold and "ASSAULT", "happened": happened}  # noqa: E731
    ss = [("a", "g1", "judged", [], "asserted", ev(True, True)),        # kept, right
          ("b", "g1", "judged", [], "historical", ev(True, False)),     # moved, right
          ("c", "g2", "judged", [], "asserted", ev(True, True)),        # moved, wrong
          ("d", "g2", "judged", [], "asserted", ev(None, False)),       # no event at that word, moved
          ("e", "g3", "corpus", [], "future", ev(True))]                # not a judged row
    probs = [{"asserted": 0.9}, {"asserted": 0.1}, {"asserted": 0.2}, {"asserted": 0.1}, {"asserted": 0.1}]
    f = T.judged_figures(ss, probs, 0.5)
    assert (f["judged_events"], f["judged_rows"]) == (3, 4)
    assert (f["moved"], f["moved_rightly"], f["moved_no_event"]) == (2, 1, 1)
    assert f["asserted_accuracy_before"] == round(2 / 3, 4) and f["asserted_accuracy_after"] == round(2 / 3, 4)
    assert f["happened_share_before"] == 0.5 and f["happened_share_kept_after"] == 1.0
    assert T.judged_figures(ss, probs, 0.15)["moved"] == 1  # of the events only b (0.1) falls below 0.15


def _time(nlp, text, word, date):
    from detente.events.modality import governing_verb
    from detente.events.modality_time import features as time_features
    doc = nlp(text)
    tok = _trigger(doc, word)
    return time_features(tok, governing_verb(tok), next(doc.sents), date)


def test_time_expressions_are_dated_against_the_article_and_absent_without_a_date(nlp):
    old = _time(nlp, "The militia shelled the port in March 2011.", "shelled", "2024-05-20")
    recent = _time(nlp, "The militia shelled the port on Sunday.", "shelled", "2024-05-20")
    assert "tdc=old" in old and "tdc=week" in recent
    assert not any(x.startswith("td") for x in _time(nlp, "The militia shelled the port in March 2011.", "shelled",
                                                     None))
    last_year = _time(nlp, "Last year the two navies held joint drills.", "held", "2024-03-02")
    assert "tdc=year" in last_year


def test_aspect_of_the_clause_is_named(nlp):
    assert "asp=pastperf" in _time(nlp, "The envoy had visited the capital twice.", "visited", None)
    f = _time(nlp, "The rebels have been fighting the army since 1990.", "fighting", None)
    assert "asp=perfprog" in f and "since|perfprog" in f
    assert "asp=used_to" in _time(nlp, "The two states used to trade grain across the river.", "trade", None)
    assert "asp=past" in _time(nlp, "The police arrested three protesters.", "arrested", None)


def test_an_era_phrase_on_the_clause_is_named(nlp):
    f = _time(nlp, "During the occupation, the army expelled the villagers.", "expelled", None)
    assert "era=during" in f and "era=during|past" in f


def test_distance_buckets():
    import datetime as dt
    from detente.events.modality_time import distance_bucket
    d = dt.date(2024, 6, 15)
    assert distance_bucket(d, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == "now"
    assert distance_bucket(d, dt.date(2024, 7, 1), dt.date(2024, 7, 31)) == "later"
    assert distance_bucket(d, dt.date(2024, 6, 12), dt.date(2024, 6, 12)) == "week"
    assert distance_bucket(d, dt.date(2023, 1, 1), dt.date(2023, 12, 31)) == "year"
    assert distance_bucket(d, dt.date(2015, 1, 1), dt.date(2015, 12, 31)) == "old"


def test_a_sentence_with_no_time_expression_is_marked_so_when_the_date_is_known(nlp):
    f = _time(nlp, "The militia shelled the port and the airfield.", "shelled", "2024-05-20")
    assert "td=none" in f and not any(x.startswith(("tds=", "tdc=")) for x in f)
    f = _time(nlp, "The militia shelled the port in the autumn of 2019.", "shelled", "2024-05-20")
    assert "tdc=old" in f
