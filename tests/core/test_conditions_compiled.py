"""Conditions are made ready to evaluate once (visibility is worked out after every answer);
the quick form gives exactly what the plain reading of the condition gives, for any value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from prescreen.core.conditions import Comparison, SpecialValue, _compare, evaluate

TEXTS = ["yes", "no", "YES", "No", "true", "red", "Red", "2020-01-31", "2020-02-30", "", "x y"]
OPERANDS = st.one_of(st.sampled_from(TEXTS), st.integers(-5, 5), st.floats(-5, 5, allow_nan=False))
VALUES = st.one_of(
    st.booleans(),
    st.sampled_from([*TEXTS, "2020-01-31\n", "RED", "maybe"]),
    st.integers(-5, 5),
    st.floats(-5, 5, allow_nan=False),
    st.dates(dt.date(2019, 1, 1), dt.date(2021, 1, 1)),
    st.sampled_from([SpecialValue("dont_know"), SpecialValue("yes")]),
    st.lists(st.sampled_from(TEXTS), max_size=3),
)


OPERATORS = [
    *("equals", "not_equals", "one_of", "contains", "answered"),
    *("greater_than", "at_least", "less_than", "at_most"),
]


@st.composite
def comparisons(draw: Any) -> Comparison:
    op = draw(st.sampled_from(OPERATORS))
    if op == "one_of":
        operand: Any = draw(st.lists(OPERANDS, min_size=1, max_size=3))
    elif op == "answered":
        operand = draw(st.booleans())
    elif op in ("greater_than", "at_least", "less_than", "at_most"):
        operand = draw(st.one_of(st.integers(-5, 5), st.sampled_from(["2020-01-31", "3"])))
    else:
        operand = draw(OPERANDS)
    return Comparison.model_validate({"question": "q", op: operand})


@given(comparisons(), st.one_of(st.none(), VALUES))
def test_the_quick_form_agrees_with_the_plain_one(condition: Comparison, value: Any) -> None:
    values = {} if value is None else {"q": value}
    assert evaluate(condition, values) == _compare(condition, values)


def test_equal_conditions_stay_equal_once_evaluated() -> None:
    one = Comparison.model_validate({"question": "q", "equals": "yes"})
    other = Comparison.model_validate({"question": "q", "equals": "yes"})
    assert evaluate(one, {"q": True})
    assert one == other and one.model_dump() == other.model_dump()
