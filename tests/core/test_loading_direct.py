"""The one-pass reader of YAML (`_read_direct`) gives exactly what the general way gives (the
checks of `_check_events`, then PyYAML's loader): the same data, or it declines and the general
way gives its error. It never accepts what the general way refuses, and when it says a text holds
no control character, none does. Loading a set from its text gives what reading the YAML and then
`parse_question_set` give: the same set and warnings, or the same problems."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from benchmarks.generated import generated_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen.core import loading
from prescreen.core.loading import (
    MAX_DEPTH,
    QuestionSetError,
    _any_control,
    _read_direct,
    _read_general,
    _read_yaml,
    check_question_set_text,
    parse_question_set,
)
from prescreen.core.textfiles import read_bounded

ROOT = Path(__file__).resolve().parents[2]


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _general(text: str) -> tuple[Any, str | None]:
    try:
        return _read_general(text), None
    except ValueError as error:
        return None, str(error)


def assert_read_alike(text: str) -> None:
    general, error = _general(text)
    direct = _read_direct(text)
    if direct is not None:
        assert error is None, f"accepted what the general way refuses: {error}"
        data, clean = direct
        assert _same(data, general)
        if clean:
            assert not _any_control(data)
    # What callers see: the direct data, or the general way's data or error.
    try:
        data, _clean = _read_yaml(text)
    except ValueError as refused:
        assert str(refused) == error
    else:
        assert error is None
        assert _same(data, general)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(
        [
            "yes",
            "No",
            "TRUE",
            "2020-01-31",
            "0x1F",
            "0o17",
            "1_000",
            "1:30",
            ".inf",
            "-.NaN",
            "~",
            "null",
            "=",
            "<<",
            "1e3",
            "",
            "\x1b[2J",
            "a\tb",
            "line\nbreak",
            "\x85",
        ]
    ),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none()),
            inner,
            max_size=4,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(DATA, st.booleans(), st.sampled_from([None, "'", '"', "|"]))
def test_documents_are_read_alike(data: Any, flow: bool, style: str | None) -> None:
    try:
        text = yaml.safe_dump(data, sort_keys=False, default_flow_style=flow, default_style=style)
    except yaml.YAMLError:
        return
    assert_read_alike(text)
    assert_read_alike(yaml.safe_dump({"top": data}, sort_keys=False))


# Pieces an author (or an attacker) might write: tags, anchors and aliases, merge keys, a key
# given twice, keys that are lists or mappings, several documents, tabs, control characters,
# broken syntax.
PIECES = [
    "a: 1",
    "b: [1, {c: d}]",
    "c: 'quoted: text'",
    'd: "\\e[2J"',
    'e: "\\x07 bell"',
    "f: |\n  two\n  lines",
    "g: !!binary aGVsbG8=",
    "h: !!str 12",
    "i: !!int '7'",
    "j: !custom x",
    "k: ! plain",
    "l: !!map {x: 1}",
    "m: !!seq [1]",
    "n: &anchor 1",
    "o: *anchor",
    "p: &list [1, 2]",
    "<<: {m: 1}",
    "=: 3",
    "? [1, 2]\n: x",
    "? {k: v}\n: x",
    "a: again",
    "true: 1",
    "1: one",
    "1.0: float one",
    "~: nothing",
    ": empty key",
    "---",
    "...",
    "\ta: tab",
    "q: [unclosed",
    "r: }",
    "s: 0b101",
    "t: 1e400",
    "u: " + "9" * 5000,
    "v: .nan",
    "w: {.nan: 1}",
    "x: 2001-12-14t21:59:43.10-05:00",
    "y: Yes",
    "%YAML 1.1",
    "# a comment",
    "",
]


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_odd_documents_are_read_alike(pieces: list[str]) -> None:
    assert_read_alike("\n".join(pieces) + "\n")
    nested = "\n".join("  " + piece.replace("\n", "\n  ") for piece in pieces)
    assert_read_alike(f"top:\n{nested}\nafter: [x]\n")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "---\n",
        "--- 1\n--- 2\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "[" * MAX_DEPTH + "]" * MAX_DEPTH,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "{a: " * MAX_DEPTH + "1" + "}" * MAX_DEPTH,
        "{a: " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
        "[" + ", ".join(["1"] * loading.MAX_NODES) + "]",
        "[" + ", ".join(["1"] * (loading.MAX_NODES - 1)) + "]",
        "a: \x07\n",
        "a: b\x00c\n",
        "a:\n  b: 1\n  b: 2\n",
        "{1: a, True: b}\n",
        "{1: a, 1.0: b}\n",
        "{null: a, ~: b}\n",
        "a: [1, 2\n",
    ],
    ids=repr,
)
def test_edge_documents_are_read_alike(text: str) -> None:
    assert_read_alike(text)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "tests").rglob("*.yaml")) + sorted((ROOT / "questions").glob("*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_file_here_is_read_alike(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return
    assert_read_alike(text)


def test_a_set_is_read_directly() -> None:
    """The quick way is the one taken for real sets (else this work is for nothing)."""
    for text in ((ROOT / "questions" / "lupus-msc.yaml").read_text(), generated_yaml(100)):
        direct = _read_direct(text)
        assert direct is not None
        assert direct[1] is True


def _outcome(check: Any) -> Any:
    try:
        qs, warnings = check()
    except QuestionSetError as error:
        return "error", error.source, error.problems
    return "set", qs, warnings


def checked_the_general_way(text: str) -> Any:
    """What `check_question_set_text` gives, by PyYAML's loader and `parse_question_set`."""
    try:
        data = _read_general(text)
    except ValueError as error:
        raise QuestionSetError("here", [loading.Problem("", str(error))]) from None
    try:
        return parse_question_set(data, "here")
    except QuestionSetError as error:  # placed in the text, as the text's check does
        raise QuestionSetError("here", loading._placed(error.problems, text)) from None


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "tests" / "core" / "broken").glob("*.yaml"))
    + sorted((ROOT / "questions").glob("*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_sets_from_text_are_checked_alike(path: Path) -> None:
    try:
        text = read_bounded(path)
    except ValueError:
        return

    assert _outcome(lambda: check_question_set_text(text, "here")) == _outcome(
        lambda: checked_the_general_way(text)
    )


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["\x07", "\x1b[2J", "\x9b", "\t", "\r", "\u2028"]), st.integers(0, 400))
def test_control_characters_are_refused_alike(control: str, where: int) -> None:
    text = (ROOT / "questions" / "demo.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    line = lines[where % len(lines)]
    if ": " in line and not line.rstrip().endswith(("|", ">", ":")):
        key, _, value = line.partition(": ")
        escaped = control.encode("unicode_escape").decode()
        lines[where % len(lines)] = f'{key}: "{value.strip()}{escaped}"\n'
    changed = "".join(lines)

    assert _outcome(lambda: check_question_set_text(changed, "here")) == _outcome(
        lambda: checked_the_general_way(changed)
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "? [1]\n: x\n",
        "<<: {m: 1}\n",
        "a: 1\n---\nb: 2\n",
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "a: [1\n",
    ],
    ids=repr,
)
def test_the_direct_way_leaves_the_rest_to_the_general_one(text: str) -> None:
    assert _read_direct(text) is None
