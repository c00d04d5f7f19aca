"""Questions to the store's catalogue, in a module that imports nothing of the store (migrations, the
pre-aggregates and the kept tables all ask them)."""
from __future__ import annotations

import contextlib


def table_exists(con, name: str) -> bool:
    """Has the store a table (or view) of this name (e.g. one a later migration makes)?"""
    from detente.store.literal import literal  # no bound parameter (see detente.store.literal)

    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                            + literal(name)).fetchone()[0])


@contextlib.contextmanager
def one_thread(con):
    """DuckDB on one thread while the block runs, then as many as before (``con``: a connection, or a Store): a
    batch write's and the cluster build's statements are small, DuckDB's threads cost more than they save, and
    each holds its own working memory (2,000 Reuters articles: the build's peak 14 MiB lower; issue 19)."""
    con = getattr(con, "con", con)
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(threads)}")
