"""Stance cost next to the spaCy parse, on the example articles (or files given).

    python benchmarks/bench_stance.py [FILES...]

Prints parse time, actor finding time, stance time and stance as a share of the parse.
"""
import sys
import tempfile
import time

import _common as c
from detente import ingest, nlp
from detente.actors import find_actors
from detente.stance import article_stance

ROOT = c.ROOT


def main(paths):
    if paths == ["--smoke"]:
        paths = [c.write_records(c.smoke_records(4), tempfile.mkstemp(suffix=".jsonl")[1])]
    arts = [a for a in ingest.read(paths or [str(ROOT / "examples" / "articles")]) if hasattr(a, "text")]
    t = time.perf_counter()
    docs = list(nlp.load().pipe([a.text for a in arts], batch_size=16))
    parse = time.perf_counter() - t
    t = time.perf_counter()
    actors = [find_actors(d) for d in docs]
    find = time.perf_counter() - t
    article_stance(docs[0], actors[0])  # load weights once
    t = time.perf_counter()
    n = sum(len(article_stance(d, a)) for d, a in zip(docs, actors))
    st = time.perf_counter() - t
    mentions = sum(len(a) for a in actors)
    print(f"{len(arts)} articles, {sum(len(d) for d in docs)} tokens, {mentions} actor mentions, {n} stances")
    print(f"parse {parse:.2f}s  actors {find:.2f}s  stance {st:.3f}s = {100 * st / parse:.1f}% of the parse, "
          f"{mentions / max(st, 1e-9):.0f} mentions/s")
    c.ratio("stance/parse", st / parse, "share of the parse time; smaller is better")


if __name__ == "__main__":
    main(sys.argv[1:])
