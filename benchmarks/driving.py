"""Driving the real app in-process: a store in a temporary folder, the interview opened
without Pilot's key presses, and the moment a frame is drawn."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from prescreen.core.loading import load_question_set, read_yaml
from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore
from prescreen.locations import default_question_set
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.question import QuestionScreen

ROOT = Path(__file__).resolve().parents[1]
TYPICAL_PROFILE = ROOT / "tests" / "questionsets" / "lupus_profiles" / "typical.yaml"
"""A typical applicant's answers to the bundled set (the lupus tests' own profile)."""
SIZE = (80, 24)
TIMEOUT = 10.0


def bundled_set() -> QuestionSet:
    """The bundled lupus question set, as `prescreen run` opens it."""
    qs, _warnings = load_question_set(default_question_set())
    return qs


def typical_answers() -> dict[str, Any]:
    """The typical applicant's answers, by question id."""
    answers = read_yaml(TYPICAL_PROFILE.read_text(encoding="utf-8"))
    assert isinstance(answers, dict)
    return answers


def kiosk_app(qs: QuestionSet, store: Path) -> PrescreenApp:
    """The app as a kiosk runs it, on a store folder."""
    return PrescreenApp(qs, FileStore(store), mode="kiosk")


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (it polls: the figures taken around it are
    long stretches, not single frames)."""
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the app never got to: {what}")
        await asyncio.sleep(0.002)


async def open_interview(app: PrescreenApp, pilot: Pilot[Any]) -> QuestionScreen:
    """From the welcome screen, through consent, to the first question on screen."""
    await pilot.pause()
    app.begin(None)
    await pilot.pause()
    app.accept_consent()
    await until(
        pilot,
        lambda: isinstance(app.screen, QuestionScreen) and app.screen.shown is not None,
        "the first question",
    )
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


class Frames:
    """Notes when the app draws a frame in which a condition holds. Each frame is turned into
    the bytes a terminal would get, as the real (not headless) driver does, so that cost is in."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._draw = app._display
        self._condition: Callable[[], bool] | None = None
        self._drawn = asyncio.Event()
        self.frames = 0
        self.at = 0.0
        app._display = self._display  # type: ignore[method-assign]

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        self._draw(screen, renderable)
        if self._condition is None or renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self._app.console)
        self.frames += 1
        if self._condition():
            self.at = time.perf_counter()
            self._condition = None
            self._drawn.set()

    def expect(self, condition: Callable[[], bool]) -> None:
        """Watch the frames from now on for one in which `condition` holds."""
        self._drawn.clear()
        self.frames = 0
        self._condition = condition

    async def wait(self, what: str) -> float:
        """When the frame expected was drawn (perf_counter seconds)."""
        try:
            await asyncio.wait_for(self._drawn.wait(), TIMEOUT)
        except TimeoutError:
            self._condition = None
            raise TimeoutError(f"no frame showed {what}") from None
        return self.at
