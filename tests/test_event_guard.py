"""The guard on an event's parties (events/reading.guard): a bare country name across an event from its own
people or non-state groups is its state (a domestic event); a bare name facing its own state organs is not."""
from detente.events.reading import guard
from detente.model import Actor, Span


def _actor(code, sector, start, text="x", named=True):
    """A mention; ``named``: its own words name the country (an identity), else a role word coded by context."""
    return Actor(code, sector, text, Span(start, start + len(text), text), f"{code}:adj" if named and code else None)


def test_a_bare_country_facing_its_own_people_is_their_state():
    state, exiles = _actor("PER", None, 0, "Peru"), _actor("PER", "REF", 20, "Peruvian exiles")
    src, tgt = guard([(0.9, state)], [(0.8, exiles)])
    assert [(a.code, a.sector) for a in src] == [("PER", "GOV")]  # read as its government: the sectors differ
    assert tgt == [exiles]
    rebels, bare = _actor("PER", "REB", 0, "Peruvian rebels"), _actor("PER", None, 30, "Peru")
    src, tgt = guard([(0.9, rebels)], [(0.8, bare)])
    assert src == [rebels] and [(a.code, a.sector) for a in tgt] == [("PER", "GOV")]


def test_a_bare_country_facing_its_own_state_organ_or_a_foreign_party_is_unchanged():
    state, army = _actor("PER", None, 0, "Peru"), _actor("PER", "MIL", 20, "the Peruvian army")
    src, tgt = guard([(0.9, state)], [(0.6, army)])
    assert src == [state] and tgt == []  # the same party on both sides: the less probable side loses it
    exiles = _actor("CHL", "REF", 20, "Chilean exiles")
    src, tgt = guard([(0.9, state)], [(0.8, exiles)])
    assert src == [state] and tgt == [exiles]  # another country's people: no domestic reading
    neighbours = _actor("PER", "CVL", 20, "its neighbours", named=False)  # the country given by context only
    src, tgt = guard([(0.9, state)], [(0.8, neighbours)])
    assert src == [state] and tgt == []
    inferred = Actor("PER", None, "Peru (inferred)", None)  # no mention: not read as a state
    src, tgt = guard([(0.9, inferred)], [(0.8, _actor("PER", "CVL", 20))])
    assert src[0].sector is None
