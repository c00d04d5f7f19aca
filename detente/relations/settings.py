"""The relations model's settings: one frozen object per method, every default documented here
and in ``README.md``. The CLI only overrides fields (``dataclasses.replace``)."""
from __future__ import annotations

from dataclasses import dataclass

# PLOVER v0.8 event type -> quad class (the table in detente/events/data/plover.tsv; kept here as a
# fallback so the relations model works on a store written by any coder).
QUADS = ("VERBAL_COOP", "MATERIAL_COOP", "VERBAL_CONFLICT", "MATERIAL_CONFLICT")
_QUAD = {
    "AGREE": "VERBAL_COOP", "CONSULT": "VERBAL_COOP", "SUPPORT": "VERBAL_COOP",
    "CONCEDE": "MATERIAL_COOP", "COOPERATE": "MATERIAL_COOP", "AID": "MATERIAL_COOP", "RETREAT": "MATERIAL_COOP",
    "REQUEST": "VERBAL_CONFLICT", "ACCUSE": "VERBAL_CONFLICT", "REJECT": "VERBAL_CONFLICT",
    "THREATEN": "VERBAL_CONFLICT",
    "PROTEST": "MATERIAL_CONFLICT", "SANCTION": "MATERIAL_CONFLICT", "MOBILIZE": "MATERIAL_CONFLICT",
    "COERCE": "MATERIAL_CONFLICT", "ASSAULT": "MATERIAL_CONFLICT",
}
# Types where "A does X with B" and "B does X with A" are the same happening.
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# PLOVER international actor codes: not states, so not nodes of the alignment network.
NON_STATES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "XXX"})


def quad_of(event: str | None) -> str | None:
    """The quad class of a PLOVER type (from the ontology when it is installed)."""
    if not event:
        return None
    try:
        from detente.events.ontology import quad_of_event
    except ImportError:  # pragma: no cover - the ontology ships with detente
        quad_of_event = None
    return (quad_of_event(event) if quad_of_event else None) or _QUAD.get(event)


@dataclass(frozen=True)
class ClusterRule:
    """When two coded events are the same happening (see README "Matching rule").

    Two events match when they share a dyad (same direction, or either direction for symmetric
    types), are compatible in type (same PLOVER type, or the same quad class), are compatible in
    date and their evidence around the trigger is similar enough:

    - ``window_days``: two dated events match when their date periods (a day, a month or a
      year, by precision) come within this many days of each other.
    - ``report_lag_days``: an event dated only by its article's publication date may report a
      happening up to this many days earlier.
    - ``same_type``: least text similarity for two events of the same type.
    - ``same_quad``: least similarity for two different types of the same quad class.
    - ``undated``: least similarity when either event has no date (an undated article).
    - ``one_sided``: least similarity when one event has only a source or only a target.
    - ``context_tokens``: words taken on each side of the trigger for the similarity.
    - ``entity_weight``: a named organisation among both events' parties in the same role (the
      actor knowledge base's ``org:`` ids: "the Russian House" and "Rossotrudnichestvo" are one)
      counts as this many shared words in the similarity.
    - ``allusions``: also find the sentences of other articles that allude to a happening without
      coding it ("after the incident with the airliner"; see README "Allusions").
    """

    window_days: int = 7
    report_lag_days: int = 60
    same_type: float = 0.15
    same_quad: float = 0.30
    undated: float = 0.20
    one_sided: float = 0.30
    context_tokens: int = 8
    entity_weight: int = 3
    allusions: bool = True
    version: str = "cluster-rule@2"


@dataclass(frozen=True)
class IndexSettings:
    """The relation index and its escalation alert (see README "Relation index", "Alerts").

    - ``z``: an alert fires when a period's intensity lies ``z`` baseline standard deviations
      below (escalation) or above (de-escalation) the dyad's own baseline ...
    - ``min_shift``: ... and at least this many intensity points away from the baseline mean.
    - ``baseline_periods``: the baseline is the dyad's previous N periods that have events.
    - ``min_history``: no alert before the dyad has this many periods with events.
    - ``min_std``: floor on the baseline standard deviation (a steady dyad is not infinitely
      sensitive).
    - ``min_clusters``: a period needs this many clusters to raise an alert.
    - ``trend_periods``: the trend is the least-squares slope over the last N periods with events.
    - ``deescalation``: also report sharp moves towards cooperation.
    """

    z: float = 2.0
    min_shift: float = 3.0
    baseline_periods: int = 12
    min_history: int = 3
    min_std: float = 1.0
    min_clusters: int = 1
    trend_periods: int = 6
    deescalation: bool = False


@dataclass(frozen=True)
class NetworkSettings:
    """The alignment network (see README "Alignment network").

    - ``margin``: an edge is positive when its mean intensity is above ``margin``, negative
      below ``-margin``, and unsigned (left out of the triads) in between.
    - ``min_clusters``: an edge needs this many happenings in the window.
    - ``states_only``: leave out PLOVER international codes (IGO, UNO, NGO, ...).
    """

    margin: float = 0.5
    min_clusters: int = 1
    states_only: bool = True
