"""The API process's hold on the store: one DuckDB connection (DuckDB allows one writing process),
a cursor per request, one lock around writes, and the full-text index.

    backend = Backend("detente.duckdb", token="s3cret")
    with backend.reader() as store:      # a Store over its own cursor: safe in a worker thread
        store.events(actor="RUS")
    backend.ingest(b"...", "text/plain")   # the same pipeline as `detente analyze`, one article
"""
from __future__ import annotations

import contextlib
import json
import threading
from typing import Iterator

from detente.errors import DetenteError, StageError, UsageError
from detente.store import Store
from detente.web.search import SearchIndex, index_path

TOKEN_ENV = "DETENTE_API_TOKEN"
SYNC_INDEX_LIMIT = 20_000  # articles to index before the server starts answering; more: in the background


class WriteDisabled(DetenteError):
    """Write endpoints are off (no token configured, or the store is open read-only)."""


class Unauthorized(DetenteError):
    """A write request without the right token."""


class CursorStore(Store):
    """A Store over a cursor of the backend's connection (no migrations, closed with the request)."""

    def __init__(self, con, path: str):  # noqa: D107 - deliberately not calling Store.__init__
        self.con = con
        self.path = path


class Backend:
    def __init__(self, path: str | None = None, *, read_only: bool = False, token: str | None = None):
        self.store = Store(path, read_only=read_only)
        self.path = self.store.path
        self.read_only = read_only
        self.token = token or None
        self.lock = threading.RLock()
        self.index = SearchIndex(index_path(self.path))
        self.settled = threading.Event()  # cleared from an ingest's write until its clusters are rebuilt
        self.settled.set()
        self.refresh(search=False)
        # The search index (a file beside the store) catches up: a restart indexes nothing it has seen; on a
        # large store it is built in the background while the server answers other requests.
        if self.index.pending(self.store.con) <= SYNC_INDEX_LIMIT:
            self._update_index()
        else:
            threading.Thread(target=self._update_index, name="detente-search-index", daemon=True).start()

    def _update_index(self) -> dict:
        cur = self.store.con.cursor()
        try:
            return self.index.update(cur)
        finally:
            cur.close()

    def refresh(self, search: bool = True) -> dict:
        """Bring derived data up to date: event clusters (when writable) and the search index."""
        from detente.web.views import refresh_clusters

        with self.lock, self.reader() as store:
            clusters = None if self.read_only else refresh_clusters(store)
            return {"clusters": clusters, "search": self.index.update(store.con) if search else None}

    @contextlib.contextmanager
    def reader(self) -> Iterator[Store]:
        cur = self.store.con.cursor()
        try:
            yield CursorStore(cur, self.path)
        finally:
            cur.close()

    def close(self) -> None:
        self.index.close()
        self.store.close()

    def settled_read(self, read, tries: int = 3):
        """``read(store)`` on a fresh reader; when it meets clusters an ingest has not rebuilt yet, wait for
        the rebuild and try again (relations reads check that the clusters cover every event)."""
        from detente.relations.read import StaleClusters

        for attempt in range(tries):
            try:
                with self.reader() as store:
                    return read(store)
            except StaleClusters:
                if attempt == tries - 1 or not self.settled.wait(timeout=120):
                    raise

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
        """Analyse one posted article (JSON record or raw text) and store it, as `detente analyze` would."""
        from detente import ingest, pipeline
        from detente.config import Settings
        from detente.ingest.base import Rejected
        from detente.model import OK

        article = _one_article(body, content_type, ingest)
        settings = settings or Settings(db=self.path)
        coder = pipeline.coder_version()
        with self.lock, self.reader() as store:
            if isinstance(article, Rejected):
                store.quarantine(article.locator, article.reason, article.reader, stage="read")
                raise UsageError(f"the article cannot be read: {article.reason}")
            if store.analysed(article.id, coder):
                return _result(store, article.id, "already analysed by this coder version", created=False)
            result = next(pipeline.analyze_batch([article], settings))
            if isinstance(result, StageError):
                store.quarantine(article.source or article.id, result.reason, article.reader,
                                 stage=result.stage, article_id=article.id)
                raise UsageError(f"stage {result.stage!r} failed on the article: {result.reason} (quarantined)")
            self.settled.clear()
            try:
                store.write(result, coder)
                status = "analysed" if article.status == OK else article.status
                self.refresh()
            finally:
                self.settled.set()
        with self.reader() as store:
            return _result(store, article.id, status, created=True)


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
    n = store.con.execute("SELECT count(*) FROM events WHERE article_id = ?", [article_id]).fetchone()[0]
    return {"id": article_id, "status": status, "created": created, "title": article.get("title"),
            "events": n, "url": f"/api/articles/{article_id}", "page": f"/#/article/{article_id}"}
