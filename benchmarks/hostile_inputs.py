"""Hostile input at volume: N generated bad inputs beside a few good articles, through `analyze`.

    .venv/bin/python benchmarks/hostile_inputs.py --bad 1000

Passes when the run does not crash, every bad input is quarantined with a reason, and every good
article is analysed. The generator is the one tests/test_hostile.py uses (eleven kinds of bad input).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import _common as c  # noqa: E402

GOOD = [
    "Date: 2024-03-05\n\nRussia and Azerbaijan signed a rail agreement in Baku on Tuesday.",
    "Armenia's prime minister criticised Moscow in parliament on Monday.",
    "Turkey's defence minister visited Baku and pledged continued military cooperation.",
]


def main() -> int:
    import detente
    from detente.store import Store
    from test_hostile import bad_inputs

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bad", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--smoke", action="store_true", help="20 bad inputs")
    a = ap.parse_args()
    if a.smoke:
        a.bad = 20
    folder = Path(tempfile.mkdtemp(prefix="detente-hostile-"))
    names = []
    for name, data in bad_inputs(random.Random(a.seed), a.bad):
        (folder / name).write_bytes(data)
        names.append(name)
    for i, text in enumerate(GOOD):
        (folder / f"good{i}.txt").write_text(text)
    with Store(":memory:") as store:
        report = detente.analyze([folder], db=store)
        located = [loc for loc, reason in report.quarantined if reason]
        missing = [n for n in names if not any(loc == str(folder / n) or loc.startswith((str(folder / n) + ":", str(folder / n) + "#"))
                                               for loc in located)]
        stored = store.counts()["articles"]
    result = {"bad_inputs": len(names), "quarantined_records": len(report.quarantined),
              "bad_inputs_not_quarantined": len(missing), "good_articles": len(GOOD),
              "good_analysed": report.analysed, "articles_stored": stored}
    print(result)
    ok = not missing and report.analysed == len(GOOD) == stored
    c.ratio("hostile quarantined/bad inputs", 1 - len(missing) / max(len(names), 1), "1.00: every bad input quarantined")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
