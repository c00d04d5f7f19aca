"""Hostile input: peak memory and time per case, and N generated bad inputs beside good articles.

    .venv/bin/python benchmarks/hostile_inputs.py              # every case, each in a fresh process on one core
    .venv/bin/python benchmarks/hostile_inputs.py --case gzip_bomb --case long_passage
    .venv/bin/python benchmarks/hostile_inputs.py --bad 1000   # volume: N bad inputs beside good articles

Each case is built from scratch by the builders in tests/test_hostile.py (at full size here: a gzip stream
expanding to 1.5 GB, a 100,000-character passage without a sentence break, a sparse 6 GB file), then run
through ``detente.analyze`` in its own process pinned to one core (``os.sched_setaffinity``). Printed per
case: peak RSS of that process (MB), CPU and wall seconds, what was analysed and what quarantined, with the
reason. ``baseline`` is one good article. The imports, the store and (for cases with articles to analyse)
the spaCy model are in every RSS figure; the model is loaded before the clock starts, so the times are the
case's own. The targets of issue 16: the bomb rejected under 300 MB, the passage analysed or
quarantined within 30 s. Figures only; nothing here is asserted in the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

GOOD = [
    "Date: 2024-03-05\n\nRussia and Azerbaijan signed a rail agreement in Baku on Tuesday.",
    "Armenia's prime minister criticised Moscow in parliament on Monday.",
    "Turkey's defence minister visited Baku and pledged continued military cooperation.",
]


def _build(case: str, folder: Path) -> list[str]:
    """Write the inputs of one case; return the paths to analyse."""
    import test_hostile as h

    if case == "baseline":
        (folder / "good.txt").write_text(GOOD[0])
    elif case == "gzip_bomb":
        (folder / "bomb.txt.gz").write_bytes(h.gzip_bomb(1_500_000_000))
    elif case == "gzip_bomb_misnamed":
        (folder / "bomb.txt").write_bytes(h.gzip_bomb(1_500_000_000))
    elif case == "sparse_6gb":
        with open(folder / "sparse.txt", "wb") as fh:
            fh.truncate(6_000_000_000)
    elif case == "long_passage":
        (folder / "passage.txt").write_text(h.passage(100_000))
    elif case == "punctuation":
        (folder / "dots.txt").write_text(h.PUNCTUATION)
    elif case == "feed_broken_item":
        items = "".join(h.GOOD_ITEM.format(n=n) for n in range(1, 4))
        (folder / "feed.rss").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>"
                                         + items + "<item><title><![CDATA[Broken</title></item>"
                                         + h.GOOD_ITEM.format(n=5) + "</channel></rss>")
    elif case == "unreadable_paths":
        (folder / "sub").mkdir()
        (folder / "sub" / "dangling.txt").symlink_to(folder / "nowhere")
        os.mkfifo(folder / "sub" / "pipe.txt")
        (folder / "locked").mkdir()
        h.deny(_Patch(), folder / "locked")
        (folder / "good.txt").write_text(GOOD[1])
    else:
        raise SystemExit(f"unknown case {case!r}; cases: {', '.join(CASES)}")
    return [str(folder)]


CASES = ["baseline", "gzip_bomb", "gzip_bomb_misnamed", "sparse_6gb", "long_passage", "punctuation",
         "feed_broken_item", "unreadable_paths"]


PARSES = {"baseline", "long_passage", "feed_broken_item", "unreadable_paths"}  # cases with articles to analyse


class _Patch:
    """The one monkeypatch method tests/test_hostile.deny needs, outside pytest."""

    @staticmethod
    def setattr(obj, name, value):
        setattr(obj, name, value)


def child(case: str, one_core: bool) -> dict:
    """Run one case in this process; return its figures."""
    import resource

    if one_core:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    folder = Path(tempfile.mkdtemp(prefix=f"detente-{case}-"))
    paths = _build(case, folder)
    import detente
    from detente.store import Store

    if case in PARSES:  # load the model and tables first: the times are the case's, not the loading's
        from detente import pipeline
        from detente.config import Settings

        pipeline._warm(Settings(), tuple(pipeline.STAGES))
    cpu, wall = time.process_time(), time.monotonic()
    with Store(":memory:") as store:
        report = detente.analyze(paths, db=store)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"case": case, "peak_rss_mb": round(usage.ru_maxrss / 1024), "cpu_s": round(time.process_time() - cpu, 2),
            "wall_s": round(time.monotonic() - wall, 2), "analysed": report.analysed,
            "quarantined": [[loc.replace(str(folder), "."), reason] for loc, reason in report.quarantined]}


def run_cases(cases: list[str], one_core: bool) -> int:
    print(f"{'case':<20} {'peak RSS':>9} {'CPU s':>7} {'wall s':>7} {'analysed':>8}  quarantined (reason)")
    for case in cases:
        cmd = [sys.executable, __file__, "--child", case] + ([] if one_core else ["--all-cores"])
        done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        if done.returncode:
            print(f"{case:<20} FAILED: {done.stderr.strip()[-500:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        why = "; ".join(f"{loc}: {reason[:70]}" for loc, reason in r["quarantined"]) or "-"
        print(f"{case:<20} {r['peak_rss_mb']:>6} MB {r['cpu_s']:>7} {r['wall_s']:>7} {r['analysed']:>8}  {why}")
    return 0


def run_volume(n: int, seed: int) -> int:
    """N generated bad inputs (tests/test_hostile.bad_inputs) beside a few good articles, through analyze."""
    import detente
    from detente.store import Store
    from test_hostile import bad_inputs

    folder = Path(tempfile.mkdtemp(prefix="detente-hostile-"))
    names = []
    for name, data in bad_inputs(random.Random(seed), n):
        (folder / name).write_bytes(data)
        names.append(name)
    for i, text in enumerate(GOOD):
        (folder / f"good{i}.txt").write_text(text)
    with Store(":memory:") as store:
        report = detente.analyze([folder], db=store)
        located = [loc for loc, reason in report.quarantined if reason]
        missing = [x for x in names if not any(loc == str(folder / x) or loc.startswith(
            (str(folder / x) + ":", str(folder / x) + "#")) for loc in located)]
        stored = store.counts()["articles"]
    print({"bad_inputs": len(names), "quarantined_records": len(report.quarantined),
           "bad_inputs_not_quarantined": len(missing), "good_articles": len(GOOD),
           "good_analysed": report.analysed, "articles_stored": stored})
    ok = not missing and report.analysed == len(GOOD) == stored
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", action="append", choices=CASES, help="Run only these cases (repeatable).")
    ap.add_argument("--bad", type=int, help="Volume mode: this many generated bad inputs.")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--all-cores", action="store_true", help="Do not pin each case to one core.")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child, not a.all_cores)))
        return 0
    if a.bad:
        return run_volume(a.bad, a.seed)
    return run_cases(a.case or CASES, not a.all_cores)


if __name__ == "__main__":
    sys.exit(main())
