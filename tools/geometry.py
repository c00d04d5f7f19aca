"""Plane geometry in degrees for the place tools (tools/place_centres.py, tools/build_natural.py): enough to
choose a point for an area, not to measure it."""
from __future__ import annotations


def polygon_centroid(pts: list):
    """(signed area, lon, lat) of a closed or open ring of (lon, lat) in plate carrée; None when flat."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if a == 0:
        return None
    return a / 2, cx / (3 * a), cy / (3 * a)
