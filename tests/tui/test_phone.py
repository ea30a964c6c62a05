"""A coordinator on the phone: park a call that dropped, find it again, carry on where it
stopped; notes, "don't know" and the interviewer id reach the application file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Button, Input, OptionList, TextArea

from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set
from prescreen.core.questionset import MultipleChoice, QuestionSet
from prescreen.core.store import FileStore
from prescreen.locations import default_question_set
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.calls import CallsScreen, NewCallDialog, NoteDialog
from prescreen.tui.screens.consent import ConsentScreen
from prescreen.tui.screens.question import LOOK_FIRST, QuestionScreen
from prescreen.tui.screens.review import ReviewScreen
from prescreen.tui.screens.welcome import WelcomeScreen
from prescreen.tui.widgets.sections import SectionList
from tests.conftest import fixed_clock
from tests.tui.conftest import go_to, screen_text, settle, type_text
from tests.tui.current import answer
from tests.tui.test_flow import KEYS, answers_of, start, walk, written
from tests.tui.test_key_bar import shown_keys
from tests.tui.test_kiosk import answer_all


def listed(app: PrescreenApp) -> list[str]:
    """The references the drafts list shows, in order."""
    drafts = app.screen.query_one("#drafts", OptionList)
    return [str(drafts.get_option_at_index(i).id) for i in range(drafts.option_count)]


async def search(pilot: Any, text: str) -> list[str]:
    box = pilot.app.screen.query_one("#search", Input)
    box.value = ""
    box.focus()
    await type_text(pilot, text)
    await settle(pilot)
    return listed(pilot.app)


async def answer_first_questions(app: PrescreenApp, pilot: Any, name: str, phone: str) -> None:
    keys = {**KEYS, "full_name": [f"text:{name}", "enter"], "phone": [f"text:{phone}", "enter"]}
    for _ in range(4):  # name, date of birth, the age note, phone
        await settle(pilot)
        assert app.interview is not None and app.interview.current is not None
        for key in keys[app.interview.current.id]:
            if key.startswith("text:"):
                await type_text(pilot, key.removeprefix("text:"))
            else:
                await pilot.press(key)
    await settle(pilot)


async def test_a_parked_call_is_found_and_resumed_where_it_stopped(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await answer_first_questions(app, pilot, "Ana Diaz", "201 555 0123")
        assert app.interview is not None and app.interview.current is not None
        stopped_at = app.interview.current.id
        reference = app.interview.reference
        await pilot.press("f10")  # the call dropped: park it
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen) and app.interview is None
        assert listed(app) == [reference]
        # Another call comes in and is parked too.
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter", "tab", "tab", "enter")  # start, "I agree"
        await answer_first_questions(app, pilot, "Bo Chen", "(415) 555-0199")
        assert app.interview is not None
        other = app.interview.reference
        await pilot.press("f10")
        await settle(pilot)
        assert len(listed(app)) == 2
        await search(pilot, "chen")
        await pilot.press("enter")  # the one match opens straight away
        await settle(pilot)
        assert app.interview is not None and app.interview.reference == other
        await pilot.press("f10")
        await settle(pilot)
        # The first caller rings back: found by part of a name, the phone digits, the code.
        assert await search(pilot, "diaz") == [reference]
        assert await search(pilot, "555 0123") == [reference]
        assert await search(pilot, "2015550123") == [reference]
        assert await search(pilot, reference.lower().replace("-", "")) == [reference]
        assert await search(pilot, "nobody") == []
        assert await search(pilot, "555") == [other, reference]  # newest first
        await pilot.press("enter", "down", "enter")  # to the list, down to Ana, open it
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.interview is not None and app.interview.reference == reference
        assert app.interview.current is not None and app.interview.current.id == stopped_at
        await answer_all(app, pilot)
        await pilot.click("#submit")
        await settle(pilot)
        await pilot.click("#finish")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        assert len(listed(app)) == 1  # the other call is still waiting
    data = written(tmp_path)
    assert data["id"] == reference and data["interviewer"] == "coord-7"
    assert answers_of(data)["full_name"]["value"] == "Ana Diaz"


def kiosk_draft(demo: QuestionSet, store: FileStore, **answers: str) -> Interview:
    """A patient answered these at a kiosk and walked away: its draft is in the store, and the
    interview stands at the question after the last answer."""
    kiosk = Interview(demo, mode="kiosk", reference=store.new_reference(), clock=fixed_clock)
    kiosk.give_consent()
    for qid, raw in answers.items():
        kiosk.answer(qid, raw)
        kiosk.next()
    kiosk.record("timed_out")
    store.save_draft(kiosk.to_draft())
    kiosk.revision += 1
    return kiosk


async def test_a_kiosk_draft_is_resumed_from_the_list(demo: QuestionSet, tmp_path: Path) -> None:
    """A patient left the kiosk half way; a coordinator calls back and finishes it."""
    store = FileStore(tmp_path / "store")
    kiosk = kiosk_draft(demo, store, full_name="Ana Diaz", date_of_birth="3/14/1985")
    app = PrescreenApp(demo, store, mode="phone")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one("#drafts", OptionList)
        drafts.highlighted = 0
        drafts.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)  # no interviewer id yet: asked first
        assert app.screen.query_one("#interviewer", Input).has_focus
        await type_text(pilot, "coord-9")
        drafts.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.interview is not None and app.interview.current is not None
        assert app.interview.current.id == "age_note"  # where the patient stopped
        await walk(app, pilot, KEYS)
        await pilot.click("#submit")
        await settle(pilot)
    data = written(tmp_path)
    assert data["id"] == kiosk.reference
    assert data["mode"] == "phone" and data["interviewer"] == "coord-9"
    assert answers_of(data)["full_name"]["value"] == "Ana Diaz"
    steps = [(e["event"], e["mode"], e["interviewer"]) for e in data["history"]]
    assert steps == [
        ("created", "kiosk", None),
        ("timed_out", "kiosk", None),
        ("resumed", "phone", "coord-9"),
        ("submitted", "phone", "coord-9"),
    ]
    assert not list((tmp_path / "store" / "drafts").glob("*.json"))


async def test_notes_and_dont_know_reach_the_application(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await answer_all(app, pilot, but="kidney")
        await pilot.press("f9")
        await type_text(pilot, "Biopsy in 2019 [she thinks]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f8")  # don't know
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#submit")
        await settle(pilot)
        # The end screen tells the coordinator what to do with the code, not only the caller.
        assert "Read the code to the caller one character at a time" in screen_text(app)
    data = written(tmp_path)
    assert data["interviewer"] == "coord-7" and data["mode"] == "phone"
    assert answers_of(data)["kidney"]["status"] == "dont_know"
    assert data["notes"] == [
        {
            "question_id": "kidney",
            "question": "Has lupus affected your kidneys?",
            "text": "Biopsy in 2019 [she thinks]",
            "interviewer": "coord-7",
        }
    ]


async def test_a_note_is_in_the_draft_and_cancel_keeps_it(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "Spells it D-I-A-Z")
        await pilot.click("#save")
        await settle(pilot)
        assert "Spells it" in str(app.screen.query_one("#note").render())
        await pilot.press("f9")
        await settle(pilot)
        app.screen.query_one(TextArea).text = "something else"
        await pilot.press("escape")
        await settle(pilot)
        assert app.interview is not None
        assert app.interview.notes == {"full_name": "Spells it D-I-A-Z"}
        reference = app.interview.reference
    draft = json.loads((tmp_path / "store" / "drafts" / f"{reference}.json").read_text())
    assert draft["notes"] == {"full_name": "Spells it D-I-A-Z"}


async def test_writing_a_note_keeps_what_is_in_the_field(make_app) -> None:  # type: ignore[no-untyped-def]
    """The caller's answer is typed, or an option ticked, then a note is written before Next:
    the answer is still there when the note is saved, and Next takes it."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana")
        for note in ("Spells it A-N-A", ""):  # a note written, then taken away
            await pilot.press("f9")
            await settle(pilot)
            app.screen.query_one(TextArea).text = note
            await pilot.click("#save")
            await settle(pilot)
            assert answer(app).value == "Ana"  # type: ignore[attr-defined]
            assert bool(note) is app.screen.query_one("#note").display
        await go_to(pilot, "sex")
        await pilot.press("2", "f9")
        await settle(pilot)
        await type_text(pilot, "asked twice")
        await pilot.click("#save")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.interview is not None
        assert app.interview.value("sex") == "male"
        assert app.interview.notes == {"sex": "asked twice"}


async def test_a_new_call_asks_what_to_do_with_the_open_one(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await answer_first_questions(app, pilot, "Ana Diaz", "201 555 0123")
        first = app.interview
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, NewCallDialog)
        await pilot.click("#stay")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.interview is first
        await pilot.press("f2")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "stay"
        await pilot.press("right", "enter")  # the arrows go between the buttons, as Tab does
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.interview is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
    assert first is not None
    draft = json.loads((tmp_path / "store" / "drafts" / f"{first.reference}.json").read_text())
    assert draft["answers"]["full_name"]["value"] == "Ana Diaz"
    assert draft["interviewer"] == "coord-7"


async def test_the_section_list_jumps_and_counts(make_app) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        sections = app.screen.query_one(SectionList)
        assert not sections.display or not sections.region  # narrow: shown on request
        main = app.screen.query_one("#main")
        width = main.region.width
        await pilot.press("f4")
        await settle(pilot)
        assert sections.has_focus and sections.region
        # Over the question, which keeps its width (beside it, it squeezed a scale to half).
        assert main.region.width == width
        assert sections.region.right <= width // 2
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.interview is not None and app.interview.current is not None
        assert app.interview.current.id == "medications"
        assert app.focused is not None and app.focused is not sections


async def test_staff_key_is_a_kiosk_thing_only(make_app) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana Diaz")
        await pilot.press("home", "ctrl+k")  # an editing key in a text box, as usual
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert answer(app).value == ""


async def test_parking_keeps_the_answer_on_screen(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The caller said "female", the coordinator pressed 1, then the line dropped."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await go_to(pilot, "sex")
        await pilot.press("1")  # ticked, not yet sent with Enter
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        assert f"Parked: draft {reference}" in screen_text(app)
    draft = json.loads((tmp_path / "store" / "drafts" / f"{reference}.json").read_text())
    assert draft["answers"]["sex"]["value"] == "female" and draft["current"] == "sex"


async def test_parking_keeps_half_typed_input_as_no_answer_and_gives_it_back(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """The line dropped half-way through a date of birth: the draft keeps what was typed, not
    as an answer; carrying on, it is back in the box, saying so, for the caller to finish."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana Diaz")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "31/02/19")  # half typed, not a date
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("f10")
        await settle(pilot)
        path = tmp_path / "store" / "drafts" / f"{reference}.json"
        draft = json.loads(path.read_text())
        assert draft["answers"]["full_name"]["value"] == "Ana Diaz"
        assert "date_of_birth" not in draft["answers"]
        assert draft["unfinished"] == {"date_of_birth": "31/02/19"}
        app.resume_draft(reference)
        await settle(pilot)
        assert answer(app).value == "31/02/19" and answer(app).has_focus
        assert "Not yet an answer: this was typed here before" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "1985-03-14")
        await settle(pilot)
        # Changed: the message about the input kept goes (it stayed up over the new date).
        assert "Not yet an answer" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.interview.current is not None and app.interview.current.id != "date_of_birth"
        assert "Not yet an answer" not in screen_text(app)
        await pilot.press("f10")
        await settle(pilot)
    draft = json.loads(path.read_text())
    assert draft["answers"]["date_of_birth"]["value"] == "1985-03-14"
    assert draft["unfinished"] == {}


async def test_a_grid_left_half_filled_at_a_kiosk_is_there_for_the_coordinator(  # type: ignore[no-untyped-def]
    demo: QuestionSet, tmp_path: Path
) -> None:
    store = FileStore(tmp_path / "store")
    kiosk = kiosk_draft(demo, store, full_name="Ana Diaz")
    kiosk.keep_input("severity", {"tiredness": "severe", "skin": "mild"})
    kiosk.jump("severity")
    store.save_draft(kiosk.to_draft())
    app = PrescreenApp(demo, store, mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.resume_draft(kiosk.reference)
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.field is not None
        assert app.screen.field.raw() == {"tiredness": "severe", "skin": "mild"}
        assert "Not yet an answer" in screen_text(app)


async def test_parking_an_empty_interview_keeps_no_draft(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert "nothing was answered" in screen_text(app)
        assert listed(app) == []
    assert not list((tmp_path / "store" / "drafts").glob("*.json"))


async def test_a_draft_open_in_two_places_loses_nothing(demo: QuestionSet, tmp_path: Path) -> None:
    """A kiosk still has the form open when a coordinator opens its draft: both go on saving,
    neither overwrites the other."""
    store = FileStore(tmp_path / "store")
    kiosk = kiosk_draft(demo, store, full_name="Eve Race")
    app = PrescreenApp(demo, store, mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.resume_draft(kiosk.reference)
        await settle(pilot)
        kiosk.answer("date_of_birth", "1970-01-02")  # the kiosk saves meanwhile
        store.save_draft(kiosk.to_draft())
        await go_to(pilot, "date_of_birth")
        await type_text(pilot, "2/1/1971")
        await pilot.press("enter")
        await settle(pilot)
        assert app.interview is not None and app.interview.reference != kiosk.reference
        assert "was changed elsewhere" in screen_text(app)
        ours = app.interview.reference
    theirs = store.load_draft(kiosk.reference)
    assert str(theirs.answers["date_of_birth"].value) == "1970-01-02"
    mine = store.load_draft(ours)
    assert mine.answers["date_of_birth"].value == "1971-02-01"
    assert mine.answers["full_name"].value == "Eve Race"


async def test_the_drafts_list_reads_the_store_again_on_f5(
    demo: QuestionSet, tmp_path: Path
) -> None:
    store = FileStore(tmp_path / "store")
    app = PrescreenApp(demo, store, mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert listed(app) == []
        kiosk = kiosk_draft(demo, store, full_name="Eve Race")  # a kiosk, meanwhile
        await pilot.press("f5")
        await settle(pilot)
        assert listed(app) == [kiosk.reference]


async def test_the_consent_screen_tells_the_interviewer_how_to_read_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """The statement is read aloud; the interviewer is told so, and when to accept. A kiosk's
    patient never sees those words."""
    for mode, shown in (("phone", True), ("kiosk", False)):
        app: PrescreenApp = make_app(mode=mode, interviewer="coord-7")
        async with app.run_test(size=(100, 30)) as pilot:
            app.begin(None)
            await settle(pilot)
            assert isinstance(app.screen, ConsentScreen)
            text = screen_text(app)
            assert ("word for word" in text) is shown, mode
            assert "not a diagnosis" in text, mode  # the statement itself, in both


async def test_the_arrow_keys_lead_from_new_interview_down_to_the_drafts(make_app) -> None:  # type: ignore[no-untyped-def]
    """After parking, the focus is on New interview; Down goes on to the search and into
    the list (the newest draft first), Up back again, and never round past the ends."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await answer_first_questions(app, pilot, "Ana Diaz", "201 555 0123")
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        assert app.focused is not None and app.focused.id == "new"
        await pilot.press("down", "down")
        assert app.focused is not None and app.focused.id == "drafts"
        await pilot.press("up")  # in the list: its own cursor, which stays on its one draft
        assert app.focused.id == "drafts"
        await pilot.press("shift+tab", "up", "up", "up", "up")
        assert app.focused is not None and app.focused.id == "interviewer"  # not round
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert app.interview is not None and app.interview.reference == reference


async def lupus_at(pilot: Any, tmp_path: Path, qid: str) -> PrescreenApp:
    """The bundled set, on the phone, at this question (consent given)."""
    app = pilot.app
    assert isinstance(app, PrescreenApp)
    app.begin(None)
    await settle(pilot)
    app.accept_consent()
    await settle(pilot)
    assert app.interview is not None
    app.interview.jump(qid)
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    await screen.show_current()
    await settle(pilot)
    return app


def lupus_phone_app(tmp_path: Path) -> PrescreenApp:
    qs, _warnings = load_question_set(default_question_set())
    return PrescreenApp(qs, FileStore(tmp_path / "store"), mode="phone", interviewer="coord-7")


async def test_a_long_checklist_scrolls_to_the_option_the_cursor_is_on(tmp_path: Path) -> None:
    """80x24 on the phone: the emergency checklist runs below the page's fold. The cursor
    going down the list takes the page with it, so what is ticked is seen ticked."""
    app = lupus_phone_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await lupus_at(pilot, tmp_path, "urgent_symptoms")
        assert app.interview is not None
        question = app.interview.current
        assert isinstance(question, MultipleChoice)
        last = app.interview.text(question.choices[-1].label)
        assert f"[ ] {last}" not in screen_text(app)  # below the fold
        for _ in question.choices[1:]:
            await pilot.press("down")
        await settle(pilot)
        assert f"[ ] {last}" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        assert f"[x] {last}" in screen_text(app)


async def test_why_a_tall_grid_cannot_go_on_is_said_where_it_is_seen(tmp_path: Path) -> None:
    """80x24 on the phone: the message under a grid is below the fold, under its last row;
    Enter, which cannot go on, brings it into view."""
    app = lupus_phone_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await lupus_at(pilot, tmp_path, "symptoms_body")
        assert "Please answer" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Please answer this question." in screen_text(app)


async def test_park_is_in_the_key_bar_at_80_columns_with_every_key_offered(make_app) -> None:  # type: ignore[no-untyped-def]
    """The key bar is cut off at its end on a narrow terminal; F10, for a call that drops,
    comes before the keys a question may add (F7, F8)."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await go_to(pilot, "email")
        on_screen = {key.key_display: key.description for key in shown_keys(app)}
        assert on_screen["f10"] == "Park" and "f7" in on_screen


async def test_a_call_that_drops_during_the_review_is_parked_and_resumed_there(make_app) -> None:  # type: ignore[no-untyped-def]
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await answer_all(app, pilot)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen) and listed(app) == [reference]
        app.resume_draft(reference)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_a_tall_terminal_on_the_phone_gets_no_kiosk_sized_targets(make_app) -> None:  # type: ignore[no-untyped-def]
    """Buttons five lines high and options three lines high are for fingers at a kiosk; a
    coordinator's tall terminal keeps them small (and the boxes of a roomy screen)."""
    for mode, tall in (("phone", False), ("kiosk", True)):
        app: PrescreenApp = make_app(mode=mode, interviewer="coord-7")
        async with app.run_test(size=(100, 50)) as pilot:
            await start(app, pilot)
            screen = app.screen
            assert screen.has_class("-tall") is tall, mode
            assert not screen.has_class("-short"), mode
            assert (screen.query_one("#next").outer_size.height >= 5) is tall, mode


async def test_a_draft_another_coordinator_may_have_open_is_asked_about(
    demo: QuestionSet, tmp_path: Path
) -> None:
    """Two coordinators opened the same call's draft: nothing was lost, but the caller had two
    drafts and could be called twice. A draft saved lately and not parked is asked about."""
    import datetime as dt

    from prescreen.tui.screens.calls import OpenElsewhereDialog

    store = FileStore(tmp_path / "store")
    other = Interview(demo, mode="phone", interviewer="coord-2", clock=fixed_clock)
    other.reference = store.new_reference()
    other.give_consent()
    other.answer("full_name", "Ana Open")
    store.save_draft(other.to_draft())
    later = fixed_clock() + dt.timedelta(minutes=3)
    app = PrescreenApp(demo, store, mode="phone", interviewer="coord-7", clock=lambda: later)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.resume_draft(other.reference)
        await settle(pilot)
        assert isinstance(app.screen, OpenElsewhereDialog)
        assert "coord-2, saved 3 min ago" in screen_text(app)
        assert isinstance(app.focused, Button) and app.focused.id == "stay"
        await pilot.press("enter")  # back to the list
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen) and app.interview is None
        app.resume_draft(other.reference)
        await settle(pilot)
        await pilot.click("#go")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.interview is not None and app.interview.reference == other.reference


async def test_quitting_parks_the_call_with_what_is_on_screen(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ctrl+q saved the draft but dropped what was typed and not yet sent, and did not mark
    it parked: opened again, it said it might still be open on another screen."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await go_to(pilot, "date_of_birth")
        await type_text(pilot, "3/14/19")  # half a date, not sent
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
    store = FileStore(tmp_path / "store")
    draft = store.load_draft(reference)
    assert draft.unfinished == {"date_of_birth": "3/14/19"}
    assert draft.history[-1].event == "parked"
    assert draft.open_elsewhere(draft.updated_at) is None


async def test_f10_in_the_note_keeps_the_note_and_parks(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The call dropped while a note was being written: F10 did nothing in the note, and
    Escape, the only way out, threw the note away."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana")
        await pilot.press("f9")
        await settle(pilot)
        await type_text(pilot, "Spells it A-N-A")
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
    draft = json.loads((tmp_path / "store" / "drafts" / f"{reference}.json").read_text())
    assert draft["notes"] == {"full_name": "Spells it A-N-A"}
    assert draft["answers"]["full_name"]["value"] == "Ana"
    assert draft["history"][-1]["event"] == "parked"


async def test_a_second_enter_opening_a_draft_gives_no_answer(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Enter pressed twice on a draft in the list: the second went to the question it opened
    at, and sent as an answer the option ticked before the call dropped, which no one had
    checked ("Not yet an answer... check it")."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await type_text(pilot, "Ana Diaz")
        await pilot.press("enter")
        await settle(pilot)
        await go_to(pilot, "sex")
        await pilot.press("down")  # highlighted, not chosen: unfinished when parked
        assert app.interview is not None
        reference = app.interview.reference
        app.interview.keep_input("sex", "female", as_answer=False)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen) and listed(app) == [reference]
        drafts = app.screen.query_one("#drafts", OptionList)
        drafts.focus()
        drafts.highlighted = 0
        await pilot.press("enter", "enter")  # the second once the draft is on screen
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.shown is not None
        assert app.screen.shown.id == "sex"
        assert app.interview is not None and app.interview.value("sex") is None
        await pilot.pause(LOOK_FIRST)
        await pilot.press("enter")  # once the screen has been there a moment, Enter sends it
        await settle(pilot)
        assert app.interview.value("sex") == "female"


async def test_quitting_with_a_note_open_keeps_the_note(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ctrl+q parks as F10 does, and F10 in the note keeps the note: ctrl+q lost it."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "Caller is deaf in the left ear")
        assert app.interview is not None
        reference = app.interview.reference
        await pilot.press("ctrl+q")
        await settle(pilot)
    draft = FileStore(tmp_path / "store").load_draft(reference)
    assert draft.notes == {"full_name": "Caller is deaf in the left ear"}
    assert draft.history[-1].event == "parked"
