"""Key to handled, in-process: a key event posted to the app, as the terminal driver posts
it, timed until the focused text box has taken it (its value has changed).

Pilot's press() is not used: it waits about 80 ms of its own around every key."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from benchmarks.driving import SIZE, TIMEOUT, bundled_set, kiosk_app, open_interview
from benchmarks.reference_app import ReferenceApp
from prescreen.core.questionset import QuestionSet
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.question import QuestionScreen

Prepare = Callable[[Pilot[Any]], Awaitable[None]]


def _key(n: int) -> events.Key:
    """Type a letter, then delete it: the box never fills up."""
    return events.Key("a", "a") if n % 2 == 0 else events.Key("backspace", None)


async def key_latencies(app: App[Any], presses: int, prepare: Prepare) -> list[float]:
    """Seconds from posting each key to its being handled by the focused text box."""
    handled = asyncio.Event()
    handled_at = 0.0

    def changed(_value: str) -> None:
        nonlocal handled_at
        if not handled.is_set():
            handled_at = time.perf_counter()
            handled.set()

    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await prepare(pilot)
        focused = app.focused
        assert isinstance(focused, Input), f"the focus is on {focused!r}, not a text box"
        app.watch(focused, "value", changed, init=False)
        for n in range(presses):
            await pilot.pause()  # nothing of the last key left to do
            handled.clear()
            started = time.perf_counter()
            app.post_message(_key(n))
            await asyncio.wait_for(handled.wait(), TIMEOUT)
            times.append(handled_at - started)
    return times


async def reference_keys(presses: int) -> list[float]:
    """Key to handled in the reference app."""

    async def prepare(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    return await key_latencies(ReferenceApp(), presses, prepare)


async def prescreen_keys(presses: int, qs: QuestionSet | None = None) -> list[float]:
    """Key to handled at a kiosk, in the first question of the bundled set that is typed."""
    qs = qs or bundled_set()
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        app = kiosk_app(qs, Path(folder) / "store")

        async def prepare(pilot: Pilot[Any]) -> None:
            await first_typed_question(app, pilot)

        return await key_latencies(app, presses, prepare)


async def first_typed_question(app: PrescreenApp, pilot: Pilot[Any]) -> QuestionScreen:
    """Open an interview and show its first question answered in a text box."""
    screen = await open_interview(app, pilot)
    interview = app.interview
    assert interview is not None
    typed = next(q for q in interview.visible if q.type in ("text", "integer", "decimal"))
    interview.jump(typed.id)
    await screen.show_current()
    await pilot.pause()
    return screen
