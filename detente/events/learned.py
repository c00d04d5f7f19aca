"""The trained event coder: linear models over hashed parse features, applied with numpy dot products.

``data/coder_model.npz`` holds, for each of five decisions, the hashed feature buckets seen in training and one
weight row per bucket (no words); ``data/coder_model.json`` its classes, metrics, corpus hash and split
(``tools/train_coder.py`` writes both; ``make train`` rebuilds them). The decisions, per sentence:

1. *type*: every predicate candidate (verbs, nouns, the rule coder's triggers) gets a PLOVER type or NONE;
2. *mode*: the PLOVER mode of a coded type (or none);
3. *role*: every actor mention of the sentence (and a party the rule coder inferred for that trigger) is the
   event's source, target, or neither;
4. *modality*: asserted, negated, hypothetical, future, question, claimed, historical;
5. *trigger* (the trigger veto): is a trigger the rule coder reports an event at all (event or NONE)? Under
   ``trigger_min`` it is dropped before the type is read.

Then the analyst-facing guards: an event needs a party; no actor on both sides unless the sectors differ (a
domestic event); no code twice on one side; one event per trigger; a repeat of an event of the same type whose
parties it adds nothing to is dropped. What it reads of a sentence besides the scores (the rule coder's candidates,
the mentions, the reporter) and those guards live in ``reading.py``, shared with the trainers.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import os
import pathlib
from typing import Optional

import numpy as np

from ..model import Event, Evidence, Span
from ..nlp import span_text
from . import features as F
from .modality_features import modality_features
from .ontology import _mapping, coding, score
from .linear import Linear
from .modality_model import refine as refine_modality
from .no_act import no_act, no_act_as
from .reading import (  # noqa: F401 - _mentions: read by tools/judged_sides.py
    F_passive, _mentions, _rule_modality, background, clean_sentence, context_codes, dedupe, guard, passive_patients,
    reporter, role_pairs, rule_role, sentence_parts, speaker_is_source, speaker_tokens, veto_features)
from .select import rank
from .tokens import sentence_table

DATA = pathlib.Path(__file__).parent / "data"
MODEL = DATA / "coder_model"
NONE = "NONE"
ROLES = ("source", "target", "none")
VERSION = "1.12.0"  # 1.12.0: an event read at a word whose complements say it is no act of that type is dropped (no_act.no_act_as: a warning that forecasts, a should-clause obliging a thing or the speaker's own side, an operation pressed on with, a gift of nothing; decoding setting no_act_type), retrained with signing read as SUPPORT (CAMEO 057) and the 180 judged tune events of events@0.16.0; 1.11.0: no event at a word that names no act (no_act.py; decoding setting no_act, the same weights); 1.10.0: type features of who is obliged in a reported should/must clause and of a word's subject being a party (features.obligation_features, sja=), retrained on the rule coder with CAMEO 085/0813/0814 read as CONCEDE and decided acts (coder._decided_act); 1.9.0: retrained on the rule coder with loose uses and idioms of event verbs (data/verbs_detente.tsv, issue 13); 1.8.0: extras_margin 4 and nested_depth 2 (decoding only, the same weights); 1.7.0: the trigger veto asked of the type model's own events (model_trigger_min, chosen by train_coder's CV), CAMEO 163 read as SANCTION, the 457 judged events of 1.6.0; 1.6.0: the trigger veto (model "trigger", trigger_min), the 399 judged events of 1.5.0; 1.5.0: word-class features (words.yaml), the 400 judged events of 1.4.0; 1.4.0: rule_sides, veto/switch 10, the other judged files' type and modality, armed-party feature; 1.1.0: none_margin 1.0 (tools/train_coder.py DECODE); 1.2.0: judged tune events learnt, none_margin 2.0; 1.3.0: retrained on actors@4 mentions
SCORE_BATCH = 512  # candidates whose type scores are read in one numpy pass (Coder.prepare)


@functools.lru_cache(maxsize=1)
def default_cameo() -> dict:
    """(PLOVER event, mode) -> the most general CAMEO code filed under it (for events no dictionary verb named)."""
    out = {}
    for code, (event, mode, _) in sorted(_mapping().items(), key=lambda kv: (len(kv[0]), kv[0])):
        if event:
            out.setdefault((event, mode), code)
            out.setdefault((event, None), code)
    return out


class Coder:
    def __init__(self, models: dict, meta: dict):
        self.type, self.mode, self.role, self.modality = (models[k] for k in ("type", "mode", "role", "modality"))
        self.trigger = models.get("trigger")  # the trigger veto: is a reported rule trigger an event at all
        self.meta = meta
        self.trigger_min = float(meta.get("trigger_min", 0.0)) if self.trigger is not None else 0.0
        # the same veto on a word the type model itself reads as an event (not a rule trigger): None = not asked
        tm = meta.get("model_trigger_min")
        self.model_trigger_min = float(tm) if tm is not None and self.trigger is not None else None
        self.none_margin = float(meta.get("none_margin", 0.0))
        self.source_min = float(meta.get("source_min", 0.5))  # least role probability that makes a party
        self.target_min = float(meta.get("target_min", 0.5))
        self.rule_parties = bool(meta.get("rule_parties", True))  # an empty side takes the rule coder's parties
        self.select = bool(meta.get("select", False))  # drop background events (select.py's rank rule)
        self.hybrid = bool(meta.get("hybrid", False))  # the rule coder's reported triggers are checked, not re-read
        self.veto = float(meta.get("veto", 3.0))
        self.switch = float(meta.get("switch", 2.0))
        self.passive_guard = bool(meta.get("passive_guard", False))  # a passive's subject is never the source
        self.rule_sides = bool(meta.get("rule_sides", False))  # a checked rule trigger with both sides keeps them
        self.extras = meta.get("extras", "all")
        # neighbouring types a checked rule trigger changes to at a lower margin (words of support and material
        # backing: the rule lexicon names the verb, the object tells the act)
        self.near = {(a, b) for a, b in meta.get("near", ())}
        self.switch_near = float(meta.get("switch_near", self.switch))  # "empty": the model adds events only where the rules found none
        # the least margin over NONE of an event the model adds in a sentence where the rule coder reported one
        # (None: none_margin, as anywhere)
        em = meta.get("extras_margin")
        self.extras_margin = float(em) if em is not None else None
        # an event the model adds under a rule trigger it kept, at most this many heads below it, is that act's
        # content ("rejected a call for", "conceded to demands"), not an act of its own: dropped (0: kept)
        self.nested_depth = int(meta.get("nested_depth", 0))
        self._modes = {}  # (mode model, event type) -> its mode classes
        self.strict = bool(meta.get("background_strict", False))  # deeper events dropped even when fully stated
        # a word that names no act (no_act.py: a curated no-act row, a question put to the speaker, a name given, a
        # denied report, a threat as a danger) is not coded, whoever proposed it
        self.no_act = bool(meta.get("no_act", False))
        # a word read as an act of a type its complements say it is not (no_act.no_act_as: a warning that forecasts,
        # a view of what the speaker's own side or a thing should do, an operation pressed on with, a gift of nothing)
        self.no_act_type = bool(meta.get("no_act_type", False))

    # ------------------------------------------------------------------ one sentence
    def code(self, view, prepared=None) -> list:
        """The events of one sentence; ``prepared``: what :meth:`prepare` gave for it (else read here)."""
        return self.code_many([view], [prepared if prepared is not None else self.prepare([view])[0]])[0]

    def code_many(self, views, prepared) -> list:
        """The events of each sentence (``code``; ``prepared``: what :meth:`prepare` gave for the views), the
        role probabilities of the events of every sentence read in one numpy pass (``_role_probs``)."""
        reads = [self._read(view, ready) for view, ready in zip(views, prepared)]
        cands = []
        for view, (parts, _, todo, _, _), (read, _) in zip(views, prepared, reads):
            cands += [(view.sent, todo[n][0], event, todo[n][1], parts[3]) for n, event, _, _ in read]
        probs = self._role_probs(cands)
        out, k = [], 0
        for view, ready, (read, p_event) in zip(views, prepared, reads):
            out.append(self._coded(view, ready, read, p_event, probs[k:k + len(read)]))
            k += len(read)
        return out

    def _read(self, view, prepared) -> tuple:
        """(position, event, probability, checked) of each candidate of the sentence read as an event, and the
        trigger veto's probabilities (position -> p_event)."""
        parts, covered, todo, scores, p_event = prepared
        rule_by_tok, selected, actor_tokens, mentions = parts
        sentence_table(view.sent)  # the sentence's lists, the ones the readers below find (tokens.table_holding)
        p_event = dict(p_event)  # the trigger veto of the reported rule triggers (prepare), the model's own added
        best = self._best_other(scores) if todo else ()
        read = []  # (position, event, probability, checked) of each candidate read as an event
        margin = None
        if self.extras_margin is not None and self.hybrid and any(F.rule_type(c) for c in view.selected):
            margin = self.extras_margin  # the rule coder reported this sentence's act: an extra must be surer
        for n, ((tok, rc, feats), s) in enumerate(zip(todo, scores)):
            checked = self.hybrid and tok.i in selected and F.rule_type(rc) is not None
            if checked and p_event.get(n, 1.0) < self.trigger_min:
                continue  # the trigger veto: the reported word names no event
            if checked:
                event, p = self.checked(feats, rc, s)
            else:
                event, p = self.event_type(feats, s, margin, best[n])
            if event is not None:
                read.append((n, event, p, checked))
        if self.no_act and read:
            read = [x for x in read if not no_act(todo[x[0]][0], view.sent)]
        if self.no_act_type and read:
            read = [x for x in read if not no_act_as(todo[x[0]][0], x[1], actor_tokens)]
        if self.model_trigger_min is not None:  # the veto asked of the model's own events too
            p_event.update(self.p_event(todo, selected, actor_tokens, covered, [n for n, _, _, c in read if not c]))
            read = [x for x in read if x[3] or p_event[x[0]] >= self.model_trigger_min]
        if self.nested_depth:
            read = self.unnested(read, todo)
        return read, p_event

    def _coded(self, view, prepared, read, p_event, role_probs) -> list:
        """The sentence's events from what ``_read`` read (``role_probs``: each read candidate's)."""
        sent = view.sent
        parts, covered, todo, scores, _ = prepared
        rule_by_tok, selected, actor_tokens, mentions = parts
        sentence_table(sent)  # the sentence's lists, the ones the readers below find (tokens.table_holding)
        out = []
        for (n, event, p, checked), probs in zip(read, role_probs):
            tok, rc, feats = todo[n]
            s = scores[n]
            info = {"checked": checked, "selected": tok.i in selected, "mentions": len(mentions),
                    "p_event": p_event.get(n, 1.0)}
            ev = self.event(tok, view, rc, event, p, mentions, feats, info, s, probs)
            if ev is not None:
                out.append((ev, info))
        kept = {id(e) for e in dedupe([e for e, _ in out])}
        out = [(e, i) for e, i in out if id(e) in kept]
        if self.select:
            kept = {id(e) for e in background([e for e, _ in out], sent, self.strict)}
            out = [(e, i) for e, i in out if id(e) in kept]
        return [self.confident(e, i, len(out)) for e, i in out]

    def prepare(self, views) -> list:
        """(sentence parts, covered tokens, todo, type scores, p_event) of each view: ``todo`` holds (token, rule
        candidate, features) of each candidate worth a decision; the type scores of every candidate of the views
        and the trigger veto of every reported rule trigger are read at once (a Doc's sentences: one numpy pass
        instead of one per sentence, the same float32 sums)."""
        out = []
        for view in views:
            sent = view.sent
            parts = rule_by_tok, selected, actor_tokens, mentions = sentence_parts(view)
            covered = F.covering(sent.doc, actor_tokens)
            todo = []
            for tok in F.candidates(sent, rule_by_tok):
                rc = rule_by_tok.get(tok.i)
                if not mentions and (rc is None or not (rc.source or rc.target)):
                    continue  # no party to be found: no event (the same output, sooner)
                if self.hybrid and self.extras == "empty" and tok.i not in selected and any(
                        F.rule_type(c) for c in view.selected):
                    continue  # the rule coder reported this sentence's act: no further reading
                todo.append((tok, rc, F.type_features(tok, sent, rc, tok.i in selected, actor_tokens, covered)))
            out.append((parts, covered, todo))
        feats = [f for _, _, todo in out for _, _, f in todo]
        scores = np.zeros((len(feats), len(self.type.classes)), np.float32)
        for a in range(0, len(feats), SCORE_BATCH):  # a bound on the padded array of a long article
            scores[a:a + SCORE_BATCH] = self.type.scores_many(feats[a:a + SCORE_BATCH])
        bounds = np.cumsum([0] + [len(todo) for _, _, todo in out]).tolist()
        vetoed = self._vetoes(out)
        return [(*x, scores[a:b] if b > a else (), v) for x, a, b, v in zip(out, bounds, bounds[1:], vetoed)]

    def _vetoes(self, prepared) -> list:
        """``p_event`` of the reported rule triggers of each prepared sentence, read for all of them at once."""
        if self.trigger is None:
            return [{} for _ in prepared]
        at = [self._reported(todo, parts[1]) for parts, _, todo in prepared]
        feats = [veto_features(todo[n], parts[2], covered) for (parts, covered, todo), ns in zip(prepared, at)
                 for n in ns]
        p = []
        for a in range(0, len(feats), SCORE_BATCH):
            p += self._p_events(feats[a:a + SCORE_BATCH])
        out, k = [], 0
        for ns in at:
            out.append(dict(zip(ns, p[k:k + len(ns)])))
            k += len(ns)
        return out

    def unnested(self, read, todo) -> list:
        """``read`` without the model's events whose trigger lies at most ``nested_depth`` heads below a checked
        rule trigger read as an event."""
        kept = {todo[n][0].i for n, _, _, c in read if c}
        if not kept:
            return read
        out = []
        for x in read:
            if not x[3]:
                tok = todo[x[0]][0]
                if any(a.i in kept for _, a in zip(range(self.nested_depth), tok.ancestors)):
                    continue
            out.append(x)
        return out

    def p_event(self, todo, selected, actor_tokens, covered, at=None) -> dict:
        """Position in ``todo`` -> the trigger veto's probability that the rule coder's reported trigger there (or,
        given ``at``, the candidate at each of those positions) is an event at all (type features and
        ``features.trigger_features``); the coder drops it under ``trigger_min`` (``model_trigger_min``)."""
        if at is None:
            at = self._reported(todo, selected)
        if not at:
            return {}
        return dict(zip(at, self._p_events([veto_features(todo[n], actor_tokens, covered) for n in at])))

    def _reported(self, todo, selected) -> list:
        """Positions in ``todo`` of the triggers the rule coder reported (what the veto is asked about)."""
        return [n for n, (tok, rc, _) in enumerate(todo)
                if self.hybrid and tok.i in selected and F.rule_type(rc) is not None]

    def _p_events(self, feats_lists) -> list:
        """The trigger veto's probability of an event for each list of (type and trigger) features."""
        if not feats_lists:
            return []
        s = self.trigger.scores_many(feats_lists)
        ke, kn = self.trigger.classes.index("event"), self.trigger.classes.index(NONE)
        return (1.0 / (1.0 + np.exp(np.clip(s[:, kn] - s[:, ke], -50.0, 50.0)))).tolist()

    def confident(self, ev, info, n):
        """The event with the confidence model's probability that it is fully right (confidence.py)."""
        from . import confidence as C
        m = C.model()
        if m is None and C.TRACE is None:
            return ev
        info["events_here"] = n
        feats = C.features(info)
        if C.TRACE is not None:
            C.TRACE.append((ev, feats))
        if m is None:
            return ev
        return dataclasses.replace(ev, confidence=round(m.probability(feats), 3))

    def checked(self, feats, rc, s=None):
        """The rule coder's reported trigger, read by the model: kept with its type unless the model finds no
        event by more than ``veto`` or another type by more than ``switch``."""
        s = self.type.scores(feats) if s is None else s
        none, k = self.type.classes.index(NONE), self.type.classes.index(F.rule_type(rc))
        if s[none] - s[k] > self.veto:
            return None, 0.0
        other = s.copy()
        other[none] = -np.inf
        j = int(np.argmax(other))
        margin = self.switch_near if (self.type.classes[k], self.type.classes[j]) in self.near else self.switch
        if s[j] - s[k] > margin:
            k = j
        return self.type.classes[k], float(1.0 / (1.0 + np.exp(-max(s[k], 0.0))))

    def _best_other(self, scores) -> list:
        """Each row's best class other than NONE (``event_type``'s argmax), for every candidate at once."""
        other = np.array(scores, copy=True)
        other[:, self.type.classes.index(NONE)] = -np.inf
        return other.argmax(axis=1).tolist()

    def event_type(self, feats, s=None, margin=None, k=None):
        """The best PLOVER type of a candidate, if it beats NONE by ``none_margin`` (or ``margin``), and its
        probability. ``k``: the best class other than NONE, when the caller has it (``_best_other``)."""
        s = self.type.scores(feats) if s is None else s
        none = self.type.classes.index(NONE)
        if k is None:
            other = s.copy()
            other[none] = -np.inf
            k = int(np.argmax(other))
        if s[k] - s[none] < (self.none_margin if margin is None else margin):
            return None, 0.0
        return self.type.classes[k], float(1.0 / (1.0 + np.exp(-s[k])))

    def _role_feats(self, tok, event, rc, mentions) -> list:
        """The role features of each (head, actor) pair of ``role_pairs`` for the candidate."""
        passive, spk = F_passive(tok), speaker_tokens(tok)
        return [F.role_features(tok, head, actor, event, rule_role(rc, actor), passive,
                                head is not None and head.i in spk) for head, actor in role_pairs(mentions, rc)]

    def _role_probs(self, cands) -> list:
        """The role probabilities of every pair of each (sentence, token, event, rule candidate, mentions), read in one
        numpy pass (``roles``' own, row for row: the same float32 sums, linear.scores_many)."""
        feats = []
        for sent, tok, event, rc, mentions in cands:
            sentence_table(sent)  # the sentence's lists (the readers of reading.py find them: tokens.table_holding)
            feats.append(self._role_feats(tok, event, rc, mentions))
        flat = [f for fs in feats for f in fs]
        if not flat:
            return [() for _ in cands]
        probs = 1.0 / (1.0 + np.exp(-self.role.scores_many(flat)))
        bounds = np.cumsum([0] + [len(fs) for fs in feats]).tolist()
        return [probs[a:b] if b > a else () for a, b in zip(bounds, bounds[1:])]

    def roles(self, tok, event, rc, mentions, info=None, probs=None):
        """(sources, targets), each party the most probable role above its least probability; ``probs``: the
        pairs' role probabilities when the caller has them (``_role_probs``)."""
        passive = F_passive(tok)
        src, tgt = [], []
        ks, kt = self.role.classes.index("source"), self.role.classes.index("target")
        patients = passive_patients(tok) if self.passive_guard and passive else set()
        pairs = role_pairs(mentions, rc)
        if probs is None:
            feats = self._role_feats(tok, event, rc, mentions)
            probs = 1.0 / (1.0 + np.exp(-self.role.scores_many(feats))) if pairs else ()  # every pair's, at once
        for (head, actor), p in zip(pairs, probs):
            if head is not None and patients and (head.i in patients or F.phrase_head(head)[0].i in patients):
                if max(p[ks], p[kt]) >= self.target_min:  # the subject of a passive undergoes the act
                    tgt.append((float(max(p[ks], p[kt])), actor))
                continue
            if p[ks] >= self.source_min and p[ks] >= p[kt]:
                src.append((float(p[ks]), actor))
            elif p[kt] >= self.target_min:
                tgt.append((float(p[kt]), actor))
        if info is not None:
            info["p_src"] = max((x for x, _ in src), default=0.0)
            info["p_tgt"] = max((x for x, _ in tgt), default=0.0)
            info["passive"] = passive
        return guard(src, tgt)

    def event(self, tok, view, rc, event, p, mentions, feats, info=None, s=None, role_probs=None) -> Optional[Event]:
        sent = view.sent
        info = {} if info is None else info
        src, tgt = self.roles(tok, event, rc, mentions, info, role_probs)
        info["src_rule"] = info["tgt_rule"] = False
        if self.rule_sides and info.get("checked") and rc is not None and F.rule_type(rc) == event and (
                rc.source and rc.target):  # the rule coder's reported trigger with both sides: its parties
            src, tgt = guard([(1.0, a) for a in rc.source], [(1.0, a) for a in rc.target])
        if self.rule_parties and rc is not None and F.rule_type(rc) == event:
            if not src and rc.source:
                src, tgt = guard([(1.0, a) for a in rc.source], [(1.0, a) for a in tgt])
                info["src_rule"] = True
            if not tgt and rc.target:
                src, tgt = guard([(1.0, a) for a in src], [(1.0, a) for a in rc.target])
                info["tgt_rule"] = True
        src, tgt = context_codes(tok, view, event, src, tgt)
        if not src and not tgt:
            return None
        modes = self._modes.get((self.mode, event))
        if modes is None:  # the mode classes of an event type, found once per type (and mode model)
            modes = self._modes[(self.mode, event)] = frozenset(m for m in self.mode.classes if m.split("|")[0] == event)
        mode_label, _ = self.mode.best(feats, modes) if modes else (None, 0.0)
        mode = (mode_label.split("|")[1] or None) if mode_label else None
        rtype = F.rule_type(rc)
        if rtype == event and rc is not None:
            cameo = rc.cameo
            rmode = rc.plover[1] if rc.plover else coding(rc.cameo).mode
            mode = rmode or mode  # the dictionary's mode agrees with its CAMEO code
        else:
            cameo = default_cameo().get((event, mode)) or default_cameo().get((event, None)) or ""
        spk_src = speaker_is_source(tok, src, view.actors)
        rmod = rc.modality if rc is not None else _rule_modality(tok, sent, view.year)
        modality, p_mod = self.modality.best(modality_features(tok, sent, rmod, spk_src, view.year))
        modality, p_mod = refine_modality(modality, p_mod, tok, sent, rmod, view.year, view.date, event)  # the gate
        s = self.type.scores(feats) if s is None else s  # the scores are never changed in place
        k, none = self.type.classes.index(event), self.type.classes.index(NONE)
        others = [x for j, x in enumerate(s) if j not in (k, none)]
        table = sentence_table(sent)
        if table.closed:  # rank and reporting verb read from the sentence's lists (the same as from the Tokens)
            rk, reported = table.rank(tok.i - table.start), table.reporting_head(tok.i - table.start) is not None
        else:
            rk, reported = rank(tok), F._reporting_head(tok) is not None
        info.update(tok=tok, sent=sent, event=event, source=src, target=tgt, p_type=p, rule_type=rtype,
                    margin_none=float(s[k] - s[none]), margin_second=float(s[k] - max(others, default=s[k])),
                    rank=rk, sent_index=view.index, p_modality=p_mod, rule_modality=rmod,
                    reported=reported, speaker_src=spk_src)
        trig = Span(tok.idx, tok.idx + len(tok.text), tok.text)
        evidence = Evidence(sentence=clean_sentence(span_text(sent)), sentence_index=view.index,
                            sentence_start=sent.start_char, trigger=trig,
                            source=tuple(a.span for a in src if a.span is not None),
                            target=tuple(a.span for a in tgt if a.span is not None))
        conf = p * (0.6 + 0.25 * bool(src) + 0.15 * bool(tgt))
        return Event(event=event, mode=mode, cameo=cameo, score=score(event, mode), source=tuple(src),
                     target=tuple(tgt), modality=modality, evidence=evidence, coder=f"detente.events.learned@{VERSION}",
                     confidence=round(max(0.05, min(1.0, conf)), 3),
                     reporter=reporter(tok, view.actors), context=coding(cameo).contexts if cameo else ())


# ---------------------------------------------------------------------- loading
def load(path=MODEL) -> Optional[Coder]:
    path = pathlib.Path(path)
    npz, meta = path.with_suffix(".npz"), path.with_suffix(".json")
    if not npz.exists() or not meta.exists():
        return None
    with open(meta, encoding="utf-8") as fh:
        info = json.load(fh)
    arrays = np.load(npz)
    models = {}
    for name, classes in info["classes"].items():
        models[name] = Linear(arrays[f"{name}_buckets"], arrays[f"{name}_weights"], arrays[f"{name}_bias"], classes)
    return Coder(models, info)


@functools.lru_cache(maxsize=1)
def model() -> Optional[Coder]:
    """The installed model, or None (no model file, or DETENTE_EVENT_CODER=rules)."""
    if os.environ.get("DETENTE_EVENT_CODER", "").lower() == "rules":
        return None
    return load()
