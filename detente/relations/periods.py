"""Calendar periods for the series: a day, an ISO week, a month or a year. One place for them."""
from __future__ import annotations

import datetime as dt

UNITS = ("day", "week", "month", "year")
# The coarsest date precision a unit can place: a month-precision event has no day or week.
_FINEST_NEEDED = {"day": 0, "week": 0, "month": 1, "year": 2}
_PRECISION = {"day": 0, "month": 1, "year": 2}


def check(unit: str) -> str:
    from detente.errors import UsageError

    if unit not in UNITS:
        raise UsageError(f"unknown period {unit!r}; use one of {', '.join(UNITS)}")
    return unit


def fits(precision: str | None, unit: str) -> bool:
    """Whether a date of this precision can be placed in one period of ``unit``."""
    return _PRECISION.get(precision or "day", 0) <= _FINEST_NEEDED[unit]


def start(date: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return date
    if unit == "week":
        return date - dt.timedelta(days=date.weekday())
    if unit == "month":
        return date.replace(day=1)
    return date.replace(month=1, day=1)


def label(first: dt.date, unit: str) -> str:
    if unit == "day":
        return first.isoformat()
    if unit == "week":
        y, w, _ = first.isocalendar()
        return f"{y}-W{w:02d}"
    if unit == "month":
        return first.strftime("%Y-%m")
    return str(first.year)


def following(first: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return first + dt.timedelta(days=1)
    if unit == "week":
        return first + dt.timedelta(days=7)
    if unit == "month":
        return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return dt.date(first.year + 1, 1, 1)


def span(first: dt.date, last: dt.date, unit: str) -> list[dt.date]:
    """Every period start from ``first``'s period to ``last``'s, inclusive."""
    out, cur, end = [], start(first, unit), start(last, unit)
    while cur <= end:
        out.append(cur)
        cur = following(cur, unit)
    return out


def ordinal(first: dt.date, unit: str) -> int:
    """The period's number on a running count (consecutive periods differ by one)."""
    if unit == "day":
        return first.toordinal()
    if unit == "week":
        return start(first, "week").toordinal() // 7
    if unit == "month":
        return first.year * 12 + first.month - 1
    return first.year


def back(first: dt.date, unit: str, n: int) -> dt.date:
    """The start of the period ``n`` periods before ``first``'s."""
    first = start(first, unit)
    try:
        if unit in ("day", "week"):
            return first - dt.timedelta(days=n * (1 if unit == "day" else 7))
        if unit == "month":
            k = first.year * 12 + first.month - 1 - n
            return dt.date(k // 12, k % 12 + 1, 1)
        return dt.date(first.year - n, 1, 1)
    except (OverflowError, ValueError):  # before the year 1
        return dt.date.min
