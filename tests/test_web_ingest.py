"""POST /api/articles: token rules, reading the body, and the same pipeline + Store.write as `detente analyze`."""
import pytest
from fastapi.testclient import TestClient

import records
from browser import sample
from detente import pipeline
from detente.errors import StageError
from detente.web import Backend, create_app

TEXT = "Azeri police raided the Sputnik office in Baku. Moscow condemned the raid."


@pytest.fixture
def make_client(tmp_path):
    made = []

    def make(token=None, read_only=False):
        db = str(tmp_path / "ingest.duckdb")
        sample.build(db).close()
        backend = Backend(db, token=token, read_only=read_only)
        made.append(backend)
        return TestClient(create_app(backend))

    yield make
    for b in made:
        b.close()


@pytest.fixture
def fake_pipeline(monkeypatch):
    """The pipeline without spaCy: the hand-built analysis of whatever article it is given."""
    def analyze_batch(articles, settings):
        for article in articles:
            if "FAIL" in article.text:
                yield StageError("events", article.id, "boom")
            else:
                a = records.sample_analysis(article.text)
                yield a.__class__(**{**a.__dict__, "article": article})

    monkeypatch.setattr(pipeline, "analyze_batch", analyze_batch)


def test_no_token_configured_disables_writes(make_client):
    r = make_client().post("/api/articles", json={"text": TEXT})
    assert r.status_code == 403
    assert "DETENTE_API_TOKEN" in r.json()["error"]["message"]


def test_read_only_store_refuses_writes(make_client):
    r = make_client(token="t", read_only=True).post("/api/articles", json={"text": TEXT},
                                                     headers={"Authorization": "Bearer t"})
    assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"},
                                     {"X-API-Token": ""}])
def test_wrong_or_missing_token(make_client, headers):
    r = make_client(token="s3cret").post("/api/articles", json={"text": TEXT}, headers=headers)
    assert r.status_code == 401 and r.json()["error"]["type"] == "unauthorized"


def test_ingest_json_then_again(make_client, fake_pipeline):
    c = make_client(token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    body = {"text": TEXT, "title": "Raid", "date": "2025-06-30", "outlet": "Wire", "url": "https://example.org/x"}
    r = c.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["created"] and made["events"] == 2 and made["status"] == "analysed"
    art = c.get(made["url"]).json()["article"]
    assert (art["title"], art["outlet"], art["url"], art["published"]) == ("Raid", "Wire", "https://example.org/x",
                                                                            "2025-06-30")
    assert c.get("/api").json()["overview"]["articles"] == 9
    assert any(h["id"] == made["id"] for h in c.get("/api/search", params={"q": "Sputnik"}).json()["articles"])
    again = c.post("/api/articles", json=body, headers={"X-API-Token": "s3cret"})
    assert again.status_code == 200 and not again.json()["created"]


def test_ingest_raw_text_with_header(make_client, fake_pipeline):
    c = make_client(token="s3cret")
    raw = f"Title: Raw one\nDate: 2025-07-02\nOutlet: Plain\n\n{TEXT} Baku answered."
    r = c.post("/api/articles", content=raw.encode(), headers={"Authorization": "Bearer s3cret",
                                                               "Content-Type": "text/plain"})
    assert r.status_code == 201, r.text
    art = c.get(r.json()["url"]).json()["article"]
    assert art["title"] == "Raw one" and art["outlet"] == "Plain"


@pytest.mark.parametrize("kwargs,problem", [
    ({"content": b"", "headers": {"Content-Type": "text/plain"}}, "empty"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, "not valid JSON"),
    ({"json": {"title": "no text"}}, "'text'"),
    ({"json": ["a", "list"]}, "'text'"),
    ({"json": {"text": "   "}}, "cannot be read"),
    ({"json": {"text": "FAIL " + TEXT}}, "quarantined"),
])
def test_bad_bodies_are_400(make_client, fake_pipeline, kwargs, problem):
    kwargs.setdefault("headers", {})["Authorization"] = "Bearer s3cret"
    r = make_client(token="s3cret").post("/api/articles", **kwargs)
    assert r.status_code == 400, r.text
    assert problem in r.json()["error"]["message"]


@pytest.mark.slow
def test_ingest_with_the_real_pipeline(make_client):
    c = make_client(token="s3cret")
    r = c.post("/api/articles", json={"text": "Russia condemned Azerbaijan on Monday for the raid on Sputnik in "
                                              "Baku.", "date": "2025-07-01"},
               headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 201, r.text
    assert r.json()["events"] >= 1


def test_server_and_analyze_share_one_ingest_path(fake_pipeline, tmp_path):
    """An article posted to the server is known to `detente analyze` (same id, same coder: skipped), and a
    stage failure is quarantined the same way by both (detente.intake)."""
    import json

    from detente import api

    db = str(tmp_path / "shared.duckdb")
    sample.build(db).close()
    backend = Backend(db, token="s3cret")
    c = TestClient(create_app(backend))
    auth = {"Authorization": "Bearer s3cret"}
    record = {"text": TEXT, "title": "Raid", "date": "2025-06-30", "url": "https://example.org/shared"}
    assert c.post("/api/articles", json=record, headers=auth).status_code == 201
    failing = {"text": "FAIL the posted one", "url": "https://example.org/fails"}
    assert c.post("/api/articles", json=failing, headers=auth).status_code == 400
    src = tmp_path / "same.jsonl"
    src.write_text(json.dumps(record) + "\n" + json.dumps({**failing, "text": "FAIL the analysed one"}) + "\n")
    backend.close()  # the server lets go of the file; `detente analyze` writes to it
    report = api.analyze([str(src)], db=db)
    assert (report.read, report.skipped, report.analysed) == (2, 1, 0)
    assert [f.stage for f in report.failed] == ["events"]
    with api.open(db, read_only=True) as store:
        stages = sorted(q["stage"] for q in store.quarantined())
    assert stages == ["events", "events"]
