"""A kiosk runs all day: a hundred interviews in a row through the engine and the store keep
memory flat and do not slow down."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from pathlib import Path

from prescreen.core.interview import Interview
from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore
from tests.conftest import VALID_ANSWERS, fixed_clock


def one_interview(demo: QuestionSet, store: FileStore) -> None:
    """What the screens do for one person: consent, answer by answer with a draft saved after
    each, then submit."""
    interview = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
    interview.give_consent()
    for qid, raw in VALID_ANSWERS.items():
        interview.answer(qid, raw, confirm=True)
        interview.next()
        store.save_draft(interview.to_draft())
        interview.revision += 1
    store.submit(interview.submit())


def test_a_hundred_interviews_keep_memory_and_time_flat(demo: QuestionSet, tmp_path: Path) -> None:
    store = FileStore(tmp_path / "store")
    times: list[float] = []
    memory: dict[int, int] = {}
    tracemalloc.start()
    try:
        for n in range(1, 101):
            started = time.perf_counter()
            one_interview(demo, store)
            times.append(time.perf_counter() - started)
            if n in (20, 60, 100):
                gc.collect()
                memory[n] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(list(store.applications.glob("*.json"))) == 100
    # A leak grows in both stretches of 40 interviews. One stretch alone may hold a one-off
    # growth of the interpreter's own tables (its table of interned strings, which holds the
    # file names, doubles now and then), which is not a leak.
    growth = min(memory[60] - memory[20], memory[100] - memory[60])
    assert growth < 32 * 1024, f"memory grew in both halves: {memory}"
    # A trend check, not a benchmark (make bench measures): work that grows with the day slows
    # every late interview, so even the quickest of the last 20 is slower; a busy machine slows
    # some of them only.
    assert min(times[-20:]) < 2 * statistics.median(times[:20])
