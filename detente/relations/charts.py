"""The geometry of the report's SVG charts, computed by hand (no libraries, no CDN): plain dicts of
coordinates, colours and hover texts that ``templates/charts.svg.j2`` draws. Colours are set as
attributes, not CSS, so a chart exported to PNG looks like the page."""
from __future__ import annotations

import math

COOP, CONFLICT, NEUTRAL, INK, GRID = "#2e7d32", "#c62828", "#9e9e9e", "#263238", "#e0e0e0"


def timeline(series: dict, happenings: list[dict], width: int = 960, height: int = 360) -> dict | None:
    """Intensity per period (line), each happening as a dot at its date and score (hover: evidence),
    cooperation (up) and conflict (down) counts as bars, alerts ringed; None without periods."""
    points = series["series"]
    if not points:
        return None
    left, right, top, mid_h, bar_h = 48, 16, 16, 220, 80
    plot_w = width - left - right
    step = plot_w / max(len(points), 1)
    x = {p["period"]: left + step * (i + 0.5) for i, p in enumerate(points)}

    def y(v: float) -> float:
        return top + (10 - v) / 20 * mid_h

    grid = [{"value": v, "y": y(v), "x1": left, "x2": width - right, "label_x": left - 6,
             "stroke": INK if v == 0 else GRID, "width": 1 if v == 0 else 0.6} for v in (-10, -5, 0, 5, 10)]
    return {"width": width, "height": height, "ink": INK, "grid": grid,
            **_bars(points, x, step, top + mid_h + 20, bar_h), **_line(points, x, y),
            "dots": _dots(happenings, series["by"], x, y), "labels": _labels(points, x, height - 4)}


def _bars(points, x, step, base_top, bar_h) -> dict:
    peak = max([max(p["cooperation"], p["conflict"]) for p in points] + [1])
    zero = base_top + bar_h / 2
    w = max(step * 0.6, 1.5)
    axis = {"x1": x[points[0]["period"]] - step / 2, "x2": x[points[-1]["period"]] + step / 2, "y": zero,
            "stroke": GRID}
    bars = []
    for p in points:
        up, down = p["cooperation"] / peak * bar_h / 2, p["conflict"] / peak * bar_h / 2
        tip = f"{p['period']}: {p['cooperation']} cooperative, {p['conflict']} conflictual happenings"
        if up:
            bars.append({"x": x[p["period"]] - w / 2, "y": zero - up, "width": w, "height": up, "fill": COOP,
                         "tip": tip})
        if down:
            bars.append({"x": x[p["period"]] - w / 2, "y": zero, "width": w, "height": down, "fill": CONFLICT,
                         "tip": tip})
    return {"bar_axis": axis, "bars": bars}


def _line(points, x, y) -> dict:
    have = [p for p in points if p["intensity"] is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x[p['period']]:.1f},{y(p['intensity']):.1f}" for i, p in enumerate(have))
    marks = []
    for p in have:
        tip = (f"{p['period']}: intensity {p['intensity']:+.2f} over {p['clusters']} happenings"
               + (f"; baseline {p['baseline']:+.2f}, z {p['z']:+.2f}" if p["baseline"] is not None else "")
               + (f" — {p['alert'].upper()} ALERT" if p["alert"] else ""))
        ring = (CONFLICT if p["alert"] == "escalation" else COOP) if p["alert"] else None
        marks.append({"x": x[p["period"]], "y": y(p["intensity"]), "ring": ring, "tip": tip})
    return {"path": path if len(have) > 1 else None, "marks": marks}


def _dots(happenings, by, x, y) -> list[dict]:
    from detente.relations import periods

    out = []
    for c in happenings:
        if not c.get("date") or not periods.fits(c.get("date_precision"), by):
            continue
        key = periods.label(periods.start(c["date"], by), by)
        if key not in x:
            continue
        colour = COOP if c["score"] > 0 else CONFLICT if c["score"] < 0 else NEUTRAL
        tip = (f"{c['date_value'] or c['date']} {c['event']} {c['source']}→{c['target']} ({c['score']:+g}), "
               f"{c['articles']} article(s), {c['sources']} outlet(s): {c['sentence']}")
        jitter = (int(c["cluster_id"][:4], 16) % 9 - 4) * 1.5
        out.append({"x": x[key] + jitter, "y": y(c["score"]), "r": 3 + min(c["articles"], 5), "colour": colour,
                    "tip": tip})
    return out


def _labels(points, x, base) -> list[dict]:
    every = max(1, math.ceil(len(points) / 12))
    return [{"x": x[p["period"]], "y": base, "text": p["period"]}
            for i, p in enumerate(points) if i % every == 0 or i == len(points) - 1]


def network(net: dict, focus=(), size: int = 520, svg_id: str = "network") -> dict | None:
    """Nodes on a circle, edges green (+), red (−) or grey (unsigned), width by weight; None without nodes."""
    nodes = [n["id"] for n in net["nodes"]]
    if not nodes:
        return None
    c, r = size / 2, size / 2 - 60
    pos = {n: (c + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               c + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, n in enumerate(sorted(nodes))}
    heavy = max([e["weight"] for e in net["edges"]] + [1])
    edges = []
    for e in net["edges"]:
        (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "dashed": not e["sign"],
                      "colour": COOP if e["sign"] > 0 else CONFLICT if e["sign"] < 0 else NEUTRAL,
                      "width": 1 + 6 * math.sqrt(e["weight"] / heavy),
                      "tip": f"{e['a']}–{e['b']}: mean {e['mean']:+.2f} over {e['clusters']} happenings "
                             f"({e['cooperation']} cooperative, {e['conflict']} conflictual)"})
    dots = [{"id": n["id"], "x": pos[n["id"]][0], "y": pos[n["id"]][1],
             "fill": "#fff59d" if n["id"] in focus else "#eceff1",
             "tip": f"{n['id']}: {n['positive']} positive, {n['negative']} negative ties"} for n in net["nodes"]]
    return {"id": svg_id, "size": size, "ink": INK, "edges": edges, "nodes": dots}
