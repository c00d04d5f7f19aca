"""How likely an event of the trained coder is fully right (type, source, target, and it happened), from how the
coder found it: a small logistic model over numbers, no text.

``data/confidence_model.json`` holds the feature names, their standardisation, the weights, the threshold and
the cross-validated figures (``tools/train_confidence.py`` writes it from the hand judgements of
``eval/judgements/``, each judged article read by the coder of the cross-validation fold that never saw it:
``tools/confidence_rows.py``). The features (``features``) are the type model's probability and margins, the trigger veto's probability of an event, whether
the rule coder proposed the trigger and agreed on its type, the role probabilities of the chosen parties and how
they were found (role model, the rule coder's parties, the sentence's country), how the parties are coded and
their sectors (state, armed group, other), the trigger's part of speech, tag, dependency and depth, its lemma
hashed into a few indicator buckets, the sentence's place in the article and the trigger's in its sentence, the
modality model's certainty and the cues of a reported, modal, future, perfect, negated, conditional, questioned
or quoted statement or of a dated one (a year), and the distance between trigger and parties.

An asserted event under ``threshold`` is not emitted (``Settings.min_confidence``, ``--min-confidence``; None:
this threshold, 0 keeps every event, each with its confidence). Without a model file (or with
DETENTE_CONFIDENCE=off) the coder's old heuristic confidence stays and nothing is left out.
"""
from __future__ import annotations

import functools
import json
import math
import operator
import os
import pathlib
import re
import zlib
from typing import Optional

from ..nlp import span_text
from ..wordlists import word_set
from .lexicon import WORDS
from .tokens import sentence_table

DATA = pathlib.Path(__file__).parent / "data"
MODEL = DATA / "confidence_model.json"
DEPS = ("ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pobj", "dobj", "nsubj", "compound", "amod",
        "parataxis", "pcomp", "appos", "nsubjpass")
TAGS = ("VBD", "VBN", "VBZ", "VBP", "VB", "VBG", "NN", "NNS")
MODALS = word_set(WORDS, "modals")
NEG = word_set(WORDS, "neg_words")
QUOTES = ('"', "\u201c", "\u201d", "\u2018\u2018")
TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DISAPPROVE", "MOBILIZE",
         "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN")

# Sectors of the state and of armed groups outside it (PLOVER v0.8 sector codes): who acts for a country.
STATE = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "LEG", "PRE", "ELI"})
ARMED = frozenset({"REB", "INS", "UAF", "MILITIA", "PMC", "TER"})
LEMMA_BUCKETS = 64  # the trigger's lemma, hashed (CRC-32) into this many indicator features: no word is stored
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")

# Feature rows kept for training (tools/train_confidence.py sets a list; None in normal runs).
TRACE: Optional[list] = None


def _clip(x: float, lo: float = -10.0, hi: float = 10.0) -> float:
    return max(lo, min(hi, float(x)))


def _depth(tok) -> int:
    n, t = 0, tok
    while t.head.i != t.i and n < 30:
        n, t = n + 1, t.head
    return n


def _nearest(tok, actors) -> Optional[int]:
    ds = [abs(tok.idx - a.span.start) for a in actors if a.span is not None]
    return min(ds) if ds else None


def _parties(actors) -> int:
    """How many parties a side names: coordinated identities read from one span ("Polish and Czech officials")
    count once, as one mention."""
    return len({(a.span.start, a.span.end) if a.span is not None else id(a) for a in actors})


def features(info: dict) -> dict:
    """Numeric features of one coded event; ``info`` is what learned.Coder.event knew when it made it."""
    tok, sent, event = info["tok"], info["sent"], info["event"]
    src, tgt = info["source"], info["target"]
    pos, dep, tag = tok.pos_, tok.dep_, tok.tag_  # each read once (a Token attribute is a string-store lookup)
    kids = [(c.dep_, c.lower_) for c in tok.children]
    table = sentence_table(sent)
    text = span_text(sent)
    f = {
        "p_type": info["p_type"], "margin_none": _clip(info["margin_none"]) / 5,
        "margin_second": _clip(info["margin_second"]) / 5,
        "checked": float(info["checked"]), "rule_cand": float(info["rule_type"] is not None),
        "rule_agrees": float(info["rule_type"] == event), "rule_selected": float(info["selected"]),
        "has_src": float(bool(src)), "has_tgt": float(bool(tgt)), "both": float(bool(src) and bool(tgt)),
        "multi": float(_parties(src) + _parties(tgt) > 2),
        "p_src": info["p_src"], "p_tgt": info["p_tgt"],
        "src_rule": float(info["src_rule"]), "tgt_rule": float(info["tgt_rule"]),
        "src_outside": float(any(a.span is None for a in src)), "tgt_outside": float(any(a.span is None for a in tgt)),
        "src_uncoded": float(bool(src) and not any(a.code for a in src)),
        "tgt_uncoded": float(bool(tgt) and not any(a.code for a in tgt)),
        "src_sector": float(any(a.sector for a in src)), "tgt_sector": float(any(a.sector for a in tgt)),
        "src_country": float(any(a.code and len(a.code) == 3 and a.code.isupper() and a.code not in
                                 ("IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC") for a in src)),
        "same_code": float(bool({a.code for a in src if a.code} & {a.code for a in tgt if a.code})),
        "verb": float(pos == "VERB"), "noun": float(pos == "NOUN"),
        "passive": float(info["passive"]), "rank": min(info["rank"], 4) / 2, "depth": min(_depth(tok), 8) / 4,
        "sent_index": math.log1p(info["sent_index"]), "first_sent": float(info["sent_index"] == 0),
        "sent_len": math.log1p(len(sent)) - 3, "mentions": min(info["mentions"], 8) / 4,
        "p_modality": info["p_modality"], "rule_asserted": float(info["rule_modality"] == "asserted"),
        "modal": float(any(low in MODALS for _, low in kids)),
        "neg": float(any(d == "neg" or low in NEG for d, low in kids)),
        "cond": float(any((low == "if" or low == "unless") and d == "mark" for low, d in zip(table.lower, table.dep))),
        "question": float(text.rstrip().endswith("?")),
        "quote": float(any(q in text for q in QUOTES)),
        "reported": float(info["reported"]), "speaker_src": float(info["speaker_src"] == "True"),
        "events_here": min(info.get("events_here", 1), 4) / 2,
        "p_event": info.get("p_event", 1.0),  # the trigger veto's probability that the word is an event at all
    }
    for d in DEPS:
        f["dep=" + d] = float(dep == d)
    for t in TAGS:
        f["tag=" + t] = float(tag == t)
    for t in TYPES:
        f["type=" + t] = float(event == t)
    for side, actors in (("src", src), ("tgt", tgt)):
        d = _nearest(tok, actors)
        f[f"dist_{side}"] = 0.0 if d is None else min(d, 200) / 100
        f[f"{side}_state"] = float(any(a.sector in STATE for a in actors))
        f[f"{side}_armed"] = float(any(a.sector in ARMED for a in actors))
        f[f"{side}_other_sector"] = float(any(a.sector and a.sector not in STATE and a.sector not in ARMED
                                              for a in actors))
    f.update(_context(tok, sent, dep, text))
    f[f"lemma={zlib.crc32(tok.lemma_.lower().encode('utf-8')) % LEMMA_BUCKETS}"] = 1.0
    return f


def _context(tok, sent, dep=None, text=None) -> dict:
    """Where the trigger stands: in the article (characters before its sentence), in its sentence, inside a quote;
    whether it is an infinitive under another verb ("plans to visit", "agreed to withdraw") and whether the
    sentence names a year. ``dep``, ``text``: ``tok.dep_`` and the sentence's text, when the caller has them."""
    text = span_text(sent) if text is None else text
    dep = tok.dep_ if dep is None else dep
    start_char = sent.start_char
    before = text[:max(0, tok.idx - start_char)]
    n = max(1, len(sent))
    aux = [c for c in tok.children if c.dep_ == "aux"]
    return {
        "art_pos": math.log1p(start_char / 100), "sent_pos": (tok.i - sent.start) / n,
        "in_quote": float(before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")),
        "to_inf": float(dep == "xcomp" and any(c.lower_ == "to" for c in aux)),
        "aux_will": float(any(c.lower_ in ("will", "would", "'ll", "shall") for c in aux)),
        "perfect": float(any(c.lemma_ == "have" for c in aux)),
        "year": float(bool(YEAR.search(text))),
    }


class Model:
    """Logistic models over the same standardised features: one per judged field (type, source, target, happened),
    the confidence being their product, or one of "fully right" (the file's ``combine``)."""

    def __init__(self, info: dict):
        self.names = list(info["features"])
        self.mean = [float(x) for x in info["mean"]]
        self.scale = [float(x) or 1.0 for x in info["scale"]]
        self.parts = {k: ([float(x) for x in v["weights"]], float(v["bias"])) for k, v in info["parts"].items()}
        self.threshold = float(info["threshold"])
        self.info = info

    def probabilities(self, feats: dict) -> dict:
        x = [(feats.get(n, 0.0) - m) / s for n, m, s in zip(self.names, self.mean, self.scale)]
        out = {}
        for k, (w, b) in self.parts.items():
            z = b + sum(map(operator.mul, w, x))  # the same products summed in the same order
            out[k] = 1.0 / (1.0 + math.exp(-_clip(z, -30, 30)))
        return out

    def probability(self, feats: dict) -> float:
        return math.prod(self.probabilities(feats).values())


@functools.lru_cache(maxsize=1)
def model() -> Optional[Model]:
    """The installed confidence model, or None (no file, or DETENTE_CONFIDENCE=off)."""
    if os.environ.get("DETENTE_CONFIDENCE", "").lower() == "off" or not MODEL.exists():
        return None
    with open(MODEL, encoding="utf-8") as fh:
        return Model(json.load(fh))


def threshold() -> float:
    """The least confidence of an emitted asserted event by default (0 without a model)."""
    m = model()
    return m.threshold if m is not None else 0.0
