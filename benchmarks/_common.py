"""Shared helpers of the benchmarks: where the dev articles are, how to run `detente`, small synthetic inputs
for ``--smoke`` runs, CPU time and peak memory of child processes, and the one line every benchmark prints
for ``benchmarks/run.py``:

    ratio <name>: <value>   (<what it is>)

Ratios, not absolute times: the numbers are only comparable within one run on one (often shared) machine.
"""
from __future__ import annotations

import json
import os
import pathlib
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# `detente` as the running interpreter sees it (works in a checkout without its own .venv).
DETENTE = [sys.executable, "-c", "import sys; from detente.cli import main; sys.exit(main())"]


def dev_file(name: str) -> pathlib.Path:
    """A dev-set file: $DETENTE_EVAL_DEV, or shared/eval/dev beside the checkout or above it."""
    if os.environ.get("DETENTE_EVAL_DEV"):
        return pathlib.Path(os.environ["DETENTE_EVAL_DEV"]) / name
    for parent in ROOT.parents:
        candidate = parent / "shared" / "eval" / "dev" / name
        if candidate.exists():
            return candidate
    return ROOT.parent / "shared" / "eval" / "dev" / name


# Written for these benchmarks (not taken from any corpus): enough to exercise every stage in a smoke run.
_SMOKE = [
    "Georgia and Armenia agreed on Monday to reopen a border crossing closed since the spring.",
    "The foreign minister of Kazakhstan met his Turkish counterpart in Ankara to discuss transit fees.",
    "Azerbaijan accused Armenia of shelling villages near the frontier, a charge Yerevan denied.",
    "Russia pledged wheat deliveries to Tajikistan after a poor harvest, officials said on Friday.",
]


def smoke_records(n: int) -> list[dict]:
    """``n`` small synthetic articles (JSONL records) for ``--smoke`` runs."""
    out = []
    for i in range(n):
        body = " ".join(_SMOKE[(i + j) % len(_SMOKE)] for j in range(3)) + f" Report number {i}."
        out.append({"id": f"smoke-{i}", "title": f"Synthetic report {i}", "text": body,
                    "date": f"2024-0{1 + i % 9}-1{i % 10}", "outlet": "Bench Wire"})
    return out


def write_records(records: list[dict], path: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def read_records(path: str, limit: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if len(out) >= limit:
                    break
    return out


def run_child(cmd: list[str], env: dict | None = None, **kw) -> dict:
    """Run a command; its wall time, CPU time (user + system, its waited-for children included) and peak RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def ratio(name: str, value: float, note: str) -> None:
    print(f"ratio {name}: {value:.2f}   ({note})", flush=True)
