"""Train the party check (detente/actors/party_check.py -> detente/actors/data/party_check.json).

    python tools/train_party_check.py [--parse-cache /tmp/check.pickle] [--folds 5] [--dry-run]

``tools/train_sides.py`` (``make train``) runs it first, on the same parse of the judged articles, unless
``--no-check``.

Examples: every party the trained coder gives at a hand-judged tune event of the Guardian and Reuters dev articles
(eval/judgements/tune-*.jsonl, except the files the coder itself learnt: tools/train_coder.py ``CODER_JUDGED``,
whose parties are a fit): the coder's event at the judged word, else its parties for the annotator's type there
(as tools/train_sides.py reads them). A party is ``keep`` when its code is among the annotator's codes of its side,
``other`` when only among the other side's, else ``none``. A multinomial logistic model (scikit-learn, fixed
solver: deterministic) learns them.

Measured by 5-fold cross-validation grouped by article (no article in two folds): the share of judged sides equal
to the annotator's, before and after the check. The drop and move thresholds are those of the largest out-of-fold
gain, and the whole procedure (thresholds chosen inside each outer fold) is cross-validated again (nested) for
the reported figure; a threshold whose nested gain is under MIN_GAIN of the sides is not shipped. Only numbers and
feature names are written. Tune parts only: a validation record is refused.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dev_paths import DEV, ROOT  # noqa: E402  (tools/ is on the path: the script's own folder)

JUDGED = sorted((ROOT / "eval" / "judgements").glob("tune-*.jsonl"))
CODER_FIT = {"tune-trained-1.0.0-guardian-reuters.jsonl"}  # tools/train_coder.py CODER_JUDGED: the coder's fit
OUT = ROOT / "detente" / "actors" / "data" / "party_check.json"
SIDES = ("source", "target")
C = 1.0  # inverse regularisation (chosen by the nested CV figure among 0.1, 0.3, 1: sides right 1.0876, 1.0817, 1.0898)
GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, None)
MIN_GAIN = 0.005  # of the judged sides: a threshold that gains less is not shipped
# May the check drop a party that has a code? No: the drops that gain are of uncoded parties (an uncoded party names
# no code of the dyad, and the filler may then name one); a coded party dropped leaves its side to the filler, which
# then names another mention of the sentence, one the coder passed over ("rejected a demand from X to ... with Y":
# X dropped, Y filled). Nested CV (2,359 judged events): target right 0.4845 -> 0.5036 with coded drops (drop 0.85),
# 0.5049 without (drop 0.75), source 0.6134 both; PLOVER tune dyad F1 (with the filler) 0.812 -> 0.828.
CODED_DROPS = False
# A coded mention of another sentence (the rule coder's antecedent or memory; not a convention's party such as "an
# unidentified armed actor in X", which has no mention) is dropped when its "keep" probability is at most
# 1 - DROP_INFERRED; its side, if emptied, goes to the filler (sides.py), which weighs the article's candidates
# again. Measured by tools/train_sides.py's CV after the filler (2,979 judged events): none: source 0.6828, target
# 0.5975; 0.5: 0.6851, 0.5999 (PLOVER tune dyad 0.8245 both). Any party with no tokens in the sentence (conventions
# too): 0.5: 0.6861, 0.6002 and 0.3: 0.6885, 0.5989, but PLOVER tune dyad 0.8245 -> 0.8082 (the unidentified armed
# actors of one-sentence records dropped).
DROP_INFERRED = 0.5
EXTRA_DROPS = True  # a coded party beside another code on its side may go (party_check.extra_drops)
EXTRA_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, None)


def events(cache, analyses=None):
    """(article, [(gold sides, [(side, party code, features)])]) of each judged event the coder gives parties."""
    from coder_eval import codeset, tune_articles
    from judged_sides import analyse, read_rows
    from score import part_of

    from detente.actors import party_check as PC
    from detente.events import features as F
    from detente.events import learned as L
    from detente.events.coder import sentences
    from detente.events.predict import EVENT_FORMAT_CODES

    fit_rows = {(r["record"], r["sentence_start"], r["trigger"]) for r in read_rows([p for p in JUDGED if p.name in CODER_FIT])}
    rows, seen = [], set(fit_rows)
    for r in read_rows([p for p in JUDGED if p.name not in CODER_FIT]):
        k = (r["record"], r["sentence_start"], r["trigger"])
        if k not in seen:
            seen.add(k)
            rows.append(r)
    arts = tune_articles({r["record"] for r in read_rows(JUDGED)}, DEV, part_of)  # every judged article: one parse cache
    if analyses is None:
        analyses = analyse(arts, Path(cache) if cache else None)
    model = L.model()
    by_rec = defaultdict(list)
    for r in rows:
        by_rec[r["record"]].append(r)
    out = []
    for rid, (doc, actors, date) in sorted(analyses.items()):
        if rid not in by_rec:
            continue
        views = list(sentences(doc, actors, date))
        coded = {}
        for j in by_rec[rid]:
            at = doc.text.find(j["trigger"], j["sentence_start"], j["sentence_end"])
            tok = next((x for x in doc if x.idx <= at < x.idx + len(x.text)), None) if at >= 0 else None
            view = next((v for v in views if tok is not None and v.sent.start <= tok.i < v.sent.end), None)
            if view is None:
                continue
            if view.index not in coded:
                coded[view.index] = model.code(view)
            ev = next((e for e in coded[view.index] if e.evidence.trigger.start == tok.idx), None)
            if ev is None:
                rule_by_tok, selected, actor_tokens, mentions = L.sentence_parts(view)
                rc = rule_by_tok.get(tok.i)
                feats = F.type_features(tok, view.sent, rc, tok.i in selected, actor_tokens,
                                        F.covering(doc, actor_tokens))
                ev = model.event(tok, view, rc, j["gold_event"], 1.0, mentions, feats)
            gold = {s: set(codeset(j.get(f"gold_{s}") or [])) for s in SIDES}
            if ev is None:
                out.append((rid, gold, []))
                continue
            parties = []
            for side in SIDES:
                mine, other = getattr(ev, side), ev.target if side == "source" else ev.source
                oc = {a.code for a in other if a.code}
                for a in mine:
                    parties.append((side, EVENT_FORMAT_CODES.get(a.code, a.code),
                                    PC.features(tok, view.sent, ev.event, side, a, len(mine), oc, mine)))
            out.append((rid, gold, parties))
    return out


def label(gold, side, code) -> str:
    other = "target" if side == "source" else "source"
    return "keep" if code in gold[side] else "other" if code in gold[other] else "none"


def fit(examples):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from detente.actors.party_check import CLASSES

    feats = [f for _, g, ps in examples for _, _, f in ps]
    labels = [CLASSES.index(label(g, s, c)) for _, g, ps in examples for s, c, _ in ps]
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform(feats)
    lr = LogisticRegression(C=C, solver="lbfgs", max_iter=5000, fit_intercept=False)
    lr.fit(X, labels)
    rows = {cls: lr.coef_[list(lr.classes_).index(k)] for k, cls in enumerate(CLASSES) if k in lr.classes_}
    return {cls: {n: round(float(w), 5) for n, w in zip(vec.feature_names_, ws) if abs(w) > 1e-6}
            for cls, ws in rows.items()}


def probs_of(weights, examples):
    from detente.actors.party_check import Check
    c = Check(weights, None, None)
    return [[c.probabilities(f) for _, _, f in ps] for _, _, ps in examples]


def settle(parties, probs, drop, move, drop_coded=None, drop_extra=None):
    """The sides of one event after the check (party_check.verdict, the rule Check.apply reads, over codes): ``drop`` the threshold
    of an uncoded party, ``drop_coded`` of a coded one, ``drop_extra`` of a coded one beside another code
    (party_check.extra_drops)."""
    from detente.actors.party_check import coordinated, extra_drops, verdict
    sides = {"source": [], "target": []}
    gone = set()
    for s in SIDES:
        mine = [k for k, (side, _, _) in enumerate(parties) if side == s]
        items = [(parties[i][1], probs[i], coordinated(parties[i][2], s)) for i in mine]
        gone |= {mine[k] for k in extra_drops(items, drop_extra)}
    for k, ((side, code, _), p) in enumerate(zip(parties, probs)):
        if k not in gone:
            sides[side].append(code)
    for k, ((side, code, feats), p) in enumerate(zip(parties, probs)):
        if k in gone:
            continue
        other = "target" if side == "source" else "source"
        act = verdict(p, bool(code), len(sides["source"]) + len(sides["target"]), code in sides[other],
                      lambda: f"elsewhere|{side}" in feats, move, drop, drop_coded, DROP_INFERRED)
        if act is not None:
            sides[side].remove(code)
            if act == "move":
                sides[other].append(code)
    return sides


def right(examples, probs, drop, move, drop_coded=None, drop_extra=None) -> Counter:
    n = Counter()
    for (_, gold, parties), ps in zip(examples, probs):
        got = settle(parties, ps, drop, move, drop_coded, drop_extra)
        for s in SIDES:
            n[s] += set(got[s]) == gold[s]
    return n


def choose(examples, probs):
    """(drop, move, extra): the drop threshold of the most right sides (ties: the higher), then the move threshold
    of the most right sides on top of it, then the extra-drop threshold (party_check.extra_drops) on top of both;
    a move or an extra drop is kept only when it adds at least MIN_GAIN of the sides (a bolder change than a drop
    of an uncoded party: it must earn its place)."""
    def total(d, m, dc, de=None):
        r = right(examples, probs, d, m, dc, de)
        return r["source"] + r["target"]
    drop = max(GRID, key=lambda d: (total(d, None, d if CODED_DROPS else None), d is None, d or 0))
    coded = drop if CODED_DROPS else None
    base = total(drop, None, coded)
    move = max(GRID, key=lambda m: (total(drop, m, coded), m is None, m or 0))
    if total(drop, move, coded) - base < MIN_GAIN * 2 * len(examples):
        move = None
    base = total(drop, move, coded)
    extra = max(EXTRA_GRID, key=lambda e: (total(drop, move, coded, e), e is None, e or 0)) if EXTRA_DROPS else None
    if extra is not None and total(drop, move, coded, extra) - base < MIN_GAIN * 2 * len(examples):
        extra = None
    return drop, move, extra


def folds_of(examples, k):
    return [int(hashlib.sha256(rid.encode()).hexdigest(), 16) % k for rid, _, _ in examples]


def out_of_fold(examples, k):
    fold = folds_of(examples, k)
    probs = [None] * len(examples)
    for f in range(k):
        w = fit([x for x, g in zip(examples, fold) if g != f])
        test = [i for i, g in enumerate(fold) if g == f]
        for i, p in zip(test, probs_of(w, [examples[i] for i in test])):
            probs[i] = p
    return probs


def nested(examples, k):
    """Sides right with thresholds chosen inside each outer fold's training part (its own inner CV)."""
    fold = folds_of(examples, k)
    n = Counter()
    for f in range(k):
        train = [x for x, g in zip(examples, fold) if g != f]
        d, m, e = choose(train, out_of_fold(train, k - 1))
        test = [x for x, g in zip(examples, fold) if g == f]
        n += right(test, probs_of(fit(train), test), d, m, d if CODED_DROPS else None, e)
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parse-cache", help="a pickle of the parsed tune articles (outside the repository)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="the examples saved by the last run with this --parse-cache")
    ap.add_argument("--dry-run", action="store_true", help="measure only; write no model")
    ap.add_argument("--coded-drops", action="store_true", help="coded parties may be dropped too (CODED_DROPS true)")
    ap.add_argument("--no-extra-drops", action="store_true", help="no extra drops (EXTRA_DROPS false)")
    args = ap.parse_args(argv)
    if args.no_extra_drops:
        global EXTRA_DROPS
        EXTRA_DROPS = False
    if args.coded_drops:
        global CODED_DROPS
        CODED_DROPS = True
    if args.parse_cache:
        from judge_sample import refuse_inside
        refuse_inside(ap, Path(args.parse_cache), "--parse-cache")
    saved = Path(f"{args.parse_cache}.check") if args.parse_cache else None
    if args.reuse and saved and saved.exists():  # the examples of the last run (a change to the learner only)
        with open(saved, "rb") as fh:
            examples = pickle.load(fh)
    else:
        examples = events(args.parse_cache)
        if saved:
            with open(saved, "wb") as fh:
                pickle.dump(examples, fh)
    return train(examples, folds=args.folds, dry_run=args.dry_run)


def train(examples, folds=5, dry_run=False) -> int:
    """Measure (nested CV), choose the thresholds and, unless ``dry_run``, write the model."""
    args = argparse.Namespace(folds=folds, dry_run=dry_run)
    n = len(examples)
    base = right(examples, [[{"keep": 1.0, "other": 0.0, "none": 0.0}] * len(ps) for _, _, ps in examples], None, None)
    oof = out_of_fold(examples, args.folds)
    drop, move, extra = choose(examples, oof)
    at = right(examples, oof, drop, move, drop if CODED_DROPS else None, extra)
    nest = nested(examples, args.folds)
    gain = {s: nest[s] - base[s] for s in SIDES}
    labels = Counter(label(g, s, c) for _, g, ps in examples for s, c, _ in ps)
    report = {"judged_events": n, "parties": dict(labels),
              **{f"{s}_right": {"before": round(base[s] / n, 4), "after_cv_nested": round(nest[s] / n, 4),
                                "after_cv_at_chosen": round(at[s] / n, 4)} for s in SIDES},
              "drop": drop, "move": move, "drop_extra": extra, "coded_drops": CODED_DROPS}
    ok = sum(gain.values()) >= MIN_GAIN * 2 * n
    report["shipped"] = ok
    print(json.dumps(report, indent=1))
    if args.dry_run:
        return 0
    w = fit(examples)
    from detente.actors import party_check
    OUT.write_text(json.dumps({"source": "tools/train_party_check.py: the hand-judged tune events of the Guardian and "
                                         "Reuters dev articles; numbers only (feature names as CRC-32, "
                                         "party_check.feature_key)",
                               "drop": drop if ok else None, "move": move if ok else None,
                               "drop_coded": drop if ok and CODED_DROPS else None,
                               "drop_extra": extra if ok else None, "drop_inferred": DROP_INFERRED if ok else None,
                               "cv": report,
                               "hashed": True,
                               "weights": {c: dict(sorted((party_check.feature_key(k), v) for k, v in ws.items()))
                                           for c, ws in w.items()}},
                              indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({sum(len(x) for x in w.values())} weights)")
    party_check.check.cache_clear()  # the new model from now on (tools/train_sides.py reads checked events next)
    return 0


if __name__ == "__main__":
    sys.exit(main())
