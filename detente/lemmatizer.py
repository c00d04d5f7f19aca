"""spaCy's rule (or lookup) lemmatizer, remembered per distinct (word, POS, morphology): the same lemma on every token.

spaCy's ``Lemmatizer`` visits every token through a Token object and, for the many tokens in a base form (a singular
noun, an infinitive, a positive adjective), works the lemma out anew each time: it remembers only the forms found by
its suffix rules. Measured on 100 Reuters dev articles (26,560 tokens, 4,553 distinct keys): the first pass costs
the same as spaCy's (0.71 against 0.74 CPU-s: the suffix rules of each new word dominate, and both remember them),
a later pass 0.03 against 0.11 CPU-s. In the "rule" and "lookup" modes a token's lemma depends only on its
text, its coarse POS and its morphology (spaCy's own cache is keyed the same way), so it is worked out once per
distinct (ORTH, POS, MORPH) by spaCy's own code and remembered as a lemma hash; a Doc's lemmas are then read and
written in one ``to_array``/``from_array``. Tokens that already have a lemma (set by the attribute ruler) keep it,
unless the lemmatizer overwrites, as spaCy's does.

:func:`install` switches a loaded pipeline's lemmatizer to this one (detente.nlp.load does it);
``tests/test_lemmatizer.py`` checks the lemmas of parsed Docs against spaCy's own lemmatizer.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import Lemmatizer

from detente.memory import Memo

MODES = ("rule", "lookup")  # modes whose lemma is a function of (ORTH, POS, MORPH) alone
MEMORY = 1 << 18  # distinct keys remembered (a bound over long runs; emptied after each batch: detente.memory)
_KEYS = [ORTH, POS, MORPH, LEMMA]


def _fast_call(self, doc):
    if self.mode not in MODES:
        return self._detente_base.__call__(self, doc)
    if not self._validated:
        self._validate_tables(Errors.E1004)
    error_handler = self.get_error_handler()
    try:
        n = len(doc)
        if not n:
            return doc
        memory = self.__dict__.get("_detente_memory")
        if memory is None:
            memory = self.__dict__["_detente_memory"] = Memo(MEMORY)
        strings = doc.vocab.strings
        overwrite = self.overwrite
        rows = doc.to_array(_KEYS).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                got = memory.get(key)
                if got is None:
                    text = self.lemmatize(doc[i])[0]
                    got = strings.add(text)
                    memory.put(key, (got, text))
                else:
                    strings.add(got[1])  # a no-op unless the string was dropped (a memory zone)
                    got = got[0]
                lemma = got
            lemmas.append(lemma)
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64))
        return doc
    except Exception as e:  # noqa: BLE001 - as spaCy's lemmatizer reports a failure
        return error_handler(self.name, self, [doc], e)


class FastLemmatizer(Lemmatizer):
    """spaCy's Lemmatizer whose ``__call__`` remembers lemmas per (ORTH, POS, MORPH)."""

    _detente_base = Lemmatizer
    __call__ = _fast_call


class FastEnglishLemmatizer(EnglishLemmatizer):
    """spaCy's English lemmatizer whose ``__call__`` remembers lemmas per (ORTH, POS, MORPH)."""

    _detente_base = EnglishLemmatizer
    __call__ = _fast_call


_FAST = {Lemmatizer: FastLemmatizer, EnglishLemmatizer: FastEnglishLemmatizer}


class _Index(list):
    """A ``lemma_index`` list of the lookups whose ``in`` is a set look-up. spaCy's ``rule_lemmatize`` tests each
    candidate form with ``form in index`` on lists of up to 57,528 words (nouns): a scan per test, most of the
    rule lemmatizer's time on a new word (200 Reuters articles: 1.08 -> 0.14 CPU-s, the same lemmas). The list
    itself (order, items, equality) is unchanged; the set is made on the first test (a one-article run need not
    pay for all four), and when an item is not hashable the list answers as before."""

    __slots__ = ("_set",)

    def __init__(self, items):
        super().__init__(items)
        self._set = None

    def __contains__(self, item) -> bool:
        if self._set is None:
            try:
                self._set = frozenset(self)
            except TypeError:  # an unhashable item in the list: scan it, as a list does
                self._set = False
        if self._set is False:
            return list.__contains__(self, item)
        try:
            return item in self._set
        except TypeError:  # an unhashable probe: as the list would answer
            return list.__contains__(self, item)


def _index_sets(lemmatizer) -> None:
    """Give the lemmatizer's ``lemma_index`` lists set look-ups (same lemmas; see _Index)."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if type(words) is list:
            table[key] = _Index(words)


def install(nlp) -> None:
    """Use the remembering lemmatizer for the pipeline's ``lemmatizer`` (if it is spaCy's plain or English one)."""
    if "lemmatizer" not in nlp.component_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = _FAST.get(type(lemmatizer))
    if fast is not None:
        lemmatizer.__class__ = fast
        if lemmatizer.mode == "rule":
            _index_sets(lemmatizer)
