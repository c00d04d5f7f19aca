"""Count the judged tune events coded as asserted that did not happen as reported (gold modality not asserted), by the
kind of cue their sentence gives (detente/events/modality_cues.py: the first of negated, averted, condition, hedge,
quoted, reported, planned, future, past, relative, time_clause, headline; "none" when no cue is read), and how many
the modality gate leaves asserted, out of fold (5-fold CV by article, as tools/train_modality.py, at the shipped
threshold): never the fit on the events it learnt from.

    python tools/modality_errors.py [--parse-cache FILE] [--json]
    python tools/modality_errors.py --validation eval/judgements/precision-trained-1.6.0-guardian-reuters.jsonl

The sentences are re-read from the shared dev articles and never printed: counts only. ``--validation``: the
shipped gate (learnt from tune articles only) on judged events of the validation articles: how many it moves,
the precision of asserted and the "happened" share of what it keeps, against the judges (figures, no errors).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict

import train_modality as T  # noqa: E402  (tools/ is on the path: the script's own folder)

from detente.events import modality_cues as C  # noqa: E402
from detente.events import modality_model as M  # noqa: E402


def counts(ss, probs, threshold) -> dict:
    """{"errors": {gold modality: {kind: n}}, "left": the same for those the gate keeps asserted,
    "asserted": {kind: n} of the truly asserted (what a cue would cost)}."""
    errors, left, asserted = defaultdict(Counter), defaultdict(Counter), Counter()
    for s, p in zip(ss, probs):
        if s[2] != "judged" or s[5].get("event") is None:
            continue
        k = next((f[2:] for f in s[3] if f.startswith("k=")), "none")
        if s[4] == M.ASSERTED:
            asserted[k] += 1
            continue
        errors[s[4]][k] += 1
        if p[M.ASSERTED] >= threshold:
            left[s[4]][k] += 1
    return {"errors": {m: dict(c.most_common()) for m, c in sorted(errors.items())},
            "left": {m: dict(c.most_common()) for m, c in sorted(left.items())},
            "asserted": dict(asserted.most_common())}


def validation(path) -> dict:
    """The shipped gate's figures on judged validation events (never learnt from: the trainer refuses them)."""
    from train_coder import part_of

    rows = [r for r in T.read_jsonl_rows(path) if part_of(r["record"]) == "validation"]
    arts = {}
    for name in ("articles.guardian.jsonl", "articles.reuters.jsonl"):
        p = T.SHARED / "eval" / "dev" / name
        for line in (p.open(encoding="utf-8") if p.exists() else []):
            if line.strip():
                art = json.loads(line)
                arts[art["id"]] = art
    records = []
    for r in rows:
        art = arts.get(r["record"])
        if art is None or r.get("sentence_start") is None or r["sentence_start"] < 0:
            continue
        a, b = r["sentence_start"], r["sentence_end"]
        text = art.get("text") or ""
        m = T.JUDGED_MODALITY.get(r.get("gold_modality") or "asserted", r.get("gold_modality") or "asserted")
        records.append({"id": f"v:{r['record']}@{a}", "text": text[a:b], "date": art.get("date"),
                        "events": [{"trigger": r.get("trigger"), "modality": m, "event": r.get("gold_event"),
                                    "coded": r.get("event"), "happened": bool(r.get("happened"))}],
                        "_before": text[max(0, a - M.CONTEXT):a], "_offset": a, "_group": r["record"],
                        "_kind": "judged"})
    ss = T.samples(records, T.cached_analyses(records, None), Counter())
    gate = M.gate()
    kept = [s for s in ss if gate.decide(s[3])[0] == M.ASSERTED]
    ev = [s for s in ss if s[5].get("event") is not None]
    ev_kept = [s for s in kept if s[5].get("event") is not None]
    share = lambda xs, f: round(sum(map(f, xs)) / max(len(xs), 1), 4)  # noqa: E731
    truly = sum(s[4] == M.ASSERTED for s in ev)
    return {"judged": len(rows), "aligned": len(ss), "kept": len(kept),
            "happened_before": share(ss, lambda s: s[5]["happened"]),
            "happened_kept": share(kept, lambda s: s[5]["happened"]),
            "events": len(ev), "asserted_precision_before": share(ev, lambda s: s[4] == M.ASSERTED),
            "asserted_precision_kept": share(ev_kept, lambda s: s[4] == M.ASSERTED),
            "asserted_recall": round(sum(s[4] == M.ASSERTED for s in ev_kept) / max(truly, 1), 4)}


def _total(table) -> Counter:
    out = Counter()
    for c in table.values():
        out.update(c)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parse-cache", default=None, help="the parse pickle of tools/train_modality.py")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--validation", default=None, help="judged validation events (figures of the shipped gate)")
    a = ap.parse_args(argv)
    if a.validation:
        print(json.dumps(validation(a.validation), sort_keys=True))
        return 0
    skipped = []
    records = T.corpus_records(skipped) + T.judged_records(T.JUDGED, skipped)
    analyses = T.cached_analyses(records, a.parse_cache)
    ss = T.samples(records, analyses, Counter())
    meta = json.loads(M.MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    probs = T.cross_validate(ss, meta.get("folds", 5), meta["alpha"], meta["judged_weight"])
    out = counts(ss, probs, meta["threshold"])
    if a.json:
        print(json.dumps(out, sort_keys=True))
        return 0
    for name in ("errors", "left"):
        tot = _total(out[name])
        print(f"{name}: {sum(tot.values())} " + ", ".join(f"{k} {n}" for k, n in tot.most_common()))
        for m, c in out[name].items():
            print(f"  {m} {sum(c.values())}: " + ", ".join(f"{k} {n}" for k, n in c.items()))
    print(f"truly asserted by kind: {sum(out['asserted'].values())} "
          + ", ".join(f"{k} {n}" for k, n in out["asserted"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
