"""Share of asserted events with the same country on both sides (issue 13: at most 5% of asserted events, unless
the sectors differ: a domestic event between, say, the police and protesters is no fault).

    python tools/same_country.py [--part tune] [--guardian 40] [--reuters 150] [--seed 0] [--list /tmp/same.jsonl]

Codes articles of one part (the shared scorer's ``part_of``) of the Guardian and Reuters dev sets, drawn by seed,
with the events stage of the pipeline, and counts the events coded ``asserted`` whose source and target share a
code while their sectors do not tell them apart (equal, or one missing), and those sharing a code whatever the
sectors (domestic events included). ``--list`` writes the events sharing a code with their
sentences for reading (third-party text: outside the repository, and only for the tune part).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dev_paths import DEV, ROOT, SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)


def same_party(src, tgt) -> bool:
    """Some source and some target share a code and their sectors do not differ."""
    return any(a.code and a.code == b.code and (a.sector == b.sector or not a.sector or not b.sector)
               for a in src for b in tgt)


def measure(arts: list[dict]) -> tuple[dict, list[dict]]:
    from detente import pipeline
    from detente.model import Article
    from detente.config import Settings
    from detente.values import iso_date

    settings = Settings()
    articles = [Article.create(r["text"], published=iso_date(r.get("date"))) for r in arts]
    asserted = dyads = same = same_code = 0
    listed = []
    for rec, res in zip(arts, pipeline.analyze_batch(articles, settings, pipeline.stages_for(["events"]))):
        for e in getattr(res, "events", ()) or ():
            if e.modality != "asserted":
                continue
            asserted += 1
            if any(a.code for a in e.source) and any(a.code for a in e.target):
                dyads += 1
            shared = {a.code for a in e.source if a.code} & {b.code for b in e.target}
            same_code += bool(shared)
            if shared:
                same += same_party(e.source, e.target)
                listed.append({"record": rec["id"], "event": e.event, "trigger": e.evidence.trigger.text,
                               "source": [[a.code, a.sector, a.span.text if a.span else a.name] for a in e.source],
                               "target": [[a.code, a.sector, a.span.text if a.span else a.name] for a in e.target],
                               "sentence": e.evidence.sentence})
    return {"articles": len(arts), "asserted": asserted, "with_dyad": dyads, "same_country": same,
            "same_code_any_sector": same_code, "share_any_sector": round(same_code / asserted, 4) if asserted else None,
            "share_of_asserted": round(same / asserted, 4) if asserted else None,
            "share_of_dyads": round(same / dyads, 4) if dyads else None}, listed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="tune", choices=("tune", "validation"))
    ap.add_argument("--guardian", type=int, default=40, help="articles drawn from the Guardian set")
    ap.add_argument("--reuters", type=int, default=150, help="articles drawn from the Reuters set")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--list", type=Path, help="write the same-country events with sentences here (tune part, /tmp)")
    args = ap.parse_args(argv)
    from judge_sample import part_articles, refuse_inside, write_jsonl  # noqa: E402  (tools/ on the path)

    arts = [a for a in part_articles(args.guardian, args.seed, args.part) if a["id"].startswith("guardian")]
    arts += [a for a in part_articles(args.reuters, args.seed, args.part) if not a["id"].startswith("guardian")]
    if args.list and args.part != "tune":
        ap.error("--list holds third-party text: tune part only")
    refuse_inside(ap, args.list, "--list")
    counts, listed = measure(arts)
    if args.list:
        write_jsonl(args.list, listed)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
