"""The staff side of a kiosk: a PIN prompt that refuses guessing, then a small menu."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from prescreen.staff_pin import MAX_PIN_LENGTH, PinGuard
from prescreen.tui.screens.dialogs import Dialog

StaffChoice = Literal["close", "contrast", "clear", "quit"]


class StaffPinPrompt(ModalScreen[bool]):
    """Asks for the staff PIN; dismissed with True when it is right."""

    def __init__(self, guard: PinGuard) -> None:
        super().__init__()
        self.guard = guard

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="staff-pin"):
            yield Label(Content("Staff only").stylize("bold"), classes="dialog-title")
            yield Label(Content("Type the staff PIN, then Enter."), classes="dialog-text")
            yield Input(password=True, max_length=MAX_PIN_LENGTH, id="pin")
            yield Label("", id="pin-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Unlock", id="unlock", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()
        self._say_if_locked()

    def _say_if_locked(self) -> bool:
        wait = self.guard.locked_for()
        if wait:
            self._error(f"Too many wrong PINs. Try again in {wait} seconds.")
        return bool(wait)

    def _error(self, message: str) -> None:
        label = self.query_one("#pin-error", Label)
        label.update(Content(message))
        label.set_class(True, "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.unlock()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "unlock":
            self.unlock()
        else:
            self.dismiss(False)

    def unlock(self) -> None:
        """Check the PIN typed; say why when it is refused."""
        box = self.query_one("#pin", Input)
        pin, box.value = box.value, ""
        if self._say_if_locked():
            return
        result = self.guard.attempt(pin)
        if result == "ok":
            self.dismiss(True)
        elif not self._say_if_locked():
            self._error("That PIN is not right.")


class StaffMenu(Dialog[StaffChoice]):
    """What staff can do at a kiosk."""

    def __init__(self, *, pin_set: bool, high_contrast: bool) -> None:
        super().__init__()
        self.pin_set = pin_set
        self.high_contrast = high_contrast

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="staff-menu"):
            yield Label(Content("Staff menu").stylize("bold"), classes="dialog-title")
            if not self.pin_set:
                yield Label(
                    Content(
                        "No staff PIN is set, so anyone can open this menu. Set one before "
                        "using this kiosk with patients: see 'prescreen pin-hash'."
                    ),
                    classes="dialog-text error -shown",
                )
            contrast = "off" if self.high_contrast else "on"
            with Vertical(id="staff-choices"):
                yield Button("Back to the kiosk", id="close", variant="primary")
                yield Button(f"Turn high contrast {contrast}", id="contrast")
                yield Button("Clear the screen for the next person", id="clear")
                yield Button("Quit prescreen", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, StaffChoice] = {
            "contrast": "contrast",
            "clear": "clear",
            "quit": "quit",
        }
        self.dismiss(choices.get(event.button.id, "close"))
