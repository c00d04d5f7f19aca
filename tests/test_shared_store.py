"""One store, many readers: `detente serve` runs on a store while `detente summary`, `detente events`, the
Python API and `detente analyze` use the same file; what analyze adds shows up in the API without a restart."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import detente
from browser import sample

DETENTE = [sys.executable, "-m", "detente.cli"]


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         env.get("PYTHONPATH", "")])
    env.pop("DETENTE_DB", None)
    return env


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    with urllib.request.urlopen(url, timeout=20) as r:
        return json.loads(r.read())


def _run(*args, timeout=300):
    return subprocess.run([*DETENTE, *args], capture_output=True, text=True, timeout=timeout, env=_env())


@pytest.fixture
def served(tmp_path):
    db = str(tmp_path / "shared.duckdb")
    sample.build(db).close()
    port = _port()
    proc = subprocess.Popen([*DETENTE, "serve", "--db", db, "--port", str(port)], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            _get(url + "/api")
            break
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read())
            time.sleep(0.1)
    yield db, url
    proc.terminate()
    proc.wait(20)


def test_cli_and_python_read_while_the_server_runs(served):
    db, url = served
    before = _get(url + "/api/events?limit=1")["total"]
    summary = _run("summary", "--db", db, "--format", "json")
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout)[0]["counts"]["events"] == before
    events = _run("events", "--db", db, "--format", "json", "--limit", "0")
    assert events.returncode == 0, events.stderr
    assert len(json.loads(events.stdout)) == before
    assert f"{before} of {before} events" in events.stderr
    with detente.open(db, read_only=True) as store:  # while the server runs, in this process
        assert store.count_events() == before == len(store.events())
    assert _get(url + "/api/events?limit=1")["total"] == before  # the server still answers afterwards


def test_analyze_during_serve_shows_new_articles_without_restart(served, tmp_path):
    db, url = served
    before = _get(url + "/api")["overview"]["articles"]
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "one.txt").write_text("Title: Border talks\nDate: 2025-03-04\n\nThe foreign minister of Armenia met "
                                    "the foreign minister of Azerbaijan in Tbilisi on Tuesday to discuss the "
                                    "border.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Title: Aid shipment\nDate: 2025-03-05\n\nFrance sent humanitarian aid to "
                                    "Armenia on Wednesday, its foreign ministry said.\n", encoding="utf-8")
    done = _run("analyze", str(folder), "--db", db, "-q")
    assert done.returncode == 0, done.stderr
    assert "2 analysed" in done.stdout
    meta = _get(url + "/api")
    assert meta["overview"]["articles"] == before + 2
    found = _get(url + "/api/search?q=humanitarian")
    assert found["articles"], "the search index follows articles added by another process"
    titles = {a["title"] for a in _get(url + "/api/articles?limit=1000")["articles"]}
    assert {"Border talks", "Aid shipment"} <= titles


def test_a_writer_meeting_a_held_store_names_the_holder(tmp_path):
    db = str(tmp_path / "held.duckdb")
    sample.build(db).close()
    with detente.open(db, read_only=True):
        env = _env()
        env["DETENTE_LOCK_WAIT"] = "0.5"
        out = subprocess.run([*DETENTE, "clusters", "--build", "--db", db], capture_output=True, text=True,
                             env=env, timeout=120)
    assert out.returncode == 2
    assert f"process {os.getpid()}" in out.stderr and "Traceback" not in out.stderr
