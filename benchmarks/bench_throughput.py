"""Analysis throughput: ``detente analyze`` (``detente.api.analyze``) over N articles with 1 and 2 local
workers and on local Ray (``Settings(engine="ray", workers=2)``), each into a fresh store.

    python benchmarks/bench_throughput.py [ARTICLES.jsonl] [--limit 200] [--configs 1,2,ray2]

Prints articles/s per configuration (wall clock of the whole call: worker start-up and spaCy loading
included, as a user of ``detente analyze`` sees it) and each one's ratio to one worker. The numbers are
only comparable within one run on one machine; on a shared machine, other processes take cores too.
"""
from __future__ import annotations

import argparse
import itertools
import os
import pathlib
import sys
import tempfile
import time

import _common as c

ROOT = c.ROOT
DEFAULT = c.dev_file("articles.reuters.jsonl")
CONFIGS = {"1": ("local", 1), "2": ("local", 2), "ray2": ("ray", 2)}


def run(articles: str, engine: str, workers: int, folder: str) -> tuple[float, dict]:
    from detente import api
    from detente.config import Settings

    db = os.path.join(folder, f"throughput-{engine}-{workers}.duckdb")
    settings = Settings(db=db, engine=engine, workers=workers,
                        ray_output=os.path.join(folder, f"ray-{workers}") if engine == "ray" else None)
    t0 = time.perf_counter()
    report = api.analyze([articles], db=db, settings=settings)
    elapsed = time.perf_counter() - t0
    with api.open(db, read_only=True) as store:
        counts = store.counts()
    return elapsed, {"report": report, "articles": counts["articles"], "events": counts["events"]}


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
        rates = {}
        for name in a.configs.split(","):
            engine, workers = CONFIGS[name]
            elapsed, info = run(sample, engine, workers, folder)
            rates[name] = info["articles"] / elapsed
            print(f"{engine:>5} workers={workers}: {info['articles']} articles, {info['events']} events in "
                  f"{elapsed:6.1f} s = {rates[name]:6.2f} articles/s"
                  + (f"  (x{rates[name] / rates['1']:.2f} of 1 worker)" if "1" in rates and name != "1" else ""),
                  flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name in rates:
        if name != "1" and "1" in rates:
            c.ratio(f"throughput {name}/1 worker", rates[name] / rates["1"], "wall clock; target >= 1.80 for 2")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
