"""find_actors: every actor mention in a spaCy Doc (placeholder, filled in below)."""
from __future__ import annotations


def find_actors(doc, *, date=None, kb=None):
    return ()
