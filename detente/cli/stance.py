"""``detente stance``: how outlets and articles frame each actor (reads the store's stance table)."""
from __future__ import annotations

from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from detente import api
    from detente.cli.common import DbOpt, FmtOpt, emit, handle_errors

    @app.command()
    @handle_errors
    def stance(
        db: Optional[str] = DbOpt,
        article: Optional[str] = typer.Option(None, "--article", help="One article (a unique id prefix is enough): "
                                              "its stance per actor."),
        outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
        actor: Optional[str] = typer.Option(None, "--actor", help="Only this actor code, e.g. RUS."),
        per_article: bool = typer.Option(False, "--per-article", help="One row per article x actor instead of "
                                         "per outlet x actor."),
        limit: int = typer.Option(1000, help="At most this many rows (per article)."),
        fmt: str = FmtOpt,
    ):
        """How each outlet frames each actor: mean author polarity (-1 negative .. 1 positive) over its articles.

        With --article or --per-article: one row per article and actor.
        """
        from detente.stance.aggregate import article_stances, outlet_stance

        with api.open(db, read_only=True) as store:
            if article or per_article:
                rows = article_stances(store, article_id=article, outlet=outlet, actor=actor, limit=limit)
                cols = ["article", "published", "outlet", "actor", "polarity", "mentions", "title"]
                title = f"{len(rows)} article stances"
            else:
                rows = outlet_stance(store, outlet=outlet, actor=actor)
                cols = ["outlet", "actor", "polarity", "articles", "mentions", "positive", "negative"]
                title = f"stance of {len({r['outlet'] for r in rows})} outlets toward {len({r['actor'] for r in rows})} actors"
        emit(rows, fmt, cols, title=title)
