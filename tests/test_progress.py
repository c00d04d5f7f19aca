"""Progress of `analyze`: a total counted before the run, an honest rate and ETA; the default worker count."""
import json
import time

from detente import api
from detente.progress import _rate_eta


def test_inputs_are_counted_up_front(tmp_path):
    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Another.", encoding="utf-8")
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps({"text": f"t{i}"}) for i in range(5)) + "\n\n",
                                         encoding="utf-8")
    (tmp_path / "rows.csv").write_text("text,date\nx,2024-01-01\ny,2024-01-02\n", encoding="utf-8")
    assert api.count_inputs([str(tmp_path)]) == 1 + 1 + 5 + 2
    assert api.count_inputs(["-"]) is None  # stdin cannot be counted


def test_rate_and_eta_include_the_time_models_took():
    rate, eta = _rate_eta(10, 100, time.monotonic() - 5)
    assert rate == "2.0/s" and eta == "ETA 0:00:45"
    assert _rate_eta(0, 100, time.monotonic()) == ("…/s", "ETA …")
    assert _rate_eta(4, None, time.monotonic() - 2)[1] == "ETA ?"


def test_default_workers_suit_the_machine(monkeypatch):
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(2)), raising=False)
    assert api.default_workers() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert api.default_workers() == 4
