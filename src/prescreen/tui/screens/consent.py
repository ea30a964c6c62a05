"""Consent: the statement and an explicit accept; declining stores nothing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Label, Static

from prescreen.tui.safe import safe, styled
from prescreen.tui.screens.base import BeforeConsentScreen, InterviewScreen
from prescreen.tui.widgets.footer import KeyFooter
from prescreen.tui.widgets.reading import ReadingScroll


class ConsentScreen(BeforeConsentScreen):
    """The consent statement, Accept and Decline. Neither answer has the focus at first:
    consent is a choice made on purpose, never a key pressed out of habit (or a second
    Enter meant for the welcome screen). The statement has it, to scroll, when it is longer
    than the screen; Tab (or a tap) goes to the answers."""

    AUTO_FOCUS = ""  # (None would mean the app's: the first button)
    BINDINGS = [
        Binding("tab", "app.focus_next", "Choose an answer"),
        Binding("ctrl+b", "to_start", "Back"),
    ]

    def compose(self) -> ComposeResult:
        interview = self.papp.interview
        assert interview is not None
        consent = interview.qs.consent
        with ReadingScroll(id="consent"):
            yield Label(styled(interview.text(interview.qs.title), "bold"), id="title")
            if self.papp.mode == "phone":
                says = Static(safe(interview.consent_guidance()), classes="interviewer", id="says")
                says.border_title = "Interviewer"
                yield says
            yield Label(safe(interview.text(consent.statement).strip()), id="statement")
        with Horizontal(classes="buttons"):
            yield Button(safe(interview.text(consent.decline)), id="decline", variant="error")
            yield Button(safe(interview.text(consent.accept)), id="accept", variant="success")
            # Back to the first screen (another language, or not now): nothing is stored yet,
            # and "I do not agree" is not what someone who chose the wrong language means.
            # A tap or ctrl+b: Tab goes to the answers only.
            back = Button(Content("\u25c0 ") + self.words("back"), id="back", classes="to-start")
            back.can_focus = False
            yield back
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._read_first)  # once laid out: is there more than fits?

    def _read_first(self) -> None:
        statement = self.query_one("#consent", ReadingScroll)
        if statement.allow_focus():
            statement.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "accept":
            self.papp.accept_consent()
        elif event.button.id == "decline":
            self.papp.decline_consent()
        elif event.button.id == "back":
            self.action_to_start()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+b at a kiosk; on the phone Escape already goes back (to the calls)."""
        if action == "to_start":
            return self.papp.mode == "kiosk"
        return super().check_action(action, parameters)

    def action_to_start(self) -> None:
        """Back to the first screen: nothing of this interview is stored yet."""
        self.papp.reset()


class DeclinedScreen(InterviewScreen):
    """Said after a person declines: nothing was stored."""

    def compose(self) -> ComposeResult:
        with ReadingScroll(id="declined"):
            yield Label(self.words("declined_title").stylize("bold"), id="title")
            yield Label(self.words("declined"), id="statement")
            yield Label(self.words("declined_again"), id="next-steps")
        with Horizontal(classes="buttons"):
            yield Button(self.words("restart"), id="restart", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#restart", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.papp.reset()
