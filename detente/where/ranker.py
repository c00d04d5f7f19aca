"""A trained ranker over the gazetteer's candidates for one name of an article.

The rules of :mod:`detente.where.resolve` give every name a first reading; the ranker then
re-reads each name with more than one candidate, from features that carry over between
newspapers (``FEATURES``): the rule score itself, feature class and log population, how the
name matched, the countries and states the article's other names point to, distance to the
other names' readings, the words around the name, the tagger's label and the position of the
name. The model is a logistic regression learnt by ``tools/train_places.py`` on the tune part
of the dev sets; ``data/ranker.json`` holds only numbers (weights, means, scales) in the
order of ``FEATURES``. Without that file the rules' reading stands.
"""
from __future__ import annotations

import functools
import json
import math
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

from detente.where.gazetteer import ACRONYM, fold, km

MODEL = Path(__file__).parent / "data" / "ranker.json"

FEATURES = (
    "rule", "rule_gap", "rule_best",
    "prior", "log_population", "population_gap",
    "kind_country", "kind_state", "kind_province", "kind_region", "kind_county", "kind_city", "kind_airport",
    "kind_other",
    "capital", "alternate_name", "ascii_name", "abbreviation",
    "country_share", "state_share", "given_country", "article_country",
    "support_any", "support_chosen", "inside_count",
    "near_km", "no_other_place",
    "local_words_town", "state_words_state", "listed_kind",
    "marked_town", "marked_broad", "institution_town",
    "gpe_town", "gpe_broad", "loc_broad", "name_entity_town", "no_entity_town",
    "weak_town", "first_name_town", "mentions_town", "collides_town",
    "local_article_town", "main_country", "near_50km_town", "collides_near_town", "alternate_town",
)
# what says whether a name, read as its best candidate, is a place at all ("none of these")
FROM_CANDIDATE = ("rule", "prior", "log_population", "kind_country", "kind_state", "kind_province", "kind_region",
                  "kind_county", "kind_city", "kind_airport", "kind_other", "country_share", "state_share",
                  "given_country", "article_country", "support_any", "support_chosen", "inside_count", "near_km",
                  "no_other_place", "main_country", "near_50km_town", "alternate_name", "abbreviation")
LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "")
GROUP_FEATURES = FROM_CANDIDATE + tuple(f"label_{lab or 'none'}" for lab in LABELS) + (
    "label_other", "marked", "institution", "local_words", "weak", "state_words", "apposition", "listed",
    "mentions", "candidates", "words", "all_capitals", "letters", "no_other_names",
)
KINDS = ("country", "state", "province", "region", "county", "city", "airport")
TOWN = frozenset({"city", "county"})
NAME_LABELS = frozenset({"ORG", "PERSON", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "FAC", "NORP"})


def candidate_features(g, rules: Sequence[float], ctx: tuple, any_support, others: Sequence, base, first: bool) -> list:
    """One row of ``FEATURES`` per candidate of the name group ``g``. ``rules`` are the rule
    scores, ``ctx`` the (countries, states, points, kinds) the other names give, ``others``
    the readings chosen for the other names, ``base`` the countries given or named by a demonym."""
    import sys

    rs = sys.modules["detente.where.resolve"]  # the module (the package exports a function of its name)

    countries, states, points, kinds = ctx
    top_rule = max(rules)
    best = rules.index(top_rule)
    pops = [math.log10(max(e.population, 1000)) for e in g.cands if e.kind == "city"]
    top_pop = max(pops, default=3.0)
    article = {o.country for o in others if o.country} | {c for c, w in base.items() if w > 0}
    towns = [o for o in others if o.kind in TOWN]
    m0 = min(g.mentions, key=lambda m: m.start)
    text = m0.text
    label = m0.label
    marked = any(m.marked for m in g.mentions)
    institution = any(m.institution for m in g.mentions)
    collides = any(c.kind in rs.BROAD for c in g.cands)
    n = len(g.mentions)
    local_share = len(towns) / len(others) if others else 0.0
    main = Counter(o.country for o in others if o.country).most_common(1)
    rows = []
    for i, e in enumerate(g.cands):
        town = e.kind in TOWN
        broad = e.kind in rs.BROAD
        logpop = math.log10(max(e.population, 1000)) if e.kind == "city" else 0.0
        d = min((km(o.lat, o.lon, e.lat, e.lon) for o in towns if o is not e), default=None)
        rows.append([
            rules[i], rules[i] - top_rule, float(i == best),
            rs.base_score(e, collides), logpop, (logpop - top_pop) if e.kind == "city" else 0.0,
            *(float(e.kind == k) for k in KINDS), float(e.kind not in KINDS),
            float(e.capital), float(fold(e.name) != g.key), float(text.isascii() and not e.name.isascii()),
            float(bool(ACRONYM.fullmatch(text)) or (text.endswith(".") and len(text) <= 6)),
            rs._share(countries, e.country, spread=True), rs._share(states, e.admin1) if (town or e.kind == "state") else 0.0,
            float(base.get(e.country, 0) > 0), float(e.country in article),
            any_support(e, g.key) if town else 0.0, rs._near(e, points) if town else 0.0,
            rs._inside_count(e, points),
            min(math.log10(1 + d), 4.0) / 4.0 if d is not None else 1.0, float(d is None),
            float(g.local and town), float(g.state and e.kind == "state"),
            float(bool(kinds) and kinds[e.kind] * 2 > sum(kinds.values())),
            float(marked and town), float(marked and broad), float(institution and town),
            float(label == "GPE" and town), float(label == "GPE" and broad), float(label == "LOC" and broad),
            float(label in NAME_LABELS and town), float(label == "" and town),
            float(g.weak and town), float(first and town), math.log2(1 + min(n, 8)) * town, float(collides and town),
            local_share * town, float(bool(main) and e.country == main[0][0]),
            float(town and d is not None and d < 50), float(collides and town and d is not None and d < 80),
            float(town and fold(e.name) != g.key),
        ])
    return rows


def group_features(g, row: Sequence[float], others: int) -> list:
    """One row of ``GROUP_FEATURES`` for the name group ``g`` read as the candidate whose
    ``FEATURES`` row is ``row``; ``others`` is how many other names of the article have a reading."""
    at = {f: i for i, f in enumerate(FEATURES)}
    m0 = min(g.mentions, key=lambda m: m.start)
    text = m0.text
    return [row[at[f]] for f in FROM_CANDIDATE] + [float(m0.label == lab) for lab in LABELS] + [
        float(m0.label not in LABELS), float(any(m.marked for m in g.mentions)),
        float(any(m.institution for m in g.mentions)), float(g.local), float(g.weak), float(g.state),
        float(bool(g.within)), float(bool(g.lists)), math.log2(1 + min(len(g.mentions), 8)),
        math.log2(1 + min(len(g.cands), 64)), float(len(text.split())), float(text.isupper()),
        min(sum(ch.isalpha() for ch in text), 20) / 20, float(others == 0),
    ]


class _Linear:
    """A linear model over standardised features, kept as raw-feature coefficients."""

    def __init__(self, data: dict, names: tuple):
        weights, mean, scale = data["weights"], data["mean"], data["scale"]
        if not (len(weights) == len(mean) == len(scale) == len(names)):
            raise ValueError(f"ranker model has {len(weights)} weights for {len(names)} features; retrain it "
                             f"(make train-places)")
        self.coef = [w / (s or 1.0) for w, s in zip(weights, scale)]
        self.bias = data["bias"] - sum(c * m for c, m in zip(self.coef, mean))

    def __call__(self, row: Sequence[float]) -> float:
        return self.bias + sum(c * x for c, x in zip(self.coef, row))


class Ranker:
    """The candidate with the highest score wins. When the model has a ``keep`` part, a name
    whose probability of being a place falls under ``threshold`` is dropped ("none of these")."""

    def __init__(self, data: dict):
        self.choose = _Linear(data["choose"], FEATURES)
        self.keeper = _Linear(data["keep"], GROUP_FEATURES) if data.get("keep") else None
        self.threshold = float(data.get("threshold") or 0.0)

    def best(self, rows: Sequence[Sequence[float]]) -> int:
        s = [self.choose(r) for r in rows]
        return s.index(max(s))

    def place(self, row: Sequence[float]) -> float:
        """The probability that the name of this ``GROUP_FEATURES`` row is a place (1 without a keep part)."""
        if self.keeper is None:
            return 1.0
        z = self.keeper(row)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@functools.lru_cache(maxsize=2)
def load(path: Optional[str] = None) -> Optional[Ranker]:
    """The shipped model, or None when there is none (the rules' reading then stands)."""
    p = Path(path) if path else MODEL
    if not p.exists():
        return None
    return Ranker(json.loads(p.read_text(encoding="utf-8")))
