"""The progress of an `analyze` run on a terminal: a total counted up front, rate, ETA, a "loading models"
line, and a clean stop on Ctrl-C or SIGTERM (workers ended, stored batches kept, no traceback)."""
from __future__ import annotations

import signal
import time
from typing import Any

from detente import api
from detente.config import Settings


def _rate_eta(done: int, total: int | None, started: float) -> tuple[str, str]:
    """Articles per second since the run started (model loading included, so it never flatters) and the
    time left at that rate."""
    elapsed = time.monotonic() - started
    if not done or elapsed <= 0:
        return "…/s", "ETA …"
    rate = done / elapsed
    if total is None:
        return f"{rate:.1f}/s", "ETA ?"
    left = max(total - done, 0) / rate
    return f"{rate:.1f}/s", f"ETA {int(left // 3600)}:{int(left % 3600 // 60):02d}:{int(left % 60):02d}"


def run_with_progress(paths: list[str], settings: Settings, console: Any, quiet: bool = False) -> api.Report | None:
    """Run ``api.analyze`` with a progress bar on ``console``; None when stopped by Ctrl-C or SIGTERM."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    total = api.count_inputs(paths)
    columns = [TextColumn("[bold]{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("{task.fields[eta]}"),
               TextColumn("{task.description}")]
    state = {"loading": None, "started": time.monotonic()}
    stop: list = []  # the stop signals received: DuckDB may take one while it writes a batch (below)

    def on_stop(signum, frame):  # Ctrl-C (SIGINT) and SIGTERM stop the run alike
        stop.append(signum)
        raise KeyboardInterrupt

    # a signal the caller ignores (a run started in the background with SIGINT ignored) stays ignored
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(s, on_stop)
    try:
        with Progress(*columns, console=console, disable=quiet, transient=True) as bar:
            task = bar.add_task("", total=total, stage="analysing", rate="", eta="")

            def progress(n: int, label: str) -> None:
                if stop:  # a signal DuckDB swallowed while a batch was stored (its Python client may drop it)
                    raise KeyboardInterrupt
                if n == 0:
                    state["loading"] = time.monotonic()
                    if not quiet:
                        console.print(f"loading models ({settings.workers} worker{'s' * (settings.workers > 1)}); "
                                      f"{total if total is not None else 'an unknown number of'} inputs to read")
                    bar.update(task, stage="loading models")
                    return
                if state["loading"] is not None:
                    bar.update(task, stage="analysing")
                    state["loading"] = None
                t = bar.tasks[0]
                if t.total is not None and t.completed + n > t.total:
                    bar.update(task, total=t.completed + n)
                rate, eta = _rate_eta(int(t.completed) + n, t.total, state["started"])
                bar.update(task, advance=n, description=label[-50:], rate=rate, eta=eta)

            report = api.analyze(paths, settings=settings, progress=progress)
            return None if stop else report
    except KeyboardInterrupt:
        return None
    except Exception:
        if stop:  # a query the signal interrupted: DuckDB reports it as its own error ("Query interrupted")
            return None
        raise
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
