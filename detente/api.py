"""The Python API: ``detente.analyze(paths)``, ``detente.open(db)`` and the relations.

    import detente
    report = detente.analyze(["examples/articles"], db="detente.duckdb")
    with detente.open("detente.duckdb", read_only=True) as store:
        store.events(dyad=("AZE", "RUS"))                 # every match; store.count_events(...) for totals
        store.events_df(actor="RUS", since="2024-01-01")  # pandas; store.events_arrow(...) for pyarrow
        detente.dyad_series(store, "AZE", "RUS")          # the relation index over time
        detente.alerts(store)                             # periods where a dyad leaves its baseline
        detente.network(store, "2024-01-01", "2024-12-31")

Sharing one store: ``analyze`` holds the file for writing only while it stores each batch, so a server,
CLI readers and ``detente.open(..., read_only=True)`` can read between batches (see detente.store).
"""
from __future__ import annotations

import os
import pickle
import time
from typing import Any, Callable, Iterable

from detente import ingest, intake, memory, pipeline
from detente.config import Settings
from detente.errors import UsageError
from detente.ingest.language import check as check_language
from detente.intake import Report
from detente.model import Analysis
from detente.store import Store


def open(db: str | None = None, *, read_only: bool = False) -> Store:  # noqa: A001 - the public name
    """Open the store at ``db`` (default ``$DETENTE_DB`` or ``./detente.duckdb``).

    ``read_only=True`` reads beside a running ``detente serve`` or ``detente analyze``; use it in a
    ``with`` block so the file is let go when you are done (a writer waits while you hold it).
    """
    return Store(db, read_only=read_only)


class _BatchWriter:
    """The writing side of ``analyze`` on a path: opens the store for writing only to store what is pending
    (the analysed batches and the quarantined inputs met on the way), then lets go so readers can see it.

    Opening and closing the file costs more than writing a batch (closing checkpoints the database: about
    0.2 CPU-s a time), so batches are stored together once ``FLUSH_SECONDS`` have passed since the last store
    and at least ``FLUSH_MIN_ARTICLES`` are pending (or ``FLUSH_ARTICLES`` are pending, or ``FLUSH_LONGEST``
    seconds have passed), in one transaction, and always at the end: readers see new articles within seconds,
    a killed run redoes at most that much work, and a slow (or busy) machine does not pay a store per few
    articles (on a loaded 2-core machine, 400 articles took 14 stores, 3.4 CPU-s, instead of 4). Each store costs
    about 0.15-0.2 CPU-s whatever its size: 256 articles (was 128) make 400 articles two stores instead of four.

    Pending results are held pickled, one ``bytes`` per batch (:func:`_pack`), not as the objects the stages made
    (a few KiB per article instead of small objects left among each article's freed temporaries, which keep Python's
    memory arenas from being given back), and stored ``WRITE_PACKS`` batches per transaction (issue 19: peak RSS)."""

    FLUSH_SECONDS = 10.0
    FLUSH_MIN_ARTICLES = 256
    FLUSH_LONGEST = 60.0
    FLUSH_ARTICLES = 1024
    WRITE_PACKS = 8  # batches (of up to 32 articles) per transaction within one opening: a transaction's working
    # memory grows with its rows, and up to 1,024 pending articles in one made it a long run's peak (issue 19);
    # 8 (256 articles, FLUSH_MIN_ARTICLES) instead of 2: each transaction costs some 0.07 CPU-s whatever its size
    # (aggregates, DESCRIBEs), 400 Reuters articles stored in 0.37 CPU-s instead of 0.82, and the peak RSS of
    # bench_analyze --rss 100,2000 stayed the same (473 against 479 MiB at N = 2,000, 397 at N = 100, load 20)

    def __init__(self, path: str):
        self.path = path
        with Store(path) as store:  # creates and migrates the file
            self.known = store.coders()
        self.pending: list[tuple[str, tuple, dict]] = []
        self.waiting = 0  # analysed articles pending
        self.stored_at = time.monotonic()

    def stored_coder(self, article_id: str) -> str | None:
        return self.known.get(article_id)

    def quarantine(self, *args: Any, **kw: Any) -> None:
        self.pending.append(("quarantine", args, kw))

    def write_batch(self, analyses: list, coder: str) -> None:
        if not analyses:
            return
        last = self.pending[-1] if self.pending else None
        if last and last[0] == "write_batch" and last[1][1] == coder:
            last[1][0].append(_pack(analyses))  # one transaction for the batches stored together
        else:
            self.pending.append(("write_batch", ([_pack(analyses)], coder), {}))
        self.waiting += len(analyses)

    def flush(self, force: bool = True) -> None:
        """Store what is pending in one opening of the file; unless ``force``, only when it is time to."""
        if not self.pending:
            return
        if not force:
            waited = time.monotonic() - self.stored_at
            due = (self.waiting >= self.FLUSH_ARTICLES or waited >= self.FLUSH_LONGEST
                   or (waited >= self.FLUSH_SECONDS and self.waiting >= self.FLUSH_MIN_ARTICLES))
            if not due:
                return
        with Store(self.path) as store:
            self.write_into(store)
        memory.trim()  # the heap pages of the unpacked analyses and their rows, given back before the next batch
        # parses (2,000 Reuters articles: the batch after a store peaked at up to 409 MiB, 370-380 trimmed; issue 19)

    IDLE_ARTICLES = 64  # pending articles worth a store while the workers finish the last batches

    def flush_idle(self) -> None:
        """Called while worker processes finish the last batches and the parent would only wait for them: what is
        pending is stored now, overlapping their work, instead of in the serial tail after them (issue 19: 2
        workers >= 1.8x one). Not for a few articles: a store costs about 0.15-0.2 CPU-s whatever its size."""
        if self.waiting >= self.IDLE_ARTICLES:
            self.flush()

    def write_into(self, store: Store) -> None:
        """Store what is pending through ``store``, open for writing."""
        for method, args, kw in self.pending:
            if method != "write_batch":
                getattr(store, method)(*args, **kw)
                continue
            for start in range(0, len(args[0]), self.WRITE_PACKS):  # a transaction's memory is DuckDB's to hold
                analyses = _unpack(args[0][start:start + self.WRITE_PACKS])
                store.write_batch(analyses, args[1])
                self.known.update({a.article.id: args[1] for a in analyses})
        self.pending, self.waiting, self.stored_at = [], 0, time.monotonic()


def _pack(analyses: list) -> bytes:
    """A batch's analyses as one ``bytes`` (a few KiB per article) until they are stored."""
    return pickle.dumps(list(analyses), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packs: list) -> list:
    """The analyses of ``packs`` (made by :func:`_pack`), in order."""
    return [a for pack in packs for a in pickle.loads(pack)]


def analyze(paths: Iterable[str], *, db: str | Store | None = None, settings: Settings | None = None,
            progress: Callable[[int, str], None] | None = None) -> Report:
    """Read, analyse and store every article under ``paths``. Bad inputs are quarantined, never fatal.

    Analysed batches are written together, in one transaction, every few seconds (``_BatchWriter``), and an
    article already analysed by this coder version is skipped: an interrupted run resumes where it stopped
    (at most those seconds of work are done again), and re-runs add nothing. Given a path, the store is held
    for writing only while results are stored (readers see them right after); given an open :class:`Store`,
    that store is used throughout.
    ``progress(n, label)`` is called as inputs are done (``n=0`` while the models load). A named path
    that does not exist is a UsageError before anything is read (a typo is not a bad input).
    """
    settings = settings or Settings()
    paths = list(paths)
    gone = ingest.source.missing(paths)
    if gone:
        raise UsageError(f"no such file or directory: {', '.join(repr(p) for p in gone)}; nothing was analysed")
    check_language(settings.language)  # an unknown language fails here, before anything is read
    opts = {k: v for k, v in (("mapping", settings.mapping), ("format", settings.input_format)) if v}
    ingest.reader_for("", settings.input_format)  # an unknown --input-format fails here, not per input
    report = Report(coder=pipeline.coder_version(), coders=pipeline.coder_versions())
    sink: Any = db if isinstance(db, Store) else _BatchWriter(db or settings.db)
    if progress:
        progress(0, "loading models")
    intake.ingest_items(ingest.read(paths, opts or None), sink, settings, report, progress)
    long_run = report.analysed >= memory.RELEASE_AFTER
    if long_run and isinstance(sink, _BatchWriter):
        sink.flush()  # in an opening of its own: what DuckDB held to write it is given back before the build
        # (issue 19: 2,000 Reuters articles, 70 MiB more before the build when it shared the build's opening)
    # the stages' memories (and after a long run the models) are not needed to build the clusters (issue 19)
    memory.after_analysis(release=long_run)
    store = db if isinstance(db, Store) else Store(db or settings.db)
    try:
        if isinstance(sink, _BatchWriter):
            sink.write_into(store)  # the last results, in the opening that builds the clusters
        report.clusters = intake.refresh_clusters(store, bool(report.analysed)) or 0
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles ``paths`` hold, cheaply (files, JSONL/CSV records); None when it cannot tell."""
    import csv

    from detente.ingest import iter_files

    total = 0
    for path in iter_files(paths):
        name = str(path)
        if name == "-":
            return None
        try:
            if name.endswith((".jsonl", ".ndjson")):
                with path.open("rb") as f:
                    total += sum(1 for line in f if line.strip())
            elif name.endswith(".csv"):
                with path.open(encoding="utf-8", errors="replace", newline="") as f:
                    total += max(sum(1 for _ in csv.reader(f)) - 1, 0)
            elif name.endswith((".rss", ".atom", ".xml", ".gz")):
                return None
            else:
                total += 1
        except (OSError, csv.Error):
            total += 1
    return total


def default_workers() -> int:
    """Worker processes that suit this machine: 1 up to 2 cores (a second spaCy process only competes
    with the writer there), else one per core less one, at most 4."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if cores <= 2 else min(cores - 1, 4)


def analyze_text(text: str, *, date: str | None = None, settings: Settings | None = None, **meta: Any) -> Analysis:
    """Analyse one text in memory, without a store."""
    return pipeline.analyze_text(text, date=date, settings=settings, **meta)


def dyad_series(store: Store, a: str, b: str, **kw: Any) -> dict:
    """The relation index of ``a``–``b`` per period (``by="month"``), with trend and alerts."""
    from detente.relations import dyad_series as run

    return run(store, a, b, **kw)


def alerts(store: Store, **kw: Any) -> list[dict]:
    """Periods where a dyad leaves its own baseline (``by``, ``a`` for one actor, ``since``)."""
    from detente.relations import alerts as run

    return run(store, **kw)


def network(store: Store, date_from: str | None = None, date_to: str | None = None, **kw: Any) -> dict:
    """The signed alignment network between two dates, with triad balance."""
    from detente.relations import network as run

    return run(store, date_from, date_to, **kw)


__all__ = ["analyze", "analyze_text", "open", "dyad_series", "alerts", "network", "count_inputs",
           "default_workers", "Report", "Settings", "Store"]
