"""Show-if and flag conditions: a small declarative grammar evaluated without eval().

A condition is data, for example::

    {question: diagnosed, equals: yes}
    {all: [{calculation: age, at_least: 18}, {not: {question: pregnant, equals: yes}}]}

A comparison on something that has no answer (unanswered, hidden, or a calculation that cannot be
computed) is false; only `answered: false` is true for it. Use `not` to invert on purpose.
"""

from __future__ import annotations

import datetime as dt
import operator as _operators
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from prescreen.core.ids import Id

Scalar = bool | int | float | str
Test = Callable[[Mapping[str, Any]], bool]
"""A condition made ready to evaluate: values by id in, true or false out."""

OPERATORS = (
    "equals",
    "not_equals",
    "one_of",
    "contains",
    "contains_any",
    "greater_than",
    "at_least",
    "less_than",
    "at_most",
    "answered",
)
ORDERING_OPERATORS = ("greater_than", "at_least", "less_than", "at_most")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Comparison(_Strict):
    """One test of one answer or calculated value."""

    question: Id | None = None
    calculation: Id | None = None
    item: Id | None = Field(None, description="A row of a grid question.")
    field: Id | None = Field(None, description="A field of a repeating group (any row matches).")
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    one_of: list[Scalar] | None = Field(None, min_length=1)
    contains: Scalar | None = None
    contains_any: list[Scalar] | None = Field(None, min_length=1)
    greater_than: float | str | None = None
    at_least: float | str | None = None
    less_than: float | str | None = None
    at_most: float | str | None = None
    answered: bool | None = None

    @field_validator(*ORDERING_OPERATORS, mode="before")
    @classmethod
    def _not_yes_no(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("compares numbers and dates, not true or false")
        return value

    @model_validator(mode="after")
    def _one_subject_one_operator(self) -> Comparison:
        if (self.question is None) == (self.calculation is None):
            raise ValueError("a condition names exactly one 'question' or one 'calculation'")
        used = [op for op in OPERATORS if getattr(self, op) is not None]
        if len(used) != 1:
            listed = ", ".join(OPERATORS)
            found = ", ".join(used) or "none"
            raise ValueError(
                f"a condition has exactly one test (found {len(used)}: {found});"
                f" the tests are: {listed}"
            )
        return self

    @property
    def subject(self) -> str:
        """The id this comparison looks at."""
        return self.question or self.calculation or ""

    @cached_property
    def operator(self) -> str:
        """The name of the single test used."""
        return next(op for op in OPERATORS if getattr(self, op) is not None)

    @property
    def operand(self) -> Any:
        """The value the test compares against."""
        return getattr(self, self.operator)

    @cached_property
    def test(self) -> Test:
        """This comparison, ready to evaluate (built once: visibility is worked out again
        after every answer)."""
        return _compile(self)


class AllOf(_Strict):
    """True when every condition is true."""

    all: list[Condition] = Field(min_length=1)

    @cached_property
    def test(self) -> Test:
        """True when every condition is true, ready to evaluate."""
        tests = [c.test for c in self.all]
        if len(tests) == 1:
            return tests[0]

        def every(values: Mapping[str, Any]) -> bool:
            for test in tests:  # noqa: SIM110 - a loop takes half the time of all()
                if not test(values):
                    return False
            return True

        return every


class AnyOf(_Strict):
    """True when at least one condition is true."""

    any: list[Condition] = Field(min_length=1)

    @cached_property
    def test(self) -> Test:
        """True when at least one condition is true, ready to evaluate."""
        tests = [c.test for c in self.any]
        if len(tests) == 1:
            return tests[0]

        def some(values: Mapping[str, Any]) -> bool:
            for test in tests:  # noqa: SIM110 - a loop takes half the time of any()
                if test(values):
                    return True
            return False

        return some


class NotCondition(_Strict):
    """True when the condition is false."""

    not_: Condition = Field(alias="not")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @cached_property
    def test(self) -> Test:
        """True when the condition is false, ready to evaluate."""
        inner = self.not_.test
        return lambda values: not inner(values)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "compare"
    if isinstance(value, AllOf):
        return "all"
    if isinstance(value, AnyOf):
        return "any"
    if isinstance(value, NotCondition):
        return "not"
    return "compare"


Condition = Annotated[
    Annotated[Comparison, Tag("compare")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotCondition, Tag("not")],
    Discriminator(_kind),
]


def children(condition: Condition) -> list[tuple[str, Condition]]:
    """The sub-conditions with their path suffixes, for walking the tree."""
    if isinstance(condition, AllOf):
        return [(f".all[{i}]", c) for i, c in enumerate(condition.all)]
    if isinstance(condition, AnyOf):
        return [(f".any[{i}]", c) for i, c in enumerate(condition.any)]
    if isinstance(condition, NotCondition):
        return [(".not", condition.not_)]
    return []


def comparisons(condition: Condition, path: str = "") -> list[tuple[str, Comparison]]:
    """Every comparison in a condition tree, with its path."""
    if isinstance(condition, Comparison):
        return [(path, condition)]
    found: list[tuple[str, Comparison]] = []
    for suffix, child in children(condition):
        found.extend(comparisons(child, path + suffix))
    return found


def evaluate(condition: Condition, values: Mapping[str, Any]) -> bool:
    """Evaluate a (load-time checked) condition over typed values by id.

    `values` holds only answers that count: visible questions and computable calculations.
    A special answer is stored as its name wrapped in `SpecialValue`. A date may be a
    `datetime.date` or ISO text. A test of a value that is not there is false, except
    `answered: false`.
    """
    return condition.test(values)


class SpecialValue(str):
    """A 'prefer not to say' or 'don't know' answer: answered, but equal to nothing else."""


def _subject_values(condition: Comparison, values: Mapping[str, Any]) -> list[Any] | None:
    try:
        value = values[condition.subject]  # one lookup: a calculation is computed on access
    except KeyError:
        return None
    if isinstance(value, SpecialValue):
        return [value]
    if condition.item is not None:
        row = value.get(condition.item) if isinstance(value, dict) else None
        return None if row is None else [row]
    if condition.field is not None:
        rows = value if isinstance(value, list) else []
        found = [row.get(condition.field) for row in rows if isinstance(row, dict)]
        return [v for v in found if v is not None] or None
    return [value]


_YES_NO = {"yes": True, "no": False, "true": True, "false": False}


def _like(operand: Any, value: Any) -> Any:
    """Read an author's operand as the type of the typed value it is compared with."""
    if isinstance(value, bool) and isinstance(operand, str):
        return _YES_NO.get(operand.casefold(), operand)
    if isinstance(value, dt.date) and isinstance(operand, str):
        return _iso_date(operand)
    return operand


def _plain(value: Any) -> Any:
    """A value as conditions compare it: a datetime is its date (comparing a datetime with a
    date raises), and a date kept as ISO text (read back from a saved draft) is a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and not isinstance(value, SpecialValue) and _DATE.match(value):
        return _iso_date(value)
    return value


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=1024)
def _iso_date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _same(value: Any, operand: Any) -> bool:
    a = _plain(value)
    b = _like(operand, a)
    if isinstance(a, SpecialValue):
        return isinstance(b, str) and str(a) == b
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def matches(value: Any, operand: Any) -> bool:
    """Whether a typed answer equals an author's operand, the way `equals` tests it."""
    return _same(value, operand)


def _order(value: Any, op: str, operand: Any) -> bool:
    if isinstance(value, SpecialValue | bool) or isinstance(operand, bool) or value is None:
        return False
    a, b = _plain(value), _plain(operand)
    numbers = (int, float, Decimal)
    comparable = (isinstance(a, numbers) and isinstance(b, numbers)) or (
        isinstance(a, dt.date) and isinstance(b, dt.date)
    )
    if not comparable:
        return False
    if op == "greater_than":
        return bool(a > b)
    if op == "at_least":
        return bool(a >= b)
    if op == "less_than":
        return bool(a < b)
    return bool(a <= b)


def _contains(value: Any, wanted: Any) -> bool:
    if isinstance(value, SpecialValue):
        return isinstance(wanted, str) and str(value) == wanted
    if isinstance(value, list | tuple | set | frozenset):
        return any(_same(v, wanted) for v in value)
    if isinstance(value, str) and isinstance(wanted, str):
        return wanted.casefold() in value.casefold()
    return _same(value, wanted)


def _compare(condition: Comparison, values: Mapping[str, Any]) -> bool:
    op, operand = condition.operator, condition.operand
    found = _subject_values(condition, values)
    if op == "answered":
        return (found is not None) is bool(operand)
    if found is None:
        return False
    if op == "equals":
        return any(_same(v, operand) for v in found)
    if op == "not_equals":
        return not any(_same(v, operand) for v in found)
    if op == "one_of":
        return any(_same(v, o) for v in found for o in operand)
    if op == "contains":
        return any(_contains(v, operand) for v in found)
    if op == "contains_any":
        return any(_contains(v, o) for v in found for o in operand)
    return any(_order(v, op, operand) for v in found)


_ORDER = {
    "greater_than": _operators.gt,
    "at_least": _operators.ge,
    "less_than": _operators.lt,
    "at_most": _operators.le,
}


def _compile(condition: Comparison) -> Test:
    """A comparison as a function of the values, doing at once what `_compare` does, with the
    common cases (a plain answer, not a grid row or repeat field) taken without `_compare`'s
    generality. Must give the same result as `_compare` for every value (a test checks it)."""
    op, operand = condition.operator, condition.operand
    if condition.item is not None or condition.field is not None or op.startswith("contains"):
        return lambda values: _compare(condition, values)
    subject = condition.subject
    if op == "answered":
        wanted = bool(operand)

        def answered(values: Mapping[str, Any]) -> bool:
            try:
                values[subject]
            except KeyError:
                return not wanted
            return wanted

        return answered
    if op in _ORDER:
        compare = _ORDER[op]
        numeric = type(operand) in (int, float)

        def order(values: Mapping[str, Any]) -> bool:
            try:
                value = values[subject]
            except KeyError:
                return False
            kind = type(value)
            if numeric and (kind is int or kind is float):
                return bool(compare(value, operand))
            return _order(value, op, operand)

        return order
    operands = list(operand) if op == "one_of" else [operand]
    negate = op == "not_equals"
    if not all(isinstance(o, str) for o in operands):

        def equal(values: Mapping[str, Any]) -> bool:
            try:
                value = values[subject]
            except KeyError:
                return False
            return any(_same(value, o) for o in operands) is not negate

        return equal
    # Text operands, the usual case (yes/no, a choice): read once as the answer types they
    # are compared with. A bool is compared with yes/no; a str that is not a date, without
    # case; anything else (a date, a number, a special answer) as `_same` does.
    folded = {o.casefold() for o in operands}
    flags = {_YES_NO.get(text) for text in folded} - {None}

    def equal_text(values: Mapping[str, Any]) -> bool:
        try:
            value = values[subject]
        except KeyError:
            return False
        kind = type(value)
        if kind is bool:
            return (value in flags) is not negate
        if kind is str and (not 10 <= len(value) <= 11 or not _DATE.match(value)):
            return (value.casefold() in folded) is not negate
        return any(_same(value, o) for o in operands) is not negate

    return equal_text
