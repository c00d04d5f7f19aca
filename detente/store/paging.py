"""Keyset pagination: a page continues after the last row of the one before (``after=<cursor>``) instead of
skipping ``offset`` rows, so a deep page costs what the first one does.

A cursor is the sort key of a page's last row, ``|``-separated: events ``date|article_id|sentence_index|
trigger_start|key`` (``date`` empty when the event has none), articles ``published|id``. It is text a client
copies from one page's ``next`` into the following request; it is parsed here and goes into the SQL only as
bound parameters.
"""
from __future__ import annotations

import array
import bisect
import datetime as dt
import itertools
import re

from detente.errors import UsageError

DEEP = 10_000  # a page past this offset is read from the days its rows fall on (``Days.window``: per-day counts),
# with a short OFFSET within its first day: a deep page costs what a first page does (and never sorts the million
# rows before it)
_ID = re.compile(r"^[0-9A-Za-z_.:-]{0,128}$")


def _date(text: str, what: str) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(f"invalid cursor ({what}): {text[:20]!r} is not a date") from None


def _int(text: str, what: str) -> int | None:
    if text == "":
        return None
    if not re.match(r"^-?\d{1,10}$", text):
        raise UsageError(f"invalid cursor ({what}): {text[:20]!r} is not a number")
    return int(text)


def _text(text: str, what: str) -> str:
    if not _ID.match(text):
        raise UsageError(f"invalid cursor ({what}): ids are letters, digits and . _ : -")
    return text


def _parts(cursor: str, n: int, what: str) -> list[str]:
    parts = cursor.split("|")
    if len(parts) != n:
        raise UsageError(f"invalid cursor for {what}: expected {n} fields separated by '|', got {len(parts)}; "
                         "copy it from the previous page's 'next'")
    return parts


class Days:
    """How many rows of a listing fall on each day, in page order (the undated last), held compactly (two
    arrays: a server remembers one per filter): built from ``(day, rows)`` pairs, ``None`` the undated."""

    def __init__(self, days):
        days = list(days)
        self.ordinals = array.array("q", (-1 if d is None else d.toordinal() for d, _ in days))
        self.ends = array.array("q", itertools.accumulate(int(n) for _, n in days))

    @property
    def total(self) -> int:
        return self.ends[-1] if self.ends else 0

    def seek(self, row: int) -> tuple | None:
        """``(day, k)``: the ``row``-th row (0-based) of the listing is the ``k``-th of ``day``; None past the
        end."""
        if row < 0 or row >= self.total:
            return None
        i = bisect.bisect_right(self.ends, row)
        ordinal = self.ordinals[i]
        return (None if ordinal < 0 else dt.date.fromordinal(ordinal)), row - (self.ends[i - 1] if i else 0)

    def window(self, offset: int, limit: int | None, column: str) -> tuple[str, list, int] | None:
        """``(clause, params, k)``: the rows ``offset`` to ``offset + limit - 1`` of the listing are the rows the
        clause selects on ``column`` (the days from the first row's to the last row's), from the ``k``-th on;
        None when ``offset`` is past the end. A deep page is then one short range of the table, which is kept
        in this order, and an OFFSET of less than a day's rows."""
        first = self.seek(offset)
        if first is None:
            return None
        day, k = first
        if day is None:
            return f"{column} IS NULL", [], k
        last = self.seek(min(offset + limit, self.total) - 1 if limit else self.total - 1)[0]
        if last is None:  # the page runs into the undated rows
            return f"({column} >= CAST(? AS DATE) OR {column} IS NULL)", [day.isoformat()], k
        return f"{column} BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", [day.isoformat(), last.isoformat()], k


def _str(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# -- events: ORDER BY date NULLS LAST, article_id, sentence_index, trigger_start, key

def event_cursor(row: dict) -> str:
    """The cursor after an event row (one of a page's rows, with ``date`` the event's day)."""
    return "|".join(_str(row.get(k)) for k in ("date", "article_id", "sentence_index", "trigger_start", "key"))


def after_event(cursor: str) -> tuple[str, list]:
    """The WHERE clause (and its parameters) of the events after ``cursor`` in the events order."""
    day, article, sentence, trigger, key = _parts(cursor, 5, "events")
    rest = [_text(article, "article_id"), _int(sentence, "sentence_index"), _int(trigger, "trigger_start"),
            _text(key, "key")]
    tail = ("(article_id > ? OR (article_id = ? AND (coalesce(sentence_index, 2147483647) > coalesce(?, 2147483647) "
            "OR (coalesce(sentence_index, 2147483647) = coalesce(?, 2147483647) AND "
            "(coalesce(trigger_start, 2147483647) > coalesce(?, 2147483647) OR "
            "(coalesce(trigger_start, 2147483647) = coalesce(?, 2147483647) AND key > ?))))))")
    tail_params = [rest[0], rest[0], rest[1], rest[1], rest[2], rest[2], rest[3]]
    day = _date(day, "date")
    if day is None:  # undated events come last: only undated ones follow
        return f"(date IS NULL AND {tail})", tail_params
    return (f"(date > CAST(? AS DATE) OR date IS NULL OR (date = CAST(? AS DATE) AND {tail}))",
            [day, day, *tail_params])


# -- articles: ORDER BY published NULLS LAST, id

def article_cursor(row: dict) -> str:
    return f"{_str(row.get('published'))}|{_str(row.get('id'))}"


def after_article(cursor: str, alias: str = "") -> tuple[str, list]:
    day, article = _parts(cursor, 2, "articles")
    article, day = _text(article, "id"), _date(day, "published")
    if day is None:
        return f"({alias}published IS NULL AND {alias}id > ?)", [article]
    return (f"({alias}published > CAST(? AS DATE) OR {alias}published IS NULL OR "
            f"({alias}published = CAST(? AS DATE) AND {alias}id > ?))", [day, day, article])
