"""What a long run gives back, so that its resident size does not grow with the number of articles (issue 19:
peak RSS of ``analyze`` at 2,000 articles within 10% of 100; measurements in benchmarks/README.md).

- :func:`after_batch`, called by the engine after each batch it analyses (in the process that analysed it):
  the pages of the packed knowledge files read by the batch are unmapped.
- :func:`after_analysis`, called by ``api.analyze`` once every article is analysed, before the event clusters are
  built from the store (a step whose memory grows with the store): the per-word memories of the stages are
  emptied and the C heap's free pages given back. They are memories only (answers are the same without them),
  and a later analysis in the same process fills them again.
"""
from __future__ import annotations

import ctypes
import gc
import sys

from detente import packed


def after_batch() -> None:
    """Unmap the pages of the packed knowledge files (gazetteer, knowledge base) read by the batch: they stay in
    the page cache, shared, and the next batch maps the few it needs again (minor faults, microseconds). Lookups
    scatter over the files: over 2,000 articles the three maps grew from 16 to 51 MiB resident."""
    packed.release()


def after_analysis(model: str | None = None) -> None:
    """Empty the stages' memories of words and names met (those of spaCy pipeline ``model``'s components too, if
    this process loaded it), then give the freed memory back to the system."""
    for clear in _memories(model):
        try:
            clear()
        except Exception:  # noqa: BLE001 - a memory of another shape (a stage changed): left as it is
            pass
    packed.release()
    gc.collect()
    trim()


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
