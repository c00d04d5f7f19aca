"""Decided acts and eased restrictions in the rule coder: a decision (CAMEO 03 in the dictionary: decide, vote) to
do an act is that act (coder._decided_act), not an AGREE; a decision to agree, or not to act, stays as it was;
lifting sanctions, a curfew or a state of emergency is CONCEDE (cameo2plover_overrides.tsv). Sentences written for
these tests, with hand-built actor mentions."""
from detente.events.ontology import coding
from tests.test_event_appeals import coded, events  # noqa: F401  (the rule coder on hand-built GOV mentions: Peru, Bolivia, Japan)


def test_a_decision_is_the_act_decided(coded):
    assert ("SANCTION", ("BOL",), ("PER",)) in coded("Bolivia decided on Monday to break off diplomatic relations "
                                                     "with Peru.")
    assert "SANCTION" in events(coded("The parliament of Peru voted to suspend military cooperation with Bolivia."))
    assert "AGREE" not in events(coded("Japan decided to send emergency aid to Peru."))


def test_a_decision_not_to_act_is_not_the_act(coded):
    assert "SANCTION" not in events(coded("Peru voted not to expel the ambassador of Bolivia."))


def test_lifting_restrictions_is_a_concession(coded):
    assert ("CONCEDE", ("JPN",), ("PER",)) in coded("Japan lifted its sanctions on Peru.")
    for code in ("085", "0813", "0814"):
        assert coding(code).event == "CONCEDE"
    assert coding("0872").event == "RETREAT"  # withdrawing forces stays a retreat
