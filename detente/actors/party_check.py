"""A second look at each party the coder gives an event: keep it, drop it, or move it to the other side.

The trained coder's role model learns mostly from the written corpus; on real news its commonest side faults are
a venue or a topic taken as the target ("met in Geneva", "a call about Syria", "at the IMF's offices"), a
bystander added to a side, and sides swapped. For every party of an event, :func:`features` describes where its
mention stands towards the trigger in terms that carry over between articles (the relation of its noun phrase
to the trigger, the preposition and head noun of that phrase, the entity label, the kind of actor, the event
type, the side, how many parties share the side, passive voice, the reporting speaker). A small logistic model
(``data/party_check.json``: numbers only: feature names hashed, rebuilt by ``tools/train_party_check.py`` from the
hand-judged tune events, thresholds chosen by article-grouped cross-validation) gives the probability that the
party belongs on its side (``keep``), on the other side (``other``) or on neither (``none``). A party is dropped
when ``none`` reaches the drop threshold, moved when ``other`` reaches the move threshold; an event never loses
its last party (the coder's decision that there is an event stands). An uncoded party counts as on neither side
(it names no code of the dyad): dropping it leaves the side empty for the filler (``sides.py``), which may then
name a coded party; that, not the drops of coded parties, is what the check gains (detente/actors/README.md), so
a coded party has a drop threshold of its own (``drop_coded``; none in the shipped file: never dropped, since the
filler then names a mention of the sentence that the coder passed over). Two narrower drops of coded parties are
shipped: an extra code beside another on its side (:func:`extra_drops`, ``drop_extra``), and a mention of another
sentence that the rule coder took (an antecedent, the article's memory; ``drop_inferred``: its side, if emptied, is
the filler's to decide again with the article's candidates). A party of a convention, with no mention ("an
unidentified armed actor in X", "X authorities"), is not one of them.
"""
from __future__ import annotations

import bisect
import dataclasses
import json
import math
import zlib
from functools import lru_cache
from pathlib import Path

from detente.actors.codes import code_kind as _kind
from detente.memory import Memo
from detente.nlp import mention_head, token_offsets, tokens_between

MODEL = Path(__file__).parent / "data" / "party_check.json"
CLASSES = ("keep", "other", "none")
SIDES = ("source", "target")
NP_DEPS = frozenset({"amod", "compound", "poss", "nmod", "appos", "nummod", "case", "det"})
PREPS = frozenset({"with", "to", "against", "on", "from", "by", "in", "of", "for", "at", "over", "into", "about",
                   "between", "near", "among", "across", "inside", "outside", "during", "after", "before",
                   "including", "as", "under", "toward", "towards", "regarding", "concerning", "through"})
REPORTING = frozenset({"say", "tell", "report", "announce", "state", "add", "claim", "confirm", "quote", "write"})


def _tokens(actor, sent) -> list:
    """The tokens of the sentence inside the actor's span (none: a party from elsewhere)."""
    sp = actor.span
    if sp is None:
        return []
    doc = sent.doc
    return [doc[i] for i in tokens_between(sent, sp.start, sp.end)]


def _np_head(tok):
    """The head of the noun phrase a mention sits in, and the "of" steps climbed ("the offices of the IMF")."""
    t, of = tok, 0
    for _ in range(5):
        if t.dep_ in NP_DEPS or (t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN")):
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "PROPN"):
            t, of = t.head.head, of + 1
        else:
            break
    return t, of


def _attachment(np, trig) -> str:
    """Where the phrase hangs: on the trigger itself, on the trigger's object, above the trigger, elsewhere."""
    gov = np.head.head if np.dep_ == "pobj" else np.head
    if gov.i == trig.i:
        return "trigger"
    if gov.head.i == trig.i and gov.dep_ in ("dobj", "nsubjpass", "pobj", "xcomp", "prep"):
        return "trigger_arg"
    if trig.i in {a.i for a in np.ancestors}:
        return "under"
    if np.i in {a.i for a in trig.ancestors}:
        return "above"
    return "apart"


def _conj_root(t):
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.i


def _mates(trig, sent, actor, head, mates, side) -> dict:
    """How a party stands among the other coded parties of its side (``mates``): coordinated with one of them (one
    span, or one conjunction: "Britain and France"), and whether a party of another code stands nearer the trigger."""
    f = {}
    others = [b for b in mates if b is not actor and b.code and b.code != actor.code]
    if not others:
        return f
    mine = _conj_root(_np_head(head)[0])
    coord, nearer = False, False
    for b in others:
        bt = _tokens(b, sent)
        if not bt:
            continue
        bh = mention_head(bt)
        coord |= b.span == actor.span or _conj_root(_np_head(bh)[0]) == mine
        nearer |= abs(bh.i - trig.i) < abs(head.i - trig.i)
    f[f"mate_coord={coord}|{side}"] = 1.0
    f[f"mate_nearer={nearer}|{side}"] = 1.0
    f[f"mate_coord={coord}|nearer={nearer}|{side}"] = 1.0
    return f


def features(trig, sent, event: str, side: str, actor, n_side: int, other_codes: set, mates=()) -> dict:
    toks = _tokens(actor, sent)
    f = {"bias": 1.0, f"side={side}": 1.0, f"ev={event}|{side}": 1.0, f"n={min(n_side, 3)}|{side}": 1.0,
         f"kind={_kind(actor.code)}|{side}": 1.0, f"sector={actor.sector or '-'}|{side}": 1.0,
         f"other_empty={not other_codes}|{side}": 1.0}
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trig.children)
    f[f"passive={passive}|{side}"] = 1.0
    if not toks:
        f[f"inferred|{side}"] = 1.0
        f[f"inferred|{event}|{side}"] = 1.0
        if actor.span is not None:  # a mention of another sentence (an antecedent, the memory), not a convention's
            f[f"elsewhere|{side}"] = 1.0
        return f
    head = mention_head(toks)
    np, of = _np_head(head)
    if np.i == trig.i or head.i == trig.i:
        rel = "inside"
    elif np.dep_ == "pobj":
        p = np.head.lower_
        rel = f"pobj:{p if p in PREPS else 'other'}"
    else:
        rel = np.dep_ if np.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "appos", "conj", "poss",
                                     "npadvmod", "ROOT", "ccomp", "compound") else "other"
    att = _attachment(np, trig) if rel != "inside" else "inside"
    ent = head.ent_type_ or "-"
    f.update({f"rel={rel}|{side}": 1.0, f"rel={rel}|{att}|{side}": 1.0, f"rel={rel}|{event}|{side}": 1.0,
              f"ent={ent}|{side}": 1.0, f"rel={rel}|ent={ent}|{side}": 1.0, f"of={min(of, 2)}|{side}": 1.0,
              f"own_head={np.i == head.i}|{side}": 1.0, f"att={att}|{side}": 1.0,
              f"dir={'L' if head.i < trig.i else 'R'}|{side}": 1.0,
              f"rel={rel}|passive={passive}|{side}": 1.0})
    if np.i != head.i and np.pos_ in ("NOUN", "PROPN"):
        f[f"np={np.lemma_.lower()}|{side}"] = 1.0  # "offices", "capital", "minister": what the phrase names
    if np.dep_ == "pobj":
        f[f"prep={np.head.lower_}|{event}|{side}"] = 1.0
    spk = _speaker(trig)
    if spk and head.i in spk:
        f[f"speaker|{side}"] = 1.0
    f.update(_mates(trig, sent, actor, head, mates, side))
    return f


def _speaker(trig) -> set:
    """Tokens of the subject of the reporting verb above the trigger ("X said Y attacked Z": X)."""
    v = trig
    for _ in range(6):
        if v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in REPORTING:
            return {t.i for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        if v.head.i == v.i:
            return set()
        v = v.head
    return set()


def feature_key(name: str) -> str:
    """How the shipped file names a feature: its CRC-32 in hex, so that the file holds no words (head nouns of the
    training articles' phrases are features). Remembered (most names recur in every article)."""
    key = _KEYS.get(name)
    if key is None:
        key = _KEYS.put(name, format(zlib.crc32(name.encode("utf-8")), "08x"))
    return key


KEY_MEMORY = 1 << 14  # feature names whose keys are remembered (a bound over long runs)
_KEYS = Memo(KEY_MEMORY)


def extra_drops(items, threshold) -> set:
    """Which coded parties of one side to drop as extras: ``items`` (code, probabilities, coordinated) of the side's
    parties. A side naming two or more codes keeps its likeliest coded party and those coordinated with another
    code of the side ("Britain and France", one span: the annotators list them all); another coded party goes when
    the model says it belongs on this side with probability at most ``1 - threshold`` (on the other side or on
    neither: a bystander, or the other party added to this side). Indices into ``items``; none when ``threshold``
    is None."""
    coded = [k for k, (code, _, _) in enumerate(items) if code]
    if threshold is None or len({items[k][0] for k in coded}) < 2:
        return set()
    best = max(coded, key=lambda k: (items[k][1]["keep"], -k))
    return {k for k in coded if k != best and items[k][0] != items[best][0] and not items[k][2]
            and 1.0 - items[k][1]["keep"] >= threshold}


def coordinated(feats: dict, side: str) -> bool:
    """Is the party whose :func:`features` are ``feats`` coordinated with another code of its side?"""
    return f"mate_coord=True|{side}" in feats


class Check:
    def __init__(self, weights: dict, drop: float | None, move: float | None, hashed: bool = False,
                 drop_coded: float | None = None, drop_extra: float | None = None,
                 drop_inferred: float | None = None):
        self.weights = weights  # class -> feature (or its feature_key, when hashed) -> weight
        self.drop, self.move, self.hashed = drop, move, hashed
        self.drop_coded = drop_coded  # the drop threshold of a party with a code (None: never dropped)
        self.drop_extra = drop_extra  # the drop threshold of a coded party beside another code (extra_drops)
        self.drop_inferred = drop_inferred  # of a coded party from outside the sentence (the filler decides again)

    def probabilities(self, feats: dict) -> dict:
        if self.hashed:
            feats = {feature_key(k): v for k, v in feats.items()}
        z = {c: sum(w.get(k, 0.0) * v for k, v in feats.items()) for c, w in self.weights.items()}
        top = max(z.values())
        e = {c: math.exp(v - top) for c, v in z.items()}
        s = sum(e.values())
        return {c: v / s for c, v in e.items()}

    def decisions(self, trig, sent, ev) -> list:
        """(side, actor, probabilities, coordinated with another code of the side) of each party of ``ev``."""
        out = []
        for side in SIDES:
            mine, other = getattr(ev, side), ev.target if side == "source" else ev.source
            oc = {a.code for a in other if a.code}
            for a in mine:
                f = features(trig, sent, ev.event, side, a, len(mine), oc, mine)
                out.append((side, a, self.probabilities(f), coordinated(f, side)))
        return out

    def apply(self, trig, sent, ev):
        """``ev`` with its parties checked (the same object when nothing changes)."""
        if self.drop is None and self.move is None and self.drop_coded is None and self.drop_extra is None and (
                self.drop_inferred is None):
            return ev
        sides = {"source": list(ev.source), "target": list(ev.target)}
        changed = False
        decided = self.decisions(trig, sent, ev)
        for side in SIDES:
            mine = [(a, p, co) for s, a, p, co in decided if s == side]
            gone = extra_drops([(a.code, p, co) for a, p, co in mine], self.drop_extra)
            if gone:
                sides[side] = [a for k, (a, _, _) in enumerate(mine) if k not in gone]
                changed = True
        kept = {id(a) for side in SIDES for a in sides[side]}
        for side, a, p, _ in decided:
            if id(a) not in kept:
                continue
            other = "target" if side == "source" else "source"
            act = verdict(p, bool(a.code), len(sides["source"]) + len(sides["target"]),
                          any(b.code == a.code for b in sides[other]),
                          lambda: a.span is not None and not _tokens(a, sent),
                          self.move, self.drop, self.drop_coded, self.drop_inferred)
            if act is not None:
                sides[side] = [b for b in sides[side] if b is not a]
                if act == "move":
                    sides[other].append(a)
                changed = True
        if not changed:
            return ev
        src, tgt = tuple(sides["source"]), tuple(sides["target"])
        evidence = dataclasses.replace(ev.evidence, source=tuple(a.span for a in src if a.span is not None),
                                       target=tuple(a.span for a in tgt if a.span is not None))
        return dataclasses.replace(ev, source=src, target=tgt, evidence=evidence)


def verdict(p, coded, n_parties, other_has, inferred, move, drop, drop_coded, drop_inferred) -> str | None:
    """What the check does to one party of an event: "move" it to the other side (the model's "other" at least
    ``move`` and over "none", its code not there already), "drop" it (its "none" at least ``drop``, or
    ``drop_coded`` for a coded party; or a coded party inferred from elsewhere, ``inferred()`` true, whose "keep" is
    under 1 - ``drop_inferred``), never the event's last party; else None. ``Check.apply`` and
    tools/train_party_check.settle (the thresholds chosen over codes) both read it."""
    if move is not None and p["other"] >= move and p["other"] >= p["none"] and not other_has:
        return "move"
    if (d := drop_coded if coded else drop) is not None and p["none"] >= d and n_parties > 1:
        return "drop"
    if coded and drop_inferred is not None and 1.0 - p["keep"] >= drop_inferred and n_parties > 1 and inferred():
        return "drop"
    return None


def trigger_of(sent, ev):
    """The token of the sentence holding the trigger's first character (else the sentence's root)."""
    at = ev.evidence.trigger.start
    offsets, lengths, _ = token_offsets(sent.doc)
    i = bisect.bisect_right(offsets, at, sent.start, sent.end) - 1  # the one token that can hold it
    if i >= sent.start and at < offsets[i] + lengths[i]:
        return sent.doc[i]
    return sent.root


@lru_cache(maxsize=1)
def check(path: str = str(MODEL)) -> Check | None:
    """The trained check, or None when no model file is installed."""
    p = Path(path)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return Check(data["weights"], data.get("drop"), data.get("move"), hashed=data.get("hashed", False),
                 drop_coded=data.get("drop_coded", data.get("drop")), drop_extra=data.get("drop_extra"),
                 drop_inferred=data.get("drop_inferred"))  # a file without it: one threshold for all


def apply(view, events) -> list:
    """The events of one sentence view with their parties checked (unchanged when no model is installed)."""
    c = check()
    if c is None:
        return events
    return [c.apply(trigger_of(view.sent, e), view.sent, e) for e in events]
