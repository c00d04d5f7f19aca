"""Where the repository and the shared evaluation data are, for the tools that read the dev sets.

``../shared`` beside the main checkout, ``../../shared`` beside a worktree under ``/work/wt``. Importing this
module puts the repository (``detente``) and ``shared/eval`` (the shared scorer, ``score.py``) first on the path.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT.parent / "shared")
DEV = SHARED / "eval" / "dev"
for _p in (str(ROOT), str(DEV.parent)):
    if _p not in sys.path[:2]:
        sys.path.insert(0, _p)
