"""The dyad report: one self-contained HTML page (inline CSS, SVG and JS; nothing fetched), rendered from
``templates/report.html.j2`` (with ``charts.svg.j2``, ``report.css`` and ``report.js``) over :func:`report_data`.

    render_report(store, "AZE", "RUS") -> str      the page
    screenshot("report.html") -> "report.png"      a PNG of it, with headless Chromium
"""
from __future__ import annotations

import datetime as dt
import functools
import shutil
import subprocess
from html import escape
from pathlib import Path

from detente.errors import UsageError
from detente.relations import charts
from detente.relations.index import dyad_series
from detente.relations.network import network
from detente.relations.read import clusters, reports

TEMPLATES = Path(__file__).parent / "templates"


def _escape(value):
    """Every value the templates print is escaped as :func:`html.escape` does (quotes as ``&quot;``/``&#x27;``),
    unless it is already markup (a macro's output)."""
    from markupsafe import Markup

    return value if isinstance(value, Markup) else Markup(escape(str(value)))


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of ``templates/``: autoescaped, block lines trimmed, ``fmt`` = :func:`format`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined, finalize=_escape)
    env.filters["fmt"] = format
    return env


def render_report(store, a: str, b: str, *, by: str = "month", date_from: str | None = None,
                  date_to: str | None = None, top: int = 10) -> str:
    """The report page of the dyad ``a``–``b``: timeline, alerts, network, top happenings."""
    return environment().get_template("report.html.j2").render(
        **report_data(store, a, b, by=by, date_from=date_from, date_to=date_to, top=top))


def report_data(store, a: str, b: str, *, by: str = "month", date_from: str | None = None,
                date_to: str | None = None, top: int = 10) -> dict:
    """Everything the report shows, as one plain dict (the template only lays it out)."""
    series = dyad_series(store, a, b, by=by)
    a, b = series["a"], series["b"]
    happenings = clusters(store, a, b, happened=True, order="date", limit=100_000)
    best = clusters(store, a, b, order="reports", limit=top)
    members = reports(store, [c["cluster_id"] for c in best])
    return {
        "a": a, "b": b, "series": series, "today": dt.date.today().isoformat(),
        "timeline": charts.timeline(series, happenings),
        "alert_rows": [p for p in series["series"] if p["alert"]],
        "networks": [_network(store, title, lo, hi, (a, b), i)
                     for i, (title, lo, hi) in enumerate(windows(series, date_from, date_to))],
        "best": [{**c, "reports": [_marked(r) for r in members.get(c["cluster_id"], [])]} for c in best],
        "css": _static("report.css"), "js": _static("report.js"),
    }


@functools.lru_cache(maxsize=4)
def _static(name: str):
    from markupsafe import Markup

    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def windows(series: dict, date_from: str | None, date_to: str | None) -> list[tuple]:
    """The network windows: the one asked for; else before and since the dyad's first alert."""
    points = series["series"]
    if date_from or date_to or not points:
        return [(f"{date_from or 'start'} – {date_to or 'end'}", date_from, date_to)]
    first = points[0]["start"]
    alert = next((p["start"] for p in points if p["alert"]), None)
    if not alert:
        return [(f"{first} – end", first, None)]
    before = (dt.date.fromisoformat(alert) - dt.timedelta(days=1)).isoformat()
    return [(f"before the first alert, {first} – {before}", first, before), (f"since the first alert, {alert} –", alert, None)]


def _network(store, title: str, lo, hi, focus, i: int) -> dict:
    net = network(store, lo, hi)
    return {"title": title, "chart": charts.network(net, focus=focus, size=470, svg_id=f"network{i}"),
            "png": f"{focus[0]}-{focus[1]}-network-{i + 1}.png", "balance": net["balance"],
            "triads": net["triads"][:20]}


def _marked(r: dict) -> dict:
    """A report with its evidence sentence and where its trigger is in it (None when it is not found there)."""
    s, at, trig = r["sentence"] or "", r["trigger_offset"], r["trigger_text"] or ""
    found = at is not None and 0 <= at <= len(s) and s[at: at + len(trig)] == trig
    return {**r, "sentence": s, "trigger": trig, "trigger_at": at if found else None}


def chromium() -> str | None:
    return next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)


def screenshot(html_path: str, png_path: str | None = None, width: int = 1100, height: int = 2200) -> str:
    """A PNG of a report page rendered by headless Chromium (when installed)."""
    exe = chromium()
    if not exe:
        raise UsageError("no Chromium found for the PNG; install it (Debian: apt-get install chromium) "
                         "or use the page's Export PNG buttons")
    png = png_path or str(Path(html_path).with_suffix(".png"))
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},{height}",
           f"--screenshot={Path(png).resolve()}", Path(html_path).resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not Path(png).exists():
        raise UsageError(f"Chromium could not render {html_path}: {done.stderr.strip()[-300:]}")
    return png
