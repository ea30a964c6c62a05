"""The key bar: every key it offers on screen, closer together only when they would not fit."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from prescreen.tui.app import PrescreenApp
from prescreen.tui.widgets.footer import KeyFooter
from tests.tui.test_flow import start


def offered_keys(app: PrescreenApp) -> list[FooterKey]:
    """The keys the bar offers, on screen or cut off at its end."""
    return [key for key in app.screen.query_one(KeyFooter).query(FooterKey) if key.display]


def shown_keys(app: PrescreenApp) -> list[FooterKey]:
    """The keys of the bar that are on screen (within its width)."""
    right = app.screen.query_one(KeyFooter).region.right
    return [key for key in offered_keys(app) if key.region.right <= right]


@pytest.mark.parametrize(("mode", "width"), [("phone", 80), ("kiosk", 80), ("phone", 120)])
async def test_every_key_of_the_first_question_is_on_screen(
    make_app: Any, mode: str, width: int
) -> None:
    """At 80 columns the coordinator's bar was cut after 'f2 New call': 'Contrast' was off
    the screen. Keys sit closer together when, and only when, they would not fit."""
    app: PrescreenApp = make_app(mode=mode, interviewer="coord-7" if mode == "phone" else None)
    async with app.run_test(size=(width, 24)) as pilot:
        await start(app, pilot)
        keys = offered_keys(app)
        assert keys and shown_keys(app) == keys
        footer = app.screen.query_one(KeyFooter)
        roomy = sum(len(key.key_display) + len(key.description) + 3 for key in keys) <= width
        assert footer.compact is not roomy
        if mode == "phone":
            assert any(key.description == "Contrast" for key in keys)
