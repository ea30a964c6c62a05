"""Reading question sets from YAML safely: bounded size and depth, no aliases, no objects.

`load_question_set` returns a checked, frozen `QuestionSet` or raises `QuestionSetError` listing
every problem with its place in the file. It never raises anything else for any file.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from prescreen.core.lint import Problem, lint
from prescreen.core.questionset import QUESTION_TYPES, QuestionSet

MAX_BYTES = 2_000_000
"""A question set larger than this is refused before it is parsed (the largest real ones are
tens of kilobytes)."""
MAX_DEPTH = 40
MAX_NODES = 200_000


class QuestionSetError(Exception):
    """A question set that cannot be used, with every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source = source
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem, as `prescreen validate` prints them."""
        return [p.render(self.source) for p in self.problems]


class _SafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, caps nesting and size, and reads `yes`/`no`
    as text (YAML 1.2), so an option called `no` or the country code `NO` stays a string."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise _Refused(
                f"line {mark.line + 1}: anchors and aliases (&name, *name) are not supported; "
                "write the text out in full"
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES} values; a question set is never this large")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = event.start_mark
            raise _Refused(f"line {mark.line + 1}: nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Refused(Exception):
    pass


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_SafeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
# Dates stay text: a question set compares them itself, and timestamps are not wanted.
_SafeLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(text: str) -> Any:
    """Parse YAML text with the safe, bounded loader. Raises ValueError with a located message."""
    loader = _SafeLoader(text)
    try:
        return loader.get_single_data()
    except _Refused as error:
        raise ValueError(str(error)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ValueError(f"{where}not valid YAML ({error.problem or error.context})") from None
    except yaml.YAMLError as error:
        raise ValueError(f"not valid YAML ({error})") from None
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def read_bounded(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text, refusing files over `limit` bytes and text that is not UTF-8."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise ValueError("this is a folder, not a file") from None
    except FileNotFoundError:
        raise ValueError("no such file") from None
    except PermissionError:
        raise ValueError("permission denied: the file cannot be read") from None
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise ValueError(f"the file is larger than {limit // 1_000_000} MB; is it the right file?")
    if b"\x00" in data:
        raise ValueError("this is not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from None


def format_location(loc: tuple[int | str, ...]) -> str:
    """`('sections', 2, 'questions', 4, 'integer', 'min')` -> `sections[2].questions[4].min`."""
    out = ""
    previous: int | str | None = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(previous, int) and part in QUESTION_TYPES:
            pass  # the union's tag: not a place in the file
        elif part in ("compare", "all", "any", "not") and previous in ("show_if", "when", "not"):
            pass  # the condition union's tag
        elif part.startswith(("function-", "tagged-union[", "union[")):
            pass
        else:
            out += f".{part}" if out else str(part)
        previous = part
    return out


_SCALARS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
}


def _text_branch(loc: tuple[Any, ...]) -> int | None:
    """Where a `Text` (plain string or translations) union starts in an error location."""
    for index, part in enumerate(loc):
        if part == "str" or (isinstance(part, str) and part.startswith("dict[")):
            return index
    return None


def _explain(error: Any) -> tuple[str, str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    branch = _text_branch(loc)
    if branch is not None:
        path = format_location(loc[:branch])
        if loc[-1] == "[key]":
            return path, str(error["msg"]).removeprefix("Value error, ")
        return path, (
            "should be a text, or translations such as {en: Hello, es: Hola}; put text that "
            "contains ': ' or ', ' inside quotes"
        )
    path = format_location(loc)
    if kind == "missing":
        parent, _, key = path.rpartition(".")
        return parent, f"'{key}' is missing (it is required)"
    if kind == "extra_forbidden":
        parent, _, key = path.rpartition(".")
        key = key.split("[")[0]
        return parent, f"unknown key '{key}'{_close_key(key, loc)}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        shown = given.get("type") if isinstance(given, dict) else None
        if shown is None:
            return path, f"'type' is missing; use one of: {', '.join(QUESTION_TYPES)}"
        close = difflib.get_close_matches(str(shown), QUESTION_TYPES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return (
            path,
            f"unknown question type '{shown}'{hint}; use one of: {', '.join(QUESTION_TYPES)}",
        )
    if kind in _SCALARS:
        return path, f"should be {_SCALARS[kind]}, not {_describe(given)}"
    if kind == "too_short":
        return path, "must not be empty"
    if kind == "enum" or kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return path, f"'{str(given)[:60]}' is not allowed here; use {expected}"
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    return path, message


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{str(value)[:60]}'"


def _close_key(key: str, loc: tuple[Any, ...]) -> str:
    from prescreen.core import questionset

    names: set[str] = set()
    for model in vars(questionset).values():
        if isinstance(model, type) and issubclass(model, questionset.Model):
            names.update(model.model_fields)
    close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def parse_question_set(
    data: Any, source: str = "<question set>"
) -> tuple[QuestionSet, list[Problem]]:
    """Validate parsed YAML as a question set and lint it: the set and its warnings.

    Raises QuestionSetError when there is any error.
    """
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"{_describe(data)}"
        raise QuestionSetError(
            source,
            [
                Problem(
                    "",
                    f"a question set is a mapping with id, version, title, consent and "
                    f"sections at the top; this file is {kind}",
                )
            ],
        )
    try:
        qs = QuestionSet.model_validate(data)
    except ValidationError as error:
        problems = [Problem(*_explain(e)) for e in error.errors()]
        raise QuestionSetError(source, _dedupe(problems)) from None
    except RecursionError:
        raise QuestionSetError(source, [Problem("", "nested too deeply")]) from None
    problems = lint(qs)
    if any(p.severity == "error" for p in problems):
        raise QuestionSetError(source, problems)
    return qs, problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def load_question_set(path: Path) -> tuple[QuestionSet, list[Problem]]:
    """Read, validate and lint a question-set file: the set and its warnings.

    Raises QuestionSetError (and nothing else) when the file cannot be used.
    """
    source = str(path)
    try:
        data = read_yaml(read_bounded(path))
    except ValueError as error:
        raise QuestionSetError(source, [Problem("", str(error))]) from None
    return parse_question_set(data, source)
