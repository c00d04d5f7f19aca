"""The embedded DuckDB store: one file, migrated on open, written one article per transaction.

One store, many readers. DuckDB lets one process hold a file for writing, or any number of processes
hold it read-only, never both at once. detente keeps every hold short so that they take turns:

* readers (``detente summary``/``events``/…, ``detente serve`` per request, ``detente.open(read_only=True)``)
  open read-only and close when done;
* the writer (``detente analyze``, ``POST /api/articles``) opens for writing only while it stores one batch
  of analysed articles, then lets go, so readers see each batch as soon as it is committed.

A process that meets the other kind of hold waits (up to ``$DETENTE_LOCK_WAIT`` seconds: 10 for readers,
30 for writers by default), then fails with a message naming the process that holds the file.
"""
from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING, Any, Iterator

from detente.errors import StoreError
from detente.model import Analysis
from detente.store import browse, exports, migrations, queries, versions, write
from detente.store.queries import EventFilter

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

DEFAULT_PATH = "detente.duckdb"
ENV_VAR = "DETENTE_DB"
LOCK_WAIT_ENV = "DETENTE_LOCK_WAIT"
READ_WAIT, WRITE_WAIT = 10.0, 30.0
BLOCK_SIZE = 64 * 1024  # bytes per block of a store this module creates (DuckDB's default: 256 KiB). A commit that
# appends to a stored table gives each of its columns a new in-memory segment of one whole block, until the close's
# checkpoint writes them: a long run's store of 161 articles into 1,792 held 65 MiB of such segments with 256 KiB
# blocks (issue 19: the write and close made the peak RSS of a 2,000-article analyze). A store made with another
# block size keeps its own (DuckDB reads it from the file).


def default_path() -> str:
    """The store's path: ``$DETENTE_DB`` or ``./detente.duckdb``."""
    return os.environ.get(ENV_VAR) or DEFAULT_PATH


def _holder(message: str) -> str:
    """'process 123 (detente serve)' from DuckDB's lock error, or '' when it names none."""
    m = re.search(r"PID (\d+)", message)
    if not m:
        return ""
    pid = m.group(1)
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = " ".join(a.decode(errors="replace") for a in f.read().split(b"\0") if a)
        cmd = re.sub(r"^\S*python[\d.]*\s+(-m\s+)?", "", cmd)
        cmd = re.sub(r"^\S*/(detente)\b", r"\1", cmd)
    except OSError:
        cmd = ""
    return f"process {pid}" + (f" ({cmd[:80]})" if cmd else "")


def connect(path: str, *, read_only: bool = False, wait: float | None = None):
    """A DuckDB connection to ``path``; a lock held by another process is waited for, then explained."""
    import duckdb

    if read_only and path != ":memory:" and not os.path.exists(path):
        raise StoreError(f"no database at {path!r}; create one with `detente analyze examples/articles --db "
                         f"{path}` or pass --db / set {ENV_VAR}")
    if wait is None:
        env = os.environ.get(LOCK_WAIT_ENV)
        wait = float(env) if env else (READ_WAIT if read_only else WRITE_WAIT)
    deadline, delay = time.monotonic() + wait, 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config={"default_block_size": str(BLOCK_SIZE)})
        except duckdb.Error as exc:
            text = str(exc)
            locked = "lock" in text.lower()
            if locked and time.monotonic() < deadline:
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
                continue
            if locked:
                who = _holder(text) or "another process"
                want = "read" if read_only else "write to"
                raise StoreError(
                    f"cannot {want} {path!r}: {who} holds it {'for writing' if read_only else ''}".rstrip()
                    + f" (waited {wait:g} s). DuckDB lets one process write, or many read, at a time; "
                    "detente's readers and writers hold the file only briefly, so retry when that process "
                    "has finished its batch, stop it, or raise $DETENTE_LOCK_WAIT. A Python session holding "
                    "`detente.open(...)` keeps the file until its `with` block ends.") from exc
            raise StoreError(f"cannot open database {path!r}: {text}") from exc


class Store:
    """A DuckDB database holding articles, actors, events, timexes, places and the quarantine.

    Open it with :func:`detente.open` (``read_only=True`` for reading beside a running server or
    analysis) and use it as a context manager so the file is let go promptly::

        with detente.open("detente.duckdb", read_only=True) as store:
            rows = store.events(actor="RUS", since="2024-01-01")      # every match (no silent cap)
            print(store.count_events(actor="RUS"), "in all")
            frame = store.events_df(dyad=("AZE", "RUS"))              # pandas
    """

    def __init__(self, path: str | None = None, *, read_only: bool = False, wait: float | None = None):
        self.path = path or default_path()
        self.read_only = read_only
        self.con = connect(self.path, read_only=read_only, wait=wait)
        if not read_only:
            try:
                migrations.apply(self.con)
            except Exception:
                self.con.close()
                raise

    # -- writing
    def analysed(self, article_id: str, coder: str) -> bool:
        """True when the article is stored, analysed by this coder version."""
        return self.stored_coder(article_id) == coder

    def stored_coder(self, article_id: str) -> str | None:
        """The coder string (stage versions) the article was analysed with; None when it is not stored."""
        return versions.stored_coder(self, article_id)

    def coders(self) -> dict[str, str]:
        """Every stored article id with the coder version that analysed it."""
        return dict(self.con.execute("SELECT id, coder FROM articles").fetchall())

    def write(self, analysis: Analysis, coder: str) -> None:
        """Store one article's analysis in one transaction (replacing an older coder's rows)."""
        write.write_analysis(self.con, analysis, coder)

    def write_batch(self, analyses: list[Analysis], coder: str) -> None:
        """Several articles' analyses in one transaction (what ``analyze`` does per batch)."""
        write.write_batch(self.con, analyses, coder)

    def quarantine(self, locator: str, reason: str, reader: str = "", stage: str | None = None,
                   article_id: str | None = None) -> None:
        """Set an input aside with its reason (listed by ``detente quarantine``)."""
        write.quarantine(self.con, locator, reason, reader, stage, article_id)

    # -- reading
    def events(self, flt: EventFilter | None = None, **kw: Any) -> list[dict]:
        """Events matching a filter, oldest first, as dicts (one per event with its evidence sentence).

        Keyword filters: ``actor``, ``dyad=(a, b)``, ``directed``, ``types``, ``modalities``, ``date_from``
        (or ``since``), ``date_to``, ``place``, ``article_id``, ``limit`` and ``offset``. The default
        ``limit=None`` returns every match; :meth:`count_events` gives the total for a page.
        """
        return queries.events(self.con, flt or EventFilter(**kw))

    def count_events(self, flt: EventFilter | None = None, **kw: Any) -> int:
        """How many events match the filter, whatever its limit and offset."""
        return queries.count_events(self.con, flt or EventFilter(**kw))

    def events_arrow(self, flt: EventFilter | None = None, **kw: Any) -> "pyarrow.Table":
        """The same rows as :meth:`events`, as a pyarrow Table, plus ``day``: the event's date typed (date32)."""
        return queries.events_arrow(self.con, flt or EventFilter(**kw))

    def events_df(self, flt: EventFilter | None = None, **kw: Any) -> "pandas.DataFrame":
        """The same rows as :meth:`events`, as a pandas DataFrame."""
        return self.events_arrow(flt, **kw).to_pandas()

    def iter_events(self, flt: EventFilter | None = None, page: int = 5000, **kw: Any) -> Iterator[dict]:
        """Every matching event, fetched ``page`` rows at a time."""
        import dataclasses

        flt = flt or EventFilter(**kw)
        offset = flt.offset
        while True:
            rows = self.events(dataclasses.replace(flt, limit=page, offset=offset))
            yield from rows
            if len(rows) < page:
                return
            offset += page

    def articles(self, limit: int | None = None, offset: int = 0, language: str | None = None,
                 after: str | None = None) -> list[dict]:
        """Analysed articles, oldest first, with their event counts (every one unless ``limit``); ``language``
        keeps those of one language (ISO 639-1, issue 20); ``after``: the page after a cursor (store.paging)."""
        return queries.articles(self.con, limit, offset, language, after)

    def article(self, article_id: str) -> dict:
        """One article by id or unique id prefix (NotFound otherwise)."""
        return queries.article(self.con, article_id)

    def event_actors(self, keys: list[str]) -> list[dict]:
        """The source and target actors of the given events."""
        return queries.event_actors(self.con, keys)

    def actors(self, limit: int | None = None) -> list[dict]:
        """Actors mentioned, most frequent first (every one unless ``limit``)."""
        return queries.actors(self.con, limit)

    def event_types(self) -> list[dict]:
        """Events per PLOVER type, with how many happened."""
        return queries.event_types(self.con)

    def dyads(self, limit: int | None = 10) -> list[dict]:
        """The strongest country dyads by events that happened."""
        return queries.dyads(self.con, limit)

    def quarantined(self, limit: int | None = None) -> list[dict]:
        """Inputs set aside, each with its reason (every one unless ``limit``)."""
        return queries.quarantined(self.con, limit)

    def counts(self) -> dict[str, int]:
        """Rows per table (articles, actors, events, …, quarantine): the totals lists are cut from."""
        return queries.counts(self.con)

    def interrupt(self) -> None:
        """Stop the query this connection (or cursor) is running, from another thread; it raises in its own."""
        try:
            self.con.interrupt()
        except Exception:  # closed meanwhile
            pass

    def limit_memory(self, megabytes: int) -> None:
        """Bound DuckDB's buffer pool for this connection (its default is 80% of the machine's memory: a server
        scanning 10^7 events grows to gigabytes); bigger sorts and joins spill to disk."""
        self.con.execute(f"SET memory_limit = '{int(megabytes)}MB'")

    def total(self, table: str) -> int:
        """Rows in ``articles``, ``events`` or ``quarantine`` (one count, not :meth:`counts`' eight)."""
        return queries.total(self.con, table)

    def cursor_store(self) -> "Store":
        """A Store over a new cursor of this connection, for one thread's reads (a server shares one read-only
        connection between requests); closing it closes only the cursor."""
        view = Store.__new__(Store)
        view.con, view.path, view.read_only = self.con.cursor(), getattr(self, "path", None), True
        return view

    # -- the dashboard's reads (detente.web.views)
    def overview(self) -> dict:
        """Counts and date range for the dashboard's front page."""
        return browse.overview(self.con)

    def events_page(self, flt: EventFilter, text: str | None = None, after: str | None = None,
                    total: int | None = None, days=None) -> dict:
        """One page of events with the total (``total`` when the caller knows it) and the cursor of the next
        page, optionally matching ``text`` in the evidence; ``after``: the page after a cursor (store.paging);
        ``days``: :meth:`event_days` of the filter, when the caller has it (a deep offset is found on it)."""
        return browse.events_page(self.con, flt, text, after, total, days)

    def event_days(self, flt: EventFilter, text: str | None = None):
        """How many of the events :meth:`events_page` lists for this filter fall on each day
        (a :class:`detente.store.paging.Days`)."""
        return browse.event_days(self.con, flt, text)

    def count_page_total(self, flt: EventFilter, text: str | None = None) -> int:
        """The total of :meth:`events_page` for this filter and text."""
        return browse.count_page_total(self.con, flt, text)

    def event_places(self, flt: EventFilter, text: str | None = None, limit: int = 2000) -> dict:
        """Events grouped by place, for the map."""
        return queries.event_places(self.con, flt, text, limit)

    def event(self, key: str) -> dict:
        """One event with its evidence."""
        return browse.event(self.con, key)

    def article_actors(self, article_id: str) -> list[dict]:
        """The actor mentions of one article."""
        return browse.article_actors(self.con, article_id)

    def article_stance(self, article_id: str) -> list[dict]:
        """The stance of one article toward each actor."""
        return browse.article_stance(self.con, article_id)

    def dyad_pairs(self, limit: int = 200) -> list[dict]:
        """The dyads with most events."""
        return browse.dyad_pairs(self.con, limit)

    def count_actors(self) -> int:
        """How many distinct actors the store holds."""
        return queries.count_actors(self.con)

    def update_search(self, index) -> dict:
        """Index in ``index`` (detente.store.search.SearchIndex) what it has not seen of this store."""
        return index.update(self.con)

    def export_rows(self, flt: EventFilter) -> list[dict]:
        """Every event the filter selects (no limit), with its article fields, actors and happening (exports)."""
        return exports.event_rows(self.con, flt)

    def has_clusters(self) -> bool:
        """Whether event clusters have been built (detente.relations)."""
        return exports.has_clusters(self.con)

    def article_texts(self, article_ids) -> list[tuple[str, str]]:
        """(id, text) of the stored articles among ``article_ids``."""
        return exports.article_texts(self.con, article_ids)

    def known_codes(self, codes) -> set[str]:
        """Those of ``codes`` that some event's actor carries."""
        codes = [c.upper() for c in codes]
        if not codes:
            return set()
        return {r[0] for r in self.con.execute(
            f"SELECT DISTINCT code FROM event_actors WHERE code IN ({', '.join('?' for _ in codes)})", codes).fetchall()}

    def close(self) -> None:
        """Let go of the file (other processes may then write)."""
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open_store(path: str | None = None, *, read_only: bool = False) -> Store:
    """Same as :class:`Store` (kept for older callers)."""
    return Store(path, read_only=read_only)
