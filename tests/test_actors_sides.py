"""The cross-sentence side filler (detente/actors/sides.py): candidates from the article, features, the decision to
fill or leave empty, on articles written for these tests with hand-built actor mentions."""
import dataclasses

import pytest

from detente.actors import sides
from detente.events.coder import sentences
from detente.model import Actor, Event, Evidence, Span


def mention(text, words, code, sector=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Actor(code, sector, words, Span(start, start + len(words), words))


TEXT = ("Kenya and Uganda opened border talks in Nairobi on Tuesday. "
        "Ugandan officials said the talks would last three days. "
        "The Kenyan minister later condemned the delay.")


@pytest.fixture
def article(nlp):
    doc = nlp(TEXT)
    actors = (mention(TEXT, "Kenya", "KEN"), mention(TEXT, "Uganda", "UGA"),
              mention(TEXT, "Nairobi", "KEN"), mention(TEXT, "Ugandan officials", "UGA", "GOV"),
              mention(TEXT, "Kenyan minister", "KEN", "GOV"))
    views = list(sentences(doc, tuple(sorted(actors, key=lambda a: a.span.start))))
    return doc, views


def event_at(view, trigger, source=(), target=()):
    at = view.sent.text.index(trigger) + view.sent.start_char
    ev = Evidence(sentence=view.sent.text, sentence_index=view.index, sentence_start=view.sent.start_char,
                  trigger=Span(at, at + len(trigger), trigger))
    return Event(event="ACCUSE", mode=None, cameo="111", score=-2.0, source=tuple(source), target=tuple(target),
                 modality="asserted", evidence=ev, coder="test")


def test_candidates_come_from_earlier_sentences_and_leave_out_the_other_side(article):
    doc, views = article
    f = sides.Filler({}, {"target": 0.5})
    art = f.article(doc, views[0].actors)
    last = views[2]
    kenyan = next(a for a in last.actors.by_token.values() if a.code == "KEN" and a.sector == "GOV")
    ev = event_at(last, "condemned", source=[kenyan])
    cands = art.candidates(last, ev, "target")
    assert [a.code for a, _ in cands] == ["UGA"]  # Kenya is the source: not its own target
    feats = cands[0][1]
    assert feats["target:dist=1"] == 1.0  # Uganda was last named one sentence back ...
    assert feats["target:role=subj"] == 1.0  # ... as a subject
    assert feats["target:kind=state"] == 1.0
    assert "target:obj_definite" in feats  # "condemned the delay": a definite object naming no party


def test_a_candidate_is_described_by_its_sector_and_the_direction_of_earlier_events_with_the_other_side(article):
    doc, views = article
    last = views[2]
    kenyan = next(a for a in last.actors.by_token.values() if a.code == "KEN" and a.sector == "GOV")
    art = sides.Filler({}, {}).article(doc, views[0].actors)
    art.history.append((0, {"UGA"}, {"KEN"}))  # an earlier event: Uganda acted on Kenya
    ((_, as_target),) = art.candidates(last, event_at(last, "condemned", source=[kenyan]), "target")
    assert as_target["target:sector=GOV"] == 1.0  # its nearest mention: "Ugandan officials"
    assert as_target["target:reverse=1"] == 1.0 and as_target["target:same_dir=0"] == 1.0
    assert as_target["target:ev_near=ACCUSE|1"] == 1.0  # named one sentence back
    ((_, as_source),) = art.candidates(last, event_at(last, "condemned", target=[kenyan]), "source")
    assert as_source["source:same_dir=1"] == 1.0 and as_source["source:reverse=0"] == 1.0


def test_a_likely_candidate_fills_the_empty_side_and_an_unlikely_one_leaves_it_empty(article):
    doc, views = article
    last = views[2]
    kenyan = next(a for a in last.actors.by_token.values() if a.code == "KEN" and a.sector == "GOV")
    ev = event_at(last, "condemned", source=[kenyan])
    sure = sides.Filler({"bias": 5.0}, {"target": 0.5})
    (filled,) = sure.article(doc, views[0].actors).fill(last, [ev])
    assert [a.code for a in filled.target] == ["UGA"] and filled.source == ev.source
    doubtful = sides.Filler({"bias": -5.0}, {"target": 0.5})
    (kept,) = doubtful.article(doc, views[0].actors).fill(last, [ev])
    assert kept.target == ()
    no_source = sides.Filler({"bias": 5.0}, {"target": 0.5})  # no threshold for the source: never filled
    (ev2,) = no_source.article(doc, views[0].actors).fill(last, [event_at(last, "condemned", target=[kenyan])])
    assert ev2.source == ()


def test_a_code_of_the_event_is_never_a_candidate_even_with_another_sector(article):
    doc, views = article
    last = views[2]
    kenyan = next(a for a in last.actors.by_token.values() if a.code == "KEN" and a.sector == "GOV")
    art = sides.Filler({}, {}).article(doc, views[0].actors)
    for sector in ("OPP", "GOV"):
        ev = event_at(last, "condemned", source=[dataclasses.replace(kenyan, sector=sector)])
        codes = [a.code for a, _ in art.candidates(last, ev, "target")]
        assert "UGA" in codes and "KEN" not in codes


def test_the_shipped_model_loads_with_numbers_only():
    f = sides.filler()
    assert f is not None
    assert all(isinstance(v, float) for v in f.weights.values())
    assert set(f.threshold) <= {"source", "target"}
    assert all(0.0 < v < 1.0 for v in f.threshold.values())


def test_code_events_hands_every_sentence_to_the_filler(nlp, monkeypatch):
    from detente.events import code_events
    seen = []

    def fake():
        def run(view, events):
            seen.append(view.index)
            return [dataclasses.replace(e, target=e.source) for e in events]  # visible in the output
        return run
    monkeypatch.setattr(sides, "for_article", fake)
    doc = nlp(TEXT)
    actors = (mention(TEXT, "Kenya", "KEN"), mention(TEXT, "Uganda", "UGA"))
    events = code_events(doc, actors, min_confidence=0)
    assert seen == [0, 1, 2]
    assert all(e.target == e.source for e in events)


HOME = ("Kenya and Uganda opened border talks in Nairobi on Tuesday. "
        "Kenyan students marched in Nairobi. "
        "The Kenyan minister later condemned Kenyan students and Kenyan soldiers over the delay.")


def test_the_other_sides_country_is_a_candidate_only_named_in_the_sentence_as_its_people(nlp):
    """A domestic party: a mention of the event's own sentence whose own words name the country (an id), of a
    people sector facing a state organ; never one named sentences back, one given its country by context (no id),
    nor one state organ facing another."""
    doc = nlp(HOME)

    def cands(student_id, soldier_id=None):
        actors = (mention(HOME, "Kenya", "KEN"), mention(HOME, "Uganda", "UGA"),
                  dataclasses.replace(mention(HOME, "Kenyan students", "KEN", "EDU"), id="k1"),
                  dataclasses.replace(mention(HOME, "Kenyan minister", "KEN", "GOV"), id="k2"),
                  dataclasses.replace(mention(HOME, "Kenyan students", "KEN", "EDU", nth=1), id=student_id),
                  dataclasses.replace(mention(HOME, "Kenyan soldiers", "KEN", "MIL"), id=soldier_id))
        views = list(sentences(doc, tuple(sorted(actors, key=lambda a: a.span.start))))
        last = views[2]
        minister = next(a for a in last.actors.by_token.values() if a.sector == "GOV")
        ev = event_at(last, "condemned", source=[minister])
        art = sides.Filler({}, {}).article(doc, views[0].actors)
        return {(a.code, a.sector): f for a, f in art.candidates(last, ev, "target")}

    named = cands("k3", "k4")
    assert ("KEN", "EDU") in named and ("KEN", "MIL") not in named and ("UGA", None) in named
    assert named[("KEN", "EDU")]["target:domestic=EDU"] == 1.0 and "domestic" not in named[("UGA", None)]
    assert ("KEN", "EDU") not in cands(None)  # the sentence's own mention carries no identity: not a candidate
