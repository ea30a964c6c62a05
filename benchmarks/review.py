"""The review screen over a large interview: every answer of a generated set, timed from the
switch to the review until a frame shows it with the list of answers focused."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from textual.widgets import OptionList

from benchmarks.driving import SIZE, Frames, kiosk_app, open_interview
from prescreen.core.interview import Interview
from prescreen.core.questionset import QuestionSet
from prescreen.tui.screens.review import ReviewScreen


async def review_render(qs: QuestionSet, full: Interview, repeats: int) -> list[float]:
    """Seconds from asking for the review of `full` (an interview over `qs` with every
    question answered) to its first frame, `repeats` times."""
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        app = kiosk_app(qs, Path(folder) / "store")
        async with app.run_test(size=SIZE) as pilot:
            await open_interview(app, pilot)
            assert app.interview is not None
            full.mode = app.interview.mode
            app.interview = full
            frames = Frames(app)
            for _ in range(repeats):
                full.go_to_review()

                def shown() -> bool:
                    screen = app.screen
                    return (
                        isinstance(screen, ReviewScreen)
                        and screen.is_mounted
                        and isinstance(app.focused, OptionList)
                    )

                frames.expect(shown)
                started = time.perf_counter()
                app.show_review()
                times.append(await frames.wait("the review") - started)
                await pilot.pause()
                full.back()  # to the last question, as Back from the review does
                app.show_questions()
                await pilot.pause()
    return times
