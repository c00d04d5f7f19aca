"""Stance: target-dependent polarity, article aggregation, outlet tables, the CLI.

Sentences are written for these tests; the model is the shipped one (data/weights.npz).
"""
import json

import numpy as np
import pytest

from detente.model import Actor, Span, Stance
from detente.store import Store
from detente import stance
from detente.stance.features import governor, target_features, token_range
from detente.stance.model import Classifier, load


def span_of(text, word, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def judged_sign(nlp, text, target) -> int:
    """The sign of the author's judgement of ``target``'s own act in ``text``."""
    from detente.stance.judge import judgement

    doc = nlp(text)
    a, b = token_range(doc, *span_of(text, target))
    j = judgement(doc[a:b])
    return (j > 0) - (j < 0)


def polarity(text, word, nth=0):
    return stance.target_polarity(text, *span_of(text, word, nth))


@pytest.mark.parametrize("text,target,expected", [
    ("The minister praised Armenia's courage and its restraint.", "Armenia", 1),
    ("Russia abandoned its ally and broke every promise it had made.", "Russia", -1),
    ("Critics accused Azerbaijan of brutal aggression against civilians.", "Azerbaijan", -1),
    ("Georgia has been a generous, reliable and trusted partner.", "Georgia", 1),
    ("France will host the meeting on Tuesday.", "France", 0),
])
def test_target_polarity(nlp, text, target, expected):
    assert polarity(text, target) == expected


def test_two_targets_same_sentence_opposite_polarity(nlp):
    text = "The minister praised Armenia for its courage, and condemned Russia for its brutal betrayal."
    assert polarity(text, "Armenia") == 1
    assert polarity(text, "Russia") == -1


def test_features_depend_on_the_target(nlp):
    doc = nlp("The minister praised Armenia while Turkey remained silent.")
    a = target_features(doc[:], 3, 4)
    t = target_features(doc[:], 5, 6)
    assert "gov:dobj>praise" in a[0]
    assert not np.allclose(a[1], t[1]) or set(a[0]) != set(t[0])


def test_governor_climbs_through_by_and_compounds(nlp):
    doc = nlp("The village was shelled by Russian forces.")
    forces = doc[6]
    role, gov, _ = governor(forces)
    assert (role, gov.lemma_) == ("agent", "shell")


def test_token_range_expands_partial_offsets(nlp):
    doc = nlp("Azerbaijani police detained two men.")
    assert token_range(doc, 0, 5) == (0, 1)
    assert token_range(doc, 0, len("Azerbaijani police")) == (0, 2)


def test_classifier_probabilities():
    clf = load()
    p = clf.proba(["no-such-feature"], np.zeros(clf.Wd.shape[0], np.float32))
    assert p.shape == (3,) and abs(p.sum() - 1) < 1e-6
    assert clf.classes == (-1, 0, 1)
    assert clf.meta["cross_validation"]["macro_f1"] >= 0.6


def test_classifier_save_load_roundtrip(tmp_path):
    from detente.hashing import bucket

    clf = Classifier(index={bucket("a"): 0, bucket("b"): 1}, W=np.array([[1, 0, -1], [-1, 0, 1]], np.float32),
                     Wd=np.zeros((2, 3), np.float32), b=np.zeros(3, np.float32), classes=(-1, 0, 1),
                     meta={"version": "x"})
    clf.save(tmp_path / "w.npz")
    back = load(tmp_path / "w.npz")
    assert back.label(["a"], np.zeros(2, np.float32)) == -1
    assert back.label(["b"], np.zeros(2, np.float32)) == 1
    assert back.polarity([], np.zeros(2, np.float32)) == pytest.approx(0.0)


def test_shipped_weights_hold_no_words():
    """The weights are keyed by hashed features (detente.hashing): numbers only, no lemma of the training text."""
    from detente.stance.model import WEIGHTS

    z = np.load(WEIGHTS, allow_pickle=False)
    assert "features" not in z.files and z["buckets"].dtype.kind == "u"
    assert all(z[k].dtype.kind in "fiu" for k in z.files if k != "meta")
    assert len(set(z["buckets"].tolist())) == len(z["buckets"]) == z["W"].shape[0]
    assert "crc32" in load().meta["hashing"]


def test_old_weights_keyed_by_names_are_refused(tmp_path):
    from detente.stance.model import WeightsMissing

    np.savez(tmp_path / "old.npz", features=np.array(["L:attack"]), W=np.zeros((1, 3)), Wd=np.zeros((1, 3)),
             b=np.zeros(3), classes=np.array([-1, 0, 1]), meta=np.array("{}"))
    with pytest.raises(WeightsMissing, match="train_stance"):
        load(tmp_path / "old.npz")


ARTICLE = ("Moscow broke its promises and abandoned its ally once again. "
           "Armenia showed remarkable courage and restraint. "
           "The Kremlin's cynical betrayal shocked observers. "
           "Officials in Yerevan praised the brave soldiers.")


def actors_in(text, names):
    out = []
    for name, code in names:
        start = text.index(name)
        out.append(Actor(code=code, sector="GOV", name=name, span=Span(start, start + len(name), name)))
    return tuple(out)


def test_article_stance_aggregates_mentions_per_actor(nlp):
    doc = nlp(ARTICLE)
    actors = actors_in(ARTICLE, [("Moscow", "RUS"), ("Armenia", "ARM"), ("Kremlin", "RUS"), ("Yerevan", "ARM")])
    got = {s.actor: s for s in stance.article_stance(doc, actors)}
    assert set(got) == {"ARM", "RUS"}
    assert got["RUS"].mentions == 2 and got["ARM"].mentions == 2
    assert got["RUS"].polarity < -0.2 < 0.2 < got["ARM"].polarity
    assert all(isinstance(s, Stance) and -1 <= s.polarity <= 1 for s in got.values())


def test_article_stance_skips_uncoded_and_duplicate_mentions(nlp):
    doc = nlp(ARTICLE)
    a = actors_in(ARTICLE, [("Moscow", "RUS")])
    uncoded = Actor(code=None, sector="CVL", name="observers", span=Span(0, 6, "Moscow"))
    assert [s.mentions for s in stance.article_stance(doc, a + a + (uncoded,))] == [1]
    assert stance.article_stance(doc, ()) == ()


def test_partially_recognised_entity_is_not_its_claimants_stance(nlp):
    text = "Troops from Ruritania shelled Vostok, and the people of Vostok fled."
    doc = nlp(text)
    at = text.index("Ruritania")
    claimant = Actor(code="RUR", sector="MIL", name="Ruritania", span=Span(at, at + 9, "Ruritania"))
    entity = Actor(code="RUR", sector="PRE", name="Vostok", span=Span(text.index("Vostok"), text.index("Vostok") + 6, "Vostok"))
    (only,) = stance.article_stance(doc, (claimant, entity))
    assert only.actor == "RUR" and only.mentions == 1


def test_predict_sentiment_format(nlp):
    text = "Voters loved Smith, but they despised Jones for his corruption."
    recs = [{"id": "a", "text": text, "target": dict(zip(("start", "end"), span_of(text, "Smith")))},
            {"id": "b", "text": text, "target": dict(zip(("start", "end"), span_of(text, "Jones")))},
            {"id": "c", "text": "", "target": {"start": 0, "end": 0}}]
    out = list(stance.predict_sentiment(recs))
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert [r["polarity"] for r in out] == [1, -1, 0]


@pytest.fixture
def store():
    s = Store(":memory:")
    rows = [("a1", "Outlet A", [("RUS", -0.6, 3), ("ARM", 0.5, 2)]),
            ("a2", "Outlet A", [("RUS", -0.2, 1)]),
            ("b1", "Outlet B", [("RUS", 0.4, 2), ("AZE", 0.7, 4)]),
            ("c1", None, [("AZE", -0.3, 1)])]
    for aid, outlet, stances in rows:
        s.con.execute("INSERT INTO articles (id, outlet, title, published) VALUES (?, ?, ?, '2025-07-14')",
                      [aid, outlet, f"title {aid}"])
        for code, pol, n in stances:
            s.con.execute("INSERT INTO stance VALUES (?, ?, ?, ?)", [aid, code, pol, n])
    yield s
    s.close()


def test_outlet_stance_means_over_articles(store):
    rows = {(r["outlet"], r["actor"]): r for r in stance.outlet_stance(store)}
    assert rows[("Outlet A", "RUS")]["polarity"] == pytest.approx(-0.4)
    assert rows[("Outlet A", "RUS")]["articles"] == 2 and rows[("Outlet A", "RUS")]["mentions"] == 4
    assert rows[("Outlet A", "RUS")]["negative"] == 2
    assert rows[("(unknown)", "AZE")]["polarity"] == pytest.approx(-0.3)
    assert [r["actor"] for r in stance.outlet_stance(store, outlet="Outlet B")] == ["AZE", "RUS"]
    assert {r["outlet"] for r in stance.outlet_stance(store, actor="RUS")} == {"Outlet A", "Outlet B"}
    cluster = stance.outlet_stance(store, article_ids=["a1", "b1"])
    assert {(r["outlet"], r["actor"]): r["polarity"] for r in cluster}[("Outlet A", "RUS")] == pytest.approx(-0.6)
    assert stance.outlet_stance(store, article_ids=[]) == []


def test_article_stances_by_prefix(store):
    from detente.stance.aggregate import article_stances

    rows = article_stances(store, article_id="a1")
    assert [(r["actor"], r["polarity"]) for r in rows] == [("RUS", -0.6), ("ARM", 0.5)]


def test_cli_stance(store, tmp_path):
    import typer
    from typer.testing import CliRunner

    from detente.cli.stance import register

    db = str(tmp_path / "s.duckdb")
    disk = Store(db)
    disk.con.execute("INSERT INTO articles (id, outlet) VALUES ('x1', 'Paper')")
    disk.con.execute("INSERT INTO stance VALUES ('x1', 'RUS', -0.5, 2)")
    disk.close()
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root():
        pass

    runner = CliRunner()
    res = runner.invoke(app, ["stance", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows[0]["outlet"] == "Paper" and rows[0]["actor"] == "RUS" and rows[0]["polarity"] == -0.5
    res = runner.invoke(app, ["stance", "--db", db, "--article", "x", "--format", "csv"])
    assert res.exit_code == 0 and "RUS" in res.output
    assert runner.invoke(app, ["stance", "--help"]).exit_code == 0


@pytest.mark.parametrize("text,target,role", [
    ("Russia invaded its neighbour last spring.", "Russia", "agent"),
    ("The village was shelled by Russian forces.", "Russian", "agent"),
    ("Observers condemned Azerbaijan's attacks on the border.", "Azerbaijan", "agent"),
    ("The occupation of Armenian territory continued.", "Armenian", "patient"),
    ("Moscow abandoned Armenia at the worst moment.", "Armenia", "patient"),
    ("Commentators launched attacks on Georgia.", "Georgia", "patient"),
    ("The turning point was the downing of a Valdorian airliner on the northern route by Morvanian air defence "
     "forces.", "Morvanian air defence forces", "agent"),  # "by" attached to the nearest noun, not the act
    ("Russia has treated its ally badly, abandoning it at the worst moment.", "Russia", "agent"),
    ("Russia did not attack its neighbour.", "Russia", None),
    ("France will host the meeting.", "France", None),
])
def test_harm_role(nlp, text, target, role):
    from detente.stance.roles import harm_role

    doc = nlp(text)
    a, b = token_range(doc, *span_of(text, target))
    assert harm_role(doc[a:b]) == role


def test_role_and_contrast_move_mention_polarity(nlp):
    from detente.stance.aggregate import contrast, mention_polarities
    from detente.stance.roles import adjust

    assert adjust(0.2, "agent") == -0.6 and adjust(-0.7, "patient") == 0.4 and adjust(-0.3, None) == -0.3
    # two actors in one sentence share its tone; one actor alone keeps its own
    out = contrast([("RUS", -0.8), ("ARM", -0.4), ("AZE", -0.5)], [0, 0, 9])
    assert out[0][1] < out[1][1] and out[1][1] > -0.4 and out[2] == ("AZE", -0.5)
    text = "Azerbaijan's forces shelled Armenian villages."
    doc = nlp(text)
    pols = dict(mention_polarities(doc, actors_in(text, [("Azerbaijan", "AZE"), ("Armenian", "ARM")])))
    assert pols["AZE"] < 0 < pols["ARM"]


@pytest.mark.parametrize("text,target,sign", [
    ("Valdoria wisely refused to escalate the dispute.", "Valdoria", 1),
    ("Morvania behaved recklessly and arrogantly during the talks.", "Morvania", -1),
    ("Morvanian police detained the reporters in a humiliating manner.", "Morvanian police", -1),
    ("Valdoria was brave.", "Valdoria", 1),
    ("Morvania's brutal policy shocked its neighbours.", "Morvania", -1),
    ("Valdoria did not act wisely.", "Valdoria", 0),  # negated: not the author's judgement
    ("If Valdoria acts wisely, the talks will go on.", "Valdoria", 0),  # a condition
    ("France will host the meeting on Tuesday.", "France", 0),
])
def test_judgement_of_the_actors_own_act(nlp, text, target, sign):
    assert judged_sign(nlp, text, target) == sign


@pytest.mark.parametrize("text,target,sign", [
    ("Morvania's vindictive policy shocked its neighbours.", "Morvania", -1),
    ("Valdoria behaved in a commendable manner.", "Valdoria", 1),
])
def test_judgement_reads_induced_valences_of_words_vader_lacks(nlp, text, target, sign):
    from detente.stance.features import vader_lexicon

    assert not {"vindictive", "commendable"} & set(vader_lexicon())
    assert judged_sign(nlp, text, target) == sign


@pytest.mark.parametrize("text,target,sign", [
    ("The Valdorian envoy rightly rejected the ultimatum.", "The Valdorian envoy", 1),
    ("Morvania wrongly claimed the islands.", "Morvania", -1),
    ("Valdoria's prudent policy calmed its neighbours.", "Valdoria", 1),
    ("Morvania acted arbitrarily at the border.", "Morvania", -1),
    ("Valdoria acted responsibly.", "Valdoria", 1),  # -bly -> -ble (responsible, a VADER word)
])
def test_judgement_reads_conduct_words(nlp, text, target, sign):
    from detente.stance.features import vader_lexicon
    from detente.stance.judge import conduct_lexicon

    conduct = conduct_lexicon()
    assert {"rightly", "wrongly", "prudent", "arbitrarily"} <= set(conduct) and not set(conduct) & set(vader_lexicon())
    assert judged_sign(nlp, text, target) == sign


@pytest.mark.parametrize("text,target,role", [
    ("Valdoria avoided a confrontation with its neighbour.", "Valdoria", "averter"),
    ("The Valdorian court overturned the arrest of the journalist.", "The Valdorian court", "averter"),
    ("Valdoria refrained from harsh rhetoric.", "Valdoria", "averter"),
    ("Valdoria prioritized dialogue and avoided open conflict.", "Valdoria", "averter"),  # a conjoined verb
    ("Valdoria avoided the meeting.", "Valdoria", None),  # nothing bad averted
    ("Valdoria did not avoid a confrontation.", "Valdoria", None),  # negated
    ("Valdoria denied the allegations.", "Valdoria", None),  # denial is not a shifter here
])
def test_averting_a_bad_thing(nlp, text, target, role):
    from detente.stance.roles import adjust, harm_role

    doc = nlp(text)
    a, b = token_range(doc, *span_of(text, target))
    assert harm_role(doc[a:b]) == role
    assert adjust(-0.8, "averter") > 0


@pytest.mark.parametrize("text,target,sign", [
    ("Remarkably, Valdoria agreed to the terms.", "Valdoria", 0),  # a sentence adverb judges the fact
    ("Valdoria remarkably agreed to the terms.", "Valdoria", 1),
])
def test_sentence_adverbs_are_not_the_actors_manner(nlp, text, target, sign):
    assert judged_sign(nlp, text, target) == sign


@pytest.mark.parametrize("text,target,sign", [
    ("Valdoria showed restraint at the border.", "Valdoria", 1),  # a conduct word as the act's object
    ("Morvania took arbitrary measures.", "Morvania", -1),
    ("Morvania mocked Valdoria's restraint.", "Morvania", 0),  # another's conduct
    ("Valdoria's firm stance calmed the region.", "Valdoria", 1),
    ("Valdoria bought a firm in the capital.", "Valdoria", 0),  # firm, the noun: not a conduct word
    ("Valdoria wisely refused the offer.", "Valdoria", 1),
    ("Some claim that Valdoria wisely refused the offer.", "Valdoria", 0),  # someone's claim, not the author's
    ("Critics allege that Morvania acted recklessly.", "Morvania", 0),
    ("Morvania assumes Valdoria will show restraint.", "Valdoria", 0),  # a belief
])
def test_judgement_of_objects_and_claims(nlp, text, target, sign):
    assert judged_sign(nlp, text, target) == sign


def test_induced_lexicon_is_documented_and_only_fills_gaps():
    from detente.stance.features import DATA, induced_lexicon, lexicon, vader_lexicon
    from detente.stance.judge import INDUCED_MIN, conduct_lexicon, lexicon as judge_lexicon

    head = [line for line in (DATA / "induced_valence.tsv").read_text().splitlines() if line.startswith("#")]
    assert any("GloVe" in h and "PDDL" in h for h in head) and any("held-out" in h for h in head)
    induced, vader = induced_lexicon(), vader_lexicon()
    assert 1000 < len(induced) < 50000 and not set(induced) & set(vader)
    assert all(-1 <= v <= 1 for v in induced.values())
    assert lexicon() == vader  # the classifier's features read VADER alone (its weights were fitted so)
    jl = judge_lexicon()
    assert all(jl[w] == v for w, v in vader.items())
    assert all((w in jl) == (abs(v) >= INDUCED_MIN) for w, v in induced.items() if w not in conduct_lexicon())
    assert all(jl[w] == v for w, v in conduct_lexicon().items())  # the conduct words outrank induced valences


def test_event_roles_from_material_harm_in_the_same_sentence():
    from detente.model import Event, Evidence
    from detente.stance.roles import event_roles

    text = "Morvanian forces downed a Valdorian airliner. Morvania later apologised."
    mor, val, later = (Actor("MOR", "MIL", "Morvania", Span(0, 17, "Morvanian forces")),
                       Actor("VAL", None, "Valdoria", Span(26, 35, "Valdorian")),
                       Actor("MOR", "GOV", "Morvania", Span(46, 54, "Morvania")))

    def event(kind, src, tgt, modality="asserted"):
        ev = Evidence(sentence=text[:45], sentence_index=0, sentence_start=0, trigger=Span(18, 24, "downed"))
        return Event(event=kind, mode=None, cameo=None, score=-9.0, source=(src,), target=(tgt,), modality=modality,
                     evidence=ev, coder="test")

    assert event_roles([event("ASSAULT", mor, val)]) == {("MOR", 0): "agent", ("VAL", 26): "patient"}
    assert event_roles([event("ASSAULT", later, val)]) == {("VAL", 26): "patient"}  # source outside the sentence
    assert event_roles([event("ASSAULT", mor, val, "hypothetical")]) == {}
    assert event_roles([event("CONSULT", mor, val)]) == {}  # not an act of harm


# Two opinion pieces about the same (fictional) clash, written from opposite sides.
PRO_VALDORIA = ("Morvanian troops shelled Valdorian villages again last week. "
                "Valdoria responded calmly and wisely, refusing to escalate. "
                "Morvania has behaved recklessly and arrogantly throughout the crisis. "
                "The Valdorian government deserves credit for its courage.")
PRO_MORVANIA = ("Valdorian troops shelled Morvanian villages again last week. "
                "Morvania responded calmly and wisely, refusing to escalate. "
                "Valdoria has behaved recklessly and arrogantly throughout the crisis. "
                "The Morvanian government deserves credit for its courage.")


# The same act (one state closes the other's cultural centre), approved in one piece, condemned in the other:
# only the author's judgement of each side's conduct tells them apart.
APPROVING = ("Valdoria closed the Morvanian cultural centre in its capital last week. "
             "Valdoria acted wisely and firmly, as Morvania had behaved arrogantly for years. "
             "Morvania reacted with anger.")
CONDEMNING = ("Valdoria closed the Morvanian cultural centre in its capital last week. "
              "Valdoria acted recklessly and arrogantly, as Morvania had behaved calmly for years. "
              "Morvania reacted with restraint.")


def _fictional_actors(text):
    """Actor mentions of the two fictional states: longest names first, a village's state as its adjective."""
    names = [("Valdorian government", "VAL"), ("Morvanian government", "MOR"), ("Valdorian troops", "VAL"),
             ("Morvanian troops", "MOR"), ("Valdorian", "VAL"), ("Morvanian", "MOR"), ("Valdoria", "VAL"),
             ("Morvania", "MOR")]
    out, taken = [], set()
    for name, code in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if start not in taken and not text[end:end + 1].isalpha():  # "Morvania" is not "Morvanian"
                taken.add(start)
                out.append(Actor(code=code, sector="GOV", name=name, span=Span(start, end, name)))
            start = text.find(name, start + 1)
    return tuple(sorted(out, key=lambda a: a.span.start))


@pytest.mark.parametrize("text,friend,foe", [(PRO_VALDORIA, "VAL", "MOR"), (PRO_MORVANIA, "MOR", "VAL"),
                                             (APPROVING, "VAL", "MOR"), (CONDEMNING, "MOR", "VAL")])
def test_opposite_perspectives_give_opposite_stances(nlp, text, friend, foe):
    got = {s.actor: s.polarity for s in stance.article_stance(nlp(text), _fictional_actors(text))}
    assert got[friend] > 0.1 and got[foe] < -0.1, got
