"""Choosing: a vertical list (yes/no, single and multiple choice) and a horizontal row (the 0-10
scale and each row of a grid). Arrows, space, Enter, digits and mouse all work."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from prescreen.core.conditions import SpecialValue
from prescreen.core.interview import Stored
from prescreen.core.questionset import (
    Answerable,
    Choice,
    Grid,
    MultipleChoice,
    Scale,
    SingleChoice,
    YesNo,
)
from prescreen.tui.safe import safe
from prescreen.tui.widgets.base import QuestionField

if TYPE_CHECKING:
    from pydantic import JsonValue


class ChoiceList(OptionList):
    """Options one per line. Space or a click ticks; a digit ticks that option; Enter moves on
    (for a single choice, Enter also picks the highlighted option)."""

    BINDINGS = [
        Binding("space", "tick", "Choose", show=False),
        Binding("enter", "submit", "Next", show=False),
    ]

    class Submitted(Message):
        """Enter was pressed."""

    def __init__(
        self,
        labels: list[str],
        *,
        multiple: bool,
        exclusive: frozenset[int] = frozenset(),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.labels = labels
        self.multiple = multiple
        self.exclusive = exclusive
        self.roomy = False
        self.chosen = [False] * len(labels)
        super().__init__(
            *(Option(self._prompt(i)) for i in range(len(labels))), id=id, classes=classes
        )

    def _prompt(self, index: int) -> Content:
        if self.multiple:
            mark = "[x]" if self.chosen[index] else "[ ]"
        else:
            mark = "(\u2022)" if self.chosen[index] else "( )"
        number = f"{index + 1}. " if len(self.labels) <= 9 else ""
        text = Content(f"{mark} {number}") + safe(self.labels[index])
        if self.roomy:
            text = Content("\n") + text + Content("\n")  # a taller target for a finger
        return text.stylize("bold") if self.chosen[index] else text

    def on_mount(self) -> None:
        self._room_as_screen()

    def on_resize(self) -> None:
        # The first question's list is built before the screen has its size (and its -tall
        # class): its options stayed one line high until the person came back to it.
        self._room_as_screen()

    def _room_as_screen(self) -> None:
        """On a tall (kiosk) screen, give every option room above and below. Looked at again
        with every new question and every change of size."""
        roomy = self.screen.has_class("-tall")
        if roomy != self.roomy:
            self.roomy = roomy
            self._refresh()

    def change(self, labels: list[str], *, multiple: bool, exclusive: frozenset[int]) -> None:
        """Offer other options (nothing chosen), in place of a new list."""
        self.exclusive = exclusive
        self._room_as_screen()
        if labels == self.labels and multiple == self.multiple:
            # The same options (yes and no, most often): only what was chosen goes.
            self.set_chosen(set())
        else:
            self.labels = labels
            self.multiple = multiple
            self.chosen = [False] * len(labels)
            self.set_options(Option(self._prompt(i)) for i in range(len(labels)))
            self.highlighted = 0 if multiple and labels else None
        self.scroll_home(animate=False)

    def scroll_to_highlight(self, top: bool = False) -> None:
        super().scroll_to_highlight(top)
        self._show_highlight_on_page()

    def _show_highlight_on_page(self) -> None:
        """Scroll the page around the list so the highlighted option is in view. The list
        grows with its options, so on a short screen the last ones are below the page's fold,
        where the cursor would move and a tick go unseen. Only while the list has the focus:
        the question's text, above, is what a new question shows first."""
        index = self.highlighted
        if index is None or not self.has_focus or not self.region:
            return
        page = next(
            (w for w in self.ancestors if isinstance(w, Widget) and w.allow_vertical_scroll), None
        )
        if page is None:
            return
        try:  # where the option's lines are (Textual keeps no public map of them)
            line, height = self._index_to_line[index], self._heights[index]
        except (AttributeError, KeyError):
            return
        top = self.content_region.y + line - round(self.scroll_offset.y)
        view = page.scrollable_content_region
        if top + height > view.bottom:
            page.scroll_relative(y=top + height - view.bottom, animate=False, immediate=True)
        elif top < view.y:
            page.scroll_relative(y=top - view.y, animate=False, immediate=True)

    def _refresh(self) -> None:
        for index in range(len(self.labels)):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def choose(self, index: int) -> None:
        """Tick an option (multiple), or make it the one chosen (single)."""
        if not 0 <= index < len(self.labels):
            return
        if self.multiple:
            self.chosen[index] = not self.chosen[index]
            if self.chosen[index]:
                # "None of these" and the other options untick each other as they are ticked.
                everyone_else = set(range(len(self.labels))) - {index}
                for other in everyone_else if index in self.exclusive else self.exclusive:
                    self.chosen[other] = False
        else:
            self.chosen = [i == index for i in range(len(self.labels))]
        self.highlighted = index
        self._refresh()
        self.scroll_to_highlight()  # ticked where it can be seen
        self.post_message(QuestionField.Edited())

    def set_chosen(self, indexes: set[int]) -> None:
        """Show these options as chosen. With none chosen, a single choice highlights nothing,
        so an Enter pressed too soon picks nothing; a multiple choice highlights the first
        option, so Space ticks it (Enter never ticks there)."""
        chosen = [i in indexes for i in range(len(self.labels))]
        if chosen != self.chosen:
            self.chosen = chosen
            self._refresh()
        first = 0 if self.multiple and self.labels else None
        self.highlighted = min(indexes) if indexes else first

    def action_tick(self) -> None:
        if self.highlighted is None:
            self.highlighted = 0  # Space before any arrow: show where it would tick
        else:
            self.choose(self.highlighted)

    def action_submit(self) -> None:
        if not self.multiple and self.highlighted is not None:
            self.choose(self.highlighted)
        self.post_message(self.Submitted())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click: tick it, do not move on
        self.choose(event.option_index)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and len(self.labels) <= 9:
            event.stop()
            self.choose(int(event.character) - 1)


def _as_raw(value: Any) -> Any:
    """A choice's value as typed input gives it: yes and no for a yes/no question."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


class ChoiceField(QuestionField):
    """Yes/no, single choice and multiple choice."""

    def _choices(self) -> list[tuple[Any, str]]:
        q = self.question
        if isinstance(q, SingleChoice | MultipleChoice):
            return [(c.value, self.interview.text(c.label)) for c in q.choices]
        return [(True, self.interview.message("yes")), (False, self.interview.message("no"))]

    def _exclusive(self) -> frozenset[int]:
        choices = getattr(self.question, "choices", [])
        return frozenset(i for i, choice in enumerate(choices) if choice.exclusive)

    def compose(self) -> ComposeResult:
        self.options = self._choices()
        multiple = isinstance(self.question, MultipleChoice)
        self._list = ChoiceList(
            [label for _, label in self.options],
            multiple=multiple,
            exclusive=self._exclusive(),
            classes=self.ANSWER,
        )
        yield self._list
        # Always there, hidden for a single choice: the next question may tick several.
        self._hint = Label(safe(self.interview.message("tick_hint")), classes="hint")
        self._hint.display = multiple
        yield self._hint

    def reuse_for(self, question: Answerable) -> bool:
        if not isinstance(question, SingleChoice | MultipleChoice | YesNo):
            return False
        multiple = isinstance(question, MultipleChoice)
        self.question = question
        self.options = self._choices()
        self.list.change(
            [label for _, label in self.options], multiple=multiple, exclusive=self._exclusive()
        )
        self._hint.display = multiple
        return True

    @property
    def list(self) -> ChoiceList:
        """The option list."""
        return self._list

    def raw(self) -> Any:
        chosen = [_as_raw(self.options[i][0]) for i, on in enumerate(self.list.chosen) if on]
        if isinstance(self.question, MultipleChoice):
            return chosen
        return chosen[0] if chosen else None

    def load(self, stored: Stored | None) -> None:
        if stored is None or isinstance(stored.value, SpecialValue):
            self.list.set_chosen(set())
            return
        wanted = stored.value if isinstance(stored.value, list) else [stored.value]
        self.list.set_chosen({i for i, (v, _) in enumerate(self.options) if v in wanted})

    def restore(self, raw: JsonValue) -> None:
        given = raw if isinstance(raw, list) else [raw]
        self.list.set_chosen({i for i, (v, _) in enumerate(self.options) if _as_raw(v) in given})

    def on_choice_list_submitted(self, event: ChoiceList.Submitted) -> None:
        event.stop()
        self.post_message(self.Submit())


class ChoiceRow(Widget, can_focus=True):
    """Options side by side. Left/right move, space or a digit picks, Enter picks and moves on,
    a click picks.

    Until the person points at an option (an arrow, Space, a digit, a click, or an answer
    already given), no option is under the cursor and Enter picks nothing: an Enter pressed
    to go on must not answer "0" or "None" for someone who never chose it.
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Left", show=False),
        Binding("right", "move(1)", "Right", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
        Binding("space", "pick", "Choose", show=False),
        Binding("enter", "pick_and_submit", "Next", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    chosen: reactive[int | None] = reactive(None)

    class Submitted(Message):
        """Enter was pressed on this row."""

        def __init__(self, row: ChoiceRow) -> None:
            super().__init__()
            self.row = row

    class Typed(Message):
        """An option was picked by typing its number."""

        def __init__(self, row: ChoiceRow) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        labels: list[str],
        *,
        digits_from: int = 1,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.labels = labels
        self.digits_from = digits_from
        self._last_digit: tuple[str, float] | None = None
        self.pointing = False
        """Whether the cursor is on an option (shown, and what Enter picks)."""

    def _cells(self) -> list[str]:
        return [f" {label} " for label in self.labels]

    def change(self, labels: list[str], *, digits_from: int = 1) -> None:
        """Offer other options, in place of a new row."""
        if labels != self.labels or digits_from != self.digits_from:
            self.labels = labels
            self.digits_from = digits_from
            self.refresh(layout=True)
        self._last_digit = None
        self.pointing = False

    def render(self) -> Content:
        parts: list[Content] = []
        for index, cell in enumerate(self._cells()):
            piece = safe(cell)
            if index == self.chosen:
                piece = Content("\u25cf") + piece.stylize("bold reverse")
            else:
                piece = Content(" ") + piece
            if index == self.cursor and self.has_focus and self.pointing:
                piece = piece.stylize("bold underline")
            parts.append(piece)
        return Content(" ").join(parts)

    def _index_at(self, x: int) -> int | None:
        position = 0
        for index, cell in enumerate(self._cells()):
            width = len(cell) + 1
            if position <= x < position + width:
                return index
            position += width + 1
        return None

    def _point(self) -> bool:
        """Show the cursor; whether it was shown already."""
        pointing, self.pointing = self.pointing, True
        self.refresh()
        return pointing

    def action_move(self, step: int) -> None:
        if self._point():  # the first arrow shows where the cursor is
            self.cursor = max(0, min(len(self.labels) - 1, self.cursor + step))

    def action_move_to(self, index: int) -> None:
        self._point()
        self.cursor = index % len(self.labels)

    def action_pick(self) -> None:
        if self._point():  # Space before any arrow shows where it would pick
            self.chosen = self.cursor

    def action_pick_and_submit(self) -> None:
        if self.pointing:
            self.chosen = self.cursor
        self.post_message(self.Submitted(self))

    def on_click(self, event: events.Click) -> None:
        # From the left of the text, not of the widget: the focus bar is at its left.
        index = self._index_at(event.get_content_offset_capture(self).x)
        if index is not None:
            self._point()
            self.cursor = self.chosen = index

    def on_key(self, event: events.Key) -> None:
        if not (event.character and event.character.isdigit()):
            return
        event.stop()
        now = time.monotonic()
        typed = event.character
        if self._last_digit and now - self._last_digit[1] < 1.0:
            combined = self._last_digit[0] + typed
            index = int(combined) - self.digits_from
            if 0 <= index < len(self.labels):
                typed = combined
        self._last_digit = (typed, now)
        index = int(typed) - self.digits_from
        if 0 <= index < len(self.labels):
            self._point()
            self.cursor = self.chosen = index
            self.post_message(self.Typed(self))

    def watch_chosen(self) -> None:
        self.post_message(QuestionField.Edited())

    def on_focus(self) -> None:
        if self.chosen is not None:
            self.cursor = self.chosen
            self.pointing = True
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class ScaleField(QuestionField):
    """The 0-10 scale with its anchor labels."""

    def _anchors(self, question: Scale) -> str:
        return "   ".join(
            f"{p} = {self.interview.text(t)}" for p, t in sorted(question.anchors.items())
        )

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, Scale)
        q = self.question
        self.points = list(range(q.min, q.max + 1))
        self._row = ChoiceRow([str(p) for p in self.points], digits_from=q.min, classes=self.ANSWER)
        yield self._row
        self._shown_anchors = self._anchors(q)
        self._hint = Label(safe(self._shown_anchors), classes="hint")
        self._hint.display = bool(self._shown_anchors)
        yield self._hint

    def reuse_for(self, question: Answerable) -> bool:
        if not isinstance(question, Scale):
            return False
        self.question = question
        self.points = list(range(question.min, question.max + 1))
        self._row.change([str(p) for p in self.points], digits_from=question.min)
        anchors = self._anchors(question)
        if anchors != self._shown_anchors:
            self._shown_anchors = anchors
            self._hint.update(safe(anchors))
            self._hint.display = bool(anchors)
        return True

    def raw(self) -> Any:
        chosen = self._row.chosen
        return None if chosen is None else self.points[chosen]

    def load(self, stored: Stored | None) -> None:
        row = self._row
        value = None if stored is None else stored.value
        row.chosen = self.points.index(value) if value in self.points else None
        row.cursor = row.chosen or 0
        row.pointing = row.chosen is not None

    def on_choice_row_submitted(self, event: ChoiceRow.Submitted) -> None:
        event.stop()
        self.post_message(self.Submit())


class GridField(QuestionField):
    """One row per item, all sharing one choice list; up/down move between rows."""

    BINDINGS = [
        Binding("down", "row(1)", "Next row", show=False),
        Binding("up", "row(-1)", "Previous row", show=False),
    ]

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, Grid)
        self.choices: list[Choice] = self.question.choices
        labels = [self.interview.text(c.label) for c in self.choices]
        for index, item in enumerate(self.question.items):
            yield Label(safe(f"{self.interview.text(item.text)}"), classes="grid-item")
            yield ChoiceRow(
                labels,
                id=f"row-{index}",
                classes=f"grid-row {self.ANSWER}" if index == 0 else "grid-row",
            )

    def reuse_for(self, question: Answerable) -> bool:
        # Another grid of as many rows (a different number of rows: a new grid).
        if not isinstance(question, Grid):
            return False
        assert isinstance(self.question, Grid)
        if len(question.items) != len(self.question.items):
            return False
        self.question = question
        self.choices = question.choices
        labels = [self.interview.text(c.label) for c in self.choices]
        items = self.query(".grid-item").results(Label)
        for item, label, row in zip(question.items, items, self._rows(), strict=True):
            label.update(safe(f"{self.interview.text(item.text)}"))
            row.change(labels)
        return True

    def _rows(self) -> list[ChoiceRow]:
        return list(self.query(ChoiceRow))

    def focus_first(self) -> None:
        """The first row still open (a grid half answered, then put aside, is carried on
        where it stopped: a digit typed must not change a row answered before)."""
        rows = self._rows()
        if rows:
            row = next((r for r in rows if r.chosen is None), rows[0])
            self.screen.set_focus(row, scroll_visible=False)

    def raw(self) -> Any:
        assert isinstance(self.question, Grid)
        return {
            item.id: self.choices[row.chosen].value
            for item, row in zip(self.question.items, self._rows(), strict=True)
            if row.chosen is not None
        }

    def load(self, stored: Stored | None) -> None:
        assert isinstance(self.question, Grid)
        value = stored.value if stored and isinstance(stored.value, dict) else {}
        values = [c.value for c in self.choices]
        for item, row in zip(self.question.items, self._rows(), strict=True):
            given = value.get(item.id)
            row.chosen = values.index(given) if given in values else None
            row.cursor = row.chosen or 0
            row.pointing = row.chosen is not None

    def action_row(self, step: int) -> None:
        rows = self._rows()
        current = next((i for i, r in enumerate(rows) if r.has_focus), 0)
        rows[max(0, min(len(rows) - 1, current + step))].focus()

    def on_choice_row_typed(self, event: ChoiceRow.Typed) -> None:
        """A row answered by its number: go on to the next row, as a coordinator types."""
        event.stop()
        rows = self._rows()
        index = rows.index(event.row)
        if index + 1 < len(rows):
            rows[index + 1].focus()

    def on_choice_row_submitted(self, event: ChoiceRow.Submitted) -> None:
        """Enter goes on to the next row still open, and asks to move on when none is left.
        On a row of a required grid left open, it asks to move on at once, which names the
        rows still open: Enter, pressed out of habit, never passes over the row it is on (so
        the digit typed next is not taken for the row after it). An optional grid may leave
        rows open: there Enter passes over them."""
        event.stop()
        assert isinstance(self.question, Grid)
        rows = self._rows()
        index = rows.index(event.row)
        start = index if self.question.required else index + 1
        unanswered = [r for r in rows[start:] if r.chosen is None]
        if unanswered and unanswered[0] is not event.row:
            unanswered[0].focus()
        else:
            self.post_message(self.Submit())
