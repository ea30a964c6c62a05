"""Computed values: named calculations over answers (age, counts, score sums)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from prescreen.core.conditions import SpecialValue
from prescreen.core.dates import years_between
from prescreen.core.questionset import (
    Calculation,
    Grid,
    MultipleChoice,
    QuestionSet,
    Repeat,
    Scale,
    SingleChoice,
)

Number = int | float


def compute(
    calc: Calculation, qs: QuestionSet, values: Mapping[str, Any], today: dt.date
) -> Number | None:
    """The value of `calc` over the answers that count, or None when it cannot be computed."""
    if calc.age_years is not None:
        born = values.get(calc.age_years)
        return years_between(born, today) if isinstance(born, dt.date) else None
    if calc.count is not None:
        return _count(qs.by_id[calc.count], values.get(calc.count))
    total: Number | None = None
    for qid in calc.sum_scores or []:
        score = _score(qs.by_id[qid], values.get(qid))
        if score is not None:
            total = (total or 0) + score
    return total


def _count(question: Any, value: Any) -> int | None:
    if value is None or isinstance(value, SpecialValue):
        return None
    if isinstance(question, MultipleChoice):
        exclusive = {c.value for c in question.choices if c.exclusive}
        return sum(1 for v in value if v not in exclusive)
    if isinstance(question, Repeat | Grid):
        return len(value)
    return None


def _score(question: Any, value: Any) -> Number | None:
    if value is None or isinstance(value, SpecialValue):
        return None
    if isinstance(question, Scale):
        return int(value)
    if not isinstance(question, SingleChoice | MultipleChoice | Grid):
        return None
    scores = {c.value: c.score for c in question.choices}
    chosen = (
        [value]
        if isinstance(question, SingleChoice)
        else list(value.values())
        if isinstance(value, dict)
        else list(value)
    )
    found = [scores[v] for v in chosen if scores.get(v) is not None]
    return _tidy(sum(s for s in found if s is not None)) if found else None


def _tidy(number: float) -> Number:
    return int(number) if float(number).is_integer() else round(number, 6)


def format_number(value: Number | None) -> str | None:
    """A computed value as text, or None when there is none."""
    if value is None:
        return None
    return str(_tidy(value))
