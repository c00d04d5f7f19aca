"""The closed-class word lists of the stance rules and features, loaded once from ``data/function_words.yaml``
(which names their source): ``function_words("modals")`` -> frozenset of lower-case words."""
from __future__ import annotations

import functools
from pathlib import Path

from detente.wordlists import word_list

FILE = Path(__file__).parent / "data" / "function_words.yaml"


@functools.lru_cache(maxsize=None)
def function_words(name: str) -> frozenset:
    return frozenset(w.lower() for w in word_list(FILE, name))
