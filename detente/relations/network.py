"""The alignment network of a date window: states as nodes, signed weighted edges from the
happenings between them, and the structural balance of every signed triad (README
"Alignment network"). A triad is balanced when the product of its three signs is positive
("the friend of my friend is my friend", "the enemy of my enemy is my friend")."""
from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np

from detente.relations.read import clusters as read_clusters
from detente.relations.read import require_clusters
from detente.relations.settings import NON_STATES, NetworkSettings
from detente.store import relations as relation_tables


def network(store, date_from: str | None = None, date_to: str | None = None,
            settings: NetworkSettings | None = None, max_triads: int | None = None, top: int | None = None,
            **overrides) -> dict:
    """Nodes, signed edges and triads with their balance, as one plain data dict; ``max_triads`` lists only
    the heaviest triads, ``top`` only the heaviest edges (in the same a, b order; the nodes are those of the
    listed edges). Triads and balance count every edge of the window either way; ``ties`` says how many
    edges there are and how many are listed."""
    settings = dataclasses.replace(settings or NetworkSettings(), **overrides)
    require_clusters(store)
    summed = relation_tables.network_pairs(store, date_from, date_to,
                                           tuple(sorted(NON_STATES)) if settings.states_only else (), columns=True)
    if summed is not None:  # summed per pair by DuckDB (the window's days, detente.store.relations)
        dated, cols = summed
        ties = _Ties(cols, settings)  # every edge's pair, sign and weight, as arrays
        edges = []
        for k in ties.heaviest(top):
            e = _sql_edge({name: v[k] for name, v in cols.items()})
            _sign(e, e.pop("weight_raw"), settings)
            edges.append(e)
        triads, total, balanced = _found_triads(ties.signed(), max_triads, ties.balance)
        n_ties = ties.n
    else:  # the reference path: every cluster of the window read into Python
        found = [c for c in read_clusters(store, date_from=date_from, date_to=date_to, happened=True, order="date",
                                          limit=1_000_000) if c["date"]]
        dated, every = len(found), _edges(found, settings)
        edges = [every[i] for i in _heaviest(every, top)]
        triads, total, balanced = _triads(every, max_triads)
        n_ties = len(every)
    return {
        "from": date_from, "to": date_to, "clusters": dated,
        "ties": {"listed": len(edges), "total": n_ties, "top": top, "min_clusters": settings.min_clusters},
        "nodes": _nodes(edges), "edges": edges, "triads": triads,
        "balance": {"triads": total, "balanced": balanced,
                    "ratio": round(balanced / total, 3) if total else None},
        "settings": dataclasses.asdict(settings),
    }


def _heaviest(ties: list[dict], top: int | None) -> list[int]:
    """The positions of the ``top`` heaviest ties (weight, then a, b), in their own order; all without a top."""
    if top is None or top >= len(ties):
        return list(range(len(ties)))
    return sorted(sorted(range(len(ties)), key=lambda i: (-ties[i]["weight"], ties[i]["a"], ties[i]["b"]))[:top])


class _Ties:
    """The edges of a window as arrays (from one list per column, pairs in a, b order): which pairs are edges
    (enough happenings, a weight), each one's sign and weight as :func:`_sign` gives them (the same float
    division and comparisons), the order heaviest first (weight, then a, b: as :func:`_triads` sorts)."""

    def __init__(self, cols: dict, settings: NetworkSettings):
        weight = np.asarray(cols["weight"], dtype=np.float64)
        kept = np.flatnonzero((np.asarray(cols["clusters"]) >= settings.min_clusters) & (weight != 0)
                              & ~np.isnan(weight))
        mean = np.asarray(cols["net"], dtype=np.float64)[kept] / weight[kept]
        self.sign = np.where(mean > settings.margin, 1, np.where(mean < -settings.margin, -1, 0))
        self.weight = np.array([round(w, 3) for w in weight[kept].tolist()])
        self.codes = sorted(set(cols["a"]) | set(cols["b"]))  # ranks order as the strings do
        at = {c: i for i, c in enumerate(self.codes)}
        self.ia = np.fromiter((at[c] for c in cols["a"]), dtype=np.int64, count=len(weight))[kept]
        self.ib = np.fromiter((at[c] for c in cols["b"]), dtype=np.int64, count=len(weight))[kept]
        self.kept, self.n = kept, len(kept)
        self.order = np.lexsort((self.ib, self.ia, -self.weight))

    def heaviest(self, top: int | None) -> list[int]:
        """The column positions of the ``top`` heaviest edges (all without a top), in a, b order."""
        chosen = self.order if top is None else self.order[:top]
        return self.kept[np.sort(chosen)].tolist() if len(chosen) else []

    def signed(self):
        """The signed edges heaviest first, as the dicts :func:`_triads` reads, made as they are asked for."""
        codes = self.codes
        for i in self.order[self.sign[self.order] != 0].tolist():
            yield {"a": codes[self.ia[i]], "b": codes[self.ib[i]], "sign": int(self.sign[i]),
                   "weight": float(self.weight[i])}

    def balance(self) -> tuple[int, int]:
        on = self.sign != 0
        return _sign_counts(self.ia[on], self.ib[on], self.sign[on].astype(np.float64), len(self.codes))


def _keep(code: str | None, settings: NetworkSettings) -> bool:
    return bool(code) and not (settings.states_only and code in NON_STATES)


def _edges(found: list[dict], settings: NetworkSettings) -> list[dict]:
    acc: dict[tuple, dict] = defaultdict(lambda: {"ids": set(), "w": 0.0, "net": 0.0, "coop": 0, "conf": 0,
                                                  "dir": defaultdict(lambda: [0.0, 0.0])})
    for c in found:
        pairs = {(s, t) for s in c["source_codes"] for t in c["target_codes"]
                 if s != t and _keep(s, settings) and _keep(t, settings)}
        for key in {tuple(sorted(p)) for p in pairs}:
            e = acc[key]
            e["ids"].add(c["cluster_id"])
            e["w"] += c["confidence"]
            e["net"] += c["confidence"] * c["score"]
            e["coop"] += c["score"] > 0
            e["conf"] += c["score"] < 0
        for s, t in pairs:
            d = acc[tuple(sorted((s, t)))]["dir"][f"{s}>{t}"]
            d[0] += c["confidence"]
            d[1] += c["confidence"] * c["score"]
    out = []
    for (a, b), e in sorted(acc.items()):
        if len(e["ids"]) < settings.min_clusters or not e["w"]:
            continue
        mean = e["net"] / e["w"]
        sign = 1 if mean > settings.margin else -1 if mean < -settings.margin else 0
        out.append({"a": a, "b": b, "sign": sign, "mean": round(mean, 3), "weight": round(e["w"], 3),
                    "net": round(e["net"], 3), "clusters": len(e["ids"]), "cooperation": e["coop"],
                    "conflict": e["conf"],
                    "directed": {k: round(v[1] / v[0], 3) for k, v in sorted(e["dir"].items()) if v[0]}})
    return out


def _sql_edge(r: dict) -> dict:
    directed = {}
    for key, w, net in ((f"{r['a']}>{r['b']}", r["forward_weight"], r["forward_net"]),
                        (f"{r['b']}>{r['a']}", r["backward_weight"], r["backward_net"])):
        if w:
            directed[key] = round(net / w, 3)
    return {"a": r["a"], "b": r["b"], "weight_raw": r["weight"], "net_raw": r["net"], "clusters": r["clusters"],
            "cooperation": r["cooperation"], "conflict": r["conflict"], "directed": dict(sorted(directed.items()))}


def _sign(e: dict, weight: float, settings: NetworkSettings) -> None:
    """Fill an edge's sign, mean, weight and net from its sums (in the key order of :func:`_edges`)."""
    net = e.pop("net_raw")
    mean = net / weight
    sign = 1 if mean > settings.margin else -1 if mean < -settings.margin else 0
    rest = {k: e.pop(k) for k in ("clusters", "cooperation", "conflict", "directed")}
    e.update(sign=sign, mean=round(mean, 3), weight=round(weight, 3), net=round(net, 3), **rest)


def _nodes(edges: list[dict]) -> list[dict]:
    acc: dict[str, dict] = {}
    for e in edges:
        for code in (e["a"], e["b"]):
            n = acc.setdefault(code, {"id": code, "degree": 0, "positive": 0, "negative": 0, "strength": 0.0})
            n["degree"] += 1
            n["positive"] += e["sign"] > 0
            n["negative"] += e["sign"] < 0
            n["strength"] = round(n["strength"] + abs(e["net"]), 3)
    return sorted(acc.values(), key=lambda n: (-n["strength"], n["id"]))


def _triads(edges: list[dict], limit: int | None = None) -> tuple[list[dict], int, int]:
    """The signed triads, heaviest first (weight: the lightest of the three edges), at most ``limit`` of
    them, with the number of triads and of balanced ones in all. Edges are added heaviest first, so a triad
    is found when its lightest edge comes; with a ``limit`` the search stops once ``limit`` triads are found
    and every edge as heavy as the last one is in, and the totals come from the sign matrix
    (trace(|S|³)/6 triangles, trace(S³)/6 = balanced - unbalanced)."""
    signed = sorted((e for e in edges if e["sign"]), key=lambda e: (-e["weight"], e["a"], e["b"]))
    return _found_triads(signed, limit, lambda: _balance_counts(signed))


def _found_triads(signed, limit: int | None, counts) -> tuple[list[dict], int, int]:
    """:func:`_triads` over the signed edges given heaviest first (any iterable); ``counts()``: the totals."""
    near: dict[str, set] = defaultdict(set)
    by_pair = {}
    out = []
    previous = None
    for e in signed:
        if limit is not None and len(out) >= limit and e["weight"] < previous:
            break
        previous = e["weight"]
        x, y = e["a"], e["b"]
        by_pair[(x, y)] = e
        for z in near[x] & near[y]:
            out.append(_triad(sorted((x, y, z)), by_pair))
        near[x].add(y)
        near[y].add(x)
    out.sort(key=lambda t: (-t["weight"], t["nodes"]))
    if limit is None or len(out) < limit:
        return out, len(out), sum(1 for t in out if t["balanced"])
    total, balanced = counts()
    return out[:limit], total, balanced


def _triad(nodes: list[str], by_pair: dict) -> dict:
    x, y, z = nodes
    trio = [by_pair.get((x, y)) or by_pair[(y, x)], by_pair.get((x, z)) or by_pair[(z, x)],
            by_pair.get((y, z)) or by_pair[(z, y)]]
    product = trio[0]["sign"] * trio[1]["sign"] * trio[2]["sign"]
    return {"nodes": [x, y, z], "signs": "".join("+" if e["sign"] > 0 else "-" for e in trio),
            "edges": {f"{e['a']}-{e['b']}": e["sign"] for e in trio},
            "balanced": product > 0, "weight": round(min(e["weight"] for e in trio), 3)}


def _balance_counts(signed: list[dict]) -> tuple[int, int]:
    nodes = sorted({c for e in signed for c in (e["a"], e["b"])})
    at = {c: i for i, c in enumerate(nodes)}
    i = np.fromiter((at[e["a"]] for e in signed), dtype=np.int64, count=len(signed))
    j = np.fromiter((at[e["b"]] for e in signed), dtype=np.int64, count=len(signed))
    return _sign_counts(i, j, np.fromiter((e["sign"] for e in signed), dtype=np.float64, count=len(signed)),
                        len(nodes))


def _sign_counts(i, j, signs, n: int) -> tuple[int, int]:
    """(triangles, balanced ones) of the signed edges i–j: trace(|S|³)/6 and (that + trace(S³)/6)/2."""
    s = np.zeros((n, n))  # floats: a BLAS product, exact for these integer counts
    s[i, j] = s[j, i] = signs
    a = np.abs(s)
    total = round(float(((a @ a) * a).sum())) // 6  # trace(A³) = Σ (A²)ᵢⱼ Aⱼᵢ, A symmetric
    net = round(float(((s @ s) * s).sum())) // 6
    return total, (total + net) // 2


def triad(net: dict, codes) -> dict | None:
    """The triad of three codes in a network dict, if all three edges are signed."""
    want = sorted(c.upper() for c in codes)
    return next((t for t in net["triads"] if t["nodes"] == want), None)
