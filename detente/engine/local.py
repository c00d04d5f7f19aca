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


_since_tidy = [0]  # articles this worker has analysed since it last emptied the stages' memories


def _work(args):
    """One task: a whole batch, or a piece of one of the last batches (``_tasks``). The stages' memories are emptied
    once per batch's worth of articles, as after a whole batch, not after every piece: emptied after each piece of
    8 articles, the next piece made them again (the last batches' 64 Reuters articles took 3.14 CPU-s in pieces of
    8 against 3.03 in two batches of 32, 2.99 in pieces emptied every 32 articles; load 19; issue 19)."""
    from detente.engine.batch import process_batch

    batch, settings = args
    _since_tidy[0] += len(batch)
    tidy = _since_tidy[0] >= settings.batch_size
    if tidy:
        _since_tidy[0] = 0
    return process_batch(batch, settings, tidy=tidy)


def context():
    """"fork" where the platform has it (models loaded once, in the parent), else "spawn"."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


TAIL_PIECES = 4  # each of the last batches is handed out in up to this many pieces (issue 19, the run's tail)


def _tasks(batches: Iterable[list], workers: int) -> Iterator[tuple[list, list]]:
    """Each batch with the pieces it is handed out in: whole, except the last ``workers`` batches of the input,
    each cut into up to TAIL_PIECES pieces. The pool gives a task to whichever worker is free, so a run ends
    when the last task does: with whole batches of 32 articles, one worker often sat idle for most of a batch's
    time at the end while the other finished its last one; small last pieces even the finish out. Reading runs
    ``workers`` batches ahead to know which are the last. An article's analysis does not depend on its batch
    (spaCy's Docs are the same whatever the batch), and results are joined back per batch."""
    ahead: deque = deque()
    for batch in batches:
        ahead.append(batch)
        if len(ahead) > workers:
            first = ahead.popleft()
            yield first, [first]
    while ahead:
        batch = ahead.popleft()
        size = max(1, -(-len(batch) // TAIL_PIECES))
        yield batch, [batch[i:i + size] for i in range(0, len(batch), size)] or [batch]


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

    def ready(results) -> bool:
        return all(r.ready() for r in results)

    def joined(results) -> list:
        return [x for r in results for x in r.get()]

    try:
        pending: deque = deque()
        for batch, pieces in _tasks(batches, settings.workers):
            pending.append((batch, [pool.apply_async(_work, ((piece, settings),)) for piece in pieces]))
            while pending and (len(pending) > settings.workers * 2 or ready(pending[0][1])):
                done_batch, results = pending.popleft()
                yield done_batch, joined(results)  # results in input order, stored as soon as the oldest is done
        while pending:
            done_batch, results = pending.popleft()
            if idle is not None and not ready(results):
                idle()
            yield done_batch, joined(results)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
