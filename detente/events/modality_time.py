"""Time and aspect features of the modality gate (``modality_model.features``, 2.1.0): when the act the trigger
names took place, as the clause tells it.

- **Distance from the article's date**: the temporal expressions of the sentence (``detente.when.rules.scan``,
  the same grammar the when stage dates events with: "last year", "in March", "two years ago", "on 4 May 2011")
  resolved against the article's date, and how long before it (or after it) the period they name ends, in
  buckets (the week of the article, its month, a season, a year, two, older), for the expression in the
  trigger's clause and for any in the sentence. Without an article date (a sentence read alone, PLOVER records)
  no expression is resolved and these features are absent: nothing is guessed.
- **Aspect** of the trigger's clause: past perfect ("had sent"), present perfect ("has fought"), perfect
  progressive ("has been fighting"), "since" with a perfect (an act still going on), habitual past ("used to"),
  past or present progressive, simple past or present, will; with the distance when there is one.
- **Era**: a preposition on the trigger's clause naming a past period by its kind ("during the war", "under the
  previous government", "early in the conflict"): word class ``era`` of ``data/modality_words.yaml``.

No word of the trigger itself: what is learnt of one act carries to others.
"""
from __future__ import annotations

import datetime as dt

from ..nlp import span_text
from ..wordlists import word_set
from .modality_cues import WORDS, lemma
from .tokens import sentence_table, subtree_indices

ERA = word_set(WORDS, "era")
ERA_PREPS = frozenset({"during", "under", "in", "throughout", "at", "since", "before", "after", "from", "until"})
ERA_MODS = frozenset({"early", "late", "earlier", "later", "then", "former", "previous", "past", "first", "last"})
PERFECT = frozenset({"has", "have", "had", "'s", "'ve", "'d"})


def _period(value: str):
    """(first day, last day) of a calendar TimeML value (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www), else None."""
    from ..when import calendar_value

    if len(value) == 8 and value[4:6] == "-W" and value[:4].isdigit() and value[6:].isdigit():  # an ISO week
        try:
            first = dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        except ValueError:
            return None
        return first, first + dt.timedelta(days=6)
    v = calendar_value(value)
    if v is None:
        return None
    parts = [int(p) for p in v.split("-")]
    try:
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        d = dt.date(*parts)
        return d, d
    except ValueError:
        return None


def distance_bucket(date: dt.date, first: dt.date, last: dt.date) -> str:
    """How long before the article's ``date`` the period from ``first`` to ``last`` lies: "later" (after it),
    "now" (it holds the date: "this year", "today"), else by the days from its middle ("last year" in March is
    some nine months back)."""
    if first > date:
        return "later"
    if last >= date:
        return "now"
    days = (date - first).days - (last - first).days // 2
    for lim, name in ((7, "week"), (31, "month"), (92, "season"), (365, "year"), (730, "2y")):
        if days <= lim:
            return name
    return "old"


def aspect(v, table=None) -> str:
    """The aspect of the verb ``v``'s clause, from its auxiliaries, its tag and "used to"."""
    aux = [c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")]
    tag = v.tag_
    h = v.head
    if tag == "VB" and v.dep_ == "xcomp" and "to" in aux and lemma(h) == "use" and h.tag_ in ("VBD", "VBN") and \
            not any(c.dep_ in ("aux", "auxpass") for c in h.children):  # not "were used to attack": an instrument
        return "used_to"
    perf = next((a for a in aux if a in PERFECT), None)
    if perf is not None:
        past = perf in ("had", "'d")
        if "been" in aux and tag == "VBG":
            return "pastperfprog" if past else "perfprog"
        return "pastperf" if past else "perf"
    if tag == "VBG" and any(a in ("was", "were") for a in aux):
        return "pastprog"
    if tag == "VBG" and any(a in ("is", "are", "am", "'s", "'re") for a in aux):
        return "prog"
    if any(a in ("will", "shall", "'ll", "wo") for a in aux):
        return "will"
    if tag == "VBD" or (tag == "VBN" and any(a in ("was", "were") for a in aux)):
        return "past"
    if tag in ("VBZ", "VBP") or (tag == "VBN" and any(a in ("is", "are", "am") for a in aux)):
        return "present"
    return tag or "-"


_HINTS = None
_LAST = [None, None]  # the last sentence scanned (its text and date) and what was found: its events share it


def _hints() -> frozenset:
    """Words without which a sentence holds no calendar expression of ``when.rules`` (besides a number): month
    and weekday names, the units and deictic words its rules anchor on."""
    global _HINTS
    if _HINTS is None:
        from ..when.normalize import MONTHS, SEASONS, UNITS, WEEKDAYS

        units = {u for k in UNITS for u in (k, k + "s")} | {"centuries"}
        _HINTS = frozenset({*MONTHS, *WEEKDAYS, *SEASONS, *units, "today", "yesterday", "tomorrow", "tonight",
                            "nineteen", "twenty", "thousand"})
    return _HINTS


def _timexes(sent, date: dt.date) -> list:
    """(start, end, bucket) of the sentence's calendar expressions, offsets in the document; a sentence with no
    number and no word of ``_hints`` is not scanned (it holds none)."""
    from ..when.rules import scan

    text = span_text(sent)
    key = (text, sent.start_char, date)
    if _LAST[0] == key:
        return _LAST[1]
    hints = _hints()
    table = sentence_table(sent)
    if not any(low in hints or any(ch.isdigit() for ch in low) for low in table.lower):
        out = []
        _LAST[:] = [key, out]
        return out
    out = []
    for s, e, value, kind in scan(text, date):
        if kind != "DATE":
            continue
        p = _period(value)
        if p is None:
            continue
        out.append((sent.start_char + s, sent.start_char + e, distance_bucket(date, *p)))
    _LAST[:] = [key, out]
    return out


def features(tok, v, sent, date=None) -> list:
    """The time and aspect feature strings of the trigger ``tok`` whose clause's verb is ``v``; ``date``: the
    article's (ISO string), or None."""
    asp = aspect(v)
    f = [f"asp={asp}"]
    since = False
    for t in (*v.children, *(tok.children if tok.i != v.i else ())):
        low = t.lower_
        if low == "since" and t.dep_ in ("prep", "mark"):
            since = True
        if t.dep_ == "prep" and low in ERA_PREPS:
            objs = [c for c in t.children if c.dep_ == "pobj"]
            if objs and lemma(objs[0]) in ERA:
                mods = [lemma(c) for c in objs[0].children if c.dep_ in ("amod", "advmod")]
                f += [f"era={low}", f"era={low}|{asp}"] + [f"eramod={m}" for m in mods if m in ERA_MODS]
        if t.dep_ == "advmod" and lemma(t) in ("early", "late") and any(
                c.dep_ == "prep" and any(lemma(o) in ERA for o in c.children if o.dep_ == "pobj") for c in t.children):
            f.append(f"era=mod|{asp}")
    if since:
        f.append(f"since|{asp}")
    from ..when import parse_date  # the when stage's reading of a date (imported late, as in _period)

    d = parse_date(date)
    if d is None:
        return f
    found = _timexes(sent, d)
    if not found:
        f.append("td=none")
        return f
    clause = subtree_indices(v, sent)
    above = v.head.i if v.dep_ in ("xcomp", "conj", "advcl") else v.i  # "used to supply", "came and attacked"
    own = None
    for s, e, bucket in found:
        f.append(f"tds={bucket}")
        first = _token_at(sent, s)
        if first is not None and own is None and (first.i in clause or _verb_of(first).i == above):
            own = bucket
    if own is not None:
        f += [f"tdc={own}", f"tdca={own}|{asp}"]
    return f


def _verb_of(t):
    """The verb whose clause the token is in (``modality.governing_verb``)."""
    from .modality import governing_verb

    return governing_verb(t)


def _token_at(sent, offset: int):
    """The sentence's token that starts at or covers the character ``offset``."""
    for t in sent:
        if t.idx <= offset < t.idx + len(t.text) or t.idx >= offset:
            return t
    return None
