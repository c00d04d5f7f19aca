"""natasha (razdel, slovnet, navec, pymorphy2) wrapped into a spaCy ``Doc``: the Russian parse.

Loaded only through :func:`detente.nlp.load_ru`, so ``detente/nlp.py`` stays the one place models load.
Everything comes from installed wheels (natasha ships its embeddings and models; pymorphy2's dictionaries
come from ``pymorphy2-dicts-ru``); nothing is fetched at run time.

The Doc has words and spaces that rebuild the text exactly (runs of whitespace other than one space become
``SPACE`` tokens, as spaCy's own tokenizer makes them), coarse POS, UD morphology, lemmas (pymorphy2 through
natasha's ``MorphVocab``), heads and Universal Dependencies labels (the root is ``ROOT`` as in spaCy),
sentence starts from razdel and entities (``PER``, ``LOC``, ``ORG``).
"""
from __future__ import annotations

import functools
import os

BATCH = 64


def _dict_path() -> None:
    """pymorphy2 finds its dictionaries through ``pkg_resources`` (gone with setuptools >= 81) unless
    ``PYMORPHY2_DICT_PATH`` names them: set it from the installed ``pymorphy2_dicts_ru`` package."""
    if "PYMORPHY2_DICT_PATH" not in os.environ:
        import pymorphy2_dicts_ru

        os.environ["PYMORPHY2_DICT_PATH"] = pymorphy2_dicts_ru.get_path()


class Russian:
    """The Russian pipeline: ``nlp(text) -> Doc``, ``nlp.pipe(texts) -> iterator of Doc`` (spaCy's interface)."""

    lang = "ru"

    def __init__(self):
        _dict_path()
        import spacy
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

        emb = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph = NewsMorphTagger(emb)
        self.syntax = NewsSyntaxParser(emb)
        self.ner = NewsNERTagger(emb)
        self.vocab_morph = MorphVocab()
        self.vocab = spacy.blank("ru").vocab
        self.max_length = 2_000_000
        self._lemmas: dict = {}

    # -- natasha itself (also what benchmarks/bench_ru.py measures against)
    def natasha(self, text: str):
        from natasha import Doc as NDoc

        nd = NDoc(text)
        nd.segment(self.segmenter)
        nd.tag_morph(self.morph)
        nd.parse_syntax(self.syntax)
        nd.tag_ner(self.ner)
        for tok in nd.tokens:
            tok.lemmatize(self.vocab_morph)
        return nd

    def _lemma(self, tok) -> str:
        key = (tok.text, tok.pos, tuple(sorted((tok.feats or {}).items())))
        lemma = self._lemmas.get(key)
        if lemma is None:
            tok.lemmatize(self.vocab_morph)
            lemma = tok.lemma or tok.text.lower()
            if len(self._lemmas) < 500_000:
                self._lemmas[key] = lemma
        return lemma

    def _parse(self, text: str):
        from natasha import Doc as NDoc

        nd = NDoc(text)
        nd.segment(self.segmenter)
        if nd.tokens:  # slovnet fails on a text with no token (empty or only whitespace)
            nd.tag_morph(self.morph)
            nd.parse_syntax(self.syntax)
            nd.tag_ner(self.ner)
        return nd

    @staticmethod
    def one_thread():
        """A context limiting BLAS to one thread: natasha runs 5x faster on a shared machine than with numpy's
        default threads."""
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=1)

    def parse(self, text: str):
        """The Doc of one text, with no thread limit of its own (callers hold ``one_thread()``)."""
        return to_spacy(self._parse(text), text, self.vocab, self._lemma)

    def __call__(self, text: str):
        with self.one_thread():
            return self.parse(text)

    def pipe(self, texts, batch_size: int = BATCH):
        with self.one_thread():
            for text in texts:
                yield self.parse(text)


def _feats(feats) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted((feats or {}).items()))


def to_spacy(nd, text: str, vocab, lemma_of):
    """A spaCy Doc from a natasha Doc (segmented, tagged, parsed) over ``text``."""
    from spacy.tokens import Doc

    words, spaces, pos, morphs, lemmas, heads, deps, starts = [], [], [], [], [], [], [], []
    char_to_tok: dict[int, int] = {}

    def space_token(gap: str, head: int, sent_start: bool) -> None:
        words.append(gap)
        spaces.append(False)
        pos.append("SPACE")
        morphs.append("")
        lemmas.append(gap)
        heads.append(head)
        deps.append("dep")
        starts.append(sent_start)

    def gap_after_last_word(gap: str) -> None:
        """Text between the last word and the next one (or the end): one plain space is the last word's
        trailing space; any other whitespace becomes a SPACE token (after that trailing space, if it leads)."""
        if gap.startswith(" "):
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            space_token(gap, len(words) - 1, False)

    pos_at = 0
    for sent in nd.sents:
        ids = {t.id: n for n, t in enumerate(sent.tokens)}
        base = len(words)
        # whitespace before the sentence's first token (leading text, or more than one space between sentences)
        first = sent.tokens[0] if sent.tokens else None
        if first is None:
            continue
        gap = text[pos_at:first.start]
        lead = 0
        if gap:
            if base and gap == " ":
                spaces[-1] = True
            elif base and gap.startswith(" "):
                spaces[-1] = True
                space_token(gap[1:], base - 1, False)
            elif base:
                space_token(gap, base - 1, False)
            else:
                lead = 1
                space_token(gap, 1, True)  # attached to the first word below
        order = []
        for n, tok in enumerate(sent.tokens):
            order.append(len(words))
            char_to_tok[tok.start] = len(words)
            words.append(tok.text)
            spaces.append(False)
            pos.append(tok.pos or "X")
            morphs.append(_feats(tok.feats))
            lemmas.append(lemma_of(tok))
            heads.append(tok.head_id)
            deps.append(tok.rel or "dep")
            starts.append(n == 0 and not lead)
            nxt = sent.tokens[n + 1] if n + 1 < len(sent.tokens) else None
            if nxt is not None:
                if text[tok.stop:nxt.start]:
                    gap_after_last_word(text[tok.stop:nxt.start])
            pos_at = tok.stop
        # resolve heads of this sentence's words to absolute indices
        root = None
        for idx in order:
            h = heads[idx]
            if deps[idx] == "root" or h not in ids:
                root = idx if root is None else root
        for idx in order:
            h = heads[idx]
            if deps[idx] == "root" or h not in ids:
                heads[idx] = idx if idx == root else root
                deps[idx] = "ROOT" if idx == root else deps[idx]
            else:
                heads[idx] = order[ids[h]]
        if lead:
            heads[0] = order[0]
            lead = 0
    if words and text[pos_at:]:
        gap_after_last_word(text[pos_at:])
    if not words:  # empty or whitespace only
        return Doc(vocab, words=[text] if text else [], spaces=[False] if text else [],
                   pos=["SPACE"] if text else None)
    doc = Doc(vocab, words=words, spaces=spaces, pos=pos, morphs=morphs, lemmas=lemmas, heads=heads, deps=deps,
              sent_starts=starts)
    ents = []
    for span in nd.spans:
        s = doc.char_span(span.start, span.stop, label=span.type, alignment_mode="expand")
        if s is not None and (not ents or s.start >= ents[-1].end):
            ents.append(s)
    doc.ents = ents
    return doc


@functools.lru_cache(maxsize=1)
def load() -> Russian:
    return Russian()
