"""Learn extra Russian trigger lemmas from the ``tune`` part of the Russian corpus (never from ``validation``).

    python tools/train_ru.py corpus/ru/r1.jsonl [-o detente/ru/data/learned_predicates.tsv]

For every verb or noun lemma of an annotated trigger: how often a tune sentence holding that lemma (as a verb
or noun) has an event of that type. Lemmas seen at least ``MIN_COUNT`` times with that share at least
``MIN_PRECISION`` are written with their most frequent mode; the coder uses them after the hand-written
lexicon (``predicates.tsv``), which always wins. The part rule is the shared scorer's (``detente.evaluate.part_of``).
A training tool, so it lives in tools/ and not in the package (moved from detente/ru/train.py).
"""
from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from detente.evaluate import part_of

OUT = Path(__file__).resolve().parents[1] / "detente" / "ru" / "data" / "learned_predicates.tsv"
MIN_COUNT = 2
MIN_PRECISION = 0.6
STOP = frozenset({"быть", "заявить", "сообщить", "провести", "стать", "год", "страна", "сторона", "время"})


def learn(records: list[dict]) -> list[tuple]:
    from detente import nlp

    ru = nlp.load_ru()
    seen = Counter()  # lemma -> tune sentences holding it
    typed = defaultdict(Counter)  # lemma -> event type -> sentences where a trigger of that type holds it
    modes = defaultdict(Counter)
    for rec, doc in zip(records, ru.pipe([r["text"] for r in records])):
        lemmas = {t.lemma_.lower(): t for t in doc if t.pos_ in ("VERB", "NOUN")}
        for lem in lemmas:
            seen[lem] += 1
        for ev in rec.get("events", []):
            trig = rec["text"].find(ev["trigger"])
            span = doc.char_span(trig, trig + len(ev["trigger"]), alignment_mode="expand") if trig >= 0 else None
            for t in span or ():
                if t.pos_ in ("VERB", "NOUN"):
                    typed[t.lemma_.lower()][ev["event"]] += 1
                    modes[(t.lemma_.lower(), ev["event"])][ev.get("mode") or ""] += 1
    out = []
    for lem, types in typed.items():
        event, n = types.most_common(1)[0]
        if lem in STOP or n < MIN_COUNT or n / max(seen[lem], 1) < MIN_PRECISION:
            continue
        mode = modes[(lem, event)].most_common(1)[0][0]
        out.append((lem, event, mode, n, round(n / seen[lem], 2)))
    return sorted(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("-o", "--output", default=str(OUT))
    args = ap.parse_args(argv)
    records = []
    for path in args.corpus:
        with open(path, encoding="utf-8") as fh:
            records += [r for r in map(json.loads, filter(str.strip, fh)) if part_of(r["id"]) == "tune"]
    rows = learn(records)
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write("# Trigger lemmas learnt from the tune part of corpus/ru (CC0, written by the detente project) by\n"
                 "# `python tools/train_ru.py corpus/ru/r1.jsonl`; do not edit by hand.\n"
                 "# lemma\tevent\tmode\tcount\tshare\n")
        for row in rows:
            fh.write("\t".join(str(x) for x in row) + "\n")
    print(f"{len(rows)} lemmas from {len(records)} tune records -> {args.output}")


if __name__ == "__main__":
    main()
