"""The normalisers of the temporal rules (``when.rules``): a match and the document's date to a TimeML value and
kind, and the calendar arithmetic they share (a month's year, a weekday's date, a shift by units)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Optional

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
