"""One question at a time: its section, text, help, the widget for its type, the error under it,
progress, and Back / Skip / special answers / Next."""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static, TextArea

from prescreen.core.conditions import SpecialValue
from prescreen.core.interview import AnswerOutcome
from prescreen.core.questionset import AnyQuestion, Note, Special
from prescreen.core.records import to_json
from prescreen.tui.safe import safe, styled
from prescreen.tui.screens.base import InterviewScreen
from prescreen.tui.screens.calls import NoteDialog
from prescreen.tui.screens.dialogs import ConfirmWarning
from prescreen.tui.widgets.base import QuestionField
from prescreen.tui.widgets.bounded import TooLong
from prescreen.tui.widgets.fields import FIELDS, field_for
from prescreen.tui.widgets.footer import KeyFooter
from prescreen.tui.widgets.keyboard import TouchKeyboard
from prescreen.tui.widgets.reading import ReadingScroll
from prescreen.tui.widgets.sections import SectionList

if TYPE_CHECKING:
    from pydantic import JsonValue

W = TypeVar("W", bound=Widget)

LOOK_FIRST = 0.5
"""Seconds after input kept "to check" is drawn back in its field during which Next leaves it
alone (and before it is drawn): Enter pressed twice on a draft in the list sent it, unseen,
as the answer."""
KEEP_TYPING_AFTER = 2.0
"""Seconds after the last change to an answer not yet given that it is saved with the draft
(as unfinished input), so that a program killed before Next loses nothing typed."""


class QuestionScreen(InterviewScreen):
    """Asks the interview's current question and hands the answer back to it."""

    # In the key bar's order, most needed first: a narrow terminal cuts off its end, and
    # parking a call that drops must never be among what is cut off.
    BINDINGS = [
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+s", "skip", "Skip"),
        Binding("f10", "park", "Park"),
        Binding("f7", "special('prefer_not_to_say')", "Prefer not to say"),
        Binding("f8", "special('dont_know')", "Don't know"),
        Binding("f9", "note", "Note"),
        Binding("ctrl+r", "review", "Review"),
        Binding("f4", "sections", "Sections"),
        Binding("f2", "new_call", "New call"),
    ]
    PHONE_ONLY = frozenset({"new_call", "sections", "note", "park"})

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without a repaint of the whole screen at each change of focus: the
    widgets that lose and gain the focus are restyled and redrawn, which is all that changes.
    (A move from a text box to a list of choices redrew every widget on the screen.)"""

    def __init__(self, why: str | None = None) -> None:
        super().__init__()
        self._why = why
        """Why the person was sent to this question (from review): said under its field
        until the answer changes, as a refusal is."""
        self.field: QuestionField | None = None
        self.shown: AnyQuestion | None = None
        self._refused: Any = None
        """The input last refused, while its message is up."""
        self._too_long: TooLong | None = None
        """Keys dropped at the box's limit since the answer last changed: the next Next stops
        once to say so, since keys typed ahead would otherwise carry the answer, cut short,
        on to the next question with the message."""
        self._restored: tuple[float | None, JsonValue] | None = None
        """When input kept "to check" was put back in the field was first drawn (None: not
        yet), and that input, until it is changed."""
        self._changed_at: float | None = None
        """When the field last changed, while that change is not yet saved (`keep_typing`)."""
        self._fields: dict[type[QuestionField], QuestionField] = {}
        """One field of each kind the set asks for, built once and kept: the one for the
        question on show is displayed, the others hidden. Mounting a field for a question
        (and removing the last) cost more than the rest of a move together. The first
        question's is built when it is shown, the others just after."""
        self._labels: dict[str, Content | None] = {}
        self._found: dict[str, Widget] = {}
        self._keyboard: TouchKeyboard | None = None

    def _one(self, selector: str, expect_type: type[W]) -> W:
        """A widget of the screen's own (never removed), looked up once: every lookup goes
        through the whole screen, and a move made some twenty."""
        found = self._found.get(selector)
        if found is None:
            found = self._found[selector] = self.query_one(selector, expect_type)
        assert isinstance(found, expect_type)
        return found

    @property
    def current_field(self) -> QuestionField | None:
        """The field of the question on show (None for a note). Its `answer` is the widget
        that takes the answer: other kinds of field are kept hidden beside it."""
        return self.field

    def compose(self) -> ComposeResult:
        with Horizontal(id="frame"):
            if self.papp.mode == "phone":
                yield SectionList(id="sections")
            with Vertical(id="main"):
                with Vertical(id="top"):
                    with Horizontal(id="heading"):
                        yield Label("", id="section")
                        if self.papp.mode == "phone":
                            yield Label("", id="caller")
                        yield Label("", id="position")
                    yield ProgressBar(show_eta=False, show_percentage=False, id="progress")
                with ReadingScroll(id="body"):
                    # Kept from question to question and updated in place: mounting them again
                    # for every question restyled and relaid the whole screen each time.
                    yield Label("", classes="intro", id="section-intro")
                    yield Label("", id="question-text")
                    yield Label("", classes="help", id="question-help")
                    if self.papp.mode == "phone":
                        says = Static("", classes="interviewer", id="says")
                        says.border_title = "Interviewer"
                        yield says
                        note = Static("", classes="interviewer", id="note")
                        note.border_title = "Your note (F9 to change)"
                        yield note
                    yield Label("", classes="hint", id="kept")
                    yield Label("", id="error", classes="error")
                with Horizontal(id="buttons", classes="buttons"):
                    yield Button(Content("\u25c0 ") + self.words("back"), id="back")
                    yield Button(self.words("skip"), id="skip")
                    yield Button(
                        self.words("prefer_not_to_say"), id="prefer_not_to_say", classes="special"
                    )
                    yield Button(self.words("dont_know"), id="dont_know", classes="special")
                    yield Button(Content("\u2328 ") + self.words("keyboard"), id="show-keyboard")
                    yield Button(
                        self.words("next") + Content(" \u25b6"), id="next", variant="success"
                    )
                # The touch keyboard (kiosk only) is mounted here the first time it is shown.
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.show_current()
        if self._why is not None:
            self._refused = None if self.field is None else self.field.raw()
            self.error(self._why)
        self.call_after_refresh(self._build_another_kind)

    async def _build_another_kind(self) -> None:
        """Build, hidden, a field of a kind the set uses and the screen has not built yet, then
        the next kind after the next refresh: all of them at once kept the first question
        waiting (about 0.2 s), one at a time they are ready long before anyone has read it."""
        if not self.is_attached or self.papp.interview is None:
            return
        for question in self.interview.qs.questions:
            if isinstance(question, Note) or FIELDS[question.type] in self._fields:
                continue
            kind = FIELDS[question.type]
            field = kind(question, self.interview)
            field.display = False
            await self._one("#body", ReadingScroll).mount(field, before="#kept")
            if kind in self._fields:  # a question of this kind was shown meanwhile
                await field.remove()
            else:
                self._fields[kind] = field
            self.call_after_refresh(self._build_another_kind)
            return

    async def show_current(self) -> None:
        """Render the interview's current question (or go to review when there is none)."""
        question = self.interview.ask()
        if question is None:
            self.papp.show_review()
            return
        # One frame with the whole change, none half-way through it.
        with self.app.batch_update():
            await self._show(question)

    async def _show(self, question: AnyQuestion) -> None:
        self.shown = question
        self._changed_at = None  # a change not yet saved was the question before's
        interview = self.interview
        section = interview.section(question)
        progress = interview.progress()
        self._put("#section", safe(interview.text(section.title)))
        self._put(
            "#position",
            Content("")
            if isinstance(question, Note)
            else self.words("position", position=progress.position, total=progress.total),
        )
        if self.papp.mode == "phone":
            name = interview.summary().name
            who = f"{interview.reference}" + (f" \u00b7 {name}" if name else "")
            self._put("#caller", safe(who))
        bar = self._one("#progress", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.answered)
        body = self._one("#body", ReadingScroll)
        intro = section.intro is not None and interview.starts_section(question)
        self._set("#section-intro", safe(interview.text(section.intro).strip()) if intro else None)
        self._put("#question-text", styled(interview.text(question.text), "bold"))
        self._set(
            "#question-help", None if question.help is None else safe(interview.text(question.help))
        )
        if self.papp.mode == "phone":
            says = question.interviewer
            self._set("#says", None if says is None else safe(interview.text(says)))
            note = interview.notes.get(question.id)
            self._set("#note", None if note is None else safe(note))
        stored = None if isinstance(question, Note) else interview.stored(question.id)
        unfinished = None if isinstance(question, Note) else interview.take_unfinished(question.id)
        if unfinished is not None:
            kept: Content | None = self.words("unfinished_kept")
        elif stored is not None and isinstance(stored.value, SpecialValue):
            kept = self.words("kept_special", answer=stored.label)
        else:
            kept = None
        self._set("#kept", kept)
        self.error(None)
        self._too_long = None
        self._restored = None if unfinished is None else (None, unfinished)
        if unfinished is not None:
            self.call_after_refresh(self._restored_drawn)
        await self._show_field(question, body, unfinished)
        self._buttons(question)
        if self.papp.mode == "phone":
            sections = self.query_one(SectionList)
            sections.show(interview)
            sections.remove_class("-open")
        self.refresh_bindings()
        self._focus_answer()
        # The question is read first: keep its top in view, even where focusing a tall list
        # below it would scroll it away.
        body.scroll_home(animate=False)
        self.call_after_refresh(body.scroll_home, animate=False)

    def _put(self, selector: str, content: Content) -> None:
        """Update a label that is always shown, unless it already says this."""
        if self._labels.get(selector) != content:
            self._labels[selector] = content
            self._one(selector, Static).update(content)

    def _set(self, selector: str, content: Content | None) -> None:
        """Show a label with this content, or hide it (None). Unchanged, it is left alone:
        each update lays the screen out again."""
        if selector in self._labels and self._labels[selector] == content:
            return
        self._labels[selector] = content
        label = self._one(selector, Static)
        if content is not None:
            label.update(content)
        label.display = content is not None

    async def _show_field(
        self, question: AnyQuestion, body: ReadingScroll, unfinished: JsonValue | None
    ) -> None:
        """The field for this question: the one of its kind, given this question, shown; the
        field shown before is hidden. A new field only when the one kept cannot take the
        question (a grid of another number of rows). It shows the answer given, or the
        unfinished input kept when the interview was put aside."""
        old = self.field
        new: QuestionField | None = None
        if not isinstance(question, Note):
            kind = FIELDS[question.type]
            new = self._fields.get(kind)
            if new is not None:
                new.interview = self.interview
            if new is None or not new.reuse_for(question):
                replacement = field_for(question, self.interview)
                replacement.display = False
                await body.mount(replacement, before="#kept")
                if new is not None and new is not old:
                    await new.remove()
                self._fields[kind] = new = replacement
        self.field = new
        if new is not None:
            if unfinished is None:
                new.load(self.interview.stored(question.id))
            else:
                new.restore(unfinished)
            await new.settle()
            new.display = True
            # Before the old field is hidden, so the focus goes straight from one to the
            # other, never through the scroll box (which would restyle all of it, twice).
            self._focus_answer()
        if old is not None and old is not new:
            if self._fields.get(type(old)) is old:
                old.display = False
            else:
                await old.remove()

    def _show_keyboard(self, show: bool) -> None:
        """Show or hide the touch keyboard; it is built the first time it is shown."""
        if self._keyboard is not None:
            self._keyboard.display = show
        elif show:
            say = self.interview.message
            self._keyboard = TouchKeyboard(say("key_shift"), say("key_space"), say("key_delete"))
            self._one("#main", Vertical).mount(self._keyboard)

    def _focus_answer(self) -> None:
        if self.field is not None:
            self.field.focus_first()
        else:
            self.set_focus(self._one("#next", Button), scroll_visible=False)

    def _buttons(self, question: AnyQuestion) -> None:
        allowed = {s.value for s in self.interview.specials(question)}
        self._one("#back", Button).disabled = self.interview.at_start
        self._one("#skip", Button).display = self.interview.can_skip(question)
        typed = self.field is not None and self.field.TYPED and self.papp.mode == "kiosk"
        self._one("#show-keyboard", Button).display = typed
        self._show_keyboard(typed and self.papp.keyboard_wanted)
        for special in Special:
            button = self._one(f"#{special.value}", Button)
            button.display = special.value in allowed
            label = safe(self.interview.message(special.value))
            if button.label != label:
                button.label = label

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Skip and the special answers only where the question allows them."""
        if action in self.PHONE_ONLY:
            return self.papp.mode == "phone"
        question, interview = self.shown, self.papp.interview
        if interview is None:
            return False  # the interview was just put away; this screen is going
        if question is None or action not in ("skip", "special", "back"):
            return True
        if action == "back":
            return None if interview.at_start else True
        if action == "skip":
            return interview.can_skip(question)
        return parameters[0] in {s.value for s in interview.specials(question)}

    def error(self, message: str | None) -> None:
        """Show (or clear) the message under the field."""
        content = safe(message) if message else None
        if "#error" in self._labels and self._labels["#error"] == content:
            return  # unchanged (cleared at every move): each update lays the screen out again
        self._labels["#error"] = content
        label = self._one("#error", Label)
        label.update(content or "")
        label.set_class(bool(message), "-shown")
        if message:
            label.scroll_visible(animate=False)  # below a tall field it would go unseen

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(QuestionField.Edited)
    def _answer_changed(self) -> None:
        """A message about the answer goes as soon as the answer is changed: left up, it
        stood over a value already put right ("That date does not exist" over a real date).
        Not for the change that typed the refused answer, which can arrive after it. Nothing
        is read from the field while no message is up (this runs at every keystroke)."""
        self._too_long = None  # a change after the refusal: the person is at the answer
        self._changed_at = monotonic()  # saved once the changes stop for a moment
        restored, field = self._restored, self.field
        if restored is not None and field is not None and to_json(field.raw()) != restored[1]:
            # Changed: no longer the input kept "to check", which the message was about.
            self._restored = None
            self._set("#kept", None)
        if self._labels.get("#error") is None or self.field is None:
            return
        if self.field.raw() != self._refused:
            self.error(None)

    def keep_typing(self) -> None:
        """Once changes to the field have stopped for `KEEP_TYPING_AFTER` seconds, save what
        is in it, not yet an answer, with the draft (see `Interview.note_typing`). The app
        asks every second."""
        changed = self._changed_at
        if changed is None or monotonic() - changed < KEEP_TYPING_AFTER:
            return
        self._changed_at = None
        shown, field = self.shown, self.field
        if shown is None or field is None or field.question is not shown:
            return  # between two questions: the field may still be the last one's
        if self.papp.interview is None:
            return
        if self.interview.note_typing(shown.id, field.raw()):
            self.papp.save_draft()

    @on(TooLong)
    def _refused_for_length(self, event: TooLong) -> None:
        """A paste or a key was refused by the answer's box: say why, under it."""
        event.stop()
        if event.cut:  # keys dropped at the limit (a paste refused whole changed nothing)
            self._too_long = event
        self.error(self.interview.message("too_long", limit=event.limit))

    def _restored_drawn(self) -> None:
        if self._restored is not None and self._restored[0] is None:
            self._restored = (monotonic(), self._restored[1])

    def _unlooked_at(self) -> bool:
        """Whether the field holds, unchanged, input put back "to check" that is not yet on
        screen or was drawn a moment ago (see `LOOK_FIRST`): too soon for anyone to have
        checked it."""
        if self._restored is None or self.field is None:
            return False
        drawn_at, kept = self._restored
        recent = drawn_at is None or monotonic() - drawn_at < LOOK_FIRST
        return recent and to_json(self.field.raw()) == kept

    def _stop_for_length(self) -> bool:
        """Whether Next stops here, once, to say that typing was cut at the box's limit."""
        cut, self._too_long = self._too_long, None
        if cut is None or self.field is None:
            return False
        self._refused = self.field.raw()
        self.error(self.interview.message("too_long_cut", limit=cut.limit))
        return True

    # -- actions --------------------------------------------------------------------------------
    @on(QuestionField.Submit)
    async def _submitted(self) -> None:
        await self.action_next()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"next": self.action_next, "back": self.action_back, "skip": self.action_skip}
        button_id = event.button.id or ""
        if button_id in actions:
            await actions[button_id]()
        elif button_id == "show-keyboard":
            self.papp.keyboard_wanted = not self.papp.keyboard_wanted
            self._show_keyboard(self.papp.keyboard_wanted)
            if self.field is not None:
                self.field.focus_first()
        elif button_id in {s.value for s in Special}:
            await self.action_special(button_id)

    async def action_next(self) -> None:
        """Hand the answer to the interview; move on when it is accepted."""
        question = self.shown
        if question is None:
            return
        async with self.papp.turning():
            if isinstance(question, Note) or self.field is None:
                await self.move_on()
            elif not self._stop_for_length() and not self._unlooked_at():
                await self.give(question.id, self.field.raw())

    async def action_skip(self) -> None:
        """Leave an optional question unanswered."""
        if self.shown is None or not self.interview.can_skip(self.shown):
            return
        async with self.papp.turning():
            await self.handle(self.shown.id, None, self.interview.skip(self.shown.id))

    async def action_special(self, name: str) -> None:
        """Answer 'prefer not to say' or 'don't know', where the question offers it."""
        if self.shown is None or name not in self.interview.specials(self.shown):
            return
        async with self.papp.turning():
            await self.give(self.shown.id, Special(name))

    async def action_back(self) -> None:
        """Go to the previous question; its answer is still there."""
        if self.interview.at_start:
            return
        async with self.papp.turning():
            self.leave()
            self.interview.back()
            await self.show_current()

    def action_review(self) -> None:
        """Open the review of all answers."""
        self.leave()
        self.interview.go_to_review()
        self.papp.show_review()

    def keep_input(self) -> None:
        """The interview is being put aside: keep what is on screen, as the answer if it is a
        whole one, else as unfinished input (see `Interview.keep_input`)."""
        if self.shown is not None and self.field is not None:
            self.interview.keep_input(self.shown.id, self.field.raw())

    def leave(self) -> None:
        """The person goes to another question without Next (Back, the review, a section):
        what is typed here and not yet an answer stays, as unfinished input, shown again
        when the question is (and saved with the draft now)."""
        shown, field = self.shown, self.field
        if shown is None or field is None:
            return
        if self.interview.keep_input(shown.id, field.raw(), as_answer=False):
            self.papp.save_draft()

    # -- phone mode -------------------------------------------------------------------------
    def action_park(self) -> None:
        """Put the interview aside as a draft (the call dropped) and go back to the list."""
        self.papp.park()

    def action_new_call(self) -> None:
        """Start another interview, asking what to do with this one."""
        self.papp.ask_new_call()

    def action_sections(self) -> None:
        """Move to the list of sections (on a narrow screen, show it until a section is
        chosen or F4 is pressed again)."""
        sections = self.query_one(SectionList)
        if sections.has_focus:
            sections.remove_class("-open")
            self._focus_answer()
        else:
            sections.add_class("-open")
            sections.focus()

    def action_note(self) -> None:
        """Write or change the interviewer's note on this question."""
        question = self.shown
        if question is None:
            return

        def written(text: str | None) -> None:
            if text is not None:
                self.interview.set_note(question.id, text)
                self.papp.save_draft()
                # Only the note changes: showing the question again would put its stored
                # answer back in the field, over what the coordinator had typed or ticked.
                note = self.interview.notes.get(question.id)
                self._set("#note", None if note is None else safe(note))
            if dialog.then_park:
                self.papp.park()

        self.papp.drop_keys()
        dialog = NoteDialog(
            question.id,
            self.interview.text(question.text),
            self.interview.notes.get(question.id, ""),
        )
        self.app.push_screen(dialog, written)

    @on(SectionList.OptionSelected, "#sections")
    async def _jump(self, event: SectionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        async with self.papp.turning():
            self.papp.return_to_review = False
            self.leave()
            self.interview.jump(event.option.id)
            await self.show_current()

    async def give(self, qid: str, raw: Any, *, confirm: bool = False) -> None:
        """Answer a question and act on the outcome."""
        outcome = self.interview.answer(qid, raw, confirm=confirm)
        await self.handle(qid, raw, outcome)

    async def handle(self, qid: str, raw: Any, outcome: AnswerOutcome) -> None:
        """Show an error, ask to confirm a warning, or save and move on."""
        if outcome.status == "rejected":
            self._refused = raw
            self.error(outcome.message)
            return
        if outcome.status == "needs_confirmation":
            self.error(None)

            async def confirmed(ok: bool | None) -> None:
                if ok:
                    await self.give(qid, raw, confirm=True)
                elif self.field is not None:
                    self.field.focus_first()

            self.papp.drop_keys()  # the warning is read, never answered by keys typed ahead
            self.app.push_screen(ConfirmWarning(outcome.message or "", outcome.label), confirmed)
            return
        self.error(None)
        if outcome.urgent:
            self.papp.save_draft()
            self.papp.interrupt(outcome.urgent, on_continue=self.move_on)
            return
        await self.move_on()

    async def move_on(self) -> None:
        """Save, and show the next question; after a change made from review, any question the
        change revealed or still unanswered and required, then back to review."""
        if self.papp.return_to_review:
            to_ask = self.interview.next_to_ask()
            if to_ask is not None:
                self.interview.jump(to_ask.id)
            else:
                self.papp.return_to_review = False
                self.interview.go_to_review()
        else:
            self.interview.next()
        # On disk before the next question appears, with the place to resume at.
        self.papp.save_draft()
        await self.show_current()
