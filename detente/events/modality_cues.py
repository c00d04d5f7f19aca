"""Cues that an event read as asserted did not happen as reported, read from the parse of its sentence.

Each cue names one kind of reason a news sentence gives for an act that did not happen at the time reported:
negation or refusal on the clauses that govern it, a word above it that says it was kept from happening or called
off ("averted": "avoided blaming", "unwilling to lend", "held back from"), a condition or modal, the writer's or a
source's hedge, the act planned, ordered, decided or announced but not done, time to come, time long past (a year
before the article's, "ago", "previously"), a relative or time clause that describes background, one side's report
of it (and who reports: a named person, a named side, an unnamed source), the act inside a quotation, the article's
headline.

``cues(tok, sent, year, offset)`` gives them all (the gate's features, ``modality_model.features``), and
``kind`` the first by a fixed order (``tools/modality_errors.py`` counts the gate's errors by kind). Word classes
are those of ``data/modality_words.yaml`` and ``data/modality.yaml``; nothing here names a sentence.
"""
from __future__ import annotations

from ..nlp import span_text
from ..wordlists import word_set
from .modality import clause_chain, cues as rule_cues
from .tokens import sentence_table, subtree_indices

WORDS = __import__("pathlib").Path(__file__).parent / "data" / "modality_words.yaml"
PAST, FUTURE, PLAN, HEDGE, REPORT, REPORTER, CONDITION, TIME_MARK, NEG_PREP, AVERT = (word_set(WORDS, k) for k in (
    "past_time", "future_time", "plan", "hedge", "report", "reporter", "condition", "time_mark", "negating", "avert"))
MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "'d", "ought"})
WILL = frozenset({"will", "shall", "'ll", "wo"})
ORDER = ("negated", "averted", "condition", "hedge", "quoted", "reported", "planned", "future", "past", "relative",
         "time_clause", "headline")
AVERTED = True  # the "averted" cue (2.2.0)
OPEN_Q, CLOSE_Q = "\u201c", "\u201d"


def lemma(t) -> str:
    """The token's lemma lower-cased (its lower form when the parse gives none)."""
    return (t.lemma_ or t.lower_).lower()


def in_quote(tok, sent) -> bool:
    """The trigger stands inside quotation marks opened in its sentence (or the sentence opens inside one: more
    closing than opening marks before the trigger)."""
    before = span_text(sent)[:max(0, tok.idx - sent.start_char)]
    curly = before.count(OPEN_Q) - before.count(CLOSE_Q)
    return curly > 0 or before.count('"') % 2 == 1 or (curly < 0)


def reporter_kind(verb) -> str:
    """Who reports, by the subject of a reporting verb: a named person, a named side, a pronoun, an unnamed
    source (officials, activists, a ministry), a passive report ("is said", "was reported"), other."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(c.dep_ == "auxpass" for c in verb.children) or (subj and subj[0].dep_ == "nsubjpass"):
        return "passive"
    if not subj:
        return "none"
    s = subj[0]
    if s.ent_type_ == "PERSON":
        return "person"
    if s.ent_type_ in ("ORG", "GPE", "NORP"):
        return "side"
    if s.pos_ == "PRON":
        return "pron"
    if lemma(s) in REPORTER:
        return "unnamed"
    return "other"


def averts(t) -> bool:
    """The word says that what it governs was kept from happening, called off or refused (word class ``avert``:
    "avoid", "unwilling", "refusal", or a verb with its particle, "hold back", "call off")."""
    lem = lemma(t)
    if lem in AVERT:
        return True
    return any(c.dep_ in ("prt", "advmod") and f"{lem} {c.lower_}" in AVERT for c in t.children)


def _year_of(low: str):
    if len(low) == 4 and low.isdigit() and low[:2] in ("18", "19", "20"):
        return int(low)
    if len(low) == 5 and low.endswith("s") and low[:4].isdigit() and low[:2] in ("18", "19", "20"):
        return int(low[:4]) + 9
    return None


def cues(tok, sent, year=None, offset=None) -> dict:
    """{cue: detail} of the trigger ``tok`` in ``sent`` (``year``: the article's; ``offset``: the sentence's
    start in its article, 0 for the headline)."""
    out = {}
    rc = rule_cues()
    neg = rc["negation"]
    chain = clause_chain(tok)
    top = chain[-1]
    path = [tok, *[a for _, a in zip(range(8), tok.ancestors)]]  # the trigger and the words that govern it
    for k, v in enumerate(chain):
        kids = list(v.children)
        lvl = "own" if k == 0 else "up"
        if any(c.dep_ == "neg" or c.lower_ in neg["adverbs"] for c in kids) and "negated" not in out:
            out["negated"] = lvl
        aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
        if aux & MODALS and "condition" not in out:
            out["condition"] = f"{lvl}:modal"
        marks = {c.lower_ for c in kids if c.dep_ == "mark"}
        if marks & CONDITION and "condition" not in out:
            out["condition"] = f"{lvl}:mark"
        if marks & TIME_MARK and "time_clause" not in out:
            out["time_clause"] = f"{lvl}:{sorted(marks & TIME_MARK)[0]}"
        if aux & WILL and "future" not in out:
            out["future"] = f"{lvl}:will"
        if k and "reported" not in out and lemma(v) in REPORT:
            out["reported"] = reporter_kind(v)
        if k and "planned" not in out and lemma(v) in PLAN and lemma(v) not in REPORT:
            out["planned"] = "verb"
        if k and "hedge" not in out and lemma(v) in HEDGE:
            out["hedge"] = "verb"
        if v.dep_ == "relcl" and "relative" not in out:
            out["relative"] = f"{lvl}:{v.tag_}|{'perf' if 'has' in aux or 'have' in aux or 'had' in aux else '-'}"
    for t in path[1:]:
        lem = lemma(t)
        if t.pos_ == "NOUN" and lem in PLAN and "planned" not in out:
            out["planned"] = "noun"
        if t.pos_ == "NOUN" and lem in HEDGE and "hedge" not in out:
            out["hedge"] = "noun"
        if t.lower_ in NEG_PREP and "negated" not in out:
            out["negated"] = "prep"
        if AVERTED and "averted" not in out and t.pos_ in ("VERB", "ADJ", "NOUN", "AUX") and averts(t):
            out["averted"] = t.pos_.lower()
        if t.lower_ in TIME_MARK and t.pos_ in ("ADP", "SCONJ") and "time_clause" not in out:
            out["time_clause"] = f"prep:{t.lower_}"
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ == "det" and c.lower_ in neg["determiners"]:
                out.setdefault("negated", "det")
            if c.dep_ in ("amod", "compound") and (lemma(c) in HEDGE or c.lower_ in HEDGE):
                out.setdefault("hedge", "amod")
            if c.dep_ in ("amod", "compound") and (c.lower_ in FUTURE or lemma(c) in PLAN):
                out.setdefault("future", "amod")
            if c.dep_ in ("amod", "compound") and c.lower_ in PAST:
                out.setdefault("past", "amod")
    subtree = subtree_indices(top, sent)
    table = sentence_table(sent)  # the sentence's words and tags as lists (t.lower_, t.pos_), read once
    for i, low, pos in zip(range(table.start, table.end), table.lower, table.pos):
        if low in HEDGE and pos in ("ADV", "ADJ", "VERB", "AUX") and "hedge" not in out:
            out["hedge"] = "sent" if i not in subtree else "clause"
        if low == "according" and "reported" not in out:
            out["reported"] = "according"
        if low in PAST and "past" not in out:
            out["past"] = f"word:{low}"
        if low in FUTURE and "future" not in out:
            out["future"] = f"word:{low}"
        y = _year_of(low)
        if y is not None and year:
            if y < year and "past" not in out:
                out["past"] = "year" if year - y <= 5 else "old_year"
            elif y > year and "future" not in out:
                out["future"] = "year"
    if in_quote(tok, sent):
        out["quoted"] = "in"
    if offset == 0:
        out["headline"] = "first"
    return out


def kind(c: dict) -> str:
    """The first cue by ``ORDER``, or "none"."""
    return next((k for k in ORDER if k in c), "none")


def features(tok, sent, year=None, offset=None) -> list:
    """The gate's feature strings of the cues: each cue, its detail, and the cue with the trigger's tense."""
    c = cues(tok, sent, year, offset)
    tag = tok.tag_
    f = [f"k={kind(c)}"]
    for name, detail in c.items():
        f += [f"cue={name}", f"cue={name}:{detail}", f"cuet={name}|{tag}"]
    return f
