"""Reading question sets from YAML safely: bounded size and depth, no aliases, no objects.

`load_question_set` returns a checked, frozen `QuestionSet` or raises `QuestionSetError` listing
every problem with its place in the file. It never raises anything else for any file.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from prescreen.core.conditions import OPERATORS
from prescreen.core.lint import lint, text_keys
from prescreen.core.problems import Problem, QuestionSetError
from prescreen.core.questionset import QUESTION_TYPES, QuestionSet
from prescreen.core.textfiles import read_bounded

MAX_DEPTH = 40
MAX_NODES = 50_000
"""More values than this are refused before any is built (the demo set has about a thousand)."""
MAX_PROBLEMS = 100
"""At most this many problems are listed; a file with more is rarely the intended one."""


class _Refused(Exception):
    pass


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader (libyaml's when present), refusing a key given twice in one mapping and
    reading `yes`/`no` as text (YAML 1.2), so an option called `no` or the country code `NO`
    stays a string. Anchors, aliases, depth and size are checked before, by `_check_events`."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue  # an unhashable key: the constructor explains it below
            if duplicate:
                line = key_node.start_mark.line + 1
                raise _Refused(
                    f"line {line}: '{str(key)[:60]}' is given twice in the same place; "
                    "keep only one"
                )
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_document(self, node: yaml.Node) -> Any:
        """The data of a document of mappings, lists and plain values (every question set), built
        directly; anything else (a tag, a key given twice, a key that is not a plain value) by
        the general constructor, which gives the same data, or its error, at three times the
        cost."""
        try:
            return self._plain_document(node)
        except Exception:
            return super().construct_document(node)

    def _plain_document(self, root: yaml.Node) -> Any:
        scalars = self.yaml_constructors
        pending: list[tuple[yaml.Node, Any]] = []

        def scalar(node: yaml.Node) -> Any:
            if type(node) is not yaml.ScalarNode:
                raise _NotPlain
            if node.tag == _STR:
                return node.value
            if node.tag not in _PLAIN_TAGS:
                raise _NotPlain
            return scalars[node.tag](self, node)

        def value(node: yaml.Node) -> Any:
            kind = type(node)
            if kind is yaml.MappingNode and node.tag == _MAP:
                mapping: dict[Any, Any] = {}
                pending.append((node, mapping))
                return mapping
            if kind is yaml.SequenceNode and node.tag == _SEQ:
                items: list[Any] = []
                pending.append((node, items))
                return items
            return scalar(node)

        data = value(root)
        while pending:
            node, container = pending.pop()
            if type(container) is list:
                container.extend([value(item) for item in node.value])
                continue
            for key_node, value_node in node.value:
                key = scalar(key_node)
                if key in container:
                    raise _NotPlain  # the general constructor says where
                container[key] = value(value_node)
        return data


class _NotPlain(Exception):
    """A document the general constructor builds."""


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null"))


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


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DOCUMENT_START, _DOCUMENT_END = yaml.DocumentStartEvent, yaml.DocumentEndEvent
_STREAM_START, _STREAM_END = yaml.StreamStartEvent, yaml.StreamEndEvent
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_events(text: str) -> None:
    """Refuse anchors and aliases, deep nesting and too many values, before anything is built."""
    depth = nodes = 0
    events: Iterator[Any] = yaml.parse(text, Loader=_SafeLoader)
    for event in events:
        kind = type(event)  # the parser's own classes: compared, not isinstance (twice as quick)
        if kind is _SCALAR or kind in _OPENING:
            if event.anchor:
                _refuse_anchor(event)
            nodes += 1
            if nodes > MAX_NODES:
                raise _Refused(f"more than {MAX_NODES} values; a question set is never this large")
            if kind is not _SCALAR:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(f"line {_line(event)}: nested more than {MAX_DEPTH} levels deep")
        elif kind in _CLOSING:
            depth -= 1
        elif kind is _ALIAS:
            _refuse_anchor(event)


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 0


def _refuse_anchor(event: yaml.Event) -> None:
    raise _Refused(
        f"line {_line(event)}: anchors and aliases (&name, *name) are not supported; "
        "write the text out in full"
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a question set is built: it would go through
    every object built so far again and again (a set of 2,000 questions is some 100,000
    objects, none of them in a cycle, since aliases are refused), which made loading grow
    faster than the set. Restarted after, if it was running; held off once around the whole
    of reading, validating and linting, since each restart between them had it go through
    everything built so far (5 ms of the models at 2,000 questions) only to find no garbage."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


_NO_KEY = object()
"""In `_read_direct`, a mapping waiting for its next key."""


def _read_direct(text: str) -> tuple[Any, bool] | None:
    """The data of a plain document (mappings, lists and untagged values, no anchor, no key
    given twice, within the bounds), and whether it is known to hold no control character;
    None for anything else, which `read_yaml` leaves to the general way (the checks of
    `_check_events`, then PyYAML's loader), so that every refusal and error is as it was.

    One pass over libyaml's events, building the data as they come: the general way parses
    the text twice (once to check, once to build) and has each value's type worked out by
    PyYAML's resolver in Python, which was two thirds of loading a large set. Untagged plain
    values are typed by the same resolvers (`_SafeLoader.yaml_implicit_resolvers`) and built
    by the same constructors, once per distinct text."""
    loader = _SafeLoader(text)
    try:
        return _build_from_events(loader)
    except Exception:  # an error of the text: the general way finds it and says where
        return None
    finally:
        loader.dispose()


def _build_from_events(loader: Any) -> tuple[Any, bool] | None:
    get_event = loader.get_event
    resolvers = loader.yaml_implicit_resolvers
    anywhere = resolvers.get(None, [])
    constructors = loader.yaml_constructors
    known: dict[str, Any] = {}  # a plain value's text -> the value it is
    clean = True
    nodes = documents = 0
    root: Any = _NO_KEY
    # The innermost open list or mapping, whether it is a mapping, and the key waiting for its
    # value (`_NO_KEY` when the next value is a key); those around it on `stack`.
    container: Any = None
    is_map = False
    key: Any = _NO_KEY
    stack: list[tuple[Any, bool]] = []
    while True:
        event = get_event()
        kind = type(event)
        if kind is _SCALAR:
            if event.anchor is not None or event.tag is not None:
                return None
            nodes += 1
            if nodes > MAX_NODES:
                return None
            raw = event.value
            if event.implicit[0]:  # plain: typed as PyYAML's resolvers and constructors do
                value = known.get(raw, _NO_KEY)
                if value is _NO_KEY:
                    tag = _STR
                    for candidate, pattern in resolvers.get(raw[:1], []) + anywhere:
                        if pattern.match(raw):
                            tag = candidate
                            break
                    if tag == _STR:
                        value = raw
                    elif tag in _PLAIN_TAGS:
                        value = constructors[tag](loader, yaml.ScalarNode(tag, raw))
                    else:
                        return None  # `<<`, `=`: PyYAML's own meaning
                    known[raw] = value
            else:
                value = raw
            if clean and not raw.isprintable() and _has_control(raw):
                clean = False
            if is_map:
                if key is _NO_KEY:
                    key = value
                elif key in container:
                    return None  # a key given twice: the general way says where
                else:
                    container[key] = value
                    key = _NO_KEY
            elif container is not None:
                container.append(value)
            else:
                root = value
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            if event.anchor is not None or event.tag is not None:
                return None
            nodes += 1
            if nodes > MAX_NODES or len(stack) >= MAX_DEPTH:
                return None
            opened: Any = {} if kind is _MAPPING_START else []
            if is_map:
                if key is _NO_KEY or key in container:
                    return None  # a key that is a list or a mapping, or a key given twice
                container[key] = opened
            elif container is not None:
                container.append(opened)
            else:
                root = opened
            stack.append((container, is_map))
            container, is_map, key = opened, kind is _MAPPING_START, _NO_KEY
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            container, is_map = stack.pop()
            key = _NO_KEY
        elif kind is _DOCUMENT_START:
            documents += 1
            if documents > 1:
                return None  # more than one document: PyYAML's error
        elif kind is _STREAM_END:
            break
        elif kind is not _DOCUMENT_END and kind is not _STREAM_START:
            return None  # an alias, or anything unforeseen
    if root is _NO_KEY:
        root = None  # an empty text, as PyYAML reads it
    return root, clean


def read_yaml(text: str) -> Any:
    """Parse YAML text with the safe, bounded loader. Raises ValueError with a located message."""
    return _read_yaml(text)[0]


def _read_yaml(text: str) -> tuple[Any, bool]:
    """The data of a YAML text, and whether it is known to hold no control character."""
    with _collector_paused():
        direct = _read_direct(text)
    if direct is not None:
        return direct
    return _read_general(text), False


def _read_general(text: str) -> Any:
    try:
        _check_events(text)
        with _collector_paused():
            return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 (a SafeLoader subclass)
    except _Refused as error:
        raise ValueError(str(error)) from None
    except yaml.MarkedYAMLError as error:
        raise ValueError(_yaml_problem(error, text)) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        code = ord(error.character) if isinstance(error.character, str) else error.character
        raise ValueError(
            f"line {line}: contains an invisible control character (U+{code:04X}) that a "
            "question set cannot hold; delete it"
        ) from None
    except yaml.YAMLError as error:
        raise ValueError(f"not valid YAML ({error})") from None
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    except MemoryError:
        raise ValueError("too large to read; is it the right file?") from None
    except ValueError as error:  # e.g. a number with thousands of digits
        raise ValueError(f"not valid YAML ({str(error)[:120]})") from None


_INDENT_HINT = (
    "check the indentation of this line against the lines above it (spaces only, as many as "
    "the keys beside it), and the quotes: inside '...' an apostrophe is written twice ('')"
)
_YAML_HINTS = (
    (
        "mapping values are not allowed",
        'a text holding ": " must be in quotes, for example text: "Note: we may call"',
    ),
    ("did not find expected key", _INDENT_HINT),
    ("did not find expected '-' indicator", _INDENT_HINT),
    ("expected <block end>", _INDENT_HINT),
    (
        "cannot start any token",
        "a text that starts with one of ` @ % must be in quotes",
    ),
    ("expected ',' or '}'", "inside { }, put a text holding a comma or a colon in quotes"),
    ("expected ',' or ']'", "inside [ ], put a text holding a comma or a colon in quotes"),
)
"""What to do about PyYAML's commonest complaints, in the words of its message."""


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> str:
    mark = error.problem_mark or error.context_mark
    problem = str(error.problem or error.context)
    if str(error.context).startswith("while scanning a quoted scalar") and error.context_mark:
        mark = error.context_mark  # where the quote was opened, not the end of the file
        problem = "a quote opened here is never closed"
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        return f"{where}a tab is used to indent; YAML is indented with spaces only"
    if mark is not None:
        lines = text.splitlines()[max(mark.line - 1, 0) : mark.line + 1]
        for number, line in enumerate(lines, start=mark.line + 2 - len(lines)):
            odd = _odd_space_in_structure(line)
            if odd is not None:  # the line YAML stopped at, or the one before it
                return (
                    f"line {number}: this line holds an invisible space (U+{ord(odd):04X}) "
                    "where YAML needs an ordinary space; type its spaces again"
                )
    if problem.startswith("could not determine a constructor"):
        tag = problem.rpartition("tag:yaml.org,2002:")[2].strip("'") or problem
        return f"{where}the tag '!!{tag[:60]}' is not allowed in a question set; remove it"
    hint = next((h for words, h in _YAML_HINTS if words in problem), None)
    return f"{where}not valid YAML ({problem})" + (f"; {hint}" if hint else "")


_ODD_SPACES = frozenset("\u00a0\u2007\u202f\u3000\ufeff")
"""Spaces a word processor or a web page puts in that YAML does not take for spaces."""


def _odd_space_in_structure(line: str) -> str | None:
    """An odd space where YAML needs a real one: in the indentation, or just after the `:`
    of a key or the `-` of a list item (in a text, a no-break space is right)."""
    lead = len(line) - len(line.lstrip(" \t" + "".join(_ODD_SPACES)))
    odd = next((c for c in line[:lead] if c in _ODD_SPACES), None)
    if odd is None:
        found = re.search(r"^[^'\"#]*?[:-]([\u00a0\u2007\u202f\u3000\ufeff])", line)
        odd = found.group(1) if found else None
    return odd


# -- explaining validation errors -----------------------------------------------------------------
# Pydantic names places with its own parts mixed in: union tags (`text` for a question's type,
# `compare`/`all`/`any`/`not` for conditions), union branches (`str`, `dict[...]`, `float`), and
# `[key]` for a mapping's key. `_locate` walks the location along the data the author wrote, so
# only real places remain: `sections[2].questions[4].show_if.all[0].question`.

_CONDITION_KINDS = ("compare", "all", "any", "not")


@dataclass
class _Place:
    path: str = ""
    branch: str | None = None
    """The first union branch passed (`str`, `dict[...]`, `float`), naming the alternative."""
    branch_path: str = ""
    branch_node: Any = None
    condition: bool = False
    """Whether the place is a condition (for unknown keys)."""
    inside_list: bool = False
    """Whether the location goes on inside a named choice list (reported at choice_lists)."""


def _condition_kind(node: dict[Any, Any]) -> str:
    return next((key for key in ("all", "any", "not") if key in node), "compare")


def _locate(data: Any, loc: tuple[Any, ...]) -> _Place:
    place = _Place()
    node: Any = data
    tagged = False  # the union tag of `node` has been passed
    is_question = is_condition = False  # what `node` is
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(node, dict) and not tagged and isinstance(part, str):
            if is_question and part == node.get("type"):
                tagged = True
                continue
            if is_condition and part in _CONDITION_KINDS and part == _condition_kind(node):
                tagged = True
                continue
        if isinstance(node, dict) and not isinstance(part, bool) and _has_key(node, part):
            place.path += f".{part}" if place.path else str(part)
            # Lists of questions and conditions hold questions and conditions; mark the list.
            is_question = part in ("questions", "fields")
            is_condition = part in ("show_if", "when") or (
                is_condition and part in ("not", "all", "any")
            )
            node, tagged = node[part], False
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            place.path += f"[{part}]"
            node, tagged = node[part], False
            # An item of a questions or conditions list keeps the mark; its children do not.
        elif isinstance(part, int):
            place.inside_list = True  # `choices: name`, replaced by the list before validation
            break
        elif place.branch is None:
            place.branch, place.branch_path, place.branch_node = part, place.path, node
    place.condition = is_condition and isinstance(node, dict)
    return place


def _has_key(node: dict[Any, Any], key: Any) -> bool:
    try:
        return key in node
    except TypeError:
        return False


_SCALARS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
}
_BRANCHES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false"}
_TEXT_HINT = (
    "should be a text, or translations such as {en: Hello, es: Hola}; put text that "
    "contains ': ' or ', ' inside quotes"
)


def _fits(branch: str, node: Any) -> bool:
    """Whether `node` is of the kind a union branch takes, so its errors explain best."""
    if isinstance(node, bool):
        return branch == "bool"
    if isinstance(node, str):
        return branch == "str"
    if isinstance(node, int):
        return branch in ("int", "float")
    if isinstance(node, float):
        return branch == "float"
    if isinstance(node, dict):
        return branch.startswith(("dict[", "function-"))
    return isinstance(node, list) and branch.startswith("list[")


def _alternatives(group: list[tuple[dict[str, Any], _Place]]) -> tuple[str, str]:
    """One message for a value that fits none of the kinds a place accepts."""
    place = group[0][1]
    branches = [p.branch or "" for _, p in group]
    if "str" in branches and any(b.startswith("dict[") for b in branches):
        return place.branch_path, _TEXT_HINT
    if set(branches) == {"float", "str"}:
        wanted = "a number, or a date such as 2020-01-31 or today - 18 years"
    elif set(branches) == {"bool", "int", "float", "str"}:
        wanted = "one value: a word, a number, yes or no"
    else:
        wanted = " or ".join(dict.fromkeys(_BRANCHES.get(b, "something else") for b in branches))
    return place.branch_path, f"should be {wanted}, not {_describe(place.branch_node)}"


def _explain_all(data: Any, errors: list[dict[str, Any]]) -> list[Problem]:
    located = []
    for error in errors:
        loc = tuple(error["loc"])
        # A missing, unknown or wrong key is reported at the mapping that holds it.
        if "[key]" in loc:
            loc = loc[: loc.index("[key]") - 1]
        elif error["type"] in ("missing", "extra_forbidden"):
            loc = loc[:-1]
        located.append((error, _locate(data, loc)))
    kept = [(e, p) for e, p in located if not p.inside_list] or located
    # Group the errors of one union (a text or translations; a number or a date) by its place.
    unions: dict[str, list[tuple[dict[str, Any], _Place]]] = {}
    for error, place in kept:
        if place.branch is not None and not place.branch.startswith("function-"):
            unions.setdefault(place.branch_path, []).append((error, place))
    problems: list[Problem] = []
    done: set[str] = set()
    for error, place in kept:
        group = unions.get(place.branch_path) if place.branch is not None else None
        if group is None or len({p.branch for _, p in group}) < 2:
            problems.append(Problem(*_explain(error, place)))
            continue
        if place.branch_path in done:
            continue
        fitting = [(e, p) for e, p in group if p.branch and _fits(p.branch, p.branch_node)]
        if fitting:
            problems.extend(Problem(*_explain(e, p)) for e, p in fitting)
        else:
            problems.append(Problem(*_alternatives(group)))
        done.add(place.branch_path)
    return problems


def _explain(error: dict[str, Any], place: _Place) -> tuple[str, str]:
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    path = place.path
    key_error = "[key]" in loc
    if key_error:
        key = str(loc[loc.index("[key]") - 1])[:60]
        if kind in ("enum", "literal_error"):
            return path, f"'{key}' is not allowed here; use {ctx.get('expected', '')}"
        if kind in _SCALARS:
            return path, f"'{key}' should be {_SCALARS[kind]}"
        return path, _pydantic_message(error)
    if kind == "missing":
        return path, f"'{loc[-1]}' is missing (it is required)"
    if kind == "extra_forbidden":
        key = str(loc[-1])[:60]
        if place.condition:
            return path, (
                f"unknown key '{key}'{_close(key, _CONDITION_KEYS)} in a condition; a condition "
                f"names a question or calculation and one test: {', '.join(OPERATORS)}"
            )
        return path, f"unknown key '{key}'{_close(key, _model_keys())}"
    if kind == "invalid_key":
        if given is None:
            where = "a key" if path else "a key at the top of the file"
            return path, f"{where} is empty: write a name before the ':'"
        return path, f"the key {_describe(given)} should be a word"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        shown = given.get("type") if isinstance(given, dict) else None
        expected = str(ctx.get("expected_tags", ", ".join(QUESTION_TYPES))).replace("'", "")
        if shown is None:
            return path, f"'type' is missing; use one of: {expected}"
        if shown in QUESTION_TYPES:
            return path, (
                f"a {shown} question cannot be a field of a repeating group; use one of: {expected}"
            )
        close = difflib.get_close_matches(str(shown), QUESTION_TYPES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return path, f"unknown question type '{str(shown)[:60]}'{hint}; use one of: {expected}"
    if kind in _SCALARS:
        hint = ""
        if kind == "string_type" and isinstance(given, int | float):
            shown = str(given).lower() if isinstance(given, bool) else str(given)
            hint = f'; put it in quotes: "{shown}"'
        return path, f"should be {_SCALARS[kind]}, not {_describe(given)}{hint}"
    if kind == "int_parsing_size":
        return path, "is far too large a number"
    if kind in ("too_short", "string_too_short"):
        return path, "must not be empty"
    if kind == "string_too_long":
        return path, f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return path, f"has too many entries: at most {ctx.get('max_length')}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }
        return path, f"must be {words[kind]} {bound}, not {_describe(given)}"
    if kind == "string_pattern_mismatch" and path == "region":
        return path, f"{_describe(given)} is not a country code; use two capital letters, e.g. US"
    if kind in ("enum", "literal_error"):
        return path, f"'{str(given)[:60]}' is not allowed here; use {ctx.get('expected', '')}"
    if kind == "recursion_loop":
        return path, "nested too deeply"
    return path, _pydantic_message(error)


def _pydantic_message(error: dict[str, Any]) -> str:
    return str(error["msg"]).removeprefix("Value error, ")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{str(value)[:60]}'"


_CONDITION_KEYS = ("question", "calculation", "item", "field", *OPERATORS, "all", "any", "not")


@lru_cache(maxsize=1)
def _model_keys() -> tuple[str, ...]:
    from prescreen.core import questionset

    names: set[str] = set()
    for model in vars(questionset).values():
        if isinstance(model, type) and issubclass(model, questionset.Model):
            names.update(model.model_fields)
    return tuple(sorted(names))


def _close(key: str, names: tuple[str, ...]) -> str:
    if key in names:  # a real key in the wrong place: suggesting itself would puzzle
        return " (it does not belong here; check the indentation)"
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


_ALLOWED_CONTROLS = frozenset("\t\n\r")


class _Key(str):
    """A mapping's key, told apart from its values when checking text."""

    __slots__ = ()


def _control_characters(data: Any) -> list[Problem]:
    """Text holding a control character, which YAML lets an author write as an escape
    (`"\\e[2J"`, `"\\x07"`): it would reach the terminal as it is, so it is refused where it is."""
    if not _any_control(data):  # the usual case, found without naming every place
        return []
    problems: list[Problem] = []
    pending: list[tuple[Any, str]] = [(data, "")]
    while pending:
        node, path = pending.pop()
        children: list[tuple[Any, str]] = []
        if isinstance(node, dict):
            for key, value in node.items():
                children.append((_Key(key) if isinstance(key, str) else key, path))
                name = str(key) if key != "" else '""'  # an empty key has a place too
                children.append((value, f"{path}.{name}" if path else name))
        elif isinstance(node, list):
            children = [(value, f"{path}[{i}]") for i, value in enumerate(node)]
        pending.extend(reversed(children))  # taken in the order of the file
        if isinstance(node, str) and not node.isprintable():
            bad = next(
                (c for c in node if c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc"),
                None,
            )
            if bad is not None:
                what = "a key here contains" if isinstance(node, _Key) else "contains"
                problems.append(
                    Problem(
                        path,
                        f"{what} an invisible control character (U+{ord(bad):04X}) that a "
                        "question set cannot hold; delete it",
                    )
                )
    return problems


def _has_control(text: str) -> bool:
    return not text.isprintable() and any(
        c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc" for c in text
    )


def _any_control(data: Any) -> bool:
    """Whether any text in the data, key or value, holds a control character."""
    pending = [data]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            if _has_control(node):
                return True
        elif isinstance(node, dict):
            pending.extend(node)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False


def parse_question_set(
    data: Any, source: str = "<question set>"
) -> tuple[QuestionSet, list[Problem]]:
    """Validate parsed YAML as a question set and lint it: the set and its warnings.

    Raises QuestionSetError when there is any error.
    """
    with _collector_paused():
        checked = _checked(data, source, controls_looked_for=False)
    return checked


def _checked(
    data: Any, source: str, *, controls_looked_for: bool
) -> tuple[QuestionSet, list[Problem]]:
    """`parse_question_set`; `controls_looked_for` when the reader has found no control
    character in any text already."""
    if not isinstance(data, dict):
        kinds = {type(None): "empty", list: "a list", str: "a single line of text"}
        kind = kinds.get(type(data), "a single value")
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
    controls = [] if controls_looked_for else _control_characters(data)
    if controls:
        raise QuestionSetError(source, _capped(controls))
    try:
        qs = QuestionSet.model_validate(data)
    except ValidationError as error:
        errors = [dict(e) for e in error.errors(include_url=False)]
        raise QuestionSetError(source, _capped(_explain_all(data, errors))) from None
    except RecursionError:
        raise QuestionSetError(source, [Problem("", "nested too deeply")]) from None
    problems = lint(qs)
    if any(p.severity == "error" for p in problems):
        raise QuestionSetError(source, _capped(problems))
    return qs, problems


def _capped(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    if len(unique) <= MAX_PROBLEMS:
        return unique
    more = len(unique) - MAX_PROBLEMS
    return [*unique[:MAX_PROBLEMS], Problem("", f"and {more} more problems not listed")]


def load_question_set(
    path: Path, *, place_warnings: bool = False
) -> tuple[QuestionSet, list[Problem]]:
    """Read, validate and lint a question-set file: the set and its warnings.

    Raises QuestionSetError (and nothing else) when the file cannot be used.
    """
    source = str(path)
    try:
        text = read_bounded(path)
    except ValueError as error:
        raise QuestionSetError(source, [Problem("", str(error))]) from None
    return check_question_set_text(text, source, place_warnings=place_warnings)


def check_question_set_text(
    text: str, source: str, *, place_warnings: bool = False
) -> tuple[QuestionSet, list[Problem]]:
    """`load_question_set` from the file's text: `read_yaml` then `parse_question_set`, in
    less time (the reader's look for control characters is not done again). Each error
    says the line it is at and the question it is in; each warning too with
    `place_warnings` (for a person to read them: it reads the file again).

    Raises QuestionSetError (and nothing else) when the text cannot be used.
    """
    with _collector_paused():  # once for the whole: each restart went through all built so far
        try:
            data, clean = _read_yaml(text)
        except ValueError as error:
            raise QuestionSetError(source, [Problem("", str(error))]) from None
        try:
            qs, warnings = _checked(data, source, controls_looked_for=clean)
        except QuestionSetError as error:
            raise QuestionSetError(source, _placed(error.problems, text)) from None
        finally:
            del data  # gone before the collector restarts and goes through what is left
    warnings = _placed(warnings, text) if place_warnings else warnings
    return qs, [*warnings, *_comments_cutting_texts(text, set(qs.languages))]


_KEY_AND_VALUE = re.compile(r"([ \t]*)(?:-[ \t]+)?([A-Za-z][\w-]*):[ \t]+(\S.*)")
"""A line `key: value` (in a list item or not), matched from its start; linear."""
_BLOCK_STARTS = ("|", ">", "|-", ">-", "|+", ">+")
_NOT_PLAIN = tuple("'\"|>{[&*!#%@`")
"""How a value starts when it is not a plain one (quoted, a block, a flow, a tag...)."""


def _comments_cutting_texts(text: str, languages: set[str]) -> list[Problem]:
    """Warnings for texts cut short by a `#`: unquoted, ` #` starts a comment, so
    `text: Call room #4 in the evening?` asks "Call room", and no check sees a problem. Only
    a `#` after a single space, as in a text (a comment is written after two or more), and
    never in a block (`|` or `>`), where `#` is part of the text."""
    found = []
    block_indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if block_indent is not None:
            if not line.strip() or len(line) - len(line.lstrip(" ")) > block_indent:
                continue  # a line of the block
            block_indent = None
        if " #" not in line and not line.rstrip().endswith(_BLOCK_STARTS):
            continue  # most lines: a quick look is enough
        match = _KEY_AND_VALUE.match(line)
        if match is None:
            continue
        spaces, key, value = match.groups()
        if value.startswith(("|", ">")):
            block_indent = len(spaces)
            continue
        where = value.find(" #")
        if (
            where < 0
            or value.startswith(_NOT_PLAIN)
            or value[where - 1 : where] in {" ", "\t"}
            or not (key in text_keys() or key in languages)
        ):
            continue
        kept, cut = value[:where], value[where + 2 :]
        found.append(
            Problem(
                "",
                f"the text after ' #' is read as a comment and left out, so this says "
                f"'{kept[:60]}'; if '#{cut[:30]}' belongs to it, put the whole text in quotes",
                "warning",
                line=number,
            )
        )
    return found


_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _placed(problems: list[Problem], text: str) -> list[Problem]:
    """The problems with the line of the file each place is at, and the id of the question
    it is in: a path such as `sections[5].questions[4]` counts from 0 and a long file has no
    line numbers to go by. Worked out only when there is a problem (the file is read again,
    with the position of everything in it)."""
    if not any(p.path for p in problems):
        return problems
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return problems
    return [_place_of(p, root) if p.path else p for p in problems]


def _place_of(problem: Problem, root: yaml.Node | None) -> Problem:
    node, line, question, parent_key = root, None, None, ""
    for index, key in _STEP.findall(problem.path):
        if node is None:
            break
        if index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
            line = node.start_mark.line + 1
            if parent_key == "questions" and isinstance(node, yaml.MappingNode):
                question = _scalar_at(node, "id") or question
        elif key and isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
            if found is None:
                break  # a key that is missing: the place it belongs in is as near as it gets
            line = found[0].start_mark.line + 1
            node = found[1]
            parent_key = key
        else:
            break
    return dataclasses.replace(problem, line=line, question=question)


def _scalar_at(node: yaml.MappingNode, key: str) -> str | None:
    for k, v in node.value:
        if getattr(k, "value", None) == key and isinstance(v, yaml.ScalarNode):
            return str(v.value)[:80]
    return None
