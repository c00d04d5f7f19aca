"""One sentence's token attributes as plain lists, read once: the event coders ask each token's words, tags and
dependency neighbours many times over, and spaCy makes a new Token object for every ``head``, child and ``doc[i]``.
Every reading here gives what the same spaCy attributes give (the coders' output is byte-identical)."""
from __future__ import annotations

import threading

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LIKE_NUM, LOWER, POS, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES

from .lexicon import COMPLEMENT_DEPS
from .modality import cues
from .select import SUBORDINATE


class Sentence:
    """One sentence's tokens and their attributes as plain lists, indexed from the sentence's first token.
    ``closed``: every head lies inside the sentence (a sentence the parser cut); if not, only ``tokens``, the
    attribute lists and ``question`` are filled, and the readers fall back to the Tokens. ``question``: the
    sentence's text ends with "?" (``span_text(sent).rstrip().endswith("?")``)."""

    __slots__ = ("start", "end", "doc", "_tokens", "lemma", "lower", "dep", "pos", "tag", "head", "ent", "num",
                 "children", "question", "closed")

    def __init__(self, sent):
        self.start, self.end = start, end = sent.start, sent.end
        self.doc = doc = sent.doc
        self._tokens = None
        lemma, lower, dep, pos, tag, ent, num, heads = _columns(doc)  # read once per Doc, as the Tokens give them
        self.lemma = lemma[start:end]  # = t.lemma_.lower()
        self.lower = lower[start:end]
        self.dep = dep[start:end]
        self.pos = pos[start:end]
        self.tag = tag[start:end]
        self.ent = ent[start:end]
        self.num = num[start:end]
        self.head = head = [h - start for h in heads[start:end]]  # = t.head.i
        self.children = children = [[] for _ in head]
        self.closed = not head or (min(head) >= 0 and max(head) < len(head))
        self.question = _question(doc, start, end)
        if not self.closed:
            return
        for k, h in enumerate(head):  # a token's children in text order, as Token.children gives them
            if h != k:
                children[h].append(k)

    @property
    def tokens(self) -> list:
        """The sentence's Tokens (made on first use: most readers need only a few, through :meth:`token`)."""
        if self._tokens is None:
            self._tokens = list(self.doc[self.start:self.end])
        return self._tokens

    def token(self, k):
        """The Token at ``k`` (its index in the sentence)."""
        return self.doc[self.start + k] if self._tokens is None else self._tokens[k]

    def ancestors(self, k):
        head = self.head
        while head[k] != k:
            k = head[k]
            yield k

    def subtree(self, k):
        out, todo = [], [k]
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(self.children[j])
        return out

    def governing(self, k) -> int:
        """``modality.governing_verb`` of the token at ``k``: up to the first verb, auxiliary or root (12 steps
        at most)."""
        pos, dep, head = self.pos, self.dep, self.head
        for _ in range(12):
            if pos[k] in ("VERB", "AUX") or dep[k] == "ROOT":
                break
            k = head[k]
        return k

    def rank(self, k) -> int:
        """select.rank of the token at k."""
        n = 0
        dep, tag, head, children = self.dep, self.tag, self.head, self.children
        for _ in range(30):
            if head[k] == k:
                break
            if dep[k] in SUBORDINATE and not (dep[k] == "advcl" and tag[k] in ("VB", "VBG") and not any(
                    dep[c] == "mark" for c in children[k])):
                n += 1
            k = head[k]
        return n

    def reporting_head(self, k):
        """_reporting_head of the token at k (its index in the sentence), or None."""
        reporting = cues()["reporting"]["verbs"]
        dep, head = self.dep, self.head
        v = self.governing(k)
        for _ in range(6):
            if dep[v] in ("ccomp", "parataxis") and self.lemma[head[v]] in reporting:
                return head[v]
            if head[v] == v:
                return None
            v = head[v]
        return None


_SENTENCES = threading.local()


def sentence_table(sent) -> Sentence:
    """The attribute lists of ``sent``, remembered for every sentence of the Doc last read in this thread (the
    coders read each sentence's lists more than once: the rule coder, then the trained coder, a Doc at a time)."""
    state = getattr(_SENTENCES, "state", None)
    if state is not None and state[3] is sent:  # the same Span object as last time (held here: never another's id)
        return state[2]
    doc = sent.doc
    tables = state[1] if state is not None and state[0] is doc else {}
    key = (sent.start, sent.end)
    table = tables.get(key)
    if table is None:
        table = tables[key] = Sentence(sent)
    _SENTENCES.state = (doc, tables, table, sent)
    return table


def table_holding(tok):
    """The attribute lists of the sentence last read in this thread (``sentence_table``) if it holds ``tok`` and is
    closed (every head inside it), else None: a reader given only a Token finds its sentence's lists."""
    state = getattr(_SENTENCES, "state", None)
    if state is None or state[0] is not tok.doc:
        return None
    table = state[2]
    return table if table.closed and table.start <= tok.i < table.end else None


def subtree_indices(tok, sent) -> set:
    """``{t.i for t in tok.subtree}``, read from the sentence's lists when they hold the token (a closed sentence)."""
    table = sentence_table(sent)
    if table.closed and table.start <= tok.i < table.end:
        s0 = table.start
        return {s0 + k for k in table.subtree(tok.i - s0)}
    return {t.i for t in tok.subtree}


def _question(doc, start: int, end: int) -> bool:
    """``span_text(doc[start:end]).rstrip().endswith("?")``, read from the last token with more than whitespace
    (the text joins the tokens' texts and whitespace)."""
    for i in range(end - 1, start - 1, -1):
        text = doc[i].text.rstrip()
        if text:
            return text.endswith("?")
    return False


class _Names(dict):
    """Strings of hash values (the same in every StringStore), remembered; ``lower``: lower-cased."""

    def __init__(self, lower: bool = False):
        super().__init__()
        self.lower_case = lower

    def __missing__(self, key):
        text = _STRINGS_OF[0][key]
        if self.lower_case:
            text = text.lower()
        if len(self) >= NAME_MEMORY:
            self.clear()
        self[key] = text
        return text


NAME_MEMORY = 1 << 18  # distinct strings remembered (a bound over long runs)
_STRINGS, _LEMMAS = _Names(), _Names(lower=True)
_STRINGS_OF = [None]  # the StringStore of the Doc last read (a hash value names the same string in every store)
_POS_NAMES = dict(POS_NAMES)  # POS id -> name (Token.pos_)
_COLUMNS = [LEMMA, LOWER, DEP, POS, TAG, ENT_TYPE, LIKE_NUM]


def _columns(doc) -> tuple:
    """The Doc's lower-cased lemmas, LOWER, DEP, POS, TAG and ENT_TYPE strings (as ``t.lemma_.lower()``, ``t.lower_``,
    ``t.dep_``, ``t.pos_``, ``t.tag_``, ``t.ent_type_`` give them), LIKE_NUM (as booleans) and every token's head index
    (``Token.head.i``), from one array read each, remembered for the Doc last read in this thread."""
    state = getattr(_SENTENCES, "columns", None)
    if state is None or state[0] is not doc:
        _STRINGS_OF[0] = doc.vocab.strings
        cols = doc.to_array(_COLUMNS).T.tolist() if len(doc) else [[] for _ in _COLUMNS]
        lemma, lower, dep, pos, tag, ent, num = cols
        strings = _STRINGS.__getitem__
        cols = (list(map(_LEMMAS.__getitem__, lemma)), list(map(strings, lower)), list(map(strings, dep)),
                list(map(_POS_NAMES.__getitem__, pos)), list(map(strings, tag)), list(map(strings, ent)),
                list(map(bool, num)))
        state = _SENTENCES.columns = (doc, (*cols, _heads(doc)))
    return state[1]


def _heads(doc) -> list:
    """Every token's head index (``Token.head.i``) of ``doc``, from one array read, remembered for the Doc last
    read in this thread."""
    state = getattr(_SENTENCES, "heads", None)
    if state is None or state[0] is not doc:
        rel = doc.to_array([HEAD]).astype(np.int64)  # offsets to the head, stored unsigned
        state = _SENTENCES.heads = (doc, (rel + np.arange(len(doc), dtype=np.int64)).tolist())
    return state[1]


# A verb as the rule coder and no_act.py read it, from the sentence's lists when they can be read for it
def complement_words(tok, sent=None):
    """(words of the verb's complement phrases, up to twelve tokens on, as lemmas and forms; up to three lemmas
    before it in the sentence): what a lexicon row's words are matched against."""
    words, before = set(), set()
    S, k = table_at(tok, sent)
    if S is not None:  # the same words, read from the sentence's lists
        lemma, lower = S.lemma, S.lower
        for c in S.children[k]:
            if S.dep[c] in COMPLEMENT_DEPS:
                for t in S.subtree(c):
                    if t - k > 12:
                        continue
                    words.add(lemma[t])
                    words.add(lower[t])
                    words.add(lower[t].rstrip("s"))
        i = k  # a sentence of doc.sents: only its first token starts it
        while i > max(0, k - 3):  # up to three words back, within the sentence
            i -= 1
            before.add(lemma[i])
        return frozenset(words), frozenset(before)
    for c in tok.children:
        if c.dep_ in COMPLEMENT_DEPS:
            for t in c.subtree:
                if t.i - tok.i > 12:
                    continue
                words.add(t.lemma_.lower())
                words.add(t.lower_)
                words.add(t.lower_.rstrip("s"))
    i, doc = tok.i, tok.doc
    while i > max(0, tok.i - 3) and not doc[i].is_sent_start:  # up to three words back, within the sentence
        i -= 1
        before.add(doc[i].lemma_.lower())
    return frozenset(words), frozenset(before)


def table_at(tok, sent):
    """The sentence's lists and the token's index in them, when they can be read for it (else None, None)."""
    S = sentence_table(sent) if sent is not None else None
    if S is not None and S.closed and S.start <= tok.i < S.end:
        return S, tok.i - S.start
    return None, None


def verb_lemma(tok, sent=None):
    """(the verb's lemma with its particle, "call off"; its lemma)."""
    S, k = table_at(tok, sent)
    if S is not None:  # the same words, read from the sentence's lists
        dep, lower = S.dep, S.lower
        prt = [lower[c] for c in S.children[k] if dep[c] == "prt"]
        lemma = S.lemma[k]
    else:
        prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
        lemma = tok.lemma_.lower()
    return (lemma + " " + prt[0]) if prt else lemma, lemma
