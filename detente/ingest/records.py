"""Record files: JSON Lines and CSV, one article per record, with a field mapping.

Each detente field is looked for under the names in ``FIELD_NAMES`` (first match wins); a user
mapping (``{"text": "body", ...}``) overrides them. A record that cannot be read is rejected
with its line number and reason; the other records go on.
"""
from __future__ import annotations

import csv
import io
import json

from detente.errors import InputError
from detente.ingest.base import MAX_ARTICLE_CHARS

FIELD_NAMES = {
    "text": ("text", "body", "content", "article", "full_text", "story"),
    "title": ("title", "headline", "heading"),
    "published": ("date", "published", "pub_date", "publish_date", "published_at", "datetime", "dct", "timestamp"),
    "author": ("author", "byline", "by", "authors"),
    "outlet": ("outlet", "source", "publisher", "site", "sitename", "media"),
    "url": ("url", "link", "href"),
    "language": ("language", "lang"),
    "id": ("id", "doc_id", "guid"),
}


def pick(record: dict, mapping: dict | None = None) -> dict:
    """Map one raw record to detente's field names."""
    out = {}
    lower = {str(k).lower(): v for k, v in record.items()}
    for field, names in FIELD_NAMES.items():
        if mapping and field in mapping:
            names = (mapping[field],)
        for name in names:
            value = lower.get(name.lower())
            if value not in (None, ""):
                out[field] = value if not isinstance(value, list) else ", ".join(map(str, value))
                break
    if isinstance(out.get("outlet"), dict):
        out["outlet"] = out["outlet"].get("name")
    return out


def jsonl_records(text: str, locator: str):
    """Yield (locator, dict) per line, or (locator, InputError) for a line that is not a JSON object."""
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{locator}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield where, InputError(where, f"JSON line is a {type(obj).__name__}, expected an object")
            continue
        yield where, obj


def csv_records(text: str, locator: str):
    """Yield (locator, dict) per CSV row; rows with the wrong number of fields, or that cannot be parsed, are
    rejected and the rows after them read on. A field may be as long as an article (``MAX_ARTICLE_CHARS``)."""
    if csv.field_size_limit() <= MAX_ARTICLE_CHARS:
        csv.field_size_limit(MAX_ARTICLE_CHARS + 1)  # the csv module's own limit is 131,072 characters
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield locator, InputError(locator, "CSV file has no header row")
        return
    header = [h.strip() for h in header]
    while True:
        where = f"{locator}:{reader.line_num + 1}"
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield where, InputError(where, f"malformed CSV row ({exc})")
            if reader.line_num == before:  # the reader cannot get past it
                return
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield where, InputError(where, f"CSV row has {len(row)} fields, header has {len(header)}")
            continue
        yield where, dict(zip(header, row))
