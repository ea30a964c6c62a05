"""The interview engine: visibility, navigation, answers, flags, outcome, drafts, submit."""

from __future__ import annotations

from typing import Any

import pytest

from prescreen.core.answer_file import run_answers
from prescreen.core.interview import Interview, InterviewError, NotComplete
from prescreen.core.loading import parse_question_set
from prescreen.core.questionset import Note, OutcomeCode, QuestionSet, Special
from prescreen.core.records import Application, Draft
from tests.conftest import VALID_ANSWERS, fixed_clock


def answer_all(iv: Interview, answers: dict[str, Any]) -> None:
    """Walk the interview like a person: answer what is shown, in order, confirming warnings."""
    while iv.current is not None:
        question = iv.current
        if question.type != "note":
            raw = answers.get(question.id)
            allowed = {s.value for s in getattr(question, "allow", [])}
            if isinstance(raw, str) and raw in allowed:
                raw = Special(raw)
            result = iv.answer(question.id, raw, confirm=True)
            assert result.ok, (question.id, result.message)
        iv.next()


def ids(iv: Interview) -> list[str]:
    return [q.id for q in iv.visible]


def test_walks_every_shown_question_to_review(interview: Interview) -> None:
    answer_all(interview, VALID_ANSWERS)
    assert interview.current is None
    assert interview.complete
    assert interview.progress().answered == interview.progress().total
    assert "guardian_consent" not in ids(interview)  # adult: not asked


def test_consent_comes_first(demo: QuestionSet) -> None:
    iv = Interview(demo, clock=fixed_clock)
    assert iv.current is None
    with pytest.raises(InterviewError):
        iv.submit()
    assert iv.give_consent() is not None
    assert iv.consent_at is not None


def test_consent_guidance_is_the_sets_own_else_the_built_in_message(demo: QuestionSet) -> None:
    iv = Interview(demo, mode="phone", clock=fixed_clock)
    assert iv.consent_guidance() == (
        "Read the statement to the caller, word for word. Choose \u201cI agree\u201d only "
        "when they say yes."
    )
    consent = demo.consent.model_copy(update={"interviewer": demo.consent.accept})
    own = Interview(demo.model_copy(update={"consent": consent}), mode="phone", language="es")
    assert own.consent_guidance() == "Acepto"


def test_a_year_bound_from_an_earlier_date_answer(interview: Interview) -> None:
    """`min: year of date_of_birth`: a year of diagnosis before the birth year is refused;
    a birth date corrected later puts the year to be answered again before submitting."""
    answer_all(interview, {**VALID_ANSWERS, "date_of_birth": "1985-03-14", "year_diagnosed": 1990})
    refused = interview.answer("year_diagnosed", "1980")
    assert refused.status == "rejected"
    assert refused.message == "That is before the year you were born."
    assert interview.answer("year_diagnosed", "1985").ok  # the year of birth itself is fine
    assert interview.to_check() == [] and interview.complete
    assert interview.answer("date_of_birth", "1988-01-02", confirm=True).ok
    question = interview.qs.by_id["year_diagnosed"]
    assert interview.to_check() == [(question, "That is before the year you were born.")]
    assert not interview.complete
    with pytest.raises(NotComplete) as raised:
        interview.submit()
    assert raised.value.to_answer == [question]
    assert interview.answer("year_diagnosed", "1990").ok
    assert interview.to_check() == [] and interview.submit().status == "submitted"


def test_a_year_bound_is_left_out_while_its_date_has_no_answer(demo: QuestionSet) -> None:
    iv = Interview(demo, clock=fixed_clock)
    iv.give_consent()
    assert iv.answer("diagnosed", "yes").ok
    assert iv.answer("year_diagnosed", "1950").ok  # no date of birth yet: no bound
    assert iv.to_check() == []
    assert iv.answer("date_of_birth", "1960-05-01").ok
    assert [q.id for q, _message in iv.to_check()] == ["year_diagnosed"]


def test_show_if_follows_answers(interview: Interview) -> None:
    interview.answer("date_of_birth", "1985-03-14")
    interview.answer("sex", "male")
    assert "pregnant" not in ids(interview)
    interview.answer("sex", "female")
    assert "pregnant" in ids(interview)


def test_comparison_on_missing_answer_is_false(demo: QuestionSet) -> None:
    iv = Interview(demo, clock=fixed_clock)
    iv.give_consent()
    # pregnant needs sex in [female, intersex] and an age: neither is known yet.
    assert "pregnant" not in ids(iv)
    assert "year_diagnosed" not in ids(iv)


def test_age_calculation_drives_conditions(interview: Interview) -> None:
    interview.answer("date_of_birth", "2012-01-01")  # 14 on the fixed clock
    assert interview.calculations()["age"] == 14
    assert "guardian_consent" in ids(interview)
    assert [f.id for f in interview.flags()] == ["under_18"]
    interview.answer("date_of_birth", "2008-03-15")  # one day short of 18
    assert interview.calculations()["age"] == 17
    interview.answer("date_of_birth", "2008-03-14")  # 18 today
    assert interview.calculations()["age"] == 18
    assert "guardian_consent" not in ids(interview)


def test_hidden_answers_are_kept_in_draft_but_left_out(interview: Interview) -> None:
    interview.answer("diagnosed", "yes")
    interview.answer("year_diagnosed", "2015")
    interview.answer("diagnosed", "no")
    assert "year_diagnosed" not in ids(interview)
    assert interview.value("year_diagnosed") is None
    assert "year_diagnosed" in interview.to_draft().answers
    interview.answer("diagnosed", "yes")
    assert interview.value("year_diagnosed") == 2015  # came back


def test_hidden_answers_are_absent_from_the_application(interview: Interview) -> None:
    answers = dict(VALID_ANSWERS, diagnosed="yes", year_diagnosed=2015)
    answer_all(interview, answers)
    interview.answer("diagnosed", "no")
    app = interview.submit()
    shown = {a.question_id for s in app.sections for a in s.answers}
    assert "year_diagnosed" not in shown and "kidney" not in shown
    assert "kidney_involvement" not in {f.id for f in app.flags}


def test_hidden_answers_do_not_raise_flags(interview: Interview) -> None:
    interview.answer("diagnosed", "yes")
    interview.answer("kidney", "yes")
    assert "kidney_involvement" in {f.id for f in interview.flags()}
    interview.answer("diagnosed", "no")
    assert "kidney_involvement" not in {f.id for f in interview.flags()}


def test_navigation_back_next_jump(interview: Interview) -> None:
    first = interview.current
    assert first is not None and first.id == "full_name"
    assert interview.at_start
    interview.answer("full_name", "Ana")
    assert interview.next() is not None
    assert interview.current and interview.current.id == "date_of_birth"
    interview.back()
    assert interview.current and interview.current.id == "full_name"
    assert interview.stored("full_name") is not None  # the earlier answer is still there
    interview.back()
    assert interview.current and interview.current.id == "full_name"  # stays at the start
    interview.jump("goals")
    assert interview.current and interview.current.id == "goals"
    with pytest.raises(InterviewError):
        interview.jump("guardian_consent")  # hidden


def test_current_question_hidden_by_change_moves_on(interview: Interview) -> None:
    interview.answer("diagnosed", "yes")
    interview.jump("year_diagnosed")
    interview.answer("diagnosed", "no")
    assert interview.current and interview.current.id == "symptoms"
    # Reading where the interview is changes nothing: not the draft, not what was seen.
    before = interview.to_draft().model_dump(exclude={"updated_at"})
    for _ in range(3):
        assert interview.current.id == "symptoms"
    assert interview.to_draft().model_dump(exclude={"updated_at"}) == before
    assert "symptoms" not in interview.seen
    # Put to the person, it is where the interview is, and seen (skipped, not 'not asked').
    asked = interview.ask()
    assert asked is not None and asked.id == "symptoms" == interview.current_id
    assert "symptoms" in interview.seen
    assert interview.next() is not None  # moving on goes from the question shown
    assert interview.current and interview.current.id != "symptoms"
    interview.back()
    assert interview.current and interview.current.id == "symptoms"


def test_progress_counts_visible_answerable_questions(interview: Interview) -> None:
    start = interview.progress()
    assert start.position == 1 and start.answered == 0
    interview.answer("full_name", "Ana")
    interview.next()
    assert interview.progress().position == 2
    assert interview.progress().answered == 1
    assert 0 < interview.progress().fraction < 1


def test_required_cannot_be_skipped_optional_can(interview: Interview) -> None:
    refused = interview.skip("full_name")
    assert refused.status == "rejected" and refused.message == "Please answer this question."
    interview.answer("weight", "70")
    cleared = interview.skip("weight")
    assert cleared.status == "cleared"
    assert interview.stored("weight") is None


def test_rejected_answer_keeps_the_earlier_one(interview: Interview) -> None:
    interview.answer("weight", "70")
    result = interview.answer("weight", "heavy")
    assert result.status == "rejected"
    assert interview.value("weight") == 70


def test_hard_constraint_uses_the_authors_message(interview: Interview) -> None:
    result = interview.answer("weight", "400")
    assert result.message == "Please enter a weight between 20 and 350 kg."


def test_soft_warning_needs_confirmation_and_is_recorded(interview: Interview) -> None:
    first = interview.answer("weight", "30")
    assert first.status == "needs_confirmation"
    assert "unusual" in (first.message or "")
    assert interview.stored("weight") is None
    confirmed = interview.answer("weight", "30", confirm=True)
    assert confirmed.status == "accepted"
    stored = interview.stored("weight")
    assert stored is not None and stored.confirmed
    again = interview.answer("weight", "30")  # same value: no second confirmation
    assert again.status == "accepted"


def test_special_answers_are_not_unanswered(interview: Interview) -> None:
    assert interview.answer("email", Special.PREFER_NOT_TO_SAY).ok
    assert interview.answer("sex", Special.DONT_KNOW).status == "rejected"  # not offered
    assert interview.stored("email") is not None


def test_urgent_flag_interrupts_and_stops(interview: Interview) -> None:
    result = interview.answer("sudden_symptoms", "yes")
    flag = result.interrupt
    assert flag is not None and flag.stop
    assert "911" in flag.message
    assert interview.stopped_by == "emergency_now"
    assert interview.outcome().code == OutcomeCode.URGENT
    with pytest.raises(InterviewError):
        interview.answer("goals", "more")  # a stopped interview takes no more answers


def test_ended_early_application(interview: Interview) -> None:
    interview.answer("full_name", "Ana")
    interview.jump("phone")  # shown, left empty
    interview.jump("sudden_symptoms")
    interview.answer("sudden_symptoms", "yes")
    app = interview.submit()  # required answers are missing, but it was stopped
    assert app.status == "ended_early" and app.outcome.code == OutcomeCode.URGENT
    records = {a.question_id: a.status for s in app.sections for a in s.answers}
    assert records["full_name"] == "answered"
    assert records["phone"] == "skipped"  # before the stop: shown, left empty
    assert records["goals"] == "not_asked"  # after the stop: never shown


def test_submit_without_a_stop_is_never_ended_early(interview: Interview) -> None:
    interview.answer("full_name", "Ana")
    with pytest.raises(NotComplete):
        interview.submit()


def two_urgent_flags(demo: QuestionSet) -> QuestionSet:
    data = demo.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["flags"].insert(
        0,
        {
            "id": "call_nurse",
            "severity": "urgent",
            "when": {"question": "sudden_symptoms", "equals": "yes"},
            "message": {"en": "A nurse will come to you."},
        },
    )
    qs, _ = parse_question_set(data)
    return qs


def test_one_answer_raising_two_urgent_flags_shows_both_and_stops(demo: QuestionSet) -> None:
    iv = Interview(two_urgent_flags(demo), clock=fixed_clock)
    iv.give_consent()
    result = iv.answer("sudden_symptoms", "yes")
    assert [f.id for f in result.urgent] == ["emergency_now", "call_nurse"]
    assert result.interrupt is not None and result.interrupt.id == "emergency_now"
    assert iv.stopped_by == "emergency_now"


def test_file_mode_is_never_stopped(demo: QuestionSet) -> None:
    run = run_answers(demo, dict(VALID_ANSWERS, sudden_symptoms="yes"), clock=fixed_clock)
    assert run.errors == {}
    app = run.interview.submit()
    assert app.status == "submitted" and app.outcome.code == OutcomeCode.URGENT


def test_empty_input_keeps_a_special_answer_and_skip_clears_it(interview: Interview) -> None:
    interview.answer("email", Special.PREFER_NOT_TO_SAY)
    kept = interview.answer("email", "")  # Back, then Next on an input showing nothing
    assert kept.ok
    stored = interview.stored("email")
    assert stored is not None and stored.label == "Prefer not to say"
    interview.answer("diagnosed", Special.DONT_KNOW)
    assert interview.answer("diagnosed", None).ok  # required: still answered
    assert interview.skip("email").status == "cleared"
    assert interview.stored("email") is None
    assert interview.skip("diagnosed").status == "rejected"


def test_outcome_precedence_and_reasons(interview: Interview) -> None:
    answer_all(interview, VALID_ANSWERS)
    assert interview.outcome().code == OutcomeCode.PROCEED
    interview.answer("kidney", "yes")
    assert interview.outcome().code == OutcomeCode.REVIEW
    assert interview.outcome().reasons == ["Reports lupus affecting the kidneys."]
    interview.answer("pregnant", "yes")
    outcome = interview.outcome()
    assert outcome.code == OutcomeCode.NOT_ELIGIBLE
    assert outcome.reasons == ["Treatment is not offered during pregnancy or when planning one."]
    assert outcome.next_steps and "clinician" in outcome.next_steps


def test_flag_on_a_repeat_field(interview: Interview) -> None:
    interview.answer("medications", [{"name": "hydralazine 25mg", "dose": "", "frequency": ""}])
    assert "drug_induced_lupus" in {f.id for f in interview.flags()}


def test_info_flag_text_fills_placeholders(interview: Interview) -> None:
    interview.answer("symptoms", ["fatigue"])
    interview.answer("severity", {"tiredness": "severe", "pain": "severe", "skin": "mild"})
    info = [f for f in interview.flags() if f.id == "high_symptom_burden"]
    assert info and info[0].message == "High symptom burden (severity total 7)."
    assert interview.outcome().code == OutcomeCode.PROCEED  # info never decides


def test_note_text_shows_computed_age(interview: Interview) -> None:
    interview.answer("date_of_birth", "1985-03-14")
    note = interview.qs.by_id["age_note"]
    assert interview.text(note.text) == "Thank you. You are 41 years old."


def test_exclusive_none_hides_grid(interview: Interview) -> None:
    interview.answer("symptoms", ["none"])
    assert "severity" not in ids(interview)
    assert interview.calculations()["symptom_count"] == 0


def test_submit_refuses_missing_required(interview: Interview) -> None:
    interview.answer("full_name", "Ana")
    with pytest.raises(NotComplete) as caught:
        interview.submit()
    assert "date_of_birth" in {q.id for q in caught.value.to_answer}


def test_application_is_self_describing(interview: Interview) -> None:
    answer_all(interview, VALID_ANSWERS)
    app = interview.submit()
    records = {a.question_id: a for s in app.sections for a in s.answers}
    assert records["sex"].value == "female" and records["sex"].label == "Female"
    assert records["weight"].value == 62.5 and records["weight"].unit == "kg"
    assert records["kidney"].status == "dont_know" and records["kidney"].value is None
    assert records["contact_time"].question == "When is the best time to call you?"
    assert app.interviewer == "coord-7" and app.mode == "phone"
    assert app.question_set.content_hash.startswith("sha256:")
    assert app.submitted_at.utcoffset() is not None
    assert app.summary.name == "Ana Díaz" and app.summary.phone == "+12015550123"
    assert {c.id: c.value for c in app.calculations}["age"] == 41


def test_skipped_optional_is_recorded_as_skipped(interview: Interview) -> None:
    answers = dict(VALID_ANSWERS)
    del answers["contact_time"]
    answer_all(interview, answers)
    records = {a.question_id: a for s in interview.submit().sections for a in s.answers}
    assert records["contact_time"].status == "skipped"


def test_resume_when_the_saved_question_was_removed(
    interview: Interview, demo: QuestionSet
) -> None:
    interview.answer("full_name", "Ana")
    interview.jump("goals")
    data = demo.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["sections"][2]["questions"] = [
        q for q in data["sections"][2]["questions"] if q["id"] != "goals"
    ]
    changed, _ = parse_question_set(data)
    resumed, notices = Interview.resume(changed, interview.to_draft(), clock=fixed_clock)
    assert any("no longer asked" in n for n in notices)
    assert resumed.current is not None and resumed.current.id == "date_of_birth"


def test_stopped_interview_resumes_stopped(interview: Interview, demo: QuestionSet) -> None:
    interview.answer("sudden_symptoms", "yes")
    resumed, _ = Interview.resume(demo, interview.to_draft(), clock=fixed_clock)
    assert resumed.stopped_by == "emergency_now"
    assert resumed.submit().status == "ended_early"


def test_section_intro_belongs_to_first_shown_question(interview: Interview) -> None:
    full_name = interview.qs.by_id["full_name"]
    assert interview.starts_section(full_name)
    assert not interview.starts_section(interview.qs.by_id["phone"])


def test_draft_round_trip_resumes_where_it_stopped(interview: Interview, demo: QuestionSet) -> None:
    interview.answer("full_name", "Ana")
    interview.answer("email", Special.PREFER_NOT_TO_SAY)
    interview.answer("weight", "30", confirm=True)
    interview.jump("weight")
    resumed, notices = Interview.resume(demo, interview.to_draft(), clock=fixed_clock)
    assert notices == []
    assert resumed.reference == interview.reference
    assert resumed.current and resumed.current.id == "weight"
    assert resumed.value("full_name") == "Ana"
    stored = resumed.stored("weight")
    assert stored is not None and stored.confirmed
    assert resumed.stored("email") is not None


def test_resume_against_changed_set_reports_what_changed(
    interview: Interview, demo: QuestionSet
) -> None:
    interview.answer("full_name", "Ana")
    interview.answer("goals", "Feel better")
    data = demo.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["version"] = "2.0"
    data["sections"][2]["questions"] = [
        q for q in data["sections"][2]["questions"] if q["id"] != "goals"
    ]
    changed, _ = parse_question_set(data)
    resumed, notices = Interview.resume(changed, interview.to_draft(), clock=fixed_clock)
    assert any("changed" in n for n in notices)
    assert any("'goals'" in n for n in notices)
    assert resumed.value("full_name") == "Ana"


def test_language_choice_and_fallback(demo: QuestionSet) -> None:
    iv = Interview(demo, language="es", clock=fixed_clock)
    iv.give_consent()
    assert iv.text(demo.by_id["full_name"].text) == "¿Cuál es su nombre completo?"
    assert iv.text(demo.by_id["weight"].text) == "What is your weight?"  # falls back to en
    assert iv.message("required") == "Por favor, responda a esta pregunta."
    assert Interview(demo, language="xx").language == "en"


def test_answer_file_run_reports_each_problem(demo: QuestionSet) -> None:
    bad = dict(VALID_ANSWERS, weight="heavy", phone="12", no_such="x")
    run = run_answers(demo, bad, clock=fixed_clock)
    assert set(run.errors) == {"weight", "phone", "no_such"}
    assert run.errors["weight"].startswith("Please enter a number")


def test_answer_file_run_ignores_hidden_with_warning(demo: QuestionSet) -> None:
    run = run_answers(demo, dict(VALID_ANSWERS, guardian_consent="yes"), clock=fixed_clock)
    assert run.errors == {}
    assert any(w.startswith("guardian_consent") for w in run.warnings)


def test_a_change_at_review_reveals_questions_to_ask(interview: Interview) -> None:
    answer_all(interview, dict(VALID_ANSWERS, diagnosed="no"))
    assert interview.next_to_ask() is None
    interview.jump("diagnosed")
    interview.answer("diagnosed", "yes")
    revealed = interview.next_to_ask()
    assert revealed is not None and revealed.id == "year_diagnosed"
    records = {a.question_id: a.status for s in interview.submit().sections for a in s.answers}
    assert records["year_diagnosed"] == "not_asked"  # shown now, but never put to the person
    interview.jump("year_diagnosed")
    interview.skip("year_diagnosed")
    records = {a.question_id: a.status for s in interview.submit().sections for a in s.answers}
    assert records["year_diagnosed"] == "skipped"


def test_after_an_early_review_a_required_question_passed_by_is_asked_first(
    interview: Interview,
) -> None:
    """A person goes to review before answering the safety check, changes their name there:
    the safety check is asked next, before the questions never reached, not left to the end."""
    interview.give_consent()
    while interview.current is not None and interview.current.id != "sudden_symptoms":
        if interview.current.id in VALID_ANSWERS:
            interview.answer(
                interview.current.id, VALID_ANSWERS[interview.current.id], confirm=True
            )
        interview.next()
    passed_by = "sudden_symptoms"
    assert passed_by in {q.id for q in interview.missing()}
    interview.go_to_review()
    interview.jump("full_name")
    interview.answer("full_name", "Ana Ruiz")
    to_ask = interview.next_to_ask()
    assert to_ask is not None and to_ask.id == passed_by


def test_back_from_a_review_opened_early_returns_where_it_was_opened(
    interview: Interview,
) -> None:
    interview.give_consent()
    interview.answer("full_name", VALID_ANSWERS["full_name"], confirm=True)
    interview.next()
    assert interview.current is not None and interview.current.id == "date_of_birth"
    interview.go_to_review()
    back = interview.back()
    assert back is not None and back.id == "date_of_birth"  # not the last question of the set
    # A review reached at the end of the questions goes back to the last one.
    answer_all(interview, VALID_ANSWERS)
    assert interview.current is None
    back = interview.back()
    assert back is not None and back.id == interview.visible[-1].id


def test_interviewer_id_is_cleaned_and_bounded(demo: QuestionSet) -> None:
    iv = Interview(demo, mode="phone", interviewer="  coord\x1b[31m-7 " + "x" * 100)
    assert iv.interviewer is not None
    assert iv.interviewer.startswith("coord") and "\x1b" not in iv.interviewer
    assert len(iv.interviewer) == 40


def test_notes_are_cleaned_kept_in_the_draft_and_written_in_question_order(
    interview: Interview, demo: QuestionSet
) -> None:
    interview.set_note("phone", "  Mobile;\x1b[31m evenings only \n ")
    interview.set_note("full_name", "Spells it D-I-A-Z")
    interview.set_note("email", "first")
    interview.set_note("email", "   ")  # empty removes it
    assert interview.notes == {"phone": "Mobile; evenings only", "full_name": "Spells it D-I-A-Z"}
    with pytest.raises(InterviewError):
        interview.set_note("no_such_question", "x")
    draft = Draft.model_validate_json(interview.to_draft().model_dump_json(by_alias=True))
    resumed, notices = Interview.resume(demo, draft)
    assert resumed.notes == interview.notes and not notices
    for qid, raw in VALID_ANSWERS.items():
        if resumed.is_visible(qid):
            resumed.answer(qid, raw, confirm=True)
    notes = resumed.submit().notes
    assert [n.question_id for n in notes] == ["full_name", "phone"]
    assert notes[0].question == "What is your full name?" and notes[0].interviewer == "coord-7"


def test_section_statuses_count_answers_and_say_where_to_carry_on(interview: Interview) -> None:
    statuses = interview.sections()
    assert [s.section.id for s in statuses] == ["about_you", "lupus", "medicines"]
    assert statuses[0].current and not statuses[1].current
    assert statuses[0].resume_at == "full_name" and statuses[0].answered == 0
    interview.answer("full_name", "Ana")
    interview.answer("date_of_birth", "1985-03-14")
    first = interview.sections()[0]
    assert first.answered == 2 and first.resume_at == "phone"
    interview.jump(interview.sections()[2].resume_at)
    assert interview.sections()[2].current


def test_history_says_who_entered_what_and_when(demo: QuestionSet) -> None:
    kiosk = Interview(demo, mode="kiosk", clock=fixed_clock)
    kiosk.give_consent()
    kiosk.answer("full_name", "Ana Diaz")
    kiosk.record("timed_out")
    draft = Draft.model_validate_json(kiosk.to_draft().model_dump_json(by_alias=True))
    phone, _ = Interview.resume(demo, draft, mode="phone", interviewer="coord-7", clock=fixed_clock)
    for qid, raw in VALID_ANSWERS.items():
        if phone.is_visible(qid) and phone.stored(qid) is None:
            given = Special(raw) if raw == "dont_know" else raw
            phone.answer(qid, given, confirm=True)
    phone.answer("full_name", "Ana Díaz")  # before review: not recorded as a change
    phone.go_to_review()
    phone.answer("weight", 63, confirm=True)  # changed once the review was seen
    phone.answer("weight", 63, confirm=True)  # the same again: no change
    history = phone.submit().history
    assert [(e.event, e.mode, e.interviewer, e.question_id) for e in history] == [
        ("created", "kiosk", None, None),
        ("timed_out", "kiosk", None, None),
        ("resumed", "phone", "coord-7", None),
        ("changed_after_review", "phone", "coord-7", "weight"),
        ("submitted", "phone", "coord-7", None),
    ]
    assert all(e.at == fixed_clock() for e in history)


def test_first_answers_after_an_early_review_are_not_changes(demo: QuestionSet) -> None:
    """A review opened half-way lists what is there; the questions answered after it are
    answered for the first time, and the history says nothing of them. Changing or clearing
    an answer the review showed is recorded."""
    interview = Interview(demo, mode="phone", interviewer="coord-7", clock=fixed_clock)
    interview.give_consent()
    interview.answer("full_name", "Ana Diaz")
    interview.go_to_review()
    for qid, raw in VALID_ANSWERS.items():
        if interview.is_visible(qid) and interview.stored(qid) is None:
            given = Special(raw) if raw == "dont_know" else raw
            assert interview.answer(qid, given, confirm=True).ok, qid
    assert [e.event for e in interview.history] == ["created"]
    interview.answer("full_name", "Ana Díaz")
    optional = next(
        q.id
        for q in interview.visible
        if not isinstance(q, Note) and not q.required and interview.stored(q.id) is not None
    )
    interview.skip(optional)
    assert [(e.event, e.question_id) for e in interview.history] == [
        ("created", None),
        ("changed_after_review", "full_name"),
        ("changed_after_review", optional),
    ]


def test_a_change_after_the_review_reached_by_next_is_in_the_history(demo: QuestionSet) -> None:
    """Next on the last question opens the review as ctrl+r does: an answer changed from it
    is recorded (it was not, so the history hid a change made after the read-back)."""
    interview = Interview(demo, mode="phone", interviewer="coord-7", clock=fixed_clock)
    interview.give_consent()
    answer_all(interview, VALID_ANSWERS)
    assert interview.current is None and interview.reviewed
    last = interview.visible[-1].id
    assert interview.back() is not None and interview.current_id == last  # back where it was
    interview.next()
    interview.jump("full_name")
    interview.answer("full_name", "Ana María Díaz")
    assert [(e.event, e.question_id) for e in interview.history] == [
        ("created", None),
        ("changed_after_review", "full_name"),
    ]


def test_a_file_of_answers_has_a_created_and_submitted_history(demo: QuestionSet) -> None:
    run = run_answers(demo, VALID_ANSWERS, clock=fixed_clock)
    history = run.interview.submit().history
    assert [(e.event, e.mode) for e in history] == [("created", "file"), ("submitted", "file")]


def test_resume_against_a_changed_set_sets_aside_what_no_longer_fits(
    interview: Interview, demo: QuestionSet
) -> None:
    """Version 2 of the set drops `goals`, allows only whole kilograms and adds a question
    before where the draft stopped: nothing given under version 1 is lost."""
    answer_all(interview, {k: v for k, v in VALID_ANSWERS.items() if k != "contact_time"})
    interview.set_note("goals", "Wants to walk to the shops again")
    interview.jump("contact_time")
    data = demo.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["version"] = "2.0"
    about, _lupus, medicines = data["sections"]
    medicines["questions"] = [q for q in medicines["questions"] if q["id"] != "goals"]
    weight = next(q for q in about["questions"] if q["id"] == "weight")
    weight["places"] = 0
    about["questions"].insert(1, {"id": "nickname", "type": "text", "text": {"en": "Nickname?"}})
    changed, _ = parse_question_set(data)
    resumed, notices = Interview.resume(changed, interview.to_draft(), clock=fixed_clock)
    assert any("version 1.1 then, 2.0 now" in n for n in notices)
    assert any("'goals'" in n and "set aside" in n for n in notices)
    assert any("'weight'" in n and "no longer fits" in n for n in notices)
    assert any("'nickname' is new" in n for n in notices)
    kept = {(r.question_id, r.reason): r for r in resumed.set_aside}
    assert kept["goals", "question_removed"].value == VALID_ANSWERS["goals"]
    assert kept["goals", "question_removed"].note == "Wants to walk to the shops again"
    assert kept["weight", "answer_no_longer_fits"].value == 62.5
    assert all(r.question_set_version == "1.1" for r in resumed.set_aside)
    # Carried through later drafts and into the application.
    again, notices = Interview.resume(changed, resumed.to_draft(), clock=fixed_clock)
    assert notices == [] and again.set_aside == resumed.set_aside
    again.answer("weight", "62")
    again.answer("nickname", "Ani")
    again.answer("contact_time", "morning")
    application = again.submit()
    assert application.set_aside == resumed.set_aside
    Application.model_validate_json(application.model_dump_json(by_alias=True))


def _through_a_file(interview: Interview) -> Draft:
    return Draft.model_validate_json(interview.to_draft().model_dump_json(by_alias=True))


def test_input_left_unfinished_is_kept_in_the_draft_and_given_back_once(
    interview: Interview, demo: QuestionSet
) -> None:
    """A call drops with half a date typed: it is no answer, and it is not lost."""
    interview.answer("full_name", "Ana Diaz")
    assert interview.keep_input("date_of_birth", "31/02/19")
    assert interview.stored("date_of_birth") is None
    resumed, notices = Interview.resume(demo, _through_a_file(interview), clock=fixed_clock)
    assert notices == []
    assert resumed.unfinished == {"date_of_birth": "31/02/19"}
    assert resumed.take_unfinished("date_of_birth") == "31/02/19"
    assert resumed.take_unfinished("date_of_birth") is None  # on screen now, not kept twice
    assert _through_a_file(resumed).unfinished == {}


def test_leaving_a_question_keeps_what_is_typed_but_never_answers_it(
    interview: Interview,
) -> None:
    """Back, the review or another section: a whole answer typed is kept as unfinished input,
    not taken as the answer (answers are given by Next, with their warnings and flags)."""
    assert interview.keep_input("full_name", "Ana Diaz", as_answer=False)
    assert interview.stored("full_name") is None
    assert interview.unfinished == {"full_name": "Ana Diaz"}
    interview.answer("full_name", "Ana Diaz")
    assert interview.unfinished == {}
    assert not interview.keep_input("full_name", "Ana Diaz", as_answer=False)  # as answered


def test_what_to_settle_before_submitting_comes_in_order(interview: Interview) -> None:
    """A required question unanswered first, then an answer to give again, then input typed
    and not yet an answer; nothing once all is settled."""
    first = interview.first_to_settle()
    assert first is not None and first[1] == "Please answer this question."
    answer_all(interview, {**VALID_ANSWERS, "year_diagnosed": 1990})
    assert interview.first_to_settle() is None
    interview.keep_input("goals", "Walk again", as_answer=False)
    assert interview.first_to_settle() == (
        interview.qs.by_id["goals"],
        "Something typed here is not yet an answer: choose it to check it.",
    )
    interview.answer("date_of_birth", "1995-06-01", confirm=True)
    assert interview.first_to_settle() == (
        interview.qs.by_id["year_diagnosed"],
        "That is before the year you were born.",
    )


def test_what_keep_input_keeps(interview: Interview) -> None:
    assert not interview.keep_input("full_name", "   ")  # nothing typed
    assert interview.is_empty
    assert interview.keep_input("severity", {"tiredness": "mild"})  # a grid partly filled
    assert not interview.is_empty  # a draft is kept for it
    assert interview.unfinished == {"severity": {"tiredness": "mild"}}
    assert interview.keep_input("weight", "30")  # needs confirming: not an answer yet
    assert interview.stored("weight") is None and interview.unfinished["weight"] == "30"
    assert interview.keep_input("full_name", "Ana Diaz")  # a whole answer is the answer
    assert interview.stored("full_name") is not None and "full_name" not in interview.unfinished
    assert not interview.keep_input("full_name", "")  # an answer is never cleared here
    assert not interview.keep_input("full_name", "Ana Diaz")  # the answer already given
    assert interview.keep_input("full_name", "Ana Diaz 12345678901234567890" * 9)  # too long
    assert interview.stored("full_name").value == "Ana Diaz"  # type: ignore[union-attr]
    interview.answer("severity", {"tiredness": "mild", "pain": "none", "skin": "none"})
    assert "severity" not in interview.unfinished  # answered: the unfinished input is done


def test_unfinished_input_for_a_question_no_longer_asked_is_set_aside(
    interview: Interview, demo: QuestionSet
) -> None:
    interview.answer("full_name", "Ana Diaz")
    interview.keep_input("date_of_birth", "31/02")
    draft = _through_a_file(interview)
    draft.unfinished["retired_question"] = draft.unfinished.pop("date_of_birth")
    resumed, notices = Interview.resume(demo, draft, clock=fixed_clock)
    assert resumed.unfinished == {}
    assert any("retired_question" in n and "set aside" in n for n in notices)
    (kept,) = resumed.set_aside
    assert (kept.question_id, kept.reason, kept.value) == (
        "retired_question",
        "question_removed",
        "31/02",
    )


def test_next_from_a_last_question_hidden_since_goes_to_the_review() -> None:
    """The place is a last question an answer has hidden since: Next opens the review, as it
    does from a question shown, so a change made from it is recorded."""
    from tests.core.test_answers import make_set

    qs = make_set(
        {"id": "smokes", "text": "Do you smoke?", "type": "yes_no"},
        {
            "id": "how_many",
            "text": "How many a day?",
            "type": "integer",
            "show_if": {"question": "smokes", "equals": "yes"},
        },
    )
    interview = Interview(qs, clock=fixed_clock)
    interview.give_consent()
    interview.answer("smokes", "yes")
    interview.jump("how_many")
    interview.answer("smokes", "no")  # from elsewhere: the place is now hidden
    assert interview.current is None and interview.current_id == "how_many"
    assert interview.next() is None
    assert interview.current_id is None and interview.reviewed


def test_what_is_being_typed_is_in_the_draft_until_it_is_given_or_left(
    interview: Interview, demo: QuestionSet
) -> None:
    """The field of the question on screen, saved with the draft in case the program stops
    before Next: never an answer, and gone once the question is answered or another asked."""
    assert interview.ask() is not None and interview.current_id == "full_name"
    assert interview.note_typing("full_name", "Ana Di")
    assert interview.to_draft().unfinished == {"full_name": "Ana Di"}
    assert not interview.note_typing("full_name", "Ana Di")  # nothing new to save
    resumed, _ = Interview.resume(demo, interview.to_draft(), mode="phone")
    assert resumed.take_unfinished("full_name") == "Ana Di"
    assert resumed.value("full_name") is None
    assert interview.answer("full_name", "Ana D\u00edaz").ok
    assert interview.to_draft().unfinished == {}
    # Shown again with its answer in the field: that is no unfinished input.
    interview.jump("full_name")
    assert not interview.note_typing("full_name", "Ana D\u00edaz")
    assert interview.note_typing("full_name", "Ana D\u00edaz L")
    assert interview.to_draft().unfinished == {"full_name": "Ana D\u00edaz L"}
    interview.jump("email")
    interview.ask()  # another question on screen: what was typed there is not kept here
    assert interview.to_draft().unfinished == {}
    assert not interview.note_typing("full_name", "typed for a question not on screen")
    assert interview.to_draft().unfinished == {}


def test_typing_erased_then_left_is_not_kept(interview: Interview) -> None:
    """Typed and saved, then erased: leaving for the review (which is not a question) kept
    the erased text in the draft, and it came back in the box when the draft was resumed."""
    interview.jump("date_of_birth")
    interview.ask()
    assert interview.note_typing("date_of_birth", "14/03/19")
    interview.keep_input("date_of_birth", "", as_answer=False)  # erased, then left
    interview.go_to_review()
    assert interview.to_draft().unfinished == {}


def test_typing_over_a_special_answer_then_erased_is_not_kept(interview: Interview) -> None:
    """'Prefer not to say', then an email typed and erased, then Next: the special answer
    stays, and the erased email was still saved with the draft."""
    interview.jump("email")
    interview.ask()
    assert interview.answer("email", Special.PREFER_NOT_TO_SAY).ok
    assert interview.note_typing("email", "ana@")
    outcome = interview.answer("email", "")  # the box emptied again: the special answer stays
    assert outcome.ok
    assert interview.to_draft().unfinished == {}
