"""Crash test: kill -9 an `analyze` run at random moments, resume each time, then check that no
article was lost and no event doubled.

    .venv/bin/python benchmarks/kill_resume.py ../shared/eval/dev/articles.reuters.jsonl --kills 15

Checks: every readable input article is in the store exactly once; event keys are unique; the
events of a random sample of articles equal those of a fresh in-memory analysis of the same text.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common as c

ROOT = c.ROOT
DETENTE = c.DETENTE


def run_and_kill(inputs: list[str], db: str, delay: float) -> bool:
    """Start analyze; kill -9 it after ``delay`` seconds. Returns True if it finished first."""
    proc = subprocess.Popen([*DETENTE, "analyze", *inputs, "--db", db, "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=delay)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return False


def check(inputs: list[str], db: str, sample: int, seed: int) -> dict:
    from detente import ingest, pipeline
    from detente.config import Settings
    from detente.model import Article
    from detente.store import Store
    from detente.store.write import event_key

    expected = {}
    for item in ingest.read(inputs):
        if isinstance(item, Article):
            expected.setdefault(item.id, item)
    with Store(db, read_only=True) as store:
        con = store.con
        stored = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
        n_events, n_keys = con.execute("SELECT count(*), count(DISTINCT key) FROM events").fetchone()
        orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
        rng = random.Random(seed)
        chosen = rng.sample(sorted(expected), min(sample, len(expected)))
        mismatched = 0
        for aid, result in zip(chosen, pipeline.analyze_batch([expected[a] for a in chosen], Settings())):
            want = sorted(event_key(aid, e) for e in result.events)
            got = sorted(r[0] for r in con.execute("SELECT key FROM events WHERE article_id = ?", [aid]).fetchall())
            mismatched += want != got
            if want != got:  # say which, so that a failure on another machine can be looked into
                print(f"mismatch {aid}: fresh analysis only {sorted(set(want) - set(got))}, stored only "
                      f"{sorted(set(got) - set(want))}", flush=True)
    return {"input_articles": len(expected), "stored": len(stored & set(expected)),
            "lost": len(set(expected) - stored), "extra": len(stored - set(expected)),
            "duplicate_events": n_events - n_keys, "orphan_events": orphans, "events": n_events,
            "sampled": len(chosen), "sample_mismatches": mismatched}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--kills", type=int, default=15)
    ap.add_argument("--min-delay", type=float, default=8.0, help="seconds; spaCy and the knowledge base load first")
    ap.add_argument("--max-delay", type=float, default=40.0)
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", default=None)
    ap.add_argument("--smoke", action="store_true", help="12 synthetic articles, one kill")
    a = ap.parse_args()
    if a.smoke:
        a.kills, a.min_delay, a.max_delay, a.sample = 1, 4.0, 8.0, 2
        a.inputs = [c.write_records(c.smoke_records(12), tempfile.mkstemp(suffix=".jsonl")[1])]
    if not a.inputs:
        ap.error("give input files (or --smoke)")
    rng = random.Random(a.seed)
    db = a.db or str(Path(tempfile.mkdtemp(prefix="detente-kill-")) / "kill.duckdb")
    t0 = time.time()
    kills = 0
    while kills < a.kills:
        if run_and_kill(a.inputs, db, rng.uniform(a.min_delay, a.max_delay)):
            break  # finished before the kill: fewer kills than asked; say so
        kills += 1
        print(f"kill -9 #{kills} at {time.time() - t0:.0f}s", flush=True)
    finished = run_and_kill(a.inputs, db, 24 * 3600)
    result = check(a.inputs, db, a.sample, a.seed)
    result.update(kills=kills, final_run_finished=finished, seconds=round(time.time() - t0))
    print(result)
    ok = result["lost"] == 0 and result["duplicate_events"] == 0 and result["orphan_events"] == 0 \
        and result["sample_mismatches"] == 0
    c.ratio("kill-resume stored/input articles", result["stored"] / max(result["input_articles"], 1),
            "1.00: nothing lost")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
