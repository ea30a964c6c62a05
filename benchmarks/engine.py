"""The engine without a screen: loading and checking question sets, and working out which
questions are shown after an answer."""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.generated import answer_for, generated_yaml
from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set
from prescreen.core.questionset import Note, QuestionSet
from prescreen.locations import default_question_set


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Seconds each of `repeats` calls took (the collector run before each, not during)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def load_bundled(repeats: int) -> list[float]:
    """Seconds to load and check the bundled set, from its file."""
    path = default_question_set()
    return timed(lambda: load_question_set(path), repeats)


def load_generated(sizes: Sequence[int], repeats: int) -> dict[int, list[float]]:
    """Seconds to load and check a generated set of each size, from its file."""
    found: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        for size in sizes:
            path = Path(folder) / f"generated-{size}.yaml"
            path.write_text(generated_yaml(size), encoding="utf-8")
            found[size] = timed(lambda p=path: load_question_set(p), repeats)  # type: ignore[misc]
    return found


def generated(size: int) -> QuestionSet:
    """A generated set of `size` questions, loaded."""
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(generated_yaml(size), encoding="utf-8")
        qs, _warnings = load_question_set(path)
    return qs


def answered_interview(qs: QuestionSet) -> Interview:
    """An interview over a generated set with every question shown answered, in order."""
    interview = Interview(qs, mode="file")
    interview.give_consent()
    for n, question in enumerate(qs.questions):
        if not isinstance(question, Note) and interview.is_visible(question.id):
            assert interview.answer(question.id, answer_for(question.type, n), confirm=True).ok
    return interview


def visibility_after_answer(qs: QuestionSet, interview: Interview, repeats: int) -> list[float]:
    """Seconds to work out the questions shown after one answer changes: a yes/no early in the
    set that later questions depend on, flipped between yes and no."""
    gate = next(
        q.id
        for q in qs.questions
        if q.type == "yes_no"
        and any(d.show_if is not None and q.id in str(d.show_if) for d in qs.questions)
    )
    times = []
    for n in range(repeats):
        interview.answer(gate, "no" if n % 2 else "yes", confirm=True)
        # The answer has just worked visibility out (its flags need it); drop that and time
        # working it out again, alone.
        interview._visible = interview._values = None
        started = time.perf_counter()
        visible = interview.visible
        times.append(time.perf_counter() - started)
        assert visible
    return times
