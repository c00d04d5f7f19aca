"""The matching rule: when two coded events report the same happening. Pure functions over
:class:`Mention` (one coded event with what the rule needs); see README "Matching rule"."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from detente.relations.settings import SYMMETRIC, ClusterRule, quad_of
from detente.relations.text import context, terms

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True)
class Mention:
    """One coded event as the clustering sees it."""

    key: str
    article_id: str
    sentence_index: int
    trigger_start: int
    event: str
    quad: Optional[str]
    score: float
    confidence: float
    modality: str
    happened: bool
    sources: tuple
    targets: tuple
    start: Optional[dt.date]  # the date period's first and last day (None: undated)
    end: Optional[dt.date]
    precision: Optional[str]
    article_dated: bool  # dated only by the article's publication date
    terms: frozenset
    entities: frozenset  # "role|org:..." for each named organisation among the parties
    row: dict  # the stored row, for the cluster summary
    language: Optional[str] = None  # the article's (issue 20: reports in two languages share no words)
    kb_ids: frozenset = frozenset()  # knowledge-base ids of the named people and organisations among the parties

    @property
    def pairs(self) -> frozenset:
        return frozenset((s, t) for s in self.sources for t in self.targets if s != t)

    @property
    def order(self) -> tuple:
        """Canonical processing order: dated first, by date, then by article and position."""
        return (self.start is None, self.start or dt.date.min, PRECISION_RANK.get(self.precision or "day", 0),
                self.article_id, self.sentence_index, self.trigger_start, self.key)


def period(date: Optional[dt.date], precision: Optional[str]) -> tuple:
    """The first and last day a date value stands for (a day, a month or a year)."""
    if date is None:
        return None, None
    if precision == "year":
        return date, dt.date(date.year, 12, 31)
    if precision == "month":
        nxt = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return date, nxt - dt.timedelta(days=1)
    return date, date


def mention(row: dict, rule: ClusterRule) -> Mention:
    """A stored event row (with ``actor_texts``) as a :class:`Mention`."""
    start, end = period(row.get("date"), row.get("date_precision"))
    rel = (row.get("trigger_start") or 0) - (row.get("sentence_start") or 0)
    rel_end = (row.get("trigger_end") or 0) - (row.get("sentence_start") or 0)
    window = context(row.get("sentence") or "", rel, rel_end, rule.context_tokens)
    return Mention(
        key=row["key"], article_id=row["article_id"], sentence_index=row.get("sentence_index") or 0,
        trigger_start=row.get("trigger_start") or 0, event=row["event"], quad=quad_of(row["event"]),
        score=float(row.get("score") or 0.0), confidence=float(row["confidence"] if row.get("confidence") is not None else 1.0),
        modality=row.get("modality") or "asserted", happened=bool(row.get("happened")),
        sources=tuple(sorted(set(row.get("source_codes") or []))),
        targets=tuple(sorted(set(row.get("target_codes") or []))),
        start=start, end=end, precision=row.get("date_precision") if start else None,
        article_dated=start is not None and row.get("date_origin") == "article",
        terms=terms(window), entities=frozenset(row.get("entities") or ()), row=row,
        language=row.get("language"), kb_ids=frozenset(row.get("kb_ids") or ()),
    )


def actors_match(m: Mention, n: Mention) -> Optional[bool]:
    """None when the actors rule the pair out; else whether the match is one-sided."""
    p, q = m.pairs, n.pairs
    if p and q:
        symmetric = m.event in SYMMETRIC and n.event in SYMMETRIC
        if p & q or (symmetric and p & {(t, s) for s, t in q}):
            return False
        return None
    if not (m.sources or m.targets) or not (n.sources or n.targets):
        return None
    # One side is missing: share a code in the same role, or in either role, since an intransitive
    # report ("the Russian House will close") puts the party acted upon in the subject.
    return True if set(m.sources + m.targets) & set(n.sources + n.targets) else None


def type_threshold(m: Mention, n: Mention, rule: ClusterRule) -> Optional[float]:
    if m.event == n.event:
        return rule.same_type
    if m.quad and m.quad == n.quad:
        return rule.same_quad
    return None


def dates_match(m: Mention, n: Mention, rule: ClusterRule) -> bool:
    """Date periods within the window; an article-dated later event may report an earlier one."""
    if m.start is None or n.start is None:
        return True
    early, late = (m, n) if m.start <= n.start else (n, m)
    gap = (late.start - early.end).days
    allowed = rule.window_days + (rule.report_lag_days if late.article_dated else 0)
    return gap <= allowed


def similarity(m: Mention, n: Mention, rule: ClusterRule) -> Optional[float]:
    """The pair's text similarity when the rule lets them match, else None."""
    if m.article_id == n.article_id and m.sentence_index == n.sentence_index:
        return None  # one sentence's distinct triggers are distinct happenings
    if (m.modality == "negated") != (n.modality == "negated"):
        return None
    one_sided = actors_match(m, n)
    threshold = type_threshold(m, n, rule)
    if one_sided is None or threshold is None or not dates_match(m, n, rule):
        return None
    if m.start is None or n.start is None:
        threshold = max(threshold, rule.undated)
    if one_sided:
        threshold = max(threshold, rule.one_sided)
    sim = text_similarity(m, n, rule.entity_weight)
    return sim if sim >= threshold else None


def text_similarity(m: Mention, n: Mention, entity_weight: int) -> float:
    """Dice over the context words, a shared named organisation counting as ``entity_weight`` words."""
    lm, ln = getattr(m, "language", None), getattr(n, "language", None)
    if lm and ln and lm != ln:  # issue 20
        return _across_languages(m, n)
    shared = len(m.terms & n.terms) + entity_weight * len(m.entities & n.entities)
    size = len(m.terms) + len(n.terms) + entity_weight * (len(m.entities) + len(n.entities))
    return min(1.0, 2 * shared / size) if size else 0.0


def _across_languages(m: Mention, n: Mention) -> float:
    """Reports in two languages share no words (issue 20): they match (1.0) when the type, date and actors rules
    already hold and either both name the same pair of countries, or they share a named person or organisation by
    its knowledge-base id; else 0.0."""
    p, q = m.pairs, n.pairs
    if p & q or (m.event in SYMMETRIC and n.event in SYMMETRIC and p & {(t, s) for s, t in q}):
        return 1.0
    return 1.0 if m.kb_ids & n.kb_ids else 0.0
