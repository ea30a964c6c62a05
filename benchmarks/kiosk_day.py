"""A kiosk day: interview after interview in one process, through the engine and the real
screens (welcome, consent, every question, review, the end screen, cleared for the next
person), watching the time each takes and the process's memory.

Whether the day slows down is judged against a fresh app, not against the clock. On this
machine (a virtual machine on a shared host) the same fixed work takes from a third less to
half as long again from one stretch of seconds to the next, in any process: the processor time
of interview 110 against interview 10 says as much about the host as about the app. So in
the first and the last stretch of the day each interview is followed at once by one in a
fresh app (a process of its own, started for that stretch, on the same processor), and the
day is flat when the ratio of the two stays the same."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from benchmarks.driving import ROOT, SIZE, kiosk_app, until
from prescreen.core.loading import parse_question_set, read_yaml
from prescreen.core.questionset import Note, QuestionSet, Special
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.consent import ConsentScreen
from prescreen.tui.screens.done import DoneScreen
from prescreen.tui.screens.question import QuestionScreen
from prescreen.tui.screens.review import ReviewScreen
from prescreen.tui.screens.welcome import WelcomeScreen

SPECIALS = {s.value for s in Special}
SHORT_SET = """
id: short_day
version: "1"
title: A short interview
introduction: Four questions.
consent:
  statement: You agree.
sections:
  - id: one
    title: One
    questions:
      - {id: full_name, type: text, text: Your name?, required: true}
      - id: feeling
        type: single_choice
        text: How are you?
        choices: [{value: good, label: Good}, {value: bad, label: Bad}]
      - {id: diagnosed, type: yes_no, text: Were you diagnosed?}
      - {id: more, type: long_text, text: Anything else?, required: false}
summary: {name: full_name}
"""
"""A short interview with a typed answer, a choice, a yes/no and a long text: a kiosk day is
about what is left behind from one person to the next, not about long interviews."""
ANSWERS = {"full_name": "Ana Díaz", "feeling": "good", "diagnosed": "yes", "more": "Nothing."}


WINDOW = 20
"""Interviews at the start and at the end of the day that are compared."""
FRESH_WARMUP = 2
"""Interviews a fresh app runs, unmeasured, before its first measured one (the first in a
process imports the screens)."""


@dataclass(frozen=True)
class Day:
    """Seconds per interview (on the clock, and of this process's processor time) and the
    resident memory (MiB) after each, in order; for the interviews of the first and the last
    stretch (`window` each), the processor time of the interview a fresh app ran right after
    it (None for the others). Processor time is what shows work piling up: the clock also
    counts waiting for a disk or a processor that other programs share."""

    seconds: list[float]
    cpu_seconds: list[float]
    memory_mib: list[float]
    fresh_cpu_seconds: list[float | None]
    window: int


def window_for(interviews: int) -> int:
    """Interviews in each compared stretch: 20, or half the day when it is shorter."""
    return max(min(WINDOW, interviews // 2), 1)


def compared(interviews: int) -> set[int]:
    """The interviews each followed by one in a fresh app: the first and the last stretch."""
    window = window_for(interviews)
    return {*range(window), *range(interviews - window, interviews)}


def against_fresh(day: Day, stretch: slice) -> list[float]:
    """Each interview of a stretch divided by the fresh app's interview that followed it."""
    return [
        cpu / fresh
        for cpu, fresh in zip(day.cpu_seconds[stretch], day.fresh_cpu_seconds[stretch], strict=True)
        if fresh
    ]


def short_set() -> QuestionSet:
    """The short set the kiosk day runs."""
    qs, _warnings = parse_question_set(read_yaml(SHORT_SET))
    return qs


def resident_mib() -> float:
    """This process's resident memory now."""
    with Path("/proc/self/statm").open() as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / (1 << 20)


async def kiosk_day(interviews: int) -> Day:
    """Run `interviews` interviews of the short set one after another in one app; in the first
    and the last stretch, each followed by one in a fresh app."""
    qs = short_set()
    window = window_for(interviews)
    paired = compared(interviews)
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    fresh_cpu: list[float | None] = []
    memory: list[float] = []
    fresh: FreshApp | None = None
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder, one_processor() as cpu:
        app = kiosk_app(qs, Path(folder) / "store")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
            try:
                for n in range(interviews):
                    if n in paired and fresh is None:
                        fresh = FreshApp(cpu)  # started for the stretch (not timed)
                    started, cpu_started = time.perf_counter(), time.process_time()
                    await one_interview(app, pilot)
                    seconds.append(time.perf_counter() - started)
                    cpu_seconds.append(time.process_time() - cpu_started)
                    # This app waits (its loop is blocked) while the fresh one runs.
                    fresh_cpu.append(fresh.interview() if fresh is not None else None)
                    if fresh is not None and n + 1 not in paired:
                        fresh.close()
                        fresh = None
                    gc.collect()
                    memory.append(resident_mib())
            finally:
                if fresh is not None:
                    fresh.close()
        written = len(list((Path(folder) / "store" / "applications").glob("*.json")))
        assert written == interviews, f"{written} applications for {interviews} interviews"
    return Day(seconds, cpu_seconds, memory, fresh_cpu, window)


@contextmanager
def one_processor() -> Iterator[int | None]:
    """Keep this process (and the fresh apps it starts) on one processor meanwhile: the two
    compared interviews then run on the same one, one after the other. The processor, or
    None where that cannot be asked for."""
    if not hasattr(os, "sched_setaffinity"):
        yield None
        return
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, allowed)


class FreshApp:
    """An app early in its day, in a process of its own, that runs one interview of the
    short set when asked and answers with the processor time it took."""

    def __init__(self, cpu: int | None) -> None:
        command = [sys.executable, "-m", "benchmarks.kiosk_day", "--fresh"]
        if cpu is not None:
            command.append(str(cpu))
        self._process = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self._read()  # "ready": started and warmed up

    def _read(self) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the fresh app stopped (exit status {self._process.wait()})")
        return line.strip()

    def interview(self) -> float:
        """One interview in the fresh app: its processor seconds."""
        assert self._process.stdin is not None
        self._process.stdin.write("go\n")
        self._process.stdin.flush()
        return float(self._read())

    def close(self) -> None:
        """Stop the process."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=30)


async def serve_fresh() -> None:
    """The fresh app's process: one interview for each line `go` on stdin, its processor
    seconds on stdout, until stdin ends."""
    qs = short_set()
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-fresh-") as folder:
        app = kiosk_app(qs, Path(folder) / "store")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
            for _ in range(FRESH_WARMUP):
                await one_interview(app, pilot)
                gc.collect()
            print("ready", flush=True)
            while (await loop.run_in_executor(None, sys.stdin.readline)).strip() == "go":
                cpu_started = time.process_time()
                await one_interview(app, pilot)
                print(repr(time.process_time() - cpu_started), flush=True)
                gc.collect()


async def one_interview(app: PrescreenApp, pilot: Pilot[Any]) -> None:
    """One person, from the welcome screen to the welcome screen for the next."""
    app.begin(None)
    # Nothing has the focus on the consent screen until the person chooses to answer.
    await until(pilot, lambda: _ready(app, ConsentScreen, focused=False), "the consent")
    app.accept_consent()
    await until(pilot, lambda: _ready(app, QuestionScreen), "the first question")
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    interview = app.interview
    assert interview is not None
    while (question := interview.current) is not None:
        raw = ANSWERS.get(question.id)
        if not isinstance(question, Note) and raw is not None:
            given = Special(raw) if isinstance(raw, str) and raw in SPECIALS else raw
            # As if typed or picked: the field shows the answer, then Next.
            assert interview.answer(question.id, given, confirm=True).ok, question.id
            if screen.field is not None:
                screen.field.load(interview.stored(question.id))
        elif not isinstance(question, Note):
            interview.skip(question.id)
        await screen.action_next()  # returns once the next question is built
        await asyncio.sleep(0)
    await until(pilot, lambda: _ready(app, ReviewScreen), "the review")
    app.screen.action_submit()  # type: ignore[attr-defined]
    await until(pilot, lambda: _ready(app, DoneScreen), "the end screen")
    app.reset()
    await until(pilot, lambda: _ready(app, WelcomeScreen), "the welcome for the next person")


def _ready(app: PrescreenApp, kind: type[Any], *, focused: bool = True) -> bool:
    screen = app.screen
    return (
        isinstance(screen, kind) and screen.is_mounted and (app.focused is not None or not focused)
    )


if __name__ == "__main__":
    if sys.argv[1:2] != ["--fresh"]:
        sys.exit("usage: python -m benchmarks.kiosk_day --fresh [processor]")
    if len(sys.argv) > 2 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(sys.argv[2])})
    asyncio.run(serve_fresh())
