"""Temporal expressions: a small regex grammar and its TimeML normaliser.

Each rule is a compiled pattern and a function that turns the match (and the document
date) into a TimeML value and kind. :func:`scan` runs every rule, keeps the longest
match at each place, and returns ``(start, end, value, kind)`` tuples.

Relative expressions need a direction: "Friday" in a past-tense sentence is the last
Friday, in a future-tense one the next. The caller passes ``tense(start)`` which answers
"past", "future" or None for the clause around a character offset.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from detente.wordlists import word_set

WORDS = Path(__file__).parent / "data" / "words.yaml"  # the word lists of when/, with their source
PRESENT_REF = word_set(WORDS, "present_ref")
FUTURE_REF = word_set(WORDS, "future_ref")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "a couple": 2, "half a": 0.5,
}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
         "hour": "H", "minute": "MIN", "fortnight": "FN", "quarter": "Q"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

_MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
          r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DAYNUM = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = "|".join(sorted((re.escape(k) for k in NUMBERS), key=len, reverse=True))
_NUM = rf"(?P<num>\d+(?:\.\d+)?|(?:{_NUM_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|several|a few|few|many)"
_UNIT = r"(?P<unit>day|week|month|year|decade|century|centurie|hour|minute|fortnight|quarter)s?"
_MOD = r"(?:(?P<mod>early|earl(?:y|ier) in|mid|the middle of|late|the (?:beginning|start|end) of|around|the first half of|the second half of)[- ]?\s*)?"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    normalise: Callable  # (match, dct: date | None, direction: str | None) -> (value, kind) | None


def _month(tok: str) -> int:
    return MONTHS[tok.lower().rstrip(".")]


def _num(tok: str) -> Optional[float]:
    tok = tok.lower().replace("-", " ")
    if re.fullmatch(r"\d+(\.\d+)?", tok):
        return float(tok)
    if tok in NUMBERS:
        return NUMBERS[tok]
    parts = tok.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None  # vague: several, a few


def _fmt(d: dt.date, precision: str) -> str:
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(precision, d.isoformat())


def shift(d: dt.date, unit: str, n: float) -> dt.date:
    """``d`` moved by ``n`` units (negative is back in time)."""
    if unit in ("D", "W", "FN"):
        return d + dt.timedelta(days=n * {"D": 1, "W": 7, "FN": 14}[unit])
    months = round(n * {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit])
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = min(d.day, calendar.monthrange(y, m + 1)[1])
    return dt.date(y, m + 1, day)


def _year_for_month(month: int, dct: dt.date, direction: Optional[str]) -> int:
    """The year of a month named without one: the nearest such month, leaning to the past.

    A month up to two months ahead is the coming one whatever the tense ("payable
    Dec. 7" in October, "Jan. 2" in November); one further ahead is the coming one only
    in the future tense, otherwise the last one.
    """
    ahead = (month - dct.month) % 12
    if ahead == 0:
        return dct.year
    if ahead <= 2 or direction == "future":
        return dct.year + (month < dct.month)
    return dct.year - (month > dct.month)


def _weekday(day: int, dct: dt.date, direction: Optional[str], shift_weeks: int = 0) -> dt.date:
    delta = day - dct.weekday()
    if shift_weeks:  # "last Friday", "next Friday"
        if shift_weeks < 0:
            delta = delta - 7 if delta >= 0 else delta
        else:
            delta = delta + 7 if delta <= 0 else delta
        return dct + dt.timedelta(days=delta)
    if delta == 0:
        return dct
    if direction == "future":
        return dct + dt.timedelta(days=delta % 7)
    return dct - dt.timedelta(days=(-delta) % 7)


# ---------------------------------------------------------------- normalisers
def n_iso(m, dct, direction):
    return f"{m['year']}-{int(m['m']):02d}-{int(m['d']):02d}", "DATE"


def n_month_day_year(m, dct, direction):
    return f"{m['year']}-{_month(m['month']):02d}-{int(m['day']):02d}", "DATE"


def n_month_year(m, dct, direction):
    return f"{m['year']}-{_month(m['month']):02d}", "DATE"


def n_month_day(m, dct, direction):
    if dct is None:
        return None
    month, day = _month(m["month"]), int(m["day"])
    year = _year_for_month(month, dct, direction)
    return f"{year}-{month:02d}-{day:02d}", "DATE"


def n_month_rel(m, dct, direction):
    """'December of last year', 'last June', 'this September', 'January this year'."""
    if dct is None:
        return None
    month = _month(m["month"])
    g = m.groupdict()
    rel = (g.get("rel") or g.get("rel2") or "").lower()
    if "last" in rel or "previous" in rel:  # "last June": the June before last month
        year = dct.year - 1 if g.get("rel2") else (dct.year if month < dct.month - 1 else dct.year - 1)
    elif "next" in rel or "coming" in rel:
        year = dct.year + 1 if g.get("rel2") else (dct.year if month > dct.month else dct.year + 1)
    else:
        year = dct.year
    return f"{year}-{month:02d}", "DATE"


def n_month(m, dct, direction):
    if dct is None:
        return None
    month = _month(m["month"])
    return f"{_year_for_month(month, dct, direction)}-{month:02d}", "DATE"


def n_year(m, dct, direction):
    return m["year"], "DATE"


def n_decade(m, dct, direction):
    return m["dec"][:3], "DATE"


def n_deixis(m, dct, direction):
    if dct is None:
        return None
    word = m["deixis"].lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word.split()[-1]]
    return (dct + dt.timedelta(days=offset)).isoformat(), "DATE"


def n_ref(m, dct, direction):
    word = m[0].lower()
    if word in PRESENT_REF:
        return "PRESENT_REF", "DATE"
    if word in FUTURE_REF:
        return "FUTURE_REF", "DATE"
    return "PAST_REF", "DATE"


def n_weekday(m, dct, direction):
    if dct is None:
        return None
    rel = (m["wrel"] or "").lower()
    weeks = -1 if rel in ("last", "previous", "the previous", "this past") else 1 if rel in ("next", "this coming", "coming") else 0
    d = _weekday(WEEKDAYS[m["weekday"].lower()], dct, direction, weeks)
    return d.isoformat(), "DATE"


def n_this_unit(m, dct, direction):
    """'last year', 'this month', 'earlier this week', 'next quarter', 'the past year'."""
    if dct is None:
        return None
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = -1 if ("last" in rel or "past" in rel or "previous" in rel) else 1 if ("next" in rel or "coming" in rel or "following" in rel) else 0
    u = UNITS[unit]
    if u == "Y":
        return str(dct.year + step), "DATE"
    if u == "M":
        return _fmt(shift(dct.replace(day=1), "M", step), "month"), "DATE"
    if u == "W":
        d = dct + dt.timedelta(weeks=step)
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}", "DATE"
    if u == "Q":
        d = shift(dct, "M", 3 * step)
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}", "DATE"
    if u == "DE":
        return str(dct.year // 10 + step)[:3], "DATE"
    if u == "D":
        return (dct + dt.timedelta(days=step)).isoformat(), "DATE"
    return None


def n_season(m, dct, direction):
    if dct is None:
        return None
    rel = (m["rel"] or "").lower()
    year = dct.year + (-1 if rel in ("last", "past") else 1 if rel == "next" else 0)
    return f"{m['year'] or year}-{SEASONS[m['season'].lower()]}", "DATE"


def n_ago(m, dct, direction):
    """'two years ago', 'a year earlier', 'ten days ago'."""
    unit = UNITS[m["unit"].lower().rstrip("s").replace("centurie", "century")]
    n = _num(m["num"])
    if dct is None or n is None or unit in ("H", "MIN"):
        return None
    later = m["dir"].lower() in ("later", "from now", "hence")
    d = shift(dct, unit, n if later else -n)
    precision = {"D": "day", "W": "day", "FN": "day", "M": "month"}.get(unit, "year")
    if unit in ("Y", "DE", "CE"):  # "a year ago": the same day; "five years ago": the year
        precision = "day" if n == 1 and unit == "Y" else "year"
    return _fmt(d, precision), "DATE"


def n_duration(m, dct, direction):
    unit = UNITS[m["unit"].lower().rstrip("s").replace("centurie", "century")]
    n = _num(m["num"])
    amount = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    if unit in ("H", "MIN"):
        return f"PT{amount}{unit[0]}", "DURATION"
    if unit == "FN":
        return f"P{amount}W".replace(amount, str(int(n) * 2) if n and float(n).is_integer() else amount), "DURATION"
    if unit == "Q":
        return f"P{int(n) * 3 if n and float(n).is_integer() else 'X'}M", "DURATION"
    if unit in ("DE", "CE"):
        return f"P{amount}{unit}", "DURATION"
    return f"P{amount}{unit}", "DURATION"


_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_ONES}))?"


def _spelled_number(words: str) -> Optional[int]:
    total = 0
    for w in re.split(r"[- ]+", words.lower()):
        if w == "and":
            continue
        if w not in NUMBERS:
            return None
        total += NUMBERS[w]
    return total


def n_spelled_year(m, dct, direction):
    words = m["spelled"].lower()
    if words.startswith("two thousand"):
        rest = words[len("two thousand"):].strip()
        year = 2000 + (_spelled_number(rest) or 0 if rest else 0)
    else:
        head, _, rest = words.replace("-", " ", 1).partition(" ")
        tail = 0 if rest == "hundred" else _spelled_number(rest)
        if tail is None:
            return None
        year = NUMBERS[head] * 100 + tail
    if m["month"]:
        return f"{year}-{_month(m['month']):02d}", "DATE"
    return str(year), "DATE"


def n_year_end(m, dct, direction):
    return None if dct is None else (f"{dct.year}-12-31", "DATE")


def n_year_ago(m, dct, direction):
    return None if dct is None else (str(dct.year - 1), "DATE")


def n_modified_year(m, dct, direction):
    return m["year"], "DATE"


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
