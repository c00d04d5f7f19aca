"""The Python API: ``detente.analyze(paths)`` and ``detente.open(db)``.

    import detente
    report = detente.analyze(["examples/articles"], db="detente.duckdb")
    with detente.open("detente.duckdb") as store:
        store.events(dyad=("AZE", "RUS"))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from detente import engine, ingest, pipeline
from detente.config import Settings
from detente.errors import StageError
from detente.ingest.base import Rejected
from detente.ingest.language import deferred
from detente.model import OK, Analysis, Article
from detente.store import Store


@dataclass
class Report:
    """What one ``analyze`` run did."""

    read: int = 0
    analysed: int = 0
    skipped: int = 0  # already in the store, analysed by this coder version
    unsupported: int = 0  # stored with status "unsupported language"
    events: int = 0
    quarantined: list = field(default_factory=list)  # (locator, reason)
    clusters: int = 0  # event clusters (one per real happening) after this run
    coder: str = ""


def open(db: str | None = None, *, read_only: bool = False) -> Store:  # noqa: A001 - the public name
    return Store(db, read_only=read_only)


def analyze(paths: Iterable[str], *, db: str | Store | None = None, settings: Settings | None = None,
            progress: Callable[[int, str], None] | None = None) -> Report:
    """Read, analyse and store every article under ``paths``. Bad inputs are quarantined, never fatal.

    Each batch of articles is written in one transaction, and an article already analysed by this coder
    version is skipped: an interrupted run resumes where it stopped (at most one batch is analysed
    again), and re-runs add nothing.
    """
    settings = settings or Settings()
    store = db if isinstance(db, Store) else Store(db or settings.db)
    report = Report(coder=pipeline.coder_version())
    try:
        batches = _batches(ingest.read(paths, {"mapping": settings.mapping} if settings.mapping else None),
                           store, settings, report, progress)
        with deferred():  # languages are detected in the workers (engine.process_batch), not while reading
            for batch, results in engine.run_batches(batches, settings):
                _store_results(batch, results, store, report, progress)
        from detente.relations import build_clusters, clusters_stale

        if report.analysed or clusters_stale(store):  # also mends a run killed before this step
            report.clusters = build_clusters(store).get("clusters", 0)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def _batches(items, store: Store, settings: Settings, report: Report, progress) -> Iterator[list[Article]]:
    """New articles in batches; rejected inputs are quarantined and known articles skipped on the way."""
    batch: list[Article] = []
    seen: set[str] = set()
    for item in items:
        report.read += 1
        if isinstance(item, Rejected):
            store.quarantine(item.locator, item.reason, item.reader, stage="read")
            report.quarantined.append((item.locator, item.reason))
            _tick(progress, item.locator)
        elif item.id in seen or store.analysed(item.id, report.coder):
            report.skipped += 1
            _tick(progress, item.source or item.id)
        else:
            seen.add(item.id)
            batch.append(item)
            if len(batch) >= settings.batch_size:
                yield batch
                batch = []
    if batch:
        yield batch


def _tick(progress, label: str) -> None:
    if progress:
        progress(1, label)


def _store_results(batch: list[Article], results: list, store: Store, report: Report, progress) -> None:
    """Quarantine the articles that failed; write the others in one transaction for the whole batch."""
    done = []
    for article, result in zip(batch, results):
        if isinstance(result, StageError):
            store.quarantine(article.source or article.id, result.reason, article.reader,
                             stage=result.stage, article_id=article.id)
            report.quarantined.append((article.source or article.id, f"{result.stage}: {result.reason}"))
        else:
            done.append(result)
    store.write_batch(done, report.coder)
    for result in done:
        if result.article.status == OK:
            report.analysed += 1
            report.events += len(result.events)
        else:
            report.unsupported += 1
    for article in batch:
        _tick(progress, article.source or article.id)


def analyze_text(text: str, *, date: str | None = None, settings: Settings | None = None, **meta) -> Analysis:
    """Analyse one text in memory, without a store."""
    return pipeline.analyze_text(text, date=date, settings=settings, **meta)


__all__ = ["analyze", "analyze_text", "open", "Report", "Settings"]
