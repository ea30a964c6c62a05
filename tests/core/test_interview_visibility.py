"""What is shown after an answer is worked out again only from that answer's place on; it must be
exactly what going through every question from the start gives, after any answers in any order,
with section conditions, calculations (an age moves with the date) and flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen.core.conditions import evaluate
from prescreen.core.interview import Interview
from prescreen.core.questionset import Note, QuestionSet

CHOICES = [{"value": v, "label": v, "score": s} for v, s in (("red", 1), ("green", 2), ("blue", 3))]
KINDS = ["yes_no", "single_choice", "integer", "date", "note"]


class _Reference(Mapping[str, Any]):
    """The answers that count, the plain way: a calculation is computed when looked up."""

    def __init__(self, interview: Interview) -> None:
        self.answers: dict[str, Any] = {}
        self.interview = interview

    def __getitem__(self, key: str) -> Any:
        if key in self.answers:
            return self.answers[key]
        calc = self.interview.question_set_calculations.get(key)
        if calc is not None:
            value = self.interview.compute(calc, self.answers)
            if value is not None:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.answers)

    def __len__(self) -> int:
        return len(self.answers)


def reference(interview: Interview) -> tuple[list[str], dict[str, Any], set[str]]:
    """Shown ids, the answers that count and the raised flags, from the first question on."""
    values = _Reference(interview)
    shown = []
    for section in interview.qs.sections:
        if section.show_if is not None and not evaluate(section.show_if, values):
            continue
        for question in section.questions:
            if question.show_if is None or evaluate(question.show_if, values):
                shown.append(question.id)
                stored = interview.stored(question.id)
                if stored is not None:
                    values.answers[question.id] = stored.value
    raised = {f.id for f in interview.qs.flags if evaluate(f.when, values)}
    return shown, values.answers, raised


@st.composite
def condition(draw: Any, ids: list[tuple[str, str]], own: int) -> dict[str, Any]:
    """A condition on a question before position `own`, mostly; sometimes on itself or a later
    one (a set that loads has none, but working out what is shown must not rely on that)."""
    anywhere = [(qid, kind) for qid, kind in ids if kind != "note"]
    before = [(qid, kind) for qid, kind in ids[:own] if kind != "note"]
    kind = draw(st.integers(0, 5))
    if kind == 5:
        parts = draw(st.lists(condition(ids, own), min_size=1, max_size=3))
        return {draw(st.sampled_from(["all", "any"])): parts}
    if kind == 4:
        return {"not": draw(condition(ids, own))}
    if kind == 3:
        test = draw(st.sampled_from([("at_least", 18), ("less_than", 40), ("at_least", 3)]))
        return {"calculation": draw(st.sampled_from(["age", "age", "score"])), test[0]: test[1]}
    qid, qtype = draw(st.sampled_from(before if before and draw(st.integers(0, 9)) else anywhere))
    if kind == 2:
        return {"question": qid, "answered": draw(st.booleans())}
    if qtype == "yes_no":
        return {"question": qid, "equals": draw(st.sampled_from(["yes", "no"]))}
    if qtype == "single_choice":
        return {"question": qid, "one_of": draw(st.sampled_from([["red"], ["green", "blue"]]))}
    if qtype == "integer":
        return {"question": qid, "at_least": draw(st.integers(0, 10))}
    return {"question": qid, "at_most": "2010-01-01"}


@st.composite
def question_sets(draw: Any) -> QuestionSet:
    """A set of a few sections, a third of the questions and a quarter of the sections shown
    under a condition, two calculations and some flags."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=5))
    kinds = ["yes_no", "date", *(draw(st.sampled_from(KINDS)) for _ in range(sum(sizes)))]
    kinds = kinds[: sum(sizes)]  # the age is on q1, when there is one
    ids = [(f"q{n}", kind) for n, kind in enumerate(kinds)]
    sections = []
    n = 0
    for s, size in enumerate(sizes):
        section: dict[str, Any] = {"id": f"s{s}", "title": f"Section {s}", "questions": []}
        if n and draw(st.integers(0, 3)) == 0:
            section["show_if"] = draw(condition(ids, n))
        for qid, kind in ids[n : n + size]:
            question: dict[str, Any] = {"id": qid, "type": kind, "text": f"Question {qid}"}
            if kind == "single_choice":
                question["choices"] = CHOICES
            if kind != "note":
                question["required"] = False
            if draw(st.integers(0, 2)) == 0:
                question["show_if"] = draw(condition(ids, n))
            section["questions"].append(question)
            n += 1
        sections.append(section)
    dates = [qid for qid, kind in ids if kind == "date"]
    choices = [qid for qid, kind in ids if kind == "single_choice"]
    flags = [
        {
            "id": f"flag{k}",
            "severity": "review",
            "message": "Look.",
            "when": draw(condition(ids, n)),
        }
        for k in range(draw(st.integers(0, 3)))
    ]
    return QuestionSet.model_validate(
        {
            "id": "random",
            "version": "1",
            "title": "A random set",
            "consent": {"statement": "You agree."},
            "sections": sections,
            "calculations": [
                {"id": "age", "label": "Age", "age_years": dates[0] if dates else "q0"},
                {"id": "score", "label": "Score", "sum_scores": choices or ["q0"]},
            ],
            "flags": flags,
        }
    )


def raw_answer(kind: str, pick: int) -> Any:
    if kind == "yes_no":
        return ("yes", "no")[pick % 2]
    if kind == "single_choice":
        return ("red", "green", "blue")[pick % 3]
    if kind == "integer":
        return pick % 12
    return ("1986-04-01", "2008-04-01", "2015-12-31")[pick % 3]  # 39, 17, 10 on the first day


DAYS = [0, 0, 0, 1, 9, 30]
"""Days that pass before an answer: an age of 17 or 39 on the first day turns 18 or 40."""
STEPS = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 11), st.booleans(), st.sampled_from(DAYS)),
    min_size=8,
    max_size=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question_sets(), STEPS)
def test_working_out_from_the_answer_on_equals_going_through_all(
    qs: QuestionSet, steps: list[tuple[int, int, bool, int]]
) -> None:
    now = [dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)]
    interview = Interview(qs, mode="file", clock=lambda: now[0])
    interview.give_consent()
    same_as_reference(interview)
    for which, pick, clear, days in steps:
        now[0] += dt.timedelta(days=days)  # an age (and what depends on it) can change
        raised = reference(interview)[2]
        takes = [q for q in interview.visible if not isinstance(q, Note)]
        if not takes:
            break
        question = takes[which % len(takes)]
        if clear:
            outcome = interview.skip(question.id)
        else:
            outcome = interview.answer(question.id, raw_answer(question.type, pick), confirm=True)
        assert outcome.ok, outcome.message
        after = same_as_reference(interview)
        assert {f.id for f in outcome.new_flags} == after - raised


def same_as_reference(interview: Interview) -> set[str]:
    """Check what the interview shows, counts and raises against the reference; the flags."""
    shown, answers, raised = reference(interview)
    assert [q.id for q in interview.visible] == shown
    assert list(interview._state()[1].answers.items()) == list(answers.items())
    assert {f.id for f in interview.flags()} == raised
    for question in interview.qs.questions:
        assert interview.is_visible(question.id) is (question.id in shown)
    return raised


def dated_set(**extra: Any) -> QuestionSet:
    """A date of birth, a question shown from 18 years of age on, and two more."""
    return QuestionSet.model_validate(
        {
            "id": "dated",
            "version": "1",
            "title": "Ages",
            "consent": {"statement": "You agree."},
            "sections": [
                {
                    "id": "s0",
                    "title": "Section",
                    "questions": [
                        {"id": "born", "type": "date", "text": "Born?", "required": False},
                        {
                            "id": "adult",
                            "type": "yes_no",
                            "text": "Adult?",
                            "required": False,
                            "show_if": {"calculation": "age", "at_least": 18},
                        },
                        {"id": "later", "type": "yes_no", "text": "Later?", "required": False},
                    ],
                }
            ],
            "calculations": [{"id": "age", "label": "Age", "age_years": "born"}],
            **extra,
        }
    )


def test_an_age_reached_between_answers_counts_at_the_next_answer() -> None:
    """A condition on an age before the answer is worked out again with today's date."""
    now = [dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)]
    interview = Interview(dated_set(), mode="file", clock=lambda: now[0])
    interview.give_consent()
    assert interview.answer("born", "2008-04-01").ok  # 17 today
    assert [q.id for q in interview.visible] == ["born", "later"]
    now[0] += dt.timedelta(days=30)  # 18
    assert interview.answer("later", "yes").ok
    assert [q.id for q in interview.visible] == ["born", "adult", "later"]
    same_as_reference(interview)


def test_a_flag_an_age_raised_between_answers_is_not_new_at_the_next_answer() -> None:
    """The flags before an answer are taken afresh when one of them looks at a calculation."""
    flag = {
        "id": "adult",
        "severity": "review",
        "message": "18.",
        "when": {"calculation": "age", "at_least": 18},
    }
    now = [dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)]
    interview = Interview(dated_set(flags=[flag]), mode="file", clock=lambda: now[0])
    interview.give_consent()
    assert interview.answer("born", "2008-04-01").new_flags == []  # 17 today
    now[0] += dt.timedelta(days=30)  # 18: raised by the date, not by the next answer
    assert interview.answer("later", "no").new_flags == []
    assert [f.id for f in interview.flags()] == ["adult"]
