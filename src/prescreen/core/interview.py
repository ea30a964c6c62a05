"""The state of one interview: the only object a front end talks to.

It knows which questions are visible given the answers so far, where the person is, what each
answer means, which flags are raised, and whether the interview can be submitted.

Hidden answers rule: when a changed answer hides later questions, their answers stop counting
(they are left out of conditions, calculations, flags and the application) but are kept in the
interview and its draft, so they come back if the earlier answer is changed back.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import JsonValue

from prescreen import __version__
from prescreen.core import answers as parsing
from prescreen.core.calculations import compute, format_number
from prescreen.core.conditions import Condition, SpecialValue, Test, comparisons, evaluate
from prescreen.core.questionset import (
    Answerable,
    AnyQuestion,
    Calculation,
    DecimalQuestion,
    Flag,
    IntegerQuestion,
    Note,
    OutcomeCode,
    QuestionSet,
    Section,
    Severity,
    Special,
)
from prescreen.core.records import (
    AnswerRecord,
    Application,
    CalculationRecord,
    ConsentRecord,
    Draft,
    DraftAnswer,
    FlagRecord,
    HistoryEvent,
    HistoryKind,
    Mode,
    NoteRecord,
    OutcomeRecord,
    QuestionSetRef,
    SectionRecord,
    SetAsideReason,
    SetAsideRecord,
    Software,
    Summary,
    new_reference,
    to_json,
    utc_now,
)
from prescreen.core.text import Text, clean_input, fill, reflow

_SEVERITY_ORDER = [Severity.URGENT, Severity.EXCLUDE, Severity.REVIEW, Severity.INFO]
_OUTCOME_BY_SEVERITY = {
    Severity.URGENT: OutcomeCode.URGENT,
    Severity.EXCLUDE: OutcomeCode.NOT_ELIGIBLE,
    Severity.REVIEW: OutcomeCode.REVIEW,
}
DEFAULT_OUTCOME_LABELS = {
    OutcomeCode.URGENT: "Urgent care needed",
    OutcomeCode.NOT_ELIGIBLE: "Likely not eligible",
    OutcomeCode.REVIEW: "Needs clinician review",
    OutcomeCode.PROCEED: "Proceed",
}


def outcome_words(
    qs: QuestionSet, code: OutcomeCode, text: Callable[[Text | None], str]
) -> tuple[str, str | None]:
    """An outcome's label and next steps, worded by `text` (a language, its placeholders):
    the set's own wording, else the built-in label."""
    wording = qs.outcomes.get(code)
    if wording is None:
        return DEFAULT_OUTCOME_LABELS[code], None
    return text(wording.label), text(wording.next_steps) if wording.next_steps else None


MAX_NOTE = 2000
"""Characters kept of an interviewer's note on one question."""
MAX_INTERVIEWER = 40
"""Characters kept of an interviewer id (as typed at the welcome screen or given on the command
line), after control characters are removed."""


class InterviewError(Exception):
    """A front end asked for something the interview cannot do (a programming error)."""


class NotComplete(Exception):
    """Submit was asked for while required answers are missing, or answers break a rule
    that depends on another answer (`Interview.to_check`)."""

    def __init__(self, to_answer: list[AnyQuestion]) -> None:
        super().__init__(", ".join(q.id for q in to_answer))
        self.to_answer = to_answer
        """The questions to answer, or to answer again."""


@dataclass(frozen=True)
class Stored:
    """An accepted answer: typed value, its label, and the soft warnings confirmed for it."""

    value: Any
    label: str
    confirmed: tuple[str, ...] = ()


def has_input(raw: Any) -> bool:
    """Whether raw input (text, a choice, a grid's or a repeat's values) holds anything typed
    or chosen: not only blanks and empty rows."""
    if isinstance(raw, str):
        return bool(raw.strip())
    if isinstance(raw, dict):
        return any(has_input(v) for v in raw.values())
    if isinstance(raw, list | tuple):
        return any(has_input(v) for v in raw)
    return raw is not None


@dataclass(frozen=True)
class RaisedFlag:
    """A flag whose condition holds, with its message in the interview language."""

    id: str
    severity: Severity
    message: str
    stop: bool


@dataclass(frozen=True)
class Outcome:
    """The pre-screen outcome with the reasons (messages of the flags that decided it)."""

    code: OutcomeCode
    label: str
    next_steps: str | None
    reasons: list[str]

    @property
    def urgent_advice(self) -> list[str]:
        """What the person must be told again at the end: the urgent flags' messages (a
        crisis line to call), when urgent flags decided the outcome."""
        return self.reasons if self.code == OutcomeCode.URGENT else []


@dataclass(frozen=True)
class AnswerOutcome:
    """What happened to an answer.

    status: `accepted`; `cleared` (an optional question left empty); `rejected` (message says
    why; the earlier answer, if any, is kept); `needs_confirmation` (a soft warning: answer again
    with confirm=True to keep it).
    """

    status: Literal["accepted", "cleared", "rejected", "needs_confirmation"]
    message: str | None = None
    label: str | None = None
    new_flags: list[RaisedFlag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the person can move on."""
        return self.status in ("accepted", "cleared")

    @property
    def urgent(self) -> list[RaisedFlag]:
        """Urgent flags this answer just raised, those that stop the interview first: each must
        interrupt the interview with its message."""
        raised = [f for f in self.new_flags if f.severity == Severity.URGENT]
        return sorted(raised, key=lambda f: not f.stop)

    @property
    def interrupt(self) -> RaisedFlag | None:
        """The urgent flag that decides what happens next (one that stops, if any)."""
        return self.urgent[0] if self.urgent else None


@dataclass(frozen=True)
class SectionStatus:
    """A shown section at a glance: how much is answered, and where to carry on in it."""

    section: Section
    answered: int
    total: int
    resume_at: str
    """The first question of the section still unanswered (else its first question)."""
    current: bool


@dataclass(frozen=True)
class Progress:
    """Position among the visible questions that take answers."""

    position: int
    total: int
    answered: int

    @property
    def fraction(self) -> float:
        """Answered share, 0.0 to 1.0."""
        return self.answered / self.total if self.total else 1.0


class _Values(dict[str, Any]):
    """Answers that count so far, by question id; looking up a calculation's id
    (`values[calc_id]`, as conditions do) computes it from them. `get` and `in` see the answers
    only, which is what `answers` is for."""

    __slots__ = ("_calcs", "_interview")

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self._interview = interview
        self._calcs = interview.question_set_calculations

    def __missing__(self, key: str) -> Any:
        calc = self._calcs.get(key)
        if calc is not None:
            value = self._interview.compute(calc, self)
            if value is not None:
                return value
        raise KeyError(key)

    @property
    def answers(self) -> dict[str, Any]:
        """The answers alone (calculations are not in them)."""
        return self

    def copy_without(self, drop: Iterable[str]) -> _Values:
        """A copy without the answers of `drop`."""
        copy = _Values(self._interview)
        copy.update(self)
        for qid in drop:
            copy.pop(qid, None)
        return copy


class _Plan:
    """A question set laid out for working out what is shown: every question in order with its
    condition made ready, and the sections as ranges of that order.

    A question's condition is evaluated over the answers of the questions shown before it (the
    values are filled in as the questions are gone through), so what is shown before position
    `p`, and the answers that count there, depend only on answers before `p`: after an answer at
    `p` only the rest has to be worked out again. Not after a condition on a calculation (an age
    depends on today's date too): an answer after it has everything worked out again, as every
    answer did before; nor when two questions share an id (a set that loads has none).
    """

    __slots__ = ("first", "flags_on_calc", "reuse_before", "section_at", "sections")

    def __init__(self, qs: QuestionSet) -> None:
        calcs = {c.id for c in qs.calculations}
        self.sections: list[tuple[int, Test | None, list[tuple[AnyQuestion, str, Test | None]]]]
        self.sections = []
        """Each section: the position of its first question, its condition, and its questions
        with their ids and conditions."""
        self.section_at: list[int] = []
        """The section of each position."""
        self.first: dict[str, int] = {}
        """The position of each question id."""
        on_calc: int | None = None
        for si, section in enumerate(qs.sections):
            start = len(self.section_at)
            shown_if = section.show_if
            if on_calc is None and shown_if is not None and _on_calc(shown_if, calcs):
                on_calc = start
            items: list[tuple[AnyQuestion, str, Test | None]] = []
            for question in section.questions:
                condition = question.show_if
                if on_calc is None and condition is not None and _on_calc(condition, calcs):
                    on_calc = len(self.section_at)
                self.first.setdefault(question.id, len(self.section_at))
                self.section_at.append(si)
                test = None if condition is None else condition.test
                items.append((question, question.id, test))
            self.sections.append((start, None if shown_if is None else shown_if.test, items))
        self.reuse_before = -1
        """After an answer at position `p`, what is shown before `p` is kept if
        `p <= reuse_before`."""
        if len(self.first) == len(self.section_at):
            self.reuse_before = len(self.section_at) if on_calc is None else on_calc
        self.flags_on_calc = any(_on_calc(f.when, calcs) for f in qs.flags)
        """Whether a flag looks at a calculation (so at today's date)."""


def _on_calc(condition: Condition, calcs: set[str]) -> bool:
    """Whether a condition looks at a calculation."""
    return any(c.subject in calcs for _path, c in comparisons(condition))


class Interview:
    """One person's interview over a question set."""

    def __init__(
        self,
        question_set: QuestionSet,
        *,
        mode: Mode = "kiosk",
        language: str | None = None,
        interviewer: str | None = None,
        reference: str | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.qs = question_set
        self.mode: Mode = mode
        self.language = (
            language if language in question_set.languages else question_set.default_language
        )
        self.interviewer = clean_input(interviewer)[:MAX_INTERVIEWER] if interviewer else None
        self.reference = reference or new_reference()
        self.clock = clock
        self.started_at = clock()
        self.consent_at: dt.datetime | None = None
        self._current_id: str | None = None
        self._review_from: str | None = None
        """The question the review was opened from before the last one (where Back goes)."""
        self.seen: set[str] = set()
        """Questions that have been put to the person (shown, or answered from a file)."""
        self.stopped_by: str | None = None
        """The urgent flag that stopped the interview, if one did (never in file mode)."""
        self._answers: dict[str, Stored] = {}
        self.notes: dict[str, str] = {}
        """Interviewer notes by question id, kept whether or not the question is shown."""
        self.unfinished: dict[str, JsonValue] = {}
        """Input left on screen, not an answer, when the interview was put aside, by question
        (see `keep_input`)."""
        self._typing: tuple[str, JsonValue] | None = None
        """What is in the field of the question on screen, not yet given (see `note_typing`)."""
        self.history: list[HistoryEvent] = []
        """What happened, oldest first (see HistoryEvent)."""
        self.set_aside: list[SetAsideRecord] = []
        """Answers and notes of an earlier version of the set that do not fit this one."""
        self.revision = 0
        """Drafts of this interview written so far (see Draft.revision)."""
        self.reviewed = False
        """Whether the review of all answers has been shown: later changes are recorded."""
        self._visible: list[AnyQuestion] | None = None
        self._values: _Values | None = None
        self._sections_shown: list[bool] = []
        self._redo_from: int | None = None
        """The first position whose answer changed since `_visible` was worked out."""
        self._raised: tuple[_Values, list[Flag]] | None = None
        """The flags whose condition holds over those values."""
        self._plan: _Plan | None = None
        self.question_set_calculations = {c.id: c for c in question_set.calculations}
        self._bounds_from_answers = frozenset(
            q.id
            for q in question_set.questions
            if not isinstance(q, Note) and parsing.takes_bounds_from_answers(q)
        )

    # -- wording ------------------------------------------------------------------------------
    @property
    def context(self) -> parsing.Context:
        """What answer parsing needs: the set, the language, today's date, the answers that
        count (for a bound such as `year of date_of_birth`)."""
        return parsing.Context(self.qs, self.language, self.clock().date(), self._state()[1])

    def text(self, value: Text | None) -> str:
        """An author's text in the interview language, with `{placeholders}` filled in."""
        return fill(reflow(self.qs.text(value, self.language)), self._placeholder)

    def _placeholder(self, name: str) -> str | None:
        if name in self._answers and name in self._state()[1].answers:
            return self._answers[name].label
        calc = self.question_set_calculations.get(name)
        return format_number(self.compute(calc, self._state()[1].answers)) if calc else None

    def message(self, code: str, **params: object) -> str:
        """A built-in message in the interview language (the set's wording where it has one)."""
        return self.context.message(code, **params)

    # -- consent and navigation ---------------------------------------------------------------
    def consent_guidance(self) -> str:
        """What the interviewer is told on the consent screen (phone mode): the set's own
        `consent.interviewer`, else the built-in message."""
        consent = self.qs.consent
        if consent.interviewer is not None:
            return self.text(consent.interviewer)
        return self.message("consent_interviewer", accept=self.text(consent.accept))

    def give_consent(self, at: dt.datetime | None = None) -> AnyQuestion | None:
        """Record consent (now, or when it was given on paper) and go to the first question."""
        self.consent_at = at or self.clock()
        self.record("created")
        visible = self.visible
        self.current_id = visible[0].id if visible else None
        return self.current

    @property
    def current_id(self) -> str | None:
        """The id of the question being asked (None at review or before consent)."""
        return self._current_id

    @current_id.setter
    def current_id(self, qid: str | None) -> None:
        if qid != self._current_id:
            self._typing = None  # typed for the question that was on screen
        self._current_id = qid
        self._review_from = None
        if qid is not None:
            self.seen.add(qid)

    def next_to_ask(self) -> AnyQuestion | None:
        """After a change made from review: the first shown question never put to the person
        (one the change has just revealed) or required and still unanswered (one passed by on
        the way to an early review, such as a safety check), in the order of the set; None
        when there is none and the review can be shown again."""
        return next(
            (q for q in self.visible if q.id not in self.seen or self._lacks_answer(q)), None
        )

    @property
    def visible(self) -> list[AnyQuestion]:
        """The questions shown given the answers so far, in order (notes included)."""
        return self._state()[0]

    def is_visible(self, qid: str) -> bool:
        """Whether a question is shown given the answers so far."""
        visible = self._state()[0]
        plan = self._layout
        where = plan.first.get(qid)
        if where is None:
            return False
        if plan.reuse_before < 0:  # two questions share an id: look at each
            return any(q.id == qid for q in visible)
        first = plan.first  # `visible` is in the set's order: found by halves
        index = bisect_left(visible, where, key=lambda q: first[q.id])
        return index < len(visible) and visible[index].id == qid

    @property
    def current(self) -> AnyQuestion | None:
        """The question being asked, or None at review (or before consent). Where the question
        the interview is at has been hidden since (by an answer, or by the date moving an age
        on), the next one shown; None when none follows. Reading it changes nothing."""
        qid = self.current_id
        if qid is None:
            return None
        position = self.qs.position
        here = position[qid]
        return next((q for q in self.visible if position[q.id] >= here), None)

    def ask(self) -> AnyQuestion | None:
        """The question to put to the person now (None: the review): `current`, which from
        now on is where the interview is and counts as seen, even where it is the one after
        a question hidden since the interview stopped there."""
        question = self.current
        if question is None:
            if self.current_id is not None:
                self.go_to_review()  # the hidden question was the last
        elif question.id != self.current_id or question.id not in self.seen:
            self.current_id = question.id
        return question

    def section(self, question: AnyQuestion) -> Section:
        """The section a question belongs to."""
        return self.qs.section_of[question.id]

    def next(self) -> AnyQuestion | None:
        """Move to the next visible question; None means the interview is at review."""
        current = self.ask()
        if current is None:
            return None
        visible = self.visible
        index = next(i for i, q in enumerate(visible) if q.id == current.id)
        if index + 1 < len(visible):
            self.current_id = visible[index + 1].id
        else:
            # Past the last question: the review, as by ctrl+r, so a change made from it on is
            # recorded in the history as one made after the answers were read back.
            self.go_to_review()
        return self.current

    def back(self) -> AnyQuestion | None:
        """Move to the previous visible question (from review: the one it was opened from, or
        the last one)."""
        visible = self.visible
        if not visible:
            return None
        current = self.current
        if current is None:
            came_from = self._review_from
            shown = came_from is not None and self.is_visible(came_from)
            self.current_id = came_from if shown else visible[-1].id
        else:
            index = next(i for i, q in enumerate(visible) if q.id == current.id)
            self.current_id = visible[max(index - 1, 0)].id
        return self.current

    def jump(self, qid: str) -> AnyQuestion:
        """Go to a visible question (from review, say)."""
        if not self.is_visible(qid):
            raise InterviewError(f"question {qid!r} is not shown")
        self.current_id = qid
        question = self.current
        assert question is not None
        return question

    def go_to_review(self) -> None:
        """Leave the questions for the review of all answers (Back returns to this one)."""
        came_from = self._current_id
        self.current_id = None
        self._review_from = came_from
        self.reviewed = True

    def record(self, event: HistoryKind, question_id: str | None = None) -> None:
        """Add a step to the history, with the time, mode and interviewer now."""
        self.history.append(self._event(event, question_id))

    def _event(self, event: HistoryKind, question_id: str | None = None) -> HistoryEvent:
        return HistoryEvent(
            at=self.clock(),
            event=event,
            mode=self.mode,
            interviewer=self.interviewer,
            question_id=question_id,
        )

    @property
    def at_start(self) -> bool:
        """Whether the current question is the first one shown."""
        visible = self.visible
        current = self.current
        return bool(visible) and current is not None and current.id == visible[0].id

    def progress(self) -> Progress:
        """Where the person is among the visible questions that take answers."""
        answerable = [q for q in self.visible if not isinstance(q, Note)]
        answered = sum(1 for q in answerable if q.id in self._answers)
        position = len(answerable)
        if self.current_id is not None:
            here = self.qs.position[self.current_id]
            position = sum(1 for q in answerable if self.qs.position[q.id] < here) + 1
        return Progress(min(position, len(answerable)), len(answerable), answered)

    # -- answers --------------------------------------------------------------------------------
    def answer(self, qid: str, raw: Any, *, confirm: bool = False) -> AnswerOutcome:
        """Give raw input (typed text, a choice, a Special, a file value) for a shown question."""
        question = self._answerable(qid)
        self.seen.add(qid)
        result = parsing.parse(question, raw, self.context)
        if isinstance(result, parsing.Rejected):
            return AnswerOutcome("rejected", result.message)
        previous = self._answers.get(qid)
        if isinstance(result, parsing.Empty):
            if previous is not None and isinstance(previous.value, SpecialValue):
                # An input field cannot show "prefer not to say": empty input keeps it.
                self._drop_typing(qid)
                return AnswerOutcome("accepted", None, previous.label)
            return self.skip(qid)
        already = set(previous.confirmed) if previous and previous.value == result.value else set()
        unconfirmed = [w for w in result.warnings if w not in already]
        if unconfirmed and not confirm:
            return AnswerOutcome("needs_confirmation", "\n".join(unconfirmed), result.label)
        stored = Stored(result.value, result.label, tuple(result.warnings))
        return self._change(qid, stored, "accepted")

    def keep_input(self, qid: str, raw: Any, *, as_answer: bool = True) -> bool:
        """Keep input left on screen when the interview is put aside (a call parked, a kiosk
        left idle) or, with `as_answer` False, when the person goes to another question
        without Next. A valid answer that needs no confirmation is taken as the answer (only
        when put aside: an answer is otherwise given by Next, with its warnings and flags);
        anything else typed or chosen (half a date, a grid partly filled) is kept as
        unfinished input, to be shown again in its field and never put in the application.
        Empty input, or input that shows the answer already given, changes nothing (an
        answer is never cleared here). Whether anything was kept."""
        self._drop_typing(qid)  # what is on screen now is what counts
        try:
            question = self._answerable(qid)
        except InterviewError:
            return False
        result = parsing.parse(question, raw, self.context)
        if self._is_the_answer(qid, result):
            return False
        if isinstance(result, parsing.Accepted) and not result.warnings and as_answer:
            self.seen.add(qid)
            self._change(qid, Stored(result.value, result.label), "accepted")
            return True
        if isinstance(result, parsing.Empty) or not has_input(raw):
            return False
        self.seen.add(qid)
        self.unfinished[qid] = to_json(raw)
        return True

    def _is_the_answer(self, qid: str, result: parsing.Result) -> bool:
        """Whether parsed input is the answer already given to `qid`."""
        previous = self._answers.get(qid)
        return (
            isinstance(result, parsing.Accepted)
            and previous is not None
            and previous.value == result.value
        )

    def _drop_typing(self, qid: str) -> None:
        if self._typing is not None and self._typing[0] == qid:
            self._typing = None

    def note_typing(self, qid: str, raw: Any) -> bool:
        """What is in the field of the question on screen and not yet given with Next: saved
        with the draft as unfinished input, so that it is there again if the program stops
        (killed, the power cut) before Next or Back. Never an answer; each call replaces the
        last, and it goes once the question is answered or another is asked. Whether what
        the draft would keep has changed."""
        before, self._typing = self._typing, None
        if qid == self.current_id and has_input(raw):
            try:
                question = self._answerable(qid)
            except InterviewError:
                return before is not None
            if not self._is_the_answer(qid, parsing.parse(question, raw, self.context)):
                self._typing = (qid, to_json(raw))
        return self._typing != before

    def take_unfinished(self, qid: str) -> JsonValue | None:
        """The unfinished input kept for a question (see `keep_input`), to show in its field;
        from then on it is on screen, and no longer kept here."""
        return self.unfinished.pop(qid, None)

    def skip(self, qid: str) -> AnswerOutcome:
        """Leave a question unanswered (clearing any answer): for optional questions only."""
        question = self._answerable(qid)
        if question.required:
            return AnswerOutcome("rejected", self.message("required"))
        return self._change(qid, None, "cleared")

    def can_skip(self, question: AnyQuestion) -> bool:
        """Whether a question may be left unanswered."""
        return not isinstance(question, Note) and not question.required

    def specials(self, question: AnyQuestion) -> list[Special]:
        """The special answers a question offers."""
        return [] if isinstance(question, Note) else list(question.allow)

    def sections(self) -> list[SectionStatus]:
        """The sections shown given the answers so far, for an interviewer to jump between."""
        grouped: dict[str, list[AnyQuestion]] = {}
        for question in self.visible:
            grouped.setdefault(self.section(question).id, []).append(question)
        here = self.section(self.current).id if self.current is not None else None
        statuses = []
        for questions in grouped.values():
            answerable = [q for q in questions if not isinstance(q, Note)]
            open_ = [q for q in answerable if q.id not in self._answers]
            statuses.append(
                SectionStatus(
                    section=self.section(questions[0]),
                    answered=len(answerable) - len(open_),
                    total=len(answerable),
                    resume_at=(open_ or questions)[0].id,
                    current=self.section(questions[0]).id == here,
                )
            )
        return statuses

    def starts_section(self, question: AnyQuestion) -> bool:
        """Whether a question is the first shown of its section (where its intro belongs)."""
        section = self.section(question)
        return next(q for q in self.visible if self.section(q) is section).id == question.id

    def _answerable(self, qid: str) -> Answerable:
        if self.stopped_by is not None:
            raise InterviewError(f"the interview was stopped by the flag {self.stopped_by!r}")
        question = self.qs.by_id.get(qid)
        if question is None or isinstance(question, Note):
            raise InterviewError(f"{qid!r} is not a question that takes an answer")
        if not self.is_visible(qid):
            raise InterviewError(f"question {qid!r} is not shown")
        return question

    def _change(
        self, qid: str, stored: Stored | None, status: Literal["accepted", "cleared"]
    ) -> AnswerOutcome:
        before = {f.id for f in self._raised_flags()}
        previous = self._answers.get(qid)
        self.unfinished.pop(qid, None)
        self._drop_typing(qid)
        # A change is to an answer given before: a first answer after an early review is not.
        if (
            self.reviewed
            and previous is not None
            and previous.value != (stored.value if stored else None)
        ):
            self.record("changed_after_review", qid)
        if stored is None:
            self._answers.pop(qid, None)
        else:
            self._answers[qid] = stored
        where = self._layout.first[qid]
        self._redo_from = where if self._redo_from is None else min(self._redo_from, where)
        new = [f for f in self.flags() if f.id not in before]
        stop = next((f for f in new if f.stop), None)
        if stop is not None and self.mode != "file":
            self.stopped_by = stop.id
        return AnswerOutcome(status, None, stored.label if stored else None, new)

    def set_note(self, qid: str, text: str) -> None:
        """Write (or, with empty text, remove) the interviewer's note on a question."""
        if qid not in self.qs.by_id:
            raise InterviewError(f"{qid!r} is not a question of this set")
        cleaned = clean_input(text, multiline=True).strip()[:MAX_NOTE]
        if cleaned:
            self.notes[qid] = cleaned
        else:
            self.notes.pop(qid, None)

    @property
    def is_empty(self) -> bool:
        """Whether nothing has been answered, noted or typed: a draft of it would hold
        nothing."""
        return not self._answers and not self.notes and not self.unfinished

    def stored(self, qid: str) -> Stored | None:
        """The answer kept for a question, shown or hidden."""
        return self._answers.get(qid)

    def value(self, qid: str) -> Any:
        """The typed answer if the question is shown and answered, else None."""
        return self._state()[1].answers.get(qid)

    # -- derived state --------------------------------------------------------------------------
    @property
    def _layout(self) -> _Plan:
        if self._plan is None:
            self._plan = _Plan(self.qs)
        return self._plan

    def _forget(self) -> None:
        """Work out what is shown again from the start, at the next question."""
        self._visible = self._values = None

    def _state(self) -> tuple[list[AnyQuestion], _Values]:
        """The questions shown and the answers that count, worked out again where an answer
        changed since."""
        if self._visible is None or self._values is None:
            return self._work_out(0)
        if self._redo_from is not None:
            return self._work_out(self._redo_from)
        return self._visible, self._values

    def _work_out(self, start: int) -> tuple[list[AnyQuestion], _Values]:
        """Go through the questions from position `start`, keeping what was worked out before
        it (see `_Plan`)."""
        plan = self._layout
        before, before_values = self._visible, self._values
        if before is None or before_values is None or not 0 < start <= plan.reuse_before:
            start = 0
            visible: list[AnyQuestion] = []
            values = _Values(self)
            sections_shown = [False] * len(plan.sections)
        else:
            first = plan.first
            cut = bisect_left(before, start, key=lambda q: first[q.id])
            dropped = [q.id for q in before[cut:]]
            visible = before[:cut]
            values = before_values.copy_without(dropped)
            sections_shown = list(self._sections_shown)
        stored = self._answers.get
        append = visible.append
        sections = plan.sections
        for si in range(plan.section_at[start] if start else 0, len(sections)):
            begins, section_test, items = sections[si]
            if begins >= start:
                on = section_test is None or section_test(values)
                sections_shown[si] = on
            else:  # the answer changed within the section: its condition is before it
                on = sections_shown[si]
                items = items[start - begins :]
            if not on:
                continue
            for question, qid, test in items:
                if test is None or test(values):
                    append(question)
                    kept = stored(qid)
                    if kept is not None:
                        values[qid] = kept.value
        self._visible, self._values = visible, values
        self._sections_shown = sections_shown
        self._redo_from = None
        return visible, values

    def _raised_flags(self) -> list[Flag]:
        """The flags whose condition holds over the answers that count."""
        values = self._state()[1]
        if self._raised is not None and self._raised[0] is values:
            return self._raised[1]
        raised = [f for f in self.qs.flags if evaluate(f.when, values)]
        if not self._layout.flags_on_calc:  # else today's date counts too: never kept
            self._raised = (values, raised)
        return raised

    def compute(self, calc: Calculation, answers: Mapping[str, Any]) -> int | float | None:
        """A calculation over the given answers."""
        return compute(calc, self.qs, answers, self.clock().date())

    def calculations(self) -> dict[str, int | float | None]:
        """Every calculation over the answers that count."""
        answers = self._state()[1].answers
        return {c.id: self.compute(c, answers) for c in self.qs.calculations}

    def calculated(self) -> list[tuple[Calculation, int | float | None]]:
        """Every calculation of the set, in order, with its value over the answers that count."""
        values = self.calculations()
        return [(c, values[c.id]) for c in self.qs.calculations]

    def flags(self) -> list[RaisedFlag]:
        """Flags raised by the answers that count, most serious first."""
        raised = [
            RaisedFlag(f.id, f.severity, self.text(f.message), f.stop) for f in self._raised_flags()
        ]
        return sorted(raised, key=lambda f: _SEVERITY_ORDER.index(f.severity))

    def outcome(self) -> Outcome:
        """The pre-screen outcome: decided by the most serious flag raised."""
        raised = self.flags()
        deciding = [f for f in raised if f.severity in _OUTCOME_BY_SEVERITY]
        code = _OUTCOME_BY_SEVERITY[deciding[0].severity] if deciding else OutcomeCode.PROCEED
        reasons = [f.message for f in deciding if f.severity == deciding[0].severity]
        label, steps = outcome_words(self.qs, code, self.text)
        return Outcome(code, label, steps, reasons)

    def missing(self) -> list[AnyQuestion]:
        """Shown, required questions without an answer."""
        return [q for q in self.visible if self._lacks_answer(q)]

    def to_check(self) -> list[tuple[AnyQuestion, str]]:
        """Shown answers, of questions with a rule that takes a bound from another answer,
        that now break one of their rules (a year of diagnosis before a date of birth
        corrected since), each with the rule's message. They must be answered again before
        the interview can be submitted."""
        if not self._bounds_from_answers:
            return []
        ctx = self.context
        found: list[tuple[AnyQuestion, str]] = []
        for question in self.visible:
            if isinstance(question, Note) or question.id not in self._bounds_from_answers:
                continue
            stored = self._answers.get(question.id)
            if stored is None or isinstance(stored.value, SpecialValue):
                continue
            message = parsing.broken_rule(question, stored.value, ctx)
            if message is not None:
                found.append((question, message))
        return found

    def first_to_settle(self) -> tuple[AnyQuestion, str] | None:
        """The first question to go to before submitting, with why: one required and not
        answered, one to answer again (`to_check`), or one where something typed is not yet
        an answer (submitting would leave it out); None when there is none."""
        missing = self.missing()
        if missing:
            return missing[0], self.message("required")
        to_check = self.to_check()
        if to_check:
            return to_check[0]
        typed = [q for q in self.visible if q.id in self.unfinished]
        return (typed[0], self.message("unfinished_here")) if typed else None

    def _lacks_answer(self, q: AnyQuestion) -> bool:
        """Whether a question is required and not answered."""
        return not isinstance(q, Note) and q.required and q.id not in self._answers

    @property
    def complete(self) -> bool:
        """Whether the interview can be submitted."""
        return self.consent_at is not None and not self.missing() and not self.to_check()

    # -- results --------------------------------------------------------------------------------
    def summary(self) -> Summary:
        """Name, phone and email as answered, for lists and searches."""

        def label(qid: str | None) -> str | None:
            if qid is None or self.value(qid) is None:
                return None
            value = self.value(qid)
            return None if isinstance(value, SpecialValue) else str(to_json(value))

        own = self.qs.summary
        return Summary(name=label(own.name), phone=label(own.phone), email=label(own.email))

    def _question_set_ref(self) -> QuestionSetRef:
        translation = self.qs.translations.get(self.language)
        return QuestionSetRef(
            id=self.qs.id,
            version=self.qs.version,
            title=self.text(self.qs.title),
            content_hash=self.qs.content_hash,
            translation_status=translation.status if translation else None,
        )

    def _record(self, question: Answerable) -> AnswerRecord:
        stored = self._answers.get(question.id)
        unit = None
        if isinstance(question, IntegerQuestion | DecimalQuestion) and question.unit:
            # In the set's own language, the same whatever language the person answered in
            # (the label, in theirs, says it to a reader): a code for systems that import it.
            unit = self.qs.text(question.unit, self.qs.default_language)
        base = {
            "question_id": question.id,
            "question": self.text(question.text),
            "type": question.type,
            "unit": unit,
        }
        if stored is None:
            status = "skipped" if question.id in self.seen else "not_asked"
            return AnswerRecord(**base, status=status)
        if isinstance(stored.value, SpecialValue):
            return AnswerRecord(**base, status=Special(str(stored.value)).value, label=stored.label)
        return AnswerRecord(
            **base,
            status="answered",
            value=to_json(stored.value),
            label=stored.label,
            warnings_confirmed=list(stored.confirmed),
        )

    def submit(self) -> Application:
        """The application file for this interview: `submitted`, or `ended_early` when an urgent
        flag stopped it. Raises NotComplete when a finished interview misses required answers."""
        if self.consent_at is None:
            raise InterviewError("consent has not been given")
        ended_early = self.stopped_by is not None
        if not ended_early and (self.missing() or self.to_check()):
            raise NotComplete(self.missing() + [q for q, _message in self.to_check()])
        sections: list[SectionRecord] = []
        visible = {q.id for q in self.visible}
        for section in self.qs.sections:
            records = [
                self._record(q)
                for q in section.questions
                if q.id in visible and not isinstance(q, Note)
            ]
            if records:
                sections.append(
                    SectionRecord(id=section.id, title=self.text(section.title), answers=records)
                )
        outcome = self.outcome()
        history = [*self.history, self._event("ended_early" if ended_early else "submitted")]
        return Application(
            id=self.reference,
            status="ended_early" if ended_early else "submitted",
            question_set=self._question_set_ref(),
            language=self.language,
            mode=self.mode,
            interviewer=self.interviewer,
            consent=ConsentRecord(
                at=self.consent_at, statement=self.text(self.qs.consent.statement)
            ),
            started_at=self.started_at,
            submitted_at=self.clock(),
            software=Software(version=__version__),
            summary=self.summary(),
            sections=sections,
            calculations=[
                CalculationRecord(id=c.id, label=self.text(c.label), value=value)
                for c, value in self.calculated()
            ],
            flags=[
                FlagRecord(id=f.id, severity=f.severity, message=f.message) for f in self.flags()
            ],
            outcome=OutcomeRecord(
                code=outcome.code,
                label=outcome.label,
                next_steps=outcome.next_steps,
                reasons=outcome.reasons,
            ),
            notes=[
                NoteRecord(
                    question_id=qid,
                    question=self.text(self.qs.by_id[qid].text),
                    text=self.notes[qid],
                    interviewer=self.interviewer,
                )
                for qid in sorted(self.notes, key=self.qs.position.__getitem__)
            ],
            history=history,
            set_aside=list(self.set_aside),
        )

    # -- drafts ---------------------------------------------------------------------------------
    def to_draft(self) -> Draft:
        """Everything needed to resume: every answer given (hidden ones too) and the position."""
        answers = {}
        for qid, stored in self._answers.items():
            if isinstance(stored.value, SpecialValue):
                answers[qid] = DraftAnswer(special=Special(str(stored.value)).value)
            else:
                answers[qid] = DraftAnswer(
                    value=to_json(stored.value), confirmed=list(stored.confirmed)
                )
        unfinished = dict(self.unfinished)
        if self._typing is not None and self._typing[0] == self.current_id:
            typed_in, typed = self._typing  # on screen: kept as unfinished if the program stops
            unfinished[typed_in] = typed
        return Draft(
            id=self.reference,
            question_set=self._question_set_ref(),
            language=self.language,
            mode=self.mode,
            interviewer=self.interviewer,
            consent_at=self.consent_at,
            started_at=self.started_at,
            updated_at=self.clock(),
            current=self.current_id,
            stopped_by=self.stopped_by,
            seen=sorted(self.seen, key=lambda qid: self.qs.position.get(qid, 0)),
            summary=self.summary(),
            answers=answers,
            notes=dict(self.notes),
            unfinished=unfinished,
            history=list(self.history),
            set_aside=list(self.set_aside),
            reviewed=self.reviewed,
            revision=self.revision + 1,
        )

    @classmethod
    def resume(
        cls,
        question_set: QuestionSet,
        draft: Draft,
        *,
        mode: Mode | None = None,
        interviewer: str | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> tuple[Interview, list[str]]:
        """An interview continued from a draft, and notices of anything that did not carry over
        (the question set changed: a question removed, an answer no longer valid)."""
        interview = cls(
            question_set,
            mode=mode or draft.mode,
            language=draft.language,
            interviewer=interviewer if interviewer is not None else draft.interviewer,
            reference=draft.id,
            clock=clock,
        )
        interview.started_at = draft.started_at
        interview.consent_at = draft.consent_at
        interview.history = list(draft.history)
        interview.set_aside = list(draft.set_aside)
        notices: list[str] = []

        def set_aside(qid: str, reason: SetAsideReason, kept: DraftAnswer) -> None:
            interview.set_aside.append(
                SetAsideRecord(
                    question_id=qid,
                    question_set_version=draft.question_set.version,
                    reason=reason,
                    value=kept.value,
                    special=kept.special,
                )
            )

        if draft.question_set.content_hash != question_set.content_hash:
            notices.append(
                f"The question set changed since this draft was saved (version "
                f"{draft.question_set.version} then, {question_set.version} now); answers are "
                "matched by question id."
            )
        ctx = interview.context
        for qid, kept in draft.answers.items():
            question = question_set.by_id.get(qid)
            if question is None or isinstance(question, Note):
                notices.append(
                    f"'{qid}': this question is no longer in the set; its answer is set aside."
                )
                set_aside(qid, "question_removed", kept)
                continue
            raw: Any = Special(kept.special) if kept.special else kept.value
            result = parsing.parse(question, raw, ctx)
            if isinstance(result, parsing.Accepted):
                interview._answers[qid] = Stored(result.value, result.label, tuple(kept.confirmed))
            else:
                why = result.message if isinstance(result, parsing.Rejected) else "empty"
                notices.append(
                    f"'{qid}': the saved answer no longer fits ({why}); please ask again."
                )
                set_aside(qid, "answer_no_longer_fits", kept)
        for qid, note in draft.notes.items():
            if qid in question_set.by_id:
                interview.set_note(qid, note)
            else:
                notices.append(
                    f"'{qid}': this question is no longer in the set; its note is set aside."
                )
                removed = [
                    r
                    for r in interview.set_aside[len(draft.set_aside) :]
                    if r.question_id == qid and r.reason == "question_removed"
                ]
                if not removed:
                    set_aside(qid, "question_removed", DraftAnswer())
                    removed = interview.set_aside[-1:]
                removed[0].note = note
        for qid, raw in draft.unfinished.items():
            if isinstance(question_set.by_id.get(qid), Note | None):
                notices.append(
                    f"'{qid}': this question is no longer in the set; what was typed for it "
                    "is set aside."
                )
                set_aside(qid, "question_removed", DraftAnswer(value=raw))
            else:
                interview.unfinished[qid] = raw
        interview._forget()
        interview.seen = {qid for qid in draft.seen if qid in question_set.by_id}
        if draft.stopped_by in {f.id for f in question_set.flags}:
            interview.stopped_by = draft.stopped_by
        if draft.current in question_set.by_id:
            interview.current_id = draft.current  # `current` is the next shown, if now hidden
        elif draft.current is not None:
            notices.append(f"'{draft.current}', where the interview stopped, is no longer asked.")
            unanswered = [
                q
                for q in interview.visible
                if not isinstance(q, Note) and q.id not in draft.answers
            ]
            interview.current_id = unanswered[0].id if unanswered else None
        if draft.question_set.content_hash != question_set.content_hash:
            notices += interview._new_questions_before_current(draft)
        interview.reviewed = draft.reviewed
        interview.revision = draft.revision
        interview.record("resumed")
        return interview, notices

    def _new_questions_before_current(self, draft: Draft) -> list[str]:
        """Notices of questions the person would have been asked before where the draft
        stopped, but were not (new in this version of the set, or newly shown)."""
        if self.current_id is None:
            return []
        stop = self.qs.position[self.current_id]
        return [
            f"'{q.id}' is new or now asked before where the interview stopped; "
            "it is unanswered and the review will show it."
            for q in self.visible
            if not isinstance(q, Note)
            and self.qs.position[q.id] < stop
            and q.id not in draft.seen
            and q.id not in draft.answers
        ]

    # -- review -----------------------------------------------------------------------------------
    def review(self) -> list[tuple[Section, list[tuple[AnyQuestion, Stored | None]]]]:
        """The visible questions with their answers, grouped by section, for the review screen."""
        grouped: dict[str, tuple[Section, list[tuple[AnyQuestion, Stored | None]]]] = {}
        for question in self.visible:
            if isinstance(question, Note):
                continue
            section = self.section(question)
            grouped.setdefault(section.id, (section, []))[1].append(
                (question, self._answers.get(question.id))
            )
        return list(grouped.values())
