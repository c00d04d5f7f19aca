"""The Russian knowledge base: names by inflected form, read from ``data/`` and from pycountry's Russian names.

Every alias word is expanded to all its inflected forms (pymorphy2's lexeme) once at load, so "Азербайджан"
matches "Азербайджана", "Азербайджаном"; an article token matches a word when its lower-cased text or its lemma
is one of them. Country full names come at run time from pycountry's Russian ``iso3166-1`` translations
(LGPL-2.1 data inside the installed package, read, not copied).
"""
from __future__ import annotations

import csv
import functools
import gettext
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
EN_PEOPLE = Path(__file__).parent.parent / "actors" / "data" / "people.csv"
MAX_WORDS = 8


@dataclass(frozen=True)
class Term:
    code: str | None
    sector: str | None
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Entry:
    """``kind``: country, adjective, capital, partial, region, org, person, sector, modifier."""

    id: str
    name: str
    kind: str
    code: str | None = None
    sector: str | None = None
    terms: tuple = ()
    source: str = ""

    def at(self, date: str | None) -> tuple[str | None, str | None]:
        """(code, sector) at ``date``: the term that covers it, else the last term with ELI after it ended."""
        if not self.terms:
            return self.code, self.sector
        if date:
            for t in self.terms:
                if (t.start is None or t.start <= date) and (t.end is None or date <= t.end):
                    return t.code, t.sector
            ended = [t for t in self.terms if t.end and t.end < date]
            if ended and len(ended) == len(self.terms):
                last = max(ended, key=lambda t: t.end)
                return last.code, "ELI"
            return self.code, self.sector
        current = [t for t in self.terms if t.end is None]
        t = current[-1] if current else max(self.terms, key=lambda t: t.end or "")
        return t.code, t.sector


@dataclass
class KB:
    entries: list = field(default_factory=list)
    # first word form -> [(entry, tuple of form-sets, needs capital)]
    index: dict = field(default_factory=dict)

    def add(self, entry: Entry, alias: str, forms_of, cap: bool) -> None:
        words = alias.split()
        if not words or len(words) > MAX_WORDS:
            return
        sets = tuple(forms_of(w) for w in words)
        for form in sets[0]:
            self.index.setdefault(form, []).append((entry, sets, cap))


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn") \
        .replace("и\u0306", "й")


def _rows(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield [c.strip() for c in line.rstrip("\n").split("\t")]


def _split(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def _pycountry_names() -> dict[str, list[str]]:
    import pycountry

    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:  # pragma: no cover - a pycountry without Russian names
        return {}
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = []
        for attr in ("name", "official_name", "common_name"):
            en = getattr(c, attr, None)
            ru = tr.gettext(en) if en else None
            if ru and ru != en:
                names.append(_strip_accents(unicodedata.normalize("NFC", ru)))
        out[c.alpha_3] = names
    return out


def _english_terms() -> dict[str, tuple]:
    terms: dict[str, list] = {}
    if not EN_PEOPLE.exists():
        return {}
    with open(EN_PEOPLE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            try:
                sector = (row.get("sector") or "").split()[0] or None
            except IndexError:
                sector = None
            terms.setdefault(row["name"], []).append(
                Term(row.get("country") or None, sector, row.get("start") or None, row.get("end") or None))
    return {k: tuple(v) for k, v in terms.items()}


def norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def _endings(low: str) -> set:
    """Case forms of a noun by its ending, for names pymorphy2 does not know (Пашинян, Мирзиёев)."""
    if low.endswith(("ия", "ья")):
        return {low[:-1] + e for e in ("и", "ю", "ей")}
    if low.endswith("а"):
        return {low[:-1] + e for e in ("ы", "и", "е", "у", "ой")}
    if low.endswith("ь"):
        return {low[:-1] + e for e in ("я", "ю", "ем", "е", "и", "ью")}
    if low.endswith("й"):
        return {low[:-1] + e for e in ("я", "ю", "ем", "е")}
    if low[-1:] in "бвгджзклмнпрстфхцчшщ":
        inst = "ым" if low.endswith(("ов", "ев", "ин", "ын", "ёв")) else "ом"
        return {low + e for e in ("а", "у", "е", inst)}
    return set()


def _forms_factory(names_only: bool = False):
    """``forms_of(word)``: the word's inflected forms. With ``names_only`` a pymorphy2 reading counts only when
    the word is its normal form (a name is listed in the nominative) or an adjective ("Южная"), so a name that is also a form of a common
    word ("Газах", locative plural of "газ") does not take that word's forms ("газу")."""
    from detente import nlp

    morph = nlp.load_ru().vocab_morph

    @functools.lru_cache(maxsize=None)
    def forms_of(word: str) -> frozenset:
        low = word.lower()
        out = {norm(low)}
        if word.isupper() or any(ch.isdigit() for ch in word) or not any("а" <= ch <= "я" for ch in low):
            return frozenset(out)  # abbreviations and Latin names do not inflect
        if "-" in low:  # "Касым-Жомарт", "Нью-Дели": inflect the last part only
            head, _, last = low.rpartition("-")
            return frozenset(out | {head + "-" + f for f in forms_of(last)})
        for p in morph.parse(low)[:2]:
            if names_only and norm(p.normal_form) != norm(low) and "ADJF" not in p.tag:
                continue
            out.add(p.normal_form)
            out.update(f.word for f in p.lexeme)
        out.update(_endings(low))
        return frozenset(norm(f) for f in out)

    return forms_of


@functools.lru_cache(maxsize=1)
def load() -> KB:
    forms_of = _forms_factory()
    kb = KB()
    extra = _pycountry_names()
    for code, names, adjectives, capitals in (r + [""] * (4 - len(r)) for r in _rows("countries.tsv")):
        country = Entry(code, (_split(names) or [code])[0], "country", code, None, source="countries.tsv")
        for alias in dict.fromkeys(_split(names) + extra.get(code, [])):
            kb.add(country, alias, forms_of, cap=True)
        for alias in _split(adjectives):
            kb.add(Entry(code + ":adj", country.name, "adjective", code, None, source="countries.tsv"),
                   alias, forms_of, cap=False)
        for alias in _split(capitals):
            kb.add(Entry(code + ":capital", alias, "capital", code, "GOV", source="countries.tsv"),
                   alias, forms_of, cap=True)
    listed = {r[0] for r in _rows("countries.tsv")}
    for code, names in extra.items():  # every other state, by its pycountry names
        if code not in listed:
            entry = Entry(code, names[0], "country", code, None, source="pycountry iso3166-1 ru")
            for alias in names:
                kb.add(entry, alias, forms_of, cap=True)
    for code, sector, names, adjectives in (r + [""] * (4 - len(r)) for r in _rows("regions.tsv")):
        kind = "partial" if sector else "region"
        for alias in _split(names):
            kb.add(Entry(f"{code}:{kind}:{alias}", alias, kind, code, sector or None, source="regions.tsv"),
                   alias, forms_of, cap=True)
        for alias in _split(adjectives):
            kb.add(Entry(f"{code}:{kind}-adj", alias, "adjective", code, sector or None, source="regions.tsv"),
                   alias, forms_of, cap=False)
    en_terms = _english_terms()
    for names, english, code, sector in (r + [""] * (4 - len(r)) for r in _rows("people.tsv")):
        entry = Entry("person:" + english, english, "person", code or None, sector or None,
                      en_terms.get(english, ()), source="people.tsv")
        for alias in _split(names):
            kb.add(entry, alias, forms_of, cap=True)
    for names, code, sector, english in (r + [""] * (4 - len(r)) for r in _rows("organisations.tsv")):
        entry = Entry("org:" + english, english, "org", None if code == "-" else (code or None), sector or None,
                      source="organisations.tsv")
        for alias in _split(names):
            kb.add(entry, alias, forms_of, cap=alias[0].isupper())
    for sector, words in (r + [""] * (2 - len(r)) for r in _rows("sectors.tsv")):
        kind = "modifier" if sector == "ELI" else "sector"
        for alias in _split(words):
            kb.add(Entry("sector:" + alias, alias, kind, None, sector, source="sectors.tsv"), alias, forms_of,
                   cap=False)
    return kb
