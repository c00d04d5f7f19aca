"""One sentence's token attributes as plain lists, read once: the event coders ask each token's words, tags and
dependency neighbours many times over, and spaCy makes a new Token object for every ``head``, child and ``doc[i]``.
Every reading here gives what the same spaCy attributes give (the coders' output is byte-identical)."""
from __future__ import annotations

import threading

import numpy as np
from spacy.attrs import HEAD

from ..nlp import span_text
from .modality import cues
from .select import SUBORDINATE


class Sentence:
    """One sentence's tokens and their attributes as plain lists, indexed from the sentence's first token.
    ``closed``: every head lies inside the sentence (a sentence the parser cut); if not, only ``tokens`` and the
    attribute lists are filled, and the readers fall back to the Tokens."""

    __slots__ = ("start", "end", "tokens", "lemma", "lower", "dep", "pos", "tag", "head", "ent", "num", "children",
                 "question", "closed")

    def __init__(self, sent):
        self.start, self.end = sent.start, sent.end
        self.tokens = toks = list(sent)
        self.lemma = [t.lemma_.lower() for t in toks]
        self.lower = [t.lower_ for t in toks]
        self.dep = [t.dep_ for t in toks]
        self.pos = [t.pos_ for t in toks]
        self.tag = [t.tag_ for t in toks]
        self.ent = [t.ent_type_ for t in toks]
        self.num = [t.like_num for t in toks]
        self.head = head = [h - self.start for h in _heads(sent.doc)[sent.start:sent.end]]  # = t.head.i
        self.children = children = [[] for _ in toks]
        self.closed = all(0 <= h < len(toks) for h in head)
        if not self.closed:
            return
        for k, h in enumerate(head):  # a token's children in text order, as Token.children gives them
            if h != k:
                children[h].append(k)
        self.question = span_text(sent).rstrip().endswith("?")

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
        pos, dep, head = self.pos, self.dep, self.head
        v = k
        for _ in range(12):  # modality.governing_verb
            if pos[v] in ("VERB", "AUX") or dep[v] == "ROOT":
                break
            v = head[v]
        for _ in range(6):
            if dep[v] in ("ccomp", "parataxis") and self.lemma[head[v]] in reporting:
                return head[v]
            if head[v] == v:
                return None
            v = head[v]
        return None


_SENTENCES = threading.local()


def sentence_table(sent) -> Sentence:
    """The attribute lists of ``sent``, remembered for the sentence last read in this thread."""
    doc = sent.doc
    state = getattr(_SENTENCES, "state", None)
    if state is None or state[0] is not doc or state[1] != (sent.start, sent.end):
        state = _SENTENCES.state = (doc, (sent.start, sent.end), Sentence(sent))
    return state[2]


def _heads(doc) -> list:
    """Every token's head index (``Token.head.i``) of ``doc``, from one array read, remembered for the Doc last
    read in this thread."""
    state = getattr(_SENTENCES, "heads", None)
    if state is None or state[0] is not doc:
        rel = doc.to_array([HEAD]).astype(np.int64)  # offsets to the head, stored unsigned
        state = _SENTENCES.heads = (doc, (rel + np.arange(len(doc), dtype=np.int64)).tolist())
    return state[1]
