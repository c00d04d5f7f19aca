"""Language identification with lingua, restricted to the languages news about these regions comes in."""
from __future__ import annotations

import functools

LANGUAGES = (
    "ENGLISH", "RUSSIAN", "UKRAINIAN", "AZERBAIJANI", "ARMENIAN", "TURKISH", "GEORGIAN", "KAZAKH",
    "FRENCH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "POLISH", "ARABIC", "PERSIAN",
    "HEBREW", "CHINESE", "JAPANESE", "KOREAN", "HINDI", "URDU", "SERBIAN", "ROMANIAN", "GREEK",
)
SAMPLE_CHARS = 2000


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang = _detector().detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang else None
