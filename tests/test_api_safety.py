"""Hostile query parameters against every endpoint (in-process): each answers a clean 4xx or a clean,
possibly empty, 200, never a 500, and the store is intact afterwards. Plus the page limits, the write
token and the server's default interface."""
import inspect
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from browser import sample
from detente.web import Backend, create_app

HOSTILE = [
    "' OR 1=1 --", '"; DROP TABLE events; --', "RUS'); DELETE FROM events; --", "%' OR '%'='",
    "AZE,RUS' OR '1'='1", "Рус́ский 🚀 \u202egnp", "\u0000", "\\", "%_%", "NULL", "-1", "0", "99999999999999999999999",
    "1e309", "NaN", "A" * 5000, "[]", "{}", "2024-13-45", "0000-00-00",
]
LIMITS = ["-1", "0", "1000001", "99999999999999999999999", "1.5", "abc"]
# (path, query parameters a client can set); path parameters are filled in by HOSTILE values below
ENDPOINTS = [
    ("/api/articles", ["limit", "offset", "format"]),
    ("/api/events", ["actor", "dyad", "directed", "type", "modality", "from", "to", "q", "limit", "offset",
                     "format"]),
    ("/api/actors", ["limit"]),
    ("/api/dyads", ["limit"]),
    ("/api/dyads/AZE/RUS/series", ["by", "directed"]),
    ("/api/network", ["from", "to"]),
    ("/api/clusters", ["a", "b", "from", "to", "limit"]),
    ("/api/search", ["q", "limit"]),
]
PATHS = ["/api/articles/{}", "/api/events/{}", "/api/dyads/{}/RUS/series", "/api/dyads/AZE/{}/series"]


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("safety") / "sample.duckdb")
    sample.build(path).close()
    b = Backend(path, token="s3cret-token")
    yield b
    b.close()


@pytest.fixture(scope="module")
def client(backend):
    with TestClient(create_app(backend), raise_server_exceptions=False) as c:
        yield c


def counts(backend):
    with backend.reader() as s:
        return {t: s.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "event_actors", "clusters", "cluster_dyads")}


def clean(r):
    assert r.status_code < 500, (r.request.url, r.status_code, r.text[:300])
    if r.status_code >= 400:
        body = r.json()
        assert set(body) == {"error"} and body["error"]["status"] == r.status_code and body["error"]["message"]
    return r


def test_every_filter_parameter_rejects_or_ignores_injection(client, backend):
    before = counts(backend)
    assert before["events"] > 0
    seen = 0
    for path, params in ENDPOINTS:
        for name in params:
            for value in HOSTILE:
                r = clean(client.get(path, params={name: value}))
                seen += 1
                if r.status_code == 200 and path == "/api/events" and name in ("q",):
                    assert r.json()["events"] == []  # text filters match nothing, and nothing more
    for template in PATHS:
        for value in HOSTILE:
            clean(client.get(template.format(quote(value, safe=""))))
    assert seen > 400
    assert counts(backend) == before


def test_injection_in_repeated_and_combined_parameters(client, backend):
    before = counts(backend)
    evil = HOSTILE[1]
    clean(client.get("/api/events", params=[("type", evil), ("type", "AGREE"), ("modality", evil)]))
    clean(client.get("/api/events", params={"actor": "RUS", "dyad": f"AZE,{evil}", "q": evil, "from": evil}))
    r = clean(client.get("/api/events", params={"q": "%", "actor": "RUS"}))
    assert r.status_code == 200 and r.json()["events"] == []  # % is a literal, not a wildcard
    assert clean(client.get("/api/search", params={"q": 'NEAR("a" "b") OR *'})).status_code == 200
    assert counts(backend) == before


@pytest.mark.parametrize("path", ["/api/articles", "/api/events", "/api/actors", "/api/dyads", "/api/clusters",
                                  "/api/search?q=Baku"])
def test_page_limits(client, path):
    sep = "&" if "?" in path else "?"
    for bad in LIMITS:
        r = clean(client.get(f"{path}{sep}limit={bad}"))
        assert r.status_code == 422, (path, bad)
    if "offset" in path or path in ("/api/articles", "/api/events"):
        for bad in ("-1", "99999999999999999999999", "x"):
            assert clean(client.get(f"{path}{sep}offset={bad}")).status_code == 422
    assert clean(client.get(f"{path}{sep}limit=1")).status_code == 200


def test_query_size_limits(client):
    assert clean(client.get("/api/events", params={"q": "x" * 201})).status_code == 422
    assert clean(client.get("/api/search", params={"q": "x" * 201})).status_code == 422
    many = [("type", "AGREE")] * 200
    assert clean(client.get("/api/events", params=many)).status_code == 422
    assert clean(client.get("/api/dyads/AZE/RUS/series", params={"by": "quarter"})).status_code == 422


def test_writes_need_the_token(client, backend):
    before = counts(backend)
    body = {"text": "Azeri police raided the Sputnik office in Baku. Moscow condemned the raid."}
    assert clean(client.post("/api/articles", json=body)).status_code == 401
    assert clean(client.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"})).status_code == 401
    assert clean(client.post("/api/articles", json=body,
                             headers={"Authorization": "Bearer ' OR 1=1 --"})).status_code == 401
    huge = clean(client.post("/api/articles", content=b"x" * 2_000_001,
                             headers={"Authorization": "Bearer s3cret-token", "Content-Type": "text/plain"}))
    assert huge.status_code == 413
    assert counts(backend) == before


def test_writes_are_off_without_a_token(tmp_path):
    path = str(tmp_path / "s.duckdb")
    sample.build(path).close()
    backend = Backend(path)
    try:
        with TestClient(create_app(backend)) as c:
            assert clean(c.post("/api/articles", json={"text": "x"})).status_code == 403
    finally:
        backend.close()


def test_server_binds_loopback_by_default():
    import typer.main

    from detente.cli import app

    serve = next(c for c in typer.main.get_command(app).commands.values() if c.name == "serve")
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    from detente.web import app as web_app

    assert "0.0.0.0" not in inspect.getsource(web_app)


def test_relations_wait_for_an_ingests_cluster_rebuild(tmp_path):
    """Between an ingest's write and its cluster rebuild the relations reads wait, they do not fail."""
    import threading

    from detente.relations import build_clusters
    from relations_records import event, write

    path = str(tmp_path / "s.duckdb")
    sample.build(path).close()
    backend = Backend(path, token="t")
    try:
        with TestClient(create_app(backend)) as c:
            backend.settled.clear()  # what an ingest does before it writes
            with backend.writer() as s:
                text = "Officials met again on the border."
                write(s, text, [event(text, "met", "CONSULT", 4, "AZE", "RUS", date="2024-03-01")])

            def rebuild():
                with backend.writer() as s:
                    build_clusters(s)
                backend.settled.set()

            threading.Timer(0.3, rebuild).start()
            assert clean(c.get("/api/dyads/AZE/RUS/series")).status_code == 200
            assert clean(c.get("/api/network")).status_code == 200
    finally:
        backend.close()


# -- hosts, headers, links, rebuilds (issue 16) --------------------------------------------------------------

@pytest.mark.parametrize("host,status", [
    ("localhost:8765", 200), ("127.0.0.1", 200), ("[::1]:8765", 200), ("LOCALHOST.", 200),
    ("evil.example", 400), ("evil.example:8765", 400), ("127.0.0.1.evil.example", 400), ("", 400),
])
def test_only_allowed_host_names_are_answered(client, host, status):
    r = client.get("/api", headers={"host": host})
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json()["error"]["type"] == "host_not_allowed"


def test_allow_host_adds_a_name_and_the_bound_interface_is_allowed(backend):
    with TestClient(create_app(backend, allow_hosts=("News-Box.lan",), bind="10.1.2.3")) as c:
        assert c.get("/api", headers={"host": "news-box.lan:8765"}).status_code == 200
        assert c.get("/api", headers={"host": "10.1.2.3:8765"}).status_code == 200
        assert c.get("/api", headers={"host": "other.lan"}).status_code == 400


def test_serve_has_allow_host():
    import typer.main

    from detente.cli import app

    serve = next(c for c in typer.main.get_command(app).commands.values() if c.name == "serve")
    assert "allow_host" in {p.name for p in serve.params}


@pytest.mark.parametrize("path", ["/", "/api", "/static/app.js", "/api/events?format=csv", "/api/nothing"])
def test_every_answer_carries_the_security_headers(client, path):
    h = client.get(path).headers
    assert "default-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in \
        h["content-security-policy"] and "script-src 'self'" in h["content-security-policy"]
    assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"


def test_csv_answers_never_start_a_formula(tmp_path):
    import csv
    import dataclasses
    import io

    path = str(tmp_path / "f.duckdb")
    with sample.build(path) as s:
        a = sample.analyses()[0]
        s.write(dataclasses.replace(a, article=dataclasses.replace(
            a.article, id="e" * 16, title="=HYPERLINK(\"http://x\",\"y\")", outlet="@SUM(1)", url="-1+2")), "t")
    b = Backend(path)
    try:
        with TestClient(create_app(b)) as c:
            for url in ("/api/events?format=csv&limit=1000", "/api/articles?format=csv"):
                rows = list(csv.DictReader(io.StringIO(c.get(url).text)))
                cells = [v for r in rows for v in r.values() if v]
                assert not [v for v in cells if v[0] in "=+@\t\r" or (v[0] == "-" and not v[1:2].isdigit())]
                assert any(v.startswith("'@SUM") for v in cells)
    finally:
        b.close()


def test_a_stale_cluster_read_answers_503_with_retry_after(tmp_path, monkeypatch):
    from detente.web import backend as backend_mod
    from relations_records import event, write

    path = str(tmp_path / "s.duckdb")
    sample.build(path).close()
    b = Backend(path, token="t")
    monkeypatch.setattr(backend_mod, "SETTLE_WAIT", 0.1)
    try:
        with TestClient(create_app(b)) as c:
            b.settled.clear()  # an ingest has written and not rebuilt its clusters
            with b.reader() as s:
                text = "Officials met again on the border."
                write(s, text, [event(text, "met", "CONSULT", 4, "AZE", "RUS", date="2024-03-01")])
            for url in ("/api/alerts", "/api/network", "/api/dyads/AZE/RUS/series"):
                r = c.get(url)
                assert r.status_code == 503 and r.headers["retry-after"].isdigit(), (url, r.text)
                assert r.json()["error"]["type"] == "rebuilding"
    finally:
        b.close()


def test_only_http_links_are_rendered_as_links():
    """The dashboard's link helper, run in node: a javascript: or data: URL is not made a link."""
    import json
    import re
    import shutil
    import subprocess
    from importlib import resources

    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    js = (resources.files("detente.web") / "static" / "app.js").read_text()
    helper = re.search(r"^  esc: .*?\n(  webLink: .*?: \"\",)$", js, re.S | re.M)
    esc = re.search(r"^  esc: .*$", js, re.M)[0]
    urls = ["https://example.org/a?b=1&c=2", "http://example.org", "javascript:alert(1)", " JavaScript:alert(1)",
            "data:text/html,<b>x</b>", "vbscript:x", "//evil.example", None]
    script = f"const Util = {{\n{esc}\n{helper[1]}\n}};\nconsole.log(JSON.stringify({json.dumps(urls)}.map(u => Util.webLink(u, 'L'))));"
    out = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    assert [bool(x) for x in out] == [True, True, False, False, False, False, False, False]
    assert 'href="https://example.org/a?b=1&amp;c=2"' in out[0]
    assert "href=\"${Util.esc(a.url)}\"" not in js  # no other place renders an article URL as a link
