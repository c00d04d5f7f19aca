"""The verb and noun pattern lexicon: which word, with which objects, is which CAMEO event.

Data (``data/``): ``verbs.tsv``, ``patterns.tsv``, ``synsets.tsv`` converted from the PETRARCH-2
CAMEO.2.0 verb dictionary; ``verbs_detente.tsv`` (curated rows that take precedence) and
``nouns.tsv`` (nominal triggers). A pattern is a set of words that must all occur among the
lemmas/words of the trigger's complements; the most specific matching pattern wins.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType
from typing import Optional

from ..wordlists import word_set
from .ontology import DATA, rows

WORDS = DATA / "words.yaml"  # the coder's word lists, with their source
FUNCTION_WORDS = word_set(WORDS, "function_words")
# word classes several readers of the coder share (coder.py, features.py, arguments.py, no_act.py): read here once
OBLIGATION, WARNING_VERBS, SPEAKER_PRONOUNS, SUBJECT_PRONOUNS, RELATIVE, MATERIAL = (word_set(WORDS, k) for k in (
    "obligation", "warning_verbs", "speaker_pronouns", "subject_pronouns", "relative", "material"))
# Complements searched for pattern words (verb triggers).
COMPLEMENT_DEPS = frozenset({"dobj", "dative", "prep", "prt", "xcomp", "ccomp", "attr", "acomp", "advmod", "npadvmod", "oprd", "pobj", "agent", "nsubjpass"})


@dataclass(frozen=True)
class Pattern:
    code: str  # "" = explicitly no event
    post: tuple  # words/synset refs after the verb
    pre: tuple = ()
    weight: int = 0
    verb: str = ""  # the verb the pattern was written for ("" = every verb of the block)

    @functools.cached_property
    def needs(self) -> Optional[tuple]:
        """(post words, post synsets, pre words, pre synsets) the pattern asks for; None for an empty pattern."""
        if not self.post and not self.pre:
            return None
        return (frozenset(w for w in self.post if not w.startswith("&")), tuple(w[1:] for w in self.post if w.startswith("&")),
                frozenset(w for w in self.pre if not w.startswith("&")), tuple(w[1:] for w in self.pre if w.startswith("&")))


def _singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@functools.lru_cache(maxsize=1)
def synsets():
    out = {}
    for name, phrase in rows("synsets.tsv"):
        out.setdefault(name, []).append(tuple(_singular(w) for w in phrase.split()))
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def _words(s: str) -> tuple:
    out = []
    for w in s.split():
        out.append(w if w.startswith("&") else _singular(w))
    return tuple(out)


def _weight(words: tuple) -> int:
    return sum(1 for w in words if w not in FUNCTION_WORDS) * 2 + sum(1 for w in words if w in FUNCTION_WORDS)


@dataclass(frozen=True)
class Lexicon:
    verbs: MappingProxyType  # lemma -> (default code, block); synonyms that only inherit a block code have none
    patterns: MappingProxyType  # block -> tuple[Pattern]
    curated: MappingProxyType  # lemma -> (default code or None, tuple[Pattern])
    nouns: MappingProxyType  # noun lemma -> (code, of-role)
    plover: MappingProxyType  # (lemma, cameo) -> (PLOVER event, mode): v0.8 overrides

    def __post_init__(self):
        object.__setattr__(self, "_block_patterns", {})  # (block, lemma) -> PatternIndex of its patterns

    def plover_of(self, lemma: str, cameo: Optional[str]) -> Optional[tuple]:
        return self.plover.get((lemma, cameo))

    def knows(self, lemma: str) -> bool:
        """Whether ``verb_code`` can give the lemma a code at all (a curated or dictionary entry)."""
        return lemma in self.curated or lemma in self.verbs

    def verb_code(self, lemma: str, words: frozenset, before: frozenset) -> Optional[str]:
        """CAMEO code for a verb lemma given the words of its complements; None = not an event verb."""
        default, curated = self.curated.get(lemma, (None, ()))
        best = _best(curated, words, before)
        if best is not None:
            return best.code or None
        if default is not None:
            return default or None  # "" = explicitly not an event verb
        dict_default, block = self.verbs.get(lemma, (None, None))
        if block is not None:
            index = self._block_patterns.get((block, lemma))
            if index is None:
                index = self._block_patterns[(block, lemma)] = PatternIndex(tuple(
                    p for p in self.patterns.get(block, ()) if p.verb in ("", lemma) or p.verb not in self.verbs))
            best = _best(index.among(words), words, before)
            if best is not None and best.weight >= 2:
                return best.code or None
        return dict_default or None

    def no_act(self, lemma: str, words: frozenset, before: frozenset) -> bool:
        """Whether a curated row (``verbs_detente.tsv``) reads the verb with these complement words as no act at all
        (an empty code: "asked not to be named", "declined to comment", "fought the blaze", "want"): knowledge
        that the word names no event, not only that the lexicon has no code for it."""
        default, curated = self.curated.get(lemma, (None, ()))
        best = _best(curated, words, before)
        if best is not None:
            return not best.code
        return default == ""

    def noun_code(self, lemma: str):
        return self.nouns.get(lemma)


class PatternIndex:
    """A block's patterns, each filed under one of the plain words after the verb that it needs (the first in
    sorted order): ``among(words)`` gives, in their order, only the patterns whose filed word is among ``words``
    and those that need no plain word after the verb. A pattern left out needs a word that is not there, so
    ``_best`` over them finds what it finds over all of them (blocks hold up to some 200 patterns)."""

    __slots__ = ("patterns", "by_word", "free")

    def __init__(self, patterns: tuple):
        self.patterns, self.by_word, self.free = patterns, {}, []
        for k, p in enumerate(patterns):
            needs = p.needs
            if needs is None:
                continue  # an empty pattern never matches (_best)
            if needs[0]:
                self.by_word.setdefault(min(needs[0]), []).append(k)
            else:
                self.free.append(k)

    def among(self, words: frozenset) -> list:
        by_word, patterns = self.by_word, self.patterns
        found = [k for w in words if w in by_word for k in by_word[w]]
        return [patterns[k] for k in sorted(found + self.free)]


def _has(word: str, words: frozenset) -> bool:
    if word.startswith("&"):
        return any(all(w in words for w in phrase) for phrase in synsets().get(word[1:], ()))
    return word in words


def _has_synset(name: str, words: frozenset) -> bool:
    """Some phrase of the synset has all its words among ``words``: a one-word phrase by one set test."""
    split = _SPLIT.get(name)
    if split is None:
        phrases = synsets().get(name, ())
        split = _SPLIT[name] = (frozenset(p[0] for p in phrases if len(p) == 1),
                                tuple(p for p in phrases if len(p) != 1))
    single, longer = split
    return not single.isdisjoint(words) or any(all(w in words for w in phrase) for phrase in longer)


_SPLIT: dict = {}  # synset name -> (its one-word phrases' words, its other phrases); names are the file's few


def _best(patterns, words: frozenset, before: frozenset) -> Optional[Pattern]:
    """The heaviest pattern (the first of equals) whose every word (``_has``) is among ``words`` (``pre``: among
    ``before``)."""
    best = None
    for p in patterns:
        needs = p.needs
        if needs is None:
            continue
        post, post_sets, pre, pre_sets = needs
        if post <= words and pre <= before and all(_has_synset(s, words) for s in post_sets) and \
                all(_has_synset(s, before) for s in pre_sets):
            if best is None or p.weight > best.weight:
                best = p
    return best


@functools.lru_cache(maxsize=1)
def roles() -> MappingProxyType:
    """Word lists of the argument rules (``data/roles.yaml``), each a frozenset."""
    import yaml

    with open(DATA / "roles.yaml", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return MappingProxyType({k: frozenset(v) for k, v in raw.items()})


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    verbs = {}
    for lemma, code, block, primary in rows("verbs.tsv"):
        code = code if primary == "1" else ""  # WordNet synonyms inheriting a block code are too noisy alone
        if lemma not in verbs or (not verbs[lemma][0] and code):
            verbs[lemma] = (code, block)
    pats = {}
    for r in rows("patterns.tsv"):
        block, code, pre, post, verb = (r + [""] * 5)[:5]
        pre_w, post_w = _words(pre), _words(post)
        pats.setdefault(block, []).append(Pattern(code, post_w, pre_w, _weight(post_w) + _weight(pre_w), verb))
    curated = {}
    for r in rows("verbs_detente.tsv"):
        lemma, code, words = r[0], r[1], (r[2] if len(r) > 2 else "")
        default, plist = curated.get(lemma, (None, []))
        if words:
            w = _words(words)
            plist.append(Pattern(code, w, (), _weight(w) + 100))
        elif default is None:
            default = code  # "" = explicitly not an event verb
        curated[lemma] = (default, plist)
    nouns = {r[0]: (r[1], r[2]) for r in rows("nouns.tsv")}
    return Lexicon(
        MappingProxyType(verbs),
        MappingProxyType({k: tuple(v) for k, v in pats.items()}),
        MappingProxyType({k: (d, tuple(p)) for k, (d, p) in curated.items()}),
        MappingProxyType(nouns),
        MappingProxyType({(r[0], r[1]): (r[2], r[3] or None) for r in rows("plover_verbs.tsv")}),
    )
