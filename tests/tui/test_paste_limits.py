"""Limits: every typed answer has a maximum length, the same on screen and from a file, and a
paste of a megabyte into any box is refused with a message, leaves the app responsive and
saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from prescreen.core.answers import (
    MAX_RAW_CHARS,
    TYPED_LIMITS,
    Context,
    Rejected,
    max_length,
    parse,
)
from prescreen.core.interview import MAX_NOTE
from prescreen.core.questionset import Answerable, Note, QuestionSet, Repeat
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.calls import MAX_SEARCH, CallsScreen, NoteDialog
from prescreen.tui.screens.question import QuestionScreen
from prescreen.tui.widgets import FIELDS
from prescreen.tui.widgets.bounded import SafeInput, SafeTextArea
from prescreen.tui.widgets.line import LineField
from prescreen.tui.widgets.long_text import LongTextField
from prescreen.tui.widgets.repeat import RepeatField
from tests.conftest import NOW, fixed_clock
from tests.tui.conftest import go_to, settle, type_text
from tests.tui.screen_checks import assert_safe, error_text, paste

MEGABYTE = "x" * 1_000_000
TYPED = (LineField, LongTextField, RepeatField)


async def to_first_question(app: PrescreenApp, pilot: Pilot[None]) -> None:
    """From the welcome screen, past consent, to the first question."""
    await settle(pilot)
    app.begin(None)
    await settle(pilot)
    app.accept_consent()
    await settle(pilot)


def typed_questions(qs: QuestionSet) -> list[Answerable]:
    """Every question (and repeat field) answered by typing."""
    found: list[Answerable] = []
    for question in qs.questions:
        if isinstance(question, Repeat):
            found.extend(f for f in question.fields if FIELDS[f.type] in TYPED)
        elif not isinstance(question, Note) and FIELDS[question.type] in TYPED:
            found.append(question)
    return found


def test_every_typed_type_has_a_maximum_length(demo: QuestionSet) -> None:
    typed = {name for name, field in FIELDS.items() if field in (LineField, LongTextField)}
    assert typed == set(TYPED_LIMITS) | {"text", "long_text"}
    ctx = Context(demo, "en", NOW.date())
    for question in typed_questions(demo):
        limit = max_length(question)
        assert limit is not None and 0 < limit <= 20_000, question.id
        too_long = "7" * (limit + 1)
        result = parse(question, too_long, ctx)
        assert isinstance(result, Rejected), (question.id, result)
        huge = parse(question, MEGABYTE, ctx)
        assert huge == Rejected(f"That is too long: please keep it under {limit} characters.")
    assert len(MEGABYTE) > MAX_RAW_CHARS


async def test_each_box_takes_at_most_its_question_limit(make_app: object) -> None:
    app = make_app(mode="phone", interviewer="c1")  # type: ignore[operator]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await to_first_question(app, pilot)
        interview = app.interview
        interview.answer("date_of_birth", "1985-03-14")
        interview.answer("diagnosed", "yes")
        for question in interview.qs.questions:
            if isinstance(question, Note) or FIELDS[question.type] not in TYPED:
                continue
            await go_to(pilot, question.id)
            field = app.screen.current_field  # the others are hidden
            boxes = list(field.query(Input)) + list(field.query(TextArea))
            assert boxes, question.id
            for box in boxes:
                if isinstance(box, Input):
                    assert isinstance(box, SafeInput)
                    assert box.max_length is not None
                    assert box.max_length == box.limit
                else:
                    assert isinstance(box, SafeTextArea)
                    assert box.max_length == max_length(question)
            if isinstance(question, Repeat):
                names = {b.id.rsplit("-", 1)[0]: b for b in boxes if isinstance(b, Input)}
                for sub in question.fields:
                    if sub.id in names:
                        assert names[sub.id].max_length == max_length(sub)
            else:
                box = boxes[0]
                limit = box.max_length
                assert limit == max_length(question), question.id


def draft_bytes(app: PrescreenApp) -> bytes:
    assert app.interview is not None
    path = Path(app.store.root) / "drafts" / f"{app.interview.reference}.json"  # type: ignore[attr-defined]
    return path.read_bytes()


@pytest.mark.parametrize(("qid", "limit"), [("full_name", 120), ("goals", 2000)])
async def test_a_megabyte_paste_is_refused_with_a_message(
    make_app: object, qid: str, limit: int
) -> None:
    app = make_app(mode="phone", interviewer="c1", clock=fixed_clock)  # type: ignore[operator]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await to_first_question(app, pilot)
        interview = app.interview
        assert interview.answer("full_name", "Ana").ok
        app.save_draft()
        await go_to(pilot, qid)
        before = draft_bytes(app)
        stored = interview.stored(qid)
        box = app.focused
        assert isinstance(box, Input | TextArea)
        paste(app, MEGABYTE)
        await settle(pilot)
        assert_safe(app)
        assert isinstance(app.screen, QuestionScreen)
        assert error_text(app) == f"That is too long: please keep it under {limit} characters."
        value = box.value if isinstance(box, Input) else box.text
        assert value == ("Ana" if qid == "full_name" else "")
        assert interview.stored(qid) == stored
        assert draft_bytes(app) == before  # nothing saved
        # Still responsive: the next keys are typed, and the answer can be given.
        if isinstance(box, Input):
            box.value = ""
        else:
            box.clear()
        await type_text(pilot, "Eve")
        assert (box.value if isinstance(box, Input) else box.text).endswith("Eve")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert interview.stored(qid) is not None
        assert draft_bytes(app) != before


async def test_a_key_past_the_limit_says_so_instead_of_ringing(make_app: object) -> None:
    app = make_app(mode="phone", interviewer="c1")  # type: ignore[operator]
    rung: list[bool] = []
    app.bell = lambda: rung.append(True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await to_first_question(app, pilot)
        box = app.focused
        assert isinstance(box, Input)
        box.value = "a" * 120
        box.cursor_position = 120
        await type_text(pilot, "b")
        assert box.value == "a" * 120
        assert error_text(app) == "That is too long: please keep it under 120 characters."
        assert not rung
        await go_to(pilot, "goals")
        area = app.focused
        assert isinstance(area, TextArea)
        area.load_text("a" * 2000)
        area.move_cursor(area.document.end)
        await type_text(pilot, "b")
        assert area.text == "a" * 2000
        assert "2000 characters" in error_text(app)


async def test_console_boxes_and_the_note_refuse_a_megabyte(make_app: object) -> None:
    app = make_app(mode="phone", interviewer="c1")  # type: ignore[operator]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        for box_id, limit in (("#search", MAX_SEARCH), ("#interviewer", 40)):
            box = app.screen.query_one(box_id, Input)
            box.focus()
            before = box.value
            paste(app, MEGABYTE)
            await settle(pilot)
            assert_safe(app)
            assert box.value == before
            messages = [n.message for n in app._notifications]
            assert f"That is too long: please keep it under {limit} characters." in messages
        app.screen.query_one("#new").focus()
        await pilot.press("enter")
        await to_first_question(app, pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        paste(app, MEGABYTE)
        await settle(pilot)
        assert_safe(app)
        assert app.screen.query_one("#note", TextArea).text == ""
        help_text = app.screen.query_one("#note-help", Label).render().plain  # type: ignore[attr-defined]
        assert f"at most {MAX_NOTE} characters" in help_text
        paste(app, "Called back\x9b2J at 5")
        await settle(pilot)
        assert app.screen.query_one("#note", TextArea).text == "Called back at 5"


@pytest.mark.parametrize("question", ["full_name", "goals"])
async def test_text_cut_at_its_limit_is_not_carried_on_by_a_key_typed_ahead(
    make_app: object, question: str
) -> None:
    """A name typed past the box's limit, and Enter (ctrl+n in a long answer) typed straight
    after, as a fast typist or a paste by keys does: the message about the cut showed for a
    moment, then the next question came with the answer cut short. Next now stops once, at
    the answer, saying so; the second Next takes it as it is."""
    app = make_app()  # type: ignore[operator]
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_question(app, pilot)
        await go_to(pilot, question)
        limit = 120 if question == "full_name" else 2000
        move = "enter" if question == "full_name" else "ctrl+n"
        typed = ("Abcdefghi " * (limit // 10 + 2)).strip()
        box = app.focused
        if isinstance(box, Input):  # most of it already in, the rest typed
            box.value = typed[: limit - 5]
            box.cursor_position = len(box.value)
        else:
            assert isinstance(box, TextArea)
            box.load_text(typed[: limit - 5])
            box.move_cursor(box.document.end)
        await type_text(pilot, typed[limit - 5 :])
        await pilot.press(move)
        await settle(pilot)
        assert app.interview is not None and app.interview.current is not None
        assert app.interview.current.id == question
        assert app.interview.stored(question) is None
        assert error_text(app).startswith(f"Only the first {limit} characters fit.")
        await pilot.press(move)
        await settle(pilot)
        assert app.interview.current.id != question
        assert app.interview.value(question) == typed[:limit].strip()


async def test_a_paste_refused_whole_does_not_stop_next(make_app: object) -> None:
    """A refused paste put nothing in the box: Next takes what is there, as it would have."""
    app = make_app()  # type: ignore[operator]
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_question(app, pilot)
        await type_text(pilot, "Ana")
        paste(app, "x" * 500)
        await settle(pilot)
        assert error_text(app).startswith("That is too long")
        await pilot.press("enter")
        await settle(pilot)
        assert app.interview is not None and app.interview.value("full_name") == "Ana"


async def test_lines_pasted_into_a_one_line_box_are_joined_not_dropped(make_app: object) -> None:
    """A name copied on three lines went in as 'Ana', the rest dropped without a word."""
    app = make_app(mode="phone", interviewer="c1", clock=fixed_clock)  # type: ignore[operator]
    async with app.run_test(size=(100, 30)) as pilot:
        await to_first_question(app, pilot)
        box = app.focused
        assert isinstance(box, SafeInput)
        paste(app, "Ana\nD\u00edaz\r\n  L\u00f3pez \n")
        await settle(pilot)
        assert box.value == "Ana D\u00edaz L\u00f3pez"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.interview.stored("full_name").value == "Ana D\u00edaz L\u00f3pez"
