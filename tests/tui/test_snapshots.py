"""What each screen looks like, at 80x24 and at a kiosk's 160x48.

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update` and look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from prescreen.core.questionset import QuestionSet, Special
from prescreen.core.store import FileStore
from prescreen.tui.app import PrescreenApp
from tests.conftest import VALID_ANSWERS, fixed_clock

SMALL, KIOSK = (80, 24), (160, 48)


class FixedStore(FileStore):
    """A store that always hands out the same reference, so pictures do not change."""

    def new_reference(self) -> str:
        self._ensure()
        return "7KQ2-MX4D"


STILL = 1000.0
"""What the app's idle clock says throughout a snapshot: no countdown moves."""


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    monkeypatch.setattr("prescreen.tui.app.monotonic", lambda: STILL)


@pytest.fixture
def app_for(demo: QuestionSet, tmp_path: Path) -> Callable[..., PrescreenApp]:
    def build(mode: str = "kiosk", **options: Any) -> PrescreenApp:
        store = FixedStore(tmp_path / "store")
        return PrescreenApp(
            demo,
            store,
            mode=mode,  # type: ignore[arg-type]
            clock=fixed_clock,
            **options,
        )

    return build


async def begin(pilot: Pilot[None], interviewer: str | None = None) -> None:
    app = pilot.app
    assert isinstance(app, PrescreenApp)
    if interviewer:
        app.interviewer = interviewer
    app.begin(None)
    await pilot.pause()
    app.accept_consent()
    await pilot.pause()


def at(
    qid: str,
    answers: dict[str, Any] | None = None,
    mode_interviewer: str | None = None,
    then: list[str] | None = None,
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Go to a question with some answers already given, then press keys."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PrescreenApp)
        await begin(pilot, mode_interviewer)
        assert app.interview is not None
        for key, raw in (answers or {}).items():
            app.interview.answer(key, raw, confirm=True)
        app.interview.jump(qid)
        await app.screen.show_current()  # type: ignore[attr-defined]
        await pilot.pause()
        if then:
            await pilot.press(*then)
        await pilot.pause()

    return run_before


ADULT = {"date_of_birth": "1985-03-14", "sex": "female", "diagnosed": "yes"}

QUESTION_CASES = {
    "text": at("full_name"),
    "text_error": at("full_name", then=["enter"]),
    "date_error": at("date_of_birth", then=[*"31/02/1980", "enter"]),
    "note": at("age_note", ADULT),
    "phone": at("phone"),
    "email_special": at("email"),
    "single_choice": at("sex", then=["2"]),
    "yes_no_specials": at("pregnant", ADULT),
    "decimal_unit": at("weight", then=[*"62.5"]),
    "integer": at("year_diagnosed", ADULT),
    "multiple_choice": at("symptoms", then=["1", "3"]),
    "multiple_choice_exclusive": at("symptoms", then=["1", "6"]),
    "grid": at("severity", {"symptoms": ["fatigue"]}, then=["3"]),
    "scale": at("activity", then=["7"]),
    "repeat": at("medications", {"medications": VALID_ANSWERS["medications"]}),
    "long_text": at("goals", then=[*"Less pain"]),
}


@pytest.mark.parametrize("name", sorted(QUESTION_CASES))
def test_question_screens_80x24(snap_compare: Any, app_for: Any, name: str) -> None:
    assert snap_compare(app_for(), terminal_size=SMALL, run_before=QUESTION_CASES[name])


@pytest.mark.parametrize("name", sorted(QUESTION_CASES))
def test_question_screens_kiosk(snap_compare: Any, app_for: Any, name: str) -> None:
    assert snap_compare(app_for(), terminal_size=KIOSK, run_before=QUESTION_CASES[name])


def test_phone_mode_shows_interviewer_instructions(snap_compare: Any, app_for: Any) -> None:
    run_before = at("kidney", ADULT, mode_interviewer="coord-7")
    assert snap_compare(app_for("phone"), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, KIOSK], ids=["80x24", "160x48"])
def test_welcome(snap_compare: Any, app_for: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(), terminal_size=size)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Times shown in the local zone are shown in UTC, whatever the machine's zone."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_calls_screen_lists_drafts(
    snap_compare: Any, app_for: Any, demo: QuestionSet, tmp_path: Path, utc: None
) -> None:
    from prescreen.core.interview import Interview

    store = FileStore(tmp_path / "store")
    for name, phone, mode in [("Ana Díaz", "(201) 555-0123", "kiosk"), ("Bo Chen", None, "phone")]:
        interview = Interview(
            demo,
            mode=mode,  # type: ignore[arg-type]
            interviewer="coord-2" if mode == "phone" else None,
            reference=store.new_reference(),
            clock=fixed_clock,
        )
        interview.give_consent()
        interview.answer("full_name", name)
        if phone:
            interview.answer("phone", phone)
        interview.reference = "ABCD-EF23" if mode == "kiosk" else "WXYZ-9876"
        store.save_draft(interview.to_draft())

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()

    app = app_for("phone", interviewer="coord-7")
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_phone_question_with_sections_and_note(snap_compare: Any, app_for: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PrescreenApp)
        await at("kidney", ADULT, mode_interviewer="coord-7")(pilot)
        assert app.interview is not None
        app.interview.set_note("kidney", "Biopsy in 2019, she thinks. [check records]")
        await app.screen.show_current()  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app_for("phone"), terminal_size=(120, 30), run_before=run_before)


def test_note_dialog(snap_compare: Any, app_for: Any) -> None:
    run_before = at("kidney", ADULT, mode_interviewer="coord-7", then=["f9", *"Not sure"])
    assert snap_compare(app_for("phone"), terminal_size=SMALL, run_before=run_before)


def test_new_call_dialog(snap_compare: Any, app_for: Any) -> None:
    run_before = at("sex", VALID_ANSWERS, mode_interviewer="coord-7", then=["f2"])
    assert snap_compare(app_for("phone"), terminal_size=SMALL, run_before=run_before)


def test_idle_warning(snap_compare: Any, app_for: Any) -> None:
    from prescreen.tui.screens.dialogs import IdleWarning

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PrescreenApp)
        await at("full_name")(pilot)
        app.last_activity = STILL - app.kiosk_times.idle_timeout + 27
        app.push_screen(IdleWarning(27))
        await pilot.pause()

    assert snap_compare(app_for(), terminal_size=KIOSK, run_before=run_before)


def test_staff_pin_prompt_refusing(snap_compare: Any, app_for: Any) -> None:
    from prescreen.staff_pin import hash_pin

    run_before = at("full_name", then=["ctrl+k", *"1111", "enter"])
    app = app_for(staff_pin_hash=hash_pin("4821"))
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_staff_menu_without_a_pin(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SMALL, press=["ctrl+k"])


async def _at_consent(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app, PrescreenApp)
    pilot.app.begin(None)
    await pilot.pause()


def test_consent(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SMALL, run_before=_at_consent)


def test_consent_on_the_phone_says_how_to_read_it(snap_compare: Any, app_for: Any) -> None:
    app = app_for("phone", interviewer="coord-7")
    assert snap_compare(app, terminal_size=(100, 30), run_before=_at_consent)


def test_soft_warning_dialog(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(
        app_for(), terminal_size=SMALL, run_before=at("weight", then=[*"30", "enter"])
    )


def test_urgent_dialog(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(
        app_for(), terminal_size=SMALL, run_before=at("sudden_symptoms", then=["1", "enter"])
    )


def review(
    answers: dict[str, Any], changed: dict[str, Any] | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """The review after these answers, and then these `changed`."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PrescreenApp)
        await begin(pilot)
        assert app.interview is not None
        for qid, raw in [*answers.items(), *(changed or {}).items()]:
            if app.interview.is_visible(qid):
                allowed = {s.value for s in getattr(app.interview.qs.by_id[qid], "allow", [])}
                value = Special(raw) if isinstance(raw, str) and raw in allowed else raw
                app.interview.answer(qid, value, confirm=True)
        app.interview.go_to_review()
        app.show_review()
        await pilot.pause()

    return run_before


def test_review_with_missing_answers(snap_compare: Any, app_for: Any) -> None:
    partial = {k: v for k, v in VALID_ANSWERS.items() if k not in ("phone", "sudden_symptoms")}
    assert snap_compare(app_for(), terminal_size=SMALL, run_before=review(partial))


def test_review_with_an_answer_to_give_again(snap_compare: Any, app_for: Any) -> None:
    answers = {**VALID_ANSWERS, "year_diagnosed": 1990}
    run_before = review(answers, changed={"date_of_birth": "1995-06-01"})
    assert snap_compare(app_for(), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, KIOSK], ids=["80x24", "160x48"])
def test_review_complete(snap_compare: Any, app_for: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(), terminal_size=size, run_before=review(VALID_ANSWERS))


def test_done(snap_compare: Any, app_for: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await review(VALID_ANSWERS)(pilot)
        await pilot.click("#submit")
        await pilot.pause()

    assert snap_compare(app_for(), terminal_size=SMALL, run_before=run_before)


def test_high_contrast(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(
        app_for(), terminal_size=SMALL, run_before=at("symptoms", then=["ctrl+t", "1"])
    )


@pytest.mark.parametrize("size", [SMALL, KIOSK], ids=["80x24", "160x48"])
def test_on_screen_keyboard(snap_compare: Any, app_for: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await at("date_of_birth")(pilot)
        await pilot.click("#show-keyboard")
        await pilot.click("#key-49")
        await pilot.pause()

    assert snap_compare(app_for(), terminal_size=size, run_before=run_before)


def test_spanish_question_screen(snap_compare: Any, app_for: Any) -> None:
    """The screens' own words follow the chosen language where the set translates them."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PrescreenApp)
        await pilot.click("#lang-es")
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        await pilot.click("#accept")
        await pilot.pause()
        assert app.interview is not None and app.interview.language == "es"
        app.interview.jump("sex")
        await app.screen.show_current()  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app_for(), terminal_size=SMALL, run_before=run_before)
