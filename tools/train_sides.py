"""Train the cross-sentence side filler (detente/actors/sides.py -> detente/actors/data/side_filler.json).

    python tools/train_sides.py [--parse-cache /tmp/sides-parses] [--folds 5] [--dry-run]

Examples: every event the trained coder gives (any confidence) with one side empty after the party check
(detente/actors/party_check.py, which this script retrains first with tools/train_party_check.py unless --no-check), at
- the hand-judged tune events of the Guardian and Reuters dev articles (eval/judgements/tune-*.jsonl: the
  annotator's ``gold_source``/``gold_target``; the coder's event at the judged word, else its parties for the
  annotator's type there), read whole as ``predict``/``analyze`` read them;
- the tune sentences of the PLOVER dev set (its events' sources and targets, for the events of the same type).
Each candidate of an empty side (sides.ArticleSides.candidates) is an example, right when its code is among the
gold codes of that side. A logistic model (scikit-learn, fixed seed and solver: deterministic) learns them.

Measured by 5-fold cross-validation grouped by article (no article in two folds): on the judged events, the share
whose target (source) equals the annotator's, before and after filling; on the PLOVER tune sentences, dyad F1
before and after (score.py's measure). The threshold of each side is the least probability at which filling
gains most right sides on the judged events, out of fold; a side whose filling gains less than MIN_GAIN of the
judged events in nested cross-validation (thresholds chosen inside each outer fold) gets none (never filled). Only numbers and feature names are written. Tune parts only: a validation record is refused.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from dev_paths import DEV, ROOT, SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)

JUDGED = sorted((ROOT / "eval" / "judgements").glob("tune-*.jsonl"))
PLOVER = DEV / "events.plover.jsonl"
OUT = ROOT / "detente" / "actors" / "data" / "side_filler.json"
SIDES = ("source", "target")
C = 0.1  # inverse regularisation (chosen by the same CV among 0.03, 0.1, 0.3, 1, 3)
MIN_GAIN = 0.01  # a side is filled only when the nested CV gain is at least this share of the judged events
FORMAT = {"UNO": "IGO", "EUR": "IGO"}


def fmt(code):
    return FORMAT.get(code, code)


def judged_rows():
    from judged_sides import read_rows
    rows, seen = [], set()
    for r in read_rows(JUDGED):
        k = (r["record"], r["sentence_start"], r["trigger"])
        if k not in seen:
            seen.add(k)
            rows.append(r)
    return rows


def decisions(analyses, wanted, model, threshold):
    """For each article: walk its sentences as code_events does (the kept events feed the article's memory) and
    yield (article, sentence view, event, wanted item) for the events ``wanted(view, all_events, kept)`` picks."""
    from detente.actors import party_check, sides
    from detente.events.coder import sentences

    f = sides.Filler({}, {})
    for rid, (doc, actors, date) in sorted(analyses.items()):
        art = None
        for view in sentences(doc, actors, date):
            if art is None:
                art = f.article(view.sent.doc, view.actors)
            evs = party_check.apply(view, model.code(view))  # the parties checked, as code_events reads them
            kept = [e for e in evs if e.modality != "asserted" or e.confidence >= threshold]
            for item in wanted(rid, view, evs, kept):
                yield rid, art, view, item
            art.remember(view, kept)


def side_examples(art, view, ev, gold: dict, group: str, origin: str) -> list[dict]:
    """One decision per empty side of ``ev`` (the other side named): its candidates, features and labels."""
    out = []
    for side in SIDES:
        if getattr(ev, side) or not (ev.source or ev.target):
            continue
        cands = art.candidates(view, ev, side)
        out.append({"group": group, "origin": origin, "side": side, "gold": sorted(gold[side]),
                    "codes": [fmt(a.code) for a, _ in cands], "feats": [f for _, f in cands]})
    return out


def judged_examples(cache, model, threshold, check=None):
    """The judged decisions; ``check`` (a dry-run flag) first retrains the party check on the same parse (the
    filler learns the events as checked: code_events checks the parties before filling)."""
    from coder_eval import codeset, tune_articles
    from judged_sides import analyse
    from score import part_of

    rows = judged_rows()
    arts = tune_articles({r["record"] for r in rows}, DEV, part_of)
    analyses = analyse(arts, Path(f"{cache}.judged") if cache else None)
    if check is not None:
        import train_party_check
        train_party_check.train(train_party_check.events(None, analyses), dry_run=check)
    by_rec = defaultdict(list)
    for r in rows:
        by_rec[r["record"]].append(r)
    base = Counter()
    out = []

    def wanted(rid, view, evs, kept):
        from detente.actors import party_check
        from detente.events import features as F
        from detente.events import learned as L
        doc = view.sent.doc
        for j in by_rec.get(rid, ()):
            if not (view.sent.start_char <= j["sentence_start"] < view.sent.end_char):
                continue
            at = doc.text.find(j["trigger"], j["sentence_start"], j["sentence_end"])
            tok = next((x for x in view.sent if x.idx <= at < x.idx + len(x.text)), None) if at >= 0 else None
            if tok is None:
                continue
            ev = next((e for e in evs if e.evidence.trigger.start == tok.idx), None)
            if ev is None:  # the coder's parties for the annotator's type at that word
                rule_by_tok, selected, actor_tokens, mentions = L.sentence_parts(view)
                rc = rule_by_tok.get(tok.i)
                covered = F.covering(doc, actor_tokens)
                feats = F.type_features(tok, view.sent, rc, tok.i in selected, actor_tokens, covered)
                ev = model.event(tok, view, rc, j["gold_event"], 1.0, mentions, feats)
                ev = party_check.apply(view, [ev])[0] if ev is not None else None
            yield j, ev
    for rid, art, view, (j, ev) in decisions(analyses, wanted, model, threshold):
        gold = {s: codeset(j.get(f"gold_{s}") or []) for s in SIDES}
        base["judged"] += 1
        if ev is None:
            continue
        for s in SIDES:
            base[f"{s}_right"] += codeset(a.code for a in getattr(ev, s)) == gold[s]
        out += side_examples(art, view, ev, gold, rid, "judged")
    return out, base


def plover_examples(cache, model, threshold):
    from judged_sides import analyse
    from score import part_of

    recs = [json.loads(x) for x in PLOVER.read_text(encoding="utf-8").splitlines() if x.strip()]
    recs = [r for r in recs if part_of(r["id"]) == "tune"]
    arts = {r["id"]: {"text": r["text"], "date": r.get("date")} for r in recs}
    analyses = analyse(arts, Path(f"{cache}.plover") if cache else None)
    gold_by = {r["id"]: r for r in recs}
    out, preds = [], {}

    def wanted(rid, view, evs, kept):
        for ev in kept:
            yield ev
    from detente.events.predict import event_json, strongest_first
    per_rec = defaultdict(list)
    for rid, art, view, ev in decisions(analyses, wanted, model, threshold):
        per_rec[rid].append((art, view, ev))
    for rid in sorted(gold_by):
        items = per_rec.get(rid, [])
        evs = strongest_first([ev for _, _, ev in items])
        order = {id(e): k for k, e in enumerate(evs)}
        preds[rid] = [event_json(e) for e in evs]
        gev = [g for g in gold_by[rid].get("events", []) if g.get("event")]
        for art, view, ev in items:
            same = [g for g in gev if g["event"] == ev.event]
            if not same:
                continue
            gold = {s: {fmt(a["code"]) for g in same for a in g.get(s, []) if a.get("code")} for s in SIDES}
            for x in side_examples(art, view, ev, gold, rid, "plover"):
                x["event_index"] = order[id(ev)]
                out.append(x)
    return out, preds, [gold_by[k] for k in sorted(gold_by)]


def vectorise(examples):
    feats, labels, owner = [], [], []
    for k, x in enumerate(examples):
        for code, f in zip(x["codes"], x["feats"]):
            feats.append(f)
            labels.append(int(code in x["gold"]))
            owner.append(k)
    return feats, np.array(labels), np.array(owner)


def fit(feats, labels):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform(feats)
    lr = LogisticRegression(C=C, solver="lbfgs", max_iter=5000, fit_intercept=False)
    lr.fit(X, labels)
    return {n: float(w) for n, w in zip(vec.feature_names_, lr.coef_[0]) if abs(w) > 1e-9}


def probability(weights, f):
    z = sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + np.exp(-max(-30.0, min(30.0, z))))


def best_of(weights, x):
    """(probability, code) of the best candidate of a decision, or (0, None)."""
    if not x["codes"]:
        return 0.0, None
    ps = [probability(weights, f) for f in x["feats"]]
    k = int(np.argmax(ps))
    return ps[k], x["codes"][k]


def folds_of(groups, k):
    """Article -> fold, by a hash of the article id (deterministic, grouped)."""
    import hashlib
    return {g: int(hashlib.sha256(g.encode()).hexdigest(), 16) % k for g in sorted(set(groups))}


def cross_validate(examples, k):
    """Out-of-fold (probability, code) of each decision's best candidate."""
    fold = folds_of([x["group"] for x in examples], k)
    out = [None] * len(examples)
    for f in range(k):
        train = [x for x in examples if fold[x["group"]] != f]
        feats, labels, _ = vectorise(train)
        w = fit(feats, labels)
        for i, x in enumerate(examples):
            if fold[x["group"]] == f:
                out[i] = best_of(w, x)
    return out


def nested(examples, k):
    """Out-of-fold (probability, code) and threshold of each decision, the thresholds chosen inside each outer
    fold's training part (by its own inner cross-validation): an honest figure of the whole procedure."""
    fold = folds_of([x["group"] for x in examples], k)
    out, ths = [None] * len(examples), [None] * len(examples)
    for f in range(k):
        train = [x for x in examples if fold[x["group"]] != f]
        inner = cross_validate(train, k - 1)
        th = {side: choose(train, inner, side)[0] for side in SIDES}
        feats, labels, _ = vectorise(train)
        w = fit(feats, labels)
        for i, x in enumerate(examples):
            if fold[x["group"]] == f:
                out[i], ths[i] = best_of(w, x), th[x["side"]]
    return out, ths


def gain(examples, best, side, th):
    """Judged sides made right minus made wrong by filling at threshold ``th`` (a list: one per decision)."""
    g = 0
    ths = th if isinstance(th, list) else [th] * len(examples)
    for x, (p, code), t in zip(examples, best, ths):
        if x["origin"] != "judged" or x["side"] != side or code is None or t is None or p < t:
            continue
        g += (x["gold"] == [code]) - (not x["gold"])
    return g


def choose(examples, best, side):
    """The threshold of the largest gain on judged events (ties: the higher threshold), or None."""
    ps = sorted({round(p, 4) for x, (p, c) in zip(examples, best) if x["side"] == side and x["origin"] == "judged" and c})
    top, th = 0, None
    for t in reversed(ps):
        g = gain(examples, best, side, t)
        if g > top:
            top, th = g, t
    return th, top


def plover_f1(examples, best, preds, gold, thresholds):
    from score import score_events
    fill = defaultdict(dict)
    ths = thresholds if isinstance(thresholds, list) else [thresholds.get(x["side"]) for x in examples]
    for x, (p, code), th in zip(examples, best, ths):
        if x["origin"] == "plover" and code and th is not None and p >= th:
            fill[x["group"]][(x["event_index"], x["side"])] = code
    rows = []
    for rid, evs in preds.items():
        evs = [dict(e) for e in evs]
        for (k, side), code in fill.get(rid, {}).items():
            evs[k][side] = [{"code": code, "sector": None, "text": ""}]
        rows.append({"id": rid, "events": evs})
    return score_events(gold, rows)["dyad"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parse-cache", help="path prefix of pickles of the parsed tune articles (outside the repository)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="the examples saved by the last run with this --parse-cache")
    ap.add_argument("--dry-run", action="store_true", help="measure only; write no model")
    ap.add_argument("--no-check", action="store_true",
                    help="keep the installed party check (else tools/train_party_check.py retrains it first)")
    args = ap.parse_args(argv)
    if args.parse_cache:
        from judge_sample import refuse_inside
        refuse_inside(ap, Path(args.parse_cache), "--parse-cache")
    from detente.events import confidence, learned

    model = learned.model()
    threshold = confidence.threshold()
    saved = Path(f"{args.parse_cache}.examples") if args.parse_cache else None
    if args.reuse and saved and saved.exists():  # the examples of the last run (a change to the model only)
        with open(saved, "rb") as fh:
            judged, base, plover, preds, gold = pickle.load(fh)
    else:
        judged, base = judged_examples(args.parse_cache, model, threshold, None if args.no_check else args.dry_run)
        plover, preds, gold = plover_examples(args.parse_cache, model, threshold)
        if saved:
            with open(saved, "wb") as fh:
                pickle.dump((judged, base, plover, preds, gold), fh)
    examples = judged + plover
    best = cross_validate(examples, args.folds)
    report = {"judged_events": base["judged"], "decisions": Counter(f"{x['origin']}_{x['side']}" for x in examples),
              "with_candidates": Counter(f"{x['origin']}_{x['side']}" for x in examples if x["codes"]),
              "gold_among_candidates": Counter(f"{x['origin']}_{x['side']}" for x in examples
                                               if set(x["gold"]) & set(x["codes"]))}
    thresholds = {}
    nbest, nths = nested(examples, args.folds)
    for side in SIDES:
        th, g = choose(examples, best, side)
        n, g2 = base["judged"], gain(examples, nbest, side, nths)
        report[f"judged_{side}_right"] = {"before": round(base[f"{side}_right"] / n, 4),
                                          "after_cv": round((base[f"{side}_right"] + g2) / n, 4), "gain_cv": g2,
                                          "gain_at_chosen_threshold": g, "threshold": th}
        thresholds[side] = th if g2 >= MIN_GAIN * n else None  # too small a gain to trust: never filled
    report["thresholds"] = thresholds
    report["plover_tune_dyad"] = {"before": plover_f1(examples, best, preds, gold, {}),
                                  "after_cv": plover_f1(examples, nbest, preds, gold, nths)}
    print(json.dumps(report, indent=1, default=dict))
    if args.dry_run:
        return 0
    feats, labels, _ = vectorise(examples)
    w = fit(feats, labels)
    OUT.write_text(json.dumps({"source": "tools/train_sides.py: tune parts of the dev sets (judged Guardian/Reuters "
                                         "events, PLOVER sentences); numbers and feature names only",
                               "threshold": thresholds, "cv": report, "weights": dict(sorted(w.items()))},
                              indent=0, sort_keys=False, default=dict) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(w)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
