"""The dyad report rendered from its template files: data in one dict, quotes kept inside attributes."""
import json
import re

from detente.relations import build_clusters
from detente.relations.report import TEMPLATES, render_report, report_data
from detente.store import Store
from relations_records import event, write


def _store():
    store = Store(":memory:")
    s = 'Baku said "enough" and closed the Rossotrudnichestvo centre\'s doors.'
    write(store, s, [event(s, "closed", "SANCTION", -6, "AZE", "RUS", date="2025-02-05")], outlet="O'Wire")
    s2 = "Moscow & Baku met in Sochi."
    write(store, s2, [event(s2, "met", "CONSULT", 3, "RUS", "AZE", date="2025-03-09")], outlet="Wire & Co")
    build_clusters(store)
    return store


def test_the_page_comes_from_package_files():
    for name in ("report.html.j2", "charts.svg.j2", "report.css", "report.js"):
        assert (TEMPLATES / name).is_file()


def test_quotes_in_text_stay_inside_their_attributes():
    store = _store()
    html = render_report(store, "AZE", "RUS")
    tips = re.findall(r'data-tip="([^"]*)"', html)
    assert any("&quot;enough&quot;" in t and "centre&#x27;s" in t for t in tips)
    assert "O&#x27;Wire" in html and "Wire &amp; Co" in html and 'said "enough"' not in html
    assert html.count("<svg") == 2 and html.startswith("<!doctype html>") and html.endswith("</html>")


def test_report_data_is_plain_data():
    data = report_data(_store(), "aze", "rus")
    assert (data["a"], data["b"]) == ("AZE", "RUS")
    assert [c["event"] for c in data["best"]] == ["SANCTION", "CONSULT"]
    [report] = data["best"][0]["reports"]
    assert report["sentence"][report["trigger_at"]:].startswith(report["trigger"]) and report["trigger"] == "closed"
    plain = {k: v for k, v in data.items() if k not in ("css", "js")}
    json.dumps(plain, default=str)  # no markup, no objects: only what the page shows
