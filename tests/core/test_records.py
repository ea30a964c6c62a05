"""The application file against its published JSON Schema, and reference codes."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from prescreen.core.answer_file import run_answers
from prescreen.core.questionset import QuestionSet
from prescreen.core.records import (
    REFERENCE_ALPHABET,
    Application,
    new_reference,
    normalise_reference,
)
from tests.conftest import VALID_ANSWERS, fixed_clock


def test_written_application_validates_against_published_schema(demo: QuestionSet) -> None:
    run = run_answers(demo, VALID_ANSWERS, clock=fixed_clock)
    written = json.loads(run.interview.submit().model_dump_json(by_alias=True))
    schema = Application.model_json_schema(by_alias=True, mode="serialization")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(written, schema)
    assert written["schema"] == "prescreen.application/1"
    assert written["submitted_at"].endswith("Z") or "+00:00" in written["submitted_at"]


def test_schema_rejects_a_broken_application(demo: QuestionSet) -> None:
    run = run_answers(demo, VALID_ANSWERS, clock=fixed_clock)
    written = json.loads(run.interview.submit().model_dump_json(by_alias=True))
    schema = Application.model_json_schema(by_alias=True, mode="serialization")
    del written["outcome"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(written, schema)


def test_reference_codes_read_aloud_safely() -> None:
    codes = {new_reference() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(REFERENCE_ALPHABET)
    assert not set("01ILOU") & set(REFERENCE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7kq2-mx4d", "7KQ2-MX4D"),
        (" 7KQ2 MX4D ", "7KQ2-MX4D"),
        ("7kq2mx4d", "7KQ2-MX4D"),
        ("7KQ2-MX4", None),
        ("../etc/passwd", None),
        ("0000-0000", None),
        ("", None),
    ],
)
def test_normalise_reference(typed: str, expected: str | None) -> None:
    assert normalise_reference(typed) == expected


def _skipped_with_a_value(data: dict[str, Any]) -> None:
    answer = data["sections"][0]["answers"][0]
    answer["status"] = "skipped"


def _answered_without_a_value(data: dict[str, Any]) -> None:
    data["sections"][0]["answers"][0]["value"] = None


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(id="not a code"),
        lambda d: d.update(language="klingon"),
        lambda d: d["question_set"].update(content_hash="abc"),
        lambda d: d["question_set"].update(version=""),
        lambda d: d["question_set"].update(id="Lupus Set"),
        lambda d: d["sections"][0]["answers"][0].update(type="banana"),
        lambda d: d["sections"][0]["answers"][0].update(question_id="Full Name"),
        _skipped_with_a_value,
        _answered_without_a_value,
    ],
    ids=[
        "reference",
        "language",
        "content_hash",
        "version",
        "set_id",
        "type",
        "question_id",
        "skipped_with_a_value",
        "answered_without_a_value",
    ],
)
def test_the_schema_and_the_reader_refuse_what_prescreen_never_writes(
    demo: QuestionSet, damage: Any
) -> None:
    """A system importing applications validates them against the published schema: it must
    refuse a file prescreen could not have written, as prescreen's own reader does."""
    run = run_answers(demo, VALID_ANSWERS, clock=fixed_clock)
    data = json.loads(run.interview.submit().model_dump_json(by_alias=True))
    schema = Application.model_json_schema(by_alias=True, mode="serialization")
    jsonschema.validate(data, schema)  # whole, it is valid
    damage(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    with pytest.raises(ValueError):
        Application.model_validate(data)


def test_a_draft_saved_lately_and_not_put_aside_may_be_open_elsewhere(demo: QuestionSet) -> None:
    import datetime as dt

    from prescreen.core.interview import Interview

    interview = Interview(demo, mode="phone", interviewer="coord-2", clock=fixed_clock)
    interview.give_consent()
    draft = interview.to_draft()
    now = fixed_clock()
    assert draft.open_elsewhere(now + dt.timedelta(seconds=20)) == (
        "coord-2, saved less than a minute ago"
    )
    assert draft.open_elsewhere(now + dt.timedelta(minutes=29)) == "coord-2, saved 29 min ago"
    assert draft.open_elsewhere(now + dt.timedelta(minutes=31)) is None  # left, not open
    interview.record("parked")
    assert interview.to_draft().open_elsewhere(now) is None


def test_codes_with_a_line_break_at_the_end_are_refused() -> None:
    """Python's '$' matches before a last line break, so 'demo\\n' passed as an id and went
    into applications that other languages' validators of the published schema refuse."""
    from pydantic import TypeAdapter

    from prescreen.core.ids import Id
    from prescreen.core.records import Reference
    from prescreen.core.text import Language

    for kind, good in ((Id, "demo"), (Reference, "7KQ2-MX4D"), (Language, "en")):
        adapter: TypeAdapter[str] = TypeAdapter(kind)
        assert adapter.validate_python(good) == good
        with pytest.raises(ValueError):
            adapter.validate_python(good + "\n")


WRONG_VALUES: list[tuple[str, Any]] = [
    ("text", "   "),
    ("text", 42),
    ("long_text", ""),
    ("integer", 62.5),
    ("integer", "42"),
    ("integer", True),
    ("decimal", "62.5"),
    ("decimal", True),
    ("date", "4th of March 1962"),
    ("date", "1985-02-30"),
    ("date", 19850314),
    ("yes_no", "yes"),
    ("single_choice", "Female"),
    ("single_choice", ["female"]),
    ("multiple_choice", []),
    ("multiple_choice", "fatigue"),
    ("multiple_choice", ["Joint pain"]),
    ("scale", 6.5),
    ("scale", "6"),
    ("phone", "call me maybe"),
    ("phone", "2015550123"),
    ("email", "nope"),
    ("grid", {}),
    ("grid", {"tiredness": "Moderate"}),
    ("grid", {"Tiredness": "moderate"}),
    ("repeat", []),
    ("repeat", [{}]),
    ("repeat", {"name": "Hydroxychloroquine"}),
]


def _written(demo: QuestionSet) -> dict[str, Any]:
    run = run_answers(demo, VALID_ANSWERS, clock=fixed_clock)
    data: dict[str, Any] = json.loads(run.interview.submit().model_dump_json(by_alias=True))
    return data


def _refused_by_schema_and_reader(data: dict[str, Any]) -> None:
    schema = Application.model_json_schema(by_alias=True, mode="serialization")
    checker = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(checker.iter_errors(data)), "the schema let it through"
    with pytest.raises(ValueError):
        Application.model_validate(data)


@pytest.mark.parametrize(("kind", "value"), WRONG_VALUES, ids=lambda v: repr(v)[:24])
def test_an_answer_of_the_wrong_kind_for_its_question_type_is_refused(
    demo: QuestionSet, kind: str, value: Any
) -> None:
    """An importer reads `value` by the question's type (docs/application-file.md): a date
    that is not one, a yes/no that is text, a choice that is a label, is refused by the
    published schema and by prescreen's reader alike."""
    data = _written(demo)
    answers = [a for section in data["sections"] for a in section["answers"]]
    answer = next(a for a in answers if a["type"] == kind and a["status"] == "answered")
    answer["value"] = value
    _refused_by_schema_and_reader(data)


@pytest.mark.parametrize(
    ("field", "value"), [("phone", "call me maybe"), ("phone", "+1 201 555"), ("email", "nope")]
)
def test_a_summary_phone_or_email_that_is_not_one_is_refused(
    demo: QuestionSet, field: str, value: str
) -> None:
    data = _written(demo)
    data["summary"][field] = value
    _refused_by_schema_and_reader(data)


def test_every_question_type_that_takes_an_answer_has_a_value_type(demo: QuestionSet) -> None:
    """A new question type must say what its answers look like in the file."""
    from prescreen.core.questionset import QUESTION_TYPES
    from prescreen.core.records import VALUE_TYPES

    assert set(VALUE_TYPES) == set(QUESTION_TYPES) - {"note"}
    data = _written(demo)  # and the demo set answers every one of them, validly
    answered = {
        a["type"] for s in data["sections"] for a in s["answers"] if a["status"] == "answered"
    }
    assert answered == set(VALUE_TYPES)
    schema = Application.model_json_schema(by_alias=True, mode="serialization")
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
