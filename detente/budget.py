"""Bounds on the work one article may cost: a time budget, and a longest sentence for the parser.

``time_budget(seconds)`` raises :class:`OverBudget` in the calling thread once the block has used that much
CPU time (or three times as much wall-clock time: a step that waits, or is starved). It works in any thread
(the web server analyses a posted article in a worker thread, where signals cannot reach): a watcher thread
looks at the thread's CPU clock every 0.1 s and schedules the exception with ``PyThreadState_SetAsyncExc``,
which Python raises at the next bytecode the thread runs. Code that stays inside one C call (a regex, a
model's matrix product) finishes that call first; every stage of the pipeline returns to Python often.
CPU time, not wall-clock time, decides: an article is analysed or set aside alike on a busy machine and an
idle one.

``bound_sentences(doc)`` is for a Doc before it is parsed: in a run of more than ``MAX_SENTENCE_TOKENS``
tokens without a sentence end (``.``, ``!``, ``?`` or a line break) it sets a sentence start, at the last
comma, semicolon, colon or dash in the run's last quarter where there is one. The parser keeps preset
starts, so no sentence is longer than the bound, and the stages' per-sentence work (each mention reads its
sentence) stays linear in the article's length: a 100,000-character passage without a full stop is about
more than 100 sentences, not one sentence of 20,000 tokens. An ordinary sentence is never touched.
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
    """What ran out, for the quarantine record: the budget, the step running at the time, and whether it was
    the thread's CPU time or (a step blocked, or starved of CPU) the wall-clock time."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.step = "parse"
        self.by = "CPU"

    def reason(self) -> str:
        spent = (f"{self.seconds:g} s of CPU time" if self.by == "CPU"
                 else f"{self.seconds * WALL_FACTOR:g} s of wall-clock time")
        return (f"analysis took longer than the time budget of {self.seconds:g} s ({spent}; stopped in "
                f"{self.step!r}); the article is set aside: raise the budget with --time-budget to analyse it")


WALL_FACTOR = 3  # a step that waits (or is starved of CPU) gets this many times the budget in wall-clock time
POLL = 0.1  # seconds between two looks at the thread's clocks


def _raise_in(thread_id: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _cpu_clock(thread_id: int):
    """A function giving the CPU seconds of thread ``thread_id`` so far (None where the OS cannot tell)."""
    try:
        clock = time.pthread_getcpuclockid(thread_id)
        time.clock_gettime(clock)
    except (AttributeError, OSError):  # no per-thread CPU clocks here (macOS): wall-clock time only
        return None
    return lambda: time.clock_gettime(clock)


@contextlib.contextmanager
def time_budget(seconds: float | None):
    """Run the block with a deadline: :class:`OverBudget` is raised in it once it has used ``seconds`` of its
    thread's CPU time, or ``WALL_FACTOR`` times as many seconds of wall-clock time. CPU time makes the outcome
    the same on a busy machine as on an idle one. Yields a :class:`Clock` (set ``clock.step`` to name the work
    in progress). ``None`` or 0: no deadline."""
    clock = Clock(seconds or 0)
    if not seconds or seconds <= 0:
        yield clock
        return
    tid, lock, state = threading.get_ident(), threading.Lock(), {"live": True, "fired": False}
    cpu = _cpu_clock(tid)
    cpu0, wall0, stop = cpu() if cpu else 0.0, time.monotonic(), threading.Event()

    def watch():
        while not stop.wait(POLL):
            over_cpu = cpu is not None and cpu() - cpu0 > seconds
            over_wall = time.monotonic() - wall0 > seconds * (WALL_FACTOR if cpu else 1)
            if over_cpu or over_wall:
                with lock:
                    if state["live"]:
                        state["fired"] = True
                        clock.by = "CPU" if over_cpu or cpu is None else "wall"
                        _raise_in(tid, OverBudget)
                return

    watcher = threading.Thread(target=watch, name="detente-time-budget", daemon=True)
    watcher.start()
    try:
        yield clock
    finally:
        with lock:
            state["live"] = False
            stop.set()
            if state["fired"]:
                _raise_in(tid, None)  # not raised yet (the block ended first): withdraw it


def bound_sentences(doc, limit: int = MAX_SENTENCE_TOKENS):
    """Set sentence starts in an unparsed Doc so that no run without a sentence end exceeds ``limit``
    tokens (see the module doc). Returns the Doc. The tokens' words are read as ids from one array (a Token
    object and its text per token cost about a tenth of a CPU-second per 400 news articles)."""
    n = len(doc)
    if n <= limit:  # no run can be longer than the Doc
        return doc
    from spacy.attrs import IS_SPACE, ORTH

    strings = doc.vocab.strings
    ends, softs = _word_ids(strings)
    orths, spaces = doc.to_array([ORTH, IS_SPACE]).T.tolist()
    run_start, soft = 0, None
    for i, orth in enumerate(orths):
        if i - run_start >= limit:
            cut = soft if soft is not None and soft - run_start >= limit * 3 // 4 else i
            doc[cut].is_sent_start = True
            run_start, soft = cut, None
        if orth in ends or (spaces[i] and "\n" in strings[orth]):
            run_start, soft = i + 1, None
        elif orth in softs and i + 1 < n:
            soft = i + 1
    return doc


def _word_ids(strings) -> tuple[frozenset, frozenset]:
    """The ids (string hashes, as ``ORTH`` holds them) of the sentence ends and of the soft breaks."""
    return frozenset(strings[w] for w in _ENDS), frozenset(strings[w] for w in _SOFT)
