"""The relations commands end to end over a small store, and the HTML report."""
import json

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.relations import build_clusters, render_report
from detente.store import Store
from test_relations_index import COOP, CONFLICT
from relations_records import event, write

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "r.duckdb")
    with Store(path) as store:
        for i, (date, kind, score, verb) in enumerate(COOP + CONFLICT):
            s = f"Officials {verb} item{i} thing{i} on {date}."
            write(store, s, [event(s, verb, kind, score, "AZE", "RUS", date=date)], published=date)
        build_clusters(store)
    return path


def test_dyad_command(db):
    result = runner.invoke(app, ["dyad", "AZE", "RUS", "--db", db])
    assert result.exit_code == 0, result.output
    assert "alerts: 2024-02" in result.output and "trend falling" in result.output
    data = json.loads(runner.invoke(app, ["dyad", "AZE", "RUS", "--db", db, "--json", "--by", "year"]).output)
    assert [p["period"] for p in data["series"]] == ["2023", "2024"] and data["series"][1]["intensity"] == -7.5


def test_alerts_network_clusters_commands(db):
    rows = json.loads(runner.invoke(app, ["alerts", "--db", db, "-f", "json"]).output)
    assert [(r["dyad"], r["period"]) for r in rows] == [("AZE-RUS", "2024-02")]
    assert json.loads(runner.invoke(app, ["alerts", "--db", db, "-f", "json", "--min-shift", "30"]).output) == []
    net = json.loads(runner.invoke(app, ["network", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31",
                                         "--json"]).output)
    assert net["edges"][0]["sign"] == -1 and net["clusters"] == 2
    table = runner.invoke(app, ["network", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--top", "1"])
    assert table.exit_code == 0 and f"1 of {net['ties']['total']} edges" in table.output
    result = runner.invoke(app, ["clusters", "--db", db, "--build"])
    assert result.exit_code == 0 and "7 clusters" in result.output


def test_stale_clusters_say_how_to_fix(db):
    with Store(db) as store:
        s = "Officials met again."
        write(store, s, [event(s, "met", "CONSULT", 4, "AZE", "RUS", date="2024-03-01")])
    result = runner.invoke(app, ["dyad", "AZE", "RUS", "--db", db])
    assert result.exit_code == 2 and "clusters --build" in result.output


def test_report_is_self_contained(db, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--dyad", "AZE", "RUS", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.count("<svg") == 3 and "before the first alert" in html and "exportPng" in html and "data-tip=" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "escalation" in html and "Officials shot item5" in html and "<mark>shot</mark>" in html


def test_report_escapes_text():
    store = Store(":memory:")
    s = "Baku <script>alert(1)</script> closed the centre."
    write(store, s, [event(s, "closed", "SANCTION", -6, "AZE", "RUS", date="2025-02-05")], outlet="<b>Wire</b>")
    build_clusters(store)
    html = render_report(store, "AZE", "RUS")
    assert "<script>alert" not in html and "&lt;b&gt;Wire&lt;/b&gt;" in html


def test_alerts_endpoint_filters_and_limits(db):
    from fastapi.testclient import TestClient
    from detente.web import Backend, create_app

    backend = Backend(db)
    try:
        with TestClient(create_app(backend)) as client:
            body = client.get("/api/alerts").json()
            assert [(r["dyad"], r["period"]) for r in body["alerts"]] == [("AZE-RUS", "2024-02")] and body["total"] == 1
            assert client.get("/api/alerts", params={"actor": "ARM"}).json() == {"alerts": [], "total": 0}
            assert client.get("/api/alerts", params={"since": "2024-03-01"}).json()["total"] == 0
            assert client.get("/api/alerts", params={"by": "year"}).json()["alerts"] == []
            assert client.get("/api/alerts", params={"limit": 0}).status_code == 422
            assert client.get("/api/alerts", params={"actor": "A'B"}).status_code == 422
    finally:
        backend.close()
