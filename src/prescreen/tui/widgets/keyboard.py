"""An on-screen keyboard, so a person with only a mouse or a touch screen can type answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, TextArea

ROWS = ["1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.-", "áéíóúüñç", "@/+"]
"""The keys by row; the letters with accents of names in the clinic's languages (José, Peña,
Müller, François) have a row of their own."""


class TouchKeyboard(Vertical):
    """Keys that type into the focused text box without taking the focus from it."""

    DEFAULT_CLASSES = "keyboard"

    def __init__(self, shift: str = "Shift", space: str = "Space", delete: str = "Delete") -> None:
        """The wide keys' labels are in the person's language."""
        super().__init__(id="keyboard")
        self.upper = False
        self._labels = (shift, space, delete)

    def compose(self) -> ComposeResult:
        shift, space, delete = self._labels
        for number, row in enumerate(ROWS):
            with Horizontal(classes="keyboard-row"):
                if number == len(ROWS) - 1:
                    yield self._key(shift, "shift", wide=True)
                for char in row:
                    yield self._key(char, str(ord(char)))
                if number == len(ROWS) - 1:
                    yield self._key(space, "space", wide=True)
                    yield self._key(f"\u232b {delete}", "backspace", wide=True)

    @staticmethod
    def _key(label: str, name: str, *, wide: bool = False) -> Button:
        key = Button(label, id=f"key-{name}", classes="key -wide" if wide else "key", compact=True)
        key.can_focus = False
        key.active_effect_duration = 0  # a key tapped twice quickly must type twice
        return key

    def _target(self) -> Input | TextArea | None:
        focused = self.screen.focused
        if isinstance(focused, Input | TextArea):
            return focused
        # The field on show: the question screen keeps other kinds of field, hidden.
        field = getattr(self.screen, "current_field", None)
        boxes = (field or self.screen).query("Input, TextArea")
        first = boxes.first() if boxes else None
        if isinstance(first, Input | TextArea):
            first.focus()
            return first
        return None

    def _relabel(self) -> None:
        for key in self.query(".key"):
            name = (key.id or "").removeprefix("key-")
            if isinstance(key, Button) and name.isdigit():
                char = chr(int(name))
                key.label = char.upper() if self.upper else char

    def _shift(self, upper: bool) -> None:
        if upper != self.upper:
            self.upper = upper
            self.query_one("#key-shift", Button).set_class(upper, "-on")
            self._relabel()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = (event.button.id or "").removeprefix("key-")
        if name == "shift":
            self._shift(not self.upper)
            return
        target = self._target()
        if target is None:
            return
        if name == "backspace":
            target.action_delete_left()
            return
        if name == "space":
            text = " "
        else:
            char = chr(int(name))
            text = char.upper() if self.upper else char
            # Shift is for the next letter only, as on a phone: left on, it typed "ANA".
            self._shift(False)
        if isinstance(target, Input):
            target.insert_text_at_cursor(text)
        else:
            target.insert(text)
