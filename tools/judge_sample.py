"""Precision of asserted events judged by hand: draw, then score, a sample of what the coder asserts.

    python tools/judge_sample.py draw  [--n 100] [--seed 0] -o /tmp/to_judge.jsonl
    python tools/judge_sample.py score eval/judgements/precision-CODER.jsonl
    python tools/judge_sample.py merge --expect 200 /tmp/a-judged.jsonl /tmp/b-judged.jsonl -o eval/judgements/F

`draw` analyses the validation part (score.part_of) of the shared Guardian and Reuters dev articles, collects the
events coded `asserted`, and draws N of them at random (seeded). It writes, for the judge, each event with its
sentence; the sentences are third-party text, so the file goes to /tmp, never into the repository. The judge
(eval/judgements/PROTOCOL.md) writes one line per event into eval/judgements/ with the event's locator (dev record
id, sentence offsets), what the coder said (type, codes) and the judgement, but no text. `score` prints the share
fully right and the share right on each field. `merge` joins the judges' files into one file of
eval/judgements/ (the locator, the coder's event and the judgements, with the annotator's gold fields for a tune
draw; any copy of the sentence dropped).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from dev_paths import DEV, ROOT, SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)


def part_articles(max_per_set: int, seed: int, part: str = "validation") -> list[dict]:
    """Up to ``max_per_set`` articles of one part (the shared scorer's ``part_of``) of each set, drawn by seed."""
    from score import part_of  # the shared scorer's split rule

    out = []
    for name in ("articles.guardian.jsonl", "articles.reuters.jsonl"):
        recs = [json.loads(line) for line in (DEV / name).open(encoding="utf-8") if line.strip()]
        recs = [r for r in recs if part_of(r["id"]) == part]
        random.Random(seed).shuffle(recs)
        out += recs[:max_per_set]
    return out


def draw(n: int, seed: int, max_per_set: int, part: str = "validation") -> list[dict]:
    import detente

    arts = part_articles(max_per_set, seed, part)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "val.jsonl"
        src.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
        db = str(Path(tmp) / "j.duckdb")
        detente.analyze([str(src)], db=db)
        with detente.open(db, read_only=True) as store:
            by_text = {a["text"].strip(): a["id"] for a in arts}
            events = store.events(modalities=("asserted",))  # every one: no limit by default
            texts = {aid: store.article(aid) for aid in {e["article_id"] for e in events}}  # once per article
    rows = []
    for e in events:
        art = texts[e["article_id"]]
        body = art.get("text") or ""
        start = body.find(e["sentence"]) if e["sentence"] else -1
        rows.append({"record": by_text.get(body.strip()) or art.get("source"), "sentence_start": start,
                     "sentence_end": start + len(e["sentence"] or "") if start >= 0 else None,
                     "event": e["event"], "mode": e["mode"], "cameo": e["cameo"],
                     "source_codes": e["source_codes"], "target_codes": e["target_codes"],
                     "trigger": e["trigger_text"], "coder": e["coder"], "sentence": e["sentence"]})
    random.Random(seed).shuffle(rows)
    return rows[:n]


def refuse_inside(ap: argparse.ArgumentParser, path: Path | None, flag: str) -> None:
    """Sentences of the dev articles are third-party text: a file holding them goes outside the repository."""
    if path is not None and ROOT in path.resolve().parents:
        ap.error(f"{flag} {path}: third-party text: write it outside the repository")


def write_jsonl(path: Path, rows) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def score(path: Path) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    keys = ("type_ok", "source_ok", "target_ok", "happened")
    full = sum(all(r[k] for k in keys) for r in rows)
    return {"judged": len(rows), "fully_right": round(full / len(rows), 4) if rows else None,
            **{k: round(sum(bool(r[k]) for r in rows) / len(rows), 4) for k in keys if rows}}


JUDGED_KEYS = ("record", "sentence_start", "sentence_end", "event", "mode", "cameo", "source_codes", "target_codes",
               "trigger", "coder", "type_ok", "source_ok", "target_ok", "happened")
TUNE_KEYS = ("gold_event", "gold_source", "gold_target", "gold_modality")


def merge(paths: list[Path], expect: int | None = None) -> list[dict]:
    """The judges' files as one list in the repository's format: every judged field present, no sentence text
    (the articles are third-party news; a judge's copy of the sentence is dropped), keys in one order. A file
    short of ``expect`` lines, or a line missing a field, is an error naming the file and line."""
    out = []
    for p in paths:
        lines = [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        if expect is not None and len(lines) != expect:
            raise ValueError(f"{p}: {len(lines)} judged lines, expected {expect}")
        for n, line in enumerate(lines, 1):
            r = json.loads(line)
            keys = JUDGED_KEYS + (TUNE_KEYS if "gold_event" in r else ())
            missing = [k for k in keys if k not in r]
            if missing:
                raise ValueError(f"{p}:{n}: missing {', '.join(missing)}")
            out.append({**{k: r[k] for k in keys}, "note": r.get("note", "")})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--n", type=int, default=100)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--articles", type=int, default=120, help="articles of the part read per set (Guardian, Reuters)")
    d.add_argument("--part", choices=("validation", "tune"), default="validation",
                   help="tune: events to learn from (judged as training data); validation: the precision figure")
    d.add_argument("-o", "--out", required=True)
    s = sub.add_parser("score")
    s.add_argument("judgements")
    m = sub.add_parser("merge", help="the judges' files as one judgement file of the repository (no sentence text)")
    m.add_argument("judged", nargs="+")
    m.add_argument("--expect", type=int, help="lines each judged file must have")
    m.add_argument("-o", "--out", required=True)
    a = ap.parse_args(argv)
    if a.cmd == "merge":
        rows = merge([Path(p) for p in a.judged], a.expect)
        write_jsonl(Path(a.out), rows)
        print(f"{len(rows)} judgements from {len(a.judged)} files into {a.out}")
        return 0
    if a.cmd == "draw":
        rows = draw(a.n, a.seed, a.articles, a.part)
        write_jsonl(Path(a.out), rows)
        print(f"{len(rows)} asserted events drawn into {a.out}")
        return 0
    print(json.dumps(score(Path(a.judgements)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
