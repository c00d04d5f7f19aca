"""Stopping `detente analyze -w 2` with SIGTERM or a terminal's Ctrl-C (SIGINT to the process group): the
workers end with it, nothing prints a traceback, and the store stays readable with what was stored."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import detente


def _children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_stopping_analyze_ends_its_workers_cleanly(tmp_path, how):
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(2000):  # enough to outlast the 3 s below: forked workers start at once
            f.write(json.dumps({"id": f"s{i}", "date": "2025-03-01",
                                "text": f"The foreign minister of Armenia met officials of Georgia in Tbilisi on "
                                        f"day {i} to talk about trade."}) + "\n")
    db = str(tmp_path / "s.duckdb")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-m", "detente.cli", "analyze", str(src), "--db", db, "-w", "2",
                             "--batch-size", "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    workers = _children(proc.pid)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(3)
    if how == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    else:
        proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert "stopped" in err
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{w}") for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if os.path.exists(f"/proc/{w}")], "orphaned worker processes"
    with detente.open(db, read_only=True) as store:  # consistent: every stored article has its events
        n = store.counts()
        assert n["events"] >= 0 and n["articles"] < 2000
