"""The Russian places check: precision and recall of place names on sentences written for detente.

    python tools/ru_places_check.py corpus/ru/places.jsonl [--part tune|validation] [--errors]

Gold format (``corpus/ru/places.jsonl``, one sentence a line): ``{"id", "text", "toponyms": [{"start", "end",
"text", "place"}]}`` where ``place`` is the English gazetteer name the mention should resolve to; every name of
a country, region, sea or town is a toponym, demonym adjectives ("армянский") are not. A predicted toponym is
right when it overlaps a gold one; it is resolved right when its gazetteer name is the gold ``place``. The part
is the shared scorer's (the id's SHA-256, 60% tune / 40% validation): look at errors on tune only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def part_of(rid: str) -> str:
    base = str(rid).split("#", 1)[0]
    return "tune" if int(hashlib.sha256(base.encode("utf-8")).hexdigest()[:8], 16) % 10 < 6 else "validation"


def score(gold: list[dict], pred: dict, errors: bool = False) -> dict:
    n_gold = n_pred = found = right = 0
    for g in gold:
        ptops = pred.get(g["id"], [])
        n_pred += len(ptops)
        n_gold += len(g["toponyms"])
        used = set()
        for gt in g["toponyms"]:
            hit = next((i for i, p in enumerate(ptops) if i not in used and p["start"] < gt["end"]
                        and gt["start"] < p["end"]), None)
            if hit is None:
                if errors:
                    print(f"missed {g['id']}: {gt['text']} ({gt['place']})")
                continue
            used.add(hit)
            found += 1
            right += ptops[hit]["name"] == gt["place"]
            if errors and ptops[hit]["name"] != gt["place"]:
                print(f"wrong  {g['id']}: {gt['text']} -> {ptops[hit]['name']} (gold {gt['place']})")
        if errors:
            for i, p in enumerate(ptops):
                if i not in used:
                    print(f"extra  {g['id']}: {g['text'][p['start']:p['end']]} -> {p['name']}")
    p = found / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return {"sentences": len(gold), "gold_toponyms": n_gold, "predicted": n_pred,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "resolved_right_of_found": round(right / found, 3) if found else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--part", choices=["tune", "validation"])
    ap.add_argument("--errors", action="store_true", help="print the misses (use with --part tune)")
    a = ap.parse_args(argv)
    from detente.ru.places import predict_places

    gold = [json.loads(line) for line in open(a.gold, encoding="utf-8") if line.strip()]
    if a.part:
        gold = [g for g in gold if part_of(g["id"]) == a.part]
    pred = {r["id"]: r["toponyms"] for r in predict_places(gold)}
    print(json.dumps(score(gold, pred, a.errors), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
