"""Answer to next question shown, in-process: a valid answer is in the field, the key that
moves on is posted, and the time runs until a frame shows the next question with its field
focused. The typical applicant's answers to the bundled set, question by question."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from benchmarks.driving import SIZE, Frames, bundled_set, kiosk_app, open_interview, typical_answers
from prescreen.core.questionset import Note, QuestionSet, Special
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.question import QuestionScreen
from prescreen.tui.widgets.footer import KeyFooter

SPECIALS = {s.value for s in Special}


class _Frames(Frames):
    """`Frames`, with the time taken when the frame's bytes are ready, before the frame is
    checked: the check looks through the screen's widgets (a millisecond or more on the
    question screen, more with more widgets), work of the benchmark that no person waits for.
    A frame still counts only if the check finds the next question in it."""

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        self._draw(screen, renderable)
        if self._condition is None or renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self._app.console)
        drawn = time.perf_counter()
        self.frames += 1
        if self._condition():
            self.at = drawn
            self._condition = None
            self._drawn.set()


async def answer_latencies(
    walks: int, qs: QuestionSet | None = None, limit: int = 0
) -> list[float]:
    """Seconds from the key that gives each answer to the next question on screen, over
    `walks` walks through the interview (at most `limit` answers each, 0: all)."""
    qs = qs or bundled_set()
    answers = typical_answers()
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        app = kiosk_app(qs, Path(folder) / "store")
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_interview(app, pilot)
            frames = _Frames(app)
            for _ in range(walks):
                times.extend(await _walk(app, pilot, screen, frames, answers, limit))
    return times


async def _walk(
    app: PrescreenApp,
    pilot: Pilot[Any],
    screen: QuestionScreen,
    frames: Frames,
    answers: dict[str, Any],
    limit: int,
) -> list[float]:
    interview = app.interview
    assert interview is not None
    interview.jump(interview.visible[0].id)
    await screen.show_current()
    times: list[float] = []
    while (question := interview.current) is not None and (not limit or len(times) < limit):
        await pilot.pause()
        raw = answers.get(question.id)
        if isinstance(question, Note) or raw is None:
            # Nothing to answer here: go on (untimed); an optional question is skipped.
            if not isinstance(question, Note):
                interview.skip(question.id)
            if interview.next() is None:
                break
            await screen.show_current()
            continue
        given = Special(raw) if isinstance(raw, str) and raw in SPECIALS else raw
        # The answer as the person would have put it in the field (warnings already seen).
        assert interview.answer(question.id, given, confirm=True).ok, question.id
        if screen.field is not None:
            screen.field.load(interview.stored(question.id))
        if _is_last(app):
            break
        await pilot.pause()
        old_question = screen.shown

        def shown(old: object = old_question) -> bool:
            return _next_question_ready(screen, old)

        frames.expect(shown)
        started = time.perf_counter()
        app.post_message(events.Key("ctrl+n", None))
        times.append(await frames.wait(f"the question after {question.id}") - started)
    return times


def _is_last(app: PrescreenApp) -> bool:
    """Whether the question on screen is the last: moving on goes to the review."""
    interview = app.interview
    assert interview is not None and interview.current is not None
    visible = interview.visible
    return visible[-1].id == interview.current.id


def _next_question_ready(screen: QuestionScreen, old_question: object) -> bool:
    """Whether the screen shows a new question, built, with the focus in its field and the
    key bar offering its keys (Skip, F7, F8 come and go with the question). (The question's
    text and field may be the widgets of the question before, updated in place: it is their
    content that is checked.)"""
    question = screen.shown
    interview = screen.papp.interview
    if question is None or question is old_question or interview is None:
        return False
    if not screen.query_one(KeyFooter).shows_current_keys():
        return False
    texts = screen.query("#question-text")
    if not texts or interview.text(question.text) not in str(texts.first(Static).content):
        return False
    focused = screen.app.focused
    if focused is None:
        return False
    if screen.field is None:
        return focused.id == "next"
    return (
        screen.field.is_mounted
        and screen.field.question is question
        and screen.field in focused.ancestors_with_self
    )


class _SwapApp(App[None]):
    """The reference for this measure: a bare Textual app whose 'next question' removes its
    Label and Input and mounts a new Label and Input, the focus in the new Input."""

    BINDINGS = [("ctrl+n", "next", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.shown = 0

    def compose(self) -> ComposeResult:
        yield Label("Question 0", id="question-text")
        yield Input(id="answer")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    async def action_next(self) -> None:
        self.shown += 1
        await self.query("#question-text, #answer").remove()
        box = Input(id="answer")
        await self.mount_all([Label(f"Question {self.shown}", id="question-text"), box])
        box.focus()


async def reference_latencies(count: int) -> list[float]:
    """Seconds from the key to the next 'question' on screen in the reference app, measured
    as `answer_latencies` measures prescreen: a frame that shows the new label, its box
    focused."""
    app = _SwapApp()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        frames = _Frames(app)
        for _ in range(count):
            await pilot.pause()
            wanted = app.shown + 1

            def shown(wanted: int = wanted) -> bool:
                labels = app.query("#question-text")
                focused = app.focused
                return (
                    bool(labels)
                    and str(labels.first(Label).content) == f"Question {wanted}"
                    and isinstance(focused, Input)
                    and focused.is_mounted
                )

            frames.expect(shown)
            started = time.perf_counter()
            app.post_message(events.Key("ctrl+n", None))
            times.append(await frames.wait(f"question {wanted}") - started)
    return times
