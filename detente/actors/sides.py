"""Cross-sentence parties: an event whose target (or source) the sentence does not name takes it from the article.

"The ministry said it would respond", "He condemned the strikes", "the talks resumed": the other party is given
by earlier sentences, the opening sentence or the article's main pair. For an event left with one side empty
after the sentence's own reading, :class:`ArticleSides` gathers candidate codes (the sentence's own unused
mentions, the codes named in the previous :data:`BACK` sentences, in the opening sentences and the article's
most frequent codes), describes each by features that carry over between articles (distance in sentences, mention
count and rank, grammatical role of the nearest mention, kind of actor, the article's earlier events, the
trigger's missing object or pronoun object...), and a small logistic model (``data/side_filler.json``, numbers
and feature names only, rebuilt by ``tools/train_sides.py`` from the tune parts of the dev sets) scores them. The
best candidate fills the side when its probability reaches the side's threshold, chosen by article-grouped
cross-validation where filling measured a gain; otherwise the side stays empty (the default).
"""
from __future__ import annotations

import bisect
import dataclasses
import json
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from detente.actors.codes import code_kind as kind
from detente.actors.context import HOME_SECTORS, PEOPLE_SECTORS

MODEL = Path(__file__).parent / "data" / "side_filler.json"
BACK = 5  # previous sentences searched for candidates
OPENING = 2  # sentences that open the article (the headline or lead)
TOP = 3  # the article's most frequent codes are candidates wherever they stand
DOMESTIC = True  # the other side's country is a candidate in a mention of the event's own sentence that names it
SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
OBJ = frozenset({"dobj", "dative", "attr", "oprd"})
OBJ_PRONOUNS = frozenset({"it", "them", "him", "her", "its", "their", "they", "itself", "themselves"})
SUBJ_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
PREPOSITIONS = frozenset({"with", "to", "against", "on", "from", "by", "in", "of", "for", "at", "over", "into"})  # named in features
DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})


def _domestic(m, si, sectors) -> bool:
    """May mention ``m`` face a party of its own country held with ``sectors`` (a domestic event: the state and its
    people, or they on it)? Only a mention of the event's own sentence whose own words name the country (an
    identity, ``id``: "Peruvian exiles", not "the opposition" given the article's country by context.py), of a
    home sector differing from each of the other side's, all known, and one of the two a people sector
    (context.PEOPLE_SECTORS) and the other not."""
    a = m.actor
    if m.sent != si or a.id is None or a.sector not in HOME_SECTORS or not sectors or None in sectors:
        return False
    if a.sector in sectors:
        return False
    people = a.sector in PEOPLE_SECTORS
    return all((s in PEOPLE_SECTORS) != people for s in sectors)


def _bucket(n: int, edges: tuple) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _role(head) -> str:
    dep = head.dep_
    if dep in SUBJ:
        return "subj"
    if dep in OBJ:
        return "obj"
    if dep == "pobj":
        return f"pobj:{head.head.lower_}" if head.head.lower_ in PREPOSITIONS else "pobj"
    if dep == "poss":
        return "poss"
    if dep == "compound" or dep == "amod":
        return "mod"
    return "other"


@dataclasses.dataclass
class Mention:
    actor: object
    sent: int
    role: str
    head: int  # token index of the mention's head
    label: str = "-"  # the head's entity label


class ArticleSides:
    """One article's mentions and earlier events, and the filling of an event's empty side."""

    def __init__(self, model: "Filler", doc, index):
        self.model = model
        self.starts = [s.start for s in doc.sents]
        from spacy.attrs import IDX, LENGTH

        self.offsets, self.lengths = doc.to_array([IDX, LENGTH]).T.tolist()  # each token's first character and length
        groups = {}
        for i, a in index.by_token.items():
            if a.code:
                groups.setdefault(id(a), (a, []))[1].append(i)
        self.mentions: list[Mention] = []
        for a, toks in groups.values():
            inside = set(toks)
            head = next((doc[i] for i in sorted(toks) if doc[i].head.i not in inside or doc[i].head.i == i), doc[min(toks)])
            self.mentions.append(Mention(a, bisect.bisect_right(self.starts, min(toks)) - 1, _role(head), head.i,
                                         head.ent_type_ or "-"))
        self.mentions.sort(key=lambda m: (m.sent, m.actor.span.start if m.actor.span else 0))
        self.counts = Counter(m.actor.code for m in self.mentions)
        self.rank = {c: k for k, (c, _) in enumerate(sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])))}
        self.total = sum(self.counts.values())
        self.history: list[tuple] = []  # (sentence, source codes, target codes) of earlier events

    # ------------------------------------------------------------------ candidates
    def candidates(self, view, ev, side: str) -> list[tuple]:
        """(actor, features) of each candidate code for ``side`` of ``ev`` (an event of ``view``'s sentence)."""
        si = view.index
        other = ev.target if side == "source" else ev.source
        used = {a.code for a in (*ev.source, *ev.target) if a.code}
        other_codes = {a.code for a in other if a.code}
        before: dict[str, Mention] = {}
        after: dict[str, Mention] = {}
        own_sectors = {}  # code -> sectors the other side holds it with
        for a in other:
            if a.code:
                own_sectors.setdefault(a.code, set()).add(a.sector)
        for m in self.mentions:  # in text order: the last one before wins (the nearest)
            c = m.actor.code
            if c in used and not (DOMESTIC and _domestic(m, si, own_sectors.get(c))):
                continue  # the event's own codes only as a domestic party: a filled side makes no same-party pair
            if m.sent <= si:
                if m.sent >= si - BACK or m.sent < OPENING or self.rank[c] < TOP:
                    before[c] = m
            elif self.rank[c] < TOP and c not in after:
                after[c] = m
        best = {**after, **before}
        if not best:
            return []
        tok = self._trigger(view, ev)
        sent_feats = self._sentence_features(tok, side)
        out = []
        for c, m in best.items():
            out.append((m.actor, self._features(c, m, si, ev, side, other_codes, sent_feats, len(best), tok)))
        return out

    def _trigger(self, view, ev):
        """The token of the sentence where the event's trigger starts, else the sentence's root."""
        at, sent = ev.evidence.trigger.start, view.sent
        i = bisect.bisect_right(self.offsets, at) - 1
        if sent.start <= i < sent.end and at < self.offsets[i] + self.lengths[i]:
            return sent.doc[i]
        return sent.root

    def _sentence_features(self, tok, side) -> list:
        f = [f"pos={tok.pos_}", f"dep={tok.dep_ if tok.dep_ in ('ROOT', 'ccomp', 'xcomp', 'conj', 'advcl', 'relcl', 'pobj', 'dobj', 'nsubj') else 'other'}"]
        kids = list(tok.children)
        deps = {c.dep_ for c in kids}
        if tok.pos_ == "VERB":
            if not deps & {"dobj", "dative", "ccomp", "xcomp", "prep"}:
                f.append("verb_no_object")
            if deps & {"nsubjpass", "auxpass"}:
                f.append("passive")
                if "agent" not in deps:
                    f.append("passive_no_agent")
        objs = [c for c in kids if c.dep_ in ("dobj", "dative")] + [g for c in kids if c.dep_ == "prep"
                                                                    for g in c.children if g.dep_ == "pobj"]
        subjs = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
        if any(o.lower_ in OBJ_PRONOUNS for o in objs):
            f.append("obj_pronoun")
        if any(o.pos_ == "NOUN" and any(d.dep_ in ("det", "poss") and d.lower_ in DEFINITE for d in o.children)
               for o in objs):
            f.append("obj_definite")
        if any(s.lower_ in SUBJ_PRONOUNS for s in subjs):
            f.append("subj_pronoun")
        if any(s.pos_ == "NOUN" and any(d.dep_ == "det" and d.lower_ in DEFINITE for d in s.children) for s in subjs):
            f.append("subj_definite")
        if tok.pos_ == "NOUN" and any(d.dep_ in ("det", "poss") and d.lower_ in DEFINITE for d in kids):
            f.append("trigger_definite")
        return [f"{side}:{x}" for x in f]

    def _features(self, c, m, si, ev, side, other_codes, sent_feats, n, tok) -> dict:
        d = si - m.sent
        dist = "after" if d < 0 else _bucket(d, (0, 1, 2, 4, 8, 16))
        k = kind(c)
        okind = "|".join(sorted({kind(x) for x in other_codes})) or "none"
        pair = sum(1 for s, src, tgt in self.history if (c in src and other_codes & tgt) or (c in tgt and other_codes & src))
        same_side = sum(1 for s, src, tgt in self.history if c in (src if side == "source" else tgt))
        any_ev = sum(1 for s, src, tgt in self.history if c in src or c in tgt)
        recent = any(si - s <= 2 and (c in src or c in tgt) for s, src, tgt in self.history)
        cooc = len({mm.sent for mm in self.mentions if mm.actor.code in other_codes}
                   & {mm.sent for mm in self.mentions if mm.actor.code == c})
        feats = {
            "bias": 1.0, f"side={side}": 1.0, f"{side}:dist={dist}": 1.0, f"dist={dist}": 1.0,
            f"{side}:role={m.role}": 1.0, f"role={m.role}|dist={dist if d <= 1 else 'far'}": 1.0,
            f"{side}:kind={k}": 1.0, f"{side}:kinds={k}|{okind}": 1.0,
            f"{side}:ev={ev.event}": 1.0,
            f"{side}:rank={min(self.rank[c], 4)}": 1.0, f"count={_bucket(self.counts[c], (1, 2, 4, 9))}": 1.0,
            "share": self.counts[c] / max(1, self.total), "log_count": math.log1p(self.counts[c]),
            f"{side}:pair={min(pair, 2)}": 1.0, f"{side}:same_side={min(same_side, 2)}": 1.0,
            f"events={min(any_ev, 2)}": 1.0, f"recent_event={recent}": 1.0,
            f"cooc={_bucket(cooc, (0, 1, 3))}": 1.0, f"n={_bucket(n, (1, 2, 3, 5))}": 1.0,
            f"opening={m.sent < OPENING or any(mm.actor.code == c and mm.sent < OPENING for mm in self.mentions)}": 1.0,
            f"own_empty_other={bool(other_codes)}": 1.0,
        }
        feats.update(self._candidate_features(c, m, side, ev, other_codes, d, okind))
        if c in other_codes:  # a domestic party: the other side's country, named in this sentence, another sector
            feats[f"{side}:domestic={m.actor.sector}"] = 1.0
            feats["domestic"] = 1.0
        if d == 0:
            for x in self._here(tok, m):
                feats[f"{side}:here={x}"] = 1.0
        for s in sent_feats:
            feats[s] = 1.0
        return feats

    def _candidate_features(self, c, m, side, ev, other_codes, d, okind) -> dict:
        """What the candidate is (its sector, entity label, a person or not; its sector and its kind against the
        other side's for the event type) and whether earlier events of the article had it on this side facing the
        other side's codes, or on the other side facing them."""
        a = m.actor
        this = 1 if side == "source" else 2
        same_dir = sum(1 for h in self.history if c in h[this] and other_codes & h[3 - this])
        reverse = sum(1 for h in self.history if c in h[3 - this] and other_codes & h[this])
        near = "0" if d == 0 else "1" if d == 1 else "after" if d < 0 else "far"
        return {f"{side}:sector={a.sector or '-'}": 1.0, f"{side}:label={m.label}": 1.0,
                f"{side}:ev_sector={ev.event}|{a.sector or '-'}": 1.0,
                f"{side}:ev_kinds={ev.event}|{kind(c)}|{okind}": 1.0,
                f"{side}:person={a.id is not None and a.sector not in (None, 'GOV')}": 1.0,
                f"{side}:same_dir={min(same_dir, 2)}": 1.0, f"{side}:reverse={min(reverse, 2)}": 1.0,
                f"{side}:ev_near={ev.event}|{near}": 1.0}

    @staticmethod
    def _here(tok, m) -> list:
        """Where a mention of the event's own sentence stands towards the trigger."""
        h = tok.doc[m.head]
        out = ["before" if h.i < tok.i else "after"]
        anc = [a.i for a in h.ancestors]
        if tok.i in anc:
            steps = anc.index(tok.i) + 1
            out.append(f"under={min(steps, 4)}")
            via = tok.doc[anc[anc.index(tok.i) - 1]] if steps > 1 else h
            out.append(f"via={via.dep_}" + (f":{via.lower_}" if via.dep_ == "prep" and via.lower_ in PREPOSITIONS else ""))
        elif h.i in [a.i for a in tok.ancestors]:
            out.append("above")
        else:
            out.append("apart")
        return out

    # ------------------------------------------------------------------ filling
    def fill(self, view, events) -> list:
        out = []
        for ev in events:
            for side in ("target", "source"):
                if getattr(ev, side) or not (ev.source or ev.target):
                    continue
                th = self.model.threshold.get(side)
                if th is None:
                    continue
                cands = self.candidates(view, ev, side)
                if not cands:
                    continue
                p, actor = max(((self.model.probability(f), a) for a, f in cands), key=lambda x: x[0])
                if p >= th:
                    ev = dataclasses.replace(ev, **{side: (actor,)})
            out.append(ev)
        self.remember(view, events)
        return out

    def remember(self, view, events) -> None:
        """The events of a sentence as the sentence states them (before filling: a filled party does not spread)."""
        for ev in events:
            self.history.append((view.index, {a.code for a in ev.source if a.code}, {a.code for a in ev.target if a.code}))


class Filler:
    def __init__(self, weights: dict, threshold: dict):
        self.weights = weights  # the "bias" feature is every candidate's, like any other key
        self.threshold = {k: v for k, v in threshold.items() if v is not None}

    def probability(self, feats: dict) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def article(self, doc, index) -> ArticleSides:
        return ArticleSides(self, doc, index)


@lru_cache(maxsize=1)
def filler(path: str = str(MODEL)) -> Filler | None:
    """The trained filler, or None when no model file is installed or no side has a threshold (nothing filled)."""
    p = Path(path)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    f = Filler(data["weights"], data.get("threshold", {}))
    return f if f.threshold else None


def for_article():
    """A function (view, events) -> events with their parties checked (party_check.py) and empty sides filled
    across one article's sentences, or None when neither model is installed."""
    from detente.actors import party_check

    f, check = filler(), party_check.check()
    if f is None and check is None:
        return None
    state = {}

    def run(view, events):
        if check is not None:
            events = party_check.apply(view, events)
        if f is None:
            return events
        a = state.get("a")
        if a is None:
            a = state["a"] = f.article(view.sent.doc, view.actors)
        return a.fill(view, events)
    return run
