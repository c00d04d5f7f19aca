"""What a long run gives back, so that its resident size does not grow with the number of articles (issue 19:
peak RSS of ``analyze`` at 2,000 articles within 10% of 100; measurements in benchmarks/README.md).

- :func:`after_batch`, called by the engine after each batch it analyses (in the process that analysed it):
  the pages of the packed knowledge files read by the batch are unmapped, and every ``CLEAR_EVERY`` batches the
  stages' memories emptied.
- :func:`after_analysis`, called by ``api.analyze`` once every article is analysed, before the event clusters are
  built from the store (a step whose memory grows with the store): the per-word memories of the stages are
  emptied and the C heap's free pages given back. They are memories only (answers are the same without them),
  and a later analysis in the same process fills them again. After a long run (``RELEASE_AFTER`` articles) the
  models are let go too (:func:`release_models`), loaded again by a later analysis in the same process.
- :func:`tune_heap`, called by the engine before a batch: glibc's mmap threshold held at 1 MiB, so that the
  parse's large arrays are mapped and unmapped whole instead of settling in the heap.
- :class:`Memo`, the one shape of those memories: a dict of answers that forgets everything when it holds its
  bound of keys, and that both functions above empty (every Memo alive, wherever it was made).
"""
from __future__ import annotations

import ctypes
import gc
import sys
import weakref

from detente import packed


class Memo(dict):
    """Answers remembered by key (word, name, feature string ...), bounded over a long run: :meth:`put` empties
    the memo when it holds ``bound`` keys, and :func:`after_batch` and :func:`after_analysis` empty every Memo
    alive, so that it holds the words of the last batch, not those of the whole run. Only a memory: the answers
    are the same without it. Reading is a dict's (``memo.get(key)``, ``key in memo``, ``memo[key]``)::

        _LEMMAS = memory.Memo(1 << 16)
        got = _LEMMAS.get(word)
        if got is None:
            got = _LEMMAS.put(word, work_out(word))
    """

    __slots__ = ("bound", "__weakref__")

    def __init__(self, bound: int):
        super().__init__()
        self.bound = bound
        key = id(self)
        _MEMOS[key] = weakref.ref(self, lambda _ref, key=key: _MEMOS.pop(key, None))

    def put(self, key, value):
        """Remember ``value`` for ``key`` (forgetting everything first if the memo is full); returns ``value``."""
        if len(self) >= self.bound:
            self.clear()
        self[key] = value
        return value

    def __reduce__(self):  # a copy (pickled into a worker) is an empty memo of the same bound
        return (Memo, (self.bound,))


_MEMOS: dict[int, weakref.ref] = {}  # id -> every Memo alive (weak: a memo goes with its owner)


def clear_memos() -> None:
    """Empty every :class:`Memo` alive."""
    for ref in list(_MEMOS.values()):
        memo = ref()
        if memo is not None:
            memo.clear()


CLEAR_EVERY = 1  # batches between two emptyings of the stages' memories in a run (after_batch; every 2: the
# same ratio of peak RSS, 10 MiB more at both sizes)
_done = [0]  # batches analysed by this process


def after_batch() -> None:
    """Unmap the pages of the packed knowledge files (gazetteer, knowledge base) read by the batch: they stay in
    the page cache, shared, and the next batch maps the few it needs again (minor faults, microseconds). Lookups
    scatter over the files: over 2,000 articles the three maps grew from 16 to 51 MiB resident.

    Every ``CLEAR_EVERY`` batches the stages' memories of words and names met (every :class:`Memo`, those of the
    spaCy pipeline's components too) are emptied and the C heap's free pages given back, so that they hold the
    words of the last few batches, not of the whole run: kept to their bounds, they made most of a long run's
    growth (600 Reuters articles: resident size after a batch 263 -> 330 MiB kept, 261 -> 288 emptied after each
    batch)."""
    packed.release()
    _done[0] += 1
    if _done[0] % CLEAR_EVERY == 0:
        _clear()
        trim()


def _clear() -> None:
    clear_memos()
    for clear in _memories():
        try:
            clear()
        except Exception:  # noqa: BLE001 - a memory of another shape (a stage changed): left as it is
            pass


RELEASE_AFTER = 500  # analysed articles after which ``api.analyze`` lets the models go before the cluster build


def after_analysis(release: bool = False) -> None:
    """Empty the stages' memories of words and names met (every :class:`Memo`), and
    with ``release`` let go of the models themselves (:func:`release_models`), then give the freed memory back to
    the system."""
    _clear()
    if release:
        release_models()
        gc.unfreeze()  # what loading made was frozen out of the collector's sight (pipeline._freeze): the models'
        # reference cycles are only collected once unfrozen (2,000 Reuters articles: 6 MiB more given back
        # before the cluster build, the run's peak once the parser and NER work on 8 texts at a time)
    packed.release()
    gc.collect()
    trim()


def release_models() -> None:
    """Let go of what the stages loaded once per process (the spaCy pipeline, the coders' weights, the knowledge
    base and gazetteer objects, the language detector, word lists): the ``functools`` caches defined in the loaded
    ``detente`` modules are emptied. The next analysis in this process loads them again (a few seconds), with the
    same answers. ``api.analyze`` calls it after ``RELEASE_AFTER`` analysed articles, before the cluster build:
    after 100 articles this gave back about 40 MiB (issue 19: the cluster build of a long run was its peak)."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "detente" or name.startswith("detente.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()


def _memories():
    """The clear() of each per-process memory of a loaded stage module that is not (yet) a :class:`Memo` (a module
    not loaded has none)."""
    mods = sys.modules
    if "detente.events.tokens" in mods:
        tokens = mods["detente.events.tokens"]
        yield tokens._STRINGS.clear
        yield tokens._LEMMAS.clear
    if "detente.stance.features" in mods:
        yield mods["detente.stance.features"]._MEMOS.clear
    if "detente.where.gazetteer" in mods:
        gazetteer = mods["detente.where.gazetteer"]
        yield gazetteer.fold.cache_clear
        yield lambda: gazetteer.load().index._seen.clear()
    if "detente.actors.kb" in mods:
        def kb_nodes():
            trie = mods["detente.actors.kb"].load_kb(()).trie
            trie._nodes.clear()
            trie._absent.clear()
        yield kb_nodes
    if "detente.actors.text" in mods:
        yield lambda: mods["detente.actors.text"]._READ.clear()
    if "detente.actors.openkb" in mods:
        def open_absent():
            load = mods["detente.actors.openkb"].load
            if load.cache_info().currsize and load() is not None:
                load()._absent.clear()
        yield open_absent
    if "detente.events.locations" in mods:
        yield mods["detente.events.locations"].kb_place.cache_clear


def trim() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 1 << 20  # bytes: larger blocks are mapped on their own, unmapped when freed (at glibc's starting
# 128 KiB: the same peaks, but 5-14% more CPU in page faults over 100 articles)
_tuned = [False]


def tune_heap() -> None:
    """Hold glibc's mmap threshold at ``MMAP_THRESHOLD`` (once per process; nothing elsewhere). glibc raises it
    whenever a mapped block is freed (up to 32 MiB), so after the first parse the parse's large arrays (the
    parser's and tok2vec's activations, a few MiB each) were taken from the heap, where the long-lived objects
    made between them keep the pages from being given back: the heap's resident size grew over a run. Fixed, each
    such array is its own mapping, returned whole when freed (issue 19: peak RSS of a long run)."""
    if _tuned[0]:
        return
    _tuned[0] = True
    try:
        ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):
        pass
