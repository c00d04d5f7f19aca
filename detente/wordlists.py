"""Word lists kept as data, not code: a YAML file of named lists (the file names their source in a
comment), read once. ``word_list(path, name)`` -> the words in file order; ``word_set(path, name)`` ->
a frozenset. Words are kept as written (no case folding); a bare YAML on/off/yes/no must be quoted."""
from __future__ import annotations

import functools
from pathlib import Path


@functools.lru_cache(maxsize=None)
def _lists(path: str) -> dict[str, tuple[str, ...]]:
    import yaml

    # libyaml's safe loader when PyYAML has it: the same data as yaml.safe_load (checked on every YAML file of the
    # package), about 8x less CPU; these lists are read by every process at start-up
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = {}
    for name, words in data.items():
        bad = [w for w in words if not isinstance(w, str)]
        if bad:  # YAML reads a bare on/off/yes/no as a boolean
            raise ValueError(f"{Path(path).name}: list {name!r} holds non-words {bad!r}; quote them")
        out[name] = tuple(words)
    return out


def word_list(path: Path | str, name: str) -> tuple[str, ...]:
    """The list ``name`` of the YAML file ``path``, in file order."""
    try:
        return _lists(str(path))[name]
    except KeyError:
        raise KeyError(f"{Path(path).name} has no word list {name!r}") from None


def word_set(path: Path | str, name: str) -> frozenset:
    return frozenset(word_list(path, name))
