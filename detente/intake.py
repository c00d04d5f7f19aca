"""The one ingest path, from read inputs to the store, for ``detente analyze``, ``detente.analyze`` and the
server's ``POST /api/articles``: an input that could not be read is quarantined; an article already analysed
by this coder version is skipped (one stored under older stage versions is analysed again and counted as
stale); the others are analysed in batches by the engine, each batch's failures quarantined and the rest
written in one transaction; then the event clusters are rebuilt when anything was analysed or they are out
of date (:func:`refresh_clusters`).

Where the results go is a *sink*: anything with ``stored_coder(id)``, ``quarantine(...)`` and
``write_batch(analyses, coder)`` (and optionally ``flush()``, called after each batch): an open
:class:`~detente.store.Store`, ``api``'s batch writer that opens the file only to write, or the server's
sink that reads and writes through its own connections (``web/backend.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol

from detente import engine, ingest
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
    stale: int = 0  # in the store from older stage versions (articles.coder), so analysed again
    unsupported: int = 0  # stored with status "unsupported language"
    events: int = 0
    quarantined: list = field(default_factory=list)  # (locator, reason)
    unreadable: int = 0  # of the quarantined: paths that could not be read at all (permissions, broken links)
    clusters: int = 0  # event clusters (one per real happening) after this run
    coder: str = ""
    coders: dict = field(default_factory=dict)  # language -> its coder string (pipeline.coder_versions); others: coder
    failed: list = field(default_factory=list)  # the StageErrors of the articles a stage set aside (quarantined)


class Sink(Protocol):
    def stored_coder(self, article_id: str) -> str | None: ...

    def quarantine(self, locator: str, reason: str, reader: str = "", stage: str | None = None,
                   article_id: str | None = None) -> None: ...

    def write_batch(self, analyses: list[Analysis], coder: str) -> None: ...


Progress = Callable[[int, str], None]


def ingest_items(items: Iterable, sink: Sink, settings: Settings, report: Report,
                 progress: Progress | None = None) -> Report:
    """Take read inputs (``Article`` or ``Rejected``) through the pipeline into ``sink``, counting in
    ``report``. Languages are detected in the workers (``engine.process_batch``), not while reading.

    A sink with ``flush(force)`` is asked after each batch whether it is time to store what it holds
    (``force=False``), and made to store it when the run is interrupted; what it still holds at the end is
    its owner's to store (``api.analyze`` stores it in the opening that rebuilds the clusters). A sink with
    ``flush_idle()`` is asked, with worker processes, while the parent only waits for the last batches: it may
    store what it holds then rather than after them."""
    flush = getattr(sink, "flush", None)
    batches = _batches(items, sink, settings, report, progress)
    try:
        with deferred():
            for batch, results in engine.run_batches(batches, settings, getattr(sink, "flush_idle", None)):
                store_results(batch, results, sink, report, progress)
                if flush:
                    flush(force=False)
    except BaseException:
        if flush:
            flush()  # inputs quarantined before an interruption are kept; unstored results are redone next run
        raise
    return report


def screen(item, sink: Sink, report: Report, seen: set[str]) -> Article | None:
    """The article to analyse, or None: a rejected input is quarantined, a known article skipped."""
    report.read += 1
    if isinstance(item, Rejected):
        sink.quarantine(item.locator, item.reason, item.reader, stage="read")
        report.quarantined.append((item.locator, item.reason))
        report.unreadable += item.reader == ingest.source.UNREADABLE
        return None
    if item.id in seen or (stored := sink.stored_coder(item.id)) in (report.coder, *report.coders.values()):
        report.skipped += 1
        return None
    report.stale += stored is not None
    seen.add(item.id)
    return item


def _batches(items, sink: Sink, settings: Settings, report: Report, progress) -> Iterator[list[Article]]:
    """New articles in batches; rejected inputs are quarantined and known articles skipped on the way."""
    batch: list[Article] = []
    seen: set[str] = set()
    for item in items:
        article = screen(item, sink, report, seen)
        if article is None:
            _tick(progress, item.locator if isinstance(item, Rejected) else item.source or item.id)
            continue
        batch.append(article)
        if len(batch) >= settings.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _tick(progress, label: str) -> None:
    if progress:
        progress(1, label)


def store_results(batch: list[Article], results: list, sink: Sink, report: Report, progress=None) -> None:
    """Quarantine the articles that failed; write the others in one transaction for the whole batch."""
    done = []
    for article, result in zip(batch, results):
        if isinstance(result, StageError):
            sink.quarantine(article.source or article.id, result.reason, article.reader,
                            stage=result.stage, article_id=article.id)
            report.quarantined.append((article.source or article.id, f"{result.stage}: {result.reason}"))
            report.failed.append(result)
        else:
            done.append(result)
    by_coder: dict[str, list] = {}
    for result in done:  # each article stored with the coder string of its language
        by_coder.setdefault(report.coders.get(result.article.language, report.coder), []).append(result)
    for coder, analyses in by_coder.items():
        sink.write_batch(analyses, coder)
    for result in done:
        if result.article.status == OK:
            report.analysed += 1
            report.events += len(result.events)
        else:
            report.unsupported += 1
    for article in batch:
        _tick(progress, article.source or article.id)


def refresh_clusters(store: Store, analysed: bool) -> int | None:
    """Rebuild the event clusters when articles were ``analysed`` or the clusters are out of date (which also
    mends a run killed before this step); the number of clusters, or None when nothing was rebuilt."""
    from detente.relations import build_clusters, clusters_stale

    if analysed or clusters_stale(store):
        return build_clusters(store).get("clusters", 0)
    return None


def any_analysed(analyses: list[Analysis]) -> bool:
    """Whether a stored batch holds an analysed article (what makes :func:`refresh_clusters` rebuild)."""
    return any(a.article.status == OK for a in analyses)


__all__ = ["Report", "Sink", "ingest_items", "screen", "store_results", "refresh_clusters", "any_analysed"]

