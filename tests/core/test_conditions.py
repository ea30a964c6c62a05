"""The condition grammar and `evaluate`: operators, nesting, grids, repeats, special answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from prescreen.core.conditions import (
    AllOf,
    Comparison,
    Condition,
    NotCondition,
    SpecialValue,
    comparisons,
    evaluate,
)

ADAPTER: TypeAdapter[Condition] = TypeAdapter(Condition)
FHIR = (
    Path(__file__).resolve().parents[3]
    / "shared/external-questionnaires/fhir/lforms-R4-enableWhen-test.R4.json"
)


def holds(condition: dict[str, Any], values: dict[str, Any]) -> bool:
    """Parse a condition as the YAML loader would hand it over, and evaluate it."""
    return evaluate(ADAPTER.validate_python(condition), values)


# -- the grammar ---------------------------------------------------------------------------------


def test_a_comparison_knows_its_subject_operator_and_operand() -> None:
    c = Comparison(question="smoker", equals="yes")
    assert (c.subject, c.operator, c.operand) == ("smoker", "equals", "yes")
    c = Comparison(calculation="age", at_least=18)
    assert (c.subject, c.operator, c.operand) == ("age", "at_least", 18)


def test_nested_conditions_parse_into_their_models() -> None:
    condition = ADAPTER.validate_python(
        {"all": [{"question": "a", "answered": True}, {"not": {"question": "b", "equals": 1}}]}
    )
    assert isinstance(condition, AllOf)
    assert isinstance(condition.all[1], NotCondition)
    assert [path for path, _ in comparisons(condition, "show_if")] == [
        "show_if.all[0]",
        "show_if.all[1].not",
    ]


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        ({"question": "a", "equals": 1, "not_equals": 2}, "exactly one test (found 2"),
        ({"question": "a"}, "exactly one test (found 0"),
        ({"equals": 1}, "exactly one 'question' or one 'calculation'"),
        ({"question": "a", "calculation": "b", "equals": 1}, "exactly one 'question'"),
        ({"question": "a", "one_of": []}, "at least 1 item"),
        ({"question": "a", "contains_any": []}, "at least 1 item"),
        ({"question": "a", "at_least": True}, "compares numbers and dates"),
        ({"question": "a", "equal": 1}, "Extra inputs are not permitted"),
        ({"question": "Bad Id", "equals": 1}, "is not a valid id"),
        ({"all": []}, "at least 1 item"),
    ],
)
def test_malformed_conditions_are_refused(data: dict[str, Any], phrase: str) -> None:
    with pytest.raises(ValidationError, match=phrase.replace("(", r"\(")):
        ADAPTER.validate_python(data)


# -- every operator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        # equals: text ignores case, numbers compare as numbers
        ({"question": "name", "equals": "ANA"}, {"name": "ana"}, True),
        ({"question": "name", "equals": "ana"}, {"name": "anabel"}, False),
        ({"question": "n", "equals": 3}, {"n": 3.0}, True),
        ({"question": "n", "equals": 3}, {"n": 4}, False),
        ({"question": "colour", "equals": "red"}, {"colour": "red"}, True),
        # not_equals
        ({"question": "colour", "not_equals": "red"}, {"colour": "blue"}, True),
        ({"question": "colour", "not_equals": "red"}, {"colour": "red"}, False),
        # one_of
        ({"question": "colour", "one_of": ["red", "blue"]}, {"colour": "blue"}, True),
        ({"question": "colour", "one_of": ["red", "blue"]}, {"colour": "green"}, False),
        # contains: an option of a multiple choice answer, or a piece of a text
        ({"question": "symptoms", "contains": "fever"}, {"symptoms": ["rash", "fever"]}, True),
        ({"question": "symptoms", "contains": "fever"}, {"symptoms": ["rash"]}, False),
        ({"question": "notes", "contains": "ASPIRIN"}, {"notes": "takes aspirin daily"}, True),
        ({"question": "notes", "contains": "ibuprofen"}, {"notes": "takes aspirin"}, False),
        # contains_any
        ({"question": "symptoms", "contains_any": ["fever", "rash"]}, {"symptoms": ["rash"]}, True),
        ({"question": "symptoms", "contains_any": ["cough", "flu"]}, {"symptoms": ["rash"]}, False),
        ({"question": "symptoms", "contains_any": ["fever"]}, {"symptoms": []}, False),
        # ordering, with its boundaries
        ({"question": "n", "greater_than": 5}, {"n": 6}, True),
        ({"question": "n", "greater_than": 5}, {"n": 5}, False),
        ({"question": "n", "at_least": 5}, {"n": 5}, True),
        ({"question": "n", "at_least": 5}, {"n": 4.9}, False),
        ({"question": "n", "less_than": 5}, {"n": 4}, True),
        ({"question": "n", "less_than": 5}, {"n": 5}, False),
        ({"question": "n", "at_most": 5}, {"n": 5}, True),
        ({"question": "n", "at_most": 5}, {"n": 5.1}, False),
        ({"calculation": "age", "at_least": 18}, {"age": 18}, True),
        ({"calculation": "age", "less_than": 18}, {"age": 18}, False),
        # ordering never compares text, yes/no or mismatched kinds
        ({"question": "name", "greater_than": "m"}, {"name": "zoe"}, False),
        ({"question": "n", "greater_than": 0}, {"n": True}, False),
        ({"question": "n", "greater_than": "2020-01-01"}, {"n": 5}, False),
        # answered
        ({"question": "n", "answered": True}, {"n": 0}, True),
        ({"question": "n", "answered": True}, {}, False),
        ({"question": "n", "answered": False}, {}, True),
        ({"question": "n", "answered": False}, {"n": ""}, False),
    ],
)
def test_operator(condition: dict[str, Any], values: dict[str, Any], expected: bool) -> None:
    assert holds(condition, values) is expected


# -- yes/no and dates: operands as authors write them --------------------------------------------


@pytest.mark.parametrize("operand", [True, "yes", "Yes", "YES", "true"])
def test_yes_operands_match_a_yes_answer(operand: Any) -> None:
    assert holds({"question": "smoker", "equals": operand}, {"smoker": True})
    assert not holds({"question": "smoker", "equals": operand}, {"smoker": False})


@pytest.mark.parametrize("operand", [False, "no", "No", "NO", "false"])
def test_no_operands_match_a_no_answer(operand: Any) -> None:
    assert holds({"question": "smoker", "equals": operand}, {"smoker": False})
    assert not holds({"question": "smoker", "equals": operand}, {"smoker": True})


def test_yes_no_is_not_a_number() -> None:
    assert not holds({"question": "smoker", "equals": 1}, {"smoker": True})
    assert not holds({"question": "n", "equals": True}, {"n": 1})


@pytest.mark.parametrize(
    "value", [dt.date(2020, 5, 1), dt.datetime(2020, 5, 1, 13, 30), "2020-05-01"]
)
def test_date_operands_are_iso_text_for_dates_datetimes_and_iso_text(value: Any) -> None:
    """The answer may be a date (parsed), a datetime, or ISO text (read back from a draft)."""
    assert holds({"question": "d", "equals": "2020-05-01"}, {"d": value})
    assert not holds({"question": "d", "equals": "2020-05-02"}, {"d": value})
    assert holds({"question": "d", "at_least": "2020-05-01"}, {"d": value})
    assert holds({"question": "d", "greater_than": "2020-04-30"}, {"d": value})
    assert not holds({"question": "d", "greater_than": "2020-05-01"}, {"d": value})
    assert holds({"question": "d", "less_than": "2020-05-02"}, {"d": value})
    assert holds({"question": "d", "at_most": "2020-05-01"}, {"d": value})
    assert holds({"question": "d", "one_of": ["1999-01-01", "2020-05-01"]}, {"d": value})


def test_a_date_is_not_ordered_against_text_that_is_not_a_date() -> None:
    assert not holds({"question": "d", "greater_than": "today"}, {"d": dt.date(2020, 5, 1)})
    assert not holds({"question": "d", "equals": "today"}, {"d": dt.date(2020, 5, 1)})


def test_a_compact_iso_operand_matches_a_date_kept_as_text() -> None:
    # Python reads 20200501 as an ISO date, so the linter accepts it; it must then match.
    assert holds({"question": "d", "equals": "20200501"}, {"d": "2020-05-01"})
    assert holds({"question": "d", "equals": "20200501"}, {"d": dt.date(2020, 5, 1)})


# -- nesting -------------------------------------------------------------------------------------

ADULT_SMOKER = {
    "all": [
        {"calculation": "age", "at_least": 18},
        {"any": [{"question": "smoker", "equals": "yes"}, {"question": "vapes", "equals": "yes"}]},
        {"not": {"question": "pregnant", "equals": "yes"}},
    ]
}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"age": 30, "smoker": True, "pregnant": False}, True),
        ({"age": 30, "vapes": True}, True),
        ({"age": 30, "smoker": False, "vapes": False}, False),
        ({"age": 17, "smoker": True}, False),
        ({"age": 30, "smoker": True, "pregnant": True}, False),
        ({"smoker": True}, False),  # no age: the comparison on it is false
    ],
)
def test_all_any_not_nest(values: dict[str, Any], expected: bool) -> None:
    assert holds(ADULT_SMOKER, values) is expected


def test_double_negation() -> None:
    condition = {"not": {"not": {"question": "a", "equals": 1}}}
    assert holds(condition, {"a": 1})
    assert not holds(condition, {"a": 2})
    assert not holds(condition, {})


# -- grids and repeating groups ------------------------------------------------------------------

GRID = {"severity": {"tiredness": "severe", "pain": "mild"}}


def test_grid_rows_are_named_with_item() -> None:
    assert holds({"question": "severity", "item": "tiredness", "equals": "severe"}, GRID)
    assert not holds({"question": "severity", "item": "pain", "equals": "severe"}, GRID)
    assert holds({"question": "severity", "item": "pain", "one_of": ["mild", "none"]}, GRID)
    assert holds({"question": "severity", "item": "pain", "not_equals": "severe"}, GRID)


def test_an_unanswered_grid_row_is_unanswered() -> None:
    assert holds({"question": "severity", "item": "skin", "answered": False}, GRID)
    assert not holds({"question": "severity", "item": "skin", "not_equals": "severe"}, GRID)
    assert holds({"question": "severity", "answered": True}, GRID)


MEDICATIONS = {
    "medications": [
        {"name": "Hydroxychloroquine", "dose": "200 mg", "since": dt.date(2019, 1, 1)},
        {"name": "Prednisone 5mg"},
        {"dose": "unknown"},
    ]
}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"question": "medications", "field": "name", "contains": "prednisone"}, True),
        ({"question": "medications", "field": "name", "contains": "PREDNI"}, True),
        ({"question": "medications", "field": "name", "contains": "isoniazid"}, False),
        (
            {
                "question": "medications",
                "field": "name",
                "contains_any": ["hydralazine", "hydroxychloroquine"],
            },
            True,
        ),
        ({"question": "medications", "field": "name", "equals": "prednisone 5MG"}, True),
        ({"question": "medications", "field": "since", "less_than": "2020-01-01"}, True),
        ({"question": "medications", "field": "frequency", "answered": False}, True),
        ({"question": "medications", "field": "frequency", "equals": "daily"}, False),
        ({"question": "medications", "field": "dose", "answered": True}, True),
    ],
)
def test_repeat_fields_match_any_row(condition: dict[str, Any], expected: bool) -> None:
    assert holds(condition, MEDICATIONS) is expected


def test_an_empty_repeat_has_no_field_answers() -> None:
    values: dict[str, Any] = {"medications": []}
    assert not holds({"question": "medications", "field": "name", "contains": "a"}, values)
    assert holds({"question": "medications", "field": "name", "answered": False}, values)


# -- special answers -----------------------------------------------------------------------------

DONT_KNOW = SpecialValue("dont_know")


def test_a_special_answer_matches_its_own_name_only() -> None:
    values = {"diagnosed": DONT_KNOW}
    assert holds({"question": "diagnosed", "equals": "dont_know"}, values)
    assert not holds({"question": "diagnosed", "equals": "prefer_not_to_say"}, values)
    assert not holds({"question": "diagnosed", "equals": "yes"}, values)
    assert not holds({"question": "diagnosed", "equals": "no"}, values)
    assert holds({"question": "diagnosed", "not_equals": "yes"}, values)
    assert holds({"question": "diagnosed", "one_of": ["yes", "dont_know"]}, values)
    assert holds({"question": "diagnosed", "answered": True}, values)


def test_a_special_answer_is_not_text_a_number_or_a_date() -> None:
    assert not holds({"question": "notes", "contains": "know"}, {"notes": DONT_KNOW})
    assert not holds({"question": "n", "at_least": 0}, {"n": SpecialValue("prefer_not_to_say")})
    assert not holds({"question": "d", "less_than": "2030-01-01"}, {"d": DONT_KNOW})


def test_special_answers_on_multiple_choice_grid_and_repeat() -> None:
    assert holds({"question": "symptoms", "contains": "dont_know"}, {"symptoms": DONT_KNOW})
    assert holds({"question": "symptoms", "equals": "dont_know"}, {"symptoms": DONT_KNOW})
    assert not holds({"question": "symptoms", "contains": "fever"}, {"symptoms": DONT_KNOW})
    grid = {"severity": DONT_KNOW}
    assert holds({"question": "severity", "item": "pain", "equals": "dont_know"}, grid)
    assert not holds({"question": "severity", "item": "pain", "equals": "mild"}, grid)


def test_typed_text_that_spells_a_special_name_is_still_text() -> None:
    assert holds({"question": "notes", "equals": "dont_know"}, {"notes": "dont_know"})
    assert not holds({"question": "notes", "contains": "dont"}, {"notes": DONT_KNOW})


# -- a comparison on a missing value is false ----------------------------------------------------

MISSING = [
    {"question": "x", "equals": "yes"},
    {"question": "x", "not_equals": "yes"},
    {"question": "x", "one_of": ["a", "b"]},
    {"question": "x", "contains": "a"},
    {"question": "x", "contains_any": ["a"]},
    {"question": "x", "greater_than": 0},
    {"question": "x", "at_least": 0},
    {"question": "x", "less_than": 0},
    {"question": "x", "at_most": 0},
    {"question": "x", "answered": True},
    {"calculation": "age", "less_than": 18},
    {"calculation": "age", "not_equals": 18},
    {"question": "x", "item": "row", "equals": "a"},
    {"question": "x", "field": "f", "not_equals": "a"},
]


@pytest.mark.parametrize("condition", MISSING)
def test_a_comparison_on_a_missing_value_is_false(condition: dict[str, Any]) -> None:
    assert holds(condition, {"other": 1}) is False
    assert holds({"not": condition}, {"other": 1}) is True


def test_only_answered_false_holds_for_a_missing_value() -> None:
    assert holds({"question": "x", "answered": False}, {})
    assert holds({"calculation": "age", "answered": False}, {})


# -- conformance: FHIR Questionnaire enableWhen ----------------------------------------------------
# The items of LForms' enableWhen test questionnaire (R4), each written by hand in our grammar.
# FHIR's operators map as: exists -> answered, = -> equals, != -> not_equals, > -> greater_than,
# < -> less_than, >= -> at_least, <= -> at_most; enableBehavior all/any -> all/any. FHIR also
# orders strings (item Q7-gt, "Q7 > tes"); we deliberately compare only numbers and dates, and
# the linter refuses an ordering test on a text question. For a missing answer our rule is
# simpler than FHIR's: every test but `answered: false` is false (also `!=`).

FHIR_CASES: list[tuple[str, str, Any, dict[str, Any], list[tuple[dict[str, Any], bool]]]] = [
    # linkId, FHIR operator, FHIR answer, our condition, [(answers, enabled)]
    (
        "Q1-exists",
        "exists",
        True,
        {"question": "q1", "answered": True},
        [({"q1": False}, True), ({}, False)],
    ),
    (
        "Q1-not-exists",
        "exists",
        False,
        {"question": "q1", "answered": False},
        [({"q1": True}, False), ({}, True)],
    ),
    (
        "Q1-true",
        "=",
        True,
        {"question": "q1", "equals": True},
        [({"q1": True}, True), ({"q1": False}, False), ({}, False)],
    ),
    (
        "Q1-not-true",
        "!=",
        True,
        {"question": "q1", "not_equals": True},
        [({"q1": False}, True), ({"q1": True}, False)],
    ),
    (
        "Q2-equal",
        "=",
        5.6,
        {"question": "q2", "equals": 5.6},
        [({"q2": 5.6}, True), ({"q2": 5.7}, False)],
    ),
    (
        "Q2-ge",
        ">=",
        4.8,
        {"question": "q2", "at_least": 4.8},
        [({"q2": 4.8}, True), ({"q2": 9.0}, True), ({"q2": 4.7}, False), ({}, False)],
    ),
    (
        "Q3-ge",
        ">=",
        4,
        {"question": "q3", "at_least": 4},
        [({"q3": 4}, True), ({"q3": 3}, False)],
    ),
    (
        "Q4-equal",
        "=",
        "2020-05-01",
        {"question": "q4", "equals": "2020-05-01"},
        [({"q4": dt.date(2020, 5, 1)}, True), ({"q4": dt.date(2020, 5, 2)}, False)],
    ),
    (
        "Q4-ge",
        ">=",
        "2020-05-01",
        {"question": "q4", "at_least": "2020-05-01"},
        [({"q4": dt.date(2020, 5, 1)}, True), ({"q4": dt.date(2020, 4, 30)}, False)],
    ),
    (
        "Q7-notequals",
        "!=",
        "test",
        {"question": "q7", "not_equals": "test"},
        [({"q7": "testing"}, True), ({"q7": "test"}, False)],
    ),
    (
        "Q9-noteq-B",
        "!=",
        "B",
        {"question": "q9", "not_equals": "b"},
        [({"q9": "a"}, True), ({"q9": "b"}, False)],
    ),
    (
        "Q9b-eq-B",
        "=",
        34,
        {"question": "q9b", "equals": 34},
        [({"q9b": 34}, True), ({"q9b": 35}, False)],
    ),
]


def _fhir_items() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            found[item["linkId"]] = item
            walk(item.get("item", []))

    walk(json.loads(FHIR.read_text(encoding="utf-8"))["item"])
    return found


def _fhir_answer(when: dict[str, Any]) -> Any:
    answer = next(value for key, value in when.items() if key.startswith("answer"))
    return answer["code"] if isinstance(answer, dict) else answer


@pytest.mark.skipif(not FHIR.exists(), reason="the shared FHIR examples are not here")
@pytest.mark.parametrize(
    ("link_id", "operator", "answer", "condition", "checks"),
    FHIR_CASES,
    ids=[case[0] for case in FHIR_CASES],
)
def test_fhir_enable_when_in_our_grammar(
    link_id: str,
    operator: str,
    answer: Any,
    condition: dict[str, Any],
    checks: list[tuple[dict[str, Any], bool]],
) -> None:
    (when,) = _fhir_items()[link_id]["enableWhen"]
    assert (when["operator"], _fhir_answer(when)) == (operator, answer)
    for values, enabled in checks:
        assert holds(condition, values) is enabled, values


@pytest.mark.skipif(not FHIR.exists(), reason="the shared FHIR examples are not here")
def test_fhir_enable_behavior_all() -> None:
    # Q8-eq-B-and-C: multiple-select Q8 = B and Q8 = C, enableBehavior all.
    item = _fhir_items()["Q8-eq-B-and-C"]
    assert item["enableBehavior"] == "all"
    assert [_fhir_answer(w) for w in item["enableWhen"]] == ["B", "C"]
    condition = {"all": [{"question": "q8", "contains": "b"}, {"question": "q8", "contains": "c"}]}
    assert holds(condition, {"q8": ["a", "b", "c"]})
    assert not holds(condition, {"q8": ["b"]})
    # The same with enableBehavior any would be contains_any.
    assert holds({"question": "q8", "contains_any": ["b", "c"]}, {"q8": ["b"]})
