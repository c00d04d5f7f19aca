"""User dictionaries: YAML or CSV files of actors and sector words (format in README.md).

YAML::

    actors:
      - name: Freedonia                 # kind: country | adjective | capital | org | person
        kind: country
        code: FRD
        aliases: [Republic of Freedonia]
        adjectives: [Freedonian]        # country only: adjectives / demonyms
        capitals: [Freedonia City]      # country only: seats of government
      - name: Rufus T. Firefly
        aliases: [Firefly]
        terms:                          # person: dated codes (ISO dates, inclusive; end may be empty)
          - {code: FRD, sector: GOV, start: 1933-01-01, end: 1935-12-31, role: leader}
        code: FRD                       # undated default, used outside every term
        sector: ELI
    sectors:
      GOV: [grand vizier]               # PLOVER v0.8 sector -> words (regular plurals added)

CSV: a header ``name,aliases,country,sector,start,end,kind`` (``aliases`` separated by ``;``,
``sector`` may hold a secondary code after a space); rows with the same name and dates are
the terms of one person; ``kind=sector`` rows are sector words.
"""
from __future__ import annotations

import csv
import pathlib
from typing import Iterator

import yaml

from detente.actors import text as T
from detente.actors.codes import is_sector, normalize_country
from detente.actors.entries import RANK_USER, Entry, KnowledgeBaseError, Term

KINDS = frozenset({"country", "adjective", "capital", "org", "person", "sector", "seat"})


def _sectors(value, where: str) -> tuple[str | None, tuple]:
    parts = str(value or "").split()
    for p in parts:
        if not is_sector(p):
            raise KnowledgeBaseError(f"{where}: {p!r} is not a PLOVER v0.8 sector code (e.g. GOV, MIL, COP)")
    return (parts[0] if parts else None), tuple(parts[1:])


def _date(value, where: str) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise KnowledgeBaseError(f"{where}: date {text!r} must be YYYY-MM-DD")
    return text


def _entry(item: dict, where: str, source: str) -> Iterator[tuple[Entry, list[str]]]:
    name = item.get("name")
    if not name:
        raise KnowledgeBaseError(f"{where}: an actor needs a name")
    terms = []
    for i, t in enumerate(item.get("terms") or []):
        sec, more = _sectors(t.get("sector"), f"{where} term {i + 1}")
        terms.append(Term(normalize_country(t.get("code") or t.get("country") or item.get("code")), sec, more,
                          _date(t.get("start"), where), _date(t.get("end"), where), str(t.get("role") or "")))
    kind = item.get("kind") or ("person" if terms else "org")
    if kind not in KINDS:
        raise KnowledgeBaseError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    code = normalize_country(item.get("code") or item.get("country"))
    sec, more = _sectors(item.get("sector"), where)
    names = [name] + list(item.get("aliases") or [])
    if kind == "sector":
        forms = [n.lower() for n in names]
        forms += [p for n in forms for p in T.plurals(n)]
        yield Entry(f"{source}:{name}", name, "sector", None, sec, more, rank=RANK_USER, source=source), forms
        return
    eid = code if kind == "country" else f"{source}:{name}"
    yield Entry(eid, name, kind, code, sec, more, tuple(terms), rank=RANK_USER, source=source), names
    if kind == "country":
        yield Entry(f"{code}:adj", name, "adjective", code, None, rank=RANK_USER, source=source), \
            list(item.get("adjectives") or [])
        yield Entry(f"{code}:capital", name, "capital", code, "GOV", rank=RANK_USER, source=source), \
            list(item.get("capitals") or [])


def load_yaml(path: pathlib.Path) -> Iterator[tuple[Entry, list[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: want a mapping with 'actors' and/or 'sectors'")
    for i, item in enumerate(data.get("actors") or [], 1):
        yield from _entry(item, f"{path} actor {i}", path.name)
    for code, words in (data.get("sectors") or {}).items():
        for w in words:
            yield from _entry({"name": w, "kind": "sector", "sector": code}, f"{path} sectors.{code}", path.name)


def load_csv(path: pathlib.Path) -> Iterator[tuple[Entry, list[str]]]:
    groups: dict[tuple, dict] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise KnowledgeBaseError(f"{path}: the header must include name,aliases,country,sector,start,end,kind")
        for n, row in enumerate(reader, 2):
            kind = (row.get("kind") or "").strip()
            dated = (row.get("start") or "").strip() or (row.get("end") or "").strip()
            key = (row["name"].strip(), kind or ("person" if dated else "org"))
            item = groups.setdefault(key, {"name": key[0], "kind": key[1], "aliases": [], "terms": []})
            item["aliases"] += [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            if dated:
                item["terms"].append({"code": row.get("country"), "sector": row.get("sector"),
                                      "start": row.get("start"), "end": row.get("end")})
            else:
                item["code"], item["sector"] = row.get("country"), row.get("sector")
    for (name, _), item in groups.items():
        yield from _entry(item, f"{path} ({name})", path.name)


def load(path: str | pathlib.Path) -> Iterator[tuple[Entry, list[str]]]:
    path = pathlib.Path(path)
    if not path.exists():
        raise KnowledgeBaseError(f"user dictionary {path} not found")
    if path.suffix.lower() == ".csv":
        yield from load_csv(path)
    else:
        yield from load_yaml(path)
