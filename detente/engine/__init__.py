"""Engines run the same pure per-batch function: in-process (default) or in worker processes.

``process_batch(articles, settings)`` detects the articles' languages, parses and codes a batch and returns, per article, its
Analysis without the spaCy Doc (picklable) or the StageError that set it aside.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from detente.config import Settings
from detente.engine.batch import process_batch  # noqa: F401 - the public name
from detente.model import Article


def run_batches(batches: Iterable[list[Article]], settings: Settings,
                idle: Callable[[], None] | None = None) -> Iterator[tuple[list[Article], list]]:
    """Yield (batch, results) in input order, with ``settings.workers`` processes (1 = in-process),
    or on Ray Data when ``settings.engine == "ray"``. ``idle()``: called by local workers' engine while the parent
    would only wait for the last batches (``run_parallel``)."""
    if settings.engine == "ray":
        from detente.engine.ray_engine import run_ray

        yield from run_ray(batches, settings)
        return
    if settings.workers <= 1:
        for batch in batches:
            yield batch, process_batch(batch, settings)
        return
    from detente.engine.local import run_parallel

    yield from run_parallel(batches, settings, idle)
