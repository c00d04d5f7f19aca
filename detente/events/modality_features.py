"""The modality model's features of a coded event (``learned.Coder`` and ``tools/train_coder.py``): cues of the
trigger's clause and the clauses above it, one side's claims and background. Read from the sentence's lists
(``tokens.sentence_table``) when the sentence holds its heads, from the Tokens otherwise; the two readings give the
same strings (tests/test_fast_paths.py). Hashed like every feature of the coder (``features.hashed``).
"""
from __future__ import annotations

from ..wordlists import word_set
from .features import _lemma, _reporting_head, in_class
from .lexicon import WORDS
from .modality import governing_verb
from .tokens import sentence_table

NEG_WORDS = word_set(WORDS, "neg_words")
HEDGES = word_set(WORDS, "hedges")
CLAIM = word_set(WORDS, "claim")
ATTRIBUTION = word_set(WORDS, "attribution")
DATE_PREPS = word_set(WORDS, "date_preps")


def modality_features(tok, sent, rule_modality, speaker_is_source, year=None) -> list:
    """Cues of the trigger's clause and the clauses above it; ``year``: the article's (a year named in the
    trigger's clause before it dates the act as background)."""
    S = sentence_table(sent)
    if S.closed and S.start <= tok.i < S.end:  # the same features, read from the sentence's lists
        return _listed_modality_features(S, tok.i - S.start, rule_modality, speaker_is_source, year)
    return _token_modality_features(tok, sent, rule_modality, speaker_is_source, year)


def _token_modality_features(tok, sent, rule_modality, speaker_is_source, year=None) -> list:
    """``modality_features`` read from the Tokens (a sentence whose heads leave it)."""
    f = ["b", f"rm={rule_modality}", f"l={_lemma(tok)}", f"t={tok.tag_}", f"d={tok.dep_}",
         f"q={sentence_table(sent).question}", f"spk={speaker_is_source}"]
    v = governing_verb(tok)
    if v.i != tok.i:
        f.append(f"gv={_lemma(v)}")
        f.append(f"gt={v.tag_}")
    for c in tok.children:
        if c.dep_ in ("det",) and c.lower_ in NEG_WORDS:
            f.append("ndet")
    for k, u in enumerate([v, *[a for _, a in zip(range(4), v.ancestors)]]):
        lvl = min(k, 2)
        if k and u.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        f.append(f"u{lvl}={_lemma(u)}")
        f.append(f"ud{lvl}={u.dep_}")
        for c in u.children:
            if c.dep_ in ("aux", "auxpass", "neg", "mark", "advmod") or c.lower_ in HEDGES:
                f.append(f"c{lvl}={c.dep_}:{c.lower_}")
                f.append(f"cu{lvl}={c.lower_}|{u.tag_}")
    rep = _reporting_head(tok)
    if rep is not None:
        f.append(f"rep={_lemma(rep)}")
        f.append(f"repspk={_lemma(rep)}|{speaker_is_source}")
    _sentence_words(f, sentence_table(sent))  # the sentence's words and number flags, read once
    return f + _claim_and_time_features(tok, v, rep, sent, year)


def _sentence_words(f: list, S) -> None:
    """The hedge words of the sentence ``S`` (``tokens.Sentence``) and whether it names a year, appended to ``f``
    (both readings of the features)."""
    doc, s0 = S.doc, S.start
    for k, (low, num) in enumerate(zip(S.lower, S.num)):
        if low in HEDGES:
            f.append(f"hedge={low}")
        if num:
            text = doc[s0 + k].text
            if len(text) == 4 and text[:2] in ("19", "20"):
                f.append("year")


def _listed_modality_features(S, k, rule_modality, speaker_is_source, year) -> list:
    """``modality_features`` of the token at ``k`` of a closed sentence, read from its lists (``tokens.Sentence``):
    the same strings in the same order."""
    lemma, lower, dep, pos, tag, head, children = S.lemma, S.lower, S.dep, S.pos, S.tag, S.head, S.children
    f = ["b", f"rm={rule_modality}", f"l={lemma[k]}", f"t={tag[k]}", f"d={dep[k]}", f"q={S.question}",
         f"spk={speaker_is_source}"]
    v = S.governing(k)
    if v != k:
        f.append(f"gv={lemma[v]}")
        f.append(f"gt={tag[v]}")
    for c in children[k]:
        if dep[c] == "det" and lower[c] in NEG_WORDS:
            f.append("ndet")
    chain = [v, *[a for _, a in zip(range(4), S.ancestors(v))]]
    for n, u in enumerate(chain):
        lvl = min(n, 2)
        if n and pos[u] not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        f.append(f"u{lvl}={lemma[u]}")
        f.append(f"ud{lvl}={dep[u]}")
        for c in children[u]:
            if dep[c] in ("aux", "auxpass", "neg", "mark", "advmod") or lower[c] in HEDGES:
                f.append(f"c{lvl}={dep[c]}:{lower[c]}")
                f.append(f"cu{lvl}={lower[c]}|{tag[u]}")
    rep = S.reporting_head(k)
    if rep is not None:
        f.append(f"rep={lemma[rep]}")
        f.append(f"repspk={lemma[rep]}|{speaker_is_source}")
    _sentence_words(f, S)
    # _claim_and_time_features
    for n, a in enumerate(chain):
        if n and in_class(CLAIM, lemma[a], lower[a]):
            f.append(f"claim={min(n, 2)}")
            break
    if rep is not None:
        if in_class(CLAIM, lemma[rep], lower[rep]):
            f.append("repclaim")
        subj = [c for c in children[rep] if dep[c] in ("nsubj", "nsubjpass")]
        f.append(f"spke={(S.ent[subj[0]] or pos[subj[0]]) if subj else '-'}")
    for j, low in enumerate(lower):
        if low in ATTRIBUTION:
            f.append(f"attr={low}")
            if head[j] == k:
                f.append("attr=on")
    if any(dep[c] == "aux" and lower[c] == "had" for c in children[v]) and tag[v] == "VBN":
        f.append("pastperf")
    for t in sorted(S.subtree(v)):  # Token.subtree: in text order
        low = lower[t]
        if low == "ago":
            f.append("ago")
        elif len(low) == 5 and low.endswith("s") and low[:4].isdigit() and low[:2] in ("18", "19", "20"):
            f.append("decade")
        elif S.num[t] and len(low) == 4 and low.isdigit() and low[:2] in ("18", "19", "20"):
            when = "-" if year is None else ("before" if int(low) < year else "now")
            prep = lower[head[t]] if dep[t] == "pobj" and lower[head[t]] in DATE_PREPS else "-"
            f += [f"yc={when}", f"ycp={prep}|{when}"]
    return f


def _claim_and_time_features(tok, v, rep, sent, year) -> list:
    """Cues that the act is one side's claim (a reporting verb of charging or claiming above it, "according to",
    "alleged", the reporter's kind of name) or background (past perfect; a year named in its clause, before the
    article's year or not; "ago"; a decade)."""
    f = []
    for k, a in enumerate([v, *[a for _, a in zip(range(4), v.ancestors)]]):
        if k and in_class(CLAIM, _lemma(a), a.lower_):
            f.append(f"claim={min(k, 2)}")
            break
    if rep is not None:
        if in_class(CLAIM, _lemma(rep), rep.lower_):
            f.append("repclaim")
        subj = [c for c in rep.children if c.dep_ in ("nsubj", "nsubjpass")]
        f.append(f"spke={(subj[0].ent_type_ or subj[0].pos_) if subj else '-'}")
    S = sentence_table(sent)
    for k, low in enumerate(S.lower):
        if low in ATTRIBUTION:
            f.append(f"attr={low}")
            if sent.doc[S.start + k].head.i == tok.i:
                f.append("attr=on")
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in v.children) and v.tag_ == "VBN":
        f.append("pastperf")
    clause = list(v.subtree)
    for t in clause:
        low = t.lower_
        if low == "ago":
            f.append("ago")
        elif len(low) == 5 and low.endswith("s") and low[:4].isdigit() and low[:2] in ("18", "19", "20"):
            f.append("decade")
        elif t.like_num and len(low) == 4 and low.isdigit() and low[:2] in ("18", "19", "20"):
            when = "-" if year is None else ("before" if int(low) < year else "now")
            prep = t.head.lower_ if t.dep_ == "pobj" and t.head.lower_ in DATE_PREPS else "-"
            f += [f"yc={when}", f"ycp={prep}|{when}"]
    return f
