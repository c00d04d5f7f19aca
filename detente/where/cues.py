"""What the words around a toponym say, and the relations they give the mentions of an article.

- cues read by detection and by the ranker: a locative before a name ("in", "the town of", "Watson,
  30, of"), an institution or place noun after it ("Danbury police", "the Dadaab camps"), municipal
  words ("City Council", "the Lebanon middle school"), a residence ("Jolly, 60, Lebanon", "a Lebanon
  man", "12 Elm St., Lebanon");
- relations between the mentions ``detect.mentions`` found (``relations``): apposition ("Paris,
  Texas"), municipal words and residences (``local``), state words ("New York Gov.", "the state of
  Ohio"), lists ("Oregon and Washington"), and the entity label, locative and institution noun of each.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from detente.wordlists import word_list

__all__ = ["INSTITUTION", "MUNICIPAL", "LOCATIVE_BEFORE", "alternation", "marked", "placed", "residence", "relations"]

WORDS = Path(__file__).parent / "data" / "words.yaml"  # the place stage's word lists, with their source


def alternation(name: str) -> str:
    """The list ``name`` of data/words.yaml as a regular-expression alternation, longest words first."""
    words = sorted(word_list(WORDS, name), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace("\\ ", " ") for w in words)


CONTAINERS = {"state", "region", "province", "country"}
INSTITUTION = re.compile(r"\s*(?:City\s+|County\s+)?(?:" + alternation("institution_after") + r")\b")
MUNICIPAL = re.compile(r"(?:-\w+)?\s+(?:" + alternation("municipal_after") + r")\b")
# where someone lives: "Jolly, 60, Lebanon", "a resident of Lebanon", "a Lebanon man"
RESIDENCE_BEFORE = re.compile(r"(?:\b\d{1,3},\s+(?:of\s+)?|\b(?:resident|residents|man|woman|teen|couple|family)\s+of\s+)$")
RESIDENCE_AFTER = re.compile(r"\s+(?:" + alternation("residence_after") + r")\b")
ADDRESS_BEFORE = re.compile(r"\b\d+\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’]*\s+){1,3}(?:St|Ave|Rd|Road|Street|Avenue|Dr|Drive|"
                            r"Lane|Ln|Blvd|Boulevard|Pike|Highway|Hwy|Way|Court|Ct|Place|Pl|Circle|Cir|Parkway|Pkwy)\.?,\s+$")
# a place marked as such by the words before it: "in Clinton", "the town of Calais", "Watson, 30, of Ten Mile"
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside|from|to|into|toward|towards|around|across|through|throughout|between|"
    r"via|visit|visited|visiting|northwest|northeast|southwest|southeast|north|south|east|west|"
    r"downtown|suburban|rural|nearby)"
    r"|\b(?:(?i:towns?|city|cities|villages?|township|borough|community|county|hamlet|district|province|region|"
    r"islands?|municipality|prefecture|department)|resident|residents|native|mayor)\s+of"
    r"|\b(?:town|city|village|place)\s+(?:called|named)"
    r"|(?:\d|[a-z]),\s+of)\s+(?:the\s+)?$")

STATE_AFTER = re.compile(r"\s+(?:state\b|State\b|Gov\.|[Gg]overnor\b|Legislature\b|General Assembly\b|lawmakers\b|"
                         r"legislators\b|Attorney General\b|Highway Patrol\b|State Patrol\b|Supreme Court\b)")
STATE_BEFORE = re.compile(r"\b(?:[Ss]tate|[Gg]overnor|[Gg]ov\.) of\s+$")
LIST_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
# the locatives that take a person as readily as a place ("according to Taylor", "between Bell and Eggers")
PERSON_TAKING = re.compile(r"\b(?:to|from|toward|towards|between|visit|visited|visiting)\s+(?:the\s+)?$")


def marked(body: str, start: int, end: int) -> bool:
    """Whether the words before the name at ``start:end`` mark it as a place ("in", "near",
    "the town of", "Watson, 30, of"), unless a possessive follows ("in Clinton's plan", "in Jones' name")."""
    if LOCATIVE_BEFORE.search(body[max(0, start - 40):start]):
        return not re.match(r"['’]s\b", body[end:end + 3]) and not (
            body[end - 1:end] == "s" and re.match(r"['’](?!\w)", body[end:end + 2]))  # "in Flores' honor"
    return False


def placed(body: str, start: int, end: int) -> bool:
    """Whether the words before the name mark it as a place and could not mark a person: a name the
    article also writes as a person's ("Sgt. Dana Marlow" ... "talking to Marlow") stays the person."""
    return marked(body, start, end) and not PERSON_TAKING.search(body[max(0, start - 20):start])


def _context(body: str, ents, found: list) -> list:
    """Each mention with what the ranker reads around it: the label of the entity holding it,
    a locative before it, a place or institution noun after it."""
    spans = [(e.start_char, e.end_char, e.label_) for e in ents]
    out = []
    for m in found:
        if m.demonym:
            out.append(m)
            continue
        label = next((lab for s, e, lab in spans if s <= m.start < e), "")
        out.append(replace(m, label=label, marked=marked(body, m.start, m.end),
                           institution=INSTITUTION.match(body, m.end) is not None))
    return out



def _states(text: str, found: list) -> list:
    """'New York state', 'the state of Washington', 'Ohio Gov. Ted Strickland': the state."""
    return [replace(m, state=True) if not m.demonym and (STATE_AFTER.match(text, m.end) or STATE_BEFORE.search(
        text[max(0, m.start - 20):m.start])) else m for m in found]


def _lists(text: str, found: list) -> list:
    """Names listed together ('Oregon and Washington', 'Clarke, Oconee and Walton') share a
    list index; two names with a comma alone are an apposition, not a list."""
    out = list(found)
    runs, run, joined = [], [0], False
    for i in range(1, len(out)):
        sep = LIST_SEP.fullmatch(text[out[i - 1].end:out[i].start])
        if sep and not out[i].demonym and not out[i - 1].demonym:
            run.append(i)
            joined = joined or "," not in sep.group(0) or bool(re.search(r"\b(?:and|or)\b", sep.group(0)))
            continue
        if len(run) > 2 or (len(run) == 2 and joined):
            runs.append(run)
        run, joined = [i], False
    if len(run) > 2 or (len(run) == 2 and joined):
        runs.append(run)
    for n, members in enumerate(runs):
        for i in members:
            out[i] = replace(out[i], listed=n)
    return out


def residence(text: str, start: int, end: int) -> bool:
    """Where someone lives: "Jolly, 60, Lebanon", "a resident of Lebanon", "a Lebanon man", the town
    of a street address ("12 Elm St., Lebanon")."""
    before = text[max(0, start - 30):start]
    if RESIDENCE_BEFORE.search(before) or ADDRESS_BEFORE.search(text, max(0, start - 50), start):
        return True
    return RESIDENCE_AFTER.match(text, end) is not None and re.search(r"\b(?:[Aa]n?|[Tt]he|[Tt]wo|[Tt]hree)\s+$", before) is not None



def _appositions(text: str, found: list) -> list:
    """'Dublin, Ohio': the second name restricts the first; 'Jordan City Council': a town."""
    out = [replace(m, local=True) if not m.demonym and (MUNICIPAL.match(text, m.end) or residence(text, m.start, m.end)) else m
           for m in found]
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if re.fullmatch(r"\s*,\s*", text[a.end:b.start]) and not a.demonym:
            within = tuple(c for c in b.candidates if c.kind in CONTAINERS)
            if within:
                out[i] = replace(a, within=within, weak=False)
    return out


def relations(body: str, ents, found: list) -> list:
    """The mentions (sorted by offset) with their relations and the words around them."""
    return _context(body, ents, _lists(body, _states(body, _appositions(body, found))))
