"""A kiosk day: interview after interview in one process, through the engine and the real
screens (welcome, consent, every question, review, the end screen, cleared for the next
person), watching the time each takes and the process's memory."""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from benchmarks.driving import SIZE, kiosk_app, until
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


@dataclass(frozen=True)
class Day:
    """Seconds per interview (on the clock, and of this process's processor time) and the
    resident memory (MiB) after each, in order. Processor time is what shows work piling up:
    the clock also counts waiting for a disk or a processor that other programs share."""

    seconds: list[float]
    cpu_seconds: list[float]
    memory_mib: list[float]


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
    """Run `interviews` interviews of the short set one after another in one app."""
    qs = short_set()
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    memory: list[float] = []
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        app = kiosk_app(qs, Path(folder) / "store")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
            for _ in range(interviews):
                started, cpu = time.perf_counter(), time.process_time()
                await one_interview(app, pilot)
                seconds.append(time.perf_counter() - started)
                cpu_seconds.append(time.process_time() - cpu)
                gc.collect()
                memory.append(resident_mib())
        written = len(list((Path(folder) / "store" / "applications").glob("*.json")))
        assert written == interviews, f"{written} applications for {interviews} interviews"
    return Day(seconds, cpu_seconds, memory)


async def one_interview(app: PrescreenApp, pilot: Pilot[Any]) -> None:
    """One person, from the welcome screen to the welcome screen for the next."""
    app.begin(None)
    await until(pilot, lambda: _ready(app, ConsentScreen), "the consent")
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


def _ready(app: PrescreenApp, kind: type[Any]) -> bool:
    screen = app.screen
    return isinstance(screen, kind) and screen.is_mounted and app.focused is not None
