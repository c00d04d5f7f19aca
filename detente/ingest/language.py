"""Language identification: a script check, then lingua over the Latin-script languages only.

Most scripts name their language outright (Armenian, Georgian, Greek, Hebrew, Hangul, kana, Devanagari) or nearly
(Cyrillic: Russian unless letters only Ukrainian, Kazakh or Serbian use appear; Arabic script: Arabic unless
Persian or Urdu letters appear), so only Latin-script text needs a statistical model. lingua is built for the
Latin-script languages news about these regions comes in, in its low-accuracy mode (trigram models only): it
loads in about 0.1 CPU-s instead of about 2-5 s for the high-accuracy models of 26 languages, and article-length
texts are far above the length where the two modes differ. ``analyze`` detects in the worker processes
(``settle``), not while reading: ``deferred()`` makes the readers leave it to them.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import re

LATIN = ("ENGLISH", "FRENCH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "POLISH", "TURKISH",
         "AZERBAIJANI", "ROMANIAN")
SAMPLE_CHARS = 2000
# lingua reads only the first LATIN_SAMPLE_CHARS of the sample: its cost grows with the text (about 1.5 ms per
# 2,000 characters), and 600 give the same language as 2,000 for every one of the 4,341 texts of the dev sets
# (articles, sentences, gazetteer and timex files; 0.61 -> 0.25 CPU-s for 400 Reuters articles)
LATIN_SAMPLE_CHARS = 600
MIN_LETTERS = 20
# (first, last code point, ISO 639-1 code of the script's main language here)
SCRIPTS = (
    (0x0370, 0x03FF, "el"), (0x0400, 0x04FF, "ru"), (0x0530, 0x058F, "hy"), (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"), (0x0750, 0x077F, "ar"), (0x0900, 0x097F, "hi"), (0x10A0, 0x10FF, "ka"),
    (0x1100, 0x11FF, "ko"), (0x3040, 0x30FF, "ja"), (0x4E00, 0x9FFF, "zh"), (0xAC00, 0xD7AF, "ko"),
)
# Letters that tell a language apart from the script's main one.
MARKERS = (("ru", "uk", "іїєґІЇЄҐ"), ("ru", "kk", "әғқңөұүһӘҒҚҢӨҰҮҺ"), ("ru", "sr", "ђјљњћџЂЈЉЊЋЏ"),
           ("ar", "ur", "ٹڈڑںےۓ"), ("ar", "fa", "پچژگکی"), ("zh", "ja", ""))

_DEFER = contextvars.ContextVar("detente_defer_language", default=False)


@contextlib.contextmanager
def deferred():
    """Within this block, ``detect`` answers None: readers leave detection to ``settle`` (in the workers)."""
    token = _DEFER.set(True)
    try:
        yield
    finally:
        _DEFER.reset(token)


@functools.lru_cache(maxsize=1)
def _latin_detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in LATIN]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


# ASCII bytes that are not letters (str.isalpha of an ASCII character is exactly A-Z, a-z)
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _script(sample: str) -> tuple[str | None, int]:
    """The main non-Latin language by script (None when Latin letters dominate) and the number of letters.
    ASCII letters are counted at once (all Latin); only the other characters are looked at one by one."""
    counts: dict[str, int] = {}
    ascii_only = sample.encode("ascii", "ignore")
    letters = latin = len(ascii_only.translate(None, _ASCII_NON_LETTERS))
    for ch in _NON_ASCII.findall(sample) if len(ascii_only) < len(sample) else ():
        if not ch.isalpha():
            continue
        letters += 1
        o = ord(ch)
        if o < 0x0250:
            latin += 1
            continue
        for lo, hi, code in SCRIPTS:
            if lo <= o <= hi:
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts or latin >= max(counts.values()):
        return None, letters
    code = max(counts, key=counts.get)
    if code == "zh" and counts.get("ja"):
        return "ja", letters
    for main, other, marks in MARKERS:
        if code == main and marks and any(m in sample for m in marks):
            return other, letters
    return code, letters


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told (or detection is deferred)."""
    return None if _DEFER.get() else _detect(text)


def _detect(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    code, letters = _script(sample)
    if letters < MIN_LETTERS:
        return None
    if code:
        return code
    lang = _latin_detector().detect_language_of(sample[:LATIN_SAMPLE_CHARS])
    return lang.iso_code_639_1.name.lower() if lang else None


SUPPORTED = ("en", "ru")  # languages with a pipeline (ru: detente.ru, issue 20)
AUTO = "auto"
CHOICES = (AUTO, *SUPPORTED)  # Settings.language, ``--language``: detect, or read every text as this language


def check(language: str | None) -> str:
    """``language`` as a ``Settings.language`` value (lower case; None is ``auto``), or a UsageError naming the
    valid ones."""
    from detente.errors import UsageError

    value = (language or AUTO).strip().lower()
    if value not in CHOICES:
        raise UsageError(f"unknown language {language!r}; valid: {', '.join(CHOICES)} (auto detects each text's)")
    return value


def forced(language: str | None) -> str | None:
    """The language every text is read as, or None to detect it (``auto``)."""
    value = check(language)
    return None if value == AUTO else value


def settle(article, language: str | None = AUTO):
    """The article with its language detected and, if not one detente codes (English, Russian: SUPPORTED), its
    status set to unsupported. A forced ``language`` (``Settings.language`` other than ``auto``) is taken as it
    is, with no detection."""
    from detente.model import OK, UNSUPPORTED_LANGUAGE

    if article.status != OK:
        return article
    force = forced(language)
    if force is not None:
        return dataclasses.replace(article, language=force)
    language = _detect(article.text)
    if language in (None, *SUPPORTED):
        return dataclasses.replace(article, language=language or article.language)
    return dataclasses.replace(article, language=language, status=UNSUPPORTED_LANGUAGE)
