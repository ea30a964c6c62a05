"""End-to-end interviews through the real screens, checked in the written application file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from textual.widgets import Input, Label

from prescreen.core.records import Application
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.calls import CallsScreen
from prescreen.tui.screens.consent import ConsentScreen, DeclinedScreen
from prescreen.tui.screens.dialogs import ConfirmWarning, UrgentNotice
from prescreen.tui.screens.done import DoneScreen
from prescreen.tui.screens.question import QuestionScreen
from prescreen.tui.screens.review import ReviewScreen
from prescreen.tui.screens.welcome import WelcomeScreen
from prescreen.tui.widgets.base import QuestionField
from tests.tui.conftest import go_to, screen_text, settle, type_text
from tests.tui.current import answer

ANSWER = object()
"""In the clicks below: the answer widget of the question on show."""

# What to press for each question of the demo set, keyboard only.
KEYS: dict[str, list[str]] = {
    "full_name": ["text:Ana Diaz", "enter"],
    "date_of_birth": ["text:3/14/1985", "enter"],
    "age_note": ["enter"],
    "phone": ["text:201 555 0123", "enter"],
    "email": ["f7"],
    "sex": ["1", "enter"],
    "pregnant": ["2", "enter"],
    "weight": ["text:62.5", "enter"],
    "diagnosed": ["1", "enter"],
    "year_diagnosed": ["text:2015", "enter"],
    "kidney": ["2", "enter"],
    "symptoms": ["1", "3", "enter"],
    "severity": ["3", "2", "1", "enter"],
    "activity": ["6", "enter"],
    "sudden_symptoms": ["2", "enter"],
    "medications": ["text:Hydroxychloroquine", "tab", "text:200 mg", "ctrl+n"],
    "goals": ["text:Less pain", "ctrl+n"],
    "contact_time": ["ctrl+s"],
}


async def press_all(pilot: Any, keys: list[str]) -> None:
    for key in keys:
        if key.startswith("text:"):
            await type_text(pilot, key.removeprefix("text:"))
        elif key == "wait":
            await settle(pilot)
        else:
            await pilot.press(key)


async def walk(app: PrescreenApp, pilot: Any, keys: dict[str, list[str]]) -> list[str]:
    """Answer questions until review; the ids asked, in order."""
    asked: list[str] = []
    for _ in range(60):
        await settle(pilot)
        if not isinstance(app.screen, QuestionScreen):
            break
        assert app.interview is not None and app.interview.current is not None
        qid = app.interview.current.id
        asked.append(qid)
        await press_all(pilot, keys[qid])
    return asked


def written(tmp_path: Path) -> dict[str, Any]:
    files = list((tmp_path / "store" / "applications").glob("*.json"))
    assert len(files) == 1
    data: dict[str, Any] = json.loads(files[0].read_text())
    schema = Application.model_json_schema(by_alias=True, mode="serialization")
    jsonschema.validate(data, schema)
    return data


def answers_of(data: dict[str, Any]) -> dict[str, Any]:
    return {a["question_id"]: a for s in data["sections"] for a in s["answers"]}


async def start(app: PrescreenApp, pilot: Any) -> None:
    await settle(pilot)
    if app.mode == "phone":
        assert isinstance(app.screen, CallsScreen)
        await pilot.press("enter")  # New interview has the focus once the id is known
        await settle(pilot)
    assert isinstance(app.screen, WelcomeScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ConsentScreen)
    await pilot.press("tab", "tab", "enter")  # no answer has the focus at first: to "I agree"
    await settle(pilot)


async def test_kiosk_interview_by_keyboard_to_schema_valid_file(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        asked = await walk(app, pilot, KEYS)
        assert "pregnant" in asked and "guardian_consent" not in asked
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
    data = written(tmp_path)
    got = answers_of(data)
    assert data["mode"] == "kiosk" and data["interviewer"] is None
    assert got["full_name"]["value"] == "Ana Diaz"
    assert got["date_of_birth"]["value"] == "1985-03-14"
    assert got["email"]["status"] == "prefer_not_to_say"
    assert got["symptoms"]["value"] == ["fatigue", "rash"]
    assert got["severity"]["value"] == {"tiredness": "moderate", "pain": "mild", "skin": "none"}
    assert got["activity"]["value"] == 6
    assert got["medications"]["value"] == [{"name": "Hydroxychloroquine", "dose": "200 mg"}]
    assert got["goals"]["value"] == "Less pain"
    assert got["contact_time"]["status"] == "skipped"
    assert data["outcome"]["code"] == "proceed"
    assert not list((tmp_path / "store" / "drafts").glob("*.json"))


async def test_phone_interview_other_branch_with_corrections(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mode="phone")
    keys = dict(KEYS)
    keys["sex"] = ["2", "enter"]  # male: no pregnancy question
    keys["diagnosed"] = ["2", "enter"]  # no: year and kidney hidden
    keys["weight"] = [
        "text:heavy",
        "enter",
        "wait",
        "ctrl+u",
        "text:30",
        "enter",
        "wait",
        "tab",
        "enter",
    ]  # rejected, then a soft warning confirmed
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await type_text(pilot, "coord-7")
        for keys_for_screen in (["enter"], ["enter"], ["enter"], ["tab", "tab", "enter"]):
            await pilot.press(*keys_for_screen)  # id typed, new interview, start, "I agree"
            await settle(pilot)
        asked = await walk(app, pilot, keys)
        assert "pregnant" not in asked and "year_diagnosed" not in asked
        # Edit from review: change the name, come back to review.
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("enter")  # the first answer row (the name) is highlighted
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        box = answer(app)
        assert box.value == "Ana Diaz"  # the earlier answer is there
        box.value = ""
        await type_text(pilot, "Ana María Díaz")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#submit")
        await settle(pilot)
    data = written(tmp_path)
    got = answers_of(data)
    assert data["mode"] == "phone" and data["interviewer"] == "coord-7"
    assert got["full_name"]["value"] == "Ana María Díaz"
    assert got["weight"]["value"] == 30 and got["weight"]["warnings_confirmed"]
    assert "year_diagnosed" not in got and "pregnant" not in got


async def test_error_message_shows_and_clears(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("enter")  # required name left empty
        await settle(pilot)
        error = app.screen.query_one("#error")
        assert "Please answer this question." in str(error.render())
        assert app.interview is not None and app.interview.current is not None
        assert app.interview.current.id == "full_name"


async def test_urgent_flag_interrupts_and_ends_early(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    keys = dict(KEYS, sudden_symptoms=["1", "enter"])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await walk(app, pilot, keys)
        assert isinstance(app.screen, UrgentNotice)
        assert "911" in app.screen.message
        advice = app.screen.message
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        # The advice stays on the end screen: the notice with the number to call was gone
        # once closed, and the end screen said only the general next steps.
        assert "Please call 911 or go to the nearest emergency" in advice
        assert advice.split(". ")[0] in screen_text(app)
    data = written(tmp_path)
    assert data["status"] == "ended_early"
    assert data["outcome"]["code"] == "urgent"


async def test_declining_consent_stores_nothing(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#decline")
        await settle(pilot)
        assert isinstance(app.screen, DeclinedScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
    store = tmp_path / "store"
    assert not list(store.rglob("*.json"))


@pytest.mark.parametrize(
    ("size", "first", "stops"),
    [((80, 24), None, ["decline", "accept"]), ((40, 12), "consent", ["decline", "accept"])],
)
async def test_consent_starts_on_the_statement_never_on_an_answer(  # type: ignore[no-untyped-def]
    make_app, size: tuple[int, int], first: str | None, stops: list[str]
) -> None:
    """Consent is given on purpose: no answer has the focus at first, so an Enter pressed out
    of habit (or a second one meant for Start) does nothing. A statement longer than the
    screen has it, so the arrow keys scroll it; one that fits is never a Tab stop, where the
    focus would vanish. Tab, which the key bar offers, goes to the answers."""
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
        assert (app.focused.id if app.focused else None) == first
        assert app.interview is not None and app.interview.consent_at is None
        assert "Choose an answer" in screen_text(app)  # in the key bar
        seen = []
        for _ in stops:
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == stops


async def to_the_grid(app: PrescreenApp, pilot: Any) -> None:
    """Start, and go to the demo's symptom grid (its rows follow the symptoms ticked)."""
    await start(app, pilot)
    assert app.interview is not None
    app.interview.answer("symptoms", ["fatigue"], confirm=True)
    await go_to(pilot, "severity")


def grid_input(app: PrescreenApp) -> Any:
    """What the grid on screen holds now."""
    field = app.screen.query_one("#row-0").parent
    assert isinstance(field, QuestionField)
    return field.raw()


async def test_enter_alone_never_answers_a_scale_or_a_grid_row(make_app) -> None:  # type: ignore[no-untyped-def]
    """Enter pressed to go on, with nothing chosen, must not answer "0" on a scale or "None"
    on a grid row for someone who never chose it; an arrow shows the cursor, then Enter picks."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_the_grid(app, pilot)
        for _ in range(4):
            await pilot.press("enter")
        await settle(pilot)
        assert app.interview.value("severity") is None
        assert app.interview.current is not None and app.interview.current.id == "severity"
        await go_to(pilot, "activity")
        await pilot.press("enter")  # an optional scale: left unanswered, not answered 0
        await settle(pilot)
        assert app.interview.value("activity") is None
        await go_to(pilot, "activity")
        await pilot.press("right", "right", "enter")  # the first arrow shows the cursor on 0
        await settle(pilot)
        assert app.interview.value("activity") == 1


async def test_enter_on_a_grid_row_left_open_never_passes_over_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """A coordinator types 1 for the first row (the cursor goes on to the second), then
    Enter out of habit, then 4: the 4 is the second row's, and the rows still open are named
    where they can be seen."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_the_grid(app, pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "row-1"
        assert "Please answer every row: Joint pain, Skin problems" in screen_text(app)
        await pilot.press("4")
        await settle(pilot)
        assert grid_input(app) == {"tiredness": "none", "pain": "severe"}


async def test_a_year_put_out_of_bounds_by_a_later_change_is_asked_again(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """Diagnosed in 1990; the date of birth is corrected from review to 1995. The review says
    the year must be answered again, Submit goes to it, and only a year that fits is taken."""
    from tests.tui.test_kiosk import answer_all

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.interview is not None
        app.interview.answer("diagnosed", "yes")
        app.interview.answer("year_diagnosed", "1990")
        await answer_all(app, pilot)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        app.edit_from_review("date_of_birth")
        await settle(pilot)
        await pilot.press("ctrl+u", *"1995-06-01", "enter")
        await settle(pilot)
        assert app.interview.current is not None and app.interview.current.id == "age_note"
        await pilot.press("enter")  # "You are 30 years old."
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "Please answer again: In what year were you diagnosed?" in text
        await pilot.press("ctrl+n")  # Submit: to the year instead, saying why under it
        await settle(pilot)
        assert app.interview.current is not None and app.interview.current.id == "year_diagnosed"
        error = app.screen.query_one("#error", Label)
        assert "That is before the year you were born." in str(error.render())
        # Not in a notice, which would outlive the answer put right.
        assert not list(app._notifications)
        await pilot.press("enter")  # the year as it was: refused, saying why
        await settle(pilot)
        assert "That is before the year you were born." in screen_text(app)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert "before the year" not in str(error.render())  # gone at the first change
        await pilot.press(*"1996", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Please answer again" not in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
    assert answers_of(written(tmp_path))["year_diagnosed"]["value"] == 1996


async def test_enter_on_an_optional_grid_passes_over_a_row_left_open(tmp_path: Path) -> None:
    """An optional grid may leave rows open: Enter on one goes on to the next row, as it
    did, and not on to the next question."""
    from prescreen.core.loading import parse_question_set, read_yaml
    from prescreen.core.store import FileStore
    from tests.conftest import DEMO

    text = DEMO.read_text(encoding="utf-8")
    required = 'how bad was each of these?"}\n        required: true\n'
    assert required in text
    qs, _ = parse_question_set(read_yaml(text.replace(required, required.split("\n")[0] + "\n")))
    app = PrescreenApp(qs, FileStore(tmp_path / "store"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_the_grid(app, pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "row-2"
        assert app.interview.current is not None and app.interview.current.id == "severity"


async def test_back_and_review_keep_what_is_typed_and_not_yet_an_answer(make_app) -> None:  # type: ignore[no-untyped-def]
    """A date typed, then Back (or the review) before Next: the date is not lost. It is in its
    box again, marked as not yet an answer, and the review marks it and goes to it first."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana Diaz")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "1985-03-14")
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.interview is not None and app.interview.current is not None
        assert app.interview.current.id == "full_name"
        await pilot.press("enter")
        await settle(pilot)
        assert answer(app).value == "1985-03-14"
        assert "Not yet an answer: this was typed here before." in screen_text(app)
        await pilot.press("ctrl+r")  # to the review, the date still not given with Next
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Something typed here is not yet an answer" in screen_text(app)
        assert app.interview.stored("date_of_birth") is None
        await pilot.press("ctrl+n")  # Submit: to the date first, still in its box
        await settle(pilot)
        assert app.interview.current is not None
        assert app.interview.current.id == "date_of_birth"
        assert answer(app).value == "1985-03-14"


async def test_a_grid_half_answered_is_carried_on_at_its_first_open_row(make_app) -> None:  # type: ignore[no-untyped-def]
    """Back from a grid with one row answered, and on to it again: its rows are as they were,
    the cursor on the first open row, so the next digit does not change the first; the
    message about open rows goes as soon as a row is answered."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_the_grid(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Please answer this question." in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert "Please answer this question." not in screen_text(app)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("enter")  # the symptoms, as they were: on to the grid again
        await settle(pilot)
        assert app.interview.current is not None and app.interview.current.id == "severity"
        assert app.focused is not None and app.focused.id == "row-1"
        await pilot.press("4")
        await settle(pilot)
        assert grid_input(app) == {"tiredness": "none", "pain": "severe"}


async def test_a_message_about_an_answer_goes_when_the_answer_is_changed(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "date_of_birth")
        await type_text(pilot, "02/31/1980")
        await pilot.press("enter")
        await settle(pilot)
        assert "That date does not exist" in screen_text(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert "That date does not exist" not in screen_text(app)


async def test_the_review_opens_again_at_the_answer_just_changed(make_app) -> None:  # type: ignore[no-untyped-def]
    from prescreen.tui.widgets.choices import OptionList
    from tests.tui.test_kiosk import answer_all

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await answer_all(app, pilot)
        await settle(pilot)
        app.edit_from_review("goals")
        await settle(pilot)
        for _ in range(4):  # the answer, then the notes never shown (answered directly)
            await pilot.press("ctrl+n")
            await settle(pilot)
            if isinstance(app.screen, ReviewScreen):
                break
        assert isinstance(app.screen, ReviewScreen)
        answers = app.screen.query_one("#answers", OptionList)
        assert answers.highlighted_option is not None
        assert answers.highlighted_option.id == "q-goals"  # not the top of the list
        assert "What do you hope treatment would change for you?" in screen_text(app)


async def test_back_keeps_answers_and_finish_returns_clean(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert answer(app).value == "Ana"


async def test_long_text_keeps_newlines(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.interview is not None
        await go_to(pilot, "goals")
        assert "Enter starts a new line. When you have finished, press Next." in screen_text(app)
        await type_text(pilot, "one")
        await pilot.press("enter")
        await type_text(pilot, "two")
        assert answer(app).text == "one\ntwo"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.interview.value("goals") == "one\ntwo"


async def test_mouse_only_choice_and_submit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.click("#start")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        assert app.interview is not None
        await go_to(pilot, "sex")
        await pilot.click(answer(app), offset=(8, 2))  # the second option: Male
        await pilot.click("#next")
        await settle(pilot)
        assert app.interview.value("sex") == "male"


async def test_confirm_dialog_change_keeps_question(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.interview is not None
        await go_to(pilot, "weight")
        await type_text(pilot, "30")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmWarning)
        await pilot.press("enter")  # "Change it" has the focus
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.interview.stored("weight") is None


async def tap(pilot: Any, text: str) -> None:
    """Type on the on-screen keyboard by clicking its keys."""
    for char in text:
        await pilot.click("#key-space" if char == " " else f"#key-{ord(char)}")


async def to_the_keyboard(app: Any, pilot: Any) -> None:
    """Past consent to the first question, with the on-screen keyboard shown."""
    await start(app, pilot)
    await pilot.click("#show-keyboard")
    await settle(pilot)


async def test_the_touch_keyboards_shift_is_for_the_next_letter_only(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_the_keyboard(app, pilot)
        await pilot.click("#key-shift")
        await tap(pilot, "ana ")
        await pilot.click("#key-shift")
        await tap(pilot, "diaz")
        await settle(pilot)
        assert answer(app).value == "Ana Diaz"


async def test_the_touch_keyboard_types_the_accents_of_names(make_app) -> None:  # type: ignore[no-untyped-def]
    """A patient with a touch screen only could not type 'Peña' or 'José'."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await to_the_keyboard(app, pilot)
        await pilot.click("#key-shift")
        await tap(pilot, "jos\u00e9 ")
        await pilot.click("#key-shift")
        await tap(pilot, "pe\u00f1a m\u00fcller")
        await settle(pilot)
        assert answer(app).value == "Jos\u00e9 Pe\u00f1a m\u00fcller"
        await pilot.click("#key-shift")
        await tap(pilot, "\u00e7")
        await settle(pilot)
        assert answer(app).value.endswith("\u00c7")


async def test_mouse_alone_from_welcome_to_schema_valid_file(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """A kiosk with a touch screen and no keyboard: the whole interview by touch."""
    app = make_app()
    clicks: dict[str, list[Any]] = {
        "full_name": ["#show-keyboard", "type:ana diaz"],
        "date_of_birth": ["type:3/14/1985"],
        "age_note": [],
        "phone": ["type:2015550123"],
        "email": ["#prefer_not_to_say"],
        "sex": [(ANSWER, (8, 1))],
        "pregnant": [(ANSWER, (8, 2))],
        "weight": ["type:62"],
        "diagnosed": [(ANSWER, (8, 1))],
        "year_diagnosed": ["type:2015"],
        "kidney": [(ANSWER, (8, 2))],
        "symptoms": [(ANSWER, (8, 1)), (ANSWER, (8, 3))],
        "severity": [("#row-0", (18, 0)), ("#row-1", (10, 0)), ("#row-2", (1, 0))],
        "activity": [(ANSWER, (31, 0))],
        "sudden_symptoms": [(ANSWER, (8, 2))],
        "medications": [],
        "goals": ["type:less pain"],
        "contact_time": [(ANSWER, (8, 1))],
    }
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.click("#start")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        for _ in range(30):
            if not isinstance(app.screen, QuestionScreen):
                break
            assert app.interview is not None and app.interview.current is not None
            qid = app.interview.current.id
            for step in clicks[qid]:
                if isinstance(step, tuple):
                    target = answer(app) if step[0] is ANSWER else step[0]
                    await pilot.click(target, offset=step[1])
                elif step.startswith("type:"):
                    await tap(pilot, step.removeprefix("type:"))
                else:
                    await pilot.click(step)
                await pilot.pause()
            await pilot.click("#next")
            await settle(pilot)
            if isinstance(app.screen, QuestionScreen) and app.interview.current is not None:
                error = str(app.screen.query_one("#error").render())
                assert app.interview.current.id != qid, (qid, error)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
    data = written(tmp_path)
    assert data["mode"] == "kiosk"
    got = answers_of(data)
    assert got["full_name"]["value"] == "ana diaz"
    assert got["date_of_birth"]["value"] == "1985-03-14"
    assert got["sex"]["value"] == "female" and got["pregnant"]["value"] is False
    assert got["symptoms"]["value"] == ["fatigue", "rash"]
    assert got["severity"]["value"] == {"tiredness": "moderate", "pain": "mild", "skin": "none"}
    assert got["activity"]["value"] == 6
    assert got["goals"]["value"] == "less pain"
    assert got["contact_time"]["value"] == "morning"


async def test_keys_typed_ahead_reach_the_next_question(make_app) -> None:  # type: ignore[no-untyped-def]
    """A coordinator types the next answer before the screen has changed: every key lands in
    the question it was meant for, none in the answer just given."""
    from textual import events
    from textual.keys import _character_to_key

    app = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        for char in "Bob Ray\r3/14/1985\r":
            key = "enter" if char == "\r" else _character_to_key(char)
            app.post_message(events.Key(key, None if char == "\r" else char))
        await settle(pilot)
        await pilot.pause(0.5)
        assert app.interview is not None
        assert app.interview.value("full_name") == "Bob Ray"
        assert str(app.interview.value("date_of_birth")) == "1985-03-14"
        assert app.interview.current is not None and app.interview.current.id == "age_note"


def burst(app: PrescreenApp, keys: list[str]) -> None:
    """Keys arriving together, as one read from the terminal (a fast typist over a slow link, a
    barcode scanner): posted to the app at once, as the driver posts them."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, "\x7f" if key == "backspace" else None))


async def test_keys_in_a_burst_are_handled_in_the_order_typed(make_app) -> None:  # type: ignore[no-untyped-def]
    """Backspace, ctrl+u and the arrows reach the app through their bindings after the widget
    passes them on; in a burst they must not be overtaken by the letters typed after them."""
    app = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        burst(app, [*"Ana Smiht", "backspace", "backspace", *"th", "left", "left", "delete"])
        burst(app, ["end", *"!", "backspace", "enter"])
        await settle(pilot)
        assert app.interview is not None
        assert app.interview.value("full_name") == "Ana Smih"
        await go_to(pilot, "phone")
        burst(app, [*"abc", "enter"])  # refused: the message shows, the text stays
        await settle(pilot)
        await pilot.pause(0.3)
        burst(app, ["ctrl+u", *"2015550123", "enter"])
        await settle(pilot)
        assert app.interview.value("phone") == "+12015550123"


async def test_a_paste_or_a_tap_waits_behind_the_keys_typed_before_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """Keys still on their way, then a paste or a tap on Next: the paste lands after them,
    and Next takes the whole answer, not its first letter."""
    from textual import events

    app = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        burst(app, [*"Ana "])
        app.post_message(events.Paste("D\u00edaz"))
        await settle(pilot)
        assert answer(app).value == "Ana D\u00edaz"  # type: ignore[attr-defined]
        burst(app, [*" Ruiz"])
        next_button = app.screen.query_one("#next")
        x, y = next_button.region.center
        for kind in (events.MouseDown, events.MouseUp):
            app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.interview is not None
        assert app.interview.value("full_name") == "Ana D\u00edaz Ruiz"
        assert app.interview.current is not None and app.interview.current.id != "full_name"
        assert answer(app).value == ""  # type: ignore[attr-defined]


async def test_submit_with_a_required_question_open_goes_and_asks_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """Submit never does nothing: with a required question unanswered it asks that one."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.interview is not None
        first_missing = app.interview.missing()[0].id
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.interview.current is not None and app.interview.current.id == first_missing
        error = app.screen.query_one("#error", Label)
        assert "Please answer this question." in str(error.render())  # said under the field


async def test_change_at_review_asks_what_it_reveals(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    keys = dict(KEYS, diagnosed=["2", "enter"])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await walk(app, pilot, keys)
        assert isinstance(app.screen, ReviewScreen) and app.interview is not None
        app.edit_from_review("diagnosed")
        await settle(pilot)
        asked = await walk(
            app,
            pilot,
            {
                "diagnosed": ["1", "enter"],
                **{"year_diagnosed": ["text:2015", "enter"], "kidney": ["2", "enter"]},
            },
        )
        assert asked == ["diagnosed", "year_diagnosed", "kidney"]
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#submit")
        await settle(pilot)
    got = answers_of(written(tmp_path))
    assert got["year_diagnosed"]["value"] == 2015 and got["kidney"]["value"] is False


async def test_none_of_these_and_other_options_untick_each_other(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.interview is not None
        await go_to(pilot, "symptoms")
        await pilot.press("1", "3", "6")  # tiredness, rash, then "none of these"
        field = answer(app)
        assert field.chosen == [False] * 5 + [True]  # type: ignore[attr-defined]
        await pilot.press("2")
        assert field.chosen == [False, True, False, False, False, False]  # type: ignore[attr-defined]


async def test_medicine_rows_suggest_add_and_remove(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.interview is not None
        await go_to(pilot, "medications")
        await type_text(pilot, "hydrox")
        await pilot.press("right")  # accept the suggestion from the set's vocabulary
        assert app.focused is not None and app.focused.value == "Hydroxychloroquine"  # type: ignore[attr-defined]
        await pilot.click("#add")
        await settle(pilot)
        await type_text(pilot, "Prednisone")
        await pilot.click(".remove")  # the first row's remove button: a row with a medicine
        await settle(pilot)
        assert len(app.screen.query(".repeat-row")) == 2  # asks first
        assert any("again to remove" in n.message for n in app._notifications)
        await pilot.click(".remove")
        await settle(pilot)
        assert len(app.screen.query(".repeat-row")) == 1
        assert app.focused is not None and app.focused.value == "Prednisone"  # type: ignore[attr-defined]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.interview.value("medications") == [{"name": "Prednisone"}]


async def test_removing_the_row_a_message_was_about_takes_the_message_away(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "medications")
        await type_text(pilot, "Prednisone")
        await pilot.click("#add")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "5 mg")
        await pilot.press("ctrl+n")  # the second row has a dose but no name
        await settle(pilot)
        text = screen_text(app)
        assert "Row 2" in text and "Please answer this question." in text
        remove = app.screen.query(".repeat-row").last().query_one(".remove")
        await pilot.click(remove)
        await settle(pilot)
        await pilot.click(remove)  # the second press removes a row with something in it
        await settle(pilot)
        assert len(app.screen.query(".repeat-row")) == 1
        assert "Row 2" not in screen_text(app)


async def test_tab_and_enter_past_a_medicine_row_never_removes_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """Tab to the row's remove button and Enter, as a person goes on: the row stays; the
    second press removes it and the focus goes to what takes its place, never nowhere."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.interview is not None
        await go_to(pilot, "medications")
        await type_text(pilot, "Prednisone")
        for _ in range(4):  # dose, how often, since, then the remove button
            await pilot.press("tab")
        assert app.focused is not None and app.focused.has_class("remove")
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.query(".repeat-row")) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.query(".repeat-row")) == 0
        assert app.focused is not None and app.focused.id == "add"


async def test_an_unreachable_store_loses_nothing_and_saving_resumes(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prescreen.core.store import FileStore, StoreError

    app = make_app()
    claim = FileStore.new_reference
    broken = {"on": True}

    def flaky_claim(self: FileStore) -> str:
        if broken["on"]:
            raise StoreError("cannot use the store folder: disk not mounted")
        return claim(self)

    monkeypatch.setattr(FileStore, "new_reference", flaky_claim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        assert app.unsaved and not app.claimed
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await settle(pilot)
        assert app.interview is not None and app.interview.value("full_name") == "Ana"
        broken["on"] = False  # the store is back
        await type_text(pilot, "3/14/1985")
        await pilot.press("enter")
        await settle(pilot)
        assert app.claimed and not app.unsaved
        draft = app.store.load_draft(app.interview.reference)
        assert draft.answers["full_name"].value == "Ana"
        assert draft.answers["date_of_birth"].value == "1985-03-14"


async def test_keys_typed_ahead_never_dismiss_an_urgent_message(make_app) -> None:  # type: ignore[no-untyped-def]
    """Enter pressed repeatedly must not skip the urgent notice, the reference code, or start
    the next person's interview."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "sudden_symptoms")
        app.post_message(events.Key("1", "1"))
        for _ in range(5):
            app.post_message(events.Key("enter", None))
        await settle(pilot)
        await pilot.pause(0.5)
        assert isinstance(app.screen, UrgentNotice)


async def test_keys_typed_ahead_never_answer_a_warning(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "weight")
        for key, char in [("3", "3"), ("0", "0"), ("enter", None), ("1", "1"), ("enter", None)]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        await pilot.pause(0.5)
        assert isinstance(app.screen, ConfirmWarning)


async def test_resuming_a_draft_an_urgent_flag_stopped_writes_it(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The app closed at the urgent notice; resuming must not ask more questions."""
    from prescreen.core.interview import Interview
    from prescreen.core.store import FileStore
    from tests.conftest import fixed_clock

    store = FileStore(tmp_path / "store")
    stopped = Interview(demo, reference=store.new_reference(), language="es", clock=fixed_clock)
    stopped.give_consent()
    stopped.jump("sudden_symptoms")
    stopped.answer("sudden_symptoms", "yes")
    store.save_draft(stopped.to_draft())
    resumed = Interview.resume(demo, store.load_draft(stopped.reference), mode="phone")
    app = PrescreenApp(demo, store, mode="phone", interviewer="c1", resume=resumed)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        assert "Su código de referencia es:" in app.export_screenshot().replace("&#160;", " ")
    data = written(tmp_path)
    assert data["status"] == "ended_early" and data["outcome"]["code"] == "urgent"


async def test_enter_takes_the_suggested_word_on_show(make_app) -> None:  # type: ignore[no-untyped-def]
    """The box shows "Hydroxychloroquine" after "hydroxy" is typed: Enter keeps what is shown."""
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "medications")
        await type_text(pilot, "hydroxy")
        await pilot.pause(0.2)  # the suggestion is looked up in the background
        await pilot.press("enter")
        await settle(pilot)
        assert app.interview is not None
        assert app.interview.value("medications")[0]["name"] == "Hydroxychloroquine"


async def test_emoji_joined_by_a_zero_width_joiner_are_typed_whole(make_app) -> None:  # type: ignore[no-untyped-def]
    """A health worker emoji is a woman, a joiner and a staff: the joiner is not a printable
    character, and a text box that drops it shows (and stores) two emoji instead of one."""
    health_worker = "\U0001f469\u200d\u2695\ufe0f"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await type_text(pilot, f"Zo\u00eb {health_worker} Ng")
        assert answer(app).value == f"Zo\u00eb {health_worker} Ng"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert app.interview is not None
        assert app.interview.value("full_name") == f"Zo\u00eb {health_worker} Ng"
        await go_to(pilot, "goals")
        await type_text(pilot, f"Work as a {health_worker} again")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.interview.value("goals") == f"Work as a {health_worker} again"


async def test_a_spanish_interview_has_no_english_on_the_keyboard_or_the_example(  # type: ignore[no-untyped-def]
    make_app,
) -> None:
    """Spanish screens showed 'Shift', 'Space', 'Delete' and 'name@example.com'."""
    app = make_app()
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        app.begin("es")
        await settle(pilot)
        app.accept_consent()
        await settle(pilot)
        await pilot.click("#show-keyboard")
        await go_to(pilot, "email")
        text = screen_text(app)
        assert "Espacio" in text and "Borrar" in text and "Space" not in text
        box = app.focused
        assert isinstance(box, Input) and box.placeholder == "nombre@ejemplo.com"


async def test_a_date_given_is_shown_again_as_it_is_typed(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "date_of_birth")
        await type_text(pilot, "3/14/1985")
        await pilot.press("enter")
        await settle(pilot)
        await go_to(pilot, "date_of_birth")
        assert answer(app).value == "03/14/1985"  # not 1985-03-14
