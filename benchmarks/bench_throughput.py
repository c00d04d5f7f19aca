"""Analysis throughput: ``detente analyze`` (``detente.api.analyze``) over N articles with 1 and 2 local
workers and on local Ray (``Settings(engine="ray", workers=2)``), each into a fresh store.

    python benchmarks/bench_throughput.py [ARTICLES.jsonl] [--limit 200] [--configs 1,2,ray2]

Each configuration runs in a fresh process. Prints articles/s per configuration (wall clock of the whole call:
worker start-up and spaCy loading included, as a user of ``detente analyze`` sees it), each one's ratio to one
worker, and the CPU seconds of the parent (reading, writing) and of the workers. The wall-clock ratio is the
target's figure on a quiet machine; on a shared one other processes take the cores, so a second ratio bounds
what 2 idle cores would give from the CPU times of the same run: one worker's CPU against the larger of the
2-worker run's CPU spread over 2 cores and the parent's own CPU (the parent must not be the bottleneck).
A third, "serial-aware", splits the parent's CPU in the call into its serial phases, up to the first batch's
results (loading the models, opening the store) and after the last batch's (the last write, the clusters, the
close; both timed at ``intake.store_results``), which no worker overlaps, and the rest, which shares the 2
cores with the workers: on a loaded machine it is the closest figure to a quiet machine's wall-clock ratio. It
also shows why the parent's work *during* the run hardly moves the ratio: 1 worker does the same work, so taking
some away speeds up both runs; only the serial phases (and the workers' uneven finish) keep 2 workers from 2x.

    python benchmarks/bench_throughput.py --limit 400 --configs 1,2     # the figure for issue 19
"""
from __future__ import annotations

import argparse
import itertools
import os
import pathlib
import sys
import tempfile

import _common as c

ROOT = c.ROOT
DEFAULT = c.dev_file("articles.reuters.jsonl")
CONFIGS = {"1": ("local", 1), "2": ("local", 2), "ray2": ("ray", 2)}


CHILD = """
import json, resource, sys, time
from detente import api, intake
from detente.config import Settings
articles, db, engine, workers, ray_output = sys.argv[1:6]
settings = Settings(db=db, engine=engine, workers=int(workers), ray_output=ray_output or None)
ticks = []  # the parent's CPU seconds when the first and when the last batch's results were stored
store_results = intake.store_results


def timed(*args, **kw):
    store_results(*args, **kw)
    ticks[1:] = [time.process_time()]  # the first stays at ticks[0], the latest is ticks[-1]


intake.store_results = timed
t0, c0 = time.perf_counter(), time.process_time()
report = api.analyze([articles], db=db, settings=settings)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
with api.open(db, read_only=True) as store:
    counts = store.counts()
me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"wall": wall, "parent_cpu": me.ru_utime + me.ru_stime, "workers_cpu": kids.ru_utime + kids.ru_stime,
                  "articles": counts["articles"], "events": counts["events"], "call_cpu": cpu,
                  "before_first": ticks[0] - c0, "after_last": c0 + cpu - ticks[-1]}))
"""


def run(articles: str, engine: str, workers: int, folder: str) -> dict:
    """One configuration in a fresh process (as `detente analyze` runs): wall clock of the analyze call (worker
    start-up and model loading included), CPU seconds of the parent and of its worker processes."""
    import json
    import subprocess

    db = os.path.join(folder, f"throughput-{engine}-{workers}.duckdb")
    ray_output = os.path.join(folder, f"ray-{workers}") if engine == "ray" else ""
    out = subprocess.run([sys.executable, "-c", CHILD, articles, db, engine, str(workers), ray_output],
                         capture_output=True, text=True, check=True, cwd=str(ROOT))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--configs", default="1,2,ray2", help="comma-separated: 1, 2, ray2")
    ap.add_argument("--smoke", action="store_true", help="6 synthetic articles, 1 and 2 workers")
    a = ap.parse_args(argv)
    if a.smoke:
        a.limit, a.configs = 6, "1,2"
    print(f"cores: {os.cpu_count()}; load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="detente-throughput-") as folder:
        sample = os.path.join(folder, "articles.jsonl")
        if a.smoke:
            c.write_records(c.smoke_records(a.limit), sample)
        else:
            with open(a.articles, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as dst:
                dst.writelines(itertools.islice((line for line in src if line.strip()), a.limit))
        runs: dict[str, dict] = {}
        for name in a.configs.split(","):
            engine, workers = CONFIGS[name]
            r = runs[name] = run(sample, engine, workers, folder)
            print(f"{engine:>5} workers={workers}: {r['articles']} articles, {r['events']} events in {r['wall']:6.1f} s "
                  f"wall = {r['articles'] / r['wall']:6.2f} articles/s; CPU: parent {r['parent_cpu']:.1f} s "
                  f"({r['call_cpu']:.2f} in the call: {r['before_first']:.2f} up to the first batch's results, "
                  f"{r['after_last']:.2f} after the last's), workers {r['workers_cpu']:.1f} s", flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    one = runs.get("1")
    for name, r in runs.items():
        if name == "1" or one is None:
            continue
        c.ratio(f"throughput {name}/1 worker", one["wall"] / r["wall"], "wall clock; target >= 1.80 for 2 on a quiet "
                "machine with 2 free cores")
        if CONFIGS[name][0] == "local":
            # what an idle machine with `workers` cores would give: the run's CPU spread over them, unless one
            # process (the parent, reading and writing) needs more than its share
            cores, total = CONFIGS[name][1], r["parent_cpu"] + r["workers_cpu"]
            single = one["parent_cpu"] + one["workers_cpu"]
            c.ratio(f"throughput {name}/1 worker, CPU bound", single / max(total / cores, r["parent_cpu"]),
                    f"1 worker's CPU / max(CPU of {name} spread over {cores} cores, parent's CPU): the parent's work "
                    f"overlapping the workers'; parent's share {r['parent_cpu'] / total:.0%}")
            c.ratio(f"throughput {name}/1 worker, CPU worst case", single / (r["parent_cpu"] + r["workers_cpu"] / cores),
                    "as if none of the parent's work (model loading, reading, writing) overlapped the workers'")
            # the parent's serial phases: up to the first batch's results (loading the models, opening the store,
            # the first batch's wait) and after the last batch's (the last write, the clusters, the close); the
            # rest of its work shares the cores with the workers
            serial = r["before_first"] + r["after_last"]
            during = r["call_cpu"] - serial
            c.ratio(f"throughput {name}/1 worker, CPU serial-aware",
                    one["call_cpu"] / (serial + (r["workers_cpu"] + during) / cores),
                    f"1 worker's CPU in the call / (the parent's serial CPU, {r['before_first']:.2f} s up to the first "
                    f"batch's results and {r['after_last']:.2f} s after the last's, + the workers' and the parent's "
                    f"other {during:.2f} s spread over {cores} cores): an idle machine's wall ratio but for the "
                    "workers' uneven finish")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
