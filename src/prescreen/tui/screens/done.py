"""After submit: the reference code, large enough to read out, and what happens next."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Center, Horizontal
from textual.widgets import Button, Label, Static

from prescreen.tui.safe import safe
from prescreen.tui.screens.base import InterviewScreen
from prescreen.tui.widgets.footer import KeyFooter
from prescreen.tui.widgets.reading import ReadingScroll


def spell_out(reference: str) -> str:
    """`7KQ2-MX4D` as `7 K Q 2 - M X 4 D`, easier to read aloud and copy."""
    return " ".join(reference)


class DoneScreen(InterviewScreen):
    """Thanks, the reference code, next steps, and Finish (ready for the next person)."""

    def __init__(
        self,
        reference: str,
        next_steps: str | None,
        *,
        ended_early: bool,
        urgent: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.reference = reference
        self.next_steps = next_steps
        self.ended_early = ended_early
        self.urgent = urgent or []
        """The urgent messages the answers raised (a crisis line to call): said again here,
        where they stay, not only in the notice the person closed."""

    def compose(self) -> ComposeResult:
        with ReadingScroll(id="done"):
            heading = self.words("saved_early" if self.ended_early else "sent")
            yield Label(heading.stylize("bold"), id="title")
            for message in self.urgent:
                yield Label(safe(message), classes="urgent-advice")
            yield Label(self.words("reference_is"), classes="help")
            with Center():
                yield Label(safe(spell_out(self.reference)), id="reference")
            yield Label(self.words("keep_reference"), classes="help")
            if self.papp.mode == "phone":
                says = Static(self.words("reference_interviewer"), classes="interviewer")
                says.border_title = "Interviewer"
                yield says
            if self.next_steps:
                yield Label(safe(self.next_steps), id="next-steps")
            yield Label("", id="clears-in", classes="help")
        with Horizontal(classes="buttons"):
            yield Button(self.words("finish"), id="finish", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#finish", Button).focus()
        if self.papp.mode == "kiosk":
            self.count(math.ceil(self.papp.kiosk_times.done_timeout))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.papp.reset()

    def count(self, seconds: int) -> None:
        """Kiosk: say when the screen will clear for the next person (unless its line is not
        there: the screen is still being built, or already being taken down)."""
        for line in self.query("#clears-in").results(Label):
            line.update(self.words("clears_in", seconds=seconds))
