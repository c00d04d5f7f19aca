"""Local worker processes; the parent process reads the inputs and is the only database writer.

Where the platform can fork (Linux), the parent loads every model and table first (spaCy, the knowledge base,
the gazetteer, the coder's weights, the language detector: ``pipeline.preload``) and the workers are forked
from it: they start at once and share those pages with the parent and each other (the gazetteer and the
knowledge base are memory-mapped files, shared through the page cache in any case). The parent holds no
database connection while it forks (the writer opens the store only to write a batch). Elsewhere each worker
is a fresh interpreter ("spawn") that loads the models itself.

Workers ignore SIGINT: a Ctrl-C reaches the whole process group, and only the parent should act on it
(it ends the pool, so no worker is left behind and none prints a traceback)."""
from __future__ import annotations

import multiprocessing as mp
import signal
from collections import deque
from typing import Callable, Iterable, Iterator

from detente.config import Settings


def _init(settings: Settings):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from detente import pipeline

    pipeline.preload(settings)  # nothing left to load after a fork


def _work(args):
    from detente.engine.batch import process_batch

    batch, settings = args
    return process_batch(batch, settings)


def context():
    """"fork" where the platform has it (models loaded once, in the parent), else "spawn"."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def run_parallel(batches: Iterable[list], settings: Settings,
                 idle: Callable[[], None] | None = None) -> Iterator[tuple[list, list]]:
    """Results in input order. ``idle()`` is called whenever the input is all handed out and the oldest result
    is not ready yet: the parent would only wait there, so the caller may do its own serial work (store what is
    pending) while the workers finish the last batches, instead of after them."""
    ctx = context()
    if ctx.get_start_method() == "fork":
        from detente import pipeline

        pipeline.preload(settings)
    pool = ctx.Pool(settings.workers, initializer=_init, initargs=(settings,))
    try:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.apply_async(_work, ((batch, settings),))))
            while pending and (len(pending) > settings.workers * 2 or pending[0][1].ready()):
                done_batch, res = pending.popleft()
                yield done_batch, res.get()  # results in input order, stored as soon as the oldest is done
        while pending:
            done_batch, res = pending.popleft()
            if idle is not None and not res.ready():
                idle()
            yield done_batch, res.get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
