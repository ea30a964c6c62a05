"""An application read in another language of the set it answered: the wording changes, what
was answered does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from prescreen.core.answer_file import run_answers
from prescreen.core.loading import load_question_set, read_yaml
from prescreen.core.questionset import QuestionSet
from prescreen.core.records import Application
from prescreen.core.translated import NotTheSet, in_language
from prescreen.locations import default_question_set
from tests.conftest import DEMO, fixed_clock

PROFILE = Path(__file__).resolve().parents[1] / "questionsets" / "lupus_profiles"


@pytest.fixture(scope="module")
def lupus() -> QuestionSet:
    qs, _ = load_question_set(default_question_set())
    return qs


def spanish(lupus: QuestionSet) -> Application:
    answers = read_yaml((PROFILE / "safety_reviews.yaml").read_text(encoding="utf-8"))
    assert isinstance(answers, dict)
    run = run_answers(lupus, answers, language="es", clock=fixed_clock)
    assert run.errors == {}
    return run.interview.submit()


def answers_by_id(app: Application) -> dict[str, tuple[str, str | None]]:
    return {a.question_id: (a.question, a.label) for s in app.sections for a in s.answers}


def test_a_spanish_application_reads_in_english_with_the_same_answers(
    lupus: QuestionSet,
) -> None:
    """A Spanish interview, an English-speaking clinician: `prescreen show` gave the flags in
    Spanish, in the words meant for the patient's screen."""
    app = spanish(lupus)
    english = in_language(app, lupus, "en")
    before, after = answers_by_id(app), answers_by_id(english)
    assert before["filled_by"] == (
        "\u00bfQui\u00e9n est\u00e1 rellenando este formulario?",
        "Estoy ayudando a la persona que solicita",
    )
    assert after["filled_by"] == (
        "Who is filling in this form?",
        "I am helping the person applying",
    )
    assert after["date_of_birth"][1] == "21 July 1990"
    assert after["main_goal"][1] == before["main_goal"][1]  # typed text stays as typed
    # Flags and the outcome in English, their placeholders filled from the answers.
    info = [flag.message for flag in english.flags if flag.severity.value == "info"]
    assert any("(biopsy: Yes)" in message for message in info)
    assert not any("{" in flag.message for flag in english.flags)
    assert english.outcome.label == "Needs clinician review"
    assert english.outcome.reasons == [
        flag.message for flag in english.flags if flag.severity.value == "review"
    ]
    # What was recorded is the same: values, statuses, flags raised, outcome, times.
    assert [f.id for f in english.flags] == [f.id for f in app.flags]
    assert english.outcome.code == app.outcome.code
    for one, other in zip(app.sections, english.sections, strict=True):
        assert [(a.question_id, a.status, a.value) for a in one.answers] == [
            (a.question_id, a.status, a.value) for a in other.answers
        ]
    assert english.language == "es" and english.submitted_at == app.submitted_at
    Application.model_validate(english.model_dump(by_alias=True))  # still a valid application


def test_only_the_set_it_answered_gives_its_wording(lupus: QuestionSet) -> None:
    app = spanish(lupus)
    demo, _ = load_question_set(DEMO)
    with pytest.raises(NotTheSet, match="answered question set 'lupus_msc'"):
        in_language(app, demo, "en")
    changed = lupus.model_copy(update={"content_hash": "sha256:" + "0" * 64})
    with pytest.raises(NotTheSet):
        in_language(app, changed, "en")
