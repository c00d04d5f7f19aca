"""RSS and Atom feed files: one article per item (title, link, date, content or summary).

Each item is parsed on its own, inside a copy of the feed's root element (its namespaces) and XML
declaration (its encoding): a malformed item cannot swallow the items after it or lend its broken
markup to their fields, and the outlet is the channel's own title, read from the part of the feed
before the first item. An item that cannot be parsed comes back as an ``InputError`` naming it
(``feed.rss#3``) and why; the others go on.
"""
from __future__ import annotations

import re

from detente.errors import InputError

_ITEM = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(item|entry)(?=[\s>/])", re.I)
_ROOT = re.compile(rb"<((?:[A-Za-z][\w.-]*:)?(?:rss|feed|RDF))(?=[\s>])[^>]*>", re.I)
_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
MAX_ITEMS = 2_000  # items of a malformed feed parsed one by one (about 1.5 ms each); a well-formed one has no cap
HEAD_MAX = 65536  # the part of a feed before its first item that is searched for the root and the title


def feed_items(data: bytes, locator: str):
    """Yield (locator, fields) per feed entry, or (locator, InputError) for an entry that cannot be parsed;
    raise InputError for a feed with no entries at all."""
    import feedparser

    whole = feedparser.parse(data)
    if not whole.bozo and whole.entries:  # well-formed: the common case, one parse
        outlet = (whole.feed or {}).get("title")
        for n, entry in enumerate(whole.entries, 1):
            yield f"{locator}#{n}", _fields(entry, outlet)
        return
    starts = [m.start() for m in _ITEM.finditer(data)]
    head = data[: starts[0] if starts else len(data)][:HEAD_MAX]
    root = _ROOT.search(head)
    if not starts or root is None:
        yield from _whole(whole, locator)
        return
    tag = root[1].decode("ascii")
    decl = (_DECL.match(head) or [b""])[0]
    channel = b"<channel>" if tag.lower().endswith(("rss", "rdf")) else b""
    open_, close = decl + root[0] + channel, (b"</channel>" if channel else b"") + f"</{tag}>".encode()
    outlet = _title(head, close)
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [_end(data, starts[-1])]), 1):
        where = f"{locator}#{n}"
        if n > MAX_ITEMS:
            yield where, InputError(where, f"malformed feed with more than {MAX_ITEMS:,} items: items {n:,} to "
                                           f"{len(starts):,} are not read (repair the feed, or split it)")
            return
        yield where, _item(open_ + data[a:b] + close, where, outlet)


def _end(data: bytes, last: int) -> int:
    """Where the last item ends: at the closing tag of the channel or feed after it, else at the end."""
    m = re.compile(rb"</(?:[A-Za-z][\w.-]*:)?(channel|feed|rss|RDF)\s*>", re.I).search(data, last)
    return m.start() if m else len(data)


def _title(head: bytes, close: bytes) -> str | None:
    import feedparser

    parsed = feedparser.parse(head + close)
    return (parsed.feed or {}).get("title") or None


def _item(doc: bytes, where: str, outlet: str | None) -> dict | InputError:
    import feedparser

    parsed = feedparser.parse(doc)
    problem = getattr(parsed, "bozo_exception", None) if parsed.bozo else None
    if len(parsed.entries) != 1:
        return InputError(where, f"malformed feed item ({problem or 'no item found'})")
    fields = _fields(parsed.entries[0], outlet)
    if problem and not fields["html"].strip():
        return InputError(where, f"malformed feed item ({problem}); no text recovered")
    return fields


def _whole(parsed, locator: str):
    """A document without recognisable items: whatever feedparser made of it, or a clear error."""
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "no items"
        raise InputError(locator, f"broken or empty feed ({reason})")
    outlet = (parsed.feed or {}).get("title")
    for n, entry in enumerate(parsed.entries, 1):
        yield f"{locator}#{n}", _fields(entry, outlet)


def _fields(entry, outlet: str | None) -> dict:
    content = ""
    if entry.get("content"):
        content = entry["content"][0].get("value", "")
    content = content or entry.get("summary", "") or entry.get("description", "")
    return {
        "html": content or "",
        "title": entry.get("title"),
        "url": entry.get("link"),
        "published": entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("published"),
        "author": _author(entry.get("author")),
        "outlet": outlet,
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
