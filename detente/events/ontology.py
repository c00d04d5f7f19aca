"""PLOVER v0.8 and CAMEO tables, loaded once from ``data/`` into immutable lookups.

One place for event-type values: PLOVER types, modes and scores, CAMEO codes and the
CAMEO -> PLOVER mapping (CAMEO2PLOVER-2021), and the CAMEO quad classes.
"""
from __future__ import annotations

import functools
import pathlib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Optional

DATA = pathlib.Path(__file__).parent / "data"

QUADS = ("STATEMENT", "VERBAL_COOP", "MATERIAL_COOP", "VERBAL_CONFLICT", "MATERIAL_CONFLICT")
# CAMEO root -> quad (the GDELT/CAMEO QuadClass convention, with 01 "make statement" split out).
_ROOT_QUAD = {1: "STATEMENT", **{r: "VERBAL_COOP" for r in range(2, 6)}, **{r: "MATERIAL_COOP" for r in range(6, 9)},
              **{r: "VERBAL_CONFLICT" for r in range(9, 14)}, **{r: "MATERIAL_CONFLICT" for r in range(14, 21)}}


@dataclass(frozen=True)
class Coding:
    """What one CAMEO code means in PLOVER."""

    cameo: str
    event: Optional[str]  # None: no PLOVER type (CAMEO 01 statements, 02 appeals)
    mode: Optional[str]
    contexts: tuple
    score: float


def rows(name: str):
    """Tab-separated rows of a data file, comments and blank lines skipped."""
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


@functools.lru_cache(maxsize=1)
def _scores():
    out = {}
    for r in rows("plover.tsv"):
        out[(r[0], r[1] or None)] = (float(r[2]), r[3])
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1)
def _mapping():
    out = {}
    for r in [*rows("cameo2plover_overrides.tsv"), *rows("cameo2plover.tsv"), *rows("cameo2plover_detente.tsv")]:
        r += [""] * (4 - len(r))
        if r[0] not in out:
            out[r[0]] = (r[1].strip() or None, r[2].strip() or None, tuple(c for c in r[3].split(";") if c))
    return MappingProxyType(out)


def plover_types() -> tuple:
    return tuple(sorted({e for e, _ in _scores()}))


def score(event: str, mode: Optional[str] = None) -> float:
    s = _scores()
    return (s.get((event, mode)) or s.get((event, None)) or (0.0, None))[0]


def quad_of_event(event: str) -> Optional[str]:
    return (_scores().get((event, None)) or (None, None))[1]


def quad_of_cameo(cameo: str) -> str:
    try:
        return _ROOT_QUAD.get(int(cameo[:2]), "STATEMENT")
    except ValueError:
        return "STATEMENT"


@functools.lru_cache(maxsize=512)
def coding(cameo: str) -> Coding:
    """The PLOVER event, mode and contexts of a CAMEO code (falling back to its parent codes)."""
    m = _mapping()
    code = cameo
    while code and code not in m:
        code = code[:-1] if len(code) > 2 else ""
    event, mode, ctx = m.get(code, (None, None, ()))
    if event is None and cameo[:2] in m:
        event, mode, ctx = m[cameo[:2]]
    valid_mode = mode if (event, mode) in _scores() else None
    return Coding(cameo, event, valid_mode, ctx, score(event, valid_mode) if event else 0.0)
