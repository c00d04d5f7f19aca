"""Target-dependent features of one target mention in one sentence.

A target is a run of tokens inside a context (a spaCy ``Span``, usually the sentence). The
features describe what the author says *about that target*, not the sentence as a whole:

- where a word stands relative to the target (window left/right, the rest of the sentence);
- the target's grammatical role and the word that governs it (``nsubj>accuse``, ``dobj>praise``,
  ``poss>courage``), negation of that word, the other arguments of the same verb, the target's
  own modifiers;
- lexicon valence (VADER words, ``data/vader_words.tsv``) summed over the window, over the
  target's dependency neighbourhood, split by role: being the agent of a negative verb reads
  differently from being its object;
- whether the target speaks (subject of a reporting verb) or sits inside a quotation.

Features are strings (binary) plus a short dense vector; :mod:`detente.stance.model` weighs them.
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from detente.stance.words import function_words

DATA = Path(__file__).parent / "data"
WINDOW = 4
NEGATIONS = function_words("negations")
REPORTING = function_words("reporting")
SUBJ = frozenset({"nsubj", "csubj", "expl"})
AGENT = frozenset({"agent"})  # "by X" in a passive clause
OBJ = frozenset({"dobj", "nsubjpass", "dative", "attr", "oprd", "obj", "pobj", "iobj"})
DENSE = ("lex_sent", "lex_clause", "lex_win", "lex_head", "lex_agent_head", "lex_patient_head", "lex_mod",
         "neg_head", "speaker", "in_quote", "n_pos_win", "n_neg_win", "pronoun", "rel_pos")


def _read(name: str, scale: float) -> dict[str, float]:
    out = {}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")[:2]
            out[word] = float(value) / scale
    return out


@functools.lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER word valences scaled to -1..1."""
    return _read("vader_words.tsv", 4.0)


@functools.lru_cache(maxsize=1)
def induced_lexicon() -> dict[str, float]:
    """Valences (-1..1) induced from word vectors for words VADER lacks (``induce.py``)."""
    return _read("induced_valence.tsv", 1.0)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """The word valences the features read: VADER's."""
    return vader_lexicon()


def valence(tok) -> float:
    lex = lexicon()
    v = lex.get(tok.lower_)
    if v is None:
        v = lex.get(tok.lemma_.lower(), 0.0)
    return v


def negated(tok) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in tok.children)


ENTITY_TYPES = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT"})
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "xcomp", "acl", "pcomp", "csubj", "parataxis"})


def norm(tok) -> str:
    """A word's feature name: its lemma, with numbers and names abstracted (a name's weight learnt
    from US political news must not become a prior on a state)."""
    if tok.like_num:
        return "<num>"
    if tok.ent_type_ in ENTITY_TYPES:
        return "<" + tok.ent_type_.lower() + ">"
    if tok.pos_ == "PROPN":
        return "<propn>"
    return tok.lemma_.lower()


def clause_root(tok):
    """The head of the clause a token belongs to (a verb conjoined to another starts its own)."""
    for _ in range(40):
        if tok.dep_ in CLAUSE_DEPS or tok.head is tok or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX")):
            return tok
        tok = tok.head
    return tok


def _content(tok) -> bool:
    return not (tok.is_punct or tok.is_space or tok.is_stop) or tok.lower_ in NEGATIONS


def governor(head_tok):
    """(role, governing token, top token of the target's phrase), climbing over compounds,
    appositions and conjunctions, and through prepositions ("by X" -> agent, "of X" -> pobj:of)."""
    tok = head_tok
    for _ in range(3):
        if tok.dep_ in ("compound", "appos", "conj") and tok.head is not tok:
            tok = tok.head
        else:
            break
    role, gov = tok.dep_, tok.head
    if role == "pobj" and gov.dep_ in ("prep", "agent") and gov.head is not gov:
        role = "agent" if gov.dep_ == "agent" else "pobj:" + gov.lower_
        tok, gov = gov, gov.head
    return role, gov, tok


def quoted(ctx, i: int) -> bool:
    """Is doc token ``i`` between an odd number of quotation marks in its context?"""
    return _context(ctx).quotes_before(i) % 2 == 1


MAX_CONTEXT = 200  # tokens of a longer context read around a target (the parser's sentences are no longer)
# The clause features (``c:WORD``, ``lex_clause``: the words of the target's own clause) were meant to be read
# but never were: the test compared two Token objects by identity (``clause_root(tok) is own``), and spaCy
# makes a new Token at every access, so it never held. The classifier was trained without them; they stay
# off until it is retrained with them on (compared by token index then).
CLAUSE_FEATURES = False


class _Context:
    """What every target of one context reads, computed once per context (a sentence names many actors):
    per token its index, whether it is a content word, its feature name, valence and clause root, and the
    running count of quotation marks. Each target then costs a pass over at most ``MAX_CONTEXT`` tokens."""

    def __init__(self, ctx):
        self.start = ctx.start
        self.rows, self.quotes = [], [0]
        doc, memo = ctx.doc, _word_memo(ctx.doc)
        keys = _doc_keys(doc)
        for i in range(ctx.start, ctx.end):
            word = memo.get(keys[i])
            if word is None:
                tok = doc[i]
                word = memo[keys[i]] = (_content(tok), norm(tok), valence(tok), tok.is_quote)
            root = clause_root(doc[i]).i if CLAUSE_FEATURES else -1
            self.rows.append((i, word[0], word[1], word[2], root))
            self.quotes.append(self.quotes[-1] + word[3])

    def quotes_before(self, i: int) -> int:
        return self.quotes[max(0, min(i - self.start, len(self.rows)))]

    def window(self, t_start: int, t_end: int) -> tuple[int, int]:
        """Doc indices ``lo, hi`` of the tokens read for target ``t_start:t_end``: the whole context, or
        ``MAX_CONTEXT`` tokens centred on the target when the context is longer."""
        lo, hi = self.start, self.start + len(self.rows)
        if hi - lo <= MAX_CONTEXT:
            return lo, hi
        half = MAX_CONTEXT // 2
        lo = max(lo, min(t_start - half, hi - MAX_CONTEXT))
        return lo, min(hi, max(t_end + half, lo + MAX_CONTEXT))


# What _Context reads of a token depends only on its word (``orth``: lower case, stop word, punctuation, number,
# quotation mark are the lexeme's) and on its entity type, part of speech and lemma: those four numbers key a
# memory of the token's (content word, feature name, valence, quotation mark), so that a word met again is not read
# again through spaCy's Token attributes (which build a Python string per access). One memory per vocabulary (stop
# words are the language's), emptied when it holds ``_MEMO_MAX`` words so that it does not grow with a long run.
_MEMO_MAX = 50_000
_MEMOS: dict = {}  # id(vocab) -> (vocab, memory)


def _word_memo(doc) -> dict:
    vocab = doc.vocab
    held = _MEMOS.get(id(vocab))
    if held is None or held[0] is not vocab:
        held = _MEMOS[id(vocab)] = (vocab, {})
    if len(held[1]) >= _MEMO_MAX:
        held[1].clear()
    return held[1]


def _doc_keys(doc) -> list:
    """Per token of ``doc`` its (orth, entity type, part of speech, lemma), read in one ``to_array``."""
    key = "detente.stance.keys"
    keys = doc.user_data.get(key)
    if keys is None:
        from spacy.attrs import ENT_TYPE, LEMMA, ORTH, POS

        keys = doc.user_data[key] = list(map(tuple, doc.to_array([ORTH, ENT_TYPE, POS, LEMMA]).tolist()))
    return keys


def _context(ctx) -> _Context:
    """The :class:`_Context` of span ``ctx``, kept on its Doc (``user_data``) while the Doc lives."""
    key = ("detente.stance.context", ctx.start, ctx.end)
    data = ctx.doc.user_data
    if key not in data:
        data[key] = _Context(ctx)
    return data[key]


def _children(tok, lo: int, hi: int, clipped: bool):
    """``tok.children``; in a clipped context only those inside ``lo:hi`` (found without walking the
    whole subtree, which spaCy's ``children`` does)."""
    if not clipped:
        return tok.children
    doc, t, heads = tok.doc, tok.i, _doc_heads(tok.doc)
    return (doc[i] for i in range(lo, hi) if i != t and heads[i] == t)


def _doc_heads(doc) -> list:
    """Per token of ``doc`` the index of its head (``Token.head.i``), read in one ``to_array``."""
    key = "detente.stance.heads"
    heads = doc.user_data.get(key)
    if heads is None:
        from spacy.attrs import HEAD

        heads = doc.user_data[key] = [i + rel for i, rel in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
    return heads


def target_features(ctx, t_start: int, t_end: int) -> tuple[list[str], np.ndarray]:
    """Sparse (string) and dense features of doc tokens ``t_start:t_end`` inside span ``ctx``.

    Linear in the context: its per-token reading is shared by all its targets (:class:`_Context`), and a
    context longer than ``MAX_CONTEXT`` tokens is read in a window of that size around the target."""
    doc = ctx.doc
    target = doc[t_start:t_end]
    head = target.root
    feats: list[str] = []
    dense = dict.fromkeys(DENSE, 0.0)
    info = _context(ctx)
    lo, hi = info.window(t_start, t_end)
    clipped = (lo, hi) != (ctx.start, ctx.end)
    # position words; words of the target's own clause
    own = clause_root(head).i if CLAUSE_FEATURES else -2  # a row's root is -1 without clause features
    _position_words(info.rows[lo - ctx.start: hi - ctx.start], t_start, t_end, own, feats, dense)
    # role and governor
    role, gov, top = governor(head)
    neg = _negated(gov, lo, hi, clipped)
    gl = norm(gov)
    gv = valence(gov) * (-1 if neg else 1)
    feats += ["role:" + role, f"gov:{role}>{gl}", "govw:" + gl]
    if neg:
        feats += ["neg_gov", f"gov:{role}>NOT_{gl}"]
        dense["neg_head"] = 1.0
    dense["lex_head"] = gv
    if role in SUBJ or role == "agent":
        dense["lex_agent_head"] = gv
    elif role in OBJ or role.startswith("pobj:") or role == "poss":
        dense["lex_patient_head"] = gv
    if gov.lemma_.lower() in REPORTING and role in SUBJ:
        feats.append("speaker")
        dense["speaker"] = 1.0
    # the other arguments of the governing word
    for sib in _children(gov, lo, hi, clipped):
        if sib.i == top.i or not _content(sib):
            continue
        feats.append(f"sib:{role}>{gl}>{sib.dep_}:{norm(sib)}")
        feats.append("sibw:" + norm(sib))
        dense["lex_head"] += 0.5 * valence(sib) * (-1 if neg else 1)
    # the governor's own governor (e.g. "praised Armenia's courage": courage <- praise)
    up = gov.head
    if up is not gov:
        feats.append(f"up:{gov.dep_}>{norm(up)}")
        dense["lex_head"] += 0.5 * valence(up) * (-1 if _negated(up, lo, hi, clipped) else 1)
    # the target's modifiers ("corrupt X", "X, a brave leader")
    for tok in _around(target, lo, hi, clipped):
        if t_start <= tok.i < t_end:
            continue
        if tok.dep_ in ("amod", "appos", "acl", "relcl", "compound") or tok.head.i in range(t_start, t_end):
            if _content(tok):
                feats.append("mod:" + norm(tok))
                dense["lex_mod"] += valence(tok)
    dense["in_quote"] = float(info.quotes_before(t_start) % 2 == 1)
    dense["pronoun"] = float(head.pos_ == "PRON")
    dense["rel_pos"] = (t_start - ctx.start) / max(1, len(ctx))
    if dense["in_quote"]:
        feats.append("in_quote")
    return feats, np.array([dense[k] for k in DENSE], dtype=np.float32)


def _position_words(rows, t_start: int, t_end: int, own: int, feats: list, dense: dict) -> None:
    """The position words of :func:`target_features`: ``w:`` for every content word of the window, ``c:`` for
    those of the target's own clause (root ``own``), ``L:``/``R:`` for those at most ``WINDOW`` words from the
    target, and their valence sums (kept in local variables: this loop runs for every target)."""
    lex_sent = lex_clause = lex_win = n_pos = n_neg = 0.0
    append, left, right = feats.append, t_start - WINDOW, t_end - 1 + WINDOW
    for i, content, w, v, root in rows:
        if not content or t_start <= i < t_end:
            continue
        append("w:" + w)
        lex_sent += v
        if root == own:
            append("c:" + w)
            lex_clause += v
        if left <= i <= right:
            append(("L:" if i < t_start else "R:") + w)
            lex_win += v
            n_pos += v > 0
            n_neg += v < 0
    dense["lex_sent"], dense["lex_clause"], dense["lex_win"] = lex_sent, lex_clause, lex_win
    dense["n_pos_win"], dense["n_neg_win"] = n_pos, n_neg


def _negated(tok, lo: int, hi: int, clipped: bool) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in _children(tok, lo, hi, clipped))


def _around(target, lo: int, hi: int, clipped: bool):
    """The tokens read for the target's modifiers: its subtree (a long target: itself); in a clipped context
    the part of the subtree's span inside the window (a projective parse's subtree is a span)."""
    if len(target) >= 12:
        return target
    if not clipped:
        return target.subtree
    left = max(lo, min(t.left_edge.i for t in target))
    right = min(hi, max(t.right_edge.i for t in target) + 1)
    return target.doc[left:right]


def token_range(doc, start: int, end: int) -> tuple[int, int]:
    """Doc token indices covering character offsets ``start:end`` (at least one token)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        toks = [t.i for t in doc if t.idx < end and t.idx + len(t) > start]
        if not toks:
            toks = [min(len(doc) - 1, max(0, next((t.i for t in doc if t.idx >= start), len(doc) - 1)))]
        return toks[0], toks[-1] + 1
    return span.start, span.end
