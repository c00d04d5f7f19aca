"""Local worker processes: each loads spaCy once; the parent process is the only database writer."""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from typing import Iterable, Iterator

from detente.config import Settings


def _init(model):
    from detente import nlp

    nlp.load(model)


def _work(args):
    from detente.engine import process_batch

    batch, settings = args
    return process_batch(batch, settings)


def run_parallel(batches: Iterable[list], settings: Settings) -> Iterator[tuple[list, list]]:
    ctx = mp.get_context("spawn")  # a clean interpreter per worker: no inherited DuckDB handle
    with ctx.Pool(settings.workers, initializer=_init, initargs=(settings.model,)) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.apply_async(_work, ((batch, settings),))))
            while len(pending) > settings.workers * 2:
                done_batch, res = pending.popleft()
                yield done_batch, res.get()
        while pending:
            done_batch, res = pending.popleft()
            yield done_batch, res.get()
