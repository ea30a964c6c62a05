"""The application file against its published JSON Schema, and reference codes."""

from __future__ import annotations

import json

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
