"""The quick paths of loading give exactly what the general ones give: YAML built directly or by
PyYAML's constructor, control characters looked for without naming places first, texts walked
only where a text can be, and the cycle collector left as it was found."""

from __future__ import annotations

import gc
import math
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from benchmarks.generated import generated_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from prescreen.core import loading
from prescreen.core.lint import _walk_texts
from prescreen.core.loading import _any_control, _check_events, _SafeLoader, load_question_set
from prescreen.core.problems import QuestionSetError
from prescreen.core.text import Text

ROOT = Path(__file__).resolve().parents[2]


class _General(_SafeLoader):
    """The loader with PyYAML's own construction of the document."""

    def construct_document(self, node: yaml.Node) -> Any:
        return yaml.constructor.BaseConstructor.construct_document(self, node)


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


def _load(text: str, loader: type[_SafeLoader]) -> tuple[Any, str | None]:
    try:
        return yaml.load(text, Loader=loader), None
    except Exception as error:
        return None, f"{type(error).__name__}: {error}"


def assert_built_alike(text: str) -> None:
    try:
        _check_events(text)  # what read_yaml refuses first (aliases, depth) is never built
    except Exception:
        return
    quick, quick_error = _load(text, _SafeLoader)
    general, general_error = _load(text, _General)
    assert quick_error == general_error
    assert _same(quick, general)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["yes", "No", "2020-01-31", "0x1F", "1_000", ".inf", "~", "=", "<<", "1e3"]),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(st.text(max_size=5), st.integers(), st.booleans()), inner, max_size=4
        )
    ),
    max_leaves=20,
)
# Lines an author might add that the direct way leaves to PyYAML: tags, merge keys, a key given
# twice, a key that is a list or a mapping, `=`.
ODD_LINES = [
    "a: !!binary aGVsbG8=",
    "a: !!set {x, y}",
    "a: !!omap [{x: 1}]",
    "a: !!timestamp 2020-01-31",
    "a: !!str 12",
    "a: !!int '7'",
    "a: !!float 1",
    "a: !!bool yes",
    "a: !!null ''",
    "a: !custom x",
    "<<: {m: 1}",
    "=: 3",
    "? [1, 2]\n: x",
    "? {k: v}\n: x",
    "a: 1",
    "b: [1, {c: d}]",
    "true: 1",
    "1: one",
    "1.0: float one",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(DATA)
def test_plain_documents_are_built_alike(data: Any) -> None:
    assert_built_alike(yaml.safe_dump(data, sort_keys=False))
    assert_built_alike(yaml.safe_dump({"top": data}, sort_keys=False, default_flow_style=True))


@settings(max_examples=300)
@given(st.lists(st.sampled_from(ODD_LINES), min_size=1, max_size=5))
def test_documents_with_tags_and_repeated_keys_are_built_alike(lines: list[str]) -> None:
    assert_built_alike("\n".join(lines) + "\n")
    nested = "\n".join("  " + line.replace("\n", "\n  ") for line in lines)
    assert_built_alike(f"top:\n{nested}\nafter: [x]\n")


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "tests").rglob("*.yaml") if "broken" in p.parts)
    + sorted((ROOT / "questions").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_every_set_and_broken_file_is_built_alike(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return
    assert_built_alike(text)


def _controls_everywhere(node: Any) -> bool:
    """A control character (but tab and line breaks) in any key or value, the plain way."""
    if isinstance(node, str):
        return any(c not in "\t\n\r" and unicodedata.category(c) == "Cc" for c in node)
    if isinstance(node, dict):
        return any(_controls_everywhere(k) or _controls_everywhere(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_controls_everywhere(item) for item in node)
    return False


TEXTS = st.text(st.characters(codec="utf-8"), max_size=6) | st.sampled_from(["a\nb", "\x1b[2J"])
WITH_CONTROLS = st.recursive(
    st.one_of(st.none(), st.integers(), TEXTS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=12,
)


@given(WITH_CONTROLS)
def test_control_characters_are_found_wherever_they_are(data: Any) -> None:
    assert _any_control(data) is _controls_everywhere(data)
    assert bool(loading._control_characters(data)) is _controls_everywhere(data)


def _every_text(node: Any, path: str) -> Iterator[tuple[str, Text]]:
    """Every text of a question set, walking every field."""
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _every_text(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _every_text(item, f"{path}[{index}]")
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _every_text(item, f"{path}.{key}")


@pytest.mark.parametrize("name", ["demo.yaml", "lupus-msc.yaml", "generated"])
def test_the_walk_of_texts_skips_no_text(name: str, tmp_path: Path) -> None:
    path = ROOT / "questions" / name
    if name == "generated":
        path = tmp_path / "generated.yaml"
        path.write_text(generated_yaml(200), encoding="utf-8")
    qs, _warnings = load_question_set(path)
    walked = [(where, text.root) for where, text in _walk_texts(qs, "")]
    assert walked == [(where, text.root) for where, text in _every_text(qs, "")]
    assert walked


def test_the_collector_is_left_as_it_was(tmp_path: Path) -> None:
    demo = ROOT / "questions" / "demo.yaml"
    assert gc.isenabled()
    load_question_set(demo)
    assert gc.isenabled()
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: '1'\n", encoding="utf-8")
    with pytest.raises(QuestionSetError):
        load_question_set(broken)
    assert gc.isenabled()
    gc.disable()
    try:
        load_question_set(demo)
        assert not gc.isenabled()
    finally:
        gc.enable()
