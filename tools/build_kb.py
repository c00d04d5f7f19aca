"""Convert open data snapshots into the actor knowledge base's shipped files (``make kb``).

    python tools/build_kb.py SNAPSHOTS [--out detente/actors/data]

SNAPSHOTS is a directory holding one snapshot per source repository, named ``owner+name`` (a bare
git directory ``owner+name/repo`` read at its HEAD, or a checked-out tree ``owner+name/``). The
snapshots are not committed; the commits they were taken at go into ``open_sources.csv`` (and by
hand into NOTICE and ``detente/actors/data/README.md``). Writes:

- ``open_people.csv``  one row per term: name, aliases, country, sector, start, end, role, source
- ``open_orgs.csv``    parties: name, aliases, country, sector, source
- ``open_sources.csv`` source key -> repository, commit, licence

Sources (each licence read from the repository's own file):
- ``every-politician-scrapers/*`` (``html/holders21.csv``, ``html/positions.csv``,
  ``html/legislators.csv``; ``data/wikidata.csv`` of ``world-leaders-2021``): office holders extracted from Wikidata (CC0); the repositories carry no
  licence file, and only the Wikidata facts (names, offices, dates) are taken (see NOTICE).
- ``unitedstates/congress-legislators`` (CC0): members of Congress and presidents / vice presidents.
- ``instituteforgov/ifg-ministers-database-public`` (CC BY 4.0): UK ministers and their seats.
- ``hdigital/partyfactsdata`` (MIT): ``import/elecglob/partyfacts-core-parties.csv``, parties worldwide.
"""
from __future__ import annotations

import argparse
import csv
import io
import pathlib
import re
import subprocess
import sys
from collections import Counter, defaultdict

import yaml

# every-politician-scrapers repository -> country field (PLOVER: dependencies fold into their state;
# partially recognised entities keep the claimed state and add PRE).
EP_COUNTRY = {
    "abkhazia-ministers": "GEO PRE", "afghanistan": "AFG", "aland-cabinet": "FIN", "albania-cabinet": "ALB",
    "algeria-cabinet": "DZA", "andorra-cabinet": "AND", "angola": "AGO", "anguilla-cabinet": "GBR",
    "antigua-barbuda-ministers": "ATG", "argentina-ministers": "ARG", "armenia-ministers": "ARM",
    "artsakh-ministers": "AZE PRE", "aruba-ministers": "NLD", "australia-cabinet": "AUS", "austria-cabinet": "AUT",
    "azerbaijan-cabinet": "AZE", "bahamas-cabinet": "BHS", "bahrain": "BHR", "bangladesh-ministers": "BGD",
    "barbados-cabinet": "BRB", "belarus-ministers": "BLR", "belgium-cabinet": "BEL", "belize-ministers": "BLZ",
    "benin-ministers": "BEN", "bermuda-cabinet": "GBR", "bhutan-ministers": "BTN", "bolivia-ministers": "BOL",
    "bosnia-herzegovina-ministers": "BIH", "botswana-ministers": "BWA", "brazil-ministers": "BRA",
    "brunei-ministers": "BRN", "bulgaria-cabinet": "BGR", "burkina-faso": "BFA", "burundi-ministers": "BDI",
    "bvi-ministers": "GBR", "cabo-verde": "CPV", "cambodia": "KHM", "cameroon": "CMR", "canada-cabinet": "CAN",
    "caymans-ministers": "GBR", "central-african-republic": "CAF", "chad-ministers": "TCD",
    "chile-ministers": "CHL", "china-ministers": "CHN", "comoros": "COM", "congo-brazzaville": "COG",
    "congo-kinshasa-ministers": "COD", "costa-rica": "CRI", "croatia-ministers": "HRV", "cuba": "CUB",
    "cyprus-cabinet": "CYP", "czech-ministers": "CZE", "denmark-cabinet": "DNK", "djibouti-ministers": "DJI",
    "dominica": "DMA", "dominican-republic": "DOM", "donetsk": "UKR PRE", "ecuador-ministers": "ECU",
    "egypt-ministers": "EGY", "el-salvador-ministers": "SLV", "equatorial-guinea": "GNQ",
    "eritrea-ministers": "ERI", "estonia": "EST", "eswatini": "SWZ", "ethiopia-ministers": "ETH",
    "faroes-ministers": "DNK", "fiji-ministers": "FJI", "finland-cabinet": "FIN", "france-cabinet": "FRA",
    "gabon-ministers": "GAB", "gambia-ministers": "GMB", "georgia-ministers": "GEO", "ghana-ministers": "GHA",
    "greece-cabinet": "GRC", "greenland-cabinet": "DNK", "grenada": "GRD", "guatemala-ministers": "GTM",
    "guinea": "GIN", "guinea-bissau": "GNB", "guyana": "GUY", "haiti": "HTI", "honduras-ministers": "HND",
    "hong-kong": "HKG", "hungary-cabinet": "HUN", "india-ministers": "IND", "indonesia-ministers": "IDN",
    "iran-ministers": "IRN", "iraq-ministers": "IRQ", "ireland-ministers": "IRL", "isle-of-man-cabinet": "GBR",
    "israel-ministers": "ISR", "italy-ministers": "ITA", "ivory-coast": "CIV", "jamaica-ministers": "JAM",
    "japan-ministers": "JPN", "jersey-cabinet": "GBR", "kenya": "KEN", "kazakhstan-cabinet": "KAZ",
    "kuwait-ministers": "KWT", "kosovo-cabinet": "XKX", "kiribati-ministers": "KIR",
    "kyrgyzstan-ministers": "KGZ", "luxembourg-cabinet": "LUX", "lesotho-ministers": "LSO", "lithuania": "LTU",
    "latvia-cabinet": "LVA", "liechtenstein-ministers": "LIE", "liberia-ministers": "LBR",
    "luhansk-ministers": "UKR PRE", "mozambique": "MOZ", "mexico-ministers": "MEX", "montenegro-cabinet": "MNE",
    "malaysia-ministers": "MYS", "malta-ministers": "MLT", "mongolia-ministers": "MNG", "malawi-ministers": "MWI",
    "micronesia-ministers": "FSM", "montserrat-ministers": "GBR", "maldives-ministers": "MDV",
    "marshall-islands-ministers": "MHL", "mauritania": "MRT", "mauritius-ministers": "MUS",
    "moldova-ministers": "MDA", "morocco-ministers": "MAR", "myanmar-ministers": "MMR", "nigeria": "NGA",
    "norway-cabinet": "NOR", "new-zealand-cabinet": "NZL", "north-macedonia-ministers": "MKD",
    "nepal-ministers": "NPL", "netherlands-cabinet": "NLD", "niger-ministers": "NER", "north-korea": "PRK",
    "oman": "OMN", "philippines-ministers": "PHL", "pakistan-ministers": "PAK", "portugal-cabinet": "PRT",
    "papua-new-guinea": "PNG", "panama-ministers": "PAN", "paraguay-ministers": "PRY", "poland-cabinet": "POL",
    "russia-cabinet": "RUS", "romania-cabinet": "ROU", "rwanda-ministers": "RWA", "sudan": "SDN",
    "south-korea-ministers": "KOR", "south-sudan": "SSD", "south-africa-cabinet": "ZAF",
    "sri-lanka-cabinet": "LKA", "senegal-ministers": "SEN", "singapore-ministers": "SGP",
    "slovenia-cabinet": "SVN", "somalia-cabinet": "SOM", "st-lucia-cabinet": "LCA", "sweden-cabinet": "SWE",
    "solomons-ministers": "SLB", "spain-ministers": "ESP", "swiss-federal-council": "CHE",
    "san-marino-ministers": "SMR", "sierra-leone": "SLE", "slovakia-cabinet": "SVK", "somaliland": "SOM PRE",
    "st-vincent-and-the-grenadines": "VCT", "sao-tome-and-principe": "STP", "saudi-ministers": "SAU",
    "serbia-ministers": "SRB", "south-ossetia": "GEO PRE", "st-kitts-and-nevis-cabinet": "KNA",
    "suriname": "SUR", "syria": "SYR", "turkey-ministers": "TUR", "taiwan": "TWN", "togo": "TGO",
    "tonga-ministers": "TON", "tanzania-ministers": "TZA", "tunisia-ministers": "TUN",
    "trinidad-and-tobago-cabinet": "TTO", "turks-and-caicos-ministers": "GBR", "tuvalu-ministers": "TUV",
    "tajikistan-ministers": "TJK", "timor-leste-ministers": "TLS", "turkmenistan": "TKM", "us-cabinet": "USA",
    "united-kingdom-cabinet": "GBR", "ukraine-cabinet": "UKR", "uae-ministers": "ARE",
    "uzbekistan-ministers": "UZB", "uruguay-ministers": "URY", "uganda-ministers": "UGA", "vietnam": "VNM",
    "venezuela": "VEN", "vanuatu-cabinet": "VUT", "yemen": "YEM", "zimbabwe": "ZWE", "zambia-ministers": "ZMB",
    "scotland-cabinet": "GBR", "northern-ireland-ministers": "GBR", "wales-cabinet": "GBR",
}
LICENCE = {
    "every-politician-scrapers": "Wikidata facts (CC0); no licence file in the repository, see NOTICE",
    "unitedstates/congress-legislators": "CC0 1.0",
    "instituteforgov/ifg-ministers-database-public": "CC BY 4.0 (Institute for Government)",
    "hdigital/partyfactsdata": "MIT (Party Facts authors)",
}
LEGISLATORS_SINCE = "2012-01-01"  # legislators whose seat ended before this are left out (size)

# Office title -> PLOVER sector; the first matching rule wins, GOV otherwise.
SECTOR_RULES = [
    (r"\bopposition\b", "OPP"),
    (r"\b(minister|secretary|under-?secretary|premier|governor|mayor|executive|administration|presidential|"
     r"president of the (government|council of ministers))\b", "GOV"),
    (r"\bparty\b", "PTY"),
    (r"\b(chief justice|justice|judge|court|prosecutor|procurator|attorney[- ]general|solicitor[- ]general)\b", "JUD"),
    (r"\b(speaker|parliament|legislative|senate|senator|assembly|congress|house of|chamber|deputy of|member of|"
     r"majlis|duma|riigikogu|sejm|seimas|saeima|storting|riksdag|bundestag|knesset|diet)\b", "LEG"),
    (r"\b(intelligence|security service|state security|spy)\b", "SPY"),
    (r"\b(police|gendarmerie|constabulary)\b", "COP"),
    (r"\b(chief of (the )?(general |defen[cs]e |army |naval |air |joint )?staff|joint chiefs|commander|army|"
     r"navy|air force|armed forces|defen[cs]e forces|marshal|admiral|general staff)\b", "MIL"),
]
_RULES = [(re.compile(p, re.I), s) for p, s in SECTOR_RULES]


def sector_of(title: str) -> str:
    for rx, sector in _RULES:
        if rx.search(title):
            return sector
    return "GOV"


# ------------------------------------------------------------------ reading snapshots
class Snapshot:
    """One source repository's snapshot: a bare git directory read at HEAD, or a plain tree."""

    def __init__(self, root: pathlib.Path, repo: str):
        base = root / repo.replace("/", "+")
        self.repo = repo
        self.git = base / "repo" if (base / "repo" / "HEAD").exists() else None
        self.tree = base if self.git is None else None
        if self.git is None and not base.is_dir():
            raise FileNotFoundError(base)

    @property
    def commit(self) -> str:
        if self.git is None:
            return "unknown"
        return subprocess.run(["git", "-C", str(self.git), "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()

    def read(self, path: str) -> str | None:
        if self.git is not None:
            r = subprocess.run(["git", "-C", str(self.git), "show", f"HEAD:{path}"], capture_output=True)
            return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None
        f = self.tree / path
        return f.read_text(encoding="utf-8") if f.exists() else None


def _rows(text: str | None) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text))) if text else []


def day(value: str | None, end: bool = False) -> str:
    """"2015" -> 2015-01-01 (start) or 2015-12-31 (end); "2015-12" -> 2015-12-01 / 2015-12-31."""
    v = (value or "").strip()[:10]
    if not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", v):
        return ""
    if len(v) == 4:
        return v + ("-12-31" if end else "-01-01")
    if len(v) == 7:
        return v + ("-31" if end and v[5:] in ("01", "03", "05", "07", "08", "10", "12") else
                    "-30" if end and v[5:] != "02" else "-28" if end else "-01")
    return v


def clean_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", name or "").strip()
    return re.sub(r"\s+", " ", name)


# ------------------------------------------------------------------ sources
GENERIC_BODY = frozenset("""parliament senate assembly national house representatives chamber deputies congress council
legislative legislature general people's peoples popular of the federal state regional supreme grand great consultative
upper lower city municipal provincial and for country""".split())
_MEMBER = re.compile(r"^member of (the )?(\d+(st|nd|rd|th) |[IVXLC]+ )?(?P<body>.+)$", re.I)


def legislature(title: str) -> str | None:
    """"member of the Riigikogu" -> "Riigikogu"; "Member of the 57th Parliament of the United Kingdom" ->
    "Parliament of the United Kingdom"; None for a name made of generic words only ("National Assembly")."""
    m = _MEMBER.match(title.strip())
    if not m:
        return None
    body = re.sub(r"^(the )", "", m.group("body")).strip()
    words = [w.strip(",.").lower() for w in body.split()]
    if not words or all(w in GENERIC_BODY for w in words) or not body[:1].isupper():
        return None
    return body


def every_politician(root: pathlib.Path, people: list, sources: dict, orgs: list | None = None) -> None:
    bodies: dict[str, set] = defaultdict(set)
    for slug, country in sorted(EP_COUNTRY.items()):
        repo = f"every-politician-scrapers/{slug}"
        try:
            snap = Snapshot(root, repo)
        except FileNotFoundError:
            print(f"skip {repo}: no snapshot", file=sys.stderr)
            continue
        key = "ep:" + slug
        sources[key] = (repo, snap.commit, LICENCE["every-politician-scrapers"])
        code, *more = country.split()
        positions = _rows(snap.read("html/positions.csv"))
        own = Counter(p["country"] for p in positions if p.get("country"))
        home = own.most_common(1)[0][0] if own else None
        foreign = {p["position"] for p in positions if home and p.get("country") and p["country"] != home}
        for r in _rows(snap.read("html/holders21.csv")):
            title = (r.get("position") or "").strip()
            if not r.get("person") or title in foreign:
                continue
            sector = sector_of(title)
            people.append(_person(r, code, " ".join([sector] + more), title, key))
        for r in _rows(snap.read("html/legislators.csv")):
            body = legislature(r.get("position") or "")
            if body:
                bodies[body].add((country, key))
            end = day(r.get("end"), end=True)
            if not r.get("person") or (end and end < LEGISLATORS_SINCE):
                continue
            people.append(_person(r, code, " ".join(["LEG"] + more), "legislator", key))
    if orgs is not None:  # legislatures by their own names, when only one country's data uses the name
        for body, where in sorted(bodies.items()):
            if len({c.split()[0] for c, _ in where}) == 1:
                country, key = sorted(where)[0]
                code, *more = country.split()
                orgs.append({"name": body, "aliases": [], "country": code, "sector": " ".join(["LEG"] + more),
                             "source": key, "years": ""})


def world_leaders(root: pathlib.Path, people: list, sources: dict) -> None:
    """Heads of state and government of every country (``every-politician-scrapers/world-leaders-2021``,
    years only), for the countries no other every-politician repository covers."""
    repo = "every-politician-scrapers/world-leaders-2021"
    try:
        snap = Snapshot(root, repo)
    except FileNotFoundError:
        return
    from detente.actors import resolve

    sources["ep:world-leaders-2021"] = (repo, snap.commit, LICENCE["every-politician-scrapers"])
    covered = {c.split()[0] for c in EP_COUNTRY.values()}
    for r in _rows(snap.read("data/wikidata.csv")):
        actor = resolve(r["country"])
        code = actor.code if actor and actor.sector is None else None
        if not code or code in covered or not r.get("officeholderLabel"):
            continue
        title = r.get("positionLabel") or ""
        people.append(_person({"person": r["officeholderLabel"], "personID": r.get("officeholder"),
                               "start": r.get("start_year"), "end": r.get("end_year")},
                              code, sector_of(title), title, "ep:world-leaders-2021"))


def _without_initials(name: str) -> str:
    """"Raila A Odinga" -> "Raila Odinga", "John F. Smith" -> "John Smith" (middle initials dropped)."""
    words = name.split()
    if len(words[0].rstrip(".")) <= 1:  # "A. B. Surname": initials only, nothing to drop
        return name
    kept = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and re.fullmatch(r"[A-Z]\.?", w))]
    return " ".join(kept)


def _person(r: dict, code: str, sector: str, role: str, key: str) -> dict:
    name = clean_name(r["person"])
    aliases = {a for a in {clean_name(r.get("enwiki") or ""), _without_initials(name)} - {name, ""} if " " in a}
    return {"name": name, "aliases": sorted(aliases), "country": code, "sector": sector,
            "start": day(r.get("start")), "end": day(r.get("end"), end=True), "role": role, "source": key,
            "qid": r.get("personID") or ""}


def congress(root: pathlib.Path, people: list, sources: dict) -> None:
    repo = "unitedstates/congress-legislators"
    snap = Snapshot(root, repo)
    sources["congress"] = (repo, snap.commit, LICENCE[repo])
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    roles = {"sen": ("LEG", "senator"), "rep": ("LEG", "representative"), "prez": ("GOV", "president"),
             "viceprez": ("GOV", "vice president")}
    for path in ("legislators-current.yaml", "legislators-historical.yaml", "executive.yaml"):
        for p in yaml.load(snap.read(path) or "[]", Loader=loader):
            n = p["name"]
            full = n.get("official_full") or " ".join(x for x in (n.get("first"), n.get("last")) if x)
            aliases = {" ".join(x for x in (n.get("nickname") or n.get("first"), n.get("last")) if x)} - {full}
            for t in p.get("terms", []):
                if t.get("end", "") < "1990-01-01":
                    continue
                sector, role = roles[t["type"]]
                if t["type"] in ("sen", "rep") and t.get("state"):
                    role += " " + t["state"]
                people.append({"name": clean_name(full), "aliases": sorted(aliases), "country": "USA",
                               "sector": sector, "start": t.get("start", ""), "end": t.get("end", ""),
                               "role": role, "source": "congress", "qid": p["id"].get("wikidata", "")})


def ifg(root: pathlib.Path, people: list, sources: dict) -> None:
    repo = "instituteforgov/ifg-ministers-database-public"
    snap = Snapshot(root, repo)
    sources["ifg"] = (repo, snap.commit, LICENCE[repo])
    names: dict[str, list[str]] = defaultdict(list)
    for r in _rows(snap.read("data/person.csv")):
        names[r["id"]].append(r["name"])
    posts = {r["id"]: r["name"] for r in _rows(snap.read("data/post.csv"))}
    def add(pid, sector, role, start, end):
        if pid not in names:
            return
        main, *other = names[pid][::-1]  # the latest name (a peerage title) last in the file
        people.append({"name": clean_name(main), "aliases": sorted({clean_name(o) for o in other} - {main}),
                       "country": "GBR", "sector": sector, "start": day(start), "end": day(end, True),
                       "role": role, "source": "ifg", "qid": ""})
    for r in _rows(snap.read("data/appointment.csv")):
        title = posts.get(r["post_id"], "minister")
        add(r["person_id"], sector_of(title), title, r["start_date"], r["end_date"])
    for r in _rows(snap.read("data/representation.csv")):
        add(r["person_id"], "LEG", "MP" if r["house"] == "Commons" else "peer", r["start_date"], r["end_date"])


def partyfacts(root: pathlib.Path, orgs: list, sources: dict) -> None:
    repo = "hdigital/partyfactsdata"
    snap = Snapshot(root, repo)
    sources["partyfacts"] = (repo, snap.commit, LICENCE[repo])
    rows = [r for r in _rows(snap.read("import/elecglob/partyfacts-core-parties.csv"))
            if not (r.get("technical") or "").strip()]
    forms = []
    for r in rows:
        names = [clean_name(r["name"])] + [clean_name(x) for x in (r.get("name_english") or "").split(" / ")]
        # several words ("Alliance" alone is a common word); no acronyms: short ones collide across
        # countries and longer ones also match a capitalised word ("AMIN" / "Amin")
        names = [n for n in dict.fromkeys(names) if len(n.split()) >= 2 and not n.isdigit()]
        forms.append(names)
    # a name used by parties of several countries ("Labour Party", "PSD") names none of them
    countries: dict[str, set] = defaultdict(set)
    for r, names in zip(rows, forms):
        for n in names:
            countries[n.casefold()].add(r["country"])
    for r, names in zip(rows, forms):
        names = [n for n in names if len(countries[n.casefold()]) == 1]
        if names:
            orgs.append({"name": names[0], "aliases": names[1:], "country": r["country"], "sector": "PTY",
                         "source": "partyfacts",
                         "years": f"{r.get('year_first') or ''}-{r.get('year_last') or ''}"})


# ------------------------------------------------------------------ writing
def write(out: pathlib.Path, people: list, orgs: list, sources: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    people = _dedupe(people)
    pf = out / "open_people.csv"
    with pf.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# source: converted by tools/build_kb.py from open data; see open_sources.csv and NOTICE.\n"
                 "# One row per term (ISO dates, inclusive; empty end = in office at the snapshot).\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "aliases", "country", "sector", "start", "end", "role", "source"])
        for p in people:
            w.writerow([p["name"], ";".join(p["aliases"]), p["country"], p["sector"], p["start"], p["end"],
                        p["role"], p["source"]])
    of = out / "open_orgs.csv"
    with of.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# source: converted by tools/build_kb.py from open data; see open_sources.csv and NOTICE.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "aliases", "country", "sector", "years", "source"])
        for o in orgs:
            w.writerow([o["name"], ";".join(o["aliases"]), o["country"], o["sector"], o["years"], o["source"]])
    sf = out / "open_sources.csv"
    with sf.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# source: written by tools/build_kb.py; the snapshot commit of each converted repository.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["key", "repository", "commit", "licence"])
        for k, (repo, commit, lic) in sorted(sources.items()):
            w.writerow([k, repo, commit, lic])
    print(f"{len(people)} terms of {len({p['name'] for p in people})} people, {len(orgs)} parties, "
          f"{len(sources)} sources -> {out}", file=sys.stderr)


def _dedupe(people: list) -> list:
    """People sorted by name, terms by start; terms of one person, country and sector that overlap or
    follow each other within a year are one term (successive legislatures, reshuffles)."""
    out: list = []
    last: dict = {}
    for p in sorted(people, key=lambda p: (p["name"], p["country"], p["sector"], p["start"] or "",
                                           p["end"] or "9999")):
        if " " not in p["name"].strip():  # a one-word name (a mononym) is too often a common word
            continue
        k = (p["name"], p["country"], p["sector"])
        prev = last.get(k)
        if prev is not None and prev["start"] and p["start"] and (
                not prev["end"] or _year_after(prev["end"]) >= p["start"]):
            # an open end where another source knows the end of the same term is a missing end
            if prev["end"] and (p["end"] > prev["end"] or not p["end"] and p["start"] > prev["end"]):
                prev["end"] = p["end"]
            if p["role"] not in prev["role"].split("; ") and len(prev["role"]) < 60:
                prev["role"] += "; " + p["role"]
            prev["aliases"] = sorted(set(prev["aliases"]) | set(p["aliases"]))
            continue
        last[k] = p
        out.append(p)
    return sorted(out, key=lambda p: (p["name"], p["start"] or "", p["end"] or "9999"))


def _year_after(date: str) -> str:
    return f"{int(date[:4]) + 1}{date[4:]}"


def coverage(data: pathlib.Path, columns: int = 4) -> str:
    """The data README's coverage table (markdown) from the shipped people files: people with dated
    terms by country (all, with an office other than a seat in a legislature), and organisations."""
    people: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for f in ("open_people.csv", "people.csv"):
        with (data / f).open(encoding="utf-8") as fh:
            for r in csv.DictReader(line for line in fh if not line.startswith("#")):
                if r.get("start") or r.get("end"):
                    c = (r.get("country") or "?").strip() or "?"
                    people[c]["all"].add(r["name"])
                    if (r.get("sector") or "").split()[:1] != ["LEG"]:
                        people[c]["office"].add(r["name"])
    cells = [f"{c} {len(v['all'])} / {len(v['office'])}" for c, v in
             sorted(people.items(), key=lambda kv: -len(kv[1]["all"]))]
    rows = ["| " + " | ".join(cells[i:i + columns]) + " |" for i in range(0, len(cells), columns)]
    head = "| " + " | ".join(["country people / with an office"] * columns) + " |\n|" + "---|" * columns
    names = {n for v in people.values() for n in v["all"]}
    office = {n for v in people.values() for n in v["office"]}
    orgs = Counter()
    with (data / "open_orgs.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            orgs[r["sector"].split()[0]] += 1
    total = (f"{len(names)} people with dated terms in {len(people)} countries, {len(office)} of them with an "
             f"office other than a legislative seat; open-data organisations: "
             + ", ".join(f"{n} {s}" for s, n in orgs.most_common()))
    return total + "\n\n" + head + "\n" + "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("snapshots", type=pathlib.Path, nargs="?")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("detente/actors/data"))
    ap.add_argument("--coverage", action="store_true", help="print the coverage table of --out and stop")
    a = ap.parse_args(argv)
    if a.coverage:
        print(coverage(a.out))
        return 0
    if a.snapshots is None:
        ap.error("SNAPSHOTS is required")
    people, orgs, sources = [], [], {}
    every_politician(a.snapshots, people, sources, orgs)
    world_leaders(a.snapshots, people, sources)
    congress(a.snapshots, people, sources)
    ifg(a.snapshots, people, sources)
    partyfacts(a.snapshots, orgs, sources)
    write(a.out, people, orgs, sources)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
