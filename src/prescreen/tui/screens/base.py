"""What every screen of an interview can reach: the app and the interview in progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.screen import Screen

from prescreen.core.interview import Interview
from prescreen.tui.safe import safe

if TYPE_CHECKING:
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
