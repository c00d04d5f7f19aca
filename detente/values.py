"""One place per value type: article dates and country codes are normalised here."""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def iso_date(value) -> str | None:
    """Normalise an article date (ISO string, RFC 822 feed date, datetime, struct_time) to YYYY-MM-DD.

    Returns None for empty or unparseable values: detente never guesses a publication date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser(text)


def _dateparser(text: str) -> str | None:
    if len(text) > 64 or not re.search(r"\d", text):
        return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def name_case(name: str | None) -> str | None:
    """'KRIKOR KHODANIAN' -> 'Krikor Khodanian'; mixed-case names are kept as written."""
    if not name:
        return None
    name = " ".join(name.split())
    if name.isupper():
        return " ".join(w.capitalize() if len(w) > 1 else w for w in name.split(" "))
    return name
