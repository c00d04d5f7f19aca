"""Russian ``predict events`` speed against natasha's own pipeline over the same texts, in one process.

    python benchmarks/bench_ru.py [RECORDS.jsonl] [--limit N] [--repeat R]

Prints texts/s for natasha alone (segment, morphology, syntax, NER, lemmas: what detente's Russian parse runs)
and for the full `detente predict events` path on Russian text (natasha, the spaCy Doc, actors, events,
modality, dates), and their ratio (1.0 = everything after natasha costs nothing; the target is >= 0.7).
The default texts are the Russian corpus (corpus/ru). Both are timed alternately ``--repeat`` times and the
best time of each is kept, as ``timeit`` does, since neighbours on a shared machine slow single runs.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "corpus" / "ru" / "r1.jsonl"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("records", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds; the best of each is kept")
    ap.add_argument("--smoke", action="store_true", help="20 texts, one round (make test's smoke run)")
    a = ap.parse_args(argv)
    if a.smoke:
        a.limit, a.repeat = 20, 1
    with open(a.records, encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh if line.strip()][: a.limit]
    recs = [{"id": r["id"], "text": r["text"], "date": r.get("date")} for r in recs]
    from threadpoolctl import threadpool_limits

    from detente import nlp
    from detente.predict import predict_events

    ru = nlp.load_ru()
    list(predict_events(recs[:2]))  # warm up: knowledge base, lexicon
    texts = [r["text"] for r in recs]
    natasha = full = float("inf")
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        with threadpool_limits(limits=1):  # the same BLAS setting as detente's Russian parse
            for text in texts:
                ru.natasha(text)
        natasha = min(natasha, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_events = sum(len(row["events"]) for row in predict_events(recs))
        full = min(full, time.perf_counter() - t0)
    print(f"texts: {len(recs)}  events: {n_events}")
    print(f"natasha pipeline:  {len(recs) / natasha:7.2f} texts/s")
    print(f"predict events:    {len(recs) / full:7.2f} texts/s")
    print(f"ratio ru events/natasha: {natasha / full:.2f} (Russian predict events against natasha's own pipeline; "
          "target >= 0.7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
