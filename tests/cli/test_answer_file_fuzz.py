"""`prescreen submit` over generated answer files: JSON and YAML of any shape, huge numbers, deep
nesting, wrong types, bytes that are not UTF-8, byte-order marks. Every file ends in one of two
ways: exit 1 with messages (never a traceback, never "unexpected error"), or exit 0 with an
application that meets the published schema (`prescreen schema application`).
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen import cli
from prescreen.core.loading import load_question_set
from prescreen.core.records import Application
from tests.conftest import DEMO, VALID_ANSWERS
from tests.hostile import texts

DEMO_SET, _ = load_question_set(DEMO)
QIDS = sorted(DEMO_SET.by_id)
KEYS = sorted(
    set(QIDS)
    | {"name", "dose", "frequency", "since", "tiredness", "pain", "skin"}
    | {c.value for q in DEMO_SET.questions for c in getattr(q, "choices", [])}
    | {"prefer_not_to_say", "dont_know"}
)


def _schema() -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["schema", "application"]) == 0
    schema: dict[str, Any] = json.loads(out.getvalue())
    return schema


SCHEMA = _schema()

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**19, -(10**19), 10**300, 2**63, 1e308, 1e-320, 0.1])
    | st.floats()
    | texts(long=False)
    | st.sampled_from(["yes", "no", "dont_know", "prefer_not_to_say", "1985-03-14", "72.5"])
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=25,
)


@st.composite
def answer_sets(draw: st.DrawFn) -> Any:
    """Mostly the demo's valid answers with some replaced, removed or added; sometimes
    anything at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(values)
    answers: dict[Any, Any] = dict(VALID_ANSWERS)
    for qid in draw(st.lists(st.sampled_from(sorted(VALID_ANSWERS)), max_size=4)):
        answers.pop(qid, None)
    changes = draw(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values))
    answers.update(changes)
    return answers


def as_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def as_yaml(data: Any) -> bytes:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        text = yaml.safe_dump(data)
    return text.encode("utf-8", "surrogatepass")


MUTATIONS = [
    lambda b: b,
    lambda b: b"\xef\xbb\xbf" + b,  # a UTF-8 byte-order mark
    lambda b: b"\xff\xfe" + b.decode("utf-8", "replace").encode("utf-16-le"),
    lambda b: b"\xfe\xff" + b.decode("utf-8", "replace").encode("utf-16-be"),
    lambda b: b[: len(b) // 2],  # truncated
    lambda b: b.replace(b"a", b"\xe9", 1),  # Latin-1, not UTF-8
    lambda b: b.replace(b",", b"\x00", 1),
    lambda b: b + b"\xc3",  # a cut multi-byte character
    lambda b: b.replace(b"1985", b"1" * 5000, 1),  # a number with 5000 digits
    lambda b: b.replace(b"62.5", b"1e999999", 1),
    lambda b: b.replace(b"62.5", b"NaN", 1),
    lambda b: b.replace(b"62.5", b"-Infinity", 1),
    lambda b: b.replace(b'"morning"', b"[" * 3000 + b"]" * 3000, 1),  # deep nesting
]


def submit(content: bytes, suffix: str) -> tuple[int, str, str, Path]:
    """Run `prescreen submit` in this process over `content`: exit code, stdout, stderr."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_bytes(content)
        store = Path(folder) / "store"
        out, err = io.StringIO(), io.StringIO()
        with (
            mock.patch.object(cli, "_load", return_value=DEMO_SET),  # the set is not under test
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = cli.main(
                    ["submit", "--answers", str(path), "--store", str(store), "--interviewer", "f"]
                )
            except SystemExit as stop:
                code = int(stop.code or 0)
        written = list(store.glob("applications/*.json"))
        if code == 0:
            assert len(written) == 1
            check_application(written[0])
        else:
            assert not written
        return code, out.getvalue(), err.getvalue(), path


def check_application(path: Path) -> None:
    data = json.loads(path.read_bytes())
    jsonschema.validate(data, SCHEMA)
    Application.model_validate(data)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text


def check(content: bytes, suffix: str) -> None:
    code, out, err, _ = submit(content, suffix)
    assert code in (0, 1), (code, err)
    assert "Traceback" not in out + err
    assert "unexpected error" not in err
    if code == 1:
        lines = err.strip().splitlines()
        assert lines, "a refused file says why"
        assert lines[-1].startswith("prescreen: "), lines[-1]
    else:
        assert out.strip().endswith(".json")


fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
fuzz_slow = settings(fuzz, max_examples=2000)


def answers_file_property(data: Any, suffix: str, mutation: int) -> None:
    raw = as_json(data) if suffix == ".json" else as_yaml(data)
    check(MUTATIONS[mutation](raw), suffix)


@fuzz
@given(
    data=answer_sets(),
    suffix=st.sampled_from([".json", ".yaml"]),
    mutation=st.integers(0, len(MUTATIONS) - 1),
)
def test_any_answers_file_is_an_application_or_a_message(
    data: Any, suffix: str, mutation: int
) -> None:
    answers_file_property(data, suffix, mutation)


@pytest.mark.slow
@fuzz_slow
@given(
    data=answer_sets(),
    suffix=st.sampled_from([".json", ".yaml"]),
    mutation=st.integers(0, len(MUTATIONS) - 1),
)
def test_any_answers_file_is_an_application_or_a_message_slow(
    data: Any, suffix: str, mutation: int
) -> None:
    answers_file_property(data, suffix, mutation)


@fuzz
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".json", ".yaml", ".yml"]))
def test_any_bytes_are_an_application_or_a_message(content: bytes, suffix: str) -> None:
    check(content, suffix)


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "cannot read the answers"),
        (b"a: " + b"[" * 100 + b"]" * 100, "nested more than 40 levels deep"),
        (b'{"weight": ' + b"9" * 5000 + b"}", "cannot read the answers"),
        (b"\xff\xfe{}", "UTF-16"),
        (b'{"full_name": "\xe9"}', "not UTF-8"),
        (b"{}\x00", "not a text file"),
        (b'"just text"', "a mapping of question id to answer"),
    ],
    ids=["deep-json", "deep-yaml", "long-number", "utf-16", "latin-1", "nul", "not-a-mapping"],
)
def test_unreadable_answer_files_say_why(content: bytes, phrase: str) -> None:
    code, _, err, _ = submit(content, ".json" if content[:1] in b'[{\xff"' else ".yaml")
    assert code == 1
    assert phrase in err, err
    assert "Traceback" not in err


def test_nan_and_infinity_are_refused_as_numbers() -> None:
    for number in ("NaN", "Infinity", "-Infinity", "1e999"):
        content = as_json(VALID_ANSWERS).replace(b"62.5", number.encode())
        code, _, err, _ = submit(content, ".json")
        assert code == 1, number
        assert err.startswith("weight: "), err


def test_a_valid_file_with_a_bom_and_surrogates_in_text() -> None:
    answers = dict(VALID_ANSWERS, goals="Fewer flares \ud800 and less tiredness.")
    content = b"\xef\xbb\xbf" + json.dumps(answers).encode("ascii")  # "\ud800" escaped
    code, out, err, _ = submit(content, ".json")
    assert code == 0, err
    assert out.strip().endswith(".json")
