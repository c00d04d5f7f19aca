"""The ``stance`` table read back: per outlet x actor and per article x actor (detente.stance).

Written with each article by :mod:`detente.store.write`; schema in :mod:`detente.store.migrations` (m002).
"""
from __future__ import annotations

from detente.store import aggregates
from detente.store.filters import Where
from detente.store.queries import rows


def _con(store):
    return getattr(store, "con", store)


def _where(outlet: str | None, actor: str | None, article_ids=None) -> Where:
    w = Where()
    if outlet:
        w.add("coalesce(a.outlet, '') = ?", outlet)
    if actor:
        w.add("s.actor = ?", actor)
    if article_ids is not None:
        w.any_of("s.article_id", article_ids)
    return w


def by_outlet(store, outlet: str | None = None, actor: str | None = None, article_ids=None,
              min_articles: int = 1) -> list[dict]:
    """Per outlet x actor: mean article polarity, articles, mentions, positive and negative articles
    (most articles first); articles with no outlet under ``"(unknown)"``."""
    if outlet is None and article_ids is None:  # the pre-aggregate (detente.store.aggregates)
        found = aggregates.stance_by_outlet(_con(store), actor, min_articles)
        if found is not None:
            return found
    w = _where(outlet, actor, article_ids)
    return rows(_con(store), f"""
        SELECT coalesce(a.outlet, '(unknown)') AS outlet, s.actor AS actor,
               round(avg(s.polarity), 3) AS polarity, count(*) AS articles,
               sum(s.mentions) AS mentions,
               sum(CASE WHEN s.polarity >= 0.1 THEN 1 ELSE 0 END) AS positive,
               sum(CASE WHEN s.polarity <= -0.1 THEN 1 ELSE 0 END) AS negative
        FROM stance s LEFT JOIN articles a ON a.id = s.article_id
        {w.where()}
        GROUP BY 1, 2 HAVING count(*) >= ?
        ORDER BY articles DESC, outlet, actor""", w.params + [min_articles])


def by_article(store, article_id: str | None = None, outlet: str | None = None, actor: str | None = None,
               limit: int = 1000) -> list[dict]:
    """Per article x actor, with the article's outlet, date and title (``article_id``: an id prefix)."""
    w = _where(outlet, actor)
    if article_id:
        w.add("s.article_id LIKE ?", article_id + "%")
    return rows(_con(store), f"""
        SELECT s.article_id AS article, a.published AS published, coalesce(a.outlet, '(unknown)') AS outlet,
               a.title AS title, s.actor AS actor, round(s.polarity, 3) AS polarity, s.mentions AS mentions
        FROM stance s LEFT JOIN articles a ON a.id = s.article_id
        {w.where()}
        ORDER BY a.published DESC NULLS LAST, s.article_id, s.polarity
        LIMIT ?""", w.params + [limit])


def articles_of_events(store, event_keys) -> list[str]:
    """The distinct articles that report any of ``event_keys``."""
    w = Where().any_of("key", event_keys)
    return [r["article_id"] for r in rows(_con(store), f"SELECT DISTINCT article_id FROM events {w.where()}",
                                          w.params)]
