"""How often the actor finder sees the judged side of an event: for each hand-judged event of a judgements file
(eval/judgements/*.jsonl, written by tools/judge_sample.py), is the gold target (or source) code among the actor
mentions :func:`detente.actors.find_actors` finds in the event's sentence?

    python tools/judged_mentions.py eval/judgements/tune-trained-1.0.0-guardian-reuters.jsonl
    python tools/judged_mentions.py JUDGEMENTS --side source
    python tools/judged_mentions.py JUDGEMENTS --misses /tmp/misses.jsonl   (the sentences, for reading: /tmp only)

Counts every judged event whose gold side has a code; ``--wrong`` only those the coder got wrong on that side.
The articles are re-read from the shared Guardian and Reuters dev sets by the record id of each judgement; only
judgements of the tune part may be read for errors (eval/judgements/PROTOCOL.md). The sentence text is written
only with ``--misses``, to a file outside the repository.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dev_paths import DEV, ROOT, SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)
from judge_sample import refuse_inside, write_jsonl  # noqa: E402  (tools/ on the path)


def articles() -> dict[str, dict]:
    out = {}
    for name in ("articles.guardian.jsonl", "articles.reuters.jsonl"):
        for line in (DEV / name).open(encoding="utf-8"):
            if line.strip():
                rec = json.loads(line)
                out[rec["id"]] = rec
    return out


def measure(rows: list[dict], side: str = "target", wrong_only: bool = False) -> tuple[dict, list[dict]]:
    """(counts, misses): for each row with gold codes on ``side``, whether a mention in its sentence has one."""
    from detente import nlp
    from detente.actors import find_actors, load_kb

    arts, kb = articles(), load_kb()
    want = [r for r in rows if r.get(f"gold_{side}") and r.get("sentence_end") is not None
            and (not wrong_only or not r.get(f"{side}_ok"))]
    docs: dict[str, tuple] = {}
    found, misses = 0, []
    for r in want:
        rec = arts.get(r["record"])
        if rec is None:
            continue
        if r["record"] not in docs:
            doc = nlp.parse(rec["text"].strip())
            docs[r["record"]] = (doc, find_actors(doc, date=rec.get("date"), kb=kb))
        doc, actors = docs[r["record"]]
        lo, hi = r["sentence_start"], r["sentence_end"]
        here = [a for a in actors if a.span is not None and lo <= a.span.start < hi]
        gold = set(r[f"gold_{side}"])
        if any(a.code in gold for a in here):
            found += 1
        else:
            misses.append({"record": r["record"], "gold": sorted(gold), "coded": r.get(f"{side}_codes"),
                           "mentions": [[a.span.text, a.code, a.sector] for a in here],
                           "sentence": doc.text[lo:hi], "note": r.get("note")})
    n = found + len(misses)
    return {"side": side, "judged": n, "found": found, "share": round(found / n, 4) if n else None}, misses


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judgements", type=Path)
    ap.add_argument("--side", choices=("target", "source"), default="target")
    ap.add_argument("--wrong", action="store_true", help="only events judged wrong on that side")
    ap.add_argument("--misses", type=Path, help="write the misses with their sentences here (outside the repository)")
    args = ap.parse_args(argv)
    rows = [json.loads(x) for x in args.judgements.read_text(encoding="utf-8").splitlines() if x.strip()]
    refuse_inside(ap, args.misses, "--misses")
    counts, misses = measure(rows, args.side, args.wrong)
    if args.misses:
        write_jsonl(args.misses, misses)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
