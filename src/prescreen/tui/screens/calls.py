"""The coordinator's console (phone mode): who is interviewing, a new interview, and the drafts
to carry on with (calls that dropped, kiosk forms left unfinished), searchable."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from prescreen.core.interview import MAX_INTERVIEWER, MAX_NOTE
from prescreen.core.listing import Entry
from prescreen.core.store import StoreError
from prescreen.tui.safe import safe
from prescreen.tui.screens.base import InterviewScreen
from prescreen.tui.screens.dialogs import Dialog
from prescreen.tui.widgets.bounded import SafeInput, SafeTextArea, TooLong

MAX_SEARCH = 100
"""Characters of a search for drafts (a name, a phone number or a reference is far shorter)."""


def describe(entry: Entry) -> Content:
    """One draft as a line of the list: reference, name, phone, where and when it was left."""
    when = entry.date.astimezone().strftime("%d %b %H:%M")
    parts = [
        entry.reference,
        entry.name or "(no name yet)",
        entry.phone or "",
        f"{entry.mode}" + (f" {entry.interviewer}" if entry.interviewer else ""),
        when,
    ]
    return safe("  ".join(part for part in parts if part))


class CallsScreen(InterviewScreen):
    """Start a new interview or carry on with a draft."""

    BINDINGS = [
        Binding("ctrl+n", "new", "New interview"),
        Binding("ctrl+f", "search", "Search drafts"),
        Binding("f5", "refresh", "Refresh"),
        Binding("ctrl+q", "app.quit", "Quit"),
        # The list of drafts takes the arrows itself; above it, they move between the boxes.
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[Entry] = []

    def compose(self) -> ComposeResult:
        qs = self.papp.question_set
        with Vertical(id="calls"):
            yield Label(
                safe(f"Phone interviews: {qs.text(qs.title, qs.default_language)}").stylize("bold"),
                id="title",
            )
            with Horizontal(id="interviewer-box"):
                yield Label(self.words("interviewer_id"), classes="field-label")
                yield SafeInput(
                    self.papp.interviewer or "", id="interviewer", max_length=MAX_INTERVIEWER
                )
            yield Label("", id="interviewer-error", classes="error")
            yield Button(Content("New interview  \u25b6"), id="new", variant="success")
            yield Label(
                "Carry on with a draft (a call that dropped, a kiosk form left unfinished):",
                classes="help",
            )
            yield SafeInput(
                placeholder="Search by name, reference code or phone number",
                id="search",
                max_length=MAX_SEARCH,
            )
            yield OptionList(id="drafts")
            yield Label("", id="drafts-note", classes="help")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()
        box = self.query_one("#interviewer", Input)
        (self.query_one("#new", Button) if box.value.strip() else box).focus()

    def action_refresh(self) -> None:
        """Read the drafts again: kiosks and other coordinators add to them all the time."""
        try:
            self.drafts, unreadable = self.papp.store.entries(drafts_only=True)
        except StoreError as error:
            self.drafts, unreadable = [], []
            self.notify(str(error), severity="error", timeout=15)
        if unreadable:
            first = unreadable[0]
            more = f", and {len(unreadable) - 1} more" if len(unreadable) > 1 else ""
            self.notify(
                f"Not every draft could be read ({first.path}: {first.reason}{more}); "
                "'prescreen list' names them.",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self.show_drafts(self.query_one("#search", Input).value)

    def show_drafts(self, query: str) -> None:
        """List the drafts the search finds, newest first."""
        found = [entry for entry in self.drafts if entry.matches(query)]
        drafts = self.query_one("#drafts", OptionList)
        drafts.clear_options()
        drafts.add_options(Option(describe(e), id=e.reference) for e in found)
        if not self.drafts:
            note = "No drafts: every interview so far was finished."
        elif not found:
            note = "No draft matches that search."
        else:
            note = f"{len(found)} of {len(self.drafts)} draft(s). Type to search; " + (
                "Enter opens it." if len(found) == 1 else "Enter, then arrows and Enter."
            )
        self.query_one("#drafts-note", Label).update(note)

    @on(TooLong)
    def _too_long(self, event: TooLong) -> None:
        event.stop()
        self.notify(self.papp.say("too_long", limit=event.limit), severity="warning", markup=False)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.show_drafts(event.value)

    @on(Input.Submitted, "#search")
    def _to_list(self) -> None:
        """Enter in the search: open the one draft found, or choose among several."""
        drafts = self.query_one("#drafts", OptionList)
        if drafts.option_count == 1:
            reference = drafts.get_option_at_index(0).id
            if reference is not None and self.interviewer() is not None:
                self.papp.resume_draft(reference)
        elif drafts.option_count:
            drafts.highlighted = 0
            drafts.focus()

    @on(Input.Submitted, "#interviewer")
    def _interviewer_given(self) -> None:
        if self.interviewer() is not None:
            self.query_one("#new", Button).focus()

    def interviewer(self) -> str | None:
        """The interviewer id typed, or None (and a message) when there is none yet."""
        box = self.query_one("#interviewer", Input)
        typed = box.value.strip()[:MAX_INTERVIEWER]
        error = self.query_one("#interviewer-error", Label)
        if not typed:
            error.update(self.words("interviewer_needed"))
            error.set_class(True, "-shown")
            box.focus()
            return None
        error.set_class(False, "-shown")
        self.papp.interviewer = typed
        return typed

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new()

    def action_new(self) -> None:
        """A new interview: the welcome screen to read from, then consent."""
        if self.interviewer() is not None:
            self.papp.new_call()

    def action_move(self, step: int) -> None:
        """Arrow keys above the list: to the box or button below or above, and down into the
        list of drafts (its newest first) when it has any. No wrapping round."""
        drafts = self.query_one("#drafts", OptionList)
        order: list[Widget] = [
            self.query_one(f"#{name}") for name in ("interviewer", "new", "search")
        ]
        if drafts.option_count:
            order.append(drafts)
        if self.focused not in order:
            return
        at = order.index(self.focused) + step
        if 0 <= at < len(order):
            order[at].focus()
            if order[at] is drafts and drafts.highlighted is None:
                drafts.highlighted = 0

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    @on(OptionList.OptionSelected, "#drafts")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None and self.interviewer() is not None:
            self.papp.resume_draft(event.option.id)


class AskDialog(Dialog[bool]):
    """A question to the coordinator with two answers: the safe one (Escape, and the focus at
    first) and the one that goes on (True)."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Back")]

    def __init__(self, title: str, text: str, stay: str, go: str) -> None:
        super().__init__()
        self.title_text, self.text, self.stay, self.go = title, text, stay, go

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.title_text).stylize("bold"), classes="dialog-title")
            yield Label(safe(self.text), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(self.stay, id="stay")
                yield Button(self.go, id="go", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "go")


class NewCallDialog(AskDialog):
    """A new call while an interview is open: park the open one first, or stay with it."""

    def __init__(self, reference: str, name: str | None) -> None:
        who = f" with {name}" if name else ""
        super().__init__(
            "Start a new call?",
            f"The interview{who} ({reference}) is still open. Park it as a draft to carry on "
            "later from the list, and start a new interview?",
            "Stay with this one",
            "Park it, start new",
        )


class OpenElsewhereDialog(AskDialog):
    """A draft that may be open on another screen (saved lately and not parked)."""

    def __init__(self, reference: str, where: str) -> None:
        super().__init__(
            "Open on another screen?",
            f"Draft {reference} may be open elsewhere ({where}, not parked). If both screens "
            "carry on with it, nothing is lost, but the answers go on as two drafts and the "
            "caller may be called twice. Open it here too?",
            "Back to the list",
            "Open it here",
        )


class NoteDialog(ModalScreen[str | None]):
    """The interviewer's note on the current question: dismissed with the text, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("f10", "park", "Save and park"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, question_id: str, question: str, note: str) -> None:
        super().__init__()
        self.question_id = question_id
        self.question = question
        self.note = note
        self.then_park = False
        """Whether the call is to be parked once the note is kept (F10: the call dropped)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label(Content("Note on this question").stylize("bold"), classes="dialog-title")
            yield Label(safe(self.question), classes="dialog-text")
            yield SafeTextArea(
                self.note, max_length=MAX_NOTE, id="note", soft_wrap=True, show_line_numbers=False
            )
            yield Label(
                "Saved with the application, for the clinician. Empty removes the note.",
                classes="help",
                id="note-help",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save note", id="save", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one("#note", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TooLong)
    def _too_long(self, event: TooLong) -> None:
        event.stop()
        self.query_one("#note-help", Label).update(
            f"A note holds at most {event.limit} characters; that would make it longer."
        )

    def action_save(self) -> None:
        """Keep the note as typed."""
        self.dismiss(self.query_one("#note", TextArea).text)

    def typed(self) -> str | None:
        """The note as typed so far, if it differs from the note there was (for a call put
        aside, or prescreen quit, with the dialog open: what is typed is kept, as F10 keeps
        it)."""
        text = self.query_one("#note", TextArea).text
        return None if text == self.note else text

    def action_park(self) -> None:
        """The call dropped while the note was being written: keep it, then park."""
        self.then_park = True
        self.action_save()

    def action_cancel(self) -> None:
        """Leave the note as it was."""
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
