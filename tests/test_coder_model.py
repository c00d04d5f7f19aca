"""The trained event coder: its model file, its features, its guards, and what it codes in sentences written for
these tests (actor mentions built by hand, as in test_events.py)."""
import json
import zlib

import numpy as np
import pytest

from detente.events import code_events, learned
from detente.events import features as F
from detente.events import modality_features as MF
from detente.model import MODALITIES, Actor, Span
from tests.test_events import actors_for

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def coder():
    m = learned.load()
    if m is None:
        pytest.skip("no trained model installed (make train)")
    return m


def test_model_holds_numbers_and_labels_only(coder):
    meta_path = learned.MODEL.with_suffix(".json")
    arrays = np.load(learned.MODEL.with_suffix(".npz"))
    assert all(arrays[k].dtype.kind in "iuf" for k in arrays.files)
    assert set(coder.type.classes) == PLOVER | {learned.NONE}
    assert set(coder.role.classes) == set(learned.ROLES)
    assert set(coder.modality.classes) <= set(MODALITIES)
    assert all(c.split("|")[0] in PLOVER for c in coder.mode.classes)
    assert set(coder.trigger.classes) == {"event", learned.NONE} and 0 <= coder.trigger_min < 1  # the trigger veto
    meta = json.loads(meta_path.read_text())
    assert len(meta["data"]["corpus_sha256"]) == 64
    assert "performance" in meta and "corpus" in meta["performance"]
    size = sum(learned.MODEL.with_suffix(s).stat().st_size for s in (".npz", ".json"))
    assert size < 30e6


def test_hashing_is_fixed_and_in_range():
    idx = F.hashed(["l=meet", "l=meet", "d=ROOT"])
    assert len(idx) == 2 and idx.max() < F.DIM
    assert int(zlib.crc32(b"l=meet") & (F.DIM - 1)) in idx.tolist()


def test_linear_scores_are_the_sum_of_the_feature_rows():
    feats = ["a", "b", "c"]
    buckets = np.sort(F.hashed(feats[:2]))
    model = learned.Linear(buckets, np.array([[1.0, 0.0], [0.5, 2.0]]), np.array([0.1, -0.1]), ["x", "y"])
    assert np.allclose(model.scores(feats), [1.6, 1.9])  # "c" has no row: it adds nothing
    assert model.best(feats)[0] == "y"
    assert model.best(feats, allowed={"x"})[0] == "x"


def test_scores_of_many_lists_are_each_lists_scores_bit_for_bit():
    rng = np.random.default_rng(7)
    names = [f"f{k}" for k in range(300)]
    buckets = np.sort(F.hashed(names[:200]))
    weights = (rng.standard_normal((len(buckets), 5)) * rng.choice([1e-3, 1.0, 1e3], (len(buckets), 1)))
    weights[:3] = -0.0  # a sum of negative zeros stays -0.0 before the bias
    model = learned.Linear(buckets, weights.astype(np.float16), rng.standard_normal(5), list("abcde"))
    lists = [list(rng.choice(names, size=rng.integers(0, 60))) for _ in range(200)] + [[]]
    many = model.scores_many(lists)
    assert many.shape == (len(lists), 5) and many.dtype == np.float32
    one = np.array([model.scores(f) for f in lists])
    assert np.array_equal(many.view(np.int32), one.view(np.int32))  # the same float32 sums, not merely close
    assert model.scores_many([]).shape == (0, 5)


def _actor(code, sector, start=0, text="x"):
    return Actor(code, sector, text, Span(start, start + len(text), text))


def test_guard_one_code_per_side_and_no_party_on_both_sides():
    a1, a2 = _actor("AZE", "GOV", 0), _actor("AZE", "GOV", 10)
    b = _actor("RUS", "GOV", 20)
    src, tgt = learned.guard([(0.9, a1), (0.8, a2)], [(0.7, a2), (0.6, b)])
    assert [a.code for a in src] == ["AZE"] and [a.code for a in tgt] == ["RUS"]
    police, crowd = _actor("EGY", "COP", 0), _actor("EGY", "CVL", 10)
    src, tgt = learned.guard([(0.9, police)], [(0.9, crowd)])
    assert tgt == [crowd]  # a domestic event: the sectors differ


def test_evidence_loses_markdown_but_keeps_offsets():
    text = "## Talks resume\nLima and **Quito** met."
    out = learned.clean_sentence(text)
    assert "#" not in out and "**" not in out and len(out) == len(text)
    assert out.index("Quito") == text.index("Quito")


@pytest.fixture
def code(nlp):
    def run(text, rules=False):
        return code_events(nlp(text), actors_for(text), rules=rules)
    return run


@pytest.mark.parametrize("rules", [False, True])
def test_no_event_has_one_party_on_both_sides(code, rules, coder):
    for text in ("Baku accused Azerbaijan of hiding the report.",
                 "Armenia said Armenia would never attack Georgia.",
                 "Russia and Russia met in Moscow."):
        for e in code(text, rules=rules):
            src = {(a.code, a.sector) for a in e.source}
            assert not src & {(a.code, a.sector) for a in e.target}
            assert len({a.code for a in e.source}) == len(e.source)
            assert len({a.code for a in e.target}) == len(e.target)


def test_one_event_per_trigger(code, coder):
    evs = code("Peru condemned and expelled the Bolivian ambassador after Bolivia shelled a border post.")
    triggers = [e.evidence.trigger.start for e in evs]
    assert len(triggers) == len(set(triggers))


def test_trained_coder_reads_plain_wire_sentences(code, coder):
    evs = code("Peru accused Bolivia on Monday of shelling a border post.")
    assert any(e.event == "ACCUSE" and {a.code for a in e.source} == {"PER"}
               and "BOL" in {a.code for a in e.target} for e in evs)
    evs = code("Japan sent food aid to Haiti.")
    assert any(e.event == "AID" and "JPN" in {a.code for a in e.source} for e in evs)


def test_trained_coder_marks_conditional_acts(code, coder):
    evs = [e for e in code("If Peru attacks Bolivia, Quito will close its embassy in Lima.") if e.event == "ASSAULT"]
    assert all(e.modality != "asserted" for e in evs)


def test_rules_can_be_chosen(monkeypatch, code, coder):
    monkeypatch.setenv("DETENTE_EVENT_CODER", "rules")
    learned.model.cache_clear()
    try:
        assert learned.model() is None
        evs = code("Japan sent food aid to Haiti.")
        assert all(e.coder.startswith("detente.events@") for e in evs)
    finally:
        monkeypatch.delenv("DETENTE_EVENT_CODER")
        learned.model.cache_clear()


def test_candidates_cover_verbs_nouns_and_rule_triggers(nlp):
    doc = nlp("The talks between Lima and Quito ended quickly.")
    sent = next(doc.sents)
    cands = {t.lower_ for t in F.candidates(sent, set())}
    assert {"talks", "ended"} <= cands and "quickly" not in cands


@pytest.fixture(scope="module")
def trainer():
    import importlib.util
    import pathlib

    import sys

    path = pathlib.Path(__file__).resolve().parents[1] / "tools" / "train_coder.py"
    if str(path.parent) not in sys.path:  # the tool imports tools/dev_paths.py, as when run as a script
        sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("train_coder", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_split_is_by_a_hash_of_the_id(trainer):
    parts = [trainer.part_of(f"rec-{i}") for i in range(2000)]
    assert 0.55 < parts.count("tune") / len(parts) < 0.65
    assert trainer.part_of("rec-7#2") == trainer.part_of("rec-7")
    folds = {trainer.fold_of(f"rec-{i}", 5) for i in range(200)}
    assert folds == set(range(5))


def test_gold_spans_follow_the_occurrence_index(trainer):
    rec = {"text": "Lima warned Quito, and Quito warned Lima.",
           "events": [{"event": "THREATEN", "trigger": "warned", "trigger_at": 1,
                       "source": [{"text": "Quito", "code": "ECU", "at": 1}],
                       "target": [{"text": "Lima", "code": "PER", "at": 1}], "modality": "asserted"}]}
    (g,) = trainer.gold_events(rec, plover=False)
    text = rec["text"]
    assert text[slice(*g["trigger"])] == "warned" and g["trigger"][0] > text.index("Quito")
    assert g["source"][0][0] == (23, 28) and text[23:28] == "Quito"
    assert text[slice(*g["target"][0][0])] == "Lima" and g["target"][0][0][0] > 30


def test_scores_count_negated_events_on_neither_side(trainer):
    gold = [{"event": "ASSAULT", "source": [{"code": "PER"}], "target": [{"code": "BOL"}], "modality": "asserted"}]
    pred = [{"event": "ASSAULT", "source": [{"code": "PER"}], "target": [{"code": "BOL"}], "modality": "asserted"},
            {"event": "AID", "source": [{"code": "PER"}], "target": [], "modality": "negated"}]
    s = trainer.score([(gold, pred)])
    assert s["event_type"]["f1"] == 1.0 and s["dyad"]["f1"] == 1.0


def test_confusions_pair_missed_and_extra_types_and_judged_words(trainer):
    import coder_eval

    rows = [{"id": "plover:a", "gold": [{"event": "AID"}, {"event": "CONSULT"}],
             "trained": [{"event": "SUPPORT", "modality": "asserted"}, {"event": "CONSULT", "modality": "asserted"}]},
            {"id": "plover:b", "gold": [{"event": "ASSAULT"}], "trained": []},
            {"id": "plover:c", "gold": [], "trained": [{"event": "THREATEN", "modality": "asserted"}]},
            {"judged": "judged:x", "gold": None, "event": "ASSAULT"},
            {"judged": "judged:y", "gold": "AID", "event": "AID"}]
    c = coder_eval.confusions(rows)
    assert c["plover"] == {("AID", "SUPPORT"): 1, ("ASSAULT", "NONE"): 1, ("NONE", "THREATEN"): 1}
    assert c["judged"] == {("NONE", "ASSAULT"): 1, ("AID", "AID"): 1}


def test_training_is_deterministic(trainer):
    pytest.importorskip("sklearn")
    words = ["met", "talks", "shelled", "attack", "said", "urged", "asked", "named"]
    labels = ["CONSULT", "CONSULT", "ASSAULT", "ASSAULT", "NONE", "REQUEST", "REQUEST", "NONE"]
    samples = [(f"r{i}", [f"l={w}", f"k={i % 3}"], y) for i, (w, y) in enumerate(zip(words * 5, labels * 5))]
    a, b = trainer.fit(samples, 1e-4), trainer.fit(samples, 1e-4)
    assert a.classes == b.classes and np.array_equal(a.buckets, b.buckets) and np.array_equal(a.weights, b.weights)
    assert a.best(["l=shelled"])[0] == "ASSAULT"


def test_judged_events_label_the_trigger_and_the_parties_by_code(trainer):
    rec = {"text": "Quito named Lima a partner at a summit in Bogota.",
           "_judged": [{"trigger": "named", "gold_event": None, "gold_source": [], "gold_target": [],
                        "gold_modality": "asserted"},
                       {"trigger": "summit", "gold_event": "CONSULT", "gold_source": ["ECU"], "gold_target": ["PER"],
                        "gold_modality": "asserted"}]}
    none, meet = trainer.gold_events(rec, plover=False)
    assert none["event"] == "NONE" and rec["text"][slice(*none["trigger"])] == "named"
    assert meet["by_code"] and [c for _, c in meet["source"]] == ["ECU"] and [c for _, c in meet["target"]] == ["PER"]


def test_judged_sentences_give_samples_at_their_triggers_only(trainer, nlp):
    from collections import Counter

    text = "Quito named Lima a partner after a summit in Bogota."
    rec = {"text": text, "_judged": [{"trigger": "named", "gold_event": None, "gold_source": [], "gold_target": [],
                                      "gold_modality": "asserted"}]}
    doc = nlp(text)
    out = trainer.record_samples("judged:x", rec, (doc, actors_for(text), None), False, Counter())
    assert [y for _, _, y in out["type"]] == ["NONE"] and not out["role"]


def test_place_phrase_reads_the_preposition_of_a_place(nlp):
    doc = nlp("Peru sent troops to Bolivia after the clashes in Chile.")
    by = {t.text: t for t in doc}
    assert F.place_phrase(by["Chile"])[0] == "in"
    assert F.place_phrase(by["Peru"])[0] == "-"


def test_the_subject_of_a_passive_undergoes_the_act(nlp):
    doc = nlp("Two Peruvian guards who were wounded near the border flew home, and a Bolivian envoy was expelled.")
    by = {t.text: t for t in doc}
    assert by["guards"].i in learned.passive_patients(by["wounded"])
    assert by["envoy"].i in learned.passive_patients(by["expelled"])
    assert not learned.passive_patients(by["flew"])


def test_an_armed_party_in_the_sentence_is_a_type_feature(nlp):
    doc = nlp("Peru backed the rebels in the north.")
    by = {t.text: t for t in doc}
    gov = Actor("PER", "GOV", "Peru", Span(0, 4, "Peru"))
    reb = Actor("PER", "REB", "the rebels", Span(by["the"].idx, by["rebels"].idx + 6, "the rebels"))
    sent = by["backed"].sent
    words = F.type_features(by["backed"], sent, None, False, {by["Peru"].i: gov})
    armed = F.type_features(by["backed"], sent, None, False, {by["Peru"].i: gov, by["rebels"].i: reb})
    assert "larm=back|False" in words and "larm=back|True" in armed
    here = {by["Peru"].i: gov, by["rebels"].i: reb}
    assert armed == F._token_type_features(by["backed"], sent, None, False, here, F.covering(doc, here))


def test_judged_modalities_are_the_models_own(trainer):
    rec = {"text": "Did Quito recall its envoy from Lima?",
           "_judged": [{"trigger": "recall", "gold_event": "SANCTION", "gold_source": ["ECU"], "gold_target": ["PER"],
                        "gold_modality": "questioned"}]}
    (ev,) = trainer.gold_events(rec, plover=False)
    assert ev["modality"] == "question" and ev["modality"] in MODALITIES
    rec["_judged"][0]["gold_modality"] = "rumoured"
    with pytest.raises(SystemExit, match="rumoured"):
        trainer.gold_events(rec, plover=False)


def _feats_of(nlp, text):
    doc = nlp(text)
    sent = next(iter(doc.sents))
    return {t.text: F.type_features(t, sent, None, False, {}) for t in sent}, doc


def test_word_classes_name_wishes_refusals_to_speak_modifiers_and_material(nlp):
    f, doc = _feats_of(nlp, "The council hopes to sign a pact with Chile, but its envoy declined to comment.")
    assert "ci=intent" in f["sign"] and any(x.startswith("self=intent") for x in f["hopes"])
    assert "xsp=refuse" in f["declined"] and "xsp=under" in f["comment"]
    assert not any(x.startswith("ci=") for x in f["declined"])
    f, _ = _feats_of(nlp, "Norway shipped rifles and ammunition to the militia near the border post.")
    assert "mat=dobj" in f["shipped"] and "matl=ship" in f["shipped"]
    f, _ = _feats_of(nlp, "The protest movement grew in the capital.")
    assert "nmod=compound" in f["protest"] and not any(x.startswith("nmod=") for x in f["movement"])
    for text in ("The council hopes to sign a pact with Chile.", "Norway shipped rifles to the militia."):
        doc = nlp(text)
        sent = next(iter(doc.sents))
        for t in sent:  # the fast reader and the Token reader agree on the class features too
            assert F.type_features(t, sent, None, False, {}) == F._token_type_features(t, sent, None, False, {},
                                                                                       F.covering(doc, {}))


def test_modality_features_name_claims_and_background(nlp):
    doc = nlp("Lima alleged that the navy had seized the trawler in 1998.")
    by = {t.text: t for t in doc}
    f = MF.modality_features(by["seized"], by["seized"].sent, "asserted", "none", 2021)
    assert {"repclaim", "pastperf", "yc=before", "ycp=in|before"} <= set(f)
    doc = nlp("The navy seized the trawler in 2021.")
    by = {t.text: t for t in doc}
    f = MF.modality_features(by["seized"], by["seized"].sent, "asserted", "none", 2021)
    assert "yc=now" in f and "pastperf" not in f and "repclaim" not in f
    doc = nlp("The navy seized the trawler, according to the ministry.")
    by = {t.text: t for t in doc}
    assert "attr=according" in MF.modality_features(by["seized"], by["seized"].sent, "asserted", "none", None)


def test_an_armed_party_backed_is_named_by_its_relation(nlp):
    doc = nlp("Peru backed the rebels in the north.")
    by = {t.text: t for t in doc}
    reb = Actor("PER", "REB", "the rebels", Span(by["the"].idx, by["rebels"].idx + 6, "the rebels"))
    here = {by["rebels"].i: reb}
    f = F.type_features(by["backed"], by["backed"].sent, None, False, here)
    assert "armarg=dobj" in f and "armargl=dobj|back" in f
    assert not any(x.startswith("armarg") for x in F.type_features(by["backed"], by["backed"].sent, None, False, {}))


def test_trigger_features_name_the_arguments_kinds_not_the_word(nlp):
    from types import SimpleNamespace

    text = "Peru accused the rebels of an attack on the border."
    doc = nlp(text)
    by = {t.text: t for t in doc}
    gov = Actor("PER", "GOV", "Peru", Span(0, 4, "Peru"))
    reb = Actor("PER", "REB", "the rebels", Span(by["the"].idx, by["rebels"].idx + 6, "the rebels"))
    here = {by["Peru"].i: gov, by["rebels"].i: reb}
    rc = SimpleNamespace(plover=("ACCUSE", None), cameo="112", source=(gov,), target=(reb,))
    f = F.trigger_features(by["accused"], rc, here, F.covering(doc, here))
    assert "v:arg=ACCUSE|nsubj:GOV" in f and "v:arg=ACCUSE|dobj:REB" in f and "v:ra=ACCUSE|GOV|REB" in f
    assert not any("accuse" in x for x in f)  # the trigger's own word is type_features' business
    noun = F.trigger_features(by["attack"], None, here, F.covering(doc, here))
    assert "v:det=NOUN|an" in noun and any(x.startswith("v:pp=None|on:") for x in noun)


def test_the_trigger_veto_drops_reported_rule_triggers_it_finds_no_event(nlp):
    from types import SimpleNamespace

    doc = nlp("Peru attacked Chile.")
    tok = doc[1]
    rc = SimpleNamespace(plover=("ASSAULT", None), cameo="190", source=(), target=())
    feats = ["b", "l=attack"]
    todo = [(tok, rc, feats)]
    for weight, dropped in ((3.0, set()), (-3.0, {0})):  # columns: event, NONE (sorted class names)
        veto = learned.Linear(F.hashed(["l=attack"]), np.array([[weight / 2, -weight / 2]]), np.zeros(2),
                              ["event", learned.NONE])
        c = learned.Coder.__new__(learned.Coder)
        c.trigger, c.hybrid = veto, True
        p = c.p_event(todo, {tok.i}, {}, set())
        assert {n for n, q in p.items() if q < 0.5} == dropped and abs(p[0] - 1 / (1 + np.exp(-weight))) < 1e-3
        assert c.p_event(todo, set(), {}, set()) == {}  # a trigger the rule coder did not report: not its business


def test_the_trigger_veto_reads_the_models_own_triggers_when_asked(nlp):
    from types import SimpleNamespace

    doc = nlp("Peru attacked Chile.")
    tok = doc[1]
    rc = SimpleNamespace(plover=("ASSAULT", None), cameo="190", source=(), target=())
    todo = [(tok, rc, ["b", "l=attack"])]
    veto = learned.Linear(F.hashed(["l=attack"]), np.array([[-1.5, 1.5]]), np.zeros(2), ["event", learned.NONE])
    c = learned.Coder.__new__(learned.Coder)
    c.trigger, c.hybrid = veto, True
    assert c.p_event(todo, set(), {}, set()) == {}  # not reported: not read unless asked
    p = c.p_event(todo, set(), {}, set(), at=[0])
    assert set(p) == {0} and abs(p[0] - 1 / (1 + np.exp(3.0))) < 1e-3  # asked at position 0: the same probability
    assert c.p_event(todo, set(), {}, set(), at=[]) == {}


def test_the_veto_on_the_models_own_triggers_only_removes_events(code, coder, monkeypatch):
    text = "Peru accused Bolivia on Monday of shelling a border post, and Chile met Japan in Lima."
    m = learned.model()  # the coder code_events uses
    before = code(text)
    monkeypatch.setattr(m, "model_trigger_min", 1.01)  # no word is that sure: only checked rule triggers stay
    after = code(text)
    monkeypatch.setattr(m, "model_trigger_min", 0.0)  # asked, nothing dropped: the same events
    same = code(text)
    key = lambda e: (e.event, e.evidence.trigger.start)  # noqa: E731
    assert {key(e) for e in after} <= {key(e) for e in before}
    assert {key(e) for e in same} == {key(e) for e in before}


def test_the_veto_learns_from_the_words_chosen(trainer, monkeypatch):
    g = {"event": "ASSAULT"}
    for mode, expect in (("reported", (True, False, False, False)), ("judged", (True, True, False, False)),
                         ("judged+gold", (True, True, True, False)), ("all", (True, True, True, True))):
        monkeypatch.setattr(trainer, "TRIGGER_SAMPLES", mode)
        got = (trainer.veto_sample(True, False, None), trainer.veto_sample(False, True, {"event": "NONE"}),
               trainer.veto_sample(False, False, g), trainer.veto_sample(False, False, None))
        assert got == expect, mode


def test_an_extra_under_a_kept_rule_trigger_is_its_content(nlp):
    doc = nlp("Lima rejected a call for talks.")
    by = {t.text: t for t in doc}
    todo = [(by["rejected"], None, []), (by["call"], None, []), (by["talks"], None, [])]
    read = [(0, "REJECT", 0.9, True), (1, "REQUEST", 0.8, False), (2, "CONSULT", 0.7, False)]
    c = learned.Coder.__new__(learned.Coder)
    for depth, left in ((1, [0, 2]), (3, [0])):
        c.nested_depth = depth
        assert [n for n, *_ in c.unnested(read, todo)] == left
    assert c.unnested([x for x in read if not x[3]], todo) == [x for x in read if not x[3]]  # no rule trigger kept


def test_imposed_sanctions_and_embargoes_are_sanction(code):
    from detente.events.ontology import coding

    assert coding("163").event == "SANCTION"  # cameo2plover_overrides.tsv (corpus/GUIDE.md's reading)
    for text in ("Canada imposed new sanctions on Peru.", "Quito announced an embargo on Chile."):
        kinds = {e.event for e in code(text, rules=True)}
        assert "SANCTION" in kinds and "COERCE" not in kinds, text


def test_the_veto_on_the_models_triggers_is_chosen_by_judged_precision_within_the_plover_tolerance(trainer):
    def res(et, dy, right, kept):
        return {"plover_tune": [et, dy], "judged_tune": {"precision": right / kept, "kept": kept, "right": right,
                                                         "no_event_kept": 0}}
    perf = {"variants": {trainer._grid_key(None): res(0.83, 0.75, 100, 700),
                         trainer._grid_key(0.2): res(0.83, 0.75, 100, 650),
                         trainer._grid_key(0.3): res(0.825, 0.745, 99, 600),
                         trainer._grid_key(0.5): res(0.81, 0.74, 98, 500)}}  # the best precision, too dear on PLOVER
    choice, table = trainer.choose_model_trigger(perf)
    assert choice == 0.3 and set(table) == {"None", "0.2", "0.3", "0.5"}
    assert trainer.choose_model_trigger({"variants": {}}) == (None, {})
