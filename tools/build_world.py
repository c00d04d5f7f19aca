"""Convert the world-atlas package's country outlines into the dashboard's map data.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_world.py package/countries-110m.json package/LICENSE

Source: world-atlas 2.0.2 (npm, ISC licence, Copyright 2013-2019 Michael Bostock), pre-built TopoJSON of the
Natural Earth 1:110m admin-0 countries (public domain). The TopoJSON arcs are decoded into plain longitude/
latitude rings, rounded to 0.01 degree, and written to detente/web/static/world.json with the licence text;
the dashboard draws them itself (no map tiles, nothing fetched at run time).
"""
from __future__ import annotations

import json
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parents[1] / "detente" / "web" / "static" / "world.json"


def decode_arcs(topo: dict) -> list[list[list[float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        arcs.append(pts)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[list[float]]:
    out: list[list[float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def convert(topo: dict) -> list[dict]:
    arcs = decode_arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polys = [polys]
        rings = [ring(arcs, r) for poly in polys for r in poly]
        countries.append({"id": geom.get("id"), "name": (geom.get("properties") or {}).get("name"), "rings": rings})
    return countries


def main(src: str, licence: str) -> None:
    topo = json.loads(pathlib.Path(src).read_text(encoding="utf-8"))
    data = {"source": "world-atlas 2.0.2 countries-110m (Natural Earth 1:110m admin-0, public domain)",
            "licence": pathlib.Path(licence).read_text(encoding="utf-8").strip(),
            "countries": convert(topo)}
    OUT.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(data['countries'])} countries to {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
