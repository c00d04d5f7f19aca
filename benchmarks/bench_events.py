"""End-to-end ``predict_events`` speed against spaCy's own parse of the same texts, in one process.

    python benchmarks/bench_events.py [ARTICLES.jsonl] [--limit N] [--repeat R]

Prints docs/s for spaCy ``nlp.pipe`` alone, for the full `detente predict events` path (parse and every pipeline stage), and
their ratio (event prediction throughput / parse throughput; 1.0 = the coder and actors cost nothing).
The baseline is spaCy's own pipeline (``spacy.load`` of the same model, every component), loaded apart from
detente's, so that nothing detente changes in its own copy (detente.attribute_rules) speeds the baseline up too.
The two are timed alternately ``--repeat`` times and the best time of each is kept (as ``timeit`` does): on a shared
virtual machine one run of either can be slowed by a third by its neighbours. The ratio of CPU times (user + system
of this process) is printed beside the wall-clock one: on a loaded machine it is the one to compare.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import _common as c

ROOT = c.ROOT
DEFAULT = c.dev_file("articles.guardian.jsonl")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("articles", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds; the best of each is kept")
    ap.add_argument("--smoke", action="store_true", help="4 synthetic articles, one round")
    a = ap.parse_args(argv)
    if a.smoke:
        recs, a.repeat = c.smoke_records(4), 1
    else:
        with open(a.articles, encoding="utf-8") as fh:
            recs = [json.loads(line) for line in fh if line.strip()][: a.limit]
    from detente import nlp
    from detente.predict import predict_events

    import spacy

    # The baseline is spaCy's own pipeline (the same model, every component), loaded apart from detente's
    # (nlp.load swaps in detente's equivalent of the attribute ruler: a cost of the pipeline's parse measured here).
    model = spacy.load(nlp.model_name())
    model.max_length = nlp.MAX_CHARS
    list(model.pipe([r["text"] for r in recs[:2]]))
    list(predict_events(recs[:2]))  # warm up: lexicon, actor tables
    parse = full = parse_cpu = full_cpu = float("inf")
    for _ in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in model.pipe([r["text"] for r in recs], batch_size=32):
            pass
        parse, parse_cpu = min(parse, time.perf_counter() - t0), min(parse_cpu, time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        n_events = sum(len(row["events"]) for row in predict_events(recs))
        full, full_cpu = min(full, time.perf_counter() - t0), min(full_cpu, time.process_time() - c0)
    print(f"docs: {len(recs)}  events: {n_events}")
    print(f"spaCy parse:     {len(recs) / parse:7.2f} docs/s")
    print(f"predict events:  {len(recs) / full:7.2f} docs/s")
    print(f"CPU seconds:     parse {parse_cpu:.2f}, predict events {full_cpu:.2f}")
    c.ratio("predict events/spacy", parse / full, "best wall time of each, same process; target >= 0.90")
    c.ratio("predict events/spacy CPU", parse_cpu / full_cpu, "best CPU time of each (the figure to compare on a "
            "loaded machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
