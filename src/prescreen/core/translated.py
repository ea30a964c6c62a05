"""An application's texts in another language of the question set it answered, for a reader
who does not read the language it was answered in (a Spanish interview, an English-speaking
clinician). Only wording changes: what was answered, the flags raised and the outcome stay as
recorded."""

from __future__ import annotations

from prescreen.core import answers as parsing
from prescreen.core.calculations import format_number
from prescreen.core.interview import outcome_words
from prescreen.core.questionset import Note, QuestionSet, Special
from prescreen.core.records import AnswerRecord, Application
from prescreen.core.text import Text, fill, reflow

_SPECIALS = frozenset(special.value for special in Special)


class NotTheSet(ValueError):
    """The question set is not the one the application answered (or lacks the language)."""


def in_language(app: Application, qs: QuestionSet, language: str) -> Application:
    """`app` with the set's texts in `language`: section titles, questions, answers chosen
    from options or read back (dates in words, units), flags, the outcome and calculations.
    Text the person typed, numbers and values, notes (the interviewer's own words) and times
    stay as they are. `qs` must be the set `app` answered, to its fingerprint: any other
    would give wording the person never saw."""
    answered = app.question_set
    if qs.id != answered.id or qs.content_hash != answered.content_hash:
        raise NotTheSet(
            f"{app.id} answered question set '{answered.id}' version {answered.version}, "
            f"not '{qs.id}' version {qs.version} (its texts may differ)"
        )
    if language not in qs.languages:
        raise NotTheSet(f"question set '{qs.id}' is in {', '.join(qs.languages)}, not {language}")
    ctx = parsing.Context(qs, language, app.submitted_at.date())
    sections = [
        (section, [_answer(record, ctx) for record in section.answers]) for section in app.sections
    ]
    labels = {r.question_id: r.label for _, records in sections for r in records if r.label}
    values = {calc.id: calc.value for calc in app.calculations}

    def placeholder(name: str) -> str | None:
        if name in labels:
            return labels[name]
        value = values.get(name)
        return None if value is None else format_number(value)

    def text(value: Text | None) -> str:
        """As the interview words a text: placeholders filled from the answers."""
        return fill(reflow(qs.text(value, language)), placeholder)

    flags = {flag.id: text(flag.message) for flag in qs.flags}
    by_message = {record.message: record.id for record in app.flags}
    label, next_steps = outcome_words(qs, app.outcome.code, text)
    calculations = {calc.id: calc for calc in qs.calculations}
    titles = {section.id: text(section.title) for section in qs.sections}
    questions = qs.by_id
    return app.model_copy(
        update={
            "question_set": app.question_set.model_copy(update={"title": text(qs.title)}),
            "sections": [
                section.model_copy(
                    update={
                        "title": titles.get(section.id, section.title),
                        "answers": [
                            record.model_copy(
                                update={"question": text(questions[record.question_id].text)}
                            )
                            if record.question_id in questions
                            else record
                            for record in records
                        ],
                    }
                )
                for section, records in sections
            ],
            "flags": [
                record.model_copy(update={"message": flags.get(record.id, record.message)})
                for record in app.flags
            ],
            "outcome": app.outcome.model_copy(
                update={
                    "label": label,
                    "next_steps": next_steps,
                    "reasons": [
                        flags.get(by_message.get(reason, ""), reason)
                        for reason in app.outcome.reasons
                    ],
                }
            ),
            "calculations": [
                record.model_copy(update={"label": text(calculations[record.id].label)})
                if record.id in calculations
                else record
                for record in app.calculations
            ],
        }
    )


def _answer(record: AnswerRecord, ctx: parsing.Context) -> AnswerRecord:
    """One answer as read back in the context's language (a choice's label, a date in words,
    a unit); an answer that does not read again as it was recorded keeps its label."""
    question = ctx.question_set.by_id.get(record.question_id)
    if question is None or isinstance(question, Note):
        return record
    label = record.label
    if record.status in _SPECIALS:
        label = parsing.special_label(Special(record.status), ctx)
    elif record.status == "answered":
        result = parsing.parse(question, record.value, ctx)
        if isinstance(result, parsing.Accepted):
            label = result.label
    return record.model_copy(update={"label": label})
