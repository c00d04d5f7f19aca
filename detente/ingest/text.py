"""Plain-text and Markdown articles, with optional header and trailer lines.

Header, either style, at the very top:

    Title: Baku shuts Russian cultural centre        (keys: title, date/published, by/author,
    Date: 2025-02-05                                   outlet/source/publisher, url/link, language)
    By: Leyla Mammadova
    <blank line>

    date 2025-07-14 By KRIKOR KHODANIAN              (one line: date, then the byline)

Trailer, at the very end: a translation note (``Note: Translated ...``) and an outlet signature
(a short line in quotes or capitals, e.g. ``“MASSIS”``). Header and trailer become metadata and
are not part of the analysed text.
"""
from __future__ import annotations

import re

from detente.values import iso_date, name_case

_KV = re.compile(
    r"^\s*(title|headline|date|published|by|author|byline|outlet|source|publisher|url|link|language|lang)\s*:\s*(.*?)\s*$",
    re.I,
)
_KEYS = {
    "title": "title", "headline": "title", "date": "published", "published": "published",
    "by": "author", "author": "author", "byline": "author", "outlet": "outlet", "source": "outlet",
    "publisher": "outlet", "url": "url", "link": "url", "language": "language", "lang": "language",
}
_DATE_BY = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+by\s+(.+?))?\s*$", re.I)
_NOTE = re.compile(r"^\s*(?:note|translator'?s note|translation)\s*:\s*(.+)$", re.I)
_QUOTED = re.compile(r"^[\"“”«»„']\s*([^\"“”«»„']{2,60}?)\s*[\"“”«»„']$")
_MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def split_header(text: str) -> tuple[dict, str]:
    """Return (metadata, body) for a text article."""
    meta: dict = {}
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and (m := _DATE_BY.match(lines[0])):
        meta["published"] = m[1]
        if m[2]:
            meta["author"] = m[2]
        lines.pop(0)
    elif lines and _KV.match(lines[0]):
        while lines and (m := _KV.match(lines[0])):
            meta.setdefault(_KEYS[m[1].lower()], m[2] or None)
            lines.pop(0)
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and (m := _MD_TITLE.match(lines[0])):
        meta.setdefault("title", m[1])
        lines.pop(0)
    lines = _strip_trailer(lines, meta)
    meta["published"] = iso_date(meta.get("published"))
    meta["author"] = name_case(meta.get("author"))
    return meta, "\n".join(lines).strip("\n")


def _strip_trailer(lines: list[str], meta: dict) -> list[str]:
    for _ in range(3):
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            break
        last = lines[-1].strip()
        if (m := _NOTE.match(last)) and "note" not in meta:
            meta["note"] = m[1].strip()
        elif _signature(last) and "outlet" not in meta:
            meta["outlet"] = _signature(last)
        else:
            break
        lines.pop()
    return lines


def _signature(line: str) -> str | None:
    """A closing outlet line: quoted, or all capitals, and short."""
    m = _QUOTED.match(line)
    word = m[1] if m else line
    if len(word.split()) > 5 or not re.search(r"[A-Za-z]", word):
        return None
    if m or (word.isupper() and not word.endswith(".")):
        return name_case(word.strip(" -—"))
    return None
