"""The question-set loader under mutation: the demo set's YAML text with lines deleted, doubled,
swapped, re-indented, cut short or spliced with hostile text, saved in odd encodings; and its data
with keys deleted, renamed or doubled, list items doubled, and control characters written into
text. Every outcome is a valid set, or a `QuestionSetError` whose every line names the file and
the place (a line or a path), in words for an author. (`test_loading.py` covers arbitrary text,
arbitrary data and one value replaced.)
"""

from __future__ import annotations

import copy
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen.core.loading import load_question_set, parse_question_set
from prescreen.core.problems import QuestionSetError
from prescreen.core.questionset import QuestionSet
from tests.core.test_loading import DEMO, DEMO_DATA, assert_clean, only_set_or_error
from tests.hostile import texts

DEMO_TEXT = DEMO.read_text(encoding="utf-8")
DEMO_LINES = DEMO_TEXT.splitlines(keepends=True)

TOP_LEVEL = tuple(QuestionSet.model_fields)
FILE_LEVEL = (
    "a question set is a mapping",
    "unknown key",  # at the top: the place is the top of the file
    "a key here contains",
    "a key at the top of the file",
    *(f"'{name}' " for name in TOP_LEVEL),
    *(f"{name} " for name in TOP_LEVEL),
    "the file is saved as UTF-16",
    "this is not a text file",
    "the file is larger than",
    "more than 50000 values",
    "and ",  # "and 12 more problems not listed"
)
"""Problems of the whole file or its top level, rightly placed at no line or path."""
_LINE = re.compile(r"^line \d+")


def assert_located(error: QuestionSetError, authored: str) -> None:
    """Each problem names its place: a path in the set, a line of the file, or the file."""
    assert_clean(error, authored)
    for problem in error.problems:
        message = problem.message
        located = bool(problem.path) or _LINE.match(message) or message.startswith(FILE_LEVEL)
        assert located, f"no place: {problem.render(error.source)}"
        if not problem.path and message.startswith("not valid YAML"):
            pytest.fail(f"a YAML error without its line: {message}")


def load_text(content: bytes, authored: str) -> QuestionSet | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "set.yaml"
        path.write_bytes(content)
        try:
            qs, _ = load_question_set(path)
        except QuestionSetError as error:
            assert error.source == str(path)
            assert_located(error, authored)
            return None
        assert qs.content_hash
        return qs


def parse_data(data: Any) -> QuestionSet | None:
    only_set_or_error(data)
    try:
        qs, _ = parse_question_set(data, "fuzz.yaml")
    except QuestionSetError as error:
        assert_located(error, repr(data))
        return None
    return qs


# -- the YAML text ----------------------------------------------------------------------------


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    lines = list(DEMO_LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.integers(0, 6))
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[at])  # a key given twice, or a list item doubled
        elif kind == 2:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == 3:
            lines[at] = " " * draw(st.integers(0, 3)) + lines[at].lstrip(" ")
        elif kind == 4:
            key, sep, _ = lines[at].partition(": ")
            if sep:
                value = draw(
                    texts(long=False)
                    | st.sampled_from(
                        [
                            "[",
                            "{",
                            "&a x",
                            "*a",
                            "!!python/object:os.system",
                            "'",
                            '"',
                            "|",
                            "- x",
                            "~",
                            "0x1F",
                            "1e999",
                            ".nan",
                        ]
                    )
                )
                lines[at] = f"{key}: {value}\n"
        elif kind == 5:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut]
            del lines[at + 1 :]
        else:
            lines.insert(at, draw(texts(long=False)) + "\n")
    return "".join(lines)


ENCODINGS = [
    lambda text: text.encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: text.encode("utf-16"),
    lambda text: text.encode("latin-1", "replace"),
    lambda text: text.encode("utf-8")[: len(text) // 3],
]

fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
fuzz_slow = settings(fuzz, max_examples=3000)


def text_property(text: str, encoding: int) -> None:
    try:
        content = ENCODINGS[encoding](text)
    except UnicodeEncodeError:
        content = text.encode("utf-8", "surrogatepass")
    load_text(content, text)


@fuzz
@given(text=mutated_text(), encoding=st.integers(0, len(ENCODINGS) - 1))
def test_mutated_demo_text_is_a_set_or_a_located_error(text: str, encoding: int) -> None:
    text_property(text, encoding)


@pytest.mark.slow
@fuzz_slow
@given(text=mutated_text(), encoding=st.integers(0, len(ENCODINGS) - 1))
def test_mutated_demo_text_is_a_set_or_a_located_error_slow(text: str, encoding: int) -> None:
    text_property(text, encoding)


# -- the data ---------------------------------------------------------------------------------


def places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the data, as the keys and indexes that lead to it."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(places(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(places(value, (*path, index)))
    return found


DEMO_PLACES = places(DEMO_DATA)[1:]
TEXT_PLACES = [p for p in DEMO_PLACES if isinstance(p[-1], str) and p[-1] in ("en", "es")]


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(DEMO_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(DEMO_PLACES))
        try:
            parent, key = at(data, path[:-1]), path[-1]
            parent[key]  # an earlier mutation may have moved it
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, dict | list):
            continue  # an earlier mutation made it a text: "abc"[0] is found, not changed
        kind = draw(st.integers(0, 4))
        if kind == 0:
            del parent[key]  # a key or an item deleted
        elif kind == 1 and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))  # an item doubled: ids clash
        elif kind == 1 and isinstance(parent, dict):
            parent[draw(st.sampled_from(["id", "type", "text", "show_if", "choices"]))] = (
                copy.deepcopy(parent[key])
            )
        elif kind == 2 and isinstance(parent, dict):
            new = draw(st.text(max_size=12) | st.sampled_from(["ID", "Type", "text ", "choice"]))
            parent[new] = parent.pop(key)  # a key renamed
        elif kind == 3:
            parent[key] = draw(
                st.sampled_from([None, True, 0, -1, 10**40, 1.5, float("nan"), "", [], {}, [[]]])
            )
        else:
            parent[key] = draw(texts(long=False))
    return data


@fuzz
@given(data=mutated_data())
def test_mutated_demo_data_is_a_set_or_a_located_error(data: Any) -> None:
    parse_data(data)


@pytest.mark.slow
@fuzz_slow
@given(data=mutated_data())
def test_mutated_demo_data_is_a_set_or_a_located_error_slow(data: Any) -> None:
    parse_data(data)


# -- control characters in author text ----------------------------------------------------------

CONTROLS = [c for c in map(chr, range(0xA0)) if unicodedata.category(c) == "Cc"]


@settings(fuzz, max_examples=30)
@given(
    place=st.sampled_from(TEXT_PLACES),
    control=st.sampled_from(sorted(set(CONTROLS) - {"\t", "\n", "\r"})),
    where=st.integers(0, 40),
)
def test_a_control_character_in_any_text_is_refused_at_its_place(
    place: tuple[Any, ...], control: str, where: int
) -> None:
    data = copy.deepcopy(DEMO_DATA)
    parent = at(data, place[:-1])
    text = parent[place[-1]]
    parent[place[-1]] = text[:where] + control + text[where:]
    with pytest.raises(QuestionSetError) as caught:
        parse_question_set(data, "fuzz.yaml")
    expected, node = "", DEMO_DATA
    for step in place:
        if isinstance(node, list):
            expected += f"[{step}]"
        else:
            expected += f".{step}" if expected else str(step)
        node = node[step]
    message = f"contains an invisible control character (U+{ord(control):04X})"
    assert any(p.path == expected and message in p.message for p in caught.value.problems), (
        caught.value.lines()
    )
    assert_located(caught.value, repr(data))


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\e[2J", "001B"), ("\\x07", "0007"), ("\\x9b31m", "009B"), ("\\0", "0000")],
)
def test_an_escaped_control_character_in_yaml_is_refused(
    tmp_path: Path, escape: str, code: str
) -> None:
    text = DEMO_TEXT.replace('"What is your full name?"', f'"What is your full name?{escape}"', 1)
    assert text != DEMO_TEXT
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionSetError) as caught:
        load_question_set(path)
    (line,) = caught.value.lines()
    at = text[: text.index("What is your full name?")].count("\n") + 1
    assert line == (
        f"{path}: line {at}: sections[0].questions[0].text.en (question 'full_name'): contains "
        f"an invisible control character (U+{code}) that a question set cannot hold; delete it"
    )


def test_a_real_key_in_the_wrong_place_is_not_suggested_as_itself() -> None:
    data = copy.deepcopy(DEMO_DATA)
    data["type"] = "text"  # a question's key, at the top: an indentation slip
    with pytest.raises(QuestionSetError) as caught:
        parse_question_set(data, "fuzz.yaml")
    assert caught.value.lines() == [
        "fuzz.yaml: unknown key 'type' (it does not belong here; check the indentation)"
    ]
