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
"""
from __future__ import annotations

import ctypes
import gc
import sys

from detente import packed


CLEAR_EVERY = 1  # batches between two emptyings of the stages' memories in a run (after_batch; every 2: the
# same ratio of peak RSS, 10 MiB more at both sizes)
_done = [0]  # batches analysed by this process


def after_batch(model: str | None = None) -> None:
    """Unmap the pages of the packed knowledge files (gazetteer, knowledge base) read by the batch: they stay in
    the page cache, shared, and the next batch maps the few it needs again (minor faults, microseconds). Lookups
    scatter over the files: over 2,000 articles the three maps grew from 16 to 51 MiB resident.

    Every ``CLEAR_EVERY`` batches the stages' memories of words and names met (those of spaCy pipeline ``model``'s
    components too) are emptied and the C heap's free pages given back, so that they hold the words of the last few
    batches, not of the whole run: kept to their bounds, they made most of a long run's growth (600 Reuters
    articles: resident size after a batch 263 -> 330 MiB kept, 261 -> 288 emptied after each batch)."""
    packed.release()
    _done[0] += 1
    if _done[0] % CLEAR_EVERY == 0:
        _clear(model)
        trim()


def _clear(model: str | None) -> None:
    for clear in _memories(model):
        try:
            clear()
        except Exception:  # noqa: BLE001 - a memory of another shape (a stage changed): left as it is
            pass


RELEASE_AFTER = 500  # analysed articles after which ``api.analyze`` lets the models go before the cluster build


def after_analysis(model: str | None = None, release: bool = False) -> None:
    """Empty the stages' memories of words and names met (those of spaCy pipeline ``model``'s components too, if
    this process loaded it), and with ``release`` let go of the models themselves (:func:`release_models`), then
    give the freed memory back to the system."""
    _clear(model)
    if release:
        release_models()
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


def _memories(model: str | None):
    """The clear() of each per-process memory of a loaded stage module (a module not loaded has none)."""
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
    if "detente.events.learned" in mods:
        def learned_rows():
            coder = mods["detente.events.learned"].model()
            linears = [coder.type, coder.mode, coder.role, coder.modality, coder.trigger] if coder is not None else []
            gate = mods.get("detente.events.modality_model")
            if gate is not None and gate.gate() is not None:
                linears.append(gate.gate().linear)
            for linear in linears:
                if linear is not None:
                    linear._rows.clear()
        yield learned_rows
    if "detente.nlp" in mods:
        def pipeline_memories():
            for nlp in _loaded_pipelines(mods["detente.nlp"], model):
                if "lemmatizer" in nlp.component_names:
                    nlp.get_pipe("lemmatizer").__dict__.get("_detente_memory", {}).clear()
                if "attribute_ruler" in nlp.component_names:
                    plan = getattr(nlp.get_pipe("attribute_ruler"), "_detente_plan", (None, None))[1]
                    if plan is not None:
                        plan.memory.clear()
                        for column in plan.by_column:
                            column.clear()
        yield pipeline_memories


def _loaded_pipelines(nlp_module, model: str | None) -> list:
    """The pipeline ``model`` if ``detente.nlp.load`` has loaded one in this process (a process that analysed
    nothing itself, its workers having been spawned, loads none here)."""
    load = nlp_module.load
    if not hasattr(load, "cache_info") or not load.cache_info().currsize:
        return []
    return [load(model)]


def trim() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
