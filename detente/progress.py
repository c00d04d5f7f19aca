"""The progress of an `analyze` run on a terminal: a total counted up front, rate, ETA, a "loading models"
line, and a clean stop on Ctrl-C or SIGTERM (workers ended, stored batches kept, no traceback)."""
from __future__ import annotations

import signal
import time
from typing import Any

from detente import api
from detente.config import Settings


def _rate(task: Any) -> str:
    speed = task.speed
    return f"{speed:.1f}/s" if speed else "…/s"


def run_with_progress(paths: list[str], settings: Settings, console: Any, quiet: bool = False) -> api.Report | None:
    """Run ``api.analyze`` with a progress bar on ``console``; None when stopped by Ctrl-C or SIGTERM."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    total = api.count_inputs(paths)
    columns = [TextColumn("[bold]{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
               TextColumn("{task.description}")]
    state = {"loading": None}

    def on_term(signum, frame):  # SIGTERM stops like Ctrl-C does
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        with Progress(*columns, console=console, disable=quiet, transient=True) as bar:
            task = bar.add_task("", total=total, stage="analysing", rate="")

            def progress(n: int, label: str) -> None:
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
                bar.update(task, advance=n, description=label[-50:], rate=_rate(t))

            return api.analyze(paths, settings=settings, progress=progress)
    except KeyboardInterrupt:
        return None
    finally:
        signal.signal(signal.SIGTERM, previous)
