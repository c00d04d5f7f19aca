"""Inter-annotator agreement between the corpus and a blind second reading of a sample of it.

    python tools/corpus_agreement.py sample  [--share 0.10] > /tmp/second_reading_input.jsonl
    python tools/corpus_agreement.py compare corpus/second/*.jsonl

`sample` writes the records chosen for the second reading (a hash of the id puts about 10% in the sample), with
their text and date only: the second reader annotates them from the text by corpus/GUIDE.md, without seeing the
first annotation, into corpus/second/. `compare` reports, over the sampled records:
- event type: F1 of the second reading against the first over (record, type) pairs, and Cohen's kappa on
  "does the record hold an event of type T" over all records x types;
- dyad: F1 over (record, type, a source code, a target code) as the shared scorer counts dyads;
- modality: agreement on the modality of the events both readers found (same record and type).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente.events.ontology import plover_types  # noqa: E402

TYPES = plover_types()


def sampled(record_id: str, share: float) -> bool:
    return int(hashlib.sha256(("second:" + record_id).encode()).hexdigest()[:8], 16) % 1000 < share * 1000


def read(paths) -> dict:
    out = {}
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r
    return out


def f1(a: set, b: set) -> float:
    tp = len(a & b)
    return round(2 * tp / (len(a) + len(b)), 4) if a or b else 1.0


def kappa(pairs) -> float:
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    pa, pb = sum(x for x, _ in pairs) / n, sum(y for _, y in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return round((po - pe) / (1 - pe), 4) if pe < 1 else 1.0


def dyads(rec_id, events) -> set:
    out = set()
    for e in events:
        for s in [a.get("code") for a in e.get("source") or []] or [None]:
            for t in [a.get("code") for a in e.get("target") or []] or [None]:
                out.add((rec_id, e["event"], s, t))
    return out


def compare(first: dict, second: dict) -> dict:
    ids = sorted(set(first) & set(second))
    t1 = {(i, e["event"]) for i in ids for e in first[i]["events"]}
    t2 = {(i, e["event"]) for i in ids for e in second[i]["events"]}
    d1 = set().union(*(dyads(i, first[i]["events"]) for i in ids)) if ids else set()
    d2 = set().union(*(dyads(i, second[i]["events"]) for i in ids)) if ids else set()
    pairs = [((i, t) in t1, (i, t) in t2) for i in ids for t in TYPES]
    m1 = {(i, e["event"]): e["modality"] for i in ids for e in first[i]["events"]}
    m2 = {(i, e["event"]): e["modality"] for i in ids for e in second[i]["events"]}
    both = sorted(set(m1) & set(m2))
    return {"records": len(ids), "events_first": len(t1), "events_second": len(t2),
            "event_type_f1": f1(t1, t2), "event_type_kappa": kappa(pairs) if pairs else None,
            "dyad_f1": f1(d1, d2),
            "modality_agreement": round(sum(m1[k] == m2[k] for k in both) / len(both), 4) if both else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--share", type=float, default=0.10)
    c = sub.add_parser("compare")
    c.add_argument("second", nargs="+")
    a = ap.parse_args(argv)
    first = read(sorted((ROOT / "corpus" / "en").glob("*.jsonl")))
    if a.cmd == "sample":
        for rid, r in first.items():
            if sampled(rid, a.share):
                print(json.dumps({"id": rid, "text": r["text"], "date": r.get("date"), "genre": r.get("genre")},
                                 ensure_ascii=False))
        return 0
    print(json.dumps(compare(first, read(a.second)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
