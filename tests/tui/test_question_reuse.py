"""The question screen keeps its widgets from one question to the next and updates them in
place; a field of the same kind takes the next question. Nothing of the question before may
show through: not its answer, its options, its unit, its help or its error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import Label

from prescreen.core.loading import load_question_set
from prescreen.core.store import FileStore
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.question import QuestionScreen
from prescreen.tui.widgets.choices import ChoiceField
from prescreen.tui.widgets.keyboard import TouchKeyboard
from prescreen.tui.widgets.line import LineField
from tests.tui.conftest import go_to, settle, type_text
from tests.tui.current import answer

SET = """
id: reuse
version: "1"
title: {en: Reuse}
default_language: en
languages: [en]
region: US
consent:
  statement: {en: Agree?}
  accept: {en: I agree}
  decline: {en: No}
sections:
  - id: one
    title: {en: One}
    questions:
      - id: first_name
        type: text
        text: {en: "First name?"}
        help: {en: "As on your passport."}
        required: true
      - id: family_name
        type: text
        text: {en: "Family name?"}
        required: true
      - id: email
        type: email
        text: {en: "Email?"}
      - id: weight
        type: integer
        text: {en: "Weight?"}
        unit: kg
        constraints:
          - {min: 20, max: 300, message: {en: Between 20 and 300.}}
      - id: height
        type: integer
        text: {en: "Height?"}
        unit: cm
      - id: smoker
        type: yes_no
        text: {en: "Do you smoke?"}
        required: true
      - id: colour
        type: single_choice
        text: {en: "Favourite colour?"}
        required: true
        choices:
          - {value: red, label: {en: Red}}
          - {value: green, label: {en: Green}}
          - {value: blue, label: {en: Blue}}
      - id: drinker
        type: yes_no
        text: {en: "Do you drink?"}
        required: true
"""


def _app(tmp_path: Path, mode: str = "kiosk") -> PrescreenApp:
    path = tmp_path / "reuse.yaml"
    path.write_text(SET, encoding="utf-8")
    qs, _ = load_question_set(path)
    return PrescreenApp(qs, FileStore(tmp_path / "store"), mode=mode)  # type: ignore[arg-type]


async def _start(pilot: Any) -> QuestionScreen:
    app = pilot.app
    await settle(pilot)
    app.begin(None)
    await settle(pilot)
    app.accept_consent()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


async def _enter(pilot: Any) -> None:
    await pilot.press("enter")
    await settle(pilot)


def _text(screen: QuestionScreen, selector: str) -> str:
    label = screen.query_one(selector, Label)
    return str(label.content) if label.display else ""


async def test_a_reused_text_box_starts_empty_and_comes_back_with_its_answer(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _start(pilot)
        box = answer(screen)
        assert _text(screen, "#question-help") == "As on your passport."
        await type_text(pilot, "Ana")
        await _enter(pilot)
        assert screen.shown is not None and screen.shown.id == "family_name"
        field = screen.field
        assert isinstance(field, LineField) and field.question.id == "family_name"
        assert answer(screen) is box  # the same box, taken over
        assert box.value == "" and app.focused is box
        assert _text(screen, "#question-text") == "Family name?"
        assert _text(screen, "#question-help") == ""  # the first question's help is gone
        await type_text(pilot, "Diaz")
        await _enter(pilot)
        assert screen.shown.id == "email"  # another one-line type: the same box again
        assert answer(screen) is box
        assert box.value == "" and box.placeholder == "name@example.com"
        await go_to(pilot, "first_name")
        assert answer(screen).value == "Ana"
        await go_to(pilot, "family_name")
        assert answer(screen).value == "Diaz"


async def test_a_reused_number_box_shows_the_new_unit_and_no_old_error(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _start(pilot)
        await go_to(pilot, "weight")
        await type_text(pilot, "5")  # refused: the message shows
        await _enter(pilot)
        assert screen.shown is not None and screen.shown.id == "weight"
        assert "Between 20 and 300" in _text(screen, "#error")
        await pilot.press("backspace")
        await type_text(pilot, "70")
        await _enter(pilot)
        assert screen.shown.id == "height"
        assert screen.query_one(".unit", Label).content == "cm"
        assert answer(screen).value == ""
        assert _text(screen, "#error") == ""


async def test_a_reused_choice_list_has_the_new_options_and_none_chosen(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _start(pilot)
        await go_to(pilot, "smoker")
        field = screen.field
        assert isinstance(field, ChoiceField)
        await pilot.press("1")  # yes
        await pilot.press("enter")
        await settle(pilot)
        assert screen.shown is not None and screen.shown.id == "colour"
        assert screen.field is field  # the same list, taken over
        assert field.list.labels == ["Red", "Green", "Blue"]
        assert field.list.chosen == [False, False, False]
        assert field.raw() is None
        await pilot.press("3")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.shown.id == "drinker"
        assert field.list.option_count == 2 and not any(field.list.chosen)
        assert app.interview is not None
        assert app.interview.stored("smoker").value is True  # type: ignore[union-attr]
        assert app.interview.stored("colour").value == "blue"  # type: ignore[union-attr]
        await go_to(pilot, "colour")
        assert field.list.chosen == [False, False, True]


async def test_the_touch_keyboard_is_built_when_first_shown_and_stays_across_questions(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        screen = await _start(pilot)
        assert not screen.query(TouchKeyboard)  # not built until someone asks for it
        await pilot.click("#show-keyboard")
        await settle(pilot)
        keyboard = screen.query_one(TouchKeyboard)
        assert keyboard.display
        for char in "ana":
            await pilot.click(f"#key-{ord(char)}")
        assert answer(screen).value == "ana"
        await pilot.click("#next")
        await settle(pilot)
        assert screen.shown is not None and screen.shown.id == "family_name"
        assert screen.query_one(TouchKeyboard) is keyboard and keyboard.display
        await pilot.click("#key-100")  # d
        assert answer(screen).value == "d"
        await go_to(pilot, "smoker")
        assert not keyboard.display  # nothing to type: hidden, kept
        await go_to(pilot, "family_name")
        assert keyboard.display


async def test_no_touch_keyboard_on_the_phone(tmp_path: Path) -> None:
    app = _app(tmp_path, mode="phone")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.begin(None)
        await settle(pilot)
        app.accept_consent()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert not screen.query_one("#show-keyboard").display
        await type_text(pilot, "Ana")
        await _enter(pilot)
        assert not screen.query(TouchKeyboard)


def test_the_start_loads_only_the_welcome_screen() -> None:
    """The other screens and the question widgets are imported when first used."""
    code = (
        "import sys, prescreen.tui.app\n"
        "print(' '.join(m for m in sys.modules if m.startswith('prescreen.tui')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "prescreen.tui.screens.welcome" in loaded
    for later in ("question", "calls", "review", "staff", "done", "consent"):
        assert f"prescreen.tui.screens.{later}" not in loaded
    assert "prescreen.tui.widgets.fields" not in loaded
    assert "prescreen.tui.widgets.keyboard" not in loaded


async def test_one_field_of_each_kind_is_kept_and_only_the_one_on_show_takes_keys(
    tmp_path: Path,
) -> None:
    """The screen builds a field of each kind once and hides those not in use: moving from a
    text box to a list and back mounts nothing, and what is hidden can be neither seen,
    focused nor typed into."""
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _start(pilot)
        fields = list(screen.query(".field"))
        assert {type(f) for f in fields} == {LineField, ChoiceField}
        line = screen.field
        assert isinstance(line, LineField) and line.display
        await go_to(pilot, "smoker")
        choice = screen.field
        assert isinstance(choice, ChoiceField) and choice.display and not line.display
        assert app.focused is choice.answer
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        assert app.focused is None or line not in app.focused.ancestors_with_self
        await go_to(pilot, "weight")
        assert screen.field is line and line.display and not choice.display
        assert app.focused is line.answer
        assert line.query_one(".unit", Label).display  # kg
        await go_to(pilot, "first_name")
        assert not line.query_one(".unit", Label).display  # no unit: hidden, kept
        assert list(screen.query(".field")) == fields  # nothing mounted, nothing removed
