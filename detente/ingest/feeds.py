"""RSS and Atom feed files: one article per item (title, link, date, content or summary)."""
from __future__ import annotations

import re

from detente.errors import InputError


def feed_items(data: bytes, locator: str):
    """Yield (locator, fields) per feed entry, or raise InputError for a feed with no entries."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "no items"
        raise InputError(locator, f"broken or empty feed ({reason})")
    source = (parsed.feed or {}).get("title")
    for n, entry in enumerate(parsed.entries, 1):
        content = ""
        if entry.get("content"):
            content = entry["content"][0].get("value", "")
        content = content or entry.get("summary", "") or entry.get("description", "")
        yield f"{locator}#{n}", {
            "html": content,
            "title": entry.get("title"),
            "url": entry.get("link"),
            "published": entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("published"),
            "author": _author(entry.get("author")),
            "outlet": source,
        }


def strip_tags(html: str) -> str:
    """Feed content is a fragment of HTML: keep its text, paragraph breaks as newlines."""
    import html as html_mod

    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", html or "")
    text = re.sub(r"<[^>]+>", "", text)
    text = html_mod.unescape(text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _author(value: str | None) -> str | None:
    """RSS writes authors as ``email (Name)``: keep the name."""
    if value and (m := re.search(r"\(([^()@]+)\)\s*$", value)):
        return m[1].strip()
    return value
