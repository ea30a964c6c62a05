"""An unexpected error stops the app calmly: answers saved, no traceback, no answer text logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prescreen.core.store import FileStore
from prescreen.crash import write_crash_report
from prescreen.tui.app import PrescreenApp, farewell
from prescreen.tui.screens.question import QuestionScreen
from tests.conftest import fixed_clock
from tests.tui.conftest import settle, type_text


async def test_error_in_a_screen_keeps_the_draft_and_says_so(
    demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: QuestionScreen) -> None:
        raise RuntimeError("Ana's secret answer")

    store = FileStore(tmp_path / "store")
    app = PrescreenApp(demo, store, clock=fixed_clock)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.click("#start")
            await settle(pilot)
            await pilot.click("#accept")
            await settle(pilot)
            await type_text(pilot, "Ana")
            await pilot.press("enter")
            await settle(pilot)
            monkeypatch.setattr(QuestionScreen, "action_next", broken)
            await pilot.press("enter")
            await settle(pilot)
    assert app.failure is not None
    assert app.interview is not None
    draft = store.load_draft(app.interview.reference)
    assert draft.answers["full_name"].value == "Ana"
    report = write_crash_report(app.failure, tmp_path / "logs")
    assert report is not None
    text = report.read_text()
    assert "RuntimeError" in text and "secret" not in text and "Ana" not in text
    message = farewell(app, report)
    assert f"saved as draft {app.interview.reference}" in message
    assert "Traceback" not in message
