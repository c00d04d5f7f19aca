"""What every command module shares: the consoles, the --db/--format options, error handling and output.

The package (`__init__`) and its command modules (relations, stance, web) import from here, never from each other,
so the command modules form no circle.
"""
from __future__ import annotations

import functools
import os
import sys

import typer
from rich.console import Console

from detente import render
from detente.errors import DetenteError, UsageError

console = Console()
err = Console(stderr=True)

DbOpt = typer.Option(None, "--db", help="DuckDB file (default ./detente.duckdb, or $DETENTE_DB).")
FmtOpt = typer.Option("table", "--format", "-f", help="table, json or csv.")


def handle_errors(fn):
    """User errors (detente's own, a missing file, a closed pipe) become one line on stderr and exit 2."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DetenteError as exc:
            err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
            raise typer.Exit(2)
        except FileNotFoundError as exc:
            err.print(f"[bold red]error:[/] no such file: {exc.filename or exc}", soft_wrap=True)
            raise typer.Exit(2)
        except BrokenPipeError:  # `detente events | head`: the reader has gone, say nothing
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            raise typer.Exit(0)
    return wrapper


def piped() -> bool:
    """True when stdout is not a terminal: tables go out tab-separated, uncut."""
    return not sys.stdout.isatty()


def emit(rows: list[dict], fmt: str, columns: list[str] | None = None, title: str | None = None,
         total: int | None = None, noun: str = "rows", more: str = "--limit 0 shows all, --offset pages") -> None:
    """Print rows as a table (tab-separated when piped), JSON or flat CSV. With ``total``, say "N of TOTAL"
    (in the table's title, or on stderr for machine formats and pipes) and how to get the rest."""
    count = f"{len(rows)} of {total} {noun}" if total is not None else None
    cut = total is not None and len(rows) < total
    if fmt == "json":
        print(render.to_json(rows))
    elif fmt == "csv":
        sys.stdout.write(render.to_csv(rows))
    elif fmt == "table":
        if piped():
            sys.stdout.write(render.to_tsv(rows, columns))
        else:
            heading = " · ".join(x for x in (count, title) if x) or None
            console.print(render.to_table(rows, columns, heading))
    else:
        raise typer.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(render.FORMATS)}")
    if count and (fmt != "table" or piped()):
        err.print(count + (f" ({title})" if title and fmt == "table" else ""), highlight=False)
    if cut:
        err.print(f"[dim]{total - len(rows)} more: {more}[/]")


def check_choices(values: list[str] | tuple, valid: list[str] | tuple, what: str, option: str) -> tuple:
    """Reject values outside ``valid`` with the valid ones listed (case-insensitive)."""
    lookup = {v.lower(): v for v in valid}
    bad = [v for v in values if v.lower() not in lookup]
    if bad:
        raise UsageError(f"unknown {what} {', '.join(repr(b) for b in bad)} for {option}; "
                         f"valid: {', '.join(valid)}")
    return tuple(lookup[v.lower()] for v in values)


def event_types() -> list[str]:
    from detente.events.ontology import plover_types

    return sorted(plover_types())


def check_filters(types, modalities) -> tuple[tuple, tuple]:
    from detente.model import MODALITIES

    types = [t for v in types for t in v.split(",") if t]
    modalities = [m for v in modalities for m in v.split(",") if m]
    return (check_choices(types, event_types(), "event type", "--type"),
            check_choices(modalities, MODALITIES, "modality", "--modality"))


def parse_dyad(dyad: str | None) -> tuple[str, str] | None:
    """``"AZE,RUS"`` (or ``"AZE RUS"``) to a pair of codes; None when no dyad was given."""
    if not dyad:
        return None
    parts = [p for p in dyad.replace(" ", ",").split(",") if p]
    if len(parts) != 2:
        raise typer.BadParameter("--dyad wants two codes, e.g. AZE,RUS")
    return parts[0], parts[1]
