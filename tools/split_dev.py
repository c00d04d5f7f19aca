"""Write the tune/validation split of every shared dev set into eval/split/ (hashed ids, no text).

    python tools/split_dev.py [../shared/eval/dev]

The rule is the shared scorer's (`score.part_of`, the project's `detente.evaluate.part_of`): SHA-256 of the id up to any '#', first 8 hex digits,
mod 10 < 6 -> tune (about 60%), else validation. Rules, lexicon entries and hyper-parameters are chosen
on tune errors only; figures are reported on validation; trained models learn from tune only.
Re-running it gives identical files; `tests/test_split.py` checks the files still follow the rule.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "eval" / "split"
sys.path.insert(0, str(ROOT))

from detente.evaluate import part_of  # noqa: E402 - the shared scorer's rule, once in the project


def key(record_id) -> str:
    """The id as stored: some dev ids carry third-party text, so the file keeps a hash of the full id."""
    return hashlib.sha256(str(record_id).encode("utf-8")).hexdigest()[:16]


def main(argv: list[str]) -> int:
    dev = Path(argv[0]) if argv else ROOT.parent / "shared" / "eval" / "dev"
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sorted(dev.glob("*.jsonl")):
        ids = [json.loads(line)["id"] for line in path.open(encoding="utf-8") if line.strip()]
        lines = [f"{key(i)}\t{part_of(i)}" for i in ids]
        (OUT / (path.stem + ".tsv")).write_text("# sha256(id)[:16]\tpart (tools/split_dev.py; ids are hashed: some hold third-party text)\n" + "\n".join(lines) + "\n",
                                                  encoding="utf-8")
        n_tune = sum(part_of(i) == "tune" for i in ids)
        print(f"{path.name}: {len(ids)} records, tune {n_tune}, validation {len(ids) - n_tune}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
