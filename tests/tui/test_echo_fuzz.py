"""Hostile text, generated, through every screen that echoes it.

Each property runs the real app (Pilot) once per example and puts several generated strings
through one echo path in that run: the box an answer is typed or pasted into, the review and end
screens, the phone console's drafts list and the caller heading, the interviewer's note, and the
author's text in the section list and on the end screen. After each string: the app still runs,
nothing drawn holds a character a terminal would act on, and the text is shown literally (with
control characters written out as `\\x1b`, as `tui/safe.py` does), never read as markup.

`make test` runs the `ci` profile (2 app runs of 3 to 4 strings per path); the same properties
run with the `slow` profile (30 app runs of 6 to 8 strings) behind `-m slow` (`make stress`).
Hypothesis does not drive async tests, so each example runs its own event loop.
"""

from __future__ import annotations

import asyncio
import copy
import json
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from textual.widgets import Input, Label, OptionList, Static, TextArea

from prescreen.core.interview import MAX_NOTE, Interview
from prescreen.core.loading import parse_question_set, read_yaml
from prescreen.core.problems import QuestionSetError
from prescreen.core.questionset import QuestionSet, Special
from prescreen.core.store import FileStore
from prescreen.core.text import clean_input
from prescreen.safe_text import visible_controls
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.calls import CallsScreen, NoteDialog, OpenElsewhereDialog
from prescreen.tui.screens.done import DoneScreen, spell_out
from prescreen.tui.screens.question import QuestionScreen
from prescreen.tui.screens.review import ReviewScreen
from prescreen.tui.widgets.sections import SectionList
from tests.conftest import DEMO, VALID_ANSWERS, fixed_clock
from tests.hostile import author_texts, ci, raw_controls, slow, texts
from tests.tui.conftest import go_to, settle
from tests.tui.current import answer
from tests.tui.screen_checks import assert_safe, drawn, error_text, paste

DEMO_DATA = read_yaml(DEMO.read_text(encoding="utf-8"))
DEMO_SET, _ = parse_question_set(DEMO_DATA)


# -- helpers ----------------------------------------------------------------------------------


def run(
    body: Callable[[Path], Coroutine[Any, Any, None]],
) -> None:
    """Run one example: a fresh store, a fresh event loop."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(body(Path(folder)))


def plain(widget: Any) -> str:
    """The text a Label or Static shows."""
    return str(widget.render().plain)


def options_text(options: OptionList) -> str:
    return "\n".join(
        options.get_option_at_index(i).prompt.plain  # type: ignore[union-attr]
        for i in range(options.option_count)
    )


def phone_app(store: Path, qs: QuestionSet = DEMO_SET) -> PrescreenApp:
    return PrescreenApp(
        qs, FileStore(store), mode="phone", interviewer="coord-7", clock=fixed_clock
    )


async def start_interview(app: PrescreenApp, pilot: Any) -> Interview:
    await settle(pilot)
    app.begin(None)
    await settle(pilot)
    app.accept_consent()
    await settle(pilot)
    assert app.interview is not None
    return app.interview


def give(interview: Interview, qid: str, raw: Any) -> bool:
    """Answer as a file of answers does: `dont_know` and `prefer_not_to_say` as themselves."""
    if isinstance(raw, str) and raw in {s.value for s in Special}:
        raw = Special(raw)
    return interview.answer(qid, raw, confirm=True).ok


def strings(size: tuple[int, int], **options: Any) -> st.SearchStrategy[list[str]]:
    return st.lists(texts(**options), min_size=size[0], max_size=size[1])


CI_SIZE, SLOW_SIZE = (3, 4), (6, 8)


# -- the answer box: pasted text --------------------------------------------------------------


async def pasting_into_answers(folder: Path, pasted: list[str]) -> None:
    app = phone_app(folder / "store")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        interview = await start_interview(app, pilot)
        box = app.focused
        assert isinstance(box, Input) and box is answer(app)
        for text in pasted:
            box.value = ""
            app.screen.error(None)  # type: ignore[attr-defined]
            paste(app, text)
            await settle(pilot)
            assert_safe(app)
            assert not raw_controls(box.value)
            assert len(box.value) <= 120
            if box.value:
                assert not error_text(app)
                if len(box.value) < 40:
                    assert box.value in drawn(app)  # literally: brackets and all
            elif clean_input(text.split("\n")[0].split("\r")[0]):
                assert "too long" in error_text(app)
        given = box.value  # the box may take the next question once this one is answered
        await pilot.press("enter")
        await settle(pilot)
        assert_safe(app)
        stored = interview.stored("full_name")
        if stored is not None:
            assert stored.label == clean_input(given)
            assert isinstance(app.screen, QuestionScreen)
            assert interview.current is not None and interview.current.id != "full_name"
        else:
            assert error_text(app)

        await go_to(pilot, "goals")
        area = app.focused
        assert isinstance(area, TextArea)
        for text in pasted:
            area.clear()
            app.screen.error(None)  # type: ignore[attr-defined]
            paste(app, text)
            await settle(pilot)
            assert_safe(app)
            assert not set(raw_controls(area.text)) - {"\t"}  # a tab is drawn as spaces
            assert len(area.text) <= 2000
            if not area.text and clean_input(text, multiline=True):
                assert "too long" in error_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert_safe(app)
        goals = interview.stored("goals")
        if goals is not None:
            assert goals.label == clean_input(area.text, multiline=True)


@ci
@given(pasted=strings(CI_SIZE))
def test_pasted_answers_are_plain_text(pasted: list[str]) -> None:
    run(lambda folder: pasting_into_answers(folder, pasted))


@pytest.mark.slow
@slow
@given(pasted=strings(SLOW_SIZE))
def test_pasted_answers_are_plain_text_slow(pasted: list[str]) -> None:
    run(lambda folder: pasting_into_answers(folder, pasted))


# -- the review and end screens ---------------------------------------------------------------

SLOTS: list[Callable[[dict[str, Any], str], None]] = [
    lambda answers, text: answers.update(full_name=text),
    lambda answers, text: answers.update(goals=text),
    lambda answers, text: answers["medications"][0].update(name=text),
    lambda answers, text: answers["medications"][0].update(dose=text),
    lambda answers, text: answers.update(email=text),
    lambda answers, text: answers.update(phone=text),
    lambda answers, text: answers.update(weight=text),
    lambda answers, text: answers.update(date_of_birth=text),
]


async def reviewing(folder: Path, given: list[str]) -> None:
    app = phone_app(folder / "store")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        interview = await start_interview(app, pilot)
        hostile = copy.deepcopy(VALID_ANSWERS)
        for slot, text in zip(SLOTS, given, strict=False):
            slot(hostile, text)
        for qid, raw in hostile.items():
            if interview.is_visible(qid) and not give(interview, qid, raw):
                assert give(interview, qid, VALID_ANSWERS[qid])
        interview.go_to_review()
        app.show_review()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert_safe(app)
        shown = options_text(app.screen.query_one("#answers", OptionList))
        for qid in hostile:
            stored = interview.stored(qid)
            if stored is not None and interview.is_visible(qid):
                assert not raw_controls(stored.label)
                assert visible_controls(stored.label) in shown  # literally
        name = interview.summary().name
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        assert_safe(app)
        reference = app.screen.reference
        assert plain(app.screen.query_one("#reference", Label)) == spell_out(reference)
        written = app.store.load_application(reference)
        assert written.summary.name == name


@ci
@given(given=strings(CI_SIZE))
def test_review_and_end_show_answers_literally(given: list[str]) -> None:
    run(lambda folder: reviewing(folder, given))


@pytest.mark.slow
@slow
@given(given=strings(SLOW_SIZE))
def test_review_and_end_show_answers_literally_slow(given: list[str]) -> None:
    run(lambda folder: reviewing(folder, given))


# -- the phone console: drafts list, search, the caller heading ---------------------------------


def write_drafts(store: FileStore, names: list[str]) -> list[str]:
    """Drafts as a hand-edited or hostile file may hold them: the name, phone and interviewer
    in the list, and the answer behind the name, all as given (lone surrogates included)."""
    references = []
    for number, name in enumerate(names):
        interview = Interview(DEMO_SET, mode="phone", interviewer="c1", clock=fixed_clock)
        interview.reference = store.new_reference()
        interview.give_consent()
        interview.answer("full_name", "Ana")
        data = interview.to_draft().model_dump(mode="json", by_alias=True)
        data["summary"] = {"name": name, "phone": name[::-1][:50], "email": None}
        data["interviewer"] = name[:60]
        data["answers"]["full_name"]["value"] = name
        data["current"] = "date_of_birth"
        data["updated_at"] = f"2026-03-14T09:{number:02d}:00Z"
        path = store.drafts / f"{interview.reference}.json"
        path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
        references.append(interview.reference)
    return references


async def drafts_and_caller(folder: Path, names: list[str]) -> None:
    store = FileStore(folder / "store")
    write_drafts(store, names)
    entries, _ = store.entries(drafts_only=True)
    app = phone_app(folder / "store")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        assert_safe(app)
        listed = app.screen.query_one("#drafts", OptionList)
        assert listed.option_count == len(entries)
        shown = options_text(listed)
        for entry in entries:
            assert visible_controls(entry.name or "") in shown  # literally, escapes written out
        app.screen.query_one("#search", Input).focus()
        for name in names:
            paste(app, name)
            await settle(pilot)
            assert_safe(app)
            app.screen.query_one("#search", Input).value = ""
        await settle(pilot)
        if not entries:
            return
        listed.focus()
        listed.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        # Saved minutes ago and not parked: asked about first, naming who has it open.
        assert isinstance(app.screen, OpenElsewhereDialog)
        assert_safe(app)
        await pilot.press("tab", "enter")  # to "Open it here" (a notice may cover a click)
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert_safe(app)
        interview = app.interview
        assert interview is not None and interview.reference == entries[0].reference
        name = interview.summary().name
        caller = plain(app.screen.query_one("#caller", Label))
        expected = interview.reference + (f" \u00b7 {name}" if name else "")
        assert caller == visible_controls(expected)
        assert not raw_controls(caller)


@ci
@given(names=strings(CI_SIZE, surrogates=True))
def test_drafts_list_and_caller_show_names_literally(names: list[str]) -> None:
    run(lambda folder: drafts_and_caller(folder, names))


@pytest.mark.slow
@slow
@given(names=strings(SLOW_SIZE, surrogates=True))
def test_drafts_list_and_caller_show_names_literally_slow(names: list[str]) -> None:
    run(lambda folder: drafts_and_caller(folder, names))


# -- the interviewer's note (F9) ----------------------------------------------------------------


async def noting(folder: Path, notes: list[str]) -> None:
    app = phone_app(folder / "store")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        interview = await start_interview(app, pilot)
        for text in notes:
            await pilot.press("f9")
            await settle(pilot)
            assert isinstance(app.screen, NoteDialog)
            area = app.screen.query_one("#note", TextArea)
            area.clear()
            paste(app, text)
            await settle(pilot)
            assert_safe(app)
            assert not set(raw_controls(area.text)) - {"\t"}
            typed = area.text
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, QuestionScreen)
            assert_safe(app)
            kept = clean_input(typed, multiline=True).strip()[:MAX_NOTE]
            assert interview.notes.get("full_name", "") == kept
            if kept:
                note = plain(app.screen.query_one("#note", Static))
                assert note == visible_controls(kept)


@ci
@given(notes=strings(CI_SIZE))
def test_notes_are_shown_literally(notes: list[str]) -> None:
    run(lambda folder: noting(folder, notes))


@pytest.mark.slow
@slow
@given(notes=strings(SLOW_SIZE))
def test_notes_are_shown_literally_slow(notes: list[str]) -> None:
    run(lambda folder: noting(folder, notes))


# -- author text: the console title, the section list and heading, the end screen -------------


def hostile_set(titles: list[str]) -> QuestionSet:
    data = copy.deepcopy(DEMO_DATA)
    data["title"] = {"en": titles[0]}
    for section, title in zip(data["sections"], titles[1:], strict=False):
        section["title"] = {"en": title}
    data["outcomes"]["proceed"]["next_steps"] = {"en": titles[-1]}
    try:
        qs, _ = parse_question_set(data)
    except QuestionSetError:
        reject()
    return qs


async def author_text(folder: Path, titles: list[str]) -> None:
    qs = hostile_set(titles)
    app = phone_app(folder / "store", qs)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert_safe(app)
        heading = plain(app.screen.query_one("#title", Label))
        assert heading == visible_controls(f"Phone interviews: {qs.text(qs.title, 'en')}")
        interview = await start_interview(app, pilot)
        for section in qs.sections:
            await go_to(pilot, section.questions[0].id)
            assert_safe(app)
            title = interview.text(section.title)
            assert plain(app.screen.query_one("#section", Label)) == visible_controls(title)
            listed = options_text(app.screen.query_one(SectionList))
            assert visible_controls(title) in listed  # whole, however long
        for qid, raw in VALID_ANSWERS.items():
            if interview.is_visible(qid):
                assert give(interview, qid, raw)
        next_steps = interview.outcome().next_steps
        interview.go_to_review()
        app.show_review()
        await settle(pilot)
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        assert_safe(app)
        assert next_steps
        assert plain(app.screen.query_one("#next-steps", Label)) == visible_controls(next_steps)


@ci
@given(titles=st.lists(author_texts(), min_size=5, max_size=5))
def test_author_text_is_shown_literally(titles: list[str]) -> None:
    run(lambda folder: author_text(folder, titles))


@pytest.mark.slow
@slow
@given(titles=st.lists(author_texts(), min_size=5, max_size=5))
def test_author_text_is_shown_literally_slow(titles: list[str]) -> None:
    run(lambda folder: author_text(folder, titles))
