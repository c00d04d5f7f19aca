"""Import PETRARCH / Phoenix (TABARI-format) ``.actors`` and ``.agents`` dictionaries.

Actors file::

    FREEDONIA_  [FRD]                 # a name, its code
    +FREEDONIAN_                      # aliases of the entry above
    RUFUS_FIREFLY_                    # codes may follow on their own lines,
        [FRDGOV 330101-351231]        # with date restrictions: YYMMDD-YYMMDD,
        [FRDGOV >370101]              # >YYMMDD (from), <YYMMDD (until);
        [FRDELI]                      # undated: the default

Agents file: ``WORD [~GOV]`` (a sector added to the actor's country), ``WORD {PLURAL} [~COP]``,
and substitution sets ``!PERSON! = MAN, MEN, ...``. Underscores separate words; a trailing
``_`` means no stemming (we treat every name as exact and add regular plurals to agents).
Two-digit years are read as 19YY from 30 up and 20YY below 30 (PETRARCH's pivot); eight-digit
dates are YYYYMMDD. Codes are split by ``codes.split_code`` (CAMEO sectors to PLOVER v0.8).
"""
from __future__ import annotations

import pathlib
import re
from typing import Iterator

from detente.actors import text as T
from detente.actors.codes import INTERNATIONAL, NOT_COUNTRIES, is_country, split_code
from detente.actors.entries import RANK_IMPORTED, Entry, KnowledgeBaseError, Term

_CODE = re.compile(r"\[([^\]]*)\]")
_SUBST = re.compile(r"^\s*(![A-Z]+!)\s*=\s*(.+)$")


def parse_date(value: str) -> str:
    """``031031`` -> ``2003-10-31``; ``19270101`` -> ``1927-01-01``."""
    value = value.strip()
    if not value.isdigit() or len(value) not in (6, 8):
        raise ValueError(f"bad PETRARCH date {value!r} (want YYMMDD or YYYYMMDD)")
    if len(value) == 6:
        yy = int(value[:2])
        value = ("19" if yy >= 30 else "20") + value
    return f"{value[:4]}-{value[4:6]}-{value[6:]}"


def parse_code(raw: str) -> Term | None:
    """``"AZEGOV >031031"`` -> Term(AZE, GOV, start=2003-10-31); None for ``---`` or a bad date."""
    parts = raw.split()
    if not parts or parts[0].strip("-") == "":
        return None
    country, sector, more = split_code(parts[0])
    start = end = None
    restriction = "".join(parts[1:])
    try:
        if restriction.startswith(">"):
            start = parse_date(restriction[1:])
        elif restriction.startswith("<"):
            end = parse_date(restriction[1:])
        elif "-" in restriction:
            a, b = restriction.split("-", 1)
            start, end = parse_date(a), parse_date(b)
    except ValueError:
        return None
    if country is None and sector is None:
        return None
    return Term(country, sector, more, start, end)


def phrase(raw: str) -> str:
    """``VLADIMIR_V._PUTIN_`` -> ``Vladimir V. Putin`` (short single words stay upper case: acronyms)."""
    words = [w for w in raw.strip().strip("_").split("_") if w]
    if len(words) == 1 and len(words[0].replace(".", "")) <= 3:
        return words[0]
    small = {"OF", "THE", "AND", "FOR", "DE", "AL", "BIN", "VON", "VAN", "LA", "LE", "EL", "DA", "DU", "DEL"}
    out = [w.lower() if (w in small and i) else w.capitalize() for i, w in enumerate(words)]
    return " ".join(out)


def _entry(names: list[str], terms: list[Term], source: str, rank: int, line: int) -> Entry | None:
    dated = tuple(t for t in terms if t.start or t.end)
    undated = [t for t in terms if not (t.start or t.end)]
    if not dated and not undated:
        return None
    base = undated[0] if undated else Term(dated[0].code, None)
    if all(t.sector is None and t.code not in INTERNATIONAL for t in terms):
        latest = max(terms, key=lambda t: (t.end is None, t.end or "", t.start or ""))
        return Entry(f"{source}:{line}", names[0], "country", latest.code, None, rank=rank, source=source)
    if dated:
        kind = "person"
    elif base.code and not base.sector and base.code not in INTERNATIONAL:
        kind = "country"
    else:
        kind = "org"
    return Entry(f"{source}:{line}", names[0], kind, base.code, base.sector if undated else None,
                 base.sectors if undated else (), dated, rank=rank, source=source)


def parse_actors(lines, source: str = "actors", rank: int = RANK_IMPORTED) -> Iterator[tuple[Entry, list[str]]]:
    names: list[str] = []
    terms: list[Term] = []
    first = 0
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            names.append(phrase(stripped[1:].split("[")[0]))
            terms += [t for t in map(parse_code, _CODE.findall(stripped)) if t]
            continue
        if stripped.startswith("["):
            if not names:
                raise KnowledgeBaseError(f"{source} line {n}: a code with no actor name before it")
            terms += [t for t in map(parse_code, _CODE.findall(stripped)) if t]
            continue
        if names:
            e = _entry(names, terms, source, rank, first)
            if e:
                yield e, names
        first = n
        names = [phrase(stripped.split("[")[0])]
        terms = [t for t in map(parse_code, _CODE.findall(stripped)) if t]
    if names:
        e = _entry(names, terms, source, rank, first)
        if e:
            yield e, names


def _expand(word: str, subst: dict[str, list[str]]) -> list[str]:
    for key, values in subst.items():
        if key in word:
            return [w for v in values for w in _expand(word.replace(key, v), subst)]
    return [word]


def parse_agents(lines, source: str = "agents", rank: int = RANK_IMPORTED) -> Iterator[tuple[Entry, list[str]]]:
    subst: dict[str, list[str]] = {}
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _SUBST.match(line)
        if m:
            subst[m.group(1)] = [v.strip() for v in m.group(2).split(",") if v.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        head = line.split("[")[0]
        plural = re.search(r"\{([^}]*)\}", head)
        word = re.sub(r"\{[^}]*\}", "", head).strip()
        term = parse_code(codes[0].replace("~", ""))
        if term is None:
            continue
        forms = []
        for w in _expand(word, subst):
            p = w.strip().strip("_").replace("_", " ").lower()
            if p:
                forms.append(p)
                forms += T.plurals(p) if plural is None else []
        if plural and plural.group(1).strip():
            forms += [x.strip().strip("_").replace("_", " ").lower() for x in plural.group(1).split(",")]
        kind = "sector" if term.code is None else "org"
        yield Entry(f"{source}:{n}", forms[0], kind, term.code, term.sector, term.sectors,
                    rank=rank, source=source), forms


def load(path: str | pathlib.Path, rank: int = RANK_IMPORTED) -> Iterator[tuple[Entry, list[str]]]:
    """Entries of one PETRARCH dictionary file; ``.agents`` (or a name containing "agents") is an agents file."""
    path = pathlib.Path(path)
    if not path.exists():
        raise KnowledgeBaseError(f"dictionary {path} not found")
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if "agents" in path.name.lower():
        yield from parse_agents(lines, path.name, rank)
    else:
        yield from parse_actors(lines, path.name, rank)



def export(sources, people_csv, places_csv, orgs_csv) -> tuple[int, int, int]:
    """Convert Phoenix ``.actors`` files into detente's CSV files: people with their terms, the
    place names listed under each country, and organisations. Returns the three counts."""
    import csv

    sources = [pathlib.Path(p) for p in sources]
    names = ", ".join(p.name for p in sources)
    head = (f"# source: {names} (openeventdata/petrarch2 Phoenix dictionaries, MIT, (c) 2014 Open Event Data "
            "Alliance), converted by detente.actors.phoenix.export; facts end in 2014\n")
    counts = [0, 0, 0]
    with open(people_csv, "w", newline="", encoding="utf-8") as fp, \
            open(places_csv, "w", newline="", encoding="utf-8") as fq, \
            open(orgs_csv, "w", newline="", encoding="utf-8") as fo:
        for f in (fp, fq, fo):
            f.write(head)
        wp, wq, wo = csv.writer(fp), csv.writer(fq), csv.writer(fo)
        wp.writerow(["name", "aliases", "country", "sector", "start", "end", "role"])
        wq.writerow(["name", "country"])
        wo.writerow(["name", "aliases", "country", "sector"])
        for src in sources:
            lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
            for entry, found in parse_actors(lines, src.name):
                entry = _checked(entry)
                aliases = ";".join(n for n in found[1:] if " " in n or len(n) >= 4)
                sectors = " ".join(filter(None, (entry.sector,) + tuple(entry.sectors)))
                if entry.kind == "country":
                    for n in found:
                        if len(n) > 3:
                            wq.writerow([n, entry.code])
                            counts[1] += 1
                elif entry.kind == "org":
                    wo.writerow([entry.name, aliases, entry.code or "", sectors])
                    counts[2] += 1
                elif " " in entry.name:  # a one-word name ("Amit") is too ambiguous to import
                    _person_rows(wp, entry, aliases)
                    counts[0] += 1
    return tuple(counts)


def _checked(entry: Entry) -> Entry:
    """Bundled data keeps only real country codes (CAMEO regions such as MEA or WAF become None)."""
    import dataclasses

    def ok(code):
        return code if code and code not in NOT_COUNTRIES and is_country(code) else None

    terms = tuple(dataclasses.replace(t, code=ok(t.code)) for t in entry.terms)
    return dataclasses.replace(entry, code=ok(entry.code), terms=terms)


def _person_rows(writer, entry: Entry, aliases: str) -> None:
    rows = [(t.code, " ".join(filter(None, (t.sector,) + tuple(t.sectors))), t.start or "", t.end or "")
            for t in entry.terms]
    if entry.sector or entry.code:
        rows.append((entry.code, " ".join(filter(None, (entry.sector,) + tuple(entry.sectors))), "", ""))
    for i, (code, sector, start, end) in enumerate(rows):
        writer.writerow([entry.name, aliases if i == 0 else "", code or "", sector, start, end, ""])
