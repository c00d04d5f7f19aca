"""Russian temporal expressions, normalised against the article date with dateparser (``languages=["ru"]``).

    find_timexes(doc, dct) -> tuple[Timex]

Candidates are found by pattern (a day and month, a month with or without a year, a year, a weekday,
"вчера"/"сегодня", "в прошлом месяце", "в декабре прошлого года", "N дней назад") and valued by dateparser
relative to the article date; the precision follows what the expression names (day, month or year).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from detente.model import Span, Timex

MONTHS = ("январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр")
_M = rf"(?:{MONTHS})[а-я]*"
WEEKDAYS = r"(?:понедельник|вторник|сред[ауы]|четверг|пятниц[ауы]|суббот[ауы]|воскресень[ея])"
PATTERNS = [
    ("day", re.compile(rf"\b\d{{1,2}}\s+{_M}(?:\s+\d{{4}}(?:\s+года?)?)?", re.I)),
    ("month", re.compile(rf"\b(?:в\s+)?{_M}\s+(?:\d{{4}}\s+года?|(?:прошлого|этого|текущего|следующего)\s+года)",
                         re.I)),
    ("month", re.compile(rf"\bв\s+{_M}\b", re.I)),
    ("year", re.compile(r"\bв\s+\d{4}\s+году\b", re.I)),
    ("year", re.compile(r"\b(?:в\s+)?(?:прошлом|этом|текущем|следующем)\s+году\b", re.I)),
    ("month", re.compile(r"\b(?:в\s+)?(?:прошлом|этом|текущем|следующем)\s+месяце\b", re.I)),
    ("day", re.compile(rf"\bв\s+(?:прошл[уы][йюе]\s+|эт[уо][тй]?\s+|следующ[иу][йю]\s+)?{WEEKDAYS}", re.I)),
    ("day", re.compile(r"\b(?:вчера|сегодня|завтра|позавчера)\b", re.I)),
    ("day", re.compile(r"\b\d+\s+(?:дн[яей]|день)\s+назад\b", re.I)),
    ("day", re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")),
]
_RELATIVE_YEAR = {"прошл": -1, "эт": 0, "текущ": 0, "следующ": 1}


_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
                "декабр")


def _month_of(low: str) -> int:
    for word in re.findall(r"[а-я]+", low):
        for n, stem in enumerate(_MONTH_STEMS, 1):
            if word.startswith(stem) and (stem != "ма" or word in ("май", "мая", "мае", "маю", "маем")):
                return n
    return 0


_WEEKDAY_STEMS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")


def _weekday_of(low: str):
    for n, stem in enumerate(_WEEKDAY_STEMS):
        if re.search(rf"\b{stem}", low):
            return n
    return None


def _value(text: str, kind: str, dct: Optional[dt.date], future: bool = False) -> Optional[str]:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if dct:
        settings["RELATIVE_BASE"] = dt.datetime(dct.year, dct.month, dct.day)
    low = text.lower()
    year_shift = next((v for k, v in _RELATIVE_YEAR.items() if re.search(rf"\b{k}\w*\s+год", low)), None)
    probe = re.sub(r"\b(?:прошлого|этого|текущего|следующего)\s+года\b", "", low)
    probe = re.sub(r"^в\s+|\s+году?$|\s+года$", "", probe.strip()).strip()
    if kind == "year" and year_shift is not None and dct:
        return f"{dct.year + year_shift:04d}"
    if kind == "month" and re.search(r"месяц", low) and dct:
        shift = next((v for k, v in _RELATIVE_YEAR.items() if low.replace("в ", "").startswith(k)), 0)
        m = dct.month + shift
        y = dct.year + (m - 1) // 12
        return f"{y:04d}-{(m - 1) % 12 + 1:02d}"
    month = _month_of(low)
    if kind == "month" and month:  # dateparser does not read "в декабре" (the prepositional case)
        year_m = re.search(r"\d{4}", low)
        if year_m:
            return f"{year_m.group()}-{month:02d}"
        if dct is None:
            return None
        if year_shift is not None:
            return f"{dct.year + year_shift:04d}-{month:02d}"
        return f"{dct.year - (month > dct.month):04d}-{month:02d}"
    day = _weekday_of(low)
    if day is not None and dct is not None and kind == "day":  # the closest such day on or before the article
        back = (dct.weekday() - day) % 7
        if re.search(r"следующ", low) or (future and not re.search(r"прошл", low)):
            return (dct + dt.timedelta(days=(day - dct.weekday()) % 7 or 7)).isoformat()
        if re.search(r"прошл", low):
            back = back or 7
        return (dct - dt.timedelta(days=back)).isoformat()
    parsed = dateparser.parse(probe, languages=["ru"], settings=settings)
    if parsed is None:
        return None
    if kind == "month" and year_shift is not None and dct:
        return f"{dct.year + year_shift:04d}-{parsed.month:02d}"
    if kind == "year":
        return f"{parsed.year:04d}"
    if kind == "month":
        if not re.search(r"\d{4}", low) and dct and (parsed.year, parsed.month) > (dct.year, dct.month):
            return f"{parsed.year - 1:04d}-{parsed.month:02d}"
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return parsed.date().isoformat()


def _future_at(doc, offset: int) -> bool:
    """Is the sentence at ``offset`` in the future tense ("в пятницу он встретится")?"""
    if isinstance(doc, str):
        return False
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return any("Fut" in t.morph.get("Tense") for t in span[0].sent if t.pos_ in ("VERB", "AUX"))


def find_timexes(doc_or_text, dct: Optional[str]) -> tuple:
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    try:
        base = dt.date.fromisoformat(dct[:10]) if dct else None
    except ValueError:
        base = None
    taken: list[tuple[int, int]] = []
    out = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            absolute = bool(re.search(r"\d{4}", m.group()))
            if base is None and not absolute:
                continue
            value = _value(m.group(), kind, base, _future_at(doc_or_text, s))
            if value is None:
                continue
            taken.append((s, e))
            out.append(Timex(Span(s, e, text[s:e]), value, "DATE"))
    return tuple(sorted(out, key=lambda t: t.span.start))
