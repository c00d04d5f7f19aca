"""Named features that are not settlements or administrative areas: airports (airportsdata) and natural
features (Natural Earth rivers, lakes, marine areas, islands, ranges and other physical regions,
``data/natural.tsv``). The gazetteer's builder passes in its
``add`` and ``fold`` (and the record type), as for the villages (``localities.py``), so nothing here imports
it back.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

DATA = Path(__file__).parent / "data"


def package_csv(package: str, name: str) -> list[dict]:
    """The rows of a CSV file shipped inside an installed package (empty when it is missing)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(list(spec.submodule_search_locations)[0]) / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_AIRPORT_SUFFIX = re.compile(r"\s+(?:(?:International|Intl\.?|Intercontinental|Regional|Municipal|County|Metropolitan)\s+)*(?:Airport|Airfield|Aerodrome|Air Base|Airbase)$")


_GENERIC_AIRPORT = re.compile(r"(?i)city|capital|executive|central|metro|municipal|national|downtown|international|"
                              r"general|county|field|regional|army|naval|air force|air station|military")
BARE_AIRPORT_TOWN = 1_000_000  # the airports of big towns are named without "Airport" ("Heathrow", "O'Hare")
# a bare airport name is one word that says nothing else ("Heathrow", "O'Hare", "Macdonald-Cartier")
_BARE_AIRPORT = re.compile(r"[A-Z][a-z]+(?:['-][A-Z][a-z]+)*|O'[A-Z][a-z]+")


def _airport_rows():
    return [r for r in package_csv("airportsdata", "airports.csv") if r.get("iata")]


def add_airports(add, index: dict, iso2to3: dict, fold, entry_type) -> None:
    """Airports with an IATA code (airportsdata), by their name ("London Heathrow Airport"),
    without the town before it ("Heathrow Airport", "Pearson International Airport",
    "Macdonald-Cartier International Airport") and, when no place of its country bears that
    name, by the bare name ("Heathrow", "Gatwick")."""
    for r in _airport_rows():
        iso3 = iso2to3.get(r["country"])
        suffix = _AIRPORT_SUFFIX.search(r["name"])
        if iso3 is None or suffix is None:
            continue
        entry = entry_type(r["name"], float(r["lat"]), float(r["lon"]), iso3, None, "airport")
        full = re.sub(r"\s*\([^)]*\)", "", r["name"])  # "Long Beach (Daugherty Field) Airport"
        names = {r["name"], full}
        for part in (full, full.split("/")[-1].strip()):
            ending = _AIRPORT_SUFFIX.search(part)
            core = part[:ending.start()] if ending else ""
            if len(core) >= 4:
                names.add(part)  # "Long Beach Airport"; not "Army Airfield"
            town = r["city"].strip()
            guessed = False  # the town before the name guessed, not given ("Yakubu Gowon" is no town's airport)
            if town and core.startswith(town + " "):
                core = core[len(town) + 1:]
            elif " " in core and any(e.kind == "city" and e.country == iso3 for e in index.get(fold(core.split()[0]), {}).values()):
                core, guessed = core.split(" ", 1)[1], True  # "Toronto Pearson" (in Mississauga)
            if len(core) < 4 or core == town or _GENERIC_AIRPORT.fullmatch(core):
                continue
            names |= {core + " Airport", core + " International Airport", core + suffix.group(0)}
            big_town = any(e.kind == "city" and e.country == iso3 and e.population >= BARE_AIRPORT_TOWN
                           for e in index.get(fold(town), {}).values())
            if big_town and not guessed and len(core) >= 5 and _BARE_AIRPORT.fullmatch(core) and not any(
                    e.country == iso3 or e.population >= 10_000 or e.kind != "city" for e in index.get(fold(core), {}).values()):
                names.add(core)
        for name in names:
            add(name, entry)


def add_natural(add, index: dict, fold, entry_type) -> None:
    """Rivers, lakes (kind ``water``), gulfs, bays, sounds (kind ``sea``), islands, ranges, peninsulas, deserts
    (kind ``natural``) of ``data/natural.tsv`` (tools/build_natural.py), each under its names that no other
    source gives: "Brazos River", "Lake Ontario", "Gulf of Alaska", "Aleutian Islands"; never over a town or
    region of the name ("Red River", Texas, stays as it was)."""
    with (DATA / "natural.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    taken = set(index)  # names known before these
    for r in rows:
        entry = entry_type(r["names"].split("|")[0], float(r["lat"]), float(r["lon"]), r["country"] or None, None,
                           r["kind"], 0, r["state"] or None)
        for name in r["names"].split("|"):
            if fold(name) not in taken:
                add(name, entry)
