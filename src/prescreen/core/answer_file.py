"""Running an interview without a screen, over a file of answers keyed by question id.

Used by `prescreen submit` (entering a paper form, tests, other front ends). The same engine and
rules as the screens: answers are given in question order, so conditions see earlier answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prescreen.core.interview import Interview
from prescreen.core.questionset import Note, QuestionSet, Special
from prescreen.core.records import Mode, utc_now


@dataclass
class FileRun:
    """The interview built from a file, the problems per question id, and warnings."""

    interview: Interview
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def run_answers(
    qs: QuestionSet,
    answers: Mapping[str, Any],
    *,
    reference: str | None = None,
    mode: Mode = "file",
    interviewer: str | None = None,
    language: str | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
    consent_at: dt.datetime | None = None,
) -> FileRun:
    """Give every answer in `answers` to a new interview, in question order.

    Soft warnings are confirmed (the file is what the person wrote) and recorded as such.
    A special answer is written as its name: `prefer_not_to_say` or `dont_know`.
    """
    interview = Interview(
        qs, mode=mode, language=language, interviewer=interviewer, reference=reference, clock=clock
    )
    interview.give_consent(consent_at)
    run = FileRun(interview)
    for key in answers:
        if key not in qs.by_id:
            run.errors[str(key)[:64]] = "this question set has no question with this id"
        elif isinstance(qs.by_id[key], Note):
            run.errors[key] = "this is a note; it takes no answer"
    for question in qs.questions:
        if isinstance(question, Note):
            continue
        given = question.id in answers
        if not interview.is_visible(question.id):
            if given:
                run.warnings.append(f"{question.id}: not asked (its show_if is false); ignored")
            continue
        raw = answers.get(question.id)
        allowed = {s.value for s in question.allow}
        if isinstance(raw, str) and raw in allowed:
            raw = Special(raw)
        outcome = interview.answer(question.id, raw, confirm=True)
        if not outcome.ok:
            run.errors[question.id] = outcome.message or "invalid"
        elif outcome.status == "accepted":
            stored = interview.stored(question.id)
            for warning in stored.confirmed if stored else ():
                run.warnings.append(f"{question.id}: {warning} (recorded as confirmed)")
    return run
