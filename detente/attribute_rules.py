"""spaCy's attribute ruler, applied with a table instead of its Matcher: the same attributes on every token.

The English model's ``attribute_ruler`` maps each fine tag (and some words) to a coarse POS, morphology and a few
lemmas through 179 Matcher patterns; matching them token by token and setting the attributes through Span and
Token objects was a seventh of the whole parse. Every pattern of that model is a fixed run of tokens, each token
tested on TAG, LOWER, DEP or IS_SPACE (equal to, IN, NOT_IN, REGEX). The outcome for a token then depends only on
those four values (and on its neighbours' for a pattern of two tokens), so it is worked out once per distinct
(TAG, LOWER, DEP, IS_SPACE) and remembered. The attributes are applied as the ruler applies them: every match in
pattern order, a later pattern's value winning, at the pattern's index in the matched span; the Doc is then written
in one ``Doc.from_array``. A ruler with any other kind of pattern (operators, other attributes, extensions, a
negative index outside its span) is left to spaCy's own code.

:func:`install` switches a loaded pipeline's ruler to this one (detente.nlp.load does it); ``tests/
test_attribute_rules.py`` checks every attribute of parsed Docs against spaCy's own ruler.
"""
from __future__ import annotations

import re
import threading

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id

from detente.memory import Memo

KEYS = (TAG, LOWER, DEP, IS_SPACE)  # the attributes a supported pattern tests, in the order of a token's key
_NAMES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
MEMORY = 1 << 18  # distinct token keys remembered (a bound over long runs; ~60 bytes each)


class _Unsupported(Exception):
    pass


def _tests(spec: dict, strings) -> dict:
    """A token spec as {column of the key: [test]}, a test being a frozenset of the values it accepts or a function
    of the value (hash values, as the Matcher compares them)."""
    tests = {}
    for name, value in spec.items():
        if name not in _NAMES:
            raise _Unsupported(name)
        col = _NAMES[name]
        if isinstance(value, dict):
            if len(value) != 1:
                raise _Unsupported(value)
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                ids = frozenset(get_string_id(v) for v in arg)  # as the Matcher's set predicates hash them
                test = ids if op == "IN" else (lambda v, ids=ids: v not in ids)
            elif op == "REGEX" and isinstance(arg, str) and col != 3:
                rx = re.compile(arg)
                test = lambda v, rx=rx: bool(rx.search(strings[v]))  # noqa: E731
            else:
                raise _Unsupported(op)
        elif isinstance(value, bool):
            test = lambda v, w=int(value): v == w  # noqa: E731
        elif isinstance(value, str) and col != 3:
            test = frozenset([strings.add(value)])  # as the Matcher stores a plain value
        else:
            raise _Unsupported(value)
        tests.setdefault(col, []).append(test)
    return tests


class _Plan:
    """The ruler's patterns compiled. Every token spec of every pattern is one bit; a token's key (its TAG, LOWER,
    DEP and IS_SPACE hashes) gives the bits of the specs it meets (per column, remembered per value), and those
    bits the token's outcome: the single-token patterns it matches, their attributes merged in pattern order."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.size = len(ruler.attrs)
        self.attrs = [dict(a) for a in ruler.attrs]
        if any("_" in a for a in self.attrs):
            raise _Unsupported("extension attributes")
        self.columns = sorted({k for a in self.attrs for k in a})
        self.specs = []  # per bit: {column: [tests]}
        self.singles = []  # (bit, pattern id)
        self.runs = []  # (pattern id, [bit per position], index of the token the attributes go to)
        for pid in range(self.size):
            found = ruler.matcher.get(strings[str(pid)])
            if found is None:
                raise _Unsupported(pid)
            on_match, patterns = found
            if on_match is not None:
                raise _Unsupported("callback")
            index = ruler.indices[pid]
            for pattern in patterns:
                if not pattern or any(k.upper() == "OP" for spec in pattern for k in spec):
                    raise _Unsupported("operator")
                bits = []
                for spec in pattern:
                    bits.append(len(self.specs))
                    self.specs.append(_tests(spec, strings))
                n = len(bits)
                if not -n <= index < n:
                    raise _Unsupported("index")
                if n == 1:
                    self.singles.append((bits[0], pid))
                else:
                    self.runs.append((pid, bits, index if index >= 0 else n + index))
        self.by_column = [Memo(MEMORY) for _ in KEYS]  # column -> value -> bits of the specs whose tests it passes
        # per column: the bits of specs with no test there, {value: bits} of specs whose one test there is a set of
        # values, and (bit, tests) of the others
        self.free, self.listed, self.other = [], [], []
        for col in range(len(KEYS)):
            free, listed, other = 0, {}, []
            for b, spec in enumerate(self.specs):
                tests = spec.get(col)
                if not tests:
                    free |= 1 << b
                elif len(tests) == 1 and isinstance(tests[0], frozenset):
                    for v in tests[0]:
                        listed[v] = listed.get(v, 0) | 1 << b
                else:
                    other.append((b, tests))
            self.free.append(free)
            self.listed.append(listed)
            self.other.append(other)
        self.memory = Memo(MEMORY)  # key -> outcome number
        self.outcomes = {}  # bits of the specs a token meets -> outcome number
        self.pids, self.values, self.sets, self.meets = [], [], [], []
        self._tables = None
        self._lock = threading.Lock()

    def _column_bits(self, col: int, value: int) -> int:
        bits = self.by_column[col].get(value)
        if bits is None:
            bits = self.free[col] | self.listed[col].get(value, 0)
            for b, tests in self.other[col]:
                if all(value in t if isinstance(t, frozenset) else t(value) for t in tests):
                    bits |= 1 << b
            self.by_column[col].put(value, bits)
        return bits

    def _outcome(self, key) -> int:
        got = self.memory.get(key)
        if got is None:
            bits = -1
            for col, value in enumerate(key):
                bits &= self._column_bits(col, value)
            got = self.outcomes.get(bits)
            if got is None:
                with self._lock:  # a new outcome (rare): numbered once, its rows in place before it is used
                    got = self.outcomes.get(bits)
                    if got is None:
                        pids = tuple(sorted({pid for b, pid in self.singles if bits >> b & 1}))
                        row, mask = self._row(pids)
                        self.pids.append(pids)
                        self.values.append(row)
                        self.sets.append(mask)
                        self.meets.append(tuple(bool(bits >> b & 1) for _, run, _ in self.runs for b in run))
                        got = self.outcomes[bits] = len(self.pids) - 1
            self.memory.put(key, got)
        return got

    def _row(self, pids):
        merged = {}
        for pid in pids:  # the ruler's order: by pattern, a later pattern's value winning
            merged.update(self.attrs[pid])
        return [merged.get(c, 0) for c in self.columns], [c in merged for c in self.columns]

    def _arrays(self, need: int):
        """The outcomes' values, set flags and run bits as arrays, holding at least ``need`` outcomes."""
        tables = self._tables
        if tables is None or len(tables[0]) < need:
            with self._lock:
                n = len(self.pids)
                tables = self._tables = (np.array(self.values[:n], dtype=np.uint64).reshape(n, len(self.columns)),
                                         np.array(self.sets[:n], dtype=bool).reshape(n, len(self.columns)),
                                         np.array(self.meets[:n], dtype=bool).reshape(n, -1))
        return tables

    def apply(self, doc) -> None:
        n = len(doc)
        if not n:
            return
        get, outcome, which = self.memory.get, self._outcome, []
        for key in map(tuple, doc.to_array(list(KEYS)).reshape(n, len(KEYS)).tolist()):  # remembered: one dict read
            got = get(key)
            which.append(outcome(key) if got is None else got)
        which = np.array(which, dtype=np.intp)
        values, sets, meets = self._arrays(int(which.max()) + 1)
        cols = self.columns
        out = doc.to_array(cols).reshape(n, len(cols))
        out = np.where(sets[which], values[which], out)
        if self.runs:
            met = meets[which]
            extra, first = {}, 0
            for pid, run, index in self.runs:
                m = len(run)
                if n >= m:
                    ok = np.ones(n - m + 1, dtype=bool)
                    for j in range(m):
                        ok &= met[j:n - m + 1 + j, first + j]
                    for s in np.flatnonzero(ok).tolist():
                        extra.setdefault(s + index, set()).add(pid)
                first += m
            for i, pids in extra.items():  # a token a longer pattern also sets: merged again, in pattern order
                row, mask = self._row(sorted(set(self.pids[which[i]]) | pids))
                for k, (v, is_set) in enumerate(zip(row, mask)):
                    if is_set:
                        out[i, k] = v
        doc.from_array(cols, np.ascontiguousarray(out, dtype=np.uint64))


class FastAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler whose ``__call__`` applies a compiled plan (falls back to spaCy's matching for patterns
    the plan does not cover)."""

    def __call__(self, doc):
        size, plan = getattr(self, "_detente_plan", (None, None))
        if size != len(self.attrs):  # compiled on first use, again when patterns were added
            try:
                plan = _Plan(self)
            except _Unsupported:
                plan = None
            self._detente_plan = (len(self.attrs), plan)
        if plan is None:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            plan.apply(doc)
            return doc
        except Exception as e:  # noqa: BLE001 - as spaCy's ruler reports a failure
            return error_handler(self.name, self, [doc], e)


def install(nlp) -> None:
    """Use :class:`FastAttributeRuler` for the pipeline's ``attribute_ruler`` (if it has a plain one)."""
    if "attribute_ruler" not in nlp.component_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is AttributeRuler:
        ruler.__class__ = FastAttributeRuler
