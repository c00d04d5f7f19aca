"""Count the place errors of predictions on the **tune** part, by kind (and list one kind).

    python tools/place_errors.py PRED_DIR [--dev DIR] [--list KIND]

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


def count(gold: list, predicted: dict, candidates, km, listing: str | None = None) -> Counter:
    """Counts by kind over the tune records of ``gold``; ``predicted`` maps id -> emitted places."""
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
            if listing == kind:
                read = f"{p.get('name')} {p.get('country')} {p['lat']:.2f},{p['lon']:.2f}" if p else "-"
                print(f"  {rec['id']}  {t['name']!r} -> {read}  (gold {t['lat']:.2f},{t['lon']:.2f})")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pred_dir", type=Path, help="folder of places.<set>.jsonl predictions")
    ap.add_argument("--dev", type=Path, default=default_dev())
    ap.add_argument("--list", dest="listing", choices=KINDS, default=None, help="print the toponyms of this kind")
    a = ap.parse_args(argv)

    from detente.where import gazetteer as gz

    gaz = gz.load()

    def candidates(name: str) -> list:
        return list(gaz.lookup(name) or ()) + list(gaz.localities(name))

    for name in SETS:
        pred_path = a.pred_dir / f"places.{name}.jsonl"
        if not pred_path.exists():
            continue
        with (a.dev / f"places.{name}.jsonl").open(encoding="utf-8") as fh:
            gold = [json.loads(line) for line in fh if line.strip()]
        with pred_path.open(encoding="utf-8") as fh:
            predicted = {r["id"]: r.get("toponyms") or [] for r in (json.loads(line) for line in fh if line.strip())}
        if a.listing:
            print(f"{name}: {a.listing}")
        c = count(gold, predicted, candidates, gz.km, a.listing)
        total = sum(c.values())
        print(f"{name:9s} tune: gold {total}  " + "  ".join(f"{k} {c[k]}" for k in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
