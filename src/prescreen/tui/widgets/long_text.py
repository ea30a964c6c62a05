"""Several lines of free text."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import TextArea

from prescreen.core.conditions import SpecialValue
from prescreen.core.interview import Stored
from prescreen.core.questionset import LongText
from prescreen.tui.widgets.base import QuestionField
from prescreen.tui.widgets.bounded import SafeTextArea


class LongTextField(QuestionField):
    """A text area: Enter starts a new line; Tab then Enter (or ctrl+n) moves on. It holds at
    most the question's `max_length` characters."""

    TYPED = True

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, LongText)
        yield SafeTextArea(
            max_length=self.question.max_length,
            id="answer",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
        )

    def raw(self) -> Any:
        return self.query_one("#answer", TextArea).text

    def load(self, stored: Stored | None) -> None:
        area = self.query_one("#answer", TextArea)
        text = "" if stored is None or isinstance(stored.value, SpecialValue) else stored.value
        area.load_text(str(text))
        area.move_cursor(area.document.end)
