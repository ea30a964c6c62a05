"""The reference: a bare Textual app of one Label and one Input, the floor for any Textual
program. Run as `python -m benchmarks.reference_app` for the cold-start measure."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Label

READY_TEXT = "Reference app ready"
"""What the app shows; the cold-start measure waits for it in the terminal's output."""


class ReferenceApp(App[None]):
    """One Label and one Input, nothing else."""

    def compose(self) -> ComposeResult:
        yield Label(READY_TEXT)
        yield Input(placeholder="Type here", id="answer")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    ReferenceApp().run()
