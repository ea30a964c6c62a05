"""The files prescreen writes: the application (the contract other systems import) and the
draft of an interview in progress. Both are versioned by their `schema` field."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StrictBool,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic.config import JsonDict

from prescreen.core.ids import ID_PATTERN as _ID_PATTERN
from prescreen.core.ids import Id
from prescreen.core.questionset import QUESTION_TYPES, OutcomeCode, Severity
from prescreen.core.text import Language

APPLICATION_SCHEMA: Literal["prescreen.application/1"] = "prescreen.application/1"
DRAFT_SCHEMA: Literal["prescreen.draft/1"] = "prescreen.draft/1"

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Letters and digits that cannot be mistaken for one another when read aloud or written down
(no 0/O, 1/I/L, U/V)."""
_REFERENCE = re.compile(rf"^[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}$")

Mode = Literal["kiosk", "phone", "file"]


def _new_list() -> list[Any]:
    """An empty list: a field's default. Not `default_factory=list`, whose signature Pydantic
    reads from its text at every start (0.3 ms a field)."""
    return []


def new_reference() -> str:
    """A random reference code such as `7KQ2-MX4D` (30^8, about 6.6e11, possibilities)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str | None:
    """A reference as typed (`7kq2mx4d`, `7KQ2 MX4D`) in canonical form, or None."""
    compact = re.sub(r"[\s-]", "", text.strip().upper())
    candidate = f"{compact[:4]}-{compact[4:]}"
    return candidate if len(compact) == 8 and _REFERENCE.match(candidate) else None


def _check_reference(value: str) -> str:
    if not _REFERENCE.fullmatch(value):
        raise ValueError(f"'{value[:20]}' is not a reference code such as 7KQ2-MX4D")
    return value


Reference = Annotated[
    str,
    AfterValidator(_check_reference),
    WithJsonSchema({"type": "string", "pattern": _REFERENCE.pattern}),
]


def _check_question_type(value: str) -> str:
    if value not in QUESTION_TYPES:
        raise ValueError(f"'{value[:40]}' is not a question type: {', '.join(QUESTION_TYPES)}")
    return value


QuestionType = Annotated[
    str,
    AfterValidator(_check_question_type),
    WithJsonSchema({"type": "string", "enum": list(QUESTION_TYPES)}),
]
_SHA256 = re.compile(r"^sha256:[0-9a-f]{64}$")


def _whole_match(pattern: str, what: str) -> AfterValidator:
    """A check that text matches `pattern` whole (`re.fullmatch`: a line break at the end is
    not let through, as Python's `$` would)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"'{value[:40]}' is not {what}")
        return value

    return AfterValidator(check)


_E164 = r"^\+[1-9][0-9]{1,14}$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

E164 = Annotated[
    str,
    _whole_match(_E164, "a phone number in E.164 form, such as +12015550123"),
    WithJsonSchema({"type": "string", "pattern": _E164}),
]
"""A phone number as prescreen writes it."""
EmailText = Annotated[
    str,
    _whole_match(_EMAIL, "an email address"),
    WithJsonSchema({"type": "string", "format": "email", "pattern": _EMAIL}),
]
"""An email address as prescreen writes it (checked in full when it was answered)."""


def _real_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date of the calendar") from None
    return value


DateText = Annotated[
    str,
    _whole_match(_DATE, "a date such as 1985-03-14"),
    AfterValidator(_real_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE}),
]
"""A date as prescreen writes it: year, month and day of a real date."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("the text is blank")
    return value


NonBlank = Annotated[
    str, AfterValidator(_not_blank), WithJsonSchema({"type": "string", "pattern": r"\S"})
]
_ID_SCHEMA: JsonDict = {"type": "string", "pattern": _ID_PATTERN}
_CHOSEN: JsonDict = {"type": "array", "items": _ID_SCHEMA, "minItems": 1}
_GRID: JsonDict = {
    "type": "object",
    "propertyNames": _ID_SCHEMA,
    "additionalProperties": _ID_SCHEMA,
    "minProperties": 1,
}
_ROWS: JsonDict = {
    "type": "array",
    "items": {"type": "object", "propertyNames": _ID_SCHEMA, "minProperties": 1},
    "minItems": 1,
}

VALUE_TYPES: dict[str, Any] = {
    "text": NonBlank,
    "long_text": NonBlank,
    "integer": StrictInt,
    "decimal": Annotated[StrictFloat | StrictInt, WithJsonSchema({"type": "number"})],
    "date": DateText,
    "yes_no": StrictBool,
    "single_choice": Id,
    "multiple_choice": Annotated[list[Id], Field(min_length=1), WithJsonSchema(_CHOSEN)],
    "scale": StrictInt,
    "phone": E164,
    "email": EmailText,
    "grid": Annotated[dict[Id, Id], Field(min_length=1), WithJsonSchema(_GRID)],
    # A row's values are JSON (checked as `value` is), by the type of the field they answer.
    "repeat": Annotated[
        list[Annotated[dict[Id, Any], Field(min_length=1)]],
        Field(min_length=1),
        WithJsonSchema(_ROWS),
    ],
}
"""What an answered question's `value` is, by question type (docs/application-file.md)."""


@cache
def _value_type(question_type: str) -> TypeAdapter[Any]:
    """The check of an answered value of this type, made when first needed."""
    return TypeAdapter(VALUE_TYPES[question_type])


class Record(BaseModel):
    """Base of the files written: strict on read, so a hand-edited file is caught."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        allow_inf_nan=False,
        json_schema_serialization_defaults_required=True,
        defer_build=True,  # built when first saved, not at every start
    )


class QuestionSetRef(Record):
    """Which question set an application answers."""

    id: Id
    version: str = Field(min_length=1)
    title: str
    content_hash: str = Field(
        pattern=_SHA256.pattern, description="sha256 of the question set's canonical form."
    )
    translation_status: Literal["draft", "awaiting_review", "reviewed"] | None = Field(
        None,
        description="The status the set gives the translation the person answered in, if any "
        "(a draft translation is not fit for clinical use).",
    )


def _answer_schema(schema: JsonDict) -> None:
    """The schema's checks across fields: a value exactly when answered, of the question's
    type (the same checks as the reader's, from `VALUE_TYPES`)."""
    by_type: list[JsonValue] = [
        {
            "if": {
                "properties": {"status": {"const": "answered"}, "type": {"const": kind}},
                "required": ["status", "type"],
            },
            "then": {"properties": {"value": _value_type(kind).json_schema()}},
        }
        for kind in VALUE_TYPES
    ]
    schema["allOf"] = [
        {
            "if": {"properties": {"status": {"const": "answered"}}},
            "then": {"properties": {"value": {"not": {"type": "null"}}}},
            "else": {"properties": {"value": {"type": "null"}}},
        },
        *by_type,
    ]


class AnswerRecord(Record):
    """One shown question and its answer, readable without the question set."""

    model_config = ConfigDict(**Record.model_config, json_schema_extra=_answer_schema)

    question_id: Id
    question: str = Field(description="The question's text as the person saw it.")
    type: QuestionType
    status: Literal["answered", "prefer_not_to_say", "dont_know", "skipped", "not_asked"] = Field(
        description="skipped: shown and left empty; not_asked: never shown (an urgent flag "
        "ended the interview first, or an answer changed at review revealed it)."
    )
    value: JsonValue = Field(None, description="The typed answer; null unless status is answered.")
    label: str | None = Field(None, description="The answer as the person saw it.")
    unit: str | None = None
    warnings_confirmed: list[str] = Field(
        default_factory=_new_list,
        description="Soft warnings the person saw and confirmed (mode file: accepted by whoever "
        "prepared the file of answers).",
    )

    @model_validator(mode="after")
    def _value_fits(self) -> AnswerRecord:
        if (self.status == "answered") != (self.value is not None):
            raise ValueError("value is given when, and only when, the status is answered")
        if self.value is not None and self.type in VALUE_TYPES:
            try:
                _value_type(self.type).validate_python(self.value, strict=True)
            except ValidationError as error:
                problem = error.errors()[0]
                raise ValueError(
                    f"the value of '{self.question_id}' is not a {self.type} answer: "
                    f"{problem['msg']}"
                ) from None
        return self


class SectionRecord(Record):
    """The answers of one section, in the order asked."""

    id: str
    title: str
    answers: list[AnswerRecord]


class CalculationRecord(Record):
    """A computed value; null when its inputs were not answered."""

    id: str
    label: str
    value: int | float | None


class FlagRecord(Record):
    """A flag raised by the answers."""

    id: str
    severity: Severity
    message: str


class OutcomeRecord(Record):
    """The pre-screen outcome and why."""

    code: OutcomeCode
    label: str
    next_steps: str | None = None
    reasons: list[str]


class NoteRecord(Record):
    """A note the interviewer wrote on a question (what the caller said, how sure they were)."""

    question_id: str
    question: str = Field(description="The question's text when the note was written.")
    text: str
    interviewer: str | None = None


SetAsideReason = Literal["question_removed", "answer_no_longer_fits"]


class SetAsideRecord(Record):
    """An answer or note given under an earlier version of the question set that does not fit
    the version the interview was finished with: kept as given, never silently dropped."""

    question_id: str
    question_set_version: str = Field(description="The version it was given under.")
    reason: SetAsideReason
    value: JsonValue = Field(None, description="The answer as it was stored.")
    special: Literal["prefer_not_to_say", "dont_know"] | None = None
    note: str | None = Field(None, description="The interviewer's note on that question.")


HistoryKind = Literal[
    "created", "resumed", "changed_after_review", "parked", "timed_out", "submitted", "ended_early"
]


class HistoryEvent(Record):
    """One step in an application's life: when, what, and who was at the keyboard."""

    at: AwareDatetime
    event: HistoryKind = Field(
        description="created: consent given, first saved; resumed: carried on from a draft; "
        "changed_after_review: an answer given before was changed or cleared once the review "
        "was seen (question_id says which); parked: a phone call put aside; timed_out: a "
        "kiosk left idle; submitted or ended_early: written as an application."
    )
    mode: Mode
    interviewer: str | None = None
    question_id: str | None = None


class ConsentRecord(Record):
    """The consent the person gave before any question."""

    given: Literal[True] = True
    at: AwareDatetime
    statement: str


class Software(Record):
    """The program that wrote the file."""

    name: Literal["prescreen"] = "prescreen"
    version: str


class DraftSummary(Record):
    """Who a draft is from, as last worked out from its answers: read as text whatever it
    holds, so that a draft edited by hand still opens (it is worked out again at every save)."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None


class Summary(DraftSummary):
    """Who the application is from, for lists and searches."""

    phone: E164 | None = None
    email: EmailText | None = None


class Application(Record):
    """A submitted pre-screening application: the file a clinician reads and systems import."""

    model_config = ConfigDict(
        **Record.model_config,
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://prescreen.invalid/schema/application/1",
        },
        title="prescreen application",
    )

    schema_: Literal["prescreen.application/1"] = Field(APPLICATION_SCHEMA, alias="schema")
    id: Reference = Field(description="The reference code, unique in its store.")
    status: Literal["submitted", "ended_early"] = Field(
        description="ended_early: an urgent flag stopped the interview before the end."
    )
    question_set: QuestionSetRef
    language: Language
    mode: Mode
    interviewer: str | None = None
    consent: ConsentRecord
    started_at: AwareDatetime
    submitted_at: AwareDatetime
    software: Software
    summary: Summary
    sections: list[SectionRecord]
    calculations: list[CalculationRecord]
    flags: list[FlagRecord]
    outcome: OutcomeRecord
    notes: list[NoteRecord] = Field(
        default_factory=_new_list,
        description="Interviewer notes on questions, in question order (phone interviews).",
    )
    history: list[HistoryEvent] = Field(
        default_factory=_new_list,
        description="What happened to the application, oldest first: who entered what, when.",
    )
    set_aside: list[SetAsideRecord] = Field(
        default_factory=_new_list,
        description="Answers and notes from an earlier version of the question set that no "
        "longer fit it (a draft resumed after the set changed), kept as given.",
    )


class DraftAnswer(Record):
    """An answer kept in a draft: the JSON form of the typed value, or a special answer."""

    value: JsonValue = None
    special: Literal["prefer_not_to_say", "dont_know"] | None = None
    confirmed: list[str] = Field(default_factory=_new_list)


class Draft(Record):
    """An interview in progress, saved after every accepted answer."""

    schema_: Literal["prescreen.draft/1"] = Field(DRAFT_SCHEMA, alias="schema")
    id: Reference
    question_set: QuestionSetRef
    language: Language
    mode: Mode
    interviewer: str | None = None
    consent_at: AwareDatetime | None = None
    started_at: AwareDatetime
    updated_at: AwareDatetime
    current: str | None = Field(None, description="The question the interview stopped at.")
    stopped_by: str | None = Field(None, description="The urgent flag that ended the interview.")
    seen: list[str] = Field(
        default_factory=_new_list, description="Questions already put to the person, in order."
    )
    summary: DraftSummary = DraftSummary.model_construct()  # not built at import
    answers: dict[str, DraftAnswer] = Field(
        default_factory=dict, description="Every answer given, including ones now hidden."
    )
    notes: dict[str, str] = Field(
        default_factory=dict, description="Interviewer notes by question id."
    )
    unfinished: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Input left on screen, not yet an answer (half a date, a grid partly "
        "filled), when the interview was put aside, by question id: shown again in its field "
        "on resume; never in the application.",
    )
    history: list[HistoryEvent] = Field(
        default_factory=_new_list, description="What happened so far, oldest first."
    )
    set_aside: list[SetAsideRecord] = Field(
        default_factory=_new_list,
        description="Answers and notes that did not fit a changed question set on resume.",
    )
    reviewed: bool = Field(False, description="Whether the review of all answers was shown.")
    revision: int = Field(
        0,
        ge=0,
        description="How many times this draft has been written: a store refuses to write a "
        "draft over a newer one written elsewhere.",
    )

    def open_elsewhere(self, now: dt.datetime) -> str | None:
        """Whether another screen may have this draft open, in words ("coord-2, 3 minutes
        ago"); None when not: it was put aside (parked, or a kiosk left idle), or has not
        been saved for longer than any interview goes without an answer."""
        last = self.history[-1].event if self.history else None
        since = now - self.updated_at
        if last in {"parked", "timed_out"} or not dt.timedelta(0) <= since < OPEN_FOR:
            return None
        minutes = int(since.total_seconds() // 60)
        ago = "less than a minute ago" if minutes < 1 else f"{minutes} min ago"
        who = self.interviewer or ("a kiosk" if self.mode == "kiosk" else "a coordinator")
        return f"{who[:40]}, saved {ago}"  # a hand-edited draft's name, kept to a line


OPEN_FOR = dt.timedelta(minutes=30)
"""How long after its last save a draft that was not put aside may still be open elsewhere."""


def to_json(value: Any) -> JsonValue:
    """A typed answer value in its JSON form (dates as ISO 8601 text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def utc_now() -> dt.datetime:
    """The current time in UTC, with its offset, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
