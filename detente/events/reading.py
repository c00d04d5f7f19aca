"""What the trained coder (``learned.py``) reads of one sentence besides its models' scores, and the guards its
events pass: the helpers it shares with its trainers (``tools/train_coder.py`` and the side and confidence
trainers read the same parts).

- the sentence's parts: the rule coder's candidate per token, the actor mentions and their head tokens
  (:func:`sentence_parts`, :func:`role_pairs`), who reports the act (:func:`speaker_tokens`), the passive's
  patients, the trigger veto's features;
- the guards on an event's parties and on a sentence's events: one party per code and none on both sides unless
  the sectors differ (:func:`guard`), an uncoded party given the one country of its sentence (:func:`context_codes`),
  background acts (:func:`background`) and repeats (:func:`dedupe`) dropped; the evidence sentence without markup.
"""
from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

from ..actors.context import PEOPLE_SECTORS
from . import features as F
from . import locations as L
from . import parties as P
from .select import rank
from .tokens import table_holding

VIOLENT = frozenset({"ASSAULT", "COERCE"})


def F_passive(tok) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")


def passive_patients(tok) -> set:
    """Tokens naming who undergoes a passive trigger: its passive subject, and the noun a passive relative or
    participle clause modifies ("the peacekeepers who were killed", "troops killed in the raid")."""
    out = {c.i for c in tok.children if c.dep_ == "nsubjpass"}
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
        out.add(tok.head.i)
    return out


def sentence_parts(view) -> tuple:
    """What the coder and its training (tools/train_coder.py) both read of one sentence: the rule coder's first
    candidate per token, the tokens the rule coder selected, the actor per token, and the actor mentions."""
    rule_by_tok = {}
    for c in view.raw:
        rule_by_tok.setdefault(c.tok.i, c)
    by_token = view.actors.by_token
    start, end = view.sent.start, view.sent.end
    actor_tokens = {i: a for i in range(start, end) if (a := by_token.get(i)) is not None}
    mentions = _mentions(view.sent, actor_tokens, getattr(view.actors, "siblings", None))
    return rule_by_tok, {c.tok.i for c in view.selected}, actor_tokens, mentions


def veto_features(candidate, actor_tokens, covered) -> list:
    """The trigger veto's features of one ``todo`` candidate (token, rule candidate, type features): its type
    features and ``features.trigger_features``."""
    tok, rc, feats = candidate
    return feats + F.trigger_features(tok, rc, actor_tokens, covered)


def _mentions(sent, actor_tokens, siblings=None) -> list:
    """(head token, actor) of every actor mention in the sentence, in text order; the coordinated identities of
    one span ("Polish and Czech officials") share its head."""
    groups = {}
    for i, a in actor_tokens.items():
        groups.setdefault(id(a), (a, []))[1].append(sent.doc[i])
    out = [(F.mention_head(toks), a) for a, toks in groups.values()]
    if siblings:
        out += [(h, b) for h, a in out for b in siblings.get(id(a), ())]
    return sorted(out, key=lambda x: x[0].i)


def role_pairs(mentions, rc) -> list:
    """(head token or None, actor): the sentence's mentions, then the parties the rule coder found for the same
    trigger elsewhere (a pronoun's antecedent, a place's country, the article's memory)."""
    pairs = list(mentions)
    if rc is not None:
        seen = {id(a) for _, a in mentions}
        for a in (*rc.source, *rc.target):
            if id(a) not in seen:
                seen.add(id(a))
                pairs.append((None, a))
    return pairs


def context_codes(tok, view, event, src, tgt):
    """An uncoded party ("gunmen", "the police", "protesters") in a sentence that names one country only is of
    that country (the rule coder's convention, parties.context_source); the victims of violence do not take
    their attacker's country unless the attacker is the police."""
    if all(a.code for a in (*src, *tgt)):
        return src, tgt
    countries = P.SentenceCountries(view.sent, view.actors)
    probe = SimpleNamespace(tok=tok, source=src, target=tgt)
    if src and not any(a.code for a in src):
        home = P.source_home(probe, countries)
        if home is not None:
            src = [dataclasses.replace(src[0], code=home)] + src[1:]
    if tgt and not any(a.code for a in tgt):
        armed = event in VIOLENT and not any(a.sector == "COP" for a in src)
        home = P.target_home(SimpleNamespace(tok=tok, source=src, target=tgt), countries, armed,
                             event not in P.VERBAL_TYPES)
        if home is not None:
            tgt = [P.home_party(a, home, src) if a.code is None else a for a in tgt]
    return guard([(1.0, a) for a in src], [(1.0, a) for a in tgt])


def speaker_tokens(tok) -> set:
    """Tokens of the subject of the reporting verb whose complement holds the trigger."""
    table = table_holding(tok)
    if table is not None:  # the same tokens, read from the sentence's lists
        s0, dep = table.start, table.dep
        rep = table.reporting_head(tok.i - s0)
        if rep is None:
            return set()
        return {s0 + t for c in table.children[rep] if dep[c] in ("nsubj", "nsubjpass") for t in table.subtree(c)}
    rep = F._reporting_head(tok)
    if rep is None:
        return set()
    return {t.i for c in rep.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def speaker_is_source(tok, sources, index) -> str:
    spk = speaker_tokens(tok)
    if not spk:
        return "none"
    codes = {index.by_token[i].code for i in spk if i in index.by_token}
    return str(bool(codes & {a.code for a in sources if a.code}))


def reporter(tok, index):
    spk = sorted(speaker_tokens(tok))
    for i in spk:
        if i in index.by_token:
            return index.by_token[i]
    return None


def _rule_modality(tok, sent, year):
    from .modality import modality
    return modality(tok, sent, year)


def rule_role(rc, actor) -> str:
    if rc is None:
        return "nocand"
    if any(a is actor or (a.span is not None and a.span == actor.span) for a in rc.source):
        return "src"
    if any(a is actor or (a.span is not None and a.span == actor.span) for a in rc.target):
        return "tgt"
    return "no"


def _same_party(a, b) -> bool:
    """Same country (or organisation), not told apart by sector: a domestic event needs two known, different
    sectors, or one party inferred by a coding convention (a protest addresses its own authorities, parties.py)."""
    if a.code != b.code:
        return False
    if a.span is None or b.span is None:
        return a.sector == b.sector
    return a.sector == b.sector or not a.sector or not b.sector


def _state_of(a, others):
    """A bare country name (a mention with no sector) across an event from its own country's people or non-state
    groups (context.PEOPLE_SECTORS: "Peru let Peruvian exiles return", "Peruvian rebels attacked Peru") is its
    state acting on them or acted on by them, a domestic event: read as the government (GOV), so the sectors differ.
    Only people whose own words name the country (an identity: "Peruvian exiles", not "its neighbours" given
    the article's country by context.py)."""
    if a.sector is not None or a.span is None or not L.national(a.code):
        return a
    if any(o.code == a.code and o.sector in PEOPLE_SECTORS and o.id is not None for _, o in others):
        return dataclasses.replace(a, sector="GOV")
    return a


def guard(src, tgt):
    """Sources and targets (most probable first, one per code), with no party on both sides unless the sectors
    differ (a domestic event). A party found on both sides stays on the side that gives it the higher probability;
    on a tie, on the side where it is the only party ("X accused X": the target goes)."""
    def one_each(pairs):
        out = []
        for p, a in sorted(pairs, key=lambda x: -x[0]):
            if any((b.code == a.code if a.code is not None else b.span == a.span) for _, b in out):
                continue
            out.append((p, a))
        return out
    s = [(p, _state_of(a, tgt)) for p, a in src]
    t = [(p, _state_of(b, s)) for p, b in tgt]
    s, t = one_each(s), one_each(t)
    for ps, a in list(s):
        clash = [(pt, b) for pt, b in t if a.code is not None and _same_party(a, b)]
        if not clash:
            continue
        pt = max(p for p, _ in clash)
        if pt > ps or (pt == ps and len(s) > 1 and len(t) == 1):
            s = [x for x in s if x[1] is not a]
        else:
            t = [x for x in t if x not in clash]
    return [a for _, a in s], [a for _, a in t]


MARKUP = re.compile(r"(?m)^([ \t]*)(#{1,6})(?=\s)|\*\*|__")


def clean_sentence(text: str) -> str:
    """The evidence sentence without markdown markup (heading marks, bold), each mark blanked so that offsets
    into the sentence (trigger_start - sentence_start) stay right."""
    return MARKUP.sub(lambda m: m.group(0).replace("#", " ").replace("*", " ").replace("_", " "), text)


def background(events, sent, strict=False) -> list:
    """The sentence's act and fully stated background acts: an event whose trigger lies deeper in subordinate
    clauses and phrases than the sentence's best is kept only when both its sides are coded (select.py)."""
    if len(events) < 2:
        return events
    ranks = [rank(sent.doc[_tok_at(sent, e.evidence.trigger.start)]) for e in events]
    best = min(ranks)
    return [e for e, r in zip(events, ranks) if r == best or (not strict and any(a.code for a in e.source)
                                                              and any(a.code for a in e.target))]


def _tok_at(sent, char) -> int:
    for t in sent:
        if t.idx == char:
            return t.i
    return sent.start


def dedupe(events) -> list:
    """Drop an event repeating another of the same type whose parties it adds nothing to."""
    events = sorted(events, key=lambda e: -e.confidence)
    out = []
    for e in events:
        s, t = {a.code for a in e.source}, {a.code for a in e.target}
        if any(o.event == e.event and s <= {a.code for a in o.source} and t <= {a.code for a in o.target}
               for o in out):
            continue
        out.append(e)
    return out
