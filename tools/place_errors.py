"""Count the place errors of predictions on the **tune** part, by kind (and list one kind).

    python tools/place_errors.py PRED_DIR [--dev DIR] [--list KIND] [--evidence] [--conventions]

PRED_DIR holds ``places.<set>.jsonl`` predictions of ``detente predict places`` for LGL, TR-News and
GeoVirus (a set whose file is missing is skipped). Only the tune part (60% by id hash, the scorer's
``part_of``) is read: the validation part is reported by ``score.py``, never looked into. Each gold
toponym with a point counts once, by its first cause:

- ``within``: an emitted place overlaps it and lies within 161 km;
- ``missed, not in gazetteer``: nothing emitted overlaps it and the gazetteer has no entry (nor
  village) of its name; ``missed, known``: nothing emitted overlaps it, the name is known;
- ``span differs, far``: the overlapping emitted place covers other characters and reads far;
- ``wrong candidate``: it reads far, but some candidate of the emitted name lies within 161 km;
- ``no candidate near``: it reads far and no candidate of the name does (centre conventions,
  rivers or neighbourhoods named like towns, places the sources lack).

``--list KIND`` prints the toponyms of that kind (id, name, emitted name and country, gold point)
for reading tune errors. Nothing is written.

``--evidence`` also counts the ``wrong candidate`` toponyms by what the article's other readings (emitted
places of other names) offer the right one: none (no other place), one within 161 km of the gold point,
one within 400 km, or only readings farther away: how much a feature of the article's other places
(coherence, same state) could still win.

``--conventions`` counts instead, per set and kind of the place read (country, first-level region,
continent or world region), the tune toponyms within 161 km of each centre convention a source here
gives (the shipped point; the capital; the largest town; the median point of its towns; their
population-weighted centre), and what the gold point is (the first of those within 161 km, else
whole or half degrees, else other); then the upper bound of GeoVirus's own points (its tune gold's
most frequent point for each reading, where that lies over 161 km from the shipped one) by kind: the
toponyms each set would gain and lose.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from train_places import SETS, default_dev, part_of  # noqa: E402

NEAR_KM = 161
KINDS = ("within", "wrong candidate", "no candidate near", "span differs, far", "missed, not in gazetteer",
         "missed, known")


def kind_of(toponym: dict, emitted: list, text: str, candidates, km) -> tuple:
    """(kind, the emitted place read for it or None). ``candidates(name)`` gives the gazetteer's
    entries of a name (objects with ``lat``/``lon``), ``km`` the distance of two points."""
    start, end = toponym["start"], toponym["end"]
    over = [p for p in emitted if p["start"] < end and start < p["end"]]
    if not over:
        known = bool(candidates(text[start:end]))
        return ("missed, known" if known else "missed, not in gazetteer"), None
    p = over[0]
    if km(toponym["lat"], toponym["lon"], p["lat"], p["lon"]) <= NEAR_KM:
        return "within", p
    if (p["start"], p["end"]) != (start, end):
        return "span differs, far", p
    near = any(km(toponym["lat"], toponym["lon"], c.lat, c.lon) <= NEAR_KM
               for c in candidates(text[p["start"]:p["end"]]))
    return ("wrong candidate" if near else "no candidate near"), p


EVIDENCE_KM = (161, 400)


def evidence_of(toponym: dict, p: dict, emitted: list, km) -> str:
    """What the other names' readings of the article offer a toponym read as ``p`` (``--evidence``)."""
    others = [q for q in emitted if q.get("name") != p.get("name")]
    if not others:
        return "no other place"
    d = min(km(toponym["lat"], toponym["lon"], q["lat"], q["lon"]) for q in others)
    return next((f"another reading within {r} km of the gold point" for r in EVIDENCE_KM if d <= r),
                f"other readings, none within {EVIDENCE_KM[-1]} km")


def count(gold: list, predicted: dict, candidates, km, listing: str | None = None,
          evidence: Counter | None = None) -> Counter:
    """Counts by kind over the tune records of ``gold``; ``predicted`` maps id -> emitted places;
    ``evidence`` (when given) receives the wrong candidates' counts by :func:`evidence_of`."""
    out: Counter = Counter()
    for rec in gold:
        if part_of(rec["id"]) != "tune":
            continue
        emitted = predicted.get(rec["id"]) or []
        for t in rec.get("toponyms") or []:
            if t.get("lat") is None:
                continue
            kind, p = kind_of(t, emitted, rec.get("text") or "", candidates, km)
            out[kind] += 1
            if evidence is not None and kind == "wrong candidate":
                evidence[evidence_of(t, p, emitted, km)] += 1
            if listing == kind:
                read = f"{p.get('name')} {p.get('country')} {p['lat']:.2f},{p['lon']:.2f}" if p else "-"
                print(f"  {rec['id']}  {t['name']!r} -> {read}  (gold {t['lat']:.2f},{t['lon']:.2f})")
    return out


BROAD_KINDS = {"country": "country", "state": "first-level region", "region": "first-level region",
               "province": "first-level region", "continent": "continent, world region",
               "world-region": "continent, world region", "sea": "continent, world region"}
CONVENTIONS = ("shipped", "capital", "largest town", "median of towns", "population-weighted")


def _reads(gold: list, predicted: dict, gaz):
    """(toponym, emitted place, its gazetteer entry or None) for the tune toponyms read by an emitted place."""
    for rec in gold:
        if part_of(rec["id"]) != "tune":
            continue
        for t in rec.get("toponyms") or []:
            over = [p for p in predicted.get(rec["id"]) or [] if p["start"] < t["end"] and t["start"] < p["end"]]
            if t.get("lat") is None or not over:
                continue
            p = over[0]
            written = rec["text"][p["start"]:p["end"]]
            demonym = gaz.demonyms.get(fold(written))  # "Canadians" reads as Canada
            entry = next((e for e in (*gaz.lookup(written), *((demonym,) if demonym else ()))
                          if abs(e.lat - p["lat"]) < 1e-3 and abs(e.lon - p["lon"]) < 1e-3), None)
            yield t, p, entry


def _centres(gaz) -> tuple:
    """{country: its towns}, {first-level code: its towns}."""
    by_country, by_region, seen = {}, {}, set()
    for entries in gaz.index.values():
        for e in entries:
            if e.kind == "city" and id(e) not in seen:
                seen.add(id(e))
                by_country.setdefault(e.country, []).append(e)
                if e.admin1:
                    by_region.setdefault(e.admin1, []).append(e)
    return by_country, by_region


def _points(e, by_country, by_region) -> dict:
    out = {"shipped": (e.lat, e.lon)}
    towns = by_country.get(e.country, []) if e.kind == "country" else by_region.get(e.admin1, []) if e.admin1 else []
    if towns:
        capital = [t for t in towns if t.capital] if e.kind == "country" else []
        if capital:
            out["capital"] = (capital[0].lat, capital[0].lon)
        big = max(towns, key=lambda t: t.population)
        out["largest town"] = (big.lat, big.lon)
        lats, lons = sorted(t.lat for t in towns), sorted(t.lon for t in towns)
        out["median of towns"] = (lats[len(lats) // 2], lons[len(lons) // 2])
        w = sum(max(t.population, 1) for t in towns)
        out["population-weighted"] = (sum(t.lat * max(t.population, 1) for t in towns) / w,
                                      sum(t.lon * max(t.population, 1) for t in towns) / w)
    return out


def conventions(sets: dict, gaz) -> None:
    """Print the convention counts described in the module's docstring; ``sets``: {set: (gold, predicted)}."""
    by_country, by_region = _centres(gaz)
    near, what = {}, {}
    for name, (gold, predicted) in sets.items():
        for t, p, e in _reads(gold, predicted, gaz):
            kind = BROAD_KINDS.get(e.kind) if e else None
            if kind is None:
                continue
            points = _points(e, by_country, by_region)
            c = near.setdefault((kind, name), Counter())
            c["toponyms"] += 1
            hit = [k for k in CONVENTIONS if k in points and gz_km(t["lat"], t["lon"], *points[k]) <= NEAR_KM]
            c.update(hit)
            first = hit[0] if hit else ("whole degrees" if t["lat"] % 1 == 0 and t["lon"] % 1 == 0 else
                                        "half degrees" if (2 * t["lat"]) % 1 == 0 and (2 * t["lon"]) % 1 == 0 else "other")
            what.setdefault((kind, name), Counter())[first] += 1
    print("tune toponyms within 161 km of each convention's point, by kind of the place read")
    print(f"{'kind':24s} {'set':9s} {'toponyms':>8s} " + " ".join(f"{k:>19s}" for k in CONVENTIONS))
    for (kind, name), c in sorted(near.items()):
        print(f"{kind:24s} {name:9s} {c['toponyms']:8d} " + " ".join(f"{c[k]:19d}" for k in CONVENTIONS))
    print("what the gold point is (the first convention within 161 km, else its rounding)")
    for (kind, name), c in sorted(what.items()):
        print(f"{kind:24s} {name:9s} " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
    if "geovirus" not in sets:
        return
    own: dict = {}
    for t, p, e in _reads(*sets["geovirus"], gaz):
        own.setdefault((p["name"], round(p["lat"], 2), round(p["lon"], 2)), Counter())[(t["lat"], t["lon"])] += 1
    own = {k: c.most_common(1)[0][0] for k, c in own.items()}
    moved: dict = {}
    for name, (gold, predicted) in sets.items():
        for t, p, e in _reads(gold, predicted, gaz):
            point = own.get((p["name"], round(p["lat"], 2), round(p["lon"], 2)))
            if point is None or gz_km(*point, p["lat"], p["lon"]) <= NEAR_KM:
                continue
            now = gz_km(t["lat"], t["lon"], p["lat"], p["lon"]) <= NEAR_KM
            then = gz_km(t["lat"], t["lon"], *point) <= NEAR_KM
            c = moved.setdefault(((BROAD_KINDS.get(e.kind) or "town, other") if e else "other", name), Counter())
            c["gain"] += then and not now
            c["loss"] += now and not then
    print("upper bound: each reading at GeoVirus's own tune point (gain / loss of tune toponyms)")
    for (kind, name), c in sorted(moved.items()):
        print(f"{kind:24s} {name:9s} +{c['gain']} -{c['loss']}")


def gz_km(*a) -> float:
    from detente.where.gazetteer import km

    return km(*a)


def fold(name: str) -> str:
    from detente.where.gazetteer import fold as f

    return f(name)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pred_dir", type=Path, help="folder of places.<set>.jsonl predictions")
    ap.add_argument("--dev", type=Path, default=default_dev())
    ap.add_argument("--list", dest="listing", choices=KINDS, default=None, help="print the toponyms of this kind")
    ap.add_argument("--evidence", action="store_true", help="count the wrong candidates by the article's other readings")
    ap.add_argument("--conventions", action="store_true", help="count centre conventions by kind of place instead")
    a = ap.parse_args(argv)

    from detente.where import gazetteer as gz

    gaz = gz.load()

    def candidates(name: str) -> list:
        return list(gaz.lookup(name) or ()) + list(gaz.localities(name))

    sets = {}
    for name in SETS:
        pred_path = a.pred_dir / f"places.{name}.jsonl"
        if not pred_path.exists():
            continue
        with (a.dev / f"places.{name}.jsonl").open(encoding="utf-8") as fh:
            gold = [json.loads(line) for line in fh if line.strip()]
        with pred_path.open(encoding="utf-8") as fh:
            predicted = {r["id"]: r.get("toponyms") or [] for r in (json.loads(line) for line in fh if line.strip())}
        if a.conventions:
            sets[name] = (gold, predicted)
            continue
        if a.listing:
            print(f"{name}: {a.listing}")
        ev: Counter | None = Counter() if a.evidence else None
        c = count(gold, predicted, candidates, gz.km, a.listing, ev)
        total = sum(c.values())
        print(f"{name:9s} tune: gold {total}  " + "  ".join(f"{k} {c[k]}" for k in KINDS))
        if ev is not None:
            print(f"{'':9s} wrong candidates by the other readings: " + ", ".join(f"{k} {v}" for k, v in ev.most_common()))
    if a.conventions:
        conventions(sets, gaz)
    return 0


if __name__ == "__main__":
    sys.exit(main())
