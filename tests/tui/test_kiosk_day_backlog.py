"""Interviews back to back (the kiosk day benchmark's pace): the app's own message loop keeps up.
Each screen switch is awaited on the app's queue; when that takes longer than an interview,
the queue, and every screen and widget its messages refer to, grows with every person. It did
while the question screen built a field of every kind before its first question: about 25
messages and 1.1 MiB more per interview, which the memory test with Pilot's pauses misses."""

from __future__ import annotations

from pathlib import Path

from benchmarks.driving import kiosk_app, until
from benchmarks.kiosk_day import one_interview, short_set

from prescreen.tui.screens.welcome import WelcomeScreen


async def test_the_app_keeps_up_with_interviews_back_to_back(tmp_path: Path) -> None:
    app = kiosk_app(short_set(), tmp_path / "store")
    waiting: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        for _ in range(6):
            await one_interview(app, pilot)
            waiting.append(app._message_queue.qsize())
    assert max(waiting[3:]) <= max(waiting[:3]) + 5, waiting
