"""One-line answers typed as text: short text, numbers, dates, phone numbers, email."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from prescreen.core import dates
from prescreen.core.answers import max_length
from prescreen.core.conditions import SpecialValue
from prescreen.core.interview import Interview, Stored
from prescreen.core.questionset import (
    Answerable,
    DecimalQuestion,
    IntegerQuestion,
    ShortText,
)
from prescreen.core.records import to_json
from prescreen.tui.safe import safe
from prescreen.tui.widgets.base import QuestionField
from prescreen.tui.widgets.bounded import SafeInput


def placeholder(question: Answerable, interview: Interview) -> str:
    """An example of what to type, in the question set's region."""
    if question.type == "date":
        return interview.message("for_example", example=dates.example(interview.qs.region))
    if question.type == "email":
        return interview.message("email_example")
    return ""


class AnswerInput(SafeInput):
    """A text box whose Enter takes the suggestion on show (the greyed rest of a word from the
    question set's vocabulary): what the person sees is what is kept. Pasted text is taken as
    plain text, and a paste or key beyond the question's length is refused with a message."""

    async def action_submit(self) -> None:
        """Complete the word with the suggestion shown, then submit."""
        if self.cursor_at_end and len(self._suggestion) > len(self.value):
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        await super().action_submit()


def _hints(question: Answerable, interview: Interview) -> tuple[str, int, SuggestFromList | None]:
    """The example shown in an empty box, the length it takes and its suggestions."""
    suggester = None
    if isinstance(question, ShortText) and question.suggestions:
        words = interview.qs.vocabularies.get(question.suggestions, [])
        suggester = SuggestFromList(words, case_sensitive=False)
    limit = max_length(question)
    assert limit is not None, f"{question.type} answers are not typed"
    return placeholder(question, interview), limit, suggester


def line_input(
    question: Answerable,
    interview: Interview,
    input_id: str | None,
    value: str = "",
    classes: str | None = None,
) -> Input:
    """An Input sized and hinted for a one-line question or repeat field."""
    example, limit, suggester = _hints(question, interview)
    return AnswerInput(
        value,
        placeholder=example,
        max_length=limit,
        suggester=suggester,
        id=input_id,
        classes=classes,
        select_on_focus=False,
    )


LINE_TYPES = frozenset({"text", "integer", "decimal", "date", "phone", "email"})
"""The question types answered in a LineField."""


class LineField(QuestionField):
    """A single-line text box; Enter moves on. Numbers show their unit beside the box."""

    TYPED = True

    def _unit(self, question: Answerable) -> str:
        if isinstance(question, IntegerQuestion | DecimalQuestion):
            return self.interview.text(question.unit)
        return ""

    def compose(self) -> ComposeResult:
        unit = self._unit(self.question)
        with Horizontal(classes="line"):
            self._box = line_input(self.question, self.interview, None, classes=self.ANSWER)
            yield self._box
            # Always there, hidden without a unit: the next question may have one.
            self._unit_label = Label(safe(unit), classes="unit")
            self._unit_label.display = bool(unit)
            self._shown_unit = unit
            yield self._unit_label

    def reuse_for(self, question: Answerable) -> bool:
        # Any one-line type: what differs between them (example, length, suggestions, unit)
        # is set here.
        if question.type not in LINE_TYPES:
            return False
        self.question = question
        example, limit, suggester = _hints(question, self.interview)
        box = self.box
        assert isinstance(box, AnswerInput)
        box.value = ""
        box._suggestion = ""
        box.placeholder = example
        box.max_length = box.limit = limit
        box.suggester = suggester
        unit = self._unit(question)
        if unit != self._shown_unit:
            self._shown_unit = unit
            if unit:
                self._unit_label.update(safe(unit))
            self._unit_label.display = bool(unit)
        return True

    @property
    def box(self) -> Input:
        """The text box."""
        return self._box

    def raw(self) -> Any:
        return self.box.value

    def load(self, stored: Stored | None) -> None:
        if stored is None or isinstance(stored.value, SpecialValue):
            self.box.value = ""
            return
        if self.question.type == "phone":
            shown = stored.label
        elif isinstance(stored.value, dt.date):  # as it is typed here, not 1985-03-14
            shown = dates.typed(stored.value, self.interview.qs.region)
        else:
            shown = str(to_json(stored.value))
        self.box.value = shown
        self.box.cursor_position = len(self.box.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submit())
