"""Temporal expressions: a small regex grammar and its TimeML normaliser.

Each rule is a compiled pattern and a function that turns the match (and the document
date) into a TimeML value and kind. :func:`scan` runs every rule, keeps the longest
match at each place, and returns ``(start, end, value, kind)`` tuples.

Relative expressions need a direction: "Friday" in a past-tense sentence is the last
Friday, in a future-tense one the next. The caller passes ``tense(start)`` which answers
"past", "future" or None for the clause around a character offset.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Optional

from detente.when.normalize import (
    NUMBERS, n_ago, n_decade, n_deixis, n_duration, n_iso, n_modified_year, n_month, n_month_day, n_month_day_year,
    n_month_rel, n_month_year, n_ref, n_season, n_spelled_year, n_this_unit, n_weekday, n_year, n_year_ago,
    n_year_end,
)

_MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
          r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DAYNUM = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = "|".join(sorted((re.escape(k) for k in NUMBERS), key=len, reverse=True))
_NUM = rf"(?P<num>\d+(?:\.\d+)?|(?:{_NUM_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|several|a few|few|many)"
_UNIT = r"(?P<unit>day|week|month|year|decade|century|centurie|hour|minute|fortnight|quarter)s?"
_MOD = r"(?:(?P<mod>early|earl(?:y|ier) in|mid|the middle of|late|the (?:beginning|start|end) of|around|the first half of|the second half of)[- ]?\s*)?"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_ONES}))?"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    normalise: Callable  # (match, dct: date | None, direction: str | None) -> (value, kind) | None


_I = re.IGNORECASE
RULES: tuple = (
    Rule("iso", re.compile(r"\b(?P<year>(?:1[0-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"), n_iso),
    Rule("weekday_month_day_year", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MOD}{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}\b"), n_month_day_year),
    Rule("day_month_year", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAYNUM}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"), n_month_day_year),
    Rule("month_year", re.compile(rf"\b{_MOD}{_MONTH},?\s+(?:of\s+)?{_YEAR}\b(?!\s*(?:%|percent))"), n_month_year),
    Rule("month_rel", re.compile(rf"\b(?P<rel>(?i:last|this|next|this coming|this past|previous))\s+{_MONTH}(?!\s+\d)\b"), n_month_rel),
    Rule("month_of_year", re.compile(rf"\b{_MOD}{_MONTH},?\s+(?:of\s+)?(?P<rel2>(?i:last|this|next|the previous|the following)) year\b"), n_month_rel),
    Rule("month_day", re.compile(rf"\b(?:(?:{_WEEKDAY}),?\s+)?(?:around\s+)?{_MONTH}\s+{_DAYNUM}\b(?!\s*(?:%|percent|,\s*\d{{4}}))"), n_month_day),
    Rule("day_month", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAYNUM}\s+(?:of\s+)?{_MONTH}\b"), n_month_day),
    Rule("month", re.compile(rf"\b{_MOD}{_MONTH}\b(?!\s*\d)"), n_month),
    Rule("year_mod", re.compile(rf"\b(?:(?:early|mid|late|fiscal|calendar|the end of|the beginning of|the start of|the summer of|the spring of|the autumn of|the fall of|the winter of)[- ]?\s*){_YEAR}\b"), n_modified_year),
    Rule("decade", re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<dec>(?:1[0-9]|20)\d0)'?s\b"), n_decade),
    Rule("year", re.compile(rf"(?<![\d$€£.,/-]){_YEAR}(?![\d%/]|,\d|\s*(?:%|percent|per cent|people|troops|soldiers|dollars|euros|pounds|yen|km|kilometres|kilometers|miles|tons|tonnes|meters|metres|feet|barrels|cases|hectares)\b)"), n_year),
    Rule("spelled_year", re.compile(rf"\b(?:{_MONTH}\s+)?(?:the year\s+)?(?P<spelled>(?:nineteen|twenty)[- ](?:{_TENS}|{_TEENS}|hundred)|two thousand(?:\s+(?:and\s+)?(?:{_TENS}|{_TEENS}|{_ONES}))?)\b", _I), n_spelled_year),
    Rule("year_end", re.compile(r"\b(?:around\s+|the\s+)?year(?:'s)?[- ]end\b", _I), n_year_end),
    Rule("year_ago", re.compile(r"\b(?:the\s+)?year[- ](?:earlier|ago)\b", _I), n_year_ago),
    Rule("deixis", re.compile(r"\b(?P<deixis>(?:(?:early|late|earlier|later)\s+)?(?:today|yesterday|tomorrow|tonight))\b", _I), n_deixis),
    Rule("ref", re.compile(r"\b(?:right now|now|currently|nowadays|these days|at present|recently|recent (?:days|weeks|months|years)|lately|soon|(?:in )?the (?:near |distant )?future|(?:the )?coming (?:days|weeks|months|years)|in the past|previously|formerly)\b", _I), n_ref),
    Rule("weekday", re.compile(rf"\b(?:(?P<wrel>last|next|this coming|this past|the previous|previous|coming|this|early|late|earlier|later)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b"), n_weekday),
    Rule("this_unit", re.compile(r"\b(?P<rel>(?:(?:earlier|later|early|late)(?:\s+in)?\s+)?(?:this|last|next|the past|the previous|the following|the coming|the current|the latest|the full|the whole|the entire)|the)\s+(?:fiscal\s+|calendar\s+)?(?P<unit>year|month|week|quarter|decade)\b(?!\s*(?:-|\s)?(?:old|long|earlier|ago|end))", _I), n_this_unit),
    Rule("season", re.compile(r"\b(?:(?P<rel>last|this|next|past)\s+|(?:the\s+))(?P<season>spring|summer|autumn|fall|winter)(?:\s+of\s+(?P<year>(?:1[0-9]|20)\d\d))?\b", _I), n_season),
    Rule("ago", re.compile(rf"\b(?:(?:about|nearly|almost|some|more than|over|less than|around|roughly|just|only)\s+)?{_NUM}\s+{_UNIT}\s+(?:or so\s+)?(?P<dir>ago|earlier|before|later|from now|hence)\b", _I), n_ago),
    Rule("duration", re.compile(rf"\b(?:(?:the\s+)?(?:past|last|next|first|previous|coming|following)\s+)?(?:(?:about|nearly|almost|some|more than|over|less than|around|roughly|up to|at least)\s+)?{_NUM}[- ]{_UNIT}\b(?!\s+(?:ago|earlier|before|later|from now))", _I), n_duration),
)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,.":
        # keep the dot of an abbreviation such as "Sept." only when the span ends there
        if text[end - 1] == "." and re.search(r"\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$", text[start:end]):
            break
        end -= 1
    return start, end


# ---------------------------------------------------------------- speed (the same matches, found sooner)
# A rule here cannot match a text whose lower-cased form holds none of its words: it is skipped there.
_GATES = {
    "spelled_year": ("nineteen", "twenty", "two thousand"),
    "year_end": ("end",),
    "year_ago": ("year",),
    "deixis": ("today", "yesterday", "tomorrow", "tonight"),
    "this_unit": ("year", "month", "week", "quarter", "decade"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
}
_WEEKDAY_GATE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
# Every match of these rules holds one of the anchor's words (the direction word of "ago", the unit of
# "duration") at most ``_RUNS_BEFORE`` whitespace-separated runs after its start: they are run only in
# windows around the anchors, with ``finditer``'s left-to-right, non-overlapping order kept.
_UNIT_WORDS = r"day|week|month|year|decade|centur|hour|minute|fortnight|quarter"
_ANCHORS = {
    "ago": re.compile(r"ago|earlier|before|later|from now|hence"),
    "duration": re.compile(rf"(?<=[- ])(?:{_UNIT_WORDS})"),
}
_RUNS_BEFORE = 12
_AFTER = 24  # characters read past an anchor (and the blanks after it) for the rules' look-aheads
# The rules that name a month in capitals (``_MONTH`` is case-sensitive and every name starts with one of these
# three letters) run only around the months of the text: a match holds one at most 5 runs after its start
# ("Monday, the first half of March") and ends at most 5 runs after it ("March, of the following year"),
# its look-aheads reading one run further; a window ends ``_MONTH_RUNS_AFTER`` runs after the month, at a blank
# (so a word boundary or look-ahead at the window's end reads as it does in the whole text).
_MONTH_RULES = frozenset({"weekday_month_day_year", "day_month_year", "month_year", "month_rel", "month_of_year",
                          "month_day", "day_month", "month"})
_MONTH_ANCHOR = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_MONTH_RUNS_AFTER = 10


def _run_start(text: str, i: int, runs: int) -> int:
    """The start of the ``runs``-th whitespace-separated run of characters before offset ``i``."""
    for _ in range(runs):
        while i > 0 and text[i - 1].isspace():
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        if i == 0:
            break
    return i


def _run_end(text: str, i: int, runs: int) -> int:
    """The end of the ``runs``-th whitespace-separated run of characters from offset ``i`` (the rest of the run
    ``i`` is in counts as the first)."""
    n = len(text)
    for _ in range(runs):
        while i < n and not text[i].isspace():
            i += 1
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            break
    while i > 0 and i < n and text[i - 1].isspace():
        i -= 1  # at the blank after the last run
    return i


def _windows(anchor: re.Pattern, text: str, low: str, runs_after: int = 0) -> list:
    """Merged ``[start, bound, endpos]``: a match starts in [start, bound) and ends before endpos (``runs_after``
    whitespace-separated runs past the anchor, else ``_AFTER`` characters past the blanks after its end)."""
    out: list = []
    n = len(text)
    for k in anchor.finditer(low):
        start = _run_start(text, k.start(), _RUNS_BEFORE)
        if runs_after:
            endpos = _run_end(text, k.end(), runs_after)
        else:
            end = k.end() + 1
            while end < n and text[end].isspace():
                end += 1
            endpos = min(n, end + _AFTER)
        if out and start < out[-1][1]:
            out[-1][1], out[-1][2] = k.end(), max(out[-1][2], endpos)
        else:
            out.append([start, k.end(), endpos])
    return out


def _finditer(rule: Rule, text: str, low: Optional[str], windows: Optional[dict] = None):
    """``rule.pattern.finditer(text)``, skipping the parts of ``text`` where it cannot match; ``windows``: the
    anchors' windows in this text found so far (several rules share an anchor: the eight month rules one)."""
    if low is None:
        return rule.pattern.finditer(text)
    gate = _GATES.get(rule.name)
    if gate is not None and not any(w in low for w in gate):
        return ()
    if rule.name == "weekday" and not _WEEKDAY_GATE.search(text):
        return ()
    if rule.name == "decade" and "0s" not in text and "0's" not in text:
        return ()
    windows = {} if windows is None else windows
    if rule.name in _MONTH_RULES:
        if _MONTH_ANCHOR not in windows:  # case-sensitive: found in the text itself
            windows[_MONTH_ANCHOR] = _windows(_MONTH_ANCHOR, text, text, _MONTH_RUNS_AFTER)
        return _windowed(rule.pattern, text, windows[_MONTH_ANCHOR])
    anchor = _ANCHORS.get(rule.name)
    if anchor is None:
        return rule.pattern.finditer(text)
    if anchor not in windows:
        windows[anchor] = _windows(anchor, text, low)
    return _windowed(rule.pattern, text, windows[anchor])


def _windowed(pattern: re.Pattern, text: str, windows: list):
    last = 0
    for start, bound, endpos in windows:
        for m in pattern.finditer(text, max(start, last), endpos):
            if m.start() >= bound:
                break
            yield m
            last = m.end()


def _lowered(text: str) -> Optional[str]:
    """``text`` lower-cased with the same offsets, or None when the gates could miss a case-blind match
    (characters the regex engine folds to an ASCII letter that ``str.lower`` does not: long s, dotless i)."""
    if "\u017f" in text or "\u0131" in text:
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


def scan(text: str, dct: Optional[dt.date], tense: Callable[[int], Optional[str]] = lambda i: None):
    """All temporal expressions in ``text``: sorted, non-overlapping ``(start, end, value, kind)``."""
    found = []
    low, windows = _lowered(text), {}
    for order, rule in enumerate(RULES):
        for m in _finditer(rule, text, low, windows):
            start, end = _strip(text, m.start(), m.end())
            if end <= start:
                continue
            found.append((start, end, order, rule, m))
    # longest first, then the earlier rule
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for start, end, _order, rule, m in found:
        if any(start < e and s < end for s, e in taken):
            continue
        if rule.name == "month" and not _is_month_word(text, m):
            continue
        result = rule.normalise(m, dct, tense(start))
        taken.append((start, end))
        if result is None:
            continue
        out.append((start, end, result[0], result[1]))
    return sorted(out)


def _is_month_word(text: str, m) -> bool:
    """A bare month name; 'May' and 'March' are often a modal or a verb/noun."""
    word = m["month"]
    if not word[0].isupper():
        return False
    if word.lower().rstrip(".") in ("may", "mar", "jan", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "apr", "feb") and not m["mod"]:
        before = text[max(0, m.start() - 12):m.start()].lower()
        if word.lower() == "may" or word.endswith(".") is False:
            return bool(re.search(r"\b(in|since|until|by|from|of|through|last|this|next|early|late|mid|to|and|or|between|before|after|during)\s+$", before))
    if word.lower() == "march":
        before = text[max(0, m.start() - 12):m.start()].lower()
        return bool(re.search(r"\b(in|since|until|by|from|of|through|last|this|next|early|late|mid|to|and|or|between|before|after|during)\s+$", before))
    return True
