"""Sources and targets at the judged word: for each hand-judged tune event that really is an event (``gold_event``
not null; eval/judgements/tune-*.jsonl), are the parties the pipeline gives at that trigger the annotator's codes?

    python tools/judged_sides.py eval/judgements/tune-trained-1.2.0-guardian-reuters.jsonl [more files]
        [--parse-cache /tmp/sides.pickle] [--misses /tmp/side_misses.jsonl]

The judged articles (tune part only: a validation record is refused) are read whole by the pipeline's parse and
actor stages, as ``predict``/``analyze`` read them (the discourse memory of earlier sentences included). Three
readings of each judged trigger are scored, side by side:

- ``coded``: the trained coder's event at that word, when it still codes one there (any confidence);
- ``forced``: the trained coder's parties for the annotator's type at that word (coded or not: the side
  decisions without the type decision);
- ``checked``: the ``forced`` parties after the party check (``detente/actors/party_check.py``: a party dropped
  or moved to the other side; learnt from the judged files the coder did not learn, so a fit on those: its
  honest figure is the article-grouped cross-validation of ``tools/train_party_check.py``);
- ``rules``: the rule coder's parties at that word (``arguments.py``/``parties.py``: what the trained coder's
  role features and empty-side fallback read), when it has a candidate there.

A side is right when its codes (the event format's, each once) equal the annotator's. The wrong ones are sorted
into kinds: ``missing`` (empty where the annotator names a party; with where the annotator's party stands:
``unfound`` when no mention of its code is in the sentence, else the mention's dependency relation to the
trigger), ``spurious`` (a party where the annotator names none), ``wrong`` (no code in common), ``extra`` (the
annotator's codes and more), ``partial`` (some of them); ``coded_vs_rules`` crosses the trained coder's right (C)
or wrong (c) sides with the rule coder's (R/r); ``forced_faults`` sorts each wrong side of the ``forced`` reading
by what went wrong (:func:`fault`: empty with the party outside or inside the sentence, swapped, the other side's
code repeated, spurious, partial/extra, a third party by where its mention stands). Only counts and codes are printed; ``--misses`` writes
the sentences of the wrong sides for reading, to a file outside the repository (third-party text).

Note: the shipped coder learnt the judged events of some files (tools/train_coder.py ``CODER_JUDGED``); its
``coded``/``forced`` figures on those are a fit, not a measure. The ``rules`` reading learns nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

from dev_paths import DEV, ROOT, SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)

SIDES = ("source", "target")
READINGS = ("coded", "forced", "checked", "rules")


def read_rows(paths) -> list[dict]:
    rows = []
    for p in paths:
        rows += [json.loads(x) for x in Path(p).read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if r.get("gold_event") and r.get("sentence_start") is not None
            and r["sentence_start"] >= 0 and r.get("trigger")]


def analyse(arts: dict, cache: Path | None) -> dict:
    """(doc, actors, date) of each article by id: the pipeline's parse (kept in ``cache`` if given: the parses
    only, so that a change to actor finding is measured) and actor stage."""
    from detente.actors import find_actors, load_kb
    from detente.model import Article
    from detente.values import iso_date

    ids = sorted(arts)
    key = hashlib.sha256("\n".join(f"{k}\t{arts[k]['text']}" for k in ids).encode()).hexdigest()
    docs = None
    if cache and cache.exists():
        with open(cache, "rb") as fh:
            k, docs = pickle.load(fh)
        docs = docs if k == key else None
    if docs is None:
        from detente import pipeline
        from detente.config import Settings
        from detente.errors import StageError

        stages = [s for s in pipeline.stages_for(["actors"]) if s.name != "actors"]
        docs = {}
        for k in range(0, len(ids), 32):
            chunk = ids[k:k + 32]
            batch = [Article.create(arts[i]["text"], published=iso_date(arts[i].get("date"))) for i in chunk]
            for i, res in zip(chunk, pipeline.analyze_batch(batch, Settings(), stages)):
                if not isinstance(res, StageError):
                    docs[i] = res.doc
        if cache:
            with open(cache, "wb") as fh:
                pickle.dump((key, docs), fh, protocol=pickle.HIGHEST_PROTOCOL)
    kb = load_kb()
    out = {}
    for i, doc in docs.items():
        date = Article.create(arts[i]["text"], published=iso_date(arts[i].get("date"))).published
        out[i] = (doc, tuple(find_actors(doc, date=date, kb=kb)), date)
    return out


def codeset(actors) -> set:
    from coder_eval import codeset as cs
    return cs(a.code for a in actors)


def kind(pred: set, gold: set) -> str:
    if pred == gold:
        return "right"
    if not pred:
        return "missing"
    if not gold:
        return "spurious"
    if not pred & gold:
        return "wrong"
    return "extra" if gold < pred else "partial"


def relation(trig, head) -> str:
    """A short name of where a mention's head stands towards the trigger: its dependency steps up to their
    common ancestor and down to the trigger (prepositions by their word)."""
    def step(t):
        return f"{t.dep_}:{t.lower_}" if t.dep_ in ("prep", "agent") else t.dep_
    up, a = [], head
    anc = {t.i for t in trig.ancestors} | {trig.i}
    while a.i not in anc and a.head.i != a.i:
        up.append(step(a))
        a = a.head
    if a.i not in anc:
        return "other sentence part"
    down, b = [], trig
    while b.i != a.i:
        down.append(step(b))
        b = b.head
    up_s = ">".join(up) or "-"
    return f"{up_s} | {'<'.join(reversed(down)) or 'trigger'}" if down else f"{up_s} (under trigger)"


def readings(view, model, tok, gold_event):
    """{reading: (sources, targets)} at ``tok``."""
    from detente.events import features as F
    from detente.events import learned as L

    out = {}
    rule_by_tok, selected, actor_tokens, mentions = L.sentence_parts(view)
    rc = rule_by_tok.get(tok.i)
    if rc is not None:
        from detente.events.learned import guard
        out["rules"] = guard([(1.0, a) for a in rc.source], [(1.0, a) for a in rc.target])
    if model is None:
        return out
    for ev in model.code(view):
        if ev.evidence.trigger.start == tok.idx:
            out["coded"] = (list(ev.source), list(ev.target))
            break
    covered = F.covering(view.sent.doc, actor_tokens)
    feats = F.type_features(tok, view.sent, rc, tok.i in selected, actor_tokens, covered)
    ev = model.event(tok, view, rc, gold_event, 1.0, mentions, feats)
    out["forced"] = (list(ev.source), list(ev.target)) if ev is not None else ([], [])
    out.update(checked(view, tok, ev))
    return out


def checked(view, tok, ev) -> dict:
    """The ``forced`` reading after the party check (detente/actors/party_check.py), when its model is installed."""
    from detente.actors import party_check
    c = party_check.check()
    if c is None:
        return {}
    if ev is None:
        return {"checked": ([], [])}
    ev = c.apply(tok, view.sent, ev)
    return {"checked": (list(ev.source), list(ev.target))}


def measure(rows, analyses, model, misses=None) -> dict:
    from detente.events.coder import sentences

    by_art = {}
    for r in rows:
        by_art.setdefault(r["record"], []).append(r)
    t = Counter()
    kinds = {(rd, s): Counter() for rd in READINGS for s in SIDES}
    where = {s: Counter() for s in SIDES}
    faults = {s: Counter() for s in SIDES}
    for rid, js in sorted(by_art.items()):
        if rid not in analyses:
            t["article_not_read"] += len(js)
            continue
        doc, actors, date = analyses[rid]
        views = list(sentences(doc, actors, date))
        for j in js:
            lo, hi = j["sentence_start"], j["sentence_end"]
            at = doc.text.find(j["trigger"], lo, hi)
            tok = next((x for x in doc if x.idx <= at < x.idx + len(x.text)), None) if at >= 0 else None
            view = next((v for v in views if tok is not None and v.sent.start <= tok.i < v.sent.end), None)
            if view is None:
                t["trigger_not_found"] += 1
                continue
            t["judged"] += 1
            got = readings(view, model, tok, j["gold_event"])
            gold = {s: set(codeset_codes(j.get(f"gold_{s}"))) for s in SIDES}
            if "coded" in got and "rules" in got:
                for s, k in zip(SIDES, (0, 1)):
                    c_ok = codeset(got["coded"][k]) == gold[s]
                    r_ok = codeset(got["rules"][k]) == gold[s]
                    t[f"x_{s}_{'C' if c_ok else 'c'}{'R' if r_ok else 'r'}"] += 1
            for rd, (src, tgt) in got.items():
                t[f"{rd}_n"] += 1
                for s, pred in zip(SIDES, (codeset(src), codeset(tgt))):
                    k = kind(pred, gold[s])
                    t[f"{rd}_{s}_right"] += k == "right"
                    kinds[(rd, s)][k] += 1
                    w = _where(view, tok, gold[s]) if rd == "forced" and k != "right" else None
                    if rd == "forced" and k == "missing":
                        where[s][w] += 1
                    if rd == "forced" and k != "right":
                        faults[s][fault(view, tok, got[rd], SIDES.index(s), gold, k)] += 1
                    if misses is not None and rd == "forced" and k != "right":
                        misses.append({"record": rid, "side": s, "kind": k, "gold": sorted(gold[s]),
                                       "given": sorted(pred), "rules": sorted(codeset(got["rules"][SIDES.index(s)]))
                                       if "rules" in got else None, "trigger": j["trigger"],
                                       "event": j["gold_event"], "where": w,
                                       "mentions": [[a.span.text, a.code] for a in actors if a.span is not None
                                                    and lo <= a.span.start < hi], "sentence": doc.text[lo:hi], "note": j.get("note")})
    res = {"judged_events": t["judged"], "not_found": t["trigger_not_found"] + t["article_not_read"]}
    for rd in READINGS:
        n = t[f"{rd}_n"]
        res[rd] = {"n": n, **{f"{s}_right": round(t[f"{rd}_{s}_right"] / n, 4) if n else None for s in SIDES},
                   **{f"{s}_kinds": dict(kinds[(rd, s)].most_common()) for s in SIDES}}
    res["coded_vs_rules"] = {s: {k[len(s) + 3:]: v for k, v in sorted(t.items()) if k.startswith(f"x_{s}_")}
                             for s in SIDES}  # C/c: the coded side right/wrong, R/r: the rule coder's
    res["forced_faults"] = {s: dict(faults[s].most_common()) for s in SIDES}
    res["forced_missing_where"] = {s: dict(where[s].most_common(15)) for s in SIDES}
    return res


LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "around", "from", "into", "throughout"})
REPORTING = frozenset({"say", "tell", "report", "announce", "state", "add", "claim", "confirm", "write", "accuse",
                       "warn", "insist", "argue", "deny", "allege", "believe", "suggest"})


def fault(view, tok, sides, k: int, gold: dict, how: str) -> str:
    """The kind of a wrong side (k: 0 source, 1 target) of the ``forced`` reading: ``empty: ...`` (where the
    annotator's party stands: not in the sentence, or named there), ``swapped`` (the side holds the other side's
    codes only), ``same country`` (the side repeats the other side's code), ``spurious`` (the annotator names none),
    ``partial``/``extra``, else a third party by where its mention stands: ``speaker`` (the subject of a reporting
    verb above the trigger), ``place "in X"`` (a locative phrase), ``inferred`` (a party from outside the sentence),
    ``third party: <relation>`` (its dependency relation)."""
    from detente.events.predict import EVENT_FORMAT_CODES as FMT

    s = SIDES[k]
    mine, other = sides[k], sides[1 - k]
    codes, ocodes = codeset(mine), codeset(other)
    gold_mine, gold_other = gold[s], gold[SIDES[1 - k]]
    if how == "missing":
        w = _where(view, tok, gold_mine)
        return "empty: not in sentence" if w == "unfound" else "empty: sentence names it"
    if how == "spurious":
        return "spurious: " + _party_kind(view, tok, mine)
    if codes & ocodes:
        return "same country as other side"
    if codes <= gold_other and not codes & gold_mine:
        return "swapped"
    if how in ("partial", "extra"):
        return how
    wrong = [a for a in mine if FMT.get(a.code, a.code) not in gold_mine]
    return "third party: " + _party_kind(view, tok, wrong)


def _party_kind(view, tok, actors) -> str:
    from detente.nlp import mention_head
    a = actors[0] if actors else None
    if a is None or a.span is None:
        return "inferred (outside the sentence)"
    toks = [t for t in view.sent if t.idx < a.span.end and t.idx + len(t.text) > a.span.start]
    if not toks:
        return "inferred (outside the sentence)"
    h = mention_head(toks)
    v = tok
    for _ in range(6):
        if v.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "conj") and v.head.i != v.i:
            if v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in REPORTING:
                sub = {t.i for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
                if h.i in sub:
                    return "speaker of reported act"
            v = v.head
            continue
        break
    t = h
    while t.dep_ in ("compound", "amod", "poss", "appos", "conj", "det") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE:
        return "place (in/at X)"
    if t.dep_ == "pobj":
        return f"prep {t.head.lower_ if t.head.lower_ in ('of', 'by', 'with', 'against', 'to', 'on', 'for', 'over', 'between') else 'other'}"
    if t.i == tok.i or h.i == tok.i:
        return "inside trigger phrase"
    return t.dep_ if t.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "ROOT") else "other relation"


def codeset_codes(codes):
    from coder_eval import codeset as cs
    return cs(codes)


def _where(view, tok, gold) -> str:
    """Where the annotator's party stands, for a side left empty: unfound, or its relation to the trigger."""
    from detente.events.learned import _mentions
    from detente.events.predict import EVENT_FORMAT_CODES

    actor_tokens = {i: a for i in range(view.sent.start, view.sent.end) if (a := view.actors.by_token.get(i))}
    heads = [h for h, a in _mentions(view.sent, actor_tokens) if EVENT_FORMAT_CODES.get(a.code, a.code) in gold]
    if not heads:
        return "unfound"
    return relation(tok, min(heads, key=lambda h: abs(h.i - tok.i)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judgements", type=Path, nargs="+")
    ap.add_argument("--parse-cache", type=Path, help="a pickle of the parsed articles (outside the repository)")
    ap.add_argument("--misses", type=Path, help="write the wrong sides with their sentences here (outside the repository)")
    ap.add_argument("--rules-only", action="store_true", help="only the rule coder's reading (no trained model)")
    args = ap.parse_args(argv)
    from judge_sample import refuse_inside, write_jsonl

    refuse_inside(ap, args.misses, "--misses")
    refuse_inside(ap, args.parse_cache, "--parse-cache")
    from score import part_of
    from coder_eval import tune_articles
    from detente.events import learned

    rows = read_rows(args.judgements)
    arts = tune_articles({r["record"] for r in rows}, DEV, part_of)
    analyses = analyse(arts, args.parse_cache)
    model = None if args.rules_only else learned.model()
    misses = [] if args.misses else None
    print(json.dumps(measure(rows, analyses, model, misses), indent=1))
    if args.misses:
        write_jsonl(args.misses, misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
