"""Tokens for knowledge-base matching: one tokenizer for mention strings and article text.

Keys are lower-cased and accent-free; each token keeps whether it was capitalised or all
upper case, so a name written ``White House`` or an acronym ``WHO`` only matches a
capitalised (upper-case) token in the text, while sector words match any case.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"          # U.S., U.N.
    r"|['’]s\b"                     # possessive marker
    r"|\w+(?:['’](?!s\b)\w+)*"      # words (O'Brien), digits
    r"|[^\w\s]"                     # punctuation
)
SKIP = frozenset({".", "-", "–", "—", "‐"})  # ignored between the words of a name
POSSESSIVE = "'s"
WORDS = 50_000  # surfaces remembered per process (their key and case), cleared when full


class Tok(NamedTuple):
    """A token of the text (a tuple: an article makes tens of thousands of them)."""

    start: int
    end: int
    text: str
    key: str
    cap: bool  # first letter upper case
    upper: bool  # all letters upper case (acronym-like)


def fold(text: str) -> str:
    """Lower-case, accent-free, straight apostrophes."""
    if text.isascii():
        return text.replace("’", "'").lower()
    text = text.replace("’", "'").replace("‘", "'")
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


def _read(surface: str) -> tuple[str, bool, bool] | None:
    """(key, cap, upper) of a token's surface, None for one that is no token (a dash, a full stop)."""
    if surface in SKIP:
        return None
    key = fold(surface)
    if len(key) > 1 and "." in key:
        key = key.replace(".", "")
    if not key:
        return None
    return key, surface[:1].isupper(), surface.isupper()


_READ: dict[str, tuple | None] = {}  # surface -> _read(surface): most words of a text recur
_MISSING = object()
_new = tuple.__new__


def tokenize(text: str) -> list[Tok]:
    out = []
    add, known = out.append, _READ
    for m in _TOKEN.finditer(text):
        surface = m.group()
        read = known.get(surface, _MISSING)
        if read is _MISSING:
            if len(known) >= WORDS:
                known.clear()  # bounded: a long run does not grow with every word it meets
            read = known[surface] = _read(surface)
        if read is not None:
            start, end = m.span()
            add(_new(Tok, (start, end, surface) + read))
    return out


def keys(text: str) -> tuple[str, ...]:
    return analyse(text)[0]


def mask(text: str) -> tuple[int, ...]:
    """Per token: 2 = must be upper case (acronyms of 2-3 letters: "WHO"), 1 = must be capitalised
    (longer acronyms also match British style: "NATO"/"Nato", "ISIS"/"Isis"), 0 = any case."""
    return analyse(text)[1]


def analyse(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(keys, mask) of a knowledge-base name."""
    ks, need = [], []
    for t in tokenize(text):
        ks.append(t.key)
        need.append(2 if t.upper and 1 < len(t.key) <= 3 and t.key.isalpha() else 1 if t.cap else 0)
    return tuple(ks), tuple(need)


def fits(tokens: list[Tok], start: int, need: tuple[int, ...]) -> bool:
    for tok, n in zip(tokens[start:start + len(need)], need):
        if n == 2 and not tok.upper or n == 1 and not tok.cap:
            return False
    return True


def plurals(word: str) -> list[str]:
    """Regular English plurals of the last word of a phrase."""
    head, _, last = word.rpartition(" ")
    pre = head + " " if head else ""
    if not last.isalpha() or len(last) < 3 or last.endswith(("s", "men", "people", "ren")):
        return []
    if last.endswith("y") and last[-2] not in "aeiou":
        forms = [last[:-1] + "ies"]
    elif last.endswith(("ch", "sh", "x", "z")):
        forms = [last + "es"]
    elif last.endswith("man"):
        forms = [last[:-3] + "men"]
    else:
        forms = [last + "s"]
    return [pre + f for f in forms]
