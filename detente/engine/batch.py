"""One batch through the pipeline: what a worker (in-process, a pool process or a Ray actor) runs."""
from __future__ import annotations

import dataclasses
import functools

from detente import pipeline
from detente.config import Settings
from detente.errors import StageError
from detente.model import Analysis, Article


def process_batch(articles: list[Article], settings: Settings) -> list[Analysis | StageError]:
    """Languages detected here, in the worker (``ingest.language.settle``), then the pipeline."""
    from detente.ingest.language import settle

    articles = [settle(a, settings.language) for a in articles]
    out = []
    for result in pipeline.analyze_batch(articles, settings):
        out.append(result if isinstance(result, StageError) else dataclasses.replace(result, doc=None))
    release_memory()
    return out


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or None (another C library, or no ctypes)."""
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError):
        return None


def release_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc ``malloc_trim``; a no-op elsewhere).

    A batch's parse allocates some hundred MiB of short-lived arrays and Docs; freed, that memory stays in the
    process (glibc returns only the top of its heap), scattered between lasting objects, and the next batch's
    allocations do not always fit the holes, so the resident size crept up batch after batch. Trimming after
    each batch costs about a millisecond."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
