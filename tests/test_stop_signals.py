"""How `detente analyze` (progress.run_with_progress) reads a stop signal that DuckDB takes while it stores a batch:
its Python client may turn a Ctrl-C into an error of its own ("Query interrupted") or drop it. Both must still stop
the run (None: the CLI says "stopped", exit 130); a signal the caller ignores stays ignored. Fast, in-process: a
stand-in for api.analyze sends the signal to this process and does what DuckDB does with it."""
import io
import os
import signal

import pytest
from rich.console import Console

from detente import progress
from detente.config import Settings


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setattr(progress.api, "count_inputs", lambda paths: 3)

    def go(analyze):
        monkeypatch.setattr(progress.api, "analyze", analyze)
        return progress.run_with_progress(["in.jsonl"], Settings(db=":memory:"), Console(file=io.StringIO()), True)
    return go


def _signal_inside_a_query(what_duckdb_does):
    """Send SIGINT while 'a query runs', and let the stand-in for DuckDB handle the KeyboardInterrupt."""
    try:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs between bytecodes
            pass
    except KeyboardInterrupt:
        what_duckdb_does()


def test_a_query_the_signal_interrupted_stops_the_run(run):
    def analyze(paths, settings, progress):
        def duckdb_error():
            raise RuntimeError("Query interrupted")
        _signal_inside_a_query(duckdb_error)
        return "report"
    assert run(analyze) is None


def test_a_signal_duckdb_dropped_stops_the_run_at_the_next_batch(run):
    stored = []

    def analyze(paths, settings, progress):
        _signal_inside_a_query(lambda: None)  # dropped: the run would go on
        for i in range(3):
            progress(1, f"batch {i}")
            stored.append(i)
        return "report"
    assert run(analyze) is None
    assert stored == []


def test_without_a_signal_the_report_and_errors_come_through(run):
    assert run(lambda paths, settings, progress: "report") == "report"

    def broken(paths, settings, progress):
        raise RuntimeError("a real store error")
    with pytest.raises(RuntimeError, match="real store error"):
        run(broken)


def test_an_ignored_sigint_stays_ignored(run):
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        def analyze(paths, settings, progress):
            _signal_inside_a_query(lambda: None)
            progress(1, "batch")
            return "report"
        assert run(analyze) == "report"
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
