"""Several lines of free text."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Label

from prescreen.core.conditions import SpecialValue
from prescreen.core.interview import Stored
from prescreen.core.questionset import Answerable, LongText
from prescreen.tui.safe import safe
from prescreen.tui.widgets.base import QuestionField
from prescreen.tui.widgets.bounded import SafeTextArea


class LongTextField(QuestionField):
    """A text area: Enter starts a new line; Tab then Enter (or ctrl+n) moves on. It holds at
    most the question's `max_length` characters."""

    TYPED = True

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, LongText)
        self._area = SafeTextArea(
            max_length=self.question.max_length,
            classes=self.ANSWER,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
        )
        yield self._area
        # Enter makes a new line here, unlike everywhere else: say how to go on.
        yield Label(safe(self.interview.message("long_text_hint")), classes="hint")

    def reuse_for(self, question: Answerable) -> bool:
        if not isinstance(question, LongText):
            return False
        self.question = question
        self._area.max_length = question.max_length
        return True

    def raw(self) -> Any:
        return self._area.text

    def load(self, stored: Stored | None) -> None:
        area = self._area
        text = "" if stored is None or isinstance(stored.value, SpecialValue) else stored.value
        area.load_text(str(text))
        area.move_cursor(area.document.end)
