"""Questions to the store's catalogue, in a module that imports nothing of the store (migrations, the
pre-aggregates and the kept tables all ask them)."""
from __future__ import annotations


def table_exists(con, name: str) -> bool:
    """Has the store a table (or view) of this name (e.g. one a later migration makes)?"""
    from detente.store.literal import literal  # no bound parameter (see detente.store.literal)

    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                            + literal(name)).fetchone()[0])
