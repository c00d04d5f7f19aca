"""Event clusters: every coded event that reports the same happening, across articles and
outlets, becomes one cluster (see README). ``build_clusters`` rewrites the ``clusters`` and
``cluster_events`` tables from the ``events`` table; same events, same clusters."""
from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict

from detente.relations.allusions import find_allusions
from detente.relations.match import PRECISION_RANK, Mention, dates_match, mention, similarity
from detente.relations.settings import ClusterRule, quad_of
from detente.store import relations as relation_tables

# The fields of a stored event row that the clusters' summaries and members read (``Mention.row``).
ROW_FIELDS = ("mode", "date_value", "sentence", "outlet", "published")


def load_mentions(store, rule: ClusterRule) -> list[Mention]:
    """Every coded event as a Mention, in the clustering's order. Each keeps of its stored row only
    ``ROW_FIELDS`` (the title, url, actor lists, ... are read by :func:`mention` and let go): at 2,000 articles the
    whole rows were about a tenth of the rebuild's memory (issue 19)."""
    out = []
    for r in relation_tables.each_coded_event(store):
        m = mention(r, rule)
        out.append(dataclasses.replace(m, row={k: r.get(k) for k in ROW_FIELDS}))
    out.sort(key=lambda m: m.order)
    return out


def assign(mentions: list[Mention], rule: ClusterRule) -> list[list[tuple[Mention, float]]]:
    """Greedy, order-fixed clustering: each mention joins the cluster holding its most similar
    matching member, if it matches at least half the members and its date is compatible with
    every dated member; else it starts a new cluster."""
    groups: list[list[tuple[Mention, float]]] = []
    index: dict[tuple, set[int]] = defaultdict(set)  # (code, quad or type, date bucket) -> clusters
    for m in mentions:
        best, best_sim = None, -1.0
        for gi in sorted(set().union(*(index[k] for k in _lookup_keys(m, rule)))):
            sim = _join_similarity(m, groups[gi], rule)
            if sim is not None and sim > best_sim:
                best, best_sim = gi, sim
        if best is None:
            groups.append([(m, 1.0)])
            best = len(groups) - 1
        else:
            groups[best].append((m, best_sim))
        for k in _own_keys(m, rule):
            index[k].add(best)
    return groups


def _bucket_size(rule: ClusterRule) -> int:
    return rule.window_days + rule.report_lag_days + 1


def _family(m: Mention) -> str:
    return m.quad or m.event


def _own_keys(m: Mention, rule: ClusterRule):
    """Where a member files its cluster: per code and quad, under each date bucket its period
    covers (None when undated) and under "*" (any date, searched by undated mentions)."""
    size = _bucket_size(rule)
    buckets = [None] if m.start is None else range(m.start.toordinal() // size, m.end.toordinal() // size + 1)
    return [(c, _family(m), b) for c in set(m.sources + m.targets) for b in [*buckets, "*"]]


def _lookup_keys(m: Mention, rule: ClusterRule):
    """Where a mention looks for clusters it could join: a superset of the matching rule."""
    size = _bucket_size(rule)
    codes = set(m.sources + m.targets)
    if m.start is None:  # undated: clusters of any date
        return [(c, _family(m), "*") for c in codes]
    lo, hi = m.start.toordinal() - size, m.end.toordinal() + size
    return [(c, _family(m), b) for c in codes for b in [None, *range(lo // size, hi // size + 1)]]


def _join_similarity(m: Mention, group, rule: ClusterRule):
    head = group[0][0]  # every member shares the head's quad (types match within a quad only)
    if head.event != m.event and (not m.quad or head.quad != m.quad):
        return None
    if any(not dates_match(m, n, rule) for n, _ in group):
        return None
    if any(n.article_id == m.article_id and n.sentence_index == m.sentence_index for n, _ in group):
        return None
    sims = [s for s in (similarity(m, n, rule) for n, _ in group) if s is not None]
    if not sims or 2 * len(sims) < len(group):  # must match at least half the members: no chaining
        return None
    return max(sims)


def source_key(outlet: str | None, article_id: str) -> str:
    """What counts as one source: the outlet, or the article itself when it names none."""
    return outlet or f"article:{article_id}"


def cluster_id(keys) -> str:
    return hashlib.sha256(f"cluster:{min(keys)}".encode()).hexdigest()[:16]


def summarise(group: list[tuple[Mention, float]], rule: ClusterRule) -> dict:
    """One cluster row: the happening's type, dyad, date, intensity and GDELT-style counts."""
    members = [m for m, _ in group]
    happened = [m for m in members if m.happened]
    basis = happened or members
    weight = Counter()
    for m in basis:
        weight[m.event] += m.confidence
    event = sorted(weight, key=lambda e: (-weight[e], e))[0]
    dated = sorted((m for m in basis if m.start), key=lambda m: (m.article_dated, PRECISION_RANK.get(m.precision, 0), m.start))
    total = sum(m.confidence for m in basis) or 1.0
    rep = sorted(basis, key=lambda m: (-m.confidence, m.order))[0]
    pair = Counter((m.sources[0] if m.sources else None, m.targets[0] if m.targets else None) for m in basis)
    source, target = sorted(pair, key=lambda p: (-pair[p], str(p)))[0]
    no_conf = 1.0
    for m in basis:
        no_conf *= 1.0 - min(max(m.confidence, 0.0), 1.0)
    published = [m.row.get("published") for m in members if m.row.get("published")]
    modalities = Counter(m.modality for m in basis)
    return {
        "cluster_id": cluster_id(m.key for m in members), "event": event, "quad": quad_of(event),
        "mode": rep.row.get("mode") if rep.event == event else None, "source": source, "target": target,
        "source_codes": sorted({c for m in basis for c in m.sources}),
        "target_codes": sorted({c for m in basis for c in m.targets}),
        "date": dated[0].start if dated else None, "date_value": dated[0].row.get("date_value") if dated else None,
        "date_precision": dated[0].precision if dated else None,
        "score": round(sum(m.confidence * m.score for m in basis) / total, 3), "confidence": round(1.0 - no_conf, 4),
        "happened": bool(happened), "modality": sorted(modalities, key=lambda k: (-modalities[k], k))[0],
        "mentions": len(members), "articles": len({m.article_id for m in members}),
        "sources": len({source_key(m.row.get("outlet"), m.article_id) for m in members}),
        "first_reported": min(published) if published else None, "sentence": rep.row.get("sentence"),
        "rule": rule.version, "allusions": 0,
    }


def count_allusions(summaries: list[dict], groups, allusions: list[dict]) -> None:
    """Alluding articles count as articles and sources of the happening (GDELT counts every article
    that mentions it); ``mentions`` stays the number of coded reports."""
    by_cluster = {}
    for a in allusions:
        by_cluster.setdefault(a["cluster_id"], []).append(a)
    for s, g in zip(summaries, groups):
        extra = by_cluster.get(s["cluster_id"], [])
        if extra:
            members = [m for m, _ in g]
            s["allusions"] = len(extra)
            s["articles"] = len({m.article_id for m in members} | {a["article_id"] for a in extra})
            s["sources"] = len({source_key(m.row.get("outlet"), m.article_id) for m in members}
                               | {source_key(a["outlet"], a["article_id"]) for a in extra})


def build_clusters(store, rule: ClusterRule | None = None) -> dict:
    """Recompute every cluster from the events table, in one transaction. Returns counts."""
    rule = rule or ClusterRule()
    with relation_tables.one_thread(store):
        return _build(store, rule)


def _build(store, rule: ClusterRule) -> dict:
    groups = assign(load_mentions(store, rule), rule)
    summaries = [summarise(g, rule) for g in groups]
    allusions = find_allusions(store, groups, summaries, rule) if rule.allusions else []
    count_allusions(summaries, groups, allusions)
    members = [{"cluster_id": s["cluster_id"], "event_key": m.key, "article_id": m.article_id,
                "outlet": m.row.get("outlet"), "similarity": round(sim, 4), "rank": rank}
               for g, s in zip(groups, summaries) for rank, (m, sim) in enumerate(g)]
    del groups  # every event row read: not needed to write, so freed before DuckDB's writing (issue 19, peak RSS)
    from detente.relations.alerts import keep

    relation_tables.replace_clusters(store, summaries, members, allusions, then=lambda changed: keep(store, changed))
    return {"events": len(members), "clusters": len(summaries),
            "reported_more_than_once": sum(1 for s in summaries if s["mentions"] > 1),
            "across_articles": sum(1 for s in summaries if s["articles"] > 1), "allusions": len(allusions),
            "rule": rule.version}


def clusters_stale(store) -> bool:
    """True when some events are not in a cluster (or clusters point at events that are gone)."""
    return relation_tables.clusters_stale(store)
