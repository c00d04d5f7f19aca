"""Which stage versions analysed a stored article (``articles.coder``, written with the article by
:mod:`detente.store.write`; the string is :func:`detente.pipeline.coder_version`)."""
from __future__ import annotations


def _con(store):
    return getattr(store, "con", store)


def stored_coder(store, article_id: str) -> str | None:
    """The coder string the article was analysed with; None when it is not in the store."""
    row = _con(store).execute("SELECT coder FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def stale(store, coder: str) -> int:
    """How many stored articles were analysed by other stage versions than ``coder``."""
    return _con(store).execute("SELECT count(*) FROM articles WHERE coder IS DISTINCT FROM ?",
                               [coder]).fetchone()[0]
