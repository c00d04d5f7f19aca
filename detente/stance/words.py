"""The closed-class word lists of the stance rules, loaded once from ``data/function_words.yaml``
(which names their source): ``function_words("modals")`` -> frozenset of lower-case words."""
from __future__ import annotations

import functools
from pathlib import Path

FILE = Path(__file__).parent / "data" / "function_words.yaml"


@functools.lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset]:
    import yaml

    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    out = {}
    for name, words in data.items():
        bad = [w for w in words if not isinstance(w, str)]
        if bad:  # YAML reads a bare on/off/yes/no as a boolean: quote such words
            raise ValueError(f"{FILE.name}: list {name!r} holds non-words {bad!r}; quote them")
        out[name] = frozenset(w.lower() for w in words)
    return out


def function_words(name: str) -> frozenset:
    return _lists()[name]
