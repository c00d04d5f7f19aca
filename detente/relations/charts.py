"""Inline SVG charts for the report, written by hand (no libraries, no CDN). Colours are set as
attributes, not CSS, so a chart exported to PNG looks like the page."""
from __future__ import annotations

import math
from html import escape

COOP, CONFLICT, NEUTRAL, INK, GRID = "#2e7d32", "#c62828", "#9e9e9e", "#263238", "#e0e0e0"


def _tip(text: str) -> str:
    return f' data-tip="{escape(text)}"'


def timeline(series: dict, happenings: list[dict], width: int = 960, height: int = 360) -> str:
    """Intensity per period (line), each happening as a dot at its date and score (hover: evidence),
    cooperation (up) and conflict (down) counts as bars, alerts ringed."""
    points = series["series"]
    if not points:
        return '<p class="empty">No dated happenings for this dyad.</p>'
    left, right, top, mid_h, bar_h = 48, 16, 16, 220, 80
    plot_w = width - left - right
    step = plot_w / max(len(points), 1)
    x = {p["period"]: left + step * (i + 0.5) for i, p in enumerate(points)}

    def y(v: float) -> float:
        return top + (10 - v) / 20 * mid_h

    out = [f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for v in (-10, -5, 0, 5, 10):
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   f'stroke="{INK if v == 0 else GRID}" stroke-width="{1 if v == 0 else 0.6}"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="{INK}">{v:+d}</text>')
    out += _bars(points, x, step, top + mid_h + 20, bar_h)
    out += _line(points, x, y)
    out += _dots(happenings, series["by"], x, y)
    out += _labels(points, x, height - 4)
    out.append("</svg>")
    return "\n".join(out)


def _bars(points, x, step, base_top, bar_h) -> list[str]:
    peak = max([max(p["cooperation"], p["conflict"]) for p in points] + [1])
    zero = base_top + bar_h / 2
    w = max(step * 0.6, 1.5)
    out = [f'<line x1="{x[points[0]["period"]] - step / 2:.1f}" x2="{x[points[-1]["period"]] + step / 2:.1f}" '
           f'y1="{zero:.1f}" y2="{zero:.1f}" stroke="{GRID}"/>']
    for p in points:
        up, down = p["cooperation"] / peak * bar_h / 2, p["conflict"] / peak * bar_h / 2
        tip = _tip(f"{p['period']}: {p['cooperation']} cooperative, {p['conflict']} conflictual happenings")
        if up:
            out.append(f'<rect x="{x[p["period"]] - w / 2:.1f}" y="{zero - up:.1f}" width="{w:.1f}" '
                       f'height="{up:.1f}" fill="{COOP}" opacity="0.7"{tip}/>')
        if down:
            out.append(f'<rect x="{x[p["period"]] - w / 2:.1f}" y="{zero:.1f}" width="{w:.1f}" '
                       f'height="{down:.1f}" fill="{CONFLICT}" opacity="0.7"{tip}/>')
    return out


def _line(points, x, y) -> list[str]:
    have = [p for p in points if p["intensity"] is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x[p['period']]:.1f},{y(p['intensity']):.1f}" for i, p in enumerate(have))
    out = [f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1.8"/>'] if len(have) > 1 else []
    for p in have:
        tip = _tip(f"{p['period']}: intensity {p['intensity']:+.2f} over {p['clusters']} happenings"
                   + (f"; baseline {p['baseline']:+.2f}, z {p['z']:+.2f}" if p["baseline"] is not None else "")
                   + (f" — {p['alert'].upper()} ALERT" if p["alert"] else ""))
        if p["alert"]:
            out.append(f'<circle cx="{x[p["period"]]:.1f}" cy="{y(p["intensity"]):.1f}" r="10" fill="none" '
                       f'stroke="{CONFLICT if p["alert"] == "escalation" else COOP}" stroke-width="2.5"{tip}/>')
        out.append(f'<rect x="{x[p["period"]] - 3.5:.1f}" y="{y(p["intensity"]) - 3.5:.1f}" width="7" height="7" '
                   f'fill="{INK}"{tip}/>')
    return out


def _dots(happenings, by, x, y) -> list[str]:
    from detente.relations import periods

    out = []
    for c in happenings:
        if not c.get("date") or not periods.fits(c.get("date_precision"), by):
            continue
        key = periods.label(periods.start(c["date"], by), by)
        if key not in x:
            continue
        colour = COOP if c["score"] > 0 else CONFLICT if c["score"] < 0 else NEUTRAL
        tip = _tip(f"{c['date_value'] or c['date']} {c['event']} {c['source']}→{c['target']} ({c['score']:+g}), "
                   f"{c['articles']} article(s), {c['sources']} outlet(s): {c['sentence']}")
        jitter = (int(c["cluster_id"][:4], 16) % 9 - 4) * 1.5
        out.append(f'<circle cx="{x[key] + jitter:.1f}" cy="{y(c["score"]):.1f}" r="{3 + min(c["articles"], 5)}" '
                   f'fill="{colour}" fill-opacity="0.45" stroke="{colour}"{tip}/>')
    return out


def _labels(points, x, base) -> list[str]:
    every = max(1, math.ceil(len(points) / 12))
    return [f'<text x="{x[p["period"]]:.1f}" y="{base}" text-anchor="middle" fill="{INK}">{escape(p["period"])}</text>'
            for i, p in enumerate(points) if i % every == 0 or i == len(points) - 1]


def network(net: dict, focus=(), size: int = 520, svg_id: str = "network") -> str:
    """Nodes on a circle, edges green (+), red (−) or grey (unsigned), width by weight."""
    nodes = [n["id"] for n in net["nodes"]]
    if not nodes:
        return '<p class="empty">No happenings between states in this window.</p>'
    c, r = size / 2, size / 2 - 60
    pos = {n: (c + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               c + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, n in enumerate(sorted(nodes))}
    heavy = max([e["weight"] for e in net["edges"]] + [1])
    out = [f'<svg id="{svg_id}" xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
           f'viewBox="0 0 {size} {size}" font-family="sans-serif" font-size="12">',
           f'<rect width="{size}" height="{size}" fill="#ffffff"/>']
    for e in net["edges"]:
        (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
        colour = COOP if e["sign"] > 0 else CONFLICT if e["sign"] < 0 else NEUTRAL
        width = 1 + 6 * math.sqrt(e["weight"] / heavy)
        tip = _tip(f"{e['a']}–{e['b']}: mean {e['mean']:+.2f} over {e['clusters']} happenings "
                   f"({e['cooperation']} cooperative, {e['conflict']} conflictual)")
        dash = ' stroke-dasharray="4 3"' if not e["sign"] else ""
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                   f'stroke-width="{width:.1f}" stroke-opacity="0.75"{dash}{tip}/>')
    for n in net["nodes"]:
        px, py = pos[n["id"]]
        fill = "#fff59d" if n["id"] in focus else "#eceff1"
        tip = _tip(f"{n['id']}: {n['positive']} positive, {n['negative']} negative ties")
        out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="20" fill="{fill}" stroke="{INK}"{tip}/>')
        out.append(f'<text x="{px:.1f}" y="{py + 4:.1f}" text-anchor="middle" fill="{INK}" '
                   f'font-weight="bold" pointer-events="none">{escape(n["id"])}</text>')
    out.append("</svg>")
    return "\n".join(out)
