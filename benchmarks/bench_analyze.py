"""`detente analyze` (the whole process, into a fresh store) against a bare spaCy ``nlp.pipe`` of the same texts.

    python benchmarks/bench_analyze.py [ARTICLES.jsonl] [--limits 100,400] [--repeat 2] [--workers 1]
    python benchmarks/bench_analyze.py --rss 100,2000        # peak RSS of analyze at two sizes
    python benchmarks/bench_analyze.py --smoke               # a few synthetic articles (for the tests)

Both sides run as child processes started the same way, so both pay interpreter start-up, imports and the spaCy
model load: the baseline is `python -c` loading spaCy's own pipeline of the same model (``spacy.load``, every
component, the same ``max_length``; detente's load swaps in its table-driven attribute ruler, a cost of the parse
measured here) and piping the texts with the same batch size; `analyze` also reads, detects languages, codes, writes and clusters. Each pair
is timed alternately ``--repeat`` times and the smallest CPU time (user + system, worker processes included) of
each is kept. Prints both and their ratio (spaCy CPU / analyze CPU = analyze throughput as a share of the parse).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

import _common as c

BASELINE = """
import json, sys
import spacy
from detente import nlp
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
model = spacy.load(nlp.model_name())
model.max_length = nlp.MAX_CHARS
for _ in model.pipe(texts, batch_size=32):
    pass
"""


def sample(src: str | None, n: int, folder: str, smoke: bool) -> str:
    """The first ``n`` records (repeated with a numbered suffix when the file is shorter, so ids differ)."""
    records = c.smoke_records(n) if smoke else c.read_records(src, n)
    out, k = list(records), 1
    while len(out) < n:
        out += [{**r, "text": r["text"] + f" (copy {k})"} for r in records[: n - len(out)]]
        k += 1
    return c.write_records(out, os.path.join(folder, f"sample-{n}.jsonl"))


def analyze(path: str, folder: str, workers: int, tag: str) -> dict:
    db = os.path.join(folder, f"analyze-{tag}.duckdb")
    if os.path.exists(db):
        os.remove(db)
    return c.run_child([*c.DETENTE, "analyze", path, "--db", db, "-q", "--workers", str(workers)],
                       stdout=subprocess.DEVNULL)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="?", default=str(c.dev_file("articles.reuters.jsonl")))
    ap.add_argument("--limits", default="100,400")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rss", default="", help="two sizes, e.g. 100,2000: peak RSS of analyze at each")
    ap.add_argument("--smoke", action="store_true", help="4 synthetic articles, one round")
    a = ap.parse_args(argv)
    if a.smoke:
        a.limits, a.repeat, a.rss = "4", 1, ""
    print(f"load average {c.load()}")
    with tempfile.TemporaryDirectory(prefix="detente-bench-analyze-") as folder:
        for n in (int(x) for x in a.limits.split(",") if x):
            path = sample(a.articles, n, folder, a.smoke)
            spacy, full = [], []
            for _ in range(a.repeat):
                spacy.append(c.run_child([sys.executable, "-c", BASELINE, path]))
                full.append(analyze(path, folder, a.workers, str(n)))
            s = min(spacy, key=lambda r: r["cpu"])
            f = min(full, key=lambda r: r["cpu"])
            print(f"N={n}: spaCy nlp.pipe {s['cpu']:6.1f} CPU-s ({s['wall']:5.1f} s wall, {s['rss_mib']:4.0f} MiB); "
                  f"analyze --workers {a.workers} {f['cpu']:6.1f} CPU-s ({f['wall']:5.1f} s wall, "
                  f"{f['rss_mib']:4.0f} MiB); all CPU: spaCy {[round(r['cpu'], 1) for r in spacy]} "
                  f"analyze {[round(r['cpu'], 1) for r in full]}", flush=True)
            c.ratio(f"analyze/spacy N={n}", s["cpu"] / f["cpu"], "CPU time, whole process; target >= 0.70")
        if a.rss:
            small, large = (int(x) for x in a.rss.split(","))
            analyze(sample(a.articles, 8, folder, a.smoke), folder, a.workers, "warm")  # caches built outside both
            peaks = {n: analyze(sample(a.articles, n, folder, a.smoke), folder, a.workers, f"rss{n}")
                     for n in (small, large)}
            for n, r in peaks.items():
                print(f"N={n}: peak RSS {r['rss_mib']:.0f} MiB, {r['cpu']:.1f} CPU-s")
            print(f"load average {c.load()} (after)")
            c.ratio(f"peak RSS N={large}/N={small}", peaks[large]["rss_mib"] / peaks[small]["rss_mib"],
                    "target <= 1.10")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
