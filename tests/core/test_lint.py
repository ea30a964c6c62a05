"""Whole-set checks: translations and other warnings, and rules the broken corpus cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from prescreen.core.lint import lint
from prescreen.core.loading import (
    QuestionSetError,
    load_question_set,
    parse_question_set,
    read_yaml,
)
from prescreen.core.problems import Problem

DEMO = Path(__file__).resolve().parents[2] / "questions" / "demo.yaml"

HEAD = """
id: lint_example
version: "1"
title: {en: Example, es: Ejemplo}
consent:
  statement: {en: "Do you agree?", es: "¿Está de acuerdo?"}
  accept: {en: Yes, es: Sí}
  decline: {en: No, es: No}
languages: [en, es]
region: US
sections:
  - id: main
    title: {en: Main, es: Principal}
    questions:
"""


def load(questions: str, extra: str = "") -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings for a set made of HEAD, these questions and extra top-level keys."""
    data = read_yaml(HEAD + questions + extra)
    try:
        _, warnings = parse_question_set(data, "set.yaml")
    except QuestionSetError as error:
        problems = error.problems
    else:
        problems = warnings
    return (
        [p for p in problems if p.severity == "error"],
        [p for p in problems if p.severity == "warning"],
    )


# -- translations --------------------------------------------------------------------------------


def test_missing_translations_are_warnings_listed_per_place() -> None:
    errors, warnings = load(
        """      - id: smoker
        type: yes_no
        text: {en: "Do you smoke?"}
        help: Cigarettes, cigars or a pipe.
      - id: since
        type: integer
        text: {en: "Since what year?", es: "¿Desde qué año?"}
        unit: {en: year, es: año}
"""
    )
    assert errors == []
    assert [(w.path, w.message) for w in warnings] == [
        ("sections[0].questions[0].text", "no translation for: es (shown in en)"),
        ("sections[0].questions[0].help", "no translation for: es (shown in en)"),
    ]
    assert warnings[0].render("set.yaml") == (
        "set.yaml: sections[0].questions[0].text: warning: no translation for: es (shown in en)"
    )


def test_a_set_in_one_language_has_no_translation_warnings() -> None:
    qs, warnings = parse_question_set(
        read_yaml(
            'id: one\nversion: "1"\ntitle: One\nconsent: {statement: Agree}\n'
            "sections: [{id: s, title: S, questions: [{id: q, type: text, text: Q}]}]\n"
        )
    )
    assert warnings == []
    assert qs.languages == ["en"]


def test_demo_warnings_are_only_translation_warnings() -> None:
    _, warnings = load_question_set(DEMO)
    assert warnings
    for warning in warnings:
        assert warning.severity == "warning"
        assert warning.message.startswith("no translation for: es"), warning


def test_lint_of_the_demo_has_no_errors() -> None:
    qs, _ = load_question_set(DEMO)
    assert [p for p in lint(qs) if p.severity == "error"] == []


# -- placeholders --------------------------------------------------------------------------------

BORN = """      - id: born
        type: date
        text: {en: "When were you born?", es: "¿Cuándo nació?"}
"""
AGE = """
calculations:
  - id: age
    label: {en: Age, es: Edad}
    age_years: born
"""


def test_a_placeholder_after_its_question_is_fine() -> None:
    note = """      - id: thanks
        type: note
        text: {en: "You are {age}.", es: "Tiene {age} años."}
"""
    assert load(BORN + note, AGE) == ([], [])


def test_a_placeholder_shown_before_its_answer_is_a_warning() -> None:
    note = """      - id: thanks
        type: note
        text: {en: "You are {age}.", es: "Tiene {age} años."}
"""
    errors, warnings = load(note + BORN, AGE)
    assert errors == []
    assert [(w.path, w.message) for w in warnings] == [
        (
            "sections[0].questions[0].text",
            "'{age}' is shown before the answer to 'born' is given, so it shows as a dash",
        )
    ]


def test_a_placeholder_in_the_consent_is_shown_before_any_answer() -> None:
    extra = AGE.replace("calculations:", "introduction: Hi {born}\ncalculations:")
    errors, warnings = load(BORN, extra)
    assert errors == []
    assert any(
        w.path == "introduction" and "before any question is asked" in w.message for w in warnings
    )


def test_message_overrides_may_use_their_own_placeholders() -> None:
    messages = """
messages:
  too_long: {en: "Under {limit} please.", es: "Menos de {limit}, por favor."}
  number_too_small: {en: "At least {min}.", es: "Al menos {min}."}
"""
    assert load(BORN, messages) == ([], [])


# -- conditions: values written so that they can match --------------------------------------------

QUESTIONS = """      - id: smoker
        type: yes_no
        text: {en: "Smoke?", es: "¿Fuma?"}
        allow: [dont_know]
      - id: symptoms
        type: multiple_choice
        text: {en: "Symptoms?", es: "¿Síntomas?"}
        allow: [prefer_not_to_say]
        choices:
          - {value: fever, label: {en: Fever, es: Fiebre}}
          - {value: rash, label: {en: Rash, es: Erupción}}
      - id: count
        type: integer
        text: {en: "How many?", es: "¿Cuántos?"}
      - id: name
        type: text
        text: {en: "Name?", es: "¿Nombre?"}
      - id: phone
        type: phone
        text: {en: "Phone?", es: "¿Teléfono?"}
      - id: last
        type: note
        text: {en: Thanks, es: Gracias}
"""


def last_shown_if(condition: str) -> list[str]:
    errors, _ = load(QUESTIONS + f"        show_if: {condition}\n")
    assert all(e.path.startswith("sections[0].questions[5].show_if") for e in errors)
    return [e.message for e in errors]


@pytest.mark.parametrize(
    "condition",
    [
        "{question: smoker, equals: dont_know}",
        "{question: smoker, not_equals: yes}",
        "{question: smoker, equals: false}",
        "{question: symptoms, equals: prefer_not_to_say}",
        "{question: symptoms, contains: prefer_not_to_say}",
        "{question: symptoms, contains_any: [fever, rash]}",
        "{question: count, at_least: 3}",
        "{question: count, one_of: [1, 2, 3]}",
        "{question: name, contains: smith}",
        "{question: name, equals: '42'}",
        "{question: phone, equals: '+12015550123'}",
        "{all: [{question: smoker, answered: true}, {not: {question: count, less_than: 1}}]}",
    ],
)
def test_conditions_that_can_match(condition: str) -> None:
    assert last_shown_if(condition) == []


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{question: count, equals: '3'}", "write the number 3 without quotes"),
        ("{question: count, one_of: [1, '2']}", "write the number 2 without quotes"),
        ("{question: smoker, equals: n}", "write 'n' as yes or no"),
        ("{question: name, equals: 42}", "put 42 in quotes: 'name' takes text"),
        ("{question: name, contains: 42}", "put 42 in quotes: 'name' takes text"),
        (
            "{question: phone, equals: '(201) 555-0123'}",
            "write '(201) 555-0123' as '+12015550123', the way the answer is stored",
        ),
        (
            "{question: count, equals: dont_know}",
            "'dont_know' is a special answer that 'count' does not offer; add it under allow",
        ),
        ("{question: symptoms, contains: dont_know}", "'dont_know' is not an option of 'symptoms'"),
        ("{question: smoker, at_least: dont_know}", "'at_least' compares numbers and dates"),
    ],
)
def test_conditions_that_could_never_match(condition: str, message: str) -> None:
    assert any(message in m for m in last_shown_if(condition)), last_shown_if(condition)


def test_a_repeat_field_named_as_a_question_gets_a_hint() -> None:
    repeat = """      - id: medicines
        type: repeat
        text: {en: "Medicines?", es: "¿Medicamentos?"}
        fields:
          - {id: dose, type: text, text: {en: Dose, es: Dosis}}
      - id: more
        type: note
        text: {en: More, es: Más}
        show_if: {question: dose, answered: true}
"""
    errors, _ = load(repeat)
    assert [e.message for e in errors] == [
        "'dose' is a field of the repeating group 'medicines'; "
        "write question: medicines and field: dose"
    ]


def test_a_pattern_too_deep_to_compile_is_an_error_not_a_crash() -> None:
    pattern = "(" * 2000 + "a" + ")" * 2000
    errors, _ = load(
        f"""      - id: code
        type: text
        text: {{en: Code, es: Código}}
        constraints: [{{pattern: "{pattern}", message: {{en: No, es: No}}}}]
"""
    )
    assert [e.path for e in errors] == ["sections[0].questions[0].constraints[0].pattern"]
