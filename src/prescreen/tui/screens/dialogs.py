"""Modal dialogs: confirm a soft warning, acknowledge an urgent flag, an unexpected problem,
and "are you still there?" at a kiosk."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label

from prescreen.tui.safe import safe, styled

if TYPE_CHECKING:
    from prescreen.tui.app import PrescreenApp


R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A dialog whose buttons the left and right arrows go between, as Tab does: a person at
    the keyboard tries the arrows first."""

    BINDINGS = [
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]


def words(screen: Widget, code: str, **params: object) -> Content:
    """A built-in wording in the person's language, ready to show."""
    return safe(cast("PrescreenApp", screen.app).say(code, **params))


class ConfirmWarning(Dialog[bool]):
    """A soft warning: keep the answer as it is, or change it."""

    BINDINGS = [("escape", "dismiss(False)", "Change it")]

    def __init__(self, message: str, answer: str | None = None) -> None:
        super().__init__()
        self.message = message
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(words(self, "check_title").stylize("bold"), classes="dialog-title")
            if self.answer:
                yield Label(
                    words(self, "you_answered") + Content(" ") + styled(self.answer, "bold"),
                    classes="dialog-text",
                )
            yield Label(safe(self.message), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(words(self, "change_it"), id="change")
                yield Button(words(self, "keep_it"), id="keep", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#change", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "keep")


class UrgentNotice(ModalScreen[None]):
    """Urgent messages, which the person must acknowledge."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog urgent"):
            yield Label(words(self, "important").stylize("bold"), classes="dialog-title")
            yield Label(safe(self.message), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(words(self, "understood"), id="ok", variant="error")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class ProblemNotice(Dialog[bool]):
    """Something went wrong that is not the person's doing; their answers are kept. With
    `retry`, the person can try again (dismissed with True) or close it (False)."""

    def __init__(self, message: str, *, retry: bool = False) -> None:
        super().__init__()
        self.message = message
        self.retry = retry

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(words(self, "problem_title").stylize("bold"), classes="dialog-title")
            yield Label(safe(self.message), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(words(self, "close"), id="ok")
                if self.retry:
                    yield Button(words(self, "try_again"), id="retry", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#retry" if self.retry else "#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "retry")


class IdleWarning(ModalScreen[None]):
    """The countdown before an idle kiosk puts the interview away. The app closes it at any key
    or touch; `count` shows the seconds left."""

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(words(self, "idle_title").stylize("bold"), classes="dialog-title")
            yield Label(
                words(self, "idle_warning", seconds=self.seconds),
                classes="dialog-text",
                id="countdown",
            )
            with Horizontal(classes="buttons"):
                yield Button(words(self, "still_here"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def count(self, seconds: int) -> None:
        """Show the seconds left."""
        if seconds != self.seconds:
            self.seconds = seconds
            self.query_one("#countdown", Label).update(words(self, "idle_warning", seconds=seconds))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
