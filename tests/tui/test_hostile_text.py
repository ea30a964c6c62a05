"""Text from people and from files is shown literally on every screen that echoes it.

Markup in an answer must neither crash the app (`[/]`) nor become a live action
(`[@click=app.quit]`), and escape sequences must never reach the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from prescreen.core.loading import parse_question_set, read_yaml
from prescreen.core.store import FileStore
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.done import DoneScreen
from prescreen.tui.screens.review import ReviewScreen
from tests.conftest import DEMO, VALID_ANSWERS, fixed_clock
from tests.tui.conftest import settle, type_text
from tests.tui.current import answer

CORPUS = [
    "oops [/] done",
    "trailing [/",
    "[B]bold?[/B]",
    "[@click=app.quit]click me[/]",
    '[link="file:///etc/passwd"]x[/]',
    "[$accent]var",
    "bell\x07 and \x1b[31mred\x1b[0m and \x1b]0;title\x07",
    "emoji 🧬🩺 and RTL שלום עליכם",
    "x" * 110,
]


def plain_of(app: PrescreenApp) -> str:
    answers = app.screen.query_one("#answers", OptionList)
    return "\n".join(
        answers.get_option_at_index(i).prompt.plain  # type: ignore[union-attr]
        for i in range(answers.option_count)
    )


@pytest.mark.parametrize("text", CORPUS, ids=range(len(CORPUS)))
async def test_answers_echo_literally_in_review_and_submit(
    demo: Any, tmp_path: Path, text: str
) -> None:
    app = PrescreenApp(demo, FileStore(tmp_path / "store"), clock=fixed_clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.begin(None)
        await settle(pilot)
        app.accept_consent()
        await settle(pilot)
        assert app.interview is not None
        answers = dict(VALID_ANSWERS, full_name=text, goals=text * 3)
        for qid, raw in answers.items():
            if app.interview.is_visible(qid):
                app.interview.answer(qid, raw, confirm=True)
        app.interview.go_to_review()
        app.show_review()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        shown = plain_of(app)
        stored = app.interview.value("full_name")
        assert stored in shown  # literally, brackets and all
        assert "\x1b" not in shown and "\x07" not in shown
        app.save_screenshot(filename="review.svg", path=str(tmp_path))  # renders every line
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)


async def test_hostile_author_text_is_shown_literally(tmp_path: Path) -> None:
    data = read_yaml(DEMO.read_text())
    hostile = "[@click=app.quit]Quit[/] [/] [b"
    data["title"] = {"en": f"Title {hostile}"}
    data["introduction"] = {"en": f"Intro {hostile}"}
    data["consent"]["statement"] = {"en": f"Consent {hostile}"}
    data["sections"][0]["questions"][0]["text"] = {"en": f"Name {hostile}"}
    data["sections"][0]["questions"][0]["help"] = {"en": f"Help {hostile}"}
    data["sections"][0]["questions"][6]["choices"][0]["label"] = {"en": f"Female {hostile}"}
    qs, _ = parse_question_set(data)
    app = PrescreenApp(qs, FileStore(tmp_path / "store"), clock=fixed_clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert hostile in app.screen.query_one("#title").render().plain  # type: ignore[attr-defined]
        await pilot.click("#start")
        await settle(pilot)
        assert hostile in app.screen.query_one("#statement").render().plain  # type: ignore[attr-defined]
        await pilot.click("#accept")
        await settle(pilot)
        assert hostile in app.screen.query_one("#question-text").render().plain  # type: ignore[attr-defined]
        assert app.interview is not None
        app.interview.jump("sex")
        await app.screen.show_current()  # type: ignore[attr-defined]
        await settle(pilot)
        options = answer(app)
        assert hostile in options.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        await pilot.click(answer(app), offset=(30, 1))  # clicking the label must not quit
        await settle(pilot)
        assert app.is_running


TOKEN = "[@click=app.quit]Q[/][/][b"
"""Markup that would crash (`[/]`), run an action (`@click`) or swallow text (`[b`) if parsed."""


def shown(app: PrescreenApp) -> str:
    """The whole screen as exported, to check text appears literally (spaces are escaped in SVG,
    so the token has none)."""
    return app.export_screenshot()


async def test_author_text_on_every_screen_and_dialog_is_literal(tmp_path: Path) -> None:
    data = read_yaml(DEMO.read_text())
    data["consent"]["accept"] = {"en": f"Yes{TOKEN}"}
    data["consent"]["decline"] = {"en": f"No{TOKEN}"}
    about = data["sections"][0]
    about["title"] = {"en": f"About{TOKEN}"}
    about["intro"] = {"en": f"Intro{TOKEN}"}
    weight = about["questions"][8]
    weight["unit"] = {"en": f"kg{TOKEN}"}
    weight["constraints"][0]["message"] = {"en": f"Hard{TOKEN}"}
    weight["constraints"][1]["message"] = {"en": f"Soft{TOKEN}"}
    lupus = data["sections"][1]["questions"]
    lupus[2]["interviewer"] = f"Probe{TOKEN}"
    lupus[4]["items"][0]["text"] = {"en": f"Row{TOKEN}"}
    lupus[5]["anchors"][0] = {"en": f"Calm{TOKEN}"}
    data["sections"][2]["questions"][0]["item_label"] = {"en": f"med{TOKEN}"}
    data["flags"][0]["message"] = {"en": f"Urgent{TOKEN}"}
    data["outcomes"]["urgent"]["next_steps"] = {"en": f"Next{TOKEN}"}
    data["calculations"][0]["label"] = {"en": f"Age{TOKEN}"}
    qs, _ = parse_question_set(data)
    app = PrescreenApp(
        qs, FileStore(tmp_path / "store"), mode="phone", interviewer="c1", clock=fixed_clock
    )

    async def at(qid: str) -> str:
        assert app.interview is not None
        app.interview.jump(qid)
        await app.screen.show_current()  # type: ignore[attr-defined]
        await settle(pilot)
        return shown(app)

    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.click("#new")
        await settle(pilot)
        await pilot.click("#start")
        await settle(pilot)
        assert f"Yes{TOKEN}" in shown(app) and f"No{TOKEN}" in shown(app)
        await pilot.click("#accept")
        await settle(pilot)
        assert f"About{TOKEN}" in shown(app) and f"Intro{TOKEN}" in shown(app)
        assert app.interview is not None
        app.interview.answer("date_of_birth", "1985-03-14")
        assert f"kg{TOKEN}" in await at("weight")
        await type_text(pilot, "400")
        await pilot.press("enter")
        await settle(pilot)
        assert f"Hard{TOKEN}" in shown(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "30")
        await pilot.press("enter")
        await settle(pilot)
        assert f"Soft{TOKEN}" in shown(app)
        await pilot.press("enter")  # change it
        await settle(pilot)
        app.interview.answer("diagnosed", "yes")
        assert f"Probe{TOKEN}" in await at("kidney")
        app.interview.answer("symptoms", ["fatigue"])
        assert f"Row{TOKEN}" in await at("severity")
        assert f"Calm{TOKEN}" in await at("activity")
        assert f"med{TOKEN}" in await at("medications")
        app.interview.go_to_review()
        app.show_review()
        await settle(pilot)
        assert f"Age{TOKEN}" in plain_of(app)  # the calculations, at the end of the list
        app.edit_from_review("sudden_symptoms")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert f"Urgent{TOKEN}" in shown(app)
        await pilot.press("enter")
        await settle(pilot)
        assert f"Next{TOKEN}" in shown(app)
        assert app.is_running
