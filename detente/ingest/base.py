"""What every reader returns, and the checks every input goes through."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from detente.errors import InputError

MAX_BYTES = 5_000_000  # a news article is rarely over 100 kB; larger inputs are set aside, not parsed
MAX_ARTICLE_CHARS = 1_000_000
MIN_WORDS = 4  # fewer words than this is a menu item or a title, not an article


@dataclass(frozen=True)
class Rejected:
    """An input that could not become an article: where it was and why."""

    locator: str
    reason: str
    reader: str = ""


def decode(data: bytes, locator: str) -> str:
    """Bytes to text: UTF-8 (BOM allowed), refusing binary content with a clear reason."""
    if b"\x00" in data[:8192]:
        raise InputError(locator, "binary content (NUL bytes): not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(locator, f"invalid UTF-8 at byte {exc.start}; re-encode the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_body(text: str | None, locator: str) -> str:
    """The article body must be non-empty text of a sane length."""
    if text is None or not str(text).strip():
        raise InputError(locator, "no article text (empty body)")
    text = str(text)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(locator, f"article too long ({len(text):,} characters > {MAX_ARTICLE_CHARS:,})")
    # punctuation and numbers are no words; counted only up to MIN_WORDS (a whole article's count cost more than
    # reading it)
    words = sum(1 for _ in itertools.islice((w for w in text.split() if any(ch.isalpha() for ch in w)), MIN_WORDS))
    if words < MIN_WORDS:
        raise InputError(locator, f"too little text to be an article ({words} word{'s' if words != 1 else ''} "
                                  "with letters)")
    return text
