"""The command line: parse arguments, call the library, print. Domain errors become clear messages."""
from __future__ import annotations

import functools
import os
import signal
import sys
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from detente import api, render
from detente.config import Settings
from detente.errors import DetenteError, UsageError
from detente.store import default_path
from detente.store.queries import EventFilter
from detente.cli.common import (  # noqa: F401 - shared by every command module
    DbOpt, FmtOpt, check_choices, check_filters, console, emit, err, event_types, handle_errors, parse_dyad, piped)

app = typer.Typer(help="detente: evidence-backed event data on international relations, from news text.",
                  no_args_is_help=True, add_completion=False)
actors_app = typer.Typer(help="Actors found in the store, and the knowledge base behind them.")
app.add_typer(actors_app, name="actors")
def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from detente import pipeline

        print(f"detente {version('detente')} (coder {pipeline.coder_version()})")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """detente: evidence-backed event data on international relations, from news text."""


def _mapping(fields: list[str]) -> dict | None:
    out = {}
    for f in fields or []:
        key, sep, value = f.partition("=")
        if not sep:
            raise typer.BadParameter(f"--field wants DETENTE_FIELD=RECORD_FIELD, got {f!r}")
        out[key.strip()] = value.strip()
    return out or None


def _language(value: str) -> str:
    from detente.ingest.language import CHOICES

    return check_choices([value], CHOICES, "language", "--language")[0]


@app.command()
@handle_errors
def analyze(
    paths: List[str] = typer.Argument(..., help="Files, directories (recursive) or - for stdin."),
    db: Optional[str] = DbOpt,
    batch_size: int = typer.Option(32, help="Articles parsed per batch."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w",
                                          help="Worker processes (each loads spaCy once); default: 1 on up to 2 "
                                               "cores, else cores-1 (at most 4)."),
    engine: str = typer.Option("local", help="local, or ray (Ray Data; needs the .[ray] extra)."),
    ray_output: Optional[str] = typer.Option(None, help="With --engine ray: folder for the Parquet results."),
    dictionary: List[str] = typer.Option([], "--dictionary", "-d", help="Extra actor dictionary (YAML/CSV/PETRARCH)."),
    field: List[str] = typer.Option([], "--field", help="Record field mapping for JSONL/CSV, e.g. text=body."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="jsonl, csv, txt, html or rss: what "
                                               "stdin holds, or files whose extension misleads (default: by suffix)."),
    time_budget: float = typer.Option(Settings.article_seconds, "--time-budget", help="Seconds one article may "
                                      "take; a slower one is quarantined (0: no limit)."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="Leave out asserted events of "
                                                   "the trained coder less likely than this to be right (default: "
                                                   "the confidence model's threshold; 0: every event)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    language: str = typer.Option("auto", "--language", help="auto (detect each text's), en or ru: read every "
                                 "text as this language."),
):
    """Analyse articles into the store. Already-analysed articles are skipped; bad inputs are quarantined.

    The store is held for writing only while each batch is stored, so `detente serve` and the read
    commands work on it meanwhile. Ctrl-C or SIGTERM stops the workers; stored batches are kept and a
    re-run resumes.

    Exit status: 0 when every input was read (bad content is quarantined, not an error); 1 when a path under
    the inputs could not be read (permissions, a broken link, a special file); 2 when a named path does not
    exist or the options cannot work."""
    from detente.progress import run_with_progress

    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    settings = Settings(db=db or default_path(), batch_size=batch_size,
                        workers=workers if workers is not None else api.default_workers(), engine=engine,
                        ray_output=ray_output, dictionaries=tuple(dictionary), mapping=_mapping(field),
                        input_format=input_format, article_seconds=time_budget,
                        language=_language(language), min_confidence=min_confidence)
    report = run_with_progress(paths, settings, err, quiet)
    if report is None:
        err.print("[yellow]stopped[/]: stored batches are kept; run the same command again to resume")
        raise typer.Exit(130)
    unreadable = f" ({report.unreadable} unreadable)" if report.unreadable else ""
    console.print(f"read {report.read} inputs: [bold]{report.analysed}[/] analysed, {report.skipped} already in "
                  f"the store, {report.unsupported} unsupported language, {len(report.quarantined)} "
                  f"quarantined{unreadable}; {report.events} events → {escape(settings.db)}")
    if report.stale:
        console.print(f"{report.stale} of them were in the store from older stage versions and were analysed again")
    for locator, reason in report.quarantined:
        err.print(f"[yellow]quarantined[/] {escape(locator)}: {escape(reason)}")  # a file name is no markup
    if report.unreadable:
        raise typer.Exit(1)


@app.command()
@handle_errors
def predict(
    task: str = typer.Argument(..., help="events, actors, places, dates, quad or sentiment."),
    inputs: List[str] = typer.Argument(..., help="JSONL records (gold files work as they are) or article files."),
    out: str = typer.Option(..., "--output", "-o", help="Where to write the JSONL predictions."),
    language: str = typer.Option("auto", "--language", help="auto (detect each text's), en or ru: read every "
                                 "text as this language (events, places, sentiment)."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="Leave out asserted events of "
                                                   "the trained coder less likely than this to be right (default: "
                                                   "the confidence model's threshold; 0: every event)."),
):
    """Write predictions in the shared evaluation formats (one JSON line per input record)."""
    from detente.predict import predict as run

    settings = Settings(language=_language(language), min_confidence=min_confidence)
    missing = [p for p in inputs if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)} (nothing written)")
    existed = os.path.exists(out)
    try:
        n = run(task, inputs, out, settings)
    except BaseException:
        if not existed and os.path.exists(out):
            os.remove(out)  # no empty or partial output left behind
        raise
    err.print(f"wrote {n} predictions to {out}")


@app.command("eval")
@handle_errors
def eval_(
    task: str = typer.Argument(..., help="events (the only task with a built-in scorer so far)."),
    gold: str = typer.Argument(..., help="Gold JSONL in the shared evaluation format."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
):
    """Predict on a gold file and print the metrics the shared scorer prints (event_type, dyad, top-1)."""
    from detente.evaluate import evaluate_events
    from detente.predict import predict_events, read_inputs

    if task != "events":
        raise typer.BadParameter("only `events` has a built-in scorer; use ../shared/eval/score.py for the others")
    metrics = evaluate_events(gold, predict_events(read_inputs([gold])))
    if fmt == "json":
        return emit([metrics], "json")
    rows = [{"measure": k, **v} for k, v in metrics.items() if isinstance(v, dict) and "f1" in v]
    emit(rows, "table", ["measure", "precision", "recall", "f1", "tp", "fp", "fn"], title=f"{gold}")
    console.print(f"top-1 accuracy {metrics.get('top1_accuracy')}")


@app.command()
@handle_errors
def events(
    db: Optional[str] = DbOpt,
    actor: Optional[str] = typer.Option(None, help="Country/organisation code on either side, e.g. RUS."),
    dyad: Optional[str] = typer.Option(None, help="Two codes, e.g. AZE,RUS (either direction unless --directed)."),
    directed: bool = typer.Option(False, help="With --dyad: only source→target in that order."),
    type: List[str] = typer.Option([], "--type", "-t", help="PLOVER event type(s), e.g. SANCTION."),
    modality: List[str] = typer.Option([], "--modality", "-m", help="asserted, negated, hypothetical, future, question, historical."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Earliest event date, YYYY-MM-DD."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Latest event date, YYYY-MM-DD."),
    place: Optional[str] = typer.Option(None, help="Place name (part of it) or its country code, e.g. Baku or AZE."),
    limit: int = typer.Option(100, help="At most this many rows; 0 for all."),
    offset: int = typer.Option(0, help="Skip this many rows first (paging)."),
    fmt: str = FmtOpt,
):
    """List coded events with their evidence sentences ("N of TOTAL" says how many match in all)."""
    types, modalities = check_filters(type, modality)
    flt = EventFilter(actor=actor, dyad=parse_dyad(dyad), directed=directed, types=types, modalities=modalities,
                      date_from=date_from, date_to=date_to, place=place, limit=limit or None, offset=offset)
    with api.open(db, read_only=True) as store:
        rows = store.events(flt)
        total = store.count_events(flt)
    emit(rows, fmt, ["date", "event", "mode", "source_codes", "target_codes", "modality", "score", "sentence"],
         total=total, noun="events")


@app.command()
@handle_errors
def articles(db: Optional[str] = DbOpt, limit: int = typer.Option(1000, help="At most this many; 0 for all."),
             offset: int = typer.Option(0, help="Skip this many first."), fmt: str = FmtOpt):
    """List analysed articles, oldest first."""
    with api.open(db, read_only=True) as store:
        rows = store.articles(limit or None, offset)
        total = store.counts()["articles"]
    emit(rows, fmt, ["id", "published", "outlet", "author", "title", "status", "events"], total=total,
         noun="articles")


@app.command()
@handle_errors
def show(article: str = typer.Argument(..., help="Article id (a unique prefix is enough)."), db: Optional[str] = DbOpt,
         fmt: str = FmtOpt):
    """An article's text with its events, evidence highlighted (trigger red, source blue, target green)."""
    from detente.views import article_view, highlighted

    with api.open(db, read_only=True) as store:
        data = article_view(store, article)
    if fmt != "table":
        return emit([data], fmt)
    a = data["article"]
    console.rule(f"[bold]{a.get('title') or a['id']}")
    console.print(f"{a.get('published') or 'no date'} · {a.get('outlet') or 'unknown outlet'} · "
                  f"{a.get('author') or 'no author'} · {a['status']} · id {a['id']}")
    console.print(highlighted(a["text"], data["events"], data["actors"]))
    emit(data["events"], "table", ["date", "event", "mode", "source_codes", "target_codes", "modality", "trigger_text"],
         total=len(data["events"]), noun="events")


@actors_app.callback(invoke_without_command=True)
@handle_errors
def actors_list(ctx: typer.Context, db: Optional[str] = DbOpt,
                limit: int = typer.Option(200, help="At most this many; 0 for all."), fmt: str = FmtOpt):
    """Actors mentioned in the store, most frequent first."""
    if ctx.invoked_subcommand:
        return
    with api.open(db, read_only=True) as store:
        rows = store.actors(limit or None)
        total = store.count_actors()
    emit(rows, fmt, total=total, noun="actors")


@actors_app.command("lookup")
@handle_errors
def actors_lookup(name: str, date: Optional[str] = typer.Option(None, help="As of this date, YYYY-MM-DD."),
                  context: str = typer.Option("", help="Surrounding text, if any."), fmt: str = FmtOpt):
    """Resolve one actor mention with the knowledge base, e.g. "Nikol Pashinyan" --date 2019-05-01; shows the
    term and the source of the answer."""
    from detente.actors.lookup import lookup

    emit([lookup(name, date=date, context=context)], fmt)


@app.command()
@handle_errors
def quarantine(db: Optional[str] = DbOpt, fmt: str = FmtOpt):
    """Inputs and articles set aside, each with its reason."""
    with api.open(db, read_only=True) as store:
        rows = store.quarantined()
    emit(rows, fmt, ["locator", "reason", "stage", "first_seen"], total=len(rows), noun="quarantined")


@app.command()
@handle_errors
def summary(db: Optional[str] = DbOpt, fmt: str = FmtOpt):
    """What the store holds: articles, actors, events by type, the strongest dyads."""
    from detente.views import summary_view

    with api.open(db, read_only=True) as store:
        data = summary_view(store)
    if fmt == "json":
        return emit([data], fmt)
    if fmt == "csv":
        return emit(summary_rows(data), fmt)
    c = data["counts"]
    console.print(f"[bold]{c['articles']}[/] articles, [bold]{c['actors']}[/] actor mentions, "
                  f"[bold]{c['events']}[/] events ({data['happened']} that happened), {c['quarantine']} quarantined")
    emit(data["event_types"], "table", title="events by PLOVER type")
    emit(data["dyads"], "table", title="strongest dyads (events that happened)")
    emit(data["actors"], "table", title="most mentioned actors")


from detente.cli.relations import register as _register_relations  # noqa: E402

_register_relations(app)

from detente.cli.web import register as _register_web  # noqa: E402

_register_web(app)

from detente.cli.stance import register as _register_stance  # noqa: E402

_register_stance(app)


def summary_rows(data: dict) -> list[dict]:
    """The summary as one flat table: section, item, measure, value."""
    out = [{"section": "counts", "item": k, "measure": "rows", "value": v} for k, v in data["counts"].items()]
    out.append({"section": "counts", "item": "events", "measure": "happened", "value": data["happened"]})
    keys = {"event_types": ("event",), "dyads": ("source", "target"), "actors": ("code", "sector", "name")}
    for section, key in keys.items():
        for r in data[section]:
            item = "/".join(str(r.get(k) or "") for k in key).strip("/")
            out += [{"section": section, "item": item, "measure": m, "value": v} for m, v in r.items() if m not in key]
    return out


def main():  # pragma: no cover
    signal.signal(signal.SIGPIPE, signal.SIG_DFL) if hasattr(signal, "SIGPIPE") else None
    app()

