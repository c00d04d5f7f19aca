"""US post-office towns below the gazetteer's population cut, read only where the article is.

Local news names villages the GeoNames extract leaves out (``cities500`` keeps towns from 500
inhabitants): "Lanexa", "Harwinton", "Meadow Grove". The ``zipcodes`` package (3.0.0, MIT; its
coordinates are GeoNames postal codes, CC BY 4.0; its town names those of the US Postal Service)
names the town of every ZIP code. A town it names that no gazetteer town of the same name and
state is (within 30 km) becomes an entry of kind ``locality`` at the mean point of its ZIP codes,
with its state as ``admin1``.

A locality is never a candidate beside others: ``Gazetteer.lookup`` gives localities only for a name
with no other candidate, ``resolve`` reads the article without them, then gives a name a locality
only when the locality lies in one of the article's states (named as states, or holding two of its
places) and the reading of the name without localities is none or a town of under 100,000
inhabitants (no capital) outside them, and the tagger does not call the name a person unless a
locative or institution word marks it. So "Kensington" is the Minnesota village in Minnesota news
and the bigger towns of the name elsewhere, and a village is never read in news naming no US state.
"""
from __future__ import annotations

from collections import defaultdict

KIND = "locality"
BROAD = frozenset({"country", "state", "region", "province", "continent", "world-region", "sea", "historical"})
NEAR_TOWN_KM = 30  # a ZIP town this close to a gazetteer town of the same name is that town
ZIP_TYPES = ("STANDARD", "PO BOX")


def rows() -> list:
    """(name, state, lat, lon) per ZIP code town and alternate town name; empty without the package."""
    try:
        import zipcodes
    except ImportError:
        return []
    out = []
    for z in zipcodes.list_all():
        if z.get("zip_code_type") not in ZIP_TYPES or not z.get("lat") or not z.get("long"):
            continue
        for name in [z["city"], *(z.get("acceptable_cities") or ())]:
            out.append((_title(name), z["state"], float(z["lat"]), float(z["long"])))
    return out


def _title(name: str) -> str:
    """USPS names are in capitals in some releases: "LORE CITY" -> "Lore City" ("McLean" stays)."""
    return name if not name.isupper() else " ".join(w[:1] + w[1:].lower() for w in name.split())


def add_localities(add, index: dict, fold, km, entry_type, states: dict) -> None:
    """Add the ZIP code towns the index lacks (see the module's docstring); ``fold`` and ``km`` are the
    gazetteer's name folding and distance (passed in: the gazetteer imports this module)."""
    points: dict = defaultdict(list)
    names: dict = {}
    for name, state, lat, lon in rows():
        if state in states:
            points[(fold(name), state)].append((lat, lon))
            names.setdefault((fold(name), state), name)
    for (key, state), where in sorted(points.items()):
        lat = sum(p[0] for p in where) / len(where)
        lon = sum(p[1] for p in where) / len(where)
        known = [e for e in index.get(key, {}).values() if e.country == "USA" and e.kind in ("city", "county")
                 and (e.admin1 == state or km(lat, lon, e.lat, e.lon) < NEAR_TOWN_KM)]
        if known or len(key) < 4 or _names_broad(names[(key, state)], index, fold):
            continue
        add(names[(key, state)], entry_type(names[(key, state)], round(lat, 4), round(lon, 4), "USA", None, KIND,
                                            0, state))


# words that only say where in a bigger place a name lies: "East Texas", "South Wales", "Upper Michigan"
QUALIFIERS = frozenset(("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                        "upper", "lower", "mid", "greater", "northeast", "northwest", "southeast", "southwest",
                        "n", "s", "e", "w", "ne", "nw", "se", "sw"))


def _names_broad(name: str, index: dict, fold) -> bool:
    """Whether the name is the name of a state, country or region ("Washington"), or that name with
    words that only say where in it ("East Texas"): such a village would take the bigger place's name.
    A name that holds a broad name beside other words is a town's own ("Kansas Ridge")."""
    words = name.split()
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if any(e.kind in BROAD for e in index.get(fold(" ".join(words[i:j])), {}).values()) and all(
                    w.lower().strip(".") in QUALIFIERS for w in words[:i] + words[j:]):
                return True
    return False
