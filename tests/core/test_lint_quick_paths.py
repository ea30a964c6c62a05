"""The lint's quick paths give what the plain checks give: a question's kind looked up by its type
as `isinstance` decides it, and texts in one language or without a `{` passing the translation
and placeholder checks without being taken apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from prescreen.core import lint as lint_module
from prescreen.core.lint import _CHECKED, _NOTE, _PLAIN, WITH_OWN_RULES, _Linter, _question_kind
from prescreen.core.loading import _read_general
from prescreen.core.problems import Problem
from prescreen.core.questionset import (
    AnyQuestion,
    Note,
    QuestionSet,
)
from prescreen.core.text import Text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("model", get_args(AnyQuestion), ids=lambda m: m.__name__)
def test_each_question_kind_is_as_isinstance_says(model: type) -> None:
    expected = (
        _NOTE
        if issubclass(model, Note)
        else _CHECKED
        if issubclass(model, WITH_OWN_RULES)
        else _PLAIN
    )
    assert _question_kind(model) == expected


def _texts_plainly(linter: _Linter) -> list[Problem]:
    """The translation and placeholder checks on every text, nothing skipped."""
    qs = linter.qs
    wanted = set(qs.languages)
    default = qs.default_language
    names = set(qs.by_id) | set(linter.calcs)
    for path, text in lint_module._walk_texts(qs, ""):
        given = text.languages()
        if given is not None:
            for code in sorted(given - wanted):
                linter.error(
                    path,
                    f"'{code}' is not one of the set's languages ({lint_module._list(wanted)})",
                )
            if default not in given:
                linter.error(path, f"no text in the default language '{default}'")
            missing = sorted(wanted - given)
            if missing and default in given:
                linter.warn(path, f"no translation for: {', '.join(missing)} (shown in {default})")
        elif len(wanted) > 1:
            others = sorted(wanted - {default})
            linter.warn(path, f"no translation for: {', '.join(others)} (shown in {default})")
        linter.placeholders(path, text, names)
    return linter.problems


def assert_texts_alike(qs: QuestionSet) -> None:
    quick = _Linter(qs)
    quick.texts()
    assert quick.problems == _texts_plainly(_Linter(qs))


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "tests" / "core" / "broken").glob("*.yaml"))
    + sorted((ROOT / "questions").glob("*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_texts_of_every_set_here_are_checked_alike(path: Path) -> None:
    try:
        qs = QuestionSet.model_validate(_read_general(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError, UnicodeDecodeError):
        return
    assert_texts_alike(qs)


BODIES = st.sampled_from(
    ["Hello", "{q1}", "Age {age} and {q2}", "{nope}", "{Bad}", "{ q1 }", "{", "}", "a {q1"]
)
LANGUAGES = st.sampled_from(["en", "es", "fr"])
TEXTS = BODIES | st.dictionaries(LANGUAGES, BODIES, min_size=1, max_size=3)
PLACES = ("title", "introduction", "q1.text", "q1.help", "q2.text", "q2.interviewer", "message")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(PLACES), TEXTS),
    st.lists(LANGUAGES, min_size=1, max_size=3, unique=True),
)
def test_texts_are_checked_alike(texts: dict[str, Any], languages: list[str]) -> None:
    def text(place: str, default: Any = "Text") -> Any:
        return texts.get(place, default)

    data: dict[str, Any] = {
        "id": "set",
        "version": "1",
        "title": text("title"),
        "introduction": text("introduction", None),
        "default_language": languages[0],
        "languages": languages,
        "consent": {"statement": "Agree?"},
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {
                        "id": "q1",
                        "type": "yes_no",
                        "text": text("q1.text"),
                        "help": text("q1.help"),
                    },
                    {
                        "id": "q2",
                        "type": "text",
                        "text": text("q2.text"),
                        "interviewer": text("q2.interviewer", None),
                    },
                ],
            }
        ],
        "calculations": [{"id": "age", "label": "Age", "count": "q1"}],
        "messages": {"position": text("message")},
    }
    if data["introduction"] is None:
        del data["introduction"]
    if data["sections"][0]["questions"][1]["interviewer"] is None:
        del data["sections"][0]["questions"][1]["interviewer"]
    try:
        qs = QuestionSet.model_validate(data)
    except ValidationError:
        return
    assert_texts_alike(qs)


def test_a_text_is_a_str_or_a_mapping() -> None:
    """The quick path takes a text that is not a str as translations: Text allows no other."""
    assert Text("x").languages() is None
    assert Text({"en": "x"}).languages() == {"en"}
