"""Cross-validated figures of the trained event coder (tools/train_coder.py): the shared scorer's event_type and
dyad F1 on corpus and PLOVER tune records, and the hand-judged tune events still coded at the judged word and
fully right. Folds are by record (a judged article's sentences share one); each fold's models are trained on the
other folds and decode the held-out records end to end, with the chosen decoding settings and any variants.

    CODER_CV_DUMP=/tmp/cv.jsonl python tools/train_coder.py ...   # the out-of-fold decodings of the tune records
    python tools/coder_eval.py confusion /tmp/cv.jsonl [--top 30]  # their type confusions (tune errors only)
"""
from __future__ import annotations

import json
import os
from collections import Counter, defaultdict

from detente.events import learned as L
from detente.events.predict import EVENT_FORMAT_CODES  # the event format's codes of the UN and EU


def tune_articles(ids, dev, part_of) -> dict:
    """The Guardian and Reuters dev articles with these ids, by id; a validation record is refused: only tune
    judgements are learnt from."""
    found = {}
    for name in ("articles.guardian.jsonl", "articles.reuters.jsonl"):
        path = dev / name
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            if line.strip():
                a = json.loads(line)
                if a["id"] in ids:
                    if part_of(a["id"]) != "tune":
                        raise SystemExit(f"{a['id']}: a validation record; only tune judgements are learnt from")
                    found[a["id"]] = a
    return found


def judged_sentences(rows, dev, part_of, skipped) -> tuple[dict, list]:
    """The tune articles of judged rows (eval/judgements/tune-*.jsonl) by id, and the rows grouped by sentence:
    ``((record, sentence_start, sentence_end), rows)`` in sorted order. A row whose article or sentence is not
    found is noted in ``skipped``."""
    arts = tune_articles({r["record"] for r in rows}, dev, part_of)
    by_sent = defaultdict(list)
    for r in rows:
        if r["record"] not in arts or r.get("sentence_start") is None or r["sentence_start"] < 0:
            skipped.append(f"judged {r['record']}: article or sentence not found")
            continue
        by_sent[(r["record"], r["sentence_start"], r["sentence_end"])].append(r)
    return arts, sorted(by_sent.items())


def _first(text, s):
    i = text.find(s) if s else -1
    return None if i < 0 else (i, i + len(s))


def _codes(actors):
    return {EVENT_FORMAT_CODES.get(a.get("code"), a.get("code")) for a in actors or [] if a.get("code")}


def _match(p, g):
    if p["event"] != g["event"]:
        return False
    gs, gt, ps, pt = _codes(g.get("source")), _codes(g.get("target")), _codes(p.get("source")), _codes(p.get("target"))
    return (not gs or bool(ps & gs)) and (not gt or bool(pt & gt))


def score(pairs):
    """event_type and dyad P/R/F1 over (gold events, predicted events) per record; negated events not counted."""
    t = Counter()
    for gev, pev in pairs:
        gev = [e for e in gev if e.get("modality", "asserted") != "negated"]
        pev = [e for e in pev if e.get("modality", "asserted") != "negated"]
        gt, pt = {e["event"] for e in gev}, {e["event"] for e in pev}
        t["ttp"] += len(gt & pt)
        t["tfp"] += len(pt - gt)
        t["tfn"] += len(gt - pt)
        t["dfn"] += sum(1 for g in gev if not any(_match(p, g) for p in pev))
        hits = sum(1 for p in pev if any(_match(p, g) for g in gev))
        t["dtp"] += hits
        t["dfp"] += len(pev) - hits
        for g in gev:  # modality of matched events; supposed events coded as fact
            m = next((p for p in pev if _match(p, g)), None)
            if m is not None:
                t["mod_n"] += 1
                t["mod_ok"] += m["modality"] == g.get("modality", "asserted")
                if g.get("modality", "asserted") not in ("asserted", "historical"):
                    t["sup_n"] += 1
                    t["sup_asserted"] += m["modality"] == "asserted"
    return {"event_type": prf(t["ttp"], t["tfp"], t["tfn"]), "dyad": prf(t["dtp"], t["dfp"], t["dfn"]),
            "modality_accuracy_on_matched": round(t["mod_ok"] / t["mod_n"], 4) if t["mod_n"] else None,
            "supposed_matched": t["sup_n"], "supposed_coded_asserted": t["sup_asserted"]}


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def decode(coder, analysis):
    from detente.events.coder import code_events, sentences
    from detente.events.predict import event_json

    doc, actors, date = analysis
    if coder is None:
        return [event_json(e) for e in code_events(doc, actors, article_date=date, rules=True)]
    evs = []
    for view in sentences(doc, actors, date):
        evs += coder.code(view)
    return [event_json(e) for e in evs]


def codeset(codes) -> set:
    """Codes as the event format writes them, each once."""
    return {EVENT_FORMAT_CODES.get(c, c) for c in codes or [] if c}


def judged_check(coder, rec, analysis, t: Counter, dump=None):
    """The judged events of one sentence re-read by ``coder``: how many are still coded as asserted at the judged
    trigger (kept), and of those how many are fully right by the annotator's type, codes and modality."""
    from detente.events.coder import sentences

    doc, actors, date = analysis
    evs = [e for view in sentences(doc, actors, date) for e in coder.code(view)]
    for j in rec["_judged"]:
        trig = _first(rec["text"], j.get("trigger") or "")
        if trig is None:
            continue
        right = (j.get("gold_event") is not None and j.get("gold_modality", "asserted") == "asserted")
        t["judged"] += 1
        t["judged_right_before"] += all(j[k] for k in ("type_ok", "source_ok", "target_ok", "happened"))
        hit = [e for e in evs if e.modality == "asserted" and trig[0] <= e.evidence.trigger.start < trig[1]]
        if not hit:
            continue
        e = hit[0]
        t["kept"] += 1
        t["right"] += (right and e.event == j["gold_event"] and codeset(a.code for a in e.source)
                       == codeset(j.get("gold_source")) and codeset(a.code for a in e.target)
                       == codeset(j.get("gold_target")))
        t["type_right"] += right and e.event == j["gold_event"]
        t["source_right"] += codeset(a.code for a in e.source) == codeset(j.get("gold_source"))
        t["target_right"] += codeset(a.code for a in e.target) == codeset(j.get("gold_target"))
        t["no_event_kept"] += j.get("gold_event") is None
        if dump is not None:  # for reading tune confusions only (CODER_CV_DUMP)
            dump.write(json.dumps({"judged": rec["_rid"], "trigger": j.get("trigger"), "gold": j.get("gold_event"),
                                   "gold_modality": j.get("gold_modality"), "event": e.event,
                                   "source": sorted(codeset(
                                       a.code for a in e.source)), "target": sorted(codeset(a.code for a in e.target)),
                                   "gold_source": sorted(codeset(j.get("gold_source"))),
                                   "gold_target": sorted(codeset(j.get("gold_target"))),
                                   "coder": e.coder, "text": rec["text"]}) + "\n")


def cross_validate(records, analyses, samples, folds, decode_meta, train, variants=(), on_fold=None,
                   variant_kinds=None):
    """Figures of the decoding settings ``decode_meta`` (and of each variant: settings overriding some of them,
    decoded with the same fold models) by ``folds``-fold cross-validation by record; ``train(samples, exclude)``
    gives a fold's models; ``on_fold(k, models)``, when given, is called with each fold's models (the confidence
    model's out-of-fold rows, tools/confidence_rows.py); ``variant_kinds``: the record kinds the variants are
    decoded on (None: all). Each record's sentences are read by the rule coder once per fold (the views are the
    same for every setting)."""
    import detente.events.coder as DC

    orig = DC.sentences
    memo = {}

    def sentences(doc, actors, article_date=None):  # the rule coder's views do not depend on the setting
        if id(doc) not in memo:
            memo[id(doc)] = (doc, list(orig(doc, actors, article_date)))
        return memo[id(doc)][1]
    DC.sentences = sentences
    try:
        return _cross_validate(records, analyses, samples, folds, decode_meta, train, variants, on_fold,
                               variant_kinds, memo, orig)
    finally:
        DC.sentences = orig


def _cross_validate(records, analyses, samples, folds, decode_meta, train, variants, on_fold, variant_kinds, memo,
                    fresh):
    import detente.events.coder as DC

    settings = [("chosen", decode_meta)] + [(json.dumps(v, sort_keys=True), {**decode_meta, **v}) for v in variants]
    by_part = {name: defaultdict(list) for name, _ in settings}
    judged = {name: Counter() for name, _ in settings}
    rules = defaultdict(list)
    dump = open(os.environ["CODER_CV_DUMP"], "w", encoding="utf-8") if os.environ.get("CODER_CV_DUMP") else None
    for k in range(folds):
        memo.clear()
        held = {r["_rid"] for r in records if r["_fold"] == k}
        models = train(samples, exclude=held)
        if on_fold is not None:
            on_fold(k, models)
        for name, meta in settings:
            coder = L.Coder(models, meta)
            for r, an in zip(records, analyses):
                if r["_rid"] not in held or an is None:
                    continue
                if name != "chosen" and variant_kinds is not None and r["_kind"] not in variant_kinds:
                    continue
                if r["_kind"] == "judged":
                    judged_check(coder, r, an, judged[name], dump if name == "chosen" else None)
                    continue
                gold = [e for e in r.get("events") or [] if e.get("event")]
                by_part[name][r["_kind"]].append((gold, decode(coder, an)))
                if name == "chosen":
                    shared, DC.sentences = DC.sentences, fresh  # the rule coder's own output alters its views:
                    try:  # it reads views of its own, not the shared ones
                        rules[r["_kind"]].append((gold, decode(None, an)))
                    finally:
                        DC.sentences = shared
                    if dump is not None and r["_kind"] == "plover_tune":  # for reading tune errors only
                        dump.write(json.dumps({"id": r["_rid"], "text": r["text"], "gold": gold,
                                               "trained": by_part[name][r["_kind"]][-1][1],
                                               "rules": rules[r["_kind"]][-1][1]}, default=str) + "\n")
    out = {}
    for name, _ in settings:
        res = {kind: {"trained": score(v), "records": len(v)} for kind, v in by_part[name].items()}
        if name == "chosen":
            for kind in res:
                res[kind]["rules"] = score(rules[kind])
        j = judged[name]
        if j:
            res["judged_tune"] = {**j, "precision": round(j["right"] / j["kept"], 4) if j["kept"] else None}
        if name == "chosen":
            out.update(res)
        else:
            out.setdefault("variants", {})[name] = {
                kind: ([v["trained"]["event_type"]["f1"], v["trained"]["dyad"]["f1"]] if "trained" in v else v)
                for kind, v in res.items()}
    return out


def confusions(rows) -> dict:
    """Type confusions of a CODER_CV_DUMP file's rows: "judged" (the judged word's gold type, NONE for no event,
    against the type coded there) and "plover" (per PLOVER tune record, each gold type not coded against each type
    coded and not gold; a missed type with nothing coded in its place is against NONE, and the reverse)."""
    out = {"judged": Counter(), "plover": Counter()}
    for r in rows:
        if "judged" in r:
            out["judged"][(r["gold"] or L.NONE, r["event"])] += 1
            continue
        gold = {e["event"] for e in r["gold"] if e.get("modality", "asserted") != "negated"}
        pred = {e["event"] for e in r["trained"] if e.get("modality", "asserted") != "negated"}
        missed, extra = sorted(gold - pred), sorted(pred - gold)
        for g in missed:
            for p in extra or [L.NONE]:
                out["plover"][(g, p)] += 1
        if not missed:
            for p in extra:
                out["plover"][(L.NONE, p)] += 1
    return out


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="type confusions of a CODER_CV_DUMP file (tune records only)")
    ap.add_argument("what", choices=("confusion",))
    ap.add_argument("dump")
    ap.add_argument("--top", type=int, default=30)
    a = ap.parse_args(argv)
    with open(a.dump, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for kind, c in confusions(rows).items():
        total = sum(c.values())
        wrong = sum(n for (g, p), n in c.items() if g != p)
        print(f"{kind}: {total} pairs, {wrong} confused (gold -> coded)")
        for (g, p), n in sorted(((k, n) for k, n in c.items() if k[0] != k[1]), key=lambda x: (-x[1], x[0]))[:a.top]:
            print(f"  {g:>10} -> {p:<10} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
