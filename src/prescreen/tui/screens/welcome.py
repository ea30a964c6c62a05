"""The first screen: the question set's title and introduction, language, start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Horizontal
from textual.content import Content
from textual.widgets import Button, Label

from prescreen.core.text import reflow
from prescreen.tui.safe import safe, styled
from prescreen.tui.screens.base import BeforeConsentScreen
from prescreen.tui.widgets.footer import KeyFooter
from prescreen.tui.widgets.reading import ReadingScroll

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
    "de": "Deutsch",
    "it": "Italiano",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "ko": "한국어",
    "ar": "العربية",
    "ru": "Русский",
    "tl": "Tagalog",
}


class WelcomeScreen(BeforeConsentScreen):
    """Title, introduction, a language choice when there are several, and Start."""

    def __init__(self, language: str | None = None) -> None:
        super().__init__()
        self.chosen_language = language

    def compose(self) -> ComposeResult:
        qs = self.papp.question_set
        language = self.chosen_language or qs.default_language
        with ReadingScroll(id="welcome"):
            yield Label(styled(qs.text(qs.title, language), "bold"), id="title")
            yield Label(safe(reflow(qs.text(qs.introduction, language))), id="intro")
            if len(qs.languages) > 1:
                with Horizontal(id="languages"):
                    for code in qs.languages:
                        chosen = code == language
                        # Chosen: a tick and a colour, so it is not taken for the focus.
                        yield Button(
                            ("\u2713 " if chosen else "") + LANGUAGE_NAMES.get(code, code),
                            id=f"lang-{code}",
                            classes="language -chosen" if chosen else "language",
                        )
        with Center(id="start-bar"):
            yield Button(self.words("start") + Content("  \u25b6"), id="start", variant="success")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Not query_one: when the app stops just as this screen is switched to, it is mounted
        # without its widgets.
        for start in self.query("#start"):
            start.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("lang-"):
            self.papp.language = button_id.removeprefix("lang-")
            self.app.switch_screen(WelcomeScreen(self.papp.language))
        elif button_id == "start":
            self.start()

    def start(self) -> None:
        """Begin a new interview."""
        self.papp.begin(self.chosen_language)
