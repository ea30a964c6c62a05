"""Helpers to drive the real app with Pilot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.question import QuestionScreen


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text as a quick typist does: the keys arrive one after another, as from the
    terminal, without waiting for the screen between them."""
    app = pilot.app
    assert app._driver is not None
    for char in text:
        key = "space" if char == " " else char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Let screen switches, focus changes and keys typed ahead finish."""
    await pilot.pause()
    await pilot.pause(0.05)
    app = pilot.app
    for _ in range(100):
        if not (isinstance(app, PrescreenApp) and app.keys_waiting):
            break
        await pilot.pause(0.05)


async def go_to(pilot: Pilot[None], qid: str) -> None:
    """Show a question of the interview in progress, as if the person had navigated to it."""
    app = pilot.app
    assert isinstance(app, PrescreenApp) and app.interview is not None
    app.interview.jump(qid)
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    await screen.show_current()
    await settle(pilot)


@pytest.fixture
def make_app(demo: QuestionSet, tmp_path: Path):  # type: ignore[no-untyped-def]
    def build(mode: str = "kiosk", interviewer: str | None = None, **options: Any) -> PrescreenApp:
        return PrescreenApp(
            demo,
            FileStore(tmp_path / "store"),
            mode=mode,  # type: ignore[arg-type]
            interviewer=interviewer,
            **options,
        )

    return build


def screen_text(app: PrescreenApp) -> str:
    """Everything the terminal shows now, as plain text (dialogs and notices included)."""
    svg = app.export_screenshot()
    return svg.replace("&#160;", " ")
