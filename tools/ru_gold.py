"""Write the Russian corpus (corpus/ru/*.jsonl) as a gold file in the shared events format, for
``shared/eval/score.py events GOLD PRED --part validation``.

The corpus codes the UN and the EU ``UNO`` and ``EUR`` (corpus/GUIDE.md); the shared event format writes every
intergovernmental body ``IGO`` (detente's ``predict events`` does the same), so they are rewritten here.

    python tools/ru_gold.py corpus/ru/r1.jsonl -o /tmp/ru_gold.jsonl
"""
from __future__ import annotations

import argparse
import json

EVENT_FORMAT = {"UNO": "IGO", "EUR": "IGO"}


def convert(rec: dict) -> dict:
    def actors(xs):
        return [{"code": EVENT_FORMAT.get(a.get("code"), a.get("code")), "sector": a.get("sector"),
                 "text": a.get("text")} for a in xs or []]

    return {"id": rec["id"], "text": rec["text"], "date": rec.get("date"),
            "events": [{"event": e["event"], "mode": e.get("mode"), "modality": e.get("modality"),
                        "source": actors(e.get("source")), "target": actors(e.get("target"))}
                       for e in rec.get("events", [])]}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    with open(args.output, "w", encoding="utf-8") as out:
        for path in args.corpus:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        out.write(json.dumps(convert(json.loads(line)), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
