"""Precision of asserted events judged by hand: draw, then score, a sample of what the coder asserts.

    python tools/judge_sample.py draw  [--n 100] [--seed 0] -o /tmp/to_judge.jsonl
    python tools/judge_sample.py score eval/judgements/precision-CODER.jsonl

`draw` analyses the validation part (score.part_of) of the shared Guardian and Reuters dev articles, collects the
events coded `asserted`, and draws N of them at random (seeded). It writes, for the judge, each event with its
sentence; the sentences are third-party text, so the file goes to /tmp, never into the repository. The judge
(eval/judgements/PROTOCOL.md) writes one line per event into eval/judgements/ with the event's locator (dev record
id, sentence offsets), what the coder said (type, codes) and the judgement, but no text. `score` prints the share
fully right and the share right on each field.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT.parent / "shared")
DEV = SHARED / "eval" / "dev"  # ../shared from the main checkout, ../../shared from a worktree
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DEV.parent))


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
    a = ap.parse_args(argv)
    if a.cmd == "draw":
        rows = draw(a.n, a.seed, a.articles, a.part)
        write_jsonl(Path(a.out), rows)
        print(f"{len(rows)} asserted events drawn into {a.out}")
        return 0
    print(json.dumps(score(Path(a.judgements)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
