"""The bundled lupus MSC question set: it validates, and patient profiles get the right flags.

Every file in `lupus_profiles/` is a complete answers file, as `prescreen submit` reads it; each
goes through the real command, and the application it writes is checked against the published
schema and against the flags and outcome expected below.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from prescreen.cli import main
from prescreen.core.conditions import Comparison
from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set, read_yaml
from prescreen.core.questionset import Note, OutcomeCode, QuestionSet, Special
from prescreen.core.text import DEFAULT_MESSAGES
from prescreen.locations import default_question_set

ROOT = Path(__file__).resolve().parents[2]
LUPUS = ROOT / "questions" / "lupus-msc.yaml"
PROFILES = Path(__file__).resolve().parent / "lupus_profiles"
NOW = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)

# Profile -> (outcome, every flag raised). Exact: a flag raised that is not listed fails too.
EXPECTED: dict[str, tuple[str, set[str]]] = {
    "typical": ("proceed", {"refractory_disease", "steroid_above_target"}),
    "pregnant": ("likely_not_eligible", {"pregnant_now"}),
    "breastfeeding": ("likely_not_eligible", {"breastfeeding"}),
    "hydralazine": (
        "needs_review",
        {"drug_induced_lupus_medicine", "drug_lupus_lower_risk", "age_over_65"},
    ),
    "spanish_hidralazina": ("needs_review", {"drug_induced_lupus_medicine"}),
    "drug_induced": (
        "needs_review",
        {"drug_induced_lupus_diagnosis", "drug_induced_lupus_medicine"},
    ),
    "urgent_chest_pain": (
        "urgent",
        {"urgent_chest_breathing", "refractory_disease", "steroid_above_target"},
    ),
    "urgent_everything": (
        "urgent",
        {
            "urgent_chest_breathing",
            "urgent_brain",
            "urgent_bleeding",
            "urgent_little_urine",
            "urgent_fever_immunosuppressed",
            "urgent_self_harm",
            "refractory_disease",
            "steroid_above_target",
        },
    ),
    "declines_sensitive": ("needs_review", {"sensitive_declined"}),
    "skin_only": ("likely_not_eligible", {"skin_only_lupus", "low_reported_activity"}),
    "safety_exclusions": (
        "likely_not_eligible",
        {
            "dialysis_now",
            "hiv",
            "hepatitis_active",
            "tb_active",
            "recent_cancer",
            "organ_transplant",
            "previous_stem_cells",
            "infection_now",
            "clotting_risk",
            "serious_organ_disease",
            "other_trial",
            "lupus_nephritis",
            "cannot_travel",
            "refractory_disease",
            "steroid_above_target",
        },
    ),
    "safety_reviews": (
        "needs_review",
        {
            "hepatitis_past",
            "tb_history",
            "dialysis_past",
            "lupus_nephritis",
            "clotting_risk",
            "pregnancy_possible",
            "organ_symptoms",
            "refractory_disease",
            "steroid_above_target",
        },
    ),
    "not_diagnosed": (
        "likely_not_eligible",
        {"no_lupus_diagnosis", "helper_without_agreement", "fever_now"},
    ),
    "unconfirmed": (
        "needs_review",
        {"diagnosis_unconfirmed", "ana_negative", "steroid_above_target"},
    ),
    "child": ("likely_not_eligible", {"under_18"}),
}
LANGUAGE = {"spanish_hidralazina": "es"}


@dataclass(frozen=True)
class Submitted:
    """What `prescreen submit` printed and the application it wrote."""

    code: int
    out: str
    err: str
    application: dict[str, Any]


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the `prescreen` command in this process; its exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def lupus() -> QuestionSet:
    qs, _ = load_question_set(LUPUS)
    return qs


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    code, out, _ = cli("schema", "application")
    assert code == 0
    loaded: dict[str, Any] = json.loads(out)
    return loaded


@pytest.fixture(scope="module")
def submitted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Submitted]:
    """Every profile through `prescreen submit`, once for the whole module."""
    store = tmp_path_factory.mktemp("store")
    results: dict[str, Submitted] = {}
    for path in sorted(PROFILES.glob("*.yaml")):
        argv = ["submit", "--store", str(store), "--questions", str(LUPUS), "--answers", str(path)]
        if path.stem in LANGUAGE:
            argv += ["--language", LANGUAGE[path.stem]]
        code, out, err = cli(*argv)
        written = json.loads(Path(out.strip()).read_text()) if code == 0 else {}
        results[path.stem] = Submitted(code, out, err, written)
    return results


def raised(result: Submitted) -> set[str]:
    return {flag["id"] for flag in result.application["flags"]}


def test_validates_without_a_warning() -> None:
    code, out, _ = cli("validate", str(LUPUS))
    assert code == 0
    assert out.splitlines() == [f"{LUPUS}: valid"]


def test_it_is_the_default_question_set() -> None:
    assert default_question_set().resolve() == LUPUS


def test_every_profile_file_has_an_expectation() -> None:
    assert {p.stem for p in PROFILES.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("profile", sorted(EXPECTED))
def test_profile_gets_its_flags_and_outcome(
    profile: str, submitted: dict[str, Submitted], schema: dict[str, Any]
) -> None:
    result = submitted[profile]
    assert result.code == 0, result.err
    assert result.err == "", "an answer was ignored or needed confirming"
    jsonschema.validate(result.application, schema)
    outcome, flags = EXPECTED[profile]
    assert result.application["outcome"]["code"] == outcome
    assert raised(result) == flags
    assert result.application["language"] == LANGUAGE.get(profile, "en")


def test_every_flag_fires_in_one_profile_and_stays_silent_in_another(
    lupus: QuestionSet, submitted: dict[str, Submitted]
) -> None:
    """A new flag without a profile that raises it (and one that does not) fails here."""
    ids = {flag.id for flag in lupus.flags}
    for profile, (_, flags) in EXPECTED.items():
        assert flags <= ids, f"{profile} expects flags the set does not have: {flags - ids}"
    for flag in sorted(ids):
        firing = [name for name, result in submitted.items() if flag in raised(result)]
        silent = [name for name, result in submitted.items() if flag not in raised(result)]
        assert firing, f"no profile raises the flag {flag!r}: add one to lupus_profiles/"
        assert silent, f"every profile raises the flag {flag!r}"


def test_the_outcome_follows_the_most_serious_flag(
    lupus: QuestionSet, submitted: dict[str, Submitted]
) -> None:
    severity = {flag.id: flag.severity.value for flag in lupus.flags}
    order = [
        ("urgent", "urgent"),
        ("exclude", "likely_not_eligible"),
        ("review", "needs_review"),
    ]
    for name, result in submitted.items():
        present = {severity[flag] for flag in raised(result)}
        wanted = next((code for level, code in order if level in present), "proceed")
        assert result.application["outcome"]["code"] == wanted, name


def test_declined_questions_are_recorded_as_declined(submitted: dict[str, Submitted]) -> None:
    answers = {
        a["question_id"]: a
        for section in submitted["declines_sensitive"].application["sections"]
        for a in section["answers"]
    }
    for qid in ("sex_at_birth", "pregnant", "infections_ever", "cancer_5_years", "transplant"):
        assert answers[qid]["status"] == "prefer_not_to_say", qid
        assert answers[qid]["value"] is None


def test_an_application_in_spanish_reads_in_spanish(submitted: dict[str, Submitted]) -> None:
    application = submitted["spanish_hidralazina"].application
    first = application["sections"][0]
    assert first["title"] == "Datos de contacto"
    assert first["answers"][0]["question"] == "¿Quién está rellenando este formulario?"
    assert application["outcome"]["label"] == "Requiere revisión médica"
    assert "Se indicó a la persona que no deje" in application["flags"][0]["message"]


def test_the_installed_command_submits_a_profile(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "prescreen.cli",
            "submit",
            "--store",
            str(tmp_path),
            "--questions",
            str(LUPUS),
            "--answers",
            str(PROFILES / "hydralazine.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = json.loads(Path(result.stdout.strip()).read_text())
    assert written["outcome"]["code"] == "needs_review"


# -- rules of the set, checked on the engine directly -------------------------------------------


def interview(qs: QuestionSet, **answers: Any) -> Interview:
    """A consented interview with these answers given in question order."""
    iv = Interview(qs, mode="file", clock=lambda: NOW)
    iv.give_consent()
    for question in qs.questions:
        if question.id in answers:
            raw = answers[question.id]
            if isinstance(raw, str) and raw in {s.value for s in getattr(question, "allow", [])}:
                raw = Special(raw)
            outcome = iv.answer(question.id, raw, confirm=True)
            assert outcome.ok, (question.id, outcome.message)
    return iv


def medicine_flags(qs: QuestionSet, name: str) -> set[str]:
    iv = interview(qs, takes_medicines="yes", medications=[{"name": name}])
    return {flag.id for flag in iv.flags()}


DRUG_INDUCED_LUPUS = [
    # generic and brand names, in any case, inside what was typed, and Spanish spellings
    "hydralazine",
    "Apresoline",
    "BiDil",
    "Hidralazina 25 mg",
    "procainamide",
    "Procainamida",
    "isoniazid",
    "Isoniacida",
    "quinidine",
    "Nuedexta",
    "minocycline",
    "Minocin",
    "Minociclina",
    "methyldopa",
    "Metildopa",
    "chlorpromazine",
    "Thorazine",
    "Clorpromazina",
    "infliximab",
    "Remicade",
    "Inflectra",
    "adalimumab",
    "HUMIRA pen",
    "Hyrimoz",
    "etanercept",
    "Enbrel",
    "certolizumab pegol",
    "Cimzia",
    "golimumab",
    "Simponi Aria",
]


@pytest.mark.parametrize("name", DRUG_INDUCED_LUPUS)
def test_medicines_that_cause_drug_induced_lupus_raise_the_review_flag(
    lupus: QuestionSet, name: str
) -> None:
    iv = interview(lupus, takes_medicines="yes", medications=[{"name": name}])
    assert "drug_induced_lupus_medicine" in {flag.id for flag in iv.flags()}
    assert iv.is_visible("drug_lupus_note")  # the patient is told not to stop it alone


def test_lupus_medicines_do_not_raise_the_drug_induced_flags(lupus: QuestionSet) -> None:
    flags = ("drug_induced_lupus_medicine", "drug_lupus_lower_risk")
    known = [
        entry
        for entry in lupus.vocabularies["medicines"]
        if not any(_matches(lupus, flag, entry) for flag in flags)
    ]
    assert "Hydroxychloroquine (Plaquenil)" in known and "Belimumab (Benlysta)" in known
    for name in [*known, "hydroxychloroquine", "quinine", "Prednisone 5 mg", "inhaler"]:
        assert not medicine_flags(lupus, name) & set(flags), name


def _matches(qs: QuestionSet, flag_id: str, name: str) -> bool:
    flag = next(f for f in qs.flags if f.id == flag_id)
    assert isinstance(flag.when, Comparison) and flag.when.contains_any is not None
    return any(str(part).casefold() in name.casefold() for part in flag.when.contains_any)


def test_the_patient_note_and_the_flag_list_the_same_medicines(lupus: QuestionSet) -> None:
    note = lupus.by_id["drug_lupus_note"]
    flag = next(f for f in lupus.flags if f.id == "drug_induced_lupus_medicine")
    assert isinstance(note, Note)
    assert note.show_if == flag.when
    for required in (
        "hydralazin",
        "procainamid",
        "isoniazid",
        "quinidin",
        "minocycl",
        "methyldop",
        "chlorpromazin",
        "inflixim",
        "adalimum",
        "etanercep",
        "certolizum",
        "golimum",
    ):
        assert _matches(lupus, "drug_induced_lupus_medicine", required), required
    message = flag.message.get("en", "en")
    assert "not to stop or change any medicine without their prescriber" in message


@pytest.mark.parametrize(
    ("sex", "born", "asked"),
    [
        ("female", "1990-01-01", True),
        ("intersex", "1990-01-01", True),
        ("prefer_not_to_say", "1990-01-01", True),
        ("male", "1990-01-01", False),
        ("female", "1960-01-01", False),  # 66: past the age it applies
        ("female", "2016-01-01", False),  # 10
        ("female", "1970-03-14", False),  # 56 today: asked up to 55
        ("female", "1970-03-15", True),  # 55 until tomorrow
    ],
)
def test_pregnancy_questions_only_where_they_apply(
    lupus: QuestionSet, sex: str, born: str, asked: bool
) -> None:
    iv = interview(lupus, date_of_birth=born, sex_at_birth=sex)
    for qid in ("pregnant", "breastfeeding", "planning_pregnancy"):
        assert iv.is_visible(qid) is asked, qid


def test_urgent_questions_come_first_and_stop_with_emergency_advice(lupus: QuestionSet) -> None:
    position = lupus.position
    assert position["urgent_symptoms"] < position["date_of_birth"]
    assert position["urgent_symptoms"] <= 8
    urgent = [flag for flag in lupus.flags if flag.severity.value == "urgent"]
    assert len(urgent) >= 6
    for flag in urgent:
        assert flag.stop, flag.id
        for language in ("en", "es"):
            text = flag.message.get(language, "en")
            assert "911" in text or "988" in text, (flag.id, language)


def test_an_urgent_answer_interrupts_at_once(lupus: QuestionSet) -> None:
    iv = Interview(lupus, mode="kiosk", clock=lambda: NOW)
    iv.give_consent()
    iv.answer("filled_by", "self")
    iv.answer("full_name", "Rosa Diaz")
    iv.answer("phone", "(201) 555-0147")
    outcome = iv.answer("urgent_symptoms", ["chest_pain"])
    assert outcome.interrupt is not None and outcome.interrupt.id == "urgent_chest_breathing"
    assert iv.stopped_by == "urgent_chest_breathing"
    assert iv.outcome().code.value == "urgent"


def test_a_high_fever_is_urgent_only_on_immune_suppressing_medicine(lupus: QuestionSet) -> None:
    on = interview(lupus, urgent_symptoms=["fever"], fever_immunosuppressed="yes")
    off = interview(lupus, urgent_symptoms=["fever"], fever_immunosuppressed="no")
    assert "urgent_fever_immunosuppressed" in {f.id for f in on.flags()}
    assert {f.id for f in off.flags()} == {"fever_now"}
    assert off.is_visible("fever_note")


def test_every_built_in_message_is_in_spanish(lupus: QuestionSet) -> None:
    assert set(lupus.messages) == set(DEFAULT_MESSAGES)
    for code, text in lupus.messages.items():
        assert text.languages() == {"en", "es"}, code


def test_the_spanish_is_marked_for_review_by_a_medical_translator(lupus: QuestionSet) -> None:
    status = lupus.translations["es"]
    assert status.status == "awaiting_review"
    assert status.note is not None and "qualified medical translator" in status.note


def test_applications_in_spanish_carry_the_translation_status(lupus: QuestionSet) -> None:
    from prescreen.core.answer_file import run_answers

    spanish = run_answers(lupus, {}, language="es").interview
    english = run_answers(lupus, {}, language="en").interview
    assert spanish._question_set_ref().translation_status == "awaiting_review"
    assert english._question_set_ref().translation_status is None


def test_the_patient_never_reads_a_harsh_rejection(lupus: QuestionSet) -> None:
    for code, wording in lupus.outcomes.items():
        assert wording.next_steps is not None, code
        text = wording.next_steps.get("en", "en").casefold()
        for harsh in ("not eligible", "reject", "unfortunately", "denied", "cannot"):
            assert harsh not in text, (code, harsh)
    not_eligible = lupus.outcomes[OutcomeCode.NOT_ELIGIBLE].next_steps
    assert not_eligible is not None
    assert "A clinician will read them all" in not_eligible.get("en", "en")


def test_the_same_answers_in_spanish_give_the_same_values_and_units(lupus: QuestionSet) -> None:
    """A system importing applications reads codes, not words: a Spanish interview's units
    were 'pies' and 'pulgadas'. Only the labels, for a person to read, are in Spanish."""
    from prescreen.core.answer_file import run_answers

    answers = read_yaml((PROFILES / "typical.yaml").read_text(encoding="utf-8"))

    def records(language: str) -> dict[str, dict[str, Any]]:
        run = run_answers(lupus, answers, language=language, clock=lambda: NOW)
        assert run.errors == {}, run.errors
        application = run.interview.submit().model_dump(mode="json")
        return {a["question_id"]: a for s in application["sections"] for a in s["answers"]}

    english, spanish = records("en"), records("es")
    assert english.keys() == spanish.keys()
    for qid, record in english.items():
        for key in ("value", "unit", "status", "type"):
            assert spanish[qid][key] == record[key], (qid, key)
    assert english["height_feet"]["unit"] == "feet"
    assert spanish["height_feet"]["label"] != english["height_feet"]["label"]


def test_a_weight_in_pounds_in_the_kilogram_box_is_asked_about(lupus: QuestionSet) -> None:
    """150 in the kilogram box (a weight in pounds, most likely) passed without a question."""
    iv = interview(lupus, measure_units="metric", height_cm=158)
    outcome = iv.answer("weight_kg", "150")
    assert outcome.status == "needs_confirmation"
    assert outcome.message == "That weight is unusual. Is it right, in kilograms?"
    assert iv.answer("weight_kg", "62").ok


def test_the_date_of_birth_read_back_says_how_to_change_it(lupus: QuestionSet) -> None:
    """A day and month typed the other way round is read back; the person is told what to do
    if it is wrong."""
    iv = interview(lupus, date_of_birth="1962-04-03")
    note = next(q for q in lupus.questions if q.id == "age_note")
    text = iv.text(note.text)
    assert "3 April 1962" in text and "press Back to change it" in text
