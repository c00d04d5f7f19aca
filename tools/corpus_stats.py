"""Coverage of the training corpus, as the markdown tables of corpus/README.md.

    python tools/corpus_stats.py [corpus/en/*.jsonl]
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente.actors.codes import INTERNATIONAL as ORGS  # noqa: E402
from detente.events.ontology import rows  # noqa: E402

TYPES = tuple(dict.fromkeys(r[0] for r in rows("plover.tsv")))  # the PLOVER manual's order
MODALITIES = ("asserted", "negated", "hypothetical", "future", "question", "claimed", "historical")  # column order


def stats(paths) -> dict:
    recs = [json.loads(line) for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines() if line]
    by = {t: Counter() for t in TYPES}
    codes, sectors, genres, forms = Counter(), Counter(), Counter(r.get("genre") for r in recs), Counter()
    non_asserted_records = 0
    for r in recs:
        evs = r["events"]
        non_asserted_records += any(e["modality"] != "asserted" for e in evs)
        forms["several events in one record"] += len(evs) > 1
        forms["passage of two or more sentences"] += r["text"].count(". ") >= 1 and len(r["text"]) > 120
        for e in evs:
            by[e["event"]][e["modality"]] += 1
            for side in ("source", "target"):
                for a in e[side]:
                    codes[a.get("code")] += 1
                    sectors[a.get("sector")] += 1
            if len(e["source"]) > 1 or len(e["target"]) > 1:
                forms["coordinated actors"] += 1
            if e["source"] and not e["target"]:
                forms["one-sided (reciprocal or no target)"] += 1
            if not e["source"]:
                forms["no source (agentless passive, unnamed)"] += 1
            s = {a.get("code") for a in e["source"]}
            if s and s & {a.get("code") for a in e["target"]} - {None}:
                forms["domestic (same country, other sector)"] += 1
    countries = {c for c in codes if c and c not in ORGS}
    return {"records": len(recs), "no_event": sum(not r["events"] for r in recs), "by": by,
            "non_asserted_records": non_asserted_records, "countries": len(countries),
            "orgs": sorted(c for c in codes if c in ORGS), "sectors": sectors, "genres": genres, "forms": forms}


def markdown(s: dict) -> str:
    out = [f"Records: **{s['records']}**; with no event (hard negatives and plain statements): {s['no_event']}; "
           f"with at least one event that did not (or not yet) happen: {s['non_asserted_records']}. "
           f"Country codes: **{s['countries']}**, plus {', '.join(s['orgs'])}.", "",
           "| type | " + " | ".join(MODALITIES) + " |", "|---|" + "---:|" * len(MODALITIES)]
    for t in TYPES:
        out.append(f"| {t} | " + " | ".join(str(s["by"][t][m]) for m in MODALITIES) + " |")
    tot = Counter()
    for t in TYPES:
        tot.update(s["by"][t])
    out.append("| **all** | " + " | ".join(f"**{tot[m]}**" for m in MODALITIES) + " |")
    out += ["", "| genre | records |", "|---|---:|"] + [f"| {g} | {n} |" for g, n in s["genres"].most_common()]
    out += ["", "| form (events, or records where stated) | count |", "|---|---:|"]
    out += [f"| {f} | {n} |" for f, n in sorted(s["forms"].items())]
    out += ["", "Actor sectors: " + ", ".join(f"{k or 'none'} {n}" for k, n in s["sectors"].most_common()) + "."]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    paths = argv or sorted(str(p) for p in (ROOT / "corpus" / "en").glob("*.jsonl"))
    print(markdown(stats(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
