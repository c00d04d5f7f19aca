"""Mentions found by the shape of the text rather than by the tagger: newspaper datelines
("TORRINGTON —", "SALINA, Kan. (AP) —"), "Town, ST" ("Friedensburg, Pa."), county lists
("Clarke, Oconee and Walton counties") and legislators' homes ("D-Kanawha", "D-Pa.")."""
from __future__ import annotations

import re

from detente.where.resolve import Mention, inside

__all__ = ["lookup", "datelines", "container", "town_state", "counties", "party_homes"]

DATELINE = re.compile(
    r"(?:^|\n|[.!?\"”]\s+|\b(?:19|20)\d\d\s+)([A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,3})(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?"
    r"\s*(?:\(\w+\)\s*)?(?:—|–|--|-\s|:\s)")
COUNTY_LIST = re.compile(r"((?:[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?,\s+)*[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?,?\s+(?:and|or)\s+"
                         r"[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?)\s+(?:counties|parishes)\b")


def lookup(gaz, text: str) -> tuple:
    """Candidates for a name of two letters or more; an all-capitals name also as a title ("HARWINTON");
    "X Co." as the county "X County"."""
    if not _two_letters(text):
        return ()
    cands = gaz.lookup(text)
    if not cands and text.isupper() and len(text) > 3:
        cands = gaz.lookup(text.title())
    if not cands and re.search(r"\s(?:Co|CO)\.$", text):  # "Loudon Co." = "Loudon County"
        cands = tuple(e for e in gaz.lookup(text[:-3].rstrip() + " County") if e.kind == "county")
    return cands


def _two_letters(text: str) -> bool:
    """Whether ``text`` holds at least two letters (read up to the second: a name's first two characters mostly)."""
    seen = False
    for ch in text:
        if ch.isalpha():
            if seen:
                return True
            seen = True
    return False


def datelines(body: str, gaz) -> list:
    """'TORRINGTON —', 'SALINA, Kan. (AP) —' at the start of the text or of a sentence, or after the
    year of a byline's date ("March 3, 2009 TORRINGTON —")."""
    out = []
    for m in DATELINE.finditer(body):
        name = m.group(1).rstrip(".")
        cands = gaz.lookup(name.title()) or gaz.lookup(name)
        if cands and (name.isupper() or len(name) > 3):
            out.append(Mention(m.start(1), m.start(1) + len(name), name, cands))
    return out


def container(text: str, gaz) -> tuple:
    """The state, province or country a text written after a comma names ("Okla.", "KY",
    "Ky", "Ohio", "N.L."), as (length, entry), else (0, None)."""
    m = re.match(r"[A-Z][A-Za-z]*\.?(?:\s?[A-Z][A-Za-z]*\.?)?", text)
    if not m:
        return 0, None
    words = m.group(0)
    for cut in dict.fromkeys((words, words.split()[0])):
        if re.fullmatch(r"[A-Z]{2}", cut) and cut in gaz.states:
            return len(cut), gaz.states[cut]
        for variant in dict.fromkeys((cut, cut.rstrip("."), cut + ".")):
            for e in gaz.lookup(variant):
                if e.kind in ("state", "region", "province", "country"):
                    return min(len(variant), len(cut)), e
    return 0, None


def town_state(body: str, gaz, found: list) -> list:
    """'Thackerville, Okla.', 'LOUISVILLE, KY': a town the tagger missed, read within the state after it."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for comma in re.finditer(r"(?<=[A-Za-z.]),\s+(?=[A-Z])", body):
        length, region = container(body[comma.end():comma.end() + 25], gaz)
        if region is None:
            continue
        words = list(re.finditer(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$", body[max(0, comma.start() - 60):comma.start()]))
        if not words:
            continue
        offset = max(0, comma.start() - 60)
        phrase = words[0]
        tokens = list(re.finditer(r"[A-Z][\w'’.-]*", phrase.group(0)))
        for i in range(len(tokens)):  # longest first
            start = offset + phrase.start() + tokens[i].start()
            name = body[start:comma.start()]
            known = dict.fromkeys((*lookup(gaz, name), *gaz.localities(name)))  # "Brandon, Minn.": the village
            cands = tuple(c for c in known if c.kind in ("city", "county", "locality") and inside(c, region))
            if cands and not any(start < e and s < comma.start() for s, e in taken):
                out.append(Mention(start, comma.start(), name, cands, within=(region,)))
                break
        r_start = comma.end()
        if not any(r_start < e and s < r_start + length for s, e in taken):
            out.append(Mention(r_start, r_start + length, body[r_start:r_start + length], (region,)))
    return out


def counties(body: str, gaz) -> list:
    """Each name of 'Clarke, Oconee and Walton counties' read as a county."""
    out = []
    for m in COUNTY_LIST.finditer(body):
        plural = body[m.end(1):m.end()].split()[-1]
        suffix = " Parish" if plural == "parishes" else " County"
        for part in re.finditer(r"[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?", m.group(1)):
            start, name = m.start(1) + part.start(), part.group(0)
            cands = tuple(c for c in gaz.lookup(name + suffix) if c.kind == "county")
            if not cands and " " in name:  # a word before the first name: "Rural Eastland and Callahan counties"
                start, name = start + name.index(" ") + 1, name.split(" ", 1)[1]
                cands = tuple(c for c in gaz.lookup(name + suffix) if c.kind == "county")
            if cands:
                out.append(Mention(start, start + len(name), name, cands))
    return out


def party_homes(body: str, gaz) -> list:
    """A US legislator's home after the party letter: 'D-Pa.' (the state), 'Tom Bakk, DFL-Cook',
    'D-Kanawha' (a county or town)."""
    out = []
    for m in re.finditer(r"\b(?:DFL|[DRI])-([A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?)", body):
        length, state = container(m.group(1), gaz)
        if state is not None and state.country == "USA":
            out.append(Mention(m.start(1), m.start(1) + length, body[m.start(1):m.start(1) + length], (state,)))
            continue
        name = m.group(1).rstrip(".'-")
        cands = tuple(c for c in gaz.lookup(name + " County") if c.kind == "county") + gaz.lookup(name)
        cands = tuple(c for c in cands if c.kind in ("city", "county") and c.country == "USA")
        if cands:
            out.append(Mention(m.start(1), m.start(1) + len(name), name, cands))
    return out
