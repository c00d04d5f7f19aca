"""The relations commands (clusters, dyad, alerts, network, report): parse, call
:mod:`detente.relations`, render. ``register(app)`` adds them to the main Typer app."""
from __future__ import annotations

from typing import Optional, Tuple

import typer

DYAD_COLUMNS = ["period", "clusters", "intensity", "cooperation", "conflict", "baseline", "z", "alert"]
CLUSTER_COLUMNS = ["cluster_id", "date", "event", "source", "target", "score", "modality", "mentions", "articles",
                   "sources", "sentence"]


def _index_settings(z, min_shift, baseline_periods, min_history):
    from detente.relations import IndexSettings

    return IndexSettings(z=z, min_shift=min_shift, baseline_periods=baseline_periods, min_history=min_history)


def _pair(text: str) -> tuple[str, str]:
    parts = [p for p in text.replace(" ", ",").split(",") if p]
    if len(parts) != 2:
        raise typer.BadParameter("--dyad wants two codes, e.g. AZE,RUS")
    return parts[0], parts[1]


def _flat_edge(edge: dict) -> dict:
    """An edge with its per-direction means as two columns (a_to_b, b_to_a), not a nested dict."""
    out = {k: v for k, v in edge.items() if k != "directed"}
    directed = edge.get("directed") or {}
    out["a_to_b"] = directed.get(f"{edge['a']}>{edge['b']}")
    out["b_to_a"] = directed.get(f"{edge['b']}>{edge['a']}")
    return out


def register(app: typer.Typer) -> None:  # noqa: C901 - one nested function per command
    from detente import api
    from detente import relations as rel
    from detente.cli.common import DbOpt, FmtOpt, console, emit, err, handle_errors

    defaults = rel.IndexSettings()
    ZOpt = typer.Option(defaults.z, "--z", help="Alert when intensity is this many baseline SDs from the mean.")
    ShiftOpt = typer.Option(defaults.min_shift, "--min-shift", help="... and this many intensity points away.")
    BaseOpt = typer.Option(defaults.baseline_periods, "--baseline", help="Baseline: the previous N periods with events.")
    HistOpt = typer.Option(defaults.min_history, "--min-history", help="No alert before N baseline periods.")
    ByOpt = typer.Option("month", "--by", help="day, week, month or year.")

    @app.command()
    @handle_errors
    def clusters(
        db: Optional[str] = DbOpt,
        build: bool = typer.Option(False, "--build", help="Recompute the clusters from the events first."),
        dyad: Optional[str] = typer.Option(None, help="Two codes, e.g. AZE,RUS (either direction)."),
        cluster_id: Optional[str] = typer.Option(None, "--id", help="Show one cluster with every report."),
        date_from: Optional[str] = typer.Option(None, "--from", help="Earliest date, YYYY-MM-DD."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Latest date, YYYY-MM-DD."),
        min_articles: int = typer.Option(1, help="Only happenings reported by at least this many articles."),
        limit: int = typer.Option(50, help="At most this many clusters."),
        fmt: str = FmtOpt,
    ):
        """Happenings: coded events grouped across articles and outlets, most reported first."""
        if build:
            with api.open(db) as store:
                done = rel.build_clusters(store)
            err.print(f"{done['events']} events → {done['clusters']} clusters "
                      f"({done['across_articles']} reported by several articles)")
        a, b = _pair(dyad) if dyad else (None, None)
        with api.open(db, read_only=True) as store:
            rel.read.require_clusters(store)
            if cluster_id:
                one = rel.cluster(store, cluster_id)
                if fmt != "table":
                    return emit([one], fmt)
                emit([one], "table", CLUSTER_COLUMNS[:-1], title=one["sentence"])
                return emit(one["reports"], "table", ["published", "outlet", "event", "modality", "date", "sentence"],
                            title=f"{len(one['reports'])} reports")
            found = rel.clusters(store, a, b, date_from=date_from, date_to=date_to, min_articles=min_articles,
                                 limit=limit)
        emit(found, fmt, CLUSTER_COLUMNS, title=f"{len(found)} clusters")

    @app.command()
    @handle_errors
    def dyad(
        a: str = typer.Argument(..., help="Actor code, e.g. AZE."),
        b: str = typer.Argument(..., help="Actor code, e.g. RUS."),
        db: Optional[str] = DbOpt, by: str = ByOpt,
        directed: bool = typer.Option(False, help="Only A→B happenings."),
        empty: bool = typer.Option(False, "--empty", help="Show periods without events too."),
        as_json: bool = typer.Option(False, "--json", help="The whole series as JSON."),
        fmt: str = FmtOpt,
        z: float = ZOpt, min_shift: float = ShiftOpt, baseline: int = BaseOpt, min_history: int = HistOpt,
    ):
        """The relation index of a dyad: intensity per period, cooperation and conflict, trend, alerts."""
        from detente.errors import UsageError

        a, b = a.upper(), b.upper()
        with api.open(db, read_only=True) as store:
            known = store.known_codes((a, b))
            unknown = [c for c in (a, b) if c not in known]
            if unknown:
                raise UsageError(f"{' and '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not an actor of any "
                                 "event in this store; `detente actors` lists the codes it has (e.g. RUS, AZE)")
            data = rel.dyad_series(store, a, b, by=by, directed=directed,
                                   settings=_index_settings(z, min_shift, baseline, min_history))
        if not data["clusters"] and fmt == "table" and not as_json:
            console.print(f"no happenings between {a} and {b} in this store"
                          f"{' in the direction ' + a + '→' + b if directed else ''}")
            return
        if as_json or fmt == "json":
            return emit(data, "json")
        points = [p for p in data["series"] if empty or p["clusters"]]
        emit(points, fmt, DYAD_COLUMNS, title=f"{data['a']}–{data['b']} by {by}: {data['clusters']} happenings")
        if fmt == "table":
            t = data["trend"]
            console.print(f"trend {t['direction']} ({t['slope']} per {by}, {t['from']}..{t['to']}); "
                          f"alerts: {', '.join(data['alerts']) or 'none'}; "
                          f"{data['undated']} undated, {data['too_coarse']} too coarse for --by {by}")

    @app.command()
    @handle_errors
    def alerts(
        db: Optional[str] = DbOpt, by: str = ByOpt,
        actor: Optional[str] = typer.Option(None, help="Only dyads with this actor."),
        since: Optional[str] = typer.Option(None, help="Only alerts from this date, YYYY-MM-DD."),
        deescalation: bool = typer.Option(False, help="Also report sharp moves towards cooperation."),
        fmt: str = FmtOpt,
        z: float = ZOpt, min_shift: float = ShiftOpt, baseline: int = BaseOpt, min_history: int = HistOpt,
    ):
        """Escalation alerts: periods where a dyad leaves its own baseline, newest first."""
        import dataclasses

        settings = dataclasses.replace(_index_settings(z, min_shift, baseline, min_history), deescalation=deescalation)
        with api.open(db, read_only=True) as store:
            found = rel.alerts(store, by=by, a=actor, settings=settings, since=since)
        if fmt == "table":
            for r in found:
                r["why"] = (r["evidence"][0]["sentence"] if r["evidence"] else "")
        emit(found, fmt, ["dyad", "period", "kind", "intensity", "baseline", "z", "clusters", "why"],
             title=f"{len(found)} alerts")

    @app.command()
    @handle_errors
    def network(
        db: Optional[str] = DbOpt,
        date_from: Optional[str] = typer.Option(None, "--from", help="Earliest date, YYYY-MM-DD."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Latest date, YYYY-MM-DD."),
        margin: float = typer.Option(rel.NetworkSettings().margin, help="Unsigned edge within ±margin."),
        min_clusters: int = typer.Option(1, help="An edge needs this many happenings."),
        top: int = typer.Option(0, "--top", min=0, help="List only the N heaviest edges (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="The whole network as JSON."),
        show_triads: bool = typer.Option(False, "--triads", help="With --format csv: the triads, not the edges."),
        fmt: str = FmtOpt,
    ):
        """The signed alignment network of a date window and the structural balance of its triads."""
        with api.open(db, read_only=True) as store:
            data = rel.network(store, date_from, date_to, margin=margin, min_clusters=min_clusters,
                               top=top or None)
        if as_json or fmt == "json":
            return emit(data, "json")
        edges = [_flat_edge(e) for e in data["edges"]]
        triads = [{**t, "nodes": "–".join(t["nodes"]),
                   **({"edges": ";".join(f"{k}:{v}" for k, v in t["edges"].items())}
                      if isinstance(t.get("edges"), dict) else {})} for t in data["triads"]]
        if fmt == "csv":  # one flat table per call: edges, or the triads with --triads
            return emit(triads if show_triads else edges, "csv")
        emit(edges, fmt, ["a", "b", "sign", "mean", "clusters", "cooperation", "conflict"],
             title=f"{data['clusters']} happenings", total=data["ties"]["total"], noun="edges",
             more="--top 0 lists all")
        emit(triads, fmt, ["nodes", "signs", "balanced", "weight"], title=f"triads: {data['balance']}")

    @app.command()
    @handle_errors
    def report(
        dyad: Tuple[str, str] = typer.Option(..., "--dyad", help="Two actor codes, e.g. --dyad AZE RUS."),
        out: str = typer.Option("report.html", "--output", "-o", help="The HTML file to write."),
        db: Optional[str] = DbOpt, by: str = ByOpt,
        date_from: Optional[str] = typer.Option(None, "--from", help="Network window start (default: all)."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Network window end."),
        png: bool = typer.Option(False, "--png", help="Also screenshot the page to PNG with headless Chromium."),
    ):
        """A self-contained HTML report of a dyad: timeline, network, top happenings and their sources."""
        from pathlib import Path

        with api.open(db, read_only=True) as store:
            html = rel.render_report(store, dyad[0], dyad[1], by=by, date_from=date_from, date_to=date_to)
        Path(out).write_text(html, encoding="utf-8")
        err.print(f"wrote {out}")
        if png:
            from detente.relations.report import screenshot

            err.print(f"wrote {screenshot(out)}")
