"""What every question widget offers the question screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from prescreen.core.interview import Interview, Stored
from prescreen.core.questionset import Answerable

if TYPE_CHECKING:
    from pydantic import JsonValue


class QuestionField(Vertical):
    """A widget for one question type: shows the stored answer, hands back raw input.

    It holds no rules about answers: the screen passes `raw()` to the Interview, which parses,
    validates and keeps it.
    """

    DEFAULT_CLASSES = "field"
    TYPED: ClassVar[bool] = False
    """Whether the answer is typed (so the on-screen keyboard is offered)."""
    ANSWER: ClassVar[str] = "answer"
    """The class of the widget that takes the answer (a text box, a list, a row). Not an id:
    the question screen keeps one field of each kind, hidden when not in use, so several such
    widgets exist at once; `QuestionScreen.current_field.answer` is the one on show."""

    class Submit(Message):
        """The person asked to move on (Enter on the field)."""

    class Edited(Message):
        """The answer was changed other than by typing in a box (a row removed)."""

    def __init__(self, question: Answerable, interview: Interview) -> None:
        super().__init__()
        self.question = question
        self.interview = interview

    def reuse_for(self, question: Answerable) -> bool:
        """Take this question in place of the one shown, if this widget can (the same kind of
        field): cheaper than a new widget. `load` follows, so what was typed for the previous
        question must not be left. False: a new widget is needed."""
        return False

    @property
    def answer(self) -> Widget:
        """The widget that takes the answer (for a grid, its first row; for a repeat, its
        first box or its add button)."""
        return self.query(f".{self.ANSWER}").first()

    def raw(self) -> Any:
        """The input as the person gave it, for `Interview.answer`."""
        raise NotImplementedError

    def load(self, stored: Stored | None) -> None:
        """Show an earlier answer (after Back, or when resuming)."""

    def restore(self, raw: JsonValue) -> None:
        """Show input kept unfinished when the interview was put aside: what `raw()` gave then,
        in its JSON form. Most fields take it as they take an answer of that value (the field
        shows only what it can: a choice no longer offered is left out)."""
        self.load(Stored(raw, "" if raw is None else str(raw)))

    async def settle(self) -> None:
        """Wait for what `load` started building (rows of a repeat group), so that the focus
        can be put in it at once."""

    def focus_first(self) -> None:
        """Put the keyboard focus where typing starts."""
        for widget in self.query("*"):
            if widget.focusable:
                # The question above is read first: focusing must not scroll it away. At
                # once, not after the messages waiting: the field shown before is hidden
                # next, and the focus must not pass through anything else on its way.
                self.screen.set_focus(widget, scroll_visible=False)
                return
