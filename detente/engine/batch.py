"""One batch through the pipeline: what a worker (in-process, a pool process or a Ray actor) runs."""
from __future__ import annotations

import dataclasses

from detente import memory, pipeline
from detente.config import Settings
from detente.errors import StageError
from detente.model import Analysis, Article


def process_batch(articles: list[Article], settings: Settings, tidy: bool = True) -> list[Analysis | StageError]:
    """Languages detected here, in the worker (``ingest.language.settle``), then the pipeline. ``tidy``: end with
    ``memory.after_batch`` (the stages' memories emptied); a worker given pieces of a batch tidies once per batch's
    worth of articles (``engine.local``)."""
    from detente.ingest.language import settle

    memory.tune_heap()
    articles = [settle(a, settings.language) for a in articles]
    out = []
    for result in pipeline.analyze_batch(articles, settings):
        out.append(result if isinstance(result, StageError) else dataclasses.replace(result, doc=None))
    if tidy:
        memory.after_batch()
    return out
