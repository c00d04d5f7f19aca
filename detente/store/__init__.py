"""The embedded DuckDB store: one file, migrated on open, written one article per transaction."""
from __future__ import annotations

import os

from detente.errors import StoreError
from detente.model import Analysis
from detente.store import migrations, queries, write
from detente.store.queries import EventFilter

DEFAULT_PATH = "detente.duckdb"
ENV_VAR = "DETENTE_DB"


def default_path() -> str:
    return os.environ.get(ENV_VAR) or DEFAULT_PATH


class Store:
    """A DuckDB database holding articles, actors, events, timexes, places and the quarantine."""

    def __init__(self, path: str | None = None, *, read_only: bool = False):
        import duckdb

        self.path = path or default_path()
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path!r}: {exc}. "
                             "Is another detente process writing to it? (DuckDB allows one writer)") from exc
        if not read_only:
            migrations.apply(self.con)

    # -- writing
    def analysed(self, article_id: str, coder: str) -> bool:
        row = self.con.execute("SELECT coder FROM articles WHERE id = ?", [article_id]).fetchone()
        return bool(row) and row[0] == coder

    def write(self, analysis: Analysis, coder: str) -> None:
        write.write_analysis(self.con, analysis, coder)

    def quarantine(self, locator: str, reason: str, reader: str = "", stage: str | None = None,
                   article_id: str | None = None) -> None:
        write.quarantine(self.con, locator, reason, reader, stage, article_id)

    # -- reading
    def events(self, flt: EventFilter | None = None, **kw) -> list[dict]:
        return queries.events(self.con, flt or EventFilter(**kw))

    def articles(self, limit: int = 1000, offset: int = 0, language: str | None = None) -> list[dict]:
        return queries.articles(self.con, limit, offset, language)

    def article(self, article_id: str) -> dict:
        return queries.article(self.con, article_id)

    def event_actors(self, keys: list[str]) -> list[dict]:
        return queries.event_actors(self.con, keys)

    def actors(self, limit: int = 200) -> list[dict]:
        return queries.actors(self.con, limit)

    def event_types(self) -> list[dict]:
        return queries.event_types(self.con)

    def dyads(self, limit: int = 10) -> list[dict]:
        return queries.dyads(self.con, limit)

    def quarantined(self, limit: int = 1000) -> list[dict]:
        return queries.quarantined(self.con, limit)

    def counts(self) -> dict[str, int]:
        return queries.counts(self.con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(path: str | None = None, *, read_only: bool = False) -> Store:
    return Store(path, read_only=read_only)
