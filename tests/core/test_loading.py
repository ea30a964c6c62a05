"""Loading question sets: the broken corpus, the demo set, YAML safety and a fuzz property."""

from __future__ import annotations

import copy
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen.core.loading import (
    MAX_PROBLEMS,
    QuestionSetError,
    check_question_set_text,
    load_question_set,
    parse_question_set,
    read_yaml,
)
from prescreen.core.questionset import QuestionSet

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "questions" / "demo.yaml"
BROKEN = Path(__file__).parent / "broken"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load(
    (BROKEN / "expected.yaml").read_text(encoding="utf-8")
)

# Pieces of pydantic's own vocabulary that must never reach a clinic author.
INTERNALS = (
    "function-after",
    "function-before",
    "dict[",
    "[key]",
    "tagged-union",
    "union[",
    ".compare",
    "Input should",
    "Value error",
    "pydantic",
    "Traceback",
)


def refused(path: Path) -> QuestionSetError:
    """Load `path`, which must be refused quickly with a QuestionSetError (and nothing else)."""
    start = time.perf_counter()
    with pytest.raises(QuestionSetError) as caught:
        load_question_set(path)
    assert time.perf_counter() - start < 1, f"{path.name} took too long"
    assert caught.value.problems, "a refused set names at least one problem"
    return caught.value


def assert_clean(error: QuestionSetError, authored: str = "") -> None:
    """Each line names the file and no Pydantic internals, unless the author wrote them (a
    message may quote the author's key or value)."""
    for line in error.lines():
        assert line.startswith(error.source + ": ")
        for word in INTERNALS:
            assert word not in line or word in authored, line


# -- the broken corpus ---------------------------------------------------------------------------


def test_every_broken_file_has_an_expectation() -> None:
    files = {p.stem for p in BROKEN.glob("*.yaml")} - {"expected"}
    assert files == set(EXPECTED)
    assert len(files) >= 35


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_at_its_place(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    place, phrase = EXPECTED[name]["place"], EXPECTED[name]["phrase"]
    error = refused(path)
    lines = error.lines()
    assert any(line.startswith(f"{path}: ") and phrase in line for line in lines), "\n".join(lines)
    errors = [p for p in error.problems if p.severity == "error"]
    assert len(errors) == 1, "one problem per broken file:\n" + "\n".join(lines)
    assert errors[0].path == place
    assert_clean(error)
    if place:  # the line it is at, which a 0-based path alone makes hard to find
        line = errors[0].line
        assert line is not None, place
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
        last = place.rpartition(".")[2].partition("[")[0]
        assert f"{last}:" in text or text.lstrip().startswith("-"), (place, line, text)
        assert f": line {line}: {place}" in errors[0].render(str(path))


def write(tmp_path: Path, data: bytes | str, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # 50 MB, sparse: only the size matters
        handle.seek(50_000_000)
        handle.write(b"\n")
    assert "larger than 2 MB" in refused(path).lines()[0]


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_refused(tmp_path: Path, seed: int) -> None:
    data = random.Random(seed).randbytes(100_000)
    assert_clean(refused(write(tmp_path, data)))


def test_random_printable_bytes_without_nul_are_refused(tmp_path: Path) -> None:
    data = bytes(b for b in random.Random(1).randbytes(50_000) if b)
    assert_clean(refused(write(tmp_path, data)))


def test_utf16_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, DEMO.read_text(encoding="utf-8").encode("utf-16"))
    assert "saved as UTF-16; save it as UTF-8" in refused(path).lines()[0]


def test_many_values_are_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, "[" + "1, " * 300_000 + "1]")
    assert "more than 50000 values" in refused(path).lines()[0]


def test_number_with_thousands_of_digits_is_refused(tmp_path: Path) -> None:
    text = DEMO.read_text(encoding="utf-8").replace('version: "1.1"', "version: " + "9" * 5000)
    assert_clean(refused(write(tmp_path, text)))


def test_control_character_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\ntitle: Bell \x07 here\n")
    line = refused(path).lines()[0]
    assert line.startswith(f"{path}: line 2: contains an invisible control character (U+0007)")


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda p: p, "this is a folder, not a file"),
        (lambda p: p / "none.yaml", "no such file"),
        (lambda p: Path("/dev/zero"), "this is not a regular file"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make: Any, phrase: str) -> None:
    assert phrase in refused(make(tmp_path)).lines()[0]


def test_problems_are_capped(tmp_path: Path) -> None:
    questions = "".join(
        f"      - {{id: Bad{i}, type: text, text: Question {i}}}\n" for i in range(300)
    )
    text = (
        'id: many\nversion: "1"\ntitle: Many\nconsent: {statement: Agree}\n'
        "sections:\n  - id: main\n    title: Main\n    questions:\n" + questions
    )
    error = refused(write(tmp_path, text))
    assert len(error.problems) == MAX_PROBLEMS + 1
    assert "and 200 more problems not listed" in error.lines()[-1]


# -- the demo set --------------------------------------------------------------------------------


def test_demo_loads_without_errors() -> None:
    qs, warnings = load_question_set(DEMO)
    assert isinstance(qs, QuestionSet)
    assert all(w.severity == "warning" for w in warnings)


def test_demo_loads_with_bom_and_windows_line_ends(tmp_path: Path) -> None:
    text = DEMO.read_text(encoding="utf-8").replace("\n", "\r\n")
    qs, _ = load_question_set(write(tmp_path, "\ufeff" + text))
    assert qs.content_hash == load_question_set(DEMO)[0].content_hash


def test_content_hash_is_stable_and_follows_meaning(tmp_path: Path) -> None:
    first, _ = load_question_set(DEMO)
    second, _ = load_question_set(DEMO)
    assert first.content_hash == second.content_hash
    assert first.content_hash.startswith("sha256:")
    text = DEMO.read_text(encoding="utf-8")
    commented = write(tmp_path, "# a comment changes nothing\n" + text, "commented.yaml")
    assert load_question_set(commented)[0].content_hash == first.content_hash
    changed = text.replace("What is your full name?", "What is your name?")
    assert changed != text
    other, _ = load_question_set(write(tmp_path, changed, "changed.yaml"))
    assert other.content_hash != first.content_hash


def test_the_fingerprint_of_a_set_does_not_move_with_prescreen() -> None:
    """Drafts and applications carry the set's fingerprint; a draft resumed under another one
    is told the set changed. So a new version of prescreen (a new optional key, here the
    consent's `interviewer`) must leave the fingerprint of an unchanged set as it was. If
    this fails, every draft in every store will say its set changed: change it knowingly."""
    from prescreen.core.loading import parse_question_set

    data = {
        "id": "t",
        "version": "1",
        "title": "Test",
        "consent": {"statement": "Agree?"},
        "sections": [
            {"id": "s", "title": "S", "questions": [{"id": "q", "text": "Q?", "type": "text"}]}
        ],
    }
    qs, _ = parse_question_set(data)
    assert qs.content_hash == (
        "sha256:58f522f15e40856d9d77503532e744062de697d4b7f192634db9776e76c9ab22"
    )
    data["consent"] = {"statement": "Agree?", "interviewer": "Read it aloud."}
    assert parse_question_set(data)[0].content_hash != qs.content_hash


# -- YAML reading --------------------------------------------------------------------------------


def test_yes_no_and_country_codes_stay_text() -> None:
    data = read_yaml("a: yes\nb: no\nc: NO\nd: on\ne: Off\nf: true\ng: False\nh: [y, n]\n")
    assert data == {
        "a": "yes",
        "b": "no",
        "c": "NO",
        "d": "on",
        "e": "Off",
        "f": True,
        "g": False,
        "h": ["y", "n"],
    }


def test_dates_stay_text() -> None:
    assert read_yaml("min: 2020-01-31\nat: 2001-12-14t21:59:43.10-05:00") == {
        "min": "2020-01-31",
        "at": "2001-12-14t21:59:43.10-05:00",
    }


def test_nesting_at_the_limit_is_read() -> None:
    assert read_yaml("[" * 40 + "]" * 40) is not None
    with pytest.raises(ValueError, match="nested more than 40 levels deep"):
        read_yaml("[" * 41 + "]" * 41)


def test_duplicate_keys_are_refused_even_nested() -> None:
    with pytest.raises(ValueError, match="line 3: 'equals' is given twice"):
        read_yaml("show_if:\n  equals: yes\n  equals: no\n")


def test_parse_question_set_refuses_non_mappings() -> None:
    for data in (None, [], "text", 42, True):
        with pytest.raises(QuestionSetError) as caught:
            parse_question_set(data, "here")
        assert caught.value.lines()[0].startswith("here: a question set is a mapping")


# -- property: nothing but a QuestionSet or a QuestionSetError -----------------------------------

KEYS = [
    "id",
    "version",
    "title",
    "consent",
    "statement",
    "sections",
    "questions",
    "type",
    "text",
    "show_if",
    "question",
    "calculation",
    "equals",
    "all",
    "any",
    "not",
    "choices",
    "value",
    "label",
    "items",
    "fields",
    "item",
    "field",
    "constraints",
    "min",
    "max",
    "flags",
    "when",
    "severity",
    "calculations",
    "age_years",
    "languages",
    "en",
    "es",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["yes", "dont_know", "text", "grid", "repeat", "2020-01-31", "today", "en"])
)
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
DEMO_DATA = read_yaml(DEMO.read_text(encoding="utf-8"))


def only_set_or_error(data: Any) -> None:
    try:
        qs, _ = parse_question_set(data, "fuzz.yaml")
    except QuestionSetError as error:
        assert error.problems
        assert_clean(error, repr(data))
    else:
        assert isinstance(qs, QuestionSet)
        assert qs.content_hash


def replace_at(data: Any, steps: list[int], value: Any) -> Any:
    """A deep copy of `data` with one value, chosen by `steps`, replaced by `value`."""
    data = copy.deepcopy(data)
    node, key = data, None
    parent: Any = None
    for step in steps:
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if not children or not isinstance(node, dict | list):
            break
        key, child = children[step % len(children)]
        parent, node = node, child
        if not isinstance(node, dict | list):
            break
    if parent is None:
        return value
    parent[key] = value
    return data


fuzz = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(st.text(max_size=300))
def test_arbitrary_text_reads_or_fails_cleanly(text: str) -> None:
    try:
        data = read_yaml(text)
    except ValueError:
        return
    only_set_or_error(data)


@fuzz
@given(json_like)
def test_arbitrary_data_is_a_set_or_an_error(data: Any) -> None:
    only_set_or_error(data)


@fuzz
@given(st.lists(st.integers(0, 50), min_size=1, max_size=8), json_like)
def test_demo_with_one_value_replaced_is_a_set_or_an_error(steps: list[int], value: Any) -> None:
    only_set_or_error(replace_at(DEMO_DATA, steps, value))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("text: Note: we may call\n", "line 1, column 11: not valid YAML (mapping values are"),
        ("text: Note: we may call\n", 'this context); a text holding ": " must be in quotes'),
        (
            "a:\n  - b\n c: d\n",
            "line 3, column 2: not valid YAML (did not find expected key); check the indentation",
        ),
        ("t: 'it's'\n", "inside '...' an apostrophe is written twice ('')"),
        (
            'a: 1\nt: "open\nb: 2\n',
            "line 2, column 4: not valid YAML (a quote opened here is never closed)",
        ),
        ("t: `x`\n", "a text that starts with one of ` @ % must be in quotes"),
        ("a:\n\u00a0 b: c\n  d: e\n", "line 2: this line holds an invisible space (U+00A0)"),
        # A no-break space inside a text is right there: the real mistake is said.
        ("t: Note: 10\u00a0am\n", 'a text holding ": " must be in quotes'),
    ],
)
def test_yaml_mistakes_say_what_to_do(text: str, says: str) -> None:
    """A nurse editing the set makes these; PyYAML's words alone do not say how to fix them."""
    with pytest.raises(ValueError, match=re.escape(says)):
        read_yaml(text)


def test_a_comma_in_a_text_between_braces_says_to_quote_it() -> None:
    text = DEMO.read_text(encoding="utf-8").replace(
        '{en: "What is your full name?"', "{en: What is your name, please?", 1
    )
    with pytest.raises(QuestionSetError) as caught:
        check_question_set_text(text, "set.yaml")
    assert any("put a text holding a comma in quotes" in line for line in caught.value.lines())


def test_a_text_cut_short_by_a_hash_is_a_warning_at_its_line() -> None:
    """Unquoted, ' #' starts a comment: 'Call room #4' asks 'Call room', and nothing else
    notices. A comment after a value that is not a text is left alone."""
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace(
        '        text: {en: "Has lupus affected your kidneys?"}',
        "        text:\n          en: Has lupus affected your kidneys #2 in the list?",
        1,
    ).replace("        required: true\n", "        required: true  # always\n", 1)
    _qs, warnings = check_question_set_text(text, "set.yaml")
    cut = [w for w in warnings if "read as a comment" in w.message]
    line = (
        text.splitlines().index("          en: Has lupus affected your kidneys #2 in the list?") + 1
    )
    assert [(w.line, w.severity) for w in cut] == [(line, "warning")]
    assert "says 'Has lupus affected your kidneys'" in cut[0].message
    assert "'#2 in the list?'" in cut[0].message


def test_a_hash_in_a_block_or_after_a_comment_s_two_spaces_is_no_warning() -> None:
    """In a `|` block a `#` is part of the text; two spaces before it is how a comment is
    written; `id` is no language, whatever its two letters."""
    text = DEMO.read_text(encoding="utf-8").replace(
        '        text: {en: "Has lupus affected your kidneys?"}',
        "        text:\n          en: |\n            Call room #2 first.\n"
        "            tel: 555-0100 #2\n          es: Habitaciones  # a comment",
        1,
    )
    _qs, warnings = check_question_set_text(text, "set.yaml")
    assert not [w for w in warnings if "read as a comment" in w.message]


def test_a_long_line_of_spaces_is_looked_through_at_once() -> None:
    """The look for texts cut by '#' took hours on a line of a million spaces."""
    from prescreen.core.loading import _comments_cutting_texts

    started = time.perf_counter()
    assert _comments_cutting_texts("text: x" + " " * 1_000_000, {"en"}) == []
    assert time.perf_counter() - started < 1
