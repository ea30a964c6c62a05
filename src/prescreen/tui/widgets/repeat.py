"""A repeating group: one row of fields per entry (a medicine: name, dose, how often, since)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import AwaitMount
from textual.widgets import Button, Input, Label, Select

from prescreen.core.interview import Interview, Stored, has_input
from prescreen.core.questionset import Answerable, Repeat, SingleChoice, YesNo
from prescreen.core.records import to_json
from prescreen.tui.safe import safe
from prescreen.tui.widgets.base import QuestionField
from prescreen.tui.widgets.line import line_input


class RemoveButton(Button):
    """A row's remove button. A row with something in it goes at the second press (the first
    arms it, class `-armed`): Tab then Enter, pressed to go on, must not throw away a medicine
    typed in full."""

    def on_blur(self) -> None:
        self.remove_class("-armed")


class RepeatRow(Horizontal):
    """The fields of one entry and a button to remove it."""

    DEFAULT_CLASSES = "repeat-row"

    def __init__(
        self, question: Repeat, interview: Interview, number: int, values: dict[str, Any]
    ) -> None:
        super().__init__()
        self.question = question
        self.interview = interview
        self.number = number
        self.values = values

    def compose(self) -> ComposeResult:
        for place, sub in enumerate(self.question.fields):
            name = f"{sub.id}-{self.number}"
            classes = f"cell cell-{sub.type}" + (" -first" if place == 0 else "")
            given = self.values.get(sub.id)
            if isinstance(sub, SingleChoice | YesNo):
                options = (
                    [(safe(self.interview.text(c.label)), c.value) for c in sub.choices]
                    if isinstance(sub, SingleChoice)
                    else [
                        (safe(self.interview.message("yes")), "yes"),
                        (safe(self.interview.message("no")), "no"),
                    ]
                )
                if isinstance(given, bool):
                    given = "yes" if given else "no"
                offered = any(value == given for _label, value in options)
                yield Select(
                    options,
                    prompt="\u2026",  # fixed, wordless: a Select prompt is parsed as markup
                    id=name,
                    classes=classes,
                    # Only a value offered (input kept unfinished may hold none, or one an
                    # earlier version of the set offered).
                    value=given if offered else Select.NULL,
                )
            else:
                shown = "" if given is None else str(to_json(given))
                box = line_input(sub, self.interview, name, shown)
                box.placeholder = self.interview.text(sub.text)
                box.add_class(*classes.split())
                yield box
        remove = safe(self.interview.message("remove_row"))
        yield RemoveButton("\u2715", classes="remove", variant="error", tooltip=remove)

    def focus_first(self) -> None:
        """Put the focus in the row's first field."""
        self.query("Input, Select").first().focus()

    def has_input(self) -> bool:
        """Whether anything is typed or chosen in the row."""
        return has_input(self.raw())

    def raw(self) -> dict[str, Any]:
        """The row's input by field id."""
        row: dict[str, Any] = {}
        for sub in self.question.fields:
            widget = self.query_one(f"#{sub.id}-{self.number}")
            if isinstance(widget, Select):
                row[sub.id] = "" if widget.is_blank() else widget.value
            elif isinstance(widget, Input):
                row[sub.id] = widget.value
        return row


class RepeatField(QuestionField):
    """Rows added with a button, removed with the button on each row."""

    TYPED = True

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, Repeat)
        self._count = 0
        self._mounting: list[AwaitMount] = []
        self._header = Label(self._headers(self.question), classes="hint")
        yield self._header
        yield VerticalScroll(id="rows")
        yield Button(self._add_label(self.question), id="add", variant="primary")

    def _headers(self, question: Repeat) -> Content:
        return safe("  \u00b7  ".join(self.interview.text(f.text) for f in question.fields))

    def _add_label(self, question: Repeat) -> Content:
        item = self.interview.text(question.item_label) or self.interview.message("row")
        return Content("+ ") + safe(self.interview.message("add_row", item=item))

    def reuse_for(self, question: Answerable) -> bool:
        # The rows of the question before go at `load`; a row is built for its question.
        if not isinstance(question, Repeat):
            return False
        self.question = question
        self._header.update(self._headers(question))
        self.query_one("#add", Button).label = self._add_label(question)
        return True

    @property
    def _question(self) -> Repeat:
        assert isinstance(self.question, Repeat)
        return self.question

    def _rows(self) -> list[RepeatRow]:
        # Not the rows of the question before, on their way out after `load`.
        return [row for row in self.query(RepeatRow) if not row._pruning]

    def add_row(self, values: dict[str, Any] | None = None) -> RepeatRow | None:
        """Add an entry (up to the question's maximum)."""
        if len(self._rows()) >= self._question.max_items:
            message = self.interview.message("too_many_rows", max=self._question.max_items)
            self.app.notify(message, markup=False)
            return None
        self._count += 1
        row = RepeatRow(self._question, self.interview, self._count, values or {})
        self._mounting.append(self.query_one("#rows", VerticalScroll).mount(row))
        return row

    def raw(self) -> Any:
        return [row.raw() for row in self._rows()]

    def load(self, stored: Stored | None) -> None:
        for row in self._rows():
            row.remove()
        entries = stored.value if stored and isinstance(stored.value, list) else []
        for entry in entries:
            self.add_row(entry)
        if not entries:
            self.add_row()

    async def settle(self) -> None:
        mounting, self._mounting = self._mounting, []
        for mount in mounting:
            await mount

    def focus_first(self) -> None:
        rows = self._rows()
        boxes = rows[0].query("Input, Select") if rows else None
        if boxes:
            # The rows are built (`settle`): at once, as every other field.
            self.screen.set_focus(boxes.first(), scroll_visible=False)
        elif rows:
            self.call_after_refresh(rows[0].focus_first)
        else:
            self.query_one("#add", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            row = self.add_row()
            if row is not None:
                self.call_after_refresh(row.focus_first)
        elif isinstance(event.button, RemoveButton):
            holder = event.button.parent
            if isinstance(holder, RepeatRow):
                self._remove(holder, event.button)

    def _remove(self, row: RepeatRow, button: RemoveButton) -> None:
        if row.has_input() and not button.has_class("-armed"):
            button.add_class("-armed")
            self.app.notify(self.interview.message("remove_row_again"), timeout=6, markup=False)
            return
        rows = self._rows()
        index = rows.index(row)
        others = rows[index + 1 : index + 2] or rows[index - 1 : index]
        row.remove()
        self.post_message(self.Edited())
        # The focus goes to the row that takes its place (or the one before, or Add), never
        # nowhere: the next key must reach something.
        if others:
            others[0].focus_first()
        else:
            self.query_one("#add", Button).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submit())
