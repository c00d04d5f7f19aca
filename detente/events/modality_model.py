"""The modality gate: a trained linear model that checks an event the coder reads as asserted.

Of the events the learned coder reads as asserted in news, the judged tune events show that many did not happen
as reported: background from years before the article, acts announced or planned but not done, the writer's
hedges, one side's claims, conditions. ``refine`` asks this model whether such an event is asserted; below the
threshold chosen on cross-validated tune judgements it takes the model's most probable other modality.

``data/modality_model.npz`` holds the hashed feature buckets seen in training and one weight row per bucket (no
words); ``data/modality_model.json`` its classes, threshold and cross-validated figures
(``tools/train_modality.py`` writes both; ``make train`` rebuilds them). Features read the trigger's clause and
the clauses above it (tense and aspect of the parse, modal and future auxiliaries, governing verbs of planning,
hedging and reporting, who reports), the sentence (conditions, attributions, a question) and time (a year or
decade named, against the article's year; words like "ago", "since", "former", "next"), and (2.0.0) the cues of
``modality_cues.py``: negation, condition, hedge, quotation, report and who reports, plan, time to come or long
past, relative and time clauses, headline, each with the trigger's tense. The threshold is chosen for a precision
of asserted on the judged tune events (``tools/train_modality.py`` PRECISION), not for accuracy.
"""
from __future__ import annotations

import functools
import json
import pathlib
import re

import numpy as np

from ..nlp import doc_text, span_text
from .modality import cues, governing_verb
from .modality_cues import CONDITION, FUTURE, HEDGE, PAST, PLAN, REPORT, REPORTER, lemma  # the word classes
from .modality_cues import features as cue_features
from .modality_time import features as time_features
from .tokens import sentence_table, subtree_indices

DATA = pathlib.Path(__file__).parent / "data"
MODEL = DATA / "modality_model"
VERSION = "2.2.0"  # 2.2.0: the "averted" cue (modality_cues.py, word class avert) and news copies of the trigger's and governing clauses' features (NEWS_BASE); 2.1.0: time and aspect features (modality_time.py: time expressions against the article's date, aspect, era phrases) and the coded event type, precision target 0.88; 2.0.0: the cue features (modality_cues.py) with news copies, threshold for judged precision of asserted; 1.0.0: first gate
ASSERTED = "asserted"
CLAUSE_CHILD = frozenset({"aux", "auxpass", "neg", "mark", "advmod", "npadvmod", "prt"})
CONTEXT = 600  # characters of the article before a sentence read for the years its paragraph is about
OFFSETS = (1, 400, 1500, 4000)  # buckets of a sentence's place in its article (characters from the start)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
NOUN_CHILD = frozenset({"amod", "compound", "nummod", "det", "poss", "nmod"})
CUES = True  # the cue features of modality_cues.py (2.0.0)
TIME = True  # the time and aspect features of modality_time.py (2.1.0)
TIME_NEWS = True  # ... and their news copies
# 2.2.0: the features of the trigger and of the clauses above it that come twice in news, as the cues do (``n:``):
# a trigger lemma, tense or governing verb of planning or reporting means something else in the judged news than in
# the corpus's sentences ("announced" an act to come). Chosen on nested judged tune CV (precision / recall of
# asserted, with the averted cue): no copies 0.8780 / 0.9614, the class features (uc, tcc, cc, rep, rs) 0.8804 /
# 0.9614, these 0.8813 / 0.9637, every feature 0.8785 / 0.9629; these without the averted cue 0.8819 / 0.9614;
# 2.1.0 (neither) 0.8787 / 0.9595.
NEWS_BASE = ("uc", "tcc", "cc", "rep=", "rs=", "l=", "tense=", "gv=", "u1=", "path=")
EVENT = True  # the coded event type, alone and with the first cue (2.1.0)


def rule_modality(tok, sent, year):
    """The rule modality (detente/events/modality.py) of a trigger no rule candidate read."""
    from .modality import modality
    return modality(tok, sent, year)



def _classes(t) -> list:
    lem, low = lemma(t), t.lower_
    return [name for name, cls in (("plan", PLAN), ("hedge", HEDGE), ("report", REPORT), ("past", PAST),
                                   ("fut", FUTURE)) if lem in cls or low in cls]


def _tense(v) -> str:
    aux = "+".join(c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass"))
    return f"{v.tag_}|{aux or '-'}"


def _year_bucket(y: int, year) -> str:
    if year is None:
        return "noart"
    d = year - y
    if d < 0:
        return "after"
    return "same" if d == 0 else ("1" if d == 1 else ("2-5" if d <= 5 else ("6-20" if d <= 20 else "old")))


def features(tok, sent, rule_mod, year=None, before=None, offset=None, news=True, date=None, event=None) -> list:
    """Feature strings of the trigger ``tok`` in ``sent``; ``rule_mod``: the rule modality; ``year``: the
    article's year (or None); ``before``: the article's text just before the sentence and ``offset`` the
    sentence's place in it (both read from ``sent.doc`` when not given: training parses sentences alone);
    ``news``: the sentence is from a news article (always, when coding; in training the judged articles, not the
    corpus's sentences): the cue features then come twice, once as news's own (``n:``), so the model learns what
    a cue means in news apart from what it means in the corpus (feature augmentation for two domains);
    ``date``: the article's date (ISO), read for the distance of the sentence's time expressions (absent without
    one); ``event``: the coded PLOVER type (or None)."""
    if before is None:
        before = doc_text(sent.doc)[max(0, sent.start_char - CONTEXT):sent.start_char]  # Doc.text built once per Doc
        offset = sent.start_char
    S = sentence_table(sent)
    if S.closed and S.start <= tok.i < S.end:  # the same features, read from the sentence's lists
        f, v = _listed_features(S, tok.i - S.start, rule_mod)
        v = S.token(v)
    else:
        f, v = _token_features(tok, rule_mod)
    path, t = [], tok
    for _ in range(3):
        if t.head.i == t.i:
            break
        path.append(t.dep_)
        t = t.head
    f.append("path=" + ">".join(path))
    first = []  # the first two words that are no punctuation
    for t in sent:
        if not t.is_punct:
            first.append(t)
            if len(first) == 2:
                break
    if first:
        f += [f"first={lemma(first[0])}", "first2=" + "|".join(lemma(t) for t in first)]
    _sentence(f, tok, v, sent, year)
    _context(f, before, offset, year)
    if news and NEWS_BASE:
        f += ["n:" + x for x in f if x.startswith(NEWS_BASE)]
    k = None
    if CUES:
        c = cue_features(tok, sent, year, offset if news else None)  # a corpus sentence is no headline
        f += c
        if news:
            f += ["n:" + x for x in c]
        k = c[0]
    if TIME:
        t = time_features(tok, v, sent, date)
        f += t
        if news and TIME_NEWS:
            f += ["n:" + x for x in t]
    if EVENT and event:
        f += [f"ev={event}", f"evk={event}|{k}", f"evrm={event}|{rule_mod}"]
    return f


def _listed_features(S, k, rule_mod) -> tuple:
    """``_token_features`` of the token at ``k`` of a closed sentence, read from its lists (``tokens.Sentence``):
    the same strings; the governing verb as its index in the sentence."""
    lem, lower, dep, pos, tag, ents, head, children = S.lemma, S.lower, S.dep, S.pos, S.tag, S.ent, S.head, S.children

    def lemma_at(j):  # modality_cues.lemma: the lower form where the parse gives no lemma
        return lem[j] or lower[j]

    def classes(j) -> list:
        a, b = lemma_at(j), lower[j]
        return [name for name, cls in (("plan", PLAN), ("hedge", HEDGE), ("report", REPORT), ("past", PAST),
                                       ("fut", FUTURE)) if a in cls or b in cls]

    def tense(j) -> str:
        aux = "+".join(lower[c] for c in children[j] if dep[c] in ("aux", "auxpass"))
        return f"{tag[j]}|{aux or '-'}"

    f = ["b", f"rm={rule_mod}", f"l={lemma_at(k)}", f"t={tag[k]}", f"d={dep[k]}", f"p={pos[k]}"]
    for c in children[k]:
        if dep[c] in NOUN_CHILD or dep[c] in CLAUSE_CHILD:
            f.append(f"tc={dep[c]}:{lemma_at(c)}")
            f += [f"tcc={x}" for x in classes(c)]
    v = S.governing(k)
    f.append(f"tense={tense(v)}")
    if v != k:
        f += [f"gv={lemma_at(v)}", f"gd={dep[v]}|{dep[k]}"]
    chain = [v, *[a for _, a in zip(range(4), S.ancestors(v))]]
    rep = None
    for n, u in enumerate(chain):
        lvl = min(n, 2)
        if n:
            f += [f"u{lvl}={lemma_at(u)}", f"ud{lvl}={dep[u]}", f"ut{lvl}={tense(u)}"]
        for name in classes(u):
            f.append(f"uc{lvl}={name}")
            if name == "report" and rep is None and n:
                rep = u
        for c in children[u]:
            if dep[c] in CLAUSE_CHILD:
                f.append(f"c{lvl}={dep[c]}:{lower[c]}")
                f += [f"cc{lvl}={name}" for name in classes(c)]
    if rep is not None:
        f.append(f"rep={lemma_at(rep)}")
        subj = [c for c in children[rep] if dep[c] in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            f += [f"rs={ents[s] or pos[s]}", f"rsl={lemma_at(s)}"]
            if lemma_at(s) in REPORTER:
                f.append("rs=side")
        else:
            f.append("rs=none")
    return f, v


def _token_features(tok, rule_mod) -> tuple:
    """The trigger's own, its governing verb's and the verbs' above it features (and that verb), read from the
    Tokens (a sentence whose heads leave it)."""
    f = ["b", f"rm={rule_mod}", f"l={lemma(tok)}", f"t={tok.tag_}", f"d={tok.dep_}", f"p={tok.pos_}"]
    for c in tok.children:
        if c.dep_ in NOUN_CHILD or c.dep_ in CLAUSE_CHILD:
            f.append(f"tc={c.dep_}:{lemma(c)}")
            f += [f"tcc={k}" for k in _classes(c)]
    v = governing_verb(tok)
    f.append(f"tense={_tense(v)}")
    if v.i != tok.i:
        f += [f"gv={lemma(v)}", f"gd={v.dep_}|{tok.dep_}"]
    chain = [v, *[a for _, a in zip(range(4), v.ancestors)]]
    rep = None
    for k, u in enumerate(chain):
        lvl = min(k, 2)
        if k:
            f += [f"u{lvl}={lemma(u)}", f"ud{lvl}={u.dep_}", f"ut{lvl}={_tense(u)}"]
        for name in _classes(u):
            f.append(f"uc{lvl}={name}")
            if name == "report" and rep is None and k:
                rep = u
        for c in u.children:
            if c.dep_ in CLAUSE_CHILD:
                f.append(f"c{lvl}={c.dep_}:{c.lower_}")
                f += [f"cc{lvl}={name}" for name in _classes(c)]
    if rep is not None:
        f.append(f"rep={lemma(rep)}")
        subj = [c for c in rep.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            f += [f"rs={s.ent_type_ or s.pos_}", f"rsl={lemma(s)}"]
            if lemma(s) in REPORTER:
                f.append("rs=side")
        else:
            f.append("rs=none")
    return f, v


def _context(f, before, offset, year) -> None:
    """The years named just before the sentence in the article (the time its paragraph is about), and how far
    into the article the sentence is."""
    years = [int(m.group(1)) for m in YEAR.finditer(before or "")]
    if years:
        f.append(f"py={_year_bucket(years[-1], year)}")
    f.append(f"off={next((k for k, lim in enumerate(OFFSETS) if (offset or 0) < lim), len(OFFSETS))}")


def _sentence(f, tok, v, sent, year) -> None:
    """Cues anywhere in the sentence, and time: a year or decade named, in the trigger's clause or not."""
    clause = subtree_indices(v, sent)
    text = span_text(sent).rstrip()
    f.append(f"q={text.endswith('?')}")
    if '"' in text or "\u201c" in text:
        f.append("quote")
    neg = cues()["negation"]
    S = sentence_table(sent)  # the sentence's words as lists, read once (t.lower_, t.dep_, t.like_num)
    s0 = S.start
    for k, (low, lem, dep, num) in enumerate(zip(S.lower, S.lemma, S.dep, S.num)):
        lem = lem or low  # modality_cues.lemma: the lower form where the parse gives no lemma
        where = "c" if s0 + k in clause else "s"
        if low in CONDITION:
            f.append(f"cond{where}={low}")
        if low in HEDGE or lem in HEDGE:
            f.append(f"hedge{where}={lem}")
        if low in PAST:
            f.append(f"past{where}={low}")
        if low in FUTURE:
            f.append(f"fut{where}={low}")
        if low == "according":
            f.append(f"accord{where}")
        if dep == "neg" or low in neg["adverbs"]:
            f.append(f"neg{where}")
        if num and len(low) == 4 and low.isdigit() and low[:2] in ("18", "19", "20"):
            b = _year_bucket(int(low), year)
            prep = sent.doc[s0 + k].head.lower_ if dep == "pobj" else "-"
            f += [f"y{where}={b}", f"yp{where}={prep}|{b}"]
        elif len(low) == 5 and low.endswith("s") and low[:4].isdigit() and low[:2] in ("18", "19", "20"):
            f.append(f"dec{where}={_year_bucket(int(low[:4]) + 9, year)}")


# ---------------------------------------------------------------------- the shipped model
class Gate:
    """The trained model (a Linear over hashed buckets), its classes and threshold."""

    def __init__(self, linear, threshold: float):
        self.linear, self.threshold = linear, threshold
        self.k_asserted = linear.classes.index(ASSERTED)

    def probs(self, feats) -> np.ndarray:
        s = self.linear.scores(feats).astype(np.float64)
        e = np.exp(s - s.max())
        return e / e.sum()

    def decide(self, feats):
        """(modality, probability): asserted unless its probability falls below the threshold."""
        p = self.probs(feats)
        if p[self.k_asserted] >= self.threshold:
            return ASSERTED, float(p[self.k_asserted])
        q = p.copy()
        q[self.k_asserted] = -1.0
        k = int(np.argmax(q))
        return self.linear.classes[k], float(p[k])


@functools.lru_cache(maxsize=1)
def gate():
    """The shipped gate, or None when no model file is there (the coder's modality then stands)."""
    if not MODEL.with_suffix(".npz").exists():
        return None
    from .linear import Linear

    meta = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    z = np.load(MODEL.with_suffix(".npz"))
    return Gate(Linear(z["buckets"], z["weights"], z["bias"], meta["classes"]), float(meta["threshold"]))


def refine(modality: str, p: float, tok, sent, rule_mod, year, date=None, event=None):
    """The coder's (modality, probability), checked by the gate when it reads the event as asserted; ``date``:
    the article's (ISO string) or None; ``event``: the coded PLOVER type."""
    if modality != ASSERTED:
        return modality, p
    g = gate()
    if g is None:
        return modality, p
    label, q = g.decide(features(tok, sent, rule_mod, year, date=date, event=event))
    return (modality, p) if label == ASSERTED else (label, q)  # a kept event keeps the coder's probability
