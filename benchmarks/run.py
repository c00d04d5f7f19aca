"""Run every benchmark and print a table of their ratios (`make bench`).

    python benchmarks/run.py                 # full runs (long: minutes to an hour on a shared 2-core machine)
    python benchmarks/run.py --smoke         # each at a small N, as tests/test_benchmarks.py does
    python benchmarks/run.py --only analyze,server

Each benchmark is a script in this folder that accepts ``--smoke`` and prints one or more lines
``ratio <name>: <value>   (<what it is>)``; its whole output is shown as it runs. Exit status 1 if any failed.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# name -> (script, arguments of a full run)
BENCHMARKS = {
    "analyze": ("bench_analyze.py", []),
    "startup": ("bench_startup.py", []),
    "events": ("bench_events.py", []),
    "stance": ("bench_stance.py", []),
    "throughput": ("bench_throughput.py", ["--configs", "1,2"]),
    "dyad": ("bench_dyad_query.py", []),
    "server": ("bench_server.py", []),
    "load": ("load_test.py", ["--requests", "400", "--seconds", "120"]),
    "hostile": ("hostile_inputs.py", ["--bad", "200"]),
    "kill": ("kill_resume.py", ["--smoke"]),
    "ru": ("bench_ru.py", []),
}
RATIO = re.compile(r"^ratio (?P<name>.+?): (?P<value>[-+0-9.e]+|nan|inf)\s*(?:\((?P<note>.*)\))?\s*$")


def run(name: str, smoke: bool) -> tuple[int, list[tuple[str, str, str]], float]:
    script, args = BENCHMARKS[name]
    cmd = [sys.executable, os.path.join(HERE, script), *(["--smoke"] if smoke else args)]
    print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=os.path.dirname(HERE))
    ratios = []
    for line in proc.stdout:
        sys.stdout.write(line)
        m = RATIO.match(line.strip())
        if m:
            ratios.append((m["name"], m["value"], m["note"] or ""))
    return proc.wait(), ratios, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only", default="", help=f"comma-separated, of: {', '.join(BENCHMARKS)}")
    a = ap.parse_args(argv)
    names = [n for n in a.only.split(",") if n] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}")
    table, failed = [], []
    for name in names:
        rc, ratios, seconds = run(name, a.smoke)
        if rc:
            failed.append(name)
        table += [(name, *r) for r in ratios] or [(name, "(no ratio printed)", "-", "")]
        table.append((name, "exit status / seconds", f"{rc} / {seconds:.0f}", ""))
    width = max(len(r[1]) for r in table)
    print(f"\n{'benchmark':<11} {'ratio':<{width}} {'value':>9}  note")
    for bench, label, value, note in table:
        print(f"{bench:<11} {label:<{width}} {value:>9}  {note}")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if failed:
        print("FAILED: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
