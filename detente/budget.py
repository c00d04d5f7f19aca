"""Bounds on the work one article may cost: a time budget, and a longest sentence for the parser.

``time_budget(seconds)`` raises :class:`OverBudget` in the calling thread once the time is up. It works in
any thread (the web server analyses a posted article in a worker thread, where signals cannot reach): a
timer thread schedules the exception with ``PyThreadState_SetAsyncExc``, which Python raises at the next
bytecode the thread runs. Code that stays inside one C call (a regex, a model's matrix product) finishes
that call first; every stage of the pipeline returns to Python often.

``bound_sentences(doc)`` is for a Doc before it is parsed: in a run of more than ``MAX_SENTENCE_TOKENS``
tokens without a sentence end (``.``, ``!``, ``?`` or a line break) it sets a sentence start, at the last
comma, semicolon, colon or dash in the run's last quarter where there is one. The parser keeps preset
starts, so no sentence is longer than the bound, and the stages' per-sentence work (each mention reads its
sentence) stays linear in the article's length: a 100,000-character passage without a full stop is about
250 sentences of 80 words, not one sentence of 20,000 tokens. An ordinary sentence is never touched.
"""
from __future__ import annotations

import contextlib
import ctypes
import threading
import time

MAX_SENTENCE_TOKENS = 200
_ENDS = frozenset({".", "!", "?", "…"})
_SOFT = frozenset({",", ";", ":", "—", "–", "-"})


class OverBudget(BaseException):
    """An article's analysis took longer than its time budget. Raised asynchronously, anywhere in the block:
    a BaseException (as KeyboardInterrupt) so that a stage's ``except Exception`` cannot swallow it; only
    :func:`time_budget`'s caller catches it."""


class Clock:
    """What ran out, for the quarantine record: the budget and the step running at the time."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.step = "parse"
        self.started = time.monotonic()

    def reason(self) -> str:
        return (f"analysis took longer than the time budget of {self.seconds:g} s (stopped in {self.step!r}); "
                "the article is set aside, raise the budget with --time-budget to analyse it")


def _raise_in(thread_id: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


@contextlib.contextmanager
def time_budget(seconds: float | None):
    """Run the block with a deadline: :class:`OverBudget` is raised in it once ``seconds`` have passed.
    Yields a :class:`Clock` (set ``clock.step`` to name the work in progress). ``None`` or 0: no deadline."""
    clock = Clock(seconds or 0)
    if not seconds or seconds <= 0:
        yield clock
        return
    tid, lock, state = threading.get_ident(), threading.Lock(), {"live": True, "fired": False}

    def fire():
        with lock:
            if state["live"]:
                state["fired"] = True
                _raise_in(tid, OverBudget)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield clock
    finally:
        with lock:
            state["live"] = False
            timer.cancel()
            if state["fired"]:
                _raise_in(tid, None)  # not raised yet (the block ended first): withdraw it


def bound_sentences(doc, limit: int = MAX_SENTENCE_TOKENS):
    """Set sentence starts in an unparsed Doc so that no run without a sentence end exceeds ``limit``
    tokens (see the module doc). Returns the Doc."""
    run_start, soft = 0, None
    for tok in doc:
        if tok.i - run_start >= limit:
            cut = soft if soft is not None and soft - run_start >= limit * 3 // 4 else tok.i
            doc[cut].is_sent_start = True
            run_start, soft = cut, None
        if tok.text in _ENDS or (tok.is_space and "\n" in tok.text):
            run_start, soft = tok.i + 1, None
        elif tok.text in _SOFT and tok.i + 1 < len(doc):
            soft = tok.i + 1
    return doc
