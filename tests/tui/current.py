"""The widget that takes the answer on the question screen. The screen keeps one field of each
kind, the others hidden, so the answer widget is found through the field on show (several
widgets have the class `answer`; none has an id for it)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from prescreen.tui.screens.question import QuestionScreen


def answer(where: App[Any] | Screen[Any]) -> Any:
    """The answer widget of the question on show (a text box, a list, a row)."""
    screen = where.screen if isinstance(where, App) else where
    assert isinstance(screen, QuestionScreen), screen
    field = screen.current_field
    assert field is not None, "a note has no answer"
    return field.answer
