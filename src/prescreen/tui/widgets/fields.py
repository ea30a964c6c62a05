"""One widget per question type, looked up by the question's `type`."""

from __future__ import annotations

from prescreen.core.interview import Interview
from prescreen.core.questionset import Answerable
from prescreen.tui.widgets.base import QuestionField
from prescreen.tui.widgets.choices import ChoiceField, GridField, ScaleField
from prescreen.tui.widgets.line import LineField
from prescreen.tui.widgets.long_text import LongTextField
from prescreen.tui.widgets.repeat import RepeatField

FIELDS: dict[str, type[QuestionField]] = {
    "text": LineField,
    "integer": LineField,
    "decimal": LineField,
    "date": LineField,
    "phone": LineField,
    "email": LineField,
    "long_text": LongTextField,
    "yes_no": ChoiceField,
    "single_choice": ChoiceField,
    "multiple_choice": ChoiceField,
    "scale": ScaleField,
    "grid": GridField,
    "repeat": RepeatField,
}
"""The widget for each question type that takes an answer."""


def field_for(question: Answerable, interview: Interview) -> QuestionField:
    """A new widget for this question."""
    return FIELDS[question.type](question, interview)
