"""The party check (detente/actors/party_check.py): features of where a party stands towards its trigger, and the
decision to keep, drop or move it, on sentences written for these tests with hand-built actor mentions."""
import pytest

from detente.actors import party_check as PC
from detente.events.coder import sentences
from detente.model import Actor, Event, Evidence, Span

TEXT = "Chile's foreign minister met the Peruvian ambassador in Lima on Friday to discuss fishing rights."


def mention(text, words, code, sector=None):
    start = text.index(words)
    return Actor(code, sector, words, Span(start, start + len(words), words))


@pytest.fixture
def view(nlp):
    doc = nlp(TEXT)
    actors = (mention(TEXT, "Chile's foreign minister", "CHL", "GOV"), mention(TEXT, "Peruvian ambassador", "PER", "GOV"),
              mention(TEXT, "Lima", "PER"))
    return list(sentences(doc, actors))[0]


def consult(view, source, target):
    at = TEXT.index("met")
    ev = Evidence(sentence=TEXT, sentence_index=0, sentence_start=0, trigger=Span(at, at + 3, "met"),
                  source=tuple(a.span for a in source), target=tuple(a.span for a in target))
    return Event(event="CONSULT", mode=None, cameo="040", score=1.0, source=tuple(source), target=tuple(target),
                 modality="asserted", evidence=ev, coder="test")


def parties(view):
    found = {}
    for a in view.actors.by_token.values():
        found[a.span.text] = a
    return found["Chile's foreign minister"], found["Peruvian ambassador"], found["Lima"]


def test_features_tell_a_venue_from_an_object(view):
    chile, peru, lima = parties(view)
    trig = PC.trigger_of(view.sent, consult(view, [chile], [peru, lima]))
    assert trig.text == "met"
    venue = PC.features(trig, view.sent, "CONSULT", "target", lima, 2, {"CHL"})
    obj = PC.features(trig, view.sent, "CONSULT", "target", peru, 2, {"CHL"})
    assert "rel=pobj:in|target" in venue and "rel=pobj:in|CONSULT|target" in venue
    assert "rel=dobj|target" in obj and "rel=dobj|trigger|target" in obj
    assert "ent=GPE|target" in venue
    subj = PC.features(trig, view.sent, "CONSULT", "source", chile, 1, {"PER"})
    assert "rel=nsubj|source" in subj and "own_head=True|source" in subj  # the mention heads its own phrase


def test_a_party_from_outside_the_sentence_is_marked_inferred(view):
    chile, _, _ = parties(view)
    other = Actor("ARG", None, "Argentina", None)
    trig = PC.trigger_of(view.sent, consult(view, [chile], [other]))
    f = PC.features(trig, view.sent, "CONSULT", "target", other, 1, {"CHL"})
    assert "inferred|target" in f and not any(k.startswith("rel=") for k in f)


def weights_dropping(feature):
    """A check whose 'none' class wins only for parties with ``feature``."""
    return {"keep": {"bias": 1.0}, "other": {"bias": -2.0}, "none": {"bias": -1.0, feature: 5.0}}


def test_a_venue_target_is_dropped_and_the_evidence_follows(view):
    chile, peru, lima = parties(view)
    ev = consult(view, [chile], [peru, lima])
    c = PC.Check(weights_dropping("rel=pobj:in|target"), drop=0.8, move=None, drop_coded=0.8)
    out = c.apply(PC.trigger_of(view.sent, ev), view.sent, ev)
    assert [a.code for a in out.source] == ["CHL"]
    assert [a.code for a in out.target] == ["PER"]
    assert out.evidence.target == (peru.span,)
    kept = PC.Check(weights_dropping("rel=pobj:in|target"), drop=None, move=None)
    assert kept.apply(PC.trigger_of(view.sent, ev), view.sent, ev) is ev  # no threshold: nothing changes


def test_a_coded_party_is_dropped_only_under_its_own_threshold(view):
    chile, peru, lima = parties(view)
    uncoded = Actor(None, "GOV", "officials", lima.span)  # an uncoded party where the venue stands
    w = weights_dropping("rel=pobj:in|target")
    c = PC.Check(w, drop=0.8, move=None)  # no threshold for coded parties: never dropped
    for target, left in (([peru, lima], ["PER", "PER"]), ([peru, uncoded], ["PER"])):
        ev = consult(view, [chile], target)
        assert [a.code for a in c.apply(PC.trigger_of(view.sent, ev), view.sent, ev).target] == left


def test_the_last_party_of_an_event_is_never_dropped(view):
    _, _, lima = parties(view)
    ev = consult(view, [], [lima])
    c = PC.Check(weights_dropping("rel=pobj:in|target"), drop=0.5, move=None)
    out = c.apply(PC.trigger_of(view.sent, ev), view.sent, ev)
    assert [a.code for a in out.target] == ["PER"]


def test_a_party_is_moved_to_the_empty_other_side(view):
    chile, peru, _ = parties(view)
    ev = consult(view, [chile, peru], [])
    w = {"keep": {"bias": 1.0}, "other": {"bias": -2.0, "rel=dobj|source": 6.0}, "none": {"bias": -1.0}}
    out = PC.Check(w, drop=0.9, move=0.6).apply(PC.trigger_of(view.sent, ev), view.sent, ev)
    assert [a.code for a in out.source] == ["CHL"] and [a.code for a in out.target] == ["PER"]


def test_probabilities_sum_to_one():
    c = PC.Check({"keep": {"a": 1.0}, "other": {"a": -1.0}, "none": {}}, None, None)
    p = c.probabilities({"a": 1.0})
    assert abs(sum(p.values()) - 1.0) < 1e-9 and p["keep"] > p["none"] > p["other"]


def test_the_shipped_model_loads_with_its_three_classes():
    c = PC.check()
    assert c is not None and set(c.weights) == set(PC.CLASSES)
    assert c.drop is None or 0.5 <= c.drop <= 1.0


def _tool():
    import importlib.util
    import sys

    from conftest import ROOT
    if str(ROOT / "tools") not in sys.path:  # the tool imports tools/dev_paths.py, as when run as a script
        sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location("train_party_check", ROOT / "tools" / "train_party_check.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_training_labels_and_the_settled_sides_follow_the_checks_rule():
    T = _tool()
    gold = {"source": {"KEN"}, "target": {"UGA"}}
    assert [T.label(gold, s, c) for s, c in (("source", "KEN"), ("target", "KEN"), ("target", "TZA"))] == \
        ["keep", "other", "none"]
    parties = [("source", "KEN", {}), ("target", "UGA", {}), ("target", "TZA", {})]
    keep, drop = {"keep": 0.9, "other": 0.05, "none": 0.05}, {"keep": 0.05, "other": 0.05, "none": 0.9}
    assert T.settle(parties, [keep, keep, drop], 0.8, None, 0.8) == {"source": ["KEN"], "target": ["UGA"]}
    assert T.settle(parties, [keep, keep, drop], 0.8, None)["target"] == ["UGA", "TZA"]  # coded: its own threshold
    assert T.settle(parties[:2] + [("target", None, {})], [keep, keep, drop], 0.8, None)["target"] == ["UGA"]
    assert T.settle(parties, [keep, keep, drop], None, None)["target"] == ["UGA", "TZA"]
    alone = [("target", "TZA", {})]
    assert T.settle(alone, [drop], 0.5, None) == {"source": [], "target": ["TZA"]}  # never the last party
    examples = [("a1", gold, parties)]
    n = T.right(examples, [[keep, keep, drop]], 0.8, None, 0.8)
    assert n["source"] == 1 and n["target"] == 1
    loose = [("a1", gold, parties[:2] + [("target", None, {})])]
    assert T.choose(loose, [[keep, keep, drop]])[0] is not None  # dropping the uncoded party makes the target right


TWO = "Norway and Iceland signed a fisheries accord with Denmark while Sweden watched."


def test_a_second_code_on_a_side_goes_when_it_likely_belongs_elsewhere():
    keep, weak = {"keep": 0.9, "other": 0.05, "none": 0.05}, {"keep": 0.4, "other": 0.1, "none": 0.5}
    assert PC.extra_drops([("NOR", keep, False), ("SWE", weak, False)], 0.5) == {1}
    assert PC.extra_drops([("NOR", keep, False), ("SWE", weak, False)], None) == set()  # no threshold: kept
    assert PC.extra_drops([("NOR", keep, False), ("SWE", weak, False)], 0.7) == set()  # not doubtful enough
    assert PC.extra_drops([("NOR", keep, False), ("SWE", weak, True)], 0.5) == set()  # coordinated: kept
    assert PC.extra_drops([("NOR", weak, False), ("NOR", weak, False)], 0.1) == set()  # one code twice: no extra
    assert PC.extra_drops([("NOR", weak, False), (None, weak, False)], 0.1) == set()  # an uncoded party is the drop's
    three = [("NOR", weak, False), ("SWE", weak, False), ("ISL", keep, False)]
    assert PC.extra_drops(three, 0.5) == {0, 1}  # the likeliest stays
    T = _tool()
    parties = [("source", "NOR", {}), ("source", "SWE", {}), ("target", "DNK", {})]
    assert T.settle(parties, [keep, weak, keep], None, None, None, 0.5) == {"source": ["NOR"], "target": ["DNK"]}


def test_mates_features_tell_a_coordinated_party_from_a_bystander(nlp):
    doc = nlp(TWO)
    actors = tuple(mention(TWO, w, c) for w, c in (("Norway", "NOR"), ("Iceland", "ISL"), ("Denmark", "DNK"),
                                                 ("Sweden", "SWE")))
    v = list(sentences(doc, actors))[0]
    found = {a.span.text: a for a in v.actors.by_token.values()}
    nor, isl, swe = found["Norway"], found["Iceland"], found["Sweden"]
    trig = next(t for t in v.sent if t.text == "signed")
    f_isl = PC.features(trig, v.sent, "AGREE", "source", isl, 3, {"DNK"}, (nor, isl, swe))
    f_swe = PC.features(trig, v.sent, "AGREE", "source", swe, 3, {"DNK"}, (nor, isl, swe))
    assert "mate_coord=True|source" in f_isl and "mate_coord=False|source" in f_swe
    assert "mate_nearer=True|source" in f_swe  # another code stands nearer the trigger
    alone = PC.features(trig, v.sent, "AGREE", "source", nor, 1, {"DNK"}, (nor,))
    assert not any(k.startswith("mate_") for k in alone)


def test_a_coded_party_from_outside_the_sentence_is_dropped_under_its_own_threshold(view):
    chile, peru, _ = parties(view)
    elsewhere = Actor("ARG", None, "Argentina", Span(len(TEXT) + 5, len(TEXT) + 14, "Argentina"))  # a later sentence
    ev = consult(view, [chile], [peru, elsewhere])
    w = {"keep": {"bias": 1.0, "inferred|target": -3.0}, "other": {"bias": -2.0}, "none": {"bias": -1.0}}
    trig = PC.trigger_of(view.sent, ev)
    out = PC.Check(w, drop=None, move=None, drop_inferred=0.5).apply(trig, view.sent, ev)
    assert [a.code for a in out.target] == ["PER"]  # the mention of the sentence stays
    assert PC.Check(w, drop=None, move=None).apply(trig, view.sent, ev) is ev  # no threshold: kept
    alone = consult(view, [], [elsewhere])
    assert PC.Check(w, drop=None, move=None, drop_inferred=0.5).apply(trig, view.sent, alone) is alone  # the last party
    convention = Actor("ARG", "UAF", "unidentified armed actor in Argentina (inferred)", None)
    ev = consult(view, [chile], [peru, convention])
    assert PC.Check(w, drop=None, move=None, drop_inferred=0.5).apply(trig, view.sent, ev) is ev  # no mention: kept
