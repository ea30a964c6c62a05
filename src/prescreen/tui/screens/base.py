"""What every screen of an interview can reach: the app and the interview in progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from prescreen.tui.safe import safe

if TYPE_CHECKING:
    from prescreen.core.interview import Interview
    from prescreen.tui.app import PrescreenApp


class InterviewScreen(Screen[None]):
    """A screen of the interview flow."""

    @property
    def papp(self) -> PrescreenApp:
        """The app, typed."""
        return cast("PrescreenApp", self.app)

    def words(self, code: str, **params: object) -> Content:
        """A built-in wording in the person's language, ready to show."""
        return safe(self.papp.say(code, **params))

    @property
    def interview(self) -> Interview:
        """The interview in progress (screens after consent only)."""
        interview = self.papp.interview
        assert interview is not None
        return interview


class BeforeConsentScreen(InterviewScreen):
    """The welcome and consent screens: on the phone, the interviewer can go back to the list
    of calls from here (nothing is stored before consent)."""

    BINDINGS = [Binding("escape", "to_calls", "Back to the calls")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the way back on the phone only."""
        return self.papp.mode == "phone" if action == "to_calls" else True

    def action_to_calls(self) -> None:
        """Drop this interview (not consented, so nothing of it is stored) and go back."""
        self.papp.reset()
