"""What the terminal would receive: pastes delivered as the terminal delivers them, and the
characters drawn on the screen, checked for anything a terminal would act on."""

from __future__ import annotations

from textual import events
from textual.widgets import Label

from prescreen.tui.app import PrescreenApp
from tests.hostile import raw_controls


def paste(app: PrescreenApp, text: str) -> None:
    """A paste as the terminal delivers it: to the app, which hands it to the focused widget."""
    assert app._driver is not None
    event = events.Paste(text)
    event.set_sender(app)
    app._driver.send_message(event)


def drawn(app: PrescreenApp) -> str:
    """Every character of the screen as drawn, dialogs and notifications included."""
    return "".join(
        segment.text for strip in app.screen._compositor.render_strips() for segment in strip
    )


def assert_safe(app: PrescreenApp) -> None:
    """The app runs and nothing on the screen can act on the terminal."""
    assert app.is_running
    assert app.return_code is None
    bad = raw_controls(drawn(app))
    assert not bad, f"drawn as they are: {bad[:5]}"


def error_text(app: PrescreenApp) -> str:
    """The message under the answer, if one is shown."""
    label = app.screen.query_one("#error", Label)
    return str(label.render().plain) if label.has_class("-shown") else ""  # type: ignore[attr-defined]
