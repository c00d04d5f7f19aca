"""When: temporal expressions found, normalised against the article date, and given to events.

    find_timexes(doc_or_text, dct)        -> tuple[Timex]   (TimeML values: YYYY, YYYY-MM, YYYY-MM-DD, P2Y, ...)
    date_events(events, timexes, doc, article_date) -> events with date, date_precision, date_origin
    predict_dates(records)                -> {"id", "timexes": [...]} per {"id", "text", "dct"}

Reads the article text (and the spaCy Doc for tense, when given); writes ``Timex`` records
and the date fields of ``Event``. An article with no date gets no relative dates and its
events no date: nothing is guessed.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace
from typing import Iterable, Iterator, Optional

from detente import nlp
from detente.model import Event, Span, Timex
from detente.wordlists import word_set
from detente.when.normalize import WORDS
from detente.when.rules import scan

# The version of this stage's output (detente.pipeline, stored with every article): change it whenever the
# output changes; tests/test_versions.py fails until you do.
VERSION = "1"

__all__ = ["VERSION", "find_timexes", "date_events", "predict_dates", "precision_of", "parse_date", "calendar_value"]

CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FUTURE_WORDS = word_set(WORDS, "future_auxiliaries")
_FUTURE_HEADS = word_set(WORDS, "future_heads")
_FUTURE_TEXT = re.compile(r"\b(?:will|'ll|shall|going to|is to|are to|expected to|scheduled to|due to|plans? to|set to)\b", re.I)
_SINCE = re.compile(r"\b(?:since|from)\s+(?:the\s+)?$", re.I)


def parse_date(value: Optional[str]) -> Optional[dt.date]:
    """A YYYY-MM-DD string as a date (None when absent or malformed)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def precision_of(value: str) -> Optional[str]:
    """'day', 'month' or 'year' for a calendar TimeML value, else None."""
    if not CALENDAR.match(value or ""):
        return None
    return {4: "year", 7: "month", 10: "day"}[len(value)]


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def calendar_value(value: str) -> Optional[str]:
    """A calendar value for an event date: itself, or the month of an ISO week ("2025-W28" ->
    "2025-07", the month of its Thursday); None for references such as PAST_REF or durations."""
    if CALENDAR.match(value or ""):
        return value
    m = _WEEK.match(value or "")
    if m:
        thursday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 4)
        return f"{thursday.year:04d}-{thursday.month:02d}"
    return None


def _period_end(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


# ---------------------------------------------------------------- tense
def _doc_tense(doc):
    """A function: character offset -> 'past' | 'future' | None, from the parse."""

    def tense(offset: int) -> Optional[str]:
        tok = nlp.token_at(doc, offset)  # char_span(offset, offset + 1, "expand")'s first token
        if tok is None:
            return None
        for _ in range(6):  # climb to the governing verb
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        kids = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if any(k in _FUTURE_WORDS for k in kids) or "going" in kids:
            return "future"
        if tok.tag_ == "VB" and tok.head.lemma_ in _FUTURE_HEADS:
            return "future"
        if tok.tag_ == "VBD" or any(k in ("had", "has", "have", "did", "was", "were") for k in kids):
            return "past"
        if tok.tag_ == "VBG" and any(k in ("is", "are", "'s", "'re") for k in kids):
            return "future"
        if tok.tag_ == "VBN" and tok.dep_ in ("ROOT", "conj") and not kids:
            return "past"
        if tok.tag_ == "VB" and "to" in kids and tok.head.lemma_ == "be":
            return "future"  # "is to resume trading Tuesday"
        if tok.tag_ in ("VBP", "VBZ") and tok.lemma_ not in ("be", "have") and not kids:
            return "future"  # news present: "leaders meet Monday"
        return None

    return tense


def _text_tense(text: str):
    def tense(offset: int) -> Optional[str]:
        lo = max(text.rfind(".", 0, offset), text.rfind("\n", 0, offset)) + 1
        hi = text.find(".", offset)
        sentence = text[lo: hi if hi >= 0 else len(text)]
        return "future" if _FUTURE_TEXT.search(sentence) else "past"

    return tense


def find_timexes(doc_or_text, dct: Optional[str]) -> tuple[Timex, ...]:
    """The temporal expressions of an article, normalised against its date ``dct`` (YYYY-MM-DD).

    Relative expressions ("last week", "on Wednesday") get no value without ``dct`` and
    are left out; absolute ones ("12 March 2024", "2020") are kept.
    """
    if isinstance(doc_or_text, str):
        text, tense = doc_or_text, _text_tense(doc_or_text)
    else:
        text, tense = nlp.doc_text(doc_or_text), _doc_tense(doc_or_text)
    found = scan(text, parse_date(dct), tense)
    return tuple(Timex(Span(s, e, text[s:e]), value, kind) for s, e, value, kind in found)


# ---------------------------------------------------------------- events
def _governing(event: Event, timexes, doc) -> Optional[Timex]:
    """The calendar timex of the event's sentence that governs its trigger, else the nearest one."""
    ev = event.evidence
    lo, hi = ev.sentence_start, ev.sentence_start + len(ev.sentence)
    cands = [t for t in timexes if t.kind == "DATE" and calendar_value(t.value) and lo <= t.span.start < hi]
    if not cands:
        return None
    trig = ev.trigger
    if doc is not None:
        trigger_tokens = doc.char_span(trig.start, trig.end, alignment_mode="expand")
        heads = {t.i for t in trigger_tokens} if trigger_tokens is not None else set()
        for t in cands:
            span = doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            for _ in range(8):
                if tok.i in heads:
                    return t
                if tok.head is tok:
                    break
                tok = tok.head
    return min(cands, key=lambda t: min(abs(t.span.start - trig.end), abs(trig.start - t.span.end)))


def date_events(events: tuple, timexes, doc, article_date: Optional[str], *,
                historical_after_days: int = 365) -> tuple:
    """Events with ``date``, ``date_precision`` and ``date_origin`` filled in.

    The date is that of the expression governing the event in its sentence (origin
    "text"), else the article date (origin "article"), else none at all. An asserted
    event whose period ended more than ``historical_after_days`` before the article date
    becomes ``historical`` (not so for "since X": that is ongoing).
    """
    adate = parse_date(article_date)
    text = nlp.doc_text(doc) if doc is not None else None
    out = []
    for event in events:
        tx = _governing(event, timexes, doc)
        if tx is not None:
            value = calendar_value(tx.value)
            changes = {"date": value, "date_precision": precision_of(value), "date_origin": "text"}
            since = text is not None and _SINCE.search(text[max(0, tx.span.start - 12): tx.span.start])
            if (adate and event.modality == "asserted" and not since
                    and (adate - _period_end(value)).days > historical_after_days):
                changes["modality"] = "historical"
        elif adate is not None:
            changes = {"date": adate.isoformat(), "date_precision": "day", "date_origin": "article"}
        else:
            changes = {"date": None, "date_precision": None, "date_origin": None}
        out.append(replace(event, **changes))
    return tuple(out)


def predict_dates(records: Iterable[dict], *, parse: bool = True, batch_size: int = 16) -> Iterator[dict]:
    """``{"id", "timexes": [{"start", "end", "text", "value"}]}`` for each ``{"id", "text", "dct"}``."""
    records = list(records)
    if parse:
        docs = nlp.load().pipe((r.get("text") or "" for r in records), batch_size=batch_size)
    else:
        docs = (r.get("text") or "" for r in records)
    for rec, doc in zip(records, docs):
        timexes = find_timexes(doc, rec.get("dct") or rec.get("date"))
        yield {
            "id": rec["id"],
            "timexes": [
                {"start": t.span.start, "end": t.span.end, "text": t.span.text, "value": t.value, "type": t.kind}
                for t in timexes
            ],
        }
