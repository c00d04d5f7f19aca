"""Count the judged tune events coded as asserted that did not happen as reported (gold modality not asserted), by
the kind of cue their sentence gives (detente/events/modality_cues.py: the first of negated, condition, hedge,
quoted, reported, planned, future, past, relative, time_clause, headline; "none" when no cue is read), and how
many the modality gate leaves asserted, out of fold (5-fold CV by article, as tools/train_modality.py, at the
shipped threshold): never the fit on the events it learnt from.

    python tools/modality_errors.py [--parse-cache FILE] [--json]

The sentences are re-read from the shared dev articles (tune part only) and never printed: counts only.
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


def _total(table) -> Counter:
    out = Counter()
    for c in table.values():
        out.update(c)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parse-cache", default=None, help="the parse pickle of tools/train_modality.py")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
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
