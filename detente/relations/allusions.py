"""Allusions: sentences of other articles that refer to a happening without coding it.

An opinion piece often names a happening only in passing ("following an incident involving an
Azerbaijani aircraft"): no actor does anything a coder could type, yet a reader knows which
happening it is. :func:`find_allusions` attaches such a sentence to a cluster when (README
"Allusions"): the sentence uses a noun of ``data/allusion_nouns.txt``; the words around that noun
share a content word with the happening's evidence (the noun itself not counted); the sentence
names one of the happening's parties; its dates are compatible with the happening's; and its
article is not already a report of the happening. The best cluster wins (most shared words, then
the cluster order), each article alludes to a cluster at most once. Allusions are reports, not
events: they count in a cluster's ``articles`` and ``sources``, never in the relation index.
"""
from __future__ import annotations

import functools
import pathlib
import re
from collections import defaultdict
from dataclasses import dataclass

from detente.relations.match import Mention, dates_match, mention
from detente.relations.settings import ClusterRule
from detente.relations.text import context, terms
from detente.store import relations as relation_tables

NOUNS = pathlib.Path(__file__).parent / "data" / "allusion_nouns.txt"


@functools.lru_cache(maxsize=1)
def allusion_nouns() -> frozenset:
    lines = NOUNS.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


def _pattern() -> str:
    return r"(?i)\b(" + "|".join(re.escape(n) for n in sorted(allusion_nouns(), key=len, reverse=True)) + r")\b"


@dataclass(frozen=True)
class Cue:
    """One allusion noun in a candidate sentence, with the words around it."""

    article_id: str
    outlet: str | None
    sentence_index: int
    sentence: str
    sentence_start: int
    start: int  # the noun's offsets, relative to the sentence
    end: int
    terms: frozenset
    codes: frozenset
    dates: tuple  # Mentions carrying only the sentence's event dates, for the date rule


def cues(store, rule: ClusterRule) -> list[Cue]:
    """Every allusion noun in an evidence sentence (sentences that hold a coded event), with its context."""
    out = []
    pattern = _pattern()
    nouns = re.compile(pattern)
    for r in relation_tables.sentences_matching(store, pattern):
        dates = tuple(_dated(d, rule) for d in r["dates"] or ())
        actors = r["actors"] or []
        codes = frozenset(a["code"] for a in actors if a["code"])
        text = _mask_people(r["sentence"], r["sentence_start"], actors)
        for m in nouns.finditer(text):
            window = context(text, m.start(), m.end(), rule.context_tokens)
            out.append(Cue(r["article_id"], r["outlet"], r["sentence_index"], r["sentence"], r["sentence_start"],
                           m.start(), m.end(), terms(window, drop=allusion_nouns()), codes, dates))
    return out


def _mask_people(sentence: str, offset: int, actors: list[dict]) -> str:
    """The sentence with people's names blanked (same offsets): a leader's name is in most of
    his state's happenings, so it says nothing about which one is meant."""
    chars = list(sentence)
    for a in actors:
        if (a["actor_id"] or "").startswith("person:"):
            for i in range(max(0, a["start"] - offset), min(len(chars), a["end"] - offset)):
                chars[i] = " "
    return "".join(chars)


def _dated(d: dict, rule: ClusterRule) -> Mention:
    row = {"key": "", "article_id": "", "event": "", "date": d["date"], "date_precision": d["date_precision"],
           "date_origin": d["date_origin"]}
    return mention(row, rule)


@dataclass(frozen=True)
class Happening:
    """What the rule compares a cue with, gathered once per cluster that happened."""

    index: int  # the cluster's place in the groups
    members: tuple  # its Mentions
    terms: frozenset  # the words of every report's evidence
    codes: frozenset  # every report's parties
    articles: frozenset


def happenings(groups: list[list[tuple[Mention, float]]], summaries: list[dict]) -> list[Happening]:
    out = []
    for gi, (group, summary) in enumerate(zip(groups, summaries)):
        if summary["happened"]:
            members = tuple(m for m, _ in group)
            out.append(Happening(gi, members, frozenset().union(*(m.terms for m in members)),
                                 frozenset(c for m in members for c in m.sources + m.targets),
                                 frozenset(m.article_id for m in members)))
    return out


def find_allusions(store, groups: list[list[tuple[Mention, float]]], summaries: list[dict],
                   rule: ClusterRule) -> list[dict]:
    """One row per (cluster, alluding sentence); see the module docstring for the rule."""
    found = cues(store, rule)
    if not found:
        return []
    known = happenings(groups, summaries)
    by_term: dict[str, set[int]] = defaultdict(set)  # word -> positions in ``known``
    for hi, h in enumerate(known):
        for t in h.terms:
            by_term[t].add(hi)
    best: dict[tuple, tuple] = {}  # (article, sentence, cue start) -> (rank, cluster index, shared words, cue)
    for cue in found:
        for hi in sorted(set().union(*(by_term.get(t, ()) for t in cue.terms))):
            shared = _match(cue, known[hi], rule)
            if shared:
                gi = known[hi].index
                rank = (-len(shared), gi)
                key = (cue.article_id, cue.sentence_index, cue.start)
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, gi, shared, cue)
    out, seen = [], set()
    for rank, gi, shared, cue in sorted(best.values(), key=lambda v: (v[1], v[3].article_id, v[3].sentence_index)):
        if (gi, cue.article_id) in seen:
            continue
        seen.add((gi, cue.article_id))
        out.append({"cluster_id": summaries[gi]["cluster_id"], "article_id": cue.article_id, "outlet": cue.outlet,
                    "sentence_index": cue.sentence_index, "sentence": cue.sentence,
                    "sentence_start": cue.sentence_start, "cue_start": cue.start, "cue_end": cue.end,
                    "cue_text": cue.sentence[cue.start:cue.end], "shared": sorted(shared)})
    return out


def _match(cue: Cue, h: Happening, rule: ClusterRule) -> frozenset:
    if cue.article_id in h.articles or not cue.codes & h.codes:
        return frozenset()
    if cue.dates and not any(all(dates_match(d, m, rule) for m in h.members) for d in cue.dates):
        return frozenset()
    return cue.terms & h.terms
