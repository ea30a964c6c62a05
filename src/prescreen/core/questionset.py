"""The question-set format: Pydantic models of what clinic staff write in YAML.

The models check shape (keys, types, ids). Cross-references (a condition naming a question, a
choice list, a vocabulary) are checked by `prescreen.core.lint`, which `load_question_set` runs.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from prescreen.core.conditions import Condition
from prescreen.core.ids import Id
from prescreen.core.text import Language, Text


def _new_list() -> list[Any]:
    """An empty list: a field's default. Not `default_factory=list`, whose signature Pydantic
    reads from its text at every start (0.3 ms a field)."""
    return []


class Model(BaseModel):
    """Base for question-set models: unknown keys are errors, and a loaded set never changes."""

    # Built when a set is first read: the set's validator then holds every model once, instead
    # of each model building its own with copies of those inside it (0.9 MiB at every start).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Special(StrEnum):
    """Answers of their own, never confused with 'unanswered'."""

    PREFER_NOT_TO_SAY = "prefer_not_to_say"
    DONT_KNOW = "dont_know"


class Severity(StrEnum):
    """How serious a raised flag is, most serious first."""

    URGENT = "urgent"
    EXCLUDE = "exclude"
    REVIEW = "review"
    INFO = "info"


class OutcomeCode(StrEnum):
    """The pre-screen outcome, derived from the most serious flag raised."""

    URGENT = "urgent"
    NOT_ELIGIBLE = "likely_not_eligible"
    REVIEW = "needs_review"
    PROCEED = "proceed"


class Choice(Model):
    """One option of a choice question or grid."""

    value: Id
    label: Text
    score: float | None = Field(None, description="Used by `sum_scores` calculations.")
    exclusive: bool = Field(
        False, description="Chosen alone only, such as 'none of these' (multiple choice)."
    )


Choices = Annotated[
    list[Choice],
    Field(min_length=1, description="The options, or the name of a list under choice_lists."),
]


def _reject_unknown_list(value: Any) -> Any:
    if isinstance(value, str):
        raise ValueError(f"there is no choice list named '{value[:80]}' under choice_lists")
    return value


class Constraint(Model):
    """A rule on an answer with the author's message. Soft rules warn and may be confirmed."""

    min: float | str | None = Field(
        None,
        description="Smallest number, or earliest date. For a year also 'this year - 100' or "
        "'year of <a date question asked before>'.",
    )
    max: float | str | None = Field(
        None,
        description="Largest number, or latest date. For a year also 'this year' or "
        "'year of <a date question asked before>'.",
    )
    min_length: int | None = Field(None, ge=0)
    max_length: int | None = Field(None, ge=1)
    pattern: str | None = Field(None, description="A regular expression the whole answer matches.")
    message: Text
    soft: bool = Field(False, description="A warning the person may confirm, not an error.")

    @model_validator(mode="after")
    def _has_a_rule(self) -> Constraint:
        if all(
            getattr(self, key) is None
            for key in ("min", "max", "min_length", "max_length", "pattern")
        ):
            raise ValueError(
                "a constraint needs at least one rule: min, max, min_length, max_length or pattern"
            )
        return self


class QuestionBase(Model):
    """What every question has."""

    id: Id
    text: Text
    help: Text | None = Field(None, description="Help for the person answering.")
    interviewer: Text | None = Field(
        None, description="For the interviewer only (phone mode): what to read aloud, how to probe."
    )
    show_if: Condition | None = Field(None, description="Ask only when this condition holds.")


class AnswerableBase(QuestionBase):
    """What every question that takes an answer has."""

    required: bool = False
    allow: list[Special] = Field(
        default_factory=_new_list,
        description="Special answers offered: prefer_not_to_say, dont_know.",
    )
    constraints: list[Constraint] = Field(default_factory=_new_list)


class ShortText(AnswerableBase):
    """One line of text."""

    type: Literal["text"]
    max_length: int = Field(200, ge=1, le=2000)
    suggestions: Id | None = Field(None, description="A vocabulary offered as the person types.")


class LongText(AnswerableBase):
    """Several lines of text."""

    type: Literal["long_text"]
    max_length: int = Field(4000, ge=1, le=20000)


UNIT_ONE = "The unit after the number 1, where it is not `unit`: 'time' for 'times'."


class IntegerQuestion(AnswerableBase):
    """A whole number."""

    type: Literal["integer"]
    unit: Text | None = None
    unit_one: Text | None = Field(None, description=UNIT_ONE)


class DecimalQuestion(AnswerableBase):
    """A number with a decimal part."""

    type: Literal["decimal"]
    unit: Text | None = None
    unit_one: Text | None = Field(None, description=UNIT_ONE)
    places: int = Field(2, ge=0, le=6, description="Digits allowed after the decimal point.")


class DateQuestion(AnswerableBase):
    """A calendar date. Use constraints with min/max such as `today` or `today - 120 years`."""

    type: Literal["date"]


class YesNo(AnswerableBase):
    """Yes or no."""

    type: Literal["yes_no"]


class SingleChoice(AnswerableBase):
    """Exactly one option."""

    type: Literal["single_choice"]
    choices: Choices
    _unknown_list = field_validator("choices", mode="before")(_reject_unknown_list)


class MultipleChoice(AnswerableBase):
    """Any number of options, within min_selected and max_selected."""

    type: Literal["multiple_choice"]
    choices: Choices
    min_selected: int = Field(0, ge=0)
    max_selected: int | None = Field(None, ge=1)
    _unknown_list = field_validator("choices", mode="before")(_reject_unknown_list)


class Scale(AnswerableBase):
    """A number on a scale, 0 to 10 by default, with labels at some points."""

    type: Literal["scale"]
    min: int = 0
    max: int = 10
    anchors: dict[int, Text] = Field(default_factory=dict)


class Phone(AnswerableBase):
    """A phone number, stored in international (E.164) form."""

    type: Literal["phone"]


class Email(AnswerableBase):
    """An email address."""

    type: Literal["email"]


class GridItem(Model):
    """One row of a grid."""

    id: Id
    text: Text


class Grid(AnswerableBase):
    """Several items answered on one shared choice list."""

    type: Literal["grid"]
    items: list[GridItem] = Field(min_length=1)
    choices: Choices
    _unknown_list = field_validator("choices", mode="before")(_reject_unknown_list)


class Note(QuestionBase):
    """Text to read, with no answer."""

    type: Literal["note"]


FieldQuestion = Annotated[
    ShortText | LongText | IntegerQuestion | DecimalQuestion | DateQuestion | YesNo | SingleChoice,
    Field(discriminator="type"),
]


class Repeat(AnswerableBase):
    """A repeating group: a row of fields per entry, such as one row per medication."""

    type: Literal["repeat"]
    fields: list[FieldQuestion] = Field(min_length=1)
    min_items: int = Field(0, ge=0)
    max_items: int = Field(30, ge=1, le=200)
    item_label: Text | None = Field(None, description="What one row is called, e.g. 'medication'.")


Answerable = (
    ShortText
    | LongText
    | IntegerQuestion
    | DecimalQuestion
    | DateQuestion
    | YesNo
    | SingleChoice
    | MultipleChoice
    | Scale
    | Phone
    | Email
    | Grid
    | Repeat
)
"""Every question type that takes an answer."""
AnyQuestion = Answerable | Note
"""Every question type."""
Question = Annotated[AnyQuestion, Field(discriminator="type")]
"""A question as written in a section: its `type` says which model reads it."""
QUESTION_TYPES: tuple[str, ...] = tuple(
    get_args(model.model_fields["type"].annotation)[0] for model in get_args(AnyQuestion)
)
"""The names authors write after `type:`."""


class Section(Model):
    """A titled group of questions, asked in order."""

    id: Id
    title: Text
    intro: Text | None = None
    show_if: Condition | None = None
    questions: list[Question] = Field(min_length=1)


class Calculation(Model):
    """A named value computed from answers: give exactly one of age_years, count, sum_scores."""

    id: Id
    label: Text
    age_years: Id | None = Field(None, description="Whole years since a date question's answer.")
    count: Id | None = Field(
        None, description="Options chosen (multiple choice), rows (repeat) or rows answered (grid)."
    )
    sum_scores: list[Id] | None = Field(
        None, description="Sum of the scores of chosen options over these questions."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Calculation:
        given = [k for k in ("age_years", "count", "sum_scores") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a calculation has exactly one of age_years, count or sum_scores"
                f" (found {', '.join(given) or 'none'})"
            )
        return self

    @property
    def inputs(self) -> list[str]:
        """The question ids this calculation reads."""
        if self.sum_scores is not None:
            return list(self.sum_scores)
        return [self.age_years or self.count or ""]


class Flag(Model):
    """A named rule over answers; when its condition holds, the flag is raised."""

    id: Id
    severity: Severity
    when: Condition
    message: Text
    stop: bool = Field(
        False,
        description="Urgent flags only: end the interview after the person acknowledges it.",
    )


class Consent(Model):
    """The statement a person must accept before any question."""

    statement: Text
    accept: Text = Text("I agree")
    decline: Text = Text("I do not agree")
    interviewer: Text | None = Field(
        None,
        description="For the interviewer only (phone mode): how to read the statement and take "
        "the answer. Without it, the built-in message `consent_interviewer` is shown.",
    )


class OutcomeText(Model):
    """What an outcome is called and what happens next, as the person and clinician read it."""

    label: Text
    next_steps: Text | None = None


class Summary(Model):
    """Which answers identify an application in lists and searches."""

    name: Id | None = None
    phone: Id | None = None
    email: Id | None = None


class TranslationStatus(Model):
    """Where a translation stands: for the clinic, never shown to the person answering."""

    status: Literal["draft", "awaiting_review", "reviewed"]
    note: str | None = Field(None, max_length=500, description="Who reviews it, or did, and when.")


class QuestionSet(Model):
    """A complete question set, as loaded from one YAML file."""

    id: Id
    version: str = Field(min_length=1, max_length=40)
    title: Text
    introduction: Text | None = None
    default_language: Language = "en"
    languages: list[Language] = Field(default_factory=_new_list)
    translations: dict[Language, TranslationStatus] = Field(
        default_factory=dict,
        description="The status of each translation, e.g. awaiting review before clinical use.",
    )
    region: str | None = Field(
        None,
        pattern=r"^[A-Z]{2}$",
        description="Country code (ISO 3166, e.g. US): phone numbers without +, date order.",
    )
    consent: Consent
    choice_lists: dict[Id, list[Choice]] = Field(default_factory=dict)
    vocabularies: dict[Id, list[Annotated[str, Field(min_length=1, max_length=200)]]] = Field(
        default_factory=dict
    )
    sections: list[Section] = Field(min_length=1)
    calculations: list[Calculation] = Field(default_factory=_new_list)
    flags: list[Flag] = Field(default_factory=_new_list)
    outcomes: dict[OutcomeCode, OutcomeText] = Field(default_factory=dict)
    messages: dict[str, Text] = Field(
        default_factory=dict, description="Your wording for built-in messages, by name."
    )
    summary: Summary = Summary.model_construct()  # not built at import

    @model_validator(mode="before")
    @classmethod
    def _resolve_choice_lists(cls, data: Any) -> Any:
        """Replace `choices: list_name` by the named list, so every question holds its options."""
        if not isinstance(data, dict) or not isinstance(data.get("choice_lists"), dict):
            return data
        lists = data["choice_lists"]

        def resolve(question: Any) -> Any:
            if not isinstance(question, dict):
                return question
            out = dict(question)
            if isinstance(out.get("choices"), str) and out["choices"] in lists:
                out["choices"] = lists[out["choices"]]
            if isinstance(out.get("fields"), list):
                out["fields"] = [resolve(f) for f in out["fields"]]
            return out

        sections = data.get("sections")
        if not isinstance(sections, list):
            return data
        new_sections = []
        for section in sections:
            if isinstance(section, dict) and isinstance(section.get("questions"), list):
                section = {**section, "questions": [resolve(q) for q in section["questions"]]}
            new_sections.append(section)
        return {**data, "sections": new_sections}

    @model_validator(mode="after")
    def _default_language_first(self) -> QuestionSet:
        if not self.languages:
            object.__setattr__(self, "languages", [self.default_language])
        elif self.default_language not in self.languages:
            raise ValueError(
                f"default_language '{self.default_language}' is not listed under languages"
            )
        return self

    @cached_property
    def questions(self) -> list[AnyQuestion]:
        """Every question in order, across sections."""
        return [q for s in self.sections for q in s.questions]

    @cached_property
    def by_id(self) -> dict[str, AnyQuestion]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        """The section holding each question, by question id."""
        return {q.id: s for s in self.sections for q in s.questions}

    @cached_property
    def position(self) -> dict[str, int]:
        """Each question's place in the whole set, by id."""
        return {q.id: i for i, q in enumerate(self.questions)}

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the set's meaning (canonical JSON), unaffected by comments or layout.
        What is not given (None) is left out, so a version of prescreen that adds an optional
        key does not change the fingerprint of a set that does not use it."""
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=True, exclude_none=True),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    def text(self, value: Text | None, language: str) -> str:
        """A text in `language`, falling back to the set's default language."""
        return "" if value is None else value.get(language, self.default_language)
