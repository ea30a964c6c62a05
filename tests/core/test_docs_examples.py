"""Every YAML example in docs/question-sets.md loads (or, where the guide shows a mistake, is
refused), so the guide cannot drift from the format.

Each ```yaml block in the guide is preceded by an HTML comment saying what it is:

- `<!-- example: set -->`: a whole question set, loaded as it is (`set, complete`: the complete
  example at the end, which must also load without a warning);
- `<!-- example: questions -->`: a list of questions, added as a new last section of the demo set;
- `<!-- example: condition -->`: `show_if: ...`, put on a note added at the end of the demo set;
- `<!-- example: top -->`: top-level keys merged into the demo set (lists such as `flags` and
  `sections` are extended, mappings such as `messages` updated, anything else replaced);
- `, fails` after any of these: a mistake the guide warns about, which must be refused.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from prescreen.core.loading import parse_question_set, read_yaml
from prescreen.core.problems import QuestionSetError
from prescreen.core.questionset import QUESTION_TYPES
from prescreen.core.text import DEFAULT_MESSAGES
from prescreen.core.textfiles import read_bounded

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "question-sets.md"
DEMO = ROOT / "questions" / "demo.yaml"

_BLOCK = re.compile(r"^[ \t]*```yaml[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)
_MARK = re.compile(r"<!--\s*example:\s*([a-z, ]+?)\s*-->\s*\Z")
_KINDS = {"set", "questions", "condition", "top"}


def _examples() -> list[tuple[int, str, set[str], str]]:
    """(line, kind, options, yaml text) for every yaml block in the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for block in _BLOCK.finditer(text):
        line = text.count("\n", 0, block.start()) + 1
        mark = _MARK.search(text[: block.start()].rstrip())
        assert mark is not None, f"line {line}: a yaml block without <!-- example: ... -->"
        kind, *options = (word.strip() for word in mark.group(1).split(","))
        assert kind in _KINDS, f"line {line}: unknown example kind {kind!r}"
        body = block.group(1)
        indent = min(len(x) - len(x.lstrip()) for x in body.splitlines() if x.strip())
        body = "\n".join(x[indent:] for x in body.splitlines())
        found.append((line, kind, set(options), body))
    return found


EXAMPLES = _examples()


def _demo() -> dict[str, Any]:
    data = read_yaml(read_bounded(DEMO))
    assert isinstance(data, dict)
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _as_question_set(kind: str, body: str) -> dict[str, Any]:
    data = read_yaml(body)
    if kind == "set":
        assert isinstance(data, dict)
        return data
    if kind == "questions":
        assert isinstance(data, list)
        section = {"id": "doc_example", "title": "Example", "questions": data}
        return _merge(_demo(), {"sections": [section]})
    if kind == "condition":
        assert isinstance(data, dict)
        assert set(data) == {"show_if"}
        note = {"id": "doc_example", "type": "note", "text": "Example", **data}
        section = {"id": "doc_example_section", "title": "Example", "questions": [note]}
        return _merge(_demo(), {"sections": [section]})
    assert isinstance(data, dict)
    return _merge(_demo(), data)


def test_the_guide_has_examples_of_every_kind() -> None:
    kinds = {kind for _, kind, _, _ in EXAMPLES}
    assert kinds == _KINDS
    assert sum(1 for _, kind, options, _ in EXAMPLES if "complete" in options) == 1
    assert any("fails" in options for _, _, options, _ in EXAMPLES)


@pytest.mark.parametrize(
    ("kind", "options", "body"),
    [pytest.param(k, o, b, id=f"line{n}-{k}") for n, k, o, b in EXAMPLES],
)
def test_guide_example(kind: str, options: set[str], body: str) -> None:
    if "fails" in options:
        with pytest.raises((QuestionSetError, ValueError)):
            parse_question_set(_as_question_set(kind, body), "example")
        return
    try:
        qs, warnings = parse_question_set(_as_question_set(kind, body), "example")
    except QuestionSetError as error:
        pytest.fail("\n".join(error.lines()))
    if "complete" in options:
        assert [w.render("example") for w in warnings] == []
        assert qs.languages == ["en", "es"]


def test_the_complete_example_uses_every_question_type_but_a_few() -> None:
    body = next(b for _, _, options, b in EXAMPLES if "complete" in options)
    qs, _ = parse_question_set(read_yaml(body), "example")
    types = {q.type for q in qs.questions}
    assert {"text", "date", "note", "phone", "single_choice", "yes_no"} <= types
    assert {"multiple_choice", "grid", "decimal", "repeat"} <= types
    assert qs.calculations
    assert qs.flags
    assert set(qs.outcomes) == {"urgent", "likely_not_eligible", "needs_review", "proceed"}


def test_every_question_type_has_an_example() -> None:
    types: set[str] = set()
    for _, kind, options, body in EXAMPLES:
        if kind == "questions" and "fails" not in options:
            types |= {q["type"] for q in read_yaml(body)}
    assert types == set(QUESTION_TYPES)


def test_the_guide_lists_every_message_with_its_wording() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name, wording in DEFAULT_MESSAGES.items():
        assert f"| `{name}` | {wording}" in text, name


def test_the_demo_set_the_guide_points_to_loads() -> None:
    qs, _ = parse_question_set(_demo(), str(DEMO))
    assert qs.id == "demo"
