"""Local worker processes: each loads spaCy once; the parent process is the only database writer.

Workers ignore SIGINT: a Ctrl-C reaches the whole process group, and only the parent should act on it
(it ends the pool, so no worker is left behind and none prints a traceback)."""
from __future__ import annotations

import multiprocessing as mp
import signal
from collections import deque
from typing import Iterable, Iterator

from detente.config import Settings


def _init(model):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from detente import nlp

    nlp.load(model)


def _work(args):
    from detente.engine import process_batch

    batch, settings = args
    return process_batch(batch, settings)


def run_parallel(batches: Iterable[list], settings: Settings) -> Iterator[tuple[list, list]]:
    ctx = mp.get_context("spawn")  # a clean interpreter per worker: no inherited DuckDB handle
    pool = ctx.Pool(settings.workers, initializer=_init, initargs=(settings.model,))
    try:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.apply_async(_work, ((batch, settings),))))
            while pending and (len(pending) > settings.workers * 2 or pending[0][1].ready()):
                done_batch, res = pending.popleft()
                yield done_batch, res.get()  # results in input order, stored as soon as the oldest is done
        while pending:
            done_batch, res = pending.popleft()
            yield done_batch, res.get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
