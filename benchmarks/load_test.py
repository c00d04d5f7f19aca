"""Bounded load test of ``detente serve`` on loopback while an ingest writes.

    python benchmarks/load_test.py [--clients 20] [--requests 2000] [--seconds 180] [--example-db /tmp/scale-ex.duckdb]

Starts ``detente serve`` on 127.0.0.1 at a free port over a copy of an example store (built once with
``detente analyze examples/articles`` when missing), with a random ``DETENTE_API_TOKEN``. One writer
POSTs articles to /api/articles one after another (after one warm-up POST that loads spaCy) while ``--clients`` concurrent readers GET events,
the AZE-RUS dyad series, clusters and full-text search, until ``--requests`` reads are done or
``--seconds`` pass. Prints p50/p95/max latency per endpoint and overall, the error count (any status
other than 200, or a failed request) and the writer's results; then stops the server. Loopback only.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import pathlib
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import _common as c

ROOT = c.ROOT
DETENTE = c.DETENTE
ARTICLES = c.dev_file("articles.reuters.jsonl")
READS = [  # (name, path, query)
    ("events", "/api/events", {"actor": "RUS", "limit": 50}),
    ("events dyad", "/api/events", {"dyad": "AZE,RUS", "limit": 50}),
    ("series", "/api/dyads/AZE/RUS/series", {"by": "month"}),
    ("clusters", "/api/clusters", {"a": "AZE", "limit": 20}),
    ("search", "/api/search", {"q": "ceasefire", "limit": 20}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def example_store(path: str) -> str:
    if not os.path.exists(path):
        print(f"building {path} from examples/articles ...", flush=True)
        subprocess.run([*DETENTE, "analyze", str(ROOT / "examples" / "articles"), "--db", path, "-q"], check=True)
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


async def wait_ready(client, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if (await client.get("/api")).status_code == 200:
                return
        except Exception:  # not listening yet
            pass
        await asyncio.sleep(0.5)
    raise RuntimeError("the server did not answer /api in time")


async def reader(client, jobs, stop_at: float, latencies: dict, errors: list) -> None:
    for name, path, params in jobs:
        if time.monotonic() > stop_at:
            return
        t0 = time.perf_counter()
        try:
            r = await client.get(path, params=params)
            ok = r.status_code == 200
            if not ok:
                errors.append(f"{name}: {r.status_code} {r.text[:120]}")
        except Exception as exc:  # noqa: BLE001 - every failure is counted
            ok = False
            errors.append(f"{name}: {type(exc).__name__} {exc}")
        if ok:
            latencies.setdefault(name, []).append((time.perf_counter() - t0) * 1000)


async def writer(client, token: str, articles: list[dict], done: asyncio.Event, out: dict) -> None:
    for record in itertools.cycle(articles):
        if done.is_set():
            return
        t0 = time.perf_counter()
        try:
            r = await client.post("/api/articles", json=record, headers={"Authorization": f"Bearer {token}"},
                                  timeout=300)
            out["status"][r.status_code] = out["status"].get(r.status_code, 0) + 1
            out["latency"].append((time.perf_counter() - t0) * 1000)
        except Exception as exc:  # noqa: BLE001
            out["errors"].append(f"{type(exc).__name__} {exc}")


async def run(base: str, token: str, a, articles: list[dict]) -> dict:
    import httpx

    limits = httpx.Limits(max_connections=a.clients + 2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await wait_ready(client, time.monotonic() + 180)
        done, wrote = asyncio.Event(), {"status": {}, "latency": [], "errors": []}
        t0 = time.perf_counter()  # warm-up, not measured: the first POST loads spaCy in the server
        warm = await client.post("/api/articles", json=articles[0], headers={"Authorization": f"Bearer {token}"},
                                 timeout=600)
        print(f"warm-up POST: {warm.status_code} in {time.perf_counter() - t0:.1f} s", flush=True)
        write_task = asyncio.create_task(writer(client, token, articles[1:], done, wrote))
        work = list(itertools.islice(itertools.cycle(READS), a.requests))
        queues = [work[i::a.clients] for i in range(a.clients)]
        latencies, errors = {}, []
        t0 = time.perf_counter()
        stop_at = time.monotonic() + a.seconds
        await asyncio.gather(*(reader(client, q, stop_at, latencies, errors) for q in queues))
        elapsed = time.perf_counter() - t0
        done.set()
        await write_task
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "wrote": wrote}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--writes", type=int, default=40, help="distinct articles the writer cycles through")
    ap.add_argument("--example-db", default="/tmp/scale-ex.duckdb")
    ap.add_argument("--articles", default=str(ARTICLES))
    ap.add_argument("--smoke", action="store_true", help="2 readers, 20 reads, synthetic articles and store")
    a = ap.parse_args(argv)
    if a.smoke:
        a.clients, a.requests, a.seconds, a.writes = 2, 20, 120, 2
        a.example_db = os.path.join(tempfile.mkdtemp(prefix="detente-load-smoke-"), "ex.duckdb")
        a.articles = c.write_records(c.smoke_records(6), a.example_db + ".jsonl")
        subprocess.run([*DETENTE, "analyze", a.articles, "--db", a.example_db, "-q"], check=True)
    with open(a.articles, encoding="utf-8") as fh:
        articles = [{k: r.get(k) for k in ("text", "title", "date") if r.get(k)}
                    for r in map(json.loads, itertools.islice((x for x in fh if x.strip()), a.writes))]
    token, port = secrets.token_hex(16), free_port()
    with tempfile.TemporaryDirectory(prefix="detente-load-") as folder:
        db = os.path.join(folder, "store.duckdb")
        shutil.copyfile(example_store(a.example_db), db)
        env = {**os.environ, "DETENTE_API_TOKEN": token}
        log = open(os.path.join(folder, "server.log"), "w")
        server = subprocess.Popen([*DETENTE, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            result = asyncio.run(run(f"http://127.0.0.1:{port}", token, a, articles))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
        report(result, a)
        if result["errors"] or result["wrote"]["errors"]:
            print("server log tail:\n" + pathlib.Path(folder, "server.log").read_text()[-2000:])
    return 1 if result["errors"] else 0


def report(result: dict, a) -> None:
    lat, wrote = result["latencies"], result["wrote"]
    every = [x for v in lat.values() for x in v]
    n = len(every) + len(result["errors"])
    print(f"{a.clients} concurrent readers, {n} reads in {result['elapsed']:.1f} s ({n / result['elapsed']:.1f}/s) "
          f"while one writer posted {sum(wrote['status'].values())} articles; cores {os.cpu_count()}, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name in [r[0] for r in READS]:
        v = lat.get(name, [])
        if v:
            print(f"  {name:<12} n={len(v):5d}  p50 {percentile(v, .5):8.1f} ms  p95 {percentile(v, .95):8.1f} ms  "
                  f"max {max(v):8.1f} ms")
    if every:
        c.ratio("load test 300 ms/p95 read", 300 / max(percentile(every, .95), 1e-9), ">= 1: p95 under 300 ms")
    print(f"  {'all reads':<12} n={len(every):5d}  p50 {percentile(every, .5):8.1f} ms  "
          f"p95 {percentile(every, .95):8.1f} ms  errors {len(result['errors'])}")
    for e in result["errors"][:10]:
        print("   error:", e)
    wl = wrote["latency"]
    print(f"  writer: statuses {wrote['status']}, errors {len(wrote['errors'])}, "
          f"median POST {statistics.median(wl) if wl else float('nan'):.0f} ms")
    for e in wrote["errors"][:5]:
        print("   write error:", e)


if __name__ == "__main__":
    sys.exit(main())
