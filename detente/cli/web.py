"""`detente serve` and `detente export`: thin commands over detente.web and detente.export."""
from __future__ import annotations

from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    from detente.cli.common import DbOpt, err, handle_errors

    @app.command()
    @handle_errors
    def serve(
        db: Optional[str] = DbOpt,
        host: str = typer.Option("127.0.0.1", help="Interface to bind (127.0.0.1: this machine only)."),
        port: int = typer.Option(8765, help="TCP port."),
        read_only: bool = typer.Option(False, "--read-only", help="Open the store read-only (no ingest)."),
        open_browser: bool = typer.Option(False, "--open", help="Open the dashboard in the default browser."),
        allow_host: List[str] = typer.Option([], "--allow-host", help="A Host name to answer besides the loopback "
                                             "names and --host (repeatable; e.g. this machine's LAN name). Other "
                                             "names are refused (DNS rebinding)."),
    ):
        """Serve the dashboard and the REST API (described at /openapi.json). Writes need $DETENTE_API_TOKEN.

        The server holds the store only while it answers a request, so `detente analyze` can add articles
        meanwhile (they show on the next request) and the read commands work beside it."""
        import os

        import uvicorn

        from detente.store import default_path
        from detente.web import create_app
        from detente.web.backend import TOKEN_ENV

        path = db or default_path()
        if not os.path.exists(path):
            from detente.errors import UsageError

            raise UsageError(f"no database at {path!r}; create one with `detente analyze examples/articles "
                             f"--db {path}` or pass --db")
        app_ = create_app(path, read_only=read_only, allow_hosts=tuple(allow_host), bind=host)
        shown = "localhost" if host in ("127.0.0.1", "::1") else host
        writes = ("POST /api/articles enabled (token set)" if os.environ.get(TOKEN_ENV) and not read_only
                  else f"POST /api/articles off (set {TOKEN_ENV} to enable it)")
        writes += "; the store stays open to `detente analyze`, the read commands and Python meanwhile"
        err.print(f"[bold]detente[/] dashboard on [link]http://{shown}:{port}/[/link] · API "
                  f"http://{shown}:{port}/api (OpenAPI: /openapi.json) · {path} · {writes} · Ctrl+C to stop")
        if open_browser:
            import threading
            import webbrowser

            threading.Timer(1.0, webbrowser.open, [f"http://{shown}:{port}/"]).start()
        try:
            uvicorn.run(app_, host=host, port=port, log_level="warning")
        finally:
            app_.state.backend.close()

    @app.command()
    @handle_errors
    def export(
        format: str = typer.Option(..., "--format", "-f",
                                   help="gdelt, mentions, polecat (the POLECAT release's TSV columns), "
                                        "polecat-jsonl (detente's richer PLOVER record), parquet (a directory, "
                                        "partitioned by month, typed dates), csv or jsonl."),
        output: str = typer.Option("-", "--output", "-o", help="File to write (- for stdout); a directory for "
                                                               "parquet."),
        db: Optional[str] = DbOpt,
        header: bool = typer.Option(False, "--header", help="gdelt/mentions: write the column names first "
                                                            "(GDELT ships without)."),
        actor: Optional[str] = typer.Option(None, help="Only events with this actor code on either side."),
        dyad: Optional[str] = typer.Option(None, help="Only events between two codes, e.g. AZE,RUS."),
        type: List[str] = typer.Option([], "--type", "-t", help="PLOVER event type(s)."),
        modality: List[str] = typer.Option([], "--modality", "-m",
                                           help="Modalities to include. gdelt and mentions default to the events "
                                                "that happened (asserted, historical); the others to all."),
        date_from: Optional[str] = typer.Option(None, "--from", help="Earliest event date, YYYY-MM-DD."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Latest event date, YYYY-MM-DD."),
    ):
        """Export events: GDELT 2.0 events or mentions (TSV), POLECAT (TSV) or detente's PLOVER JSONL, Parquet, CSV
        or JSONL."""
        from detente import api
        from detente.export import export as run
        from detente.store.queries import EventFilter

        from detente.cli.common import parse_dyad

        flt = EventFilter(actor=actor, dyad=parse_dyad(dyad), types=tuple(type), modalities=tuple(modality),
                          date_from=date_from, date_to=date_to)
        with api.open(db, read_only=True) as store:
            result = run(store, format, output, flt, header=header)
        unit = "happenings (event clusters)" if format == "gdelt" and result.clustered else "events"
        where = "stdout" if output in ("-", "") else output
        left = "; left out: " + ", ".join(f"{n} with {why}" for why, n in result.left_out.items()) \
            if result.left_out else ""
        err.print(f"wrote {result.rows} {unit} as {format} to {where}{left}")
