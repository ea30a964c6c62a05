"""Text boxes that keep to a length and take pasted text as plain text.

A paste arrives from the terminal as it was copied: it may hold escape sequences (a title change,
a screen clear) that Textual would draw into the terminal as they are, or a megabyte that would
freeze the screen. These boxes drop control characters and escape sequences from a paste, and
refuse a paste or a key that would make the text longer than the box takes, posting `TooLong`
so the screen can say why (instead of ringing the terminal bell).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location

from prescreen.core.answers import MAX_RAW_CHARS
from prescreen.core.text import JOINERS, strip_controls


class TooLong(Message):
    """A paste or a key was refused: the text would be longer than `limit` characters.
    `cut`: keys typed past the limit were dropped (the text stops at the limit), not a whole
    paste refused."""

    def __init__(self, limit: int, *, cut: bool) -> None:
        super().__init__()
        self.limit = limit
        self.cut = cut


def one_line(text: str) -> str:
    """Text of several lines as one: its lines joined by a space (a name copied as 'Ana' and
    'Díaz' on two lines is 'Ana Díaz', not 'Ana' with the rest silently dropped)."""
    lines = text.splitlines()
    if len(lines) < 2:
        return lines[0] if lines else ""
    return " ".join(part.strip() for part in lines if part.strip())


def _pasted(text: str, room: int, *, multiline: bool) -> str | None:
    """The pasted text as it may go in, or None when it does not fit in `room` characters."""
    if len(text) > MAX_RAW_CHARS:  # refused before any work is done on it
        return None
    cleaned = strip_controls(text, multiline=multiline)
    return cleaned if len(cleaned) <= room else None


class SafeInput(Input):
    """A one-line box of at most `max_length` characters (which it requires)."""

    def __init__(self, value: str = "", *, max_length: int, **options: Any) -> None:
        super().__init__(value, max_length=max_length, **options)
        self.limit = max_length

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # not Input's own handler, which takes the text as it is
        line = one_line(event.text)
        start, end = sorted(self.selection)
        room = self.limit - (len(self.value) - (end - start))
        text = _pasted(line, room, multiline=False)
        if text is None:
            self.post_message(TooLong(self.limit, cut=False))
            return
        if text:
            self.replace(text, start, end)

    def restricted(self) -> None:
        """A key would make the text too long: say so, rather than ring the bell."""
        self.post_message(TooLong(self.limit, cut=True))

    async def _on_key(self, event: events.Key) -> None:
        if event.character in JOINERS:
            # Typed as Textual types a printable character (which a joiner is not, so Textual
            # would drop it and break the emoji sequence it holds together).
            event.stop()
            event.prevent_default()
            if self.selection.is_empty:
                self.insert_text_at_cursor(event.character)
            else:
                self.replace(event.character, *self.selection)
            return
        await super()._on_key(event)


class SafeTextArea(TextArea):
    """A box of several lines, of at most `max_length` characters."""

    def __init__(self, text: str = "", *, max_length: int, **options: Any) -> None:
        super().__init__(text, **options)
        self.max_length = max_length

    async def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # not TextArea's own handler, which takes the text as it is
        if self.read_only:
            return
        text = _pasted(event.text, self.max_length, multiline=True)
        if text is None:
            self.post_message(TooLong(self.max_length, cut=False))
            return
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

    async def _on_key(self, event: events.Key) -> None:
        if event.character in JOINERS and not self.read_only:
            event.stop()  # typed, not dropped as Textual drops what is not printable
            event.prevent_default()
            self._replace_via_keyboard(event.character, *self.selection)
            return
        await super()._on_key(event)

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        """Every key and paste comes here (Textual 8.2): refuse what would be too long."""
        if insert:
            kept = len(self.text) - len(self.get_text_range(*sorted((start, end))))
            if kept + len(insert) > self.max_length:
                self.post_message(TooLong(self.max_length, cut=len(insert) == 1))
                return None
        return super()._replace_via_keyboard(insert, start, end)
