"""The relation index, its trend and alerts; the alignment network and triad balance."""
import pytest

from detente.errors import UsageError
from detente.relations import alerts, build_clusters, dyad_series, network
from detente.relations.network import triad
from detente.store import Store
from relations_records import event, write

COOP = [("2023-01-10", "AGREE", 2.5, "signed"), ("2023-03-05", "COOPERATE", 9.5, "launched"),
        ("2023-05-20", "CONSULT", 4.0, "met"), ("2023-08-14", "AGREE", 2.5, "signed"),
        ("2023-11-02", "AID", 8.0, "sent")]
CONFLICT = [("2024-02-03", "ASSAULT", -9.0, "shot"), ("2024-02-17", "SANCTION", -6.0, "closed")]


def _dyad_store(months=COOP + CONFLICT, a="AZE", b="RUS"):
    store = Store(":memory:")
    for i, (date, kind, score, verb) in enumerate(months):
        sentence = f"Officials {verb} item{i} thing{i} on {date}."
        write(store, sentence, [event(sentence, verb, kind, score, a, b, date=date)], published=date,
              outlet=f"Outlet {i % 2}")
    build_clusters(store)
    return store


def test_falling_index_and_alert():
    data = dyad_series(_dyad_store(), "rus", "aze", by="month")
    months = {p["period"]: p for p in data["series"]}
    assert data["clusters"] == 7 and data["placed"] == 7
    assert months["2023-03"]["intensity"] == 9.5 and months["2023-02"]["intensity"] is None
    feb = months["2024-02"]
    assert feb["intensity"] == -7.5 and feb["conflict"] == 2 and feb["quads"]["MATERIAL_CONFLICT"] == 2
    assert feb["alert"] == "escalation" and feb["z"] < -2 and feb["baseline"] == pytest.approx(5.3)
    assert data["alerts"] == ["2024-02"] and data["trend"]["direction"] == "falling"
    assert all(p["alert"] is None for p in data["series"] if p["period"] != "2024-02")


def test_thresholds_are_configurable():
    store = _dyad_store()
    assert [a["period"] for a in alerts(store)] == ["2024-02"]
    assert alerts(store, min_shift=20) == [] and alerts(store, min_history=10) == []
    (row,) = alerts(store, a="AZE")
    assert row["dyad"] == "AZE-RUS" and row["kind"] == "escalation" and row["evidence"][0]["event"] == "ASSAULT"


def test_periods_and_coarse_dates():
    store = _dyad_store()
    write(store, "Ties were warm that year.", [event("Ties were warm that year.", "warm", "SUPPORT", 5, "AZE", "RUS",
                                                      date="2023", precision="year")])
    build_clusters(store)
    by_year = dyad_series(store, "AZE", "RUS", by="year")
    assert [p["period"] for p in by_year["series"]] == ["2023", "2024"] and by_year["too_coarse"] == 0
    by_week = dyad_series(store, "AZE", "RUS", by="week")
    assert by_week["too_coarse"] == 1 and by_week["series"][0]["period"] == "2023-W02"
    assert dyad_series(store, "AZE", "RUS", directed=True)["clusters"] == 8
    assert dyad_series(store, "RUS", "AZE", directed=True)["clusters"] == 0
    with pytest.raises(UsageError):
        dyad_series(store, "AZE", "RUS", by="fortnight")


def test_only_happenings_count():
    store = _dyad_store(COOP)
    s = "Moscow may impose sanctions on Baku."
    write(store, s, [event(s, "impose", "SANCTION", -6, "RUS", "AZE", date="2023-12-01", modality="hypothetical")])
    build_clusters(store)
    data = dyad_series(store, "AZE", "RUS")
    assert data["clusters"] == 5 and data["alerts"] == []


def _edge(store, a, b, score, day):
    s = f"{a} acted towards {b} on day {day}."
    write(store, s, [event(s, "acted", "COOPERATE" if score > 0 else "ASSAULT", score, a, b, date=f"2025-01-{day:02d}")])


def test_network_signs_and_balance():
    store = Store(":memory:")
    _edge(store, "TUR", "AZE", 9.5, 1)   # friends
    _edge(store, "AZE", "RUS", -9, 2)    # enemies
    _edge(store, "TUR", "RUS", -9, 3)    # enemies: + - - is balanced
    _edge(store, "ARM", "RUS", 9.5, 4)   # friends
    _edge(store, "ARM", "AZE", 9.5, 5)   # friends: with AZE-RUS hostile, + + - is unbalanced
    _edge(store, "UNO", "RUS", -9, 6)    # not a state
    build_clusters(store)
    net = network(store, "2025-01-01", "2025-01-31")
    assert {n["id"] for n in net["nodes"]} == {"TUR", "AZE", "RUS", "ARM"}
    assert triad(net, ["TUR", "AZE", "RUS"])["balanced"] is True
    assert triad(net, ["RUS", "ARM", "AZE"])["balanced"] is False
    assert net["balance"] == {"triads": 2, "balanced": 1, "ratio": 0.5}
    assert network(store, "2025-01-03", "2025-01-31")["balance"]["triads"] == 0
    assert len(network(store, states_only=False)["nodes"]) == 5
