"""The API process's hold on the store: short, so other processes share the file.

Requests read through one read-only connection that is closed as soon as no request has used it for
IDLE seconds (opening DuckDB costs more than most queries, so a burst of requests shares it); a POST that
analyses an article opens the store for writing just for that article. ``detente analyze``, ``detente summary`` and Python
sessions can therefore read or write the same file while the server runs, and the server sees what
they committed on its next request (the full-text index is rebuilt when the file has changed).

    backend = Backend("detente.duckdb", token="s3cret")
    with backend.reader() as store:      # a read-only Store for one request
        store.events(actor="RUS")
    backend.ingest(b"...", "text/plain")   # the same pipeline as `detente analyze`, one article
"""
from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from typing import Iterator

from detente.errors import DetenteError, UsageError
from detente.store import Store
from detente.web.errors import Rebuilding, Unauthorized, WriteDisabled  # noqa: F401 - raised here, re-exported
from detente.web.search import SearchIndex, index_path

TOKEN_ENV = "DETENTE_API_TOKEN"
MEMORY_ENV, MEMORY_MB = "DETENTE_SERVER_MEMORY_MB", 384  # DuckDB's buffer pool for the requests' reads
IDLE = 0.5  # seconds the read-only connection outlives its last request
SETTLE_WAIT = 10.0  # seconds a relations read waits for an ingest's cluster rebuild before answering 503


class _Gate:
    """Within this process: any number of readers, or one writer (DuckDB refuses a read-write and a
    read-only connection to one file in one process)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextlib.contextmanager
    def read(self):
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def write(self):
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def file_stamp(path: str) -> tuple:
    """Changes whenever another process commits to the store (the file or its write-ahead log)."""
    out = []
    for p in (path, path + ".wal"):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


class Backend:
    def __init__(self, path: str | None = None, *, read_only: bool = False, token: str | None = None):
        from detente.store import default_path

        self.path = path or default_path()
        self.read_only = read_only
        self.token = token or None
        self.lock = threading.RLock()  # one in-process ingest at a time
        self.gate = _Gate()
        self.index = SearchIndex(index_path(self.path))  # a file beside the store, updated as it grows
        self._indexed: tuple | None = None
        self._shared: Store | None = None  # the read-only connection requests share
        self._users = 0
        self._held = threading.Lock()
        self._timer: threading.Timer | None = None
        self._views: set = set()  # the requests' cursors, interrupted on SIGTERM (interrupt)
        self._memo: dict = {}  # values computed from one state of the store (memo)
        self._memo_stamp: tuple | None = None
        self.settled = threading.Event()  # cleared from an ingest's write until its clusters are rebuilt
        self.settled.set()
        if not read_only:
            with self.writer() as store:  # migrate an older store once, mend stale clusters
                from detente.intake import refresh_clusters

                refresh_clusters(store, analysed=False)
        self.refresh()

    def refresh(self) -> dict:
        """Bring the search index up to date with the store: only articles it has not seen are indexed
        (and remember which state of the file it reflects)."""
        stamp = file_stamp(self.path)
        with self.reader() as store:
            size = store.update_search(self.index)
        self._indexed = stamp
        return {"clusters": None, "search": size}

    def _fresh_index(self) -> None:
        if file_stamp(self.path) != self._indexed:
            with self.lock:
                if file_stamp(self.path) != self._indexed:
                    self.refresh()

    @contextlib.contextmanager
    def reader(self) -> Iterator[Store]:
        """A read-only Store for one request (a cursor of the shared read-only connection)."""
        with self.gate.read():
            with self._held:
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
                if self._shared is None:
                    self._shared = Store(self.path, read_only=True)
                    self._shared.limit_memory(int(os.environ.get(MEMORY_ENV) or MEMORY_MB))
                self._users += 1
                view = self._shared.cursor_store()
                self._views.add(view)
            try:
                yield view
            finally:
                view.close()
                with self._held:
                    self._views.discard(view)
                    self._users -= 1
                    if not self._users:
                        self._timer = threading.Timer(IDLE, self._release)
                        self._timer.daemon = True
                        self._timer.start()

    def _release(self) -> None:
        """Close the shared read-only connection when no request uses it (other processes may then write)."""
        with self._held:
            if not self._users and self._shared is not None:
                self._shared.close()
                self._shared = None
            self._timer = None

    def _let_go(self) -> None:
        """Cancel the idle timer and close the shared read-only connection (the caller holds ``_held``)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._shared is not None:
            self._shared.close()
            self._shared = None

    @contextlib.contextmanager
    def writer(self) -> Iterator[Store]:
        with self.gate.write():
            with self._held:  # no reader is active (the gate): let go of the read-only connection first
                self._let_go()
            store = Store(self.path)
            try:
                yield store
            finally:
                store.close()

    def interrupt(self) -> None:
        """Stop every query the requests are running (the server is stopping): they fail at once instead of
        holding the shutdown until they finish."""
        with self._held:
            views = list(self._views)
        for view in views:
            view.interrupt()
        self.index.interrupt()

    def memo(self, key, compute):
        """``compute()``, remembered under ``key`` until the store's file changes (a write by this server or
        another process): e.g. the total of an events filter, counted once for all its pages."""
        stamp = file_stamp(self.path)
        with self._held:
            if self._memo_stamp != stamp or len(self._memo) > 512:
                self._memo, self._memo_stamp = {}, stamp
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._held:
            if self._memo_stamp == stamp:
                self._memo[key] = value
        return value

    def search(self, text: str, limit: int = 20) -> dict:
        """Full-text search; the index follows articles added by other processes."""
        self._fresh_index()
        return self.index.search(text, limit)

    def close(self) -> None:
        """Let go of the store (and the search index's file) now."""
        with self._held:
            self._let_go()
        self.index.close()

    def settled_read(self, read, tries: int = 8, wait: float | None = None):
        """``read(store)`` on a fresh reader; when it meets clusters an ingest (here or in a `detente analyze`
        beside the server) has not rebuilt yet, wait (up to ``wait`` seconds in all) for the rebuild and try
        again. Still out of date: :class:`Rebuilding` (503 with Retry-After), not a client error."""
        from detente.relations.read import StaleClusters

        wait = SETTLE_WAIT if wait is None else wait
        for attempt in range(tries):
            try:
                with self.reader() as store:
                    return read(store)
            except StaleClusters as exc:
                if attempt < tries - 1:
                    if not self.settled.is_set():  # this server's own ingest is rebuilding: wait for it
                        if self.settled.wait(timeout=wait):
                            continue
                    else:  # another process is writing: let go so it can rebuild its clusters, then look again
                        self._release()
                        time.sleep(0.25 * (attempt + 1))
                        continue
                raise Rebuilding(f"the event clusters are being rebuilt after new articles ({exc}); "
                                 f"try again in {Rebuilding.retry_after} s") from exc

    # -- writing
    def check_token(self, given: str | None) -> None:
        if self.read_only:
            raise WriteDisabled("the store is open read-only; restart `detente serve` without --read-only")
        if not self.token:
            raise WriteDisabled(f"write endpoints are disabled: set {TOKEN_ENV} in the server's environment "
                                f"(e.g. `{TOKEN_ENV}=$(openssl rand -hex 16) detente serve`) and send it as "
                                "`Authorization: Bearer <token>`")
        import hmac

        if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise Unauthorized("missing or wrong API token: send `Authorization: Bearer <token>` "
                               f"with the value of {TOKEN_ENV}")

    def ingest(self, body: bytes, content_type: str, settings=None) -> dict:
        """Analyse one posted article (JSON record or raw text) and store it through the one ingest path of
        `detente analyze` (:mod:`detente.intake`), in this process, holding the file only to read and write."""
        import dataclasses

        from detente import ingest, intake, pipeline
        from detente.config import Settings
        from detente.ingest.base import Rejected
        from detente.ingest.language import deferred
        from detente.model import OK

        with deferred():  # the language is detected with the analysis, as `detente analyze` does
            article = _one_article(body, content_type, ingest)
        settings = dataclasses.replace(settings or Settings(db=self.path), workers=1, engine="local")
        report = intake.Report(coder=pipeline.coder_version(), coders=pipeline.coder_versions())
        with self.lock:
            sink = _ServerSink(self)
            intake.ingest_items([article], sink, settings, report)
            if isinstance(article, Rejected):
                raise UsageError(f"the article cannot be read: {article.reason}")
            if report.skipped:
                with self.reader() as store:
                    return _result(store, article.id, "already analysed by this coder version", created=False)
            if report.failed:
                failed = report.failed[0]
                raise UsageError(f"stage {failed.stage!r} failed on the article: {failed.reason} (quarantined)")
        status = "analysed" if sink.stored[0].article.status == OK else sink.stored[0].article.status
        self._fresh_index()
        with self.reader() as store:
            return _result(store, article.id, status, created=True)


class _ServerSink:
    """Where the ingest path stores for the server: it reads through a fresh reader and writes through the
    backend's writer, so the file is held only for that; a write rebuilds the clusters (``settled`` is clear
    meanwhile, so relations reads wait for them instead of answering from stale clusters)."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self.stored: list = []

    def stored_coder(self, article_id: str) -> str | None:
        with self.backend.reader() as store:
            return store.stored_coder(article_id)

    def quarantine(self, *args, **kw) -> None:
        with self.backend.writer() as store:
            store.quarantine(*args, **kw)

    def write_batch(self, analyses: list, coder: str) -> None:
        from detente import intake

        with self.backend.writer() as store:
            self.backend.settled.clear()
            try:
                store.write_batch(analyses, coder)
                intake.refresh_clusters(store, intake.any_analysed(analyses))
            finally:
                self.backend.settled.set()
        self.stored += analyses


def _one_article(body: bytes, content_type: str, ingest):
    if not body or not body.strip():
        raise UsageError("empty request body: POST JSON {text, title, date, outlet, url} or the raw text")
    if "json" in (content_type or ""):
        try:
            record = json.loads(body)
        except ValueError as exc:
            raise UsageError(f"the body is not valid JSON: {exc}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise UsageError("JSON body must be an object with a string field 'text' "
                             "(and optionally title, date, outlet, url, author)")
        body, name = json.dumps(record, ensure_ascii=False).encode(), "api.jsonl"
    else:
        name = "api.txt"
    items = list(ingest.read_bytes(body, name))
    if len(items) != 1:
        raise UsageError(f"expected one article, read {len(items)}")
    return items[0]


def _result(store: Store, article_id: str, status: str, created: bool) -> dict:
    article = store.article(article_id)
    n = store.count_events(article_id=article_id)
    return {"id": article_id, "status": status, "created": created, "title": article.get("title"),
            "events": n, "url": f"/api/articles/{article_id}", "page": f"/#/article/{article_id}"}
