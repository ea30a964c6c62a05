"""Checks a question set as a whole: references, order, types, translations.

Each problem names the place in the file (`sections[2].questions[4].show_if`) and says what is
wrong in words a clinic author understands. Errors stop a set from loading; warnings do not.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, cast, get_args, get_origin

from pydantic import BaseModel

from prescreen.core import dates
from prescreen.core.answers import PARSERS, Context, Invalid
from prescreen.core.conditions import (
    ORDERING_OPERATORS,
    Comparison,
    Condition,
    comparisons,
    matches,
)
from prescreen.core.problems import Problem
from prescreen.core.questionset import (
    Answerable,
    AnyQuestion,
    Calculation,
    DateQuestion,
    DecimalQuestion,
    Grid,
    IntegerQuestion,
    LongText,
    MultipleChoice,
    Note,
    QuestionSet,
    Repeat,
    Scale,
    ShortText,
    SingleChoice,
    Special,
)
from prescreen.core.text import DEFAULT_MESSAGES, PLACEHOLDER, Text

_NUMERIC = (IntegerQuestion, DecimalQuestion, Scale)
_SPECIAL_VALUES = frozenset(s.value for s in Special)
"""The special answers' names (going through an enum costs 3 µs each time)."""
_EQUATABLE = (ShortText, LongText, IntegerQuestion, DecimalQuestion, DateQuestion, Scale)
_TEXTUAL = (ShortText, LongText)
SUMMARY_TYPES: dict[str, tuple[str, ...]] = {
    "name": ("text",),
    "phone": ("phone",),
    "email": ("email",),
}
"""The question types that may answer each field of the summary (written as E.164 phone
numbers and email addresses, which importers check)."""


class _Linter:
    def __init__(self, qs: QuestionSet) -> None:
        self.qs = qs
        self.ctx = Context(qs, qs.default_language, dt.date.today())
        self.problems: list[Problem] = []
        self.calcs = {c.id: c for c in qs.calculations}
        self.field_groups = {
            f.id: q.id for q in reversed(qs.questions) if isinstance(q, Repeat) for f in q.fields
        }

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, "warning"))

    def run(self) -> list[Problem]:
        self.ids()
        self.texts()
        for si, section in enumerate(self.qs.sections):
            first = section.questions[0].id
            if section.show_if is not None:
                self.condition(section.show_if, f"sections[{si}].show_if", before=first)
            for qi, question in enumerate(section.questions):
                path = f"sections[{si}].questions[{qi}]"
                if question.show_if is not None:
                    self.condition(question.show_if, f"{path}.show_if", before=question.id)
                self.question(question, path)
        for ci, calc in enumerate(self.qs.calculations):
            self.calculation(calc, f"calculations[{ci}]")
        for fi, flag in enumerate(self.qs.flags):
            self.condition(flag.when, f"flags[{fi}].when", before=None)
            if flag.stop and flag.severity != "urgent":
                self.error(f"flags[{fi}].stop", "only an urgent flag can stop the interview")
        for key, types in SUMMARY_TYPES.items():
            qid = getattr(self.qs.summary, key)
            if qid is None:
                continue
            named = self.qs.by_id.get(qid)
            if named is None:
                self.error(f"summary.{key}", f"there is no question with the id '{qid}'")
            elif named.type not in types:
                self.error(
                    f"summary.{key}",
                    f"'{qid}' is a {named.type} question; the {key} in the summary must be "
                    f"answered by a {' or '.join(types)} question",
                )
        for language in self.qs.translations:
            if language not in self.qs.languages:
                self.error(
                    f"translations.{language}",
                    f"'{language}' is not one of the set's languages "
                    f"({_list(set(self.qs.languages))})",
                )
        for code in self.qs.messages:
            if code not in DEFAULT_MESSAGES:
                known = ", ".join(sorted(DEFAULT_MESSAGES))
                self.error(f"messages.{code}", f"'{code}' is not a message name; known: {known}")
        months = self.qs.messages.get("months")
        for body in months.raw if months is not None else ():
            count = len(dates.month_list(body))
            if count != 12:
                self.error(
                    "messages.months",
                    f"the twelve month names, January first, separated by commas; this has {count}",
                )
        return self.problems

    # -- ids ------------------------------------------------------------------------------
    def ids(self) -> None:
        first: dict[str, str] = {}
        for si, section in enumerate(self.qs.sections):
            for qi, question in enumerate(section.questions):
                path = f"sections[{si}].questions[{qi}]"
                if question.id in first:
                    self.error(
                        f"{path}.id",
                        f"the id '{question.id}' is already used at {first[question.id]}",
                    )
                else:
                    first[question.id] = path
        self._unique([s.id for s in self.qs.sections], "sections[{}].id", "section")
        self._unique([c.id for c in self.qs.calculations], "calculations[{}].id", "calculation")
        self._unique([f.id for f in self.qs.flags], "flags[{}].id", "flag")
        for ci, calc in enumerate(self.qs.calculations):
            if calc.id in self.qs.by_id:
                self.error(
                    f"calculations[{ci}].id",
                    f"the id '{calc.id}' is also a question's id; give the calculation its own",
                )

    def _unique(self, ids: list[str], template: str, what: str) -> None:
        first: dict[str, int] = {}
        for index, item in enumerate(ids):
            if item in first:
                self.error(
                    template.format(index),
                    f"the {what} id '{item}' is already used at {template.format(first[item])}",
                )
            else:
                first.setdefault(item, index)

    # -- translations and placeholders -------------------------------------------------------
    def texts(self) -> None:
        wanted = set(self.qs.languages)
        default = self.qs.default_language
        names = set(self.qs.by_id) | set(self.calcs)
        others = sorted(wanted - {default})
        untranslated = f"no translation for: {', '.join(others)} (shown in {default})"
        for path, text in _walk_texts(self.qs, ""):
            root = text.root
            if isinstance(root, str):  # one text for every language: most texts, quickly
                if len(wanted) > 1:
                    self.warn(path, untranslated)
                if "{" in root:
                    self.placeholders(path, text, names)
                continue
            given = text.languages()
            if given is not None:
                for code in sorted(given - wanted):
                    self.error(
                        path, f"'{code}' is not one of the set's languages ({_list(wanted)})"
                    )
                if default not in given:
                    self.error(path, f"no text in the default language '{default}'")
                missing = sorted(wanted - given)
                if missing and default in given:
                    self.warn(
                        path, f"no translation for: {', '.join(missing)} (shown in {default})"
                    )
            if any("{" in body for body in text.raw):  # else no placeholder to check
                self.placeholders(path, text, names)

    def placeholders(self, path: str, text: Text, names: set[str]) -> None:
        found = sorted({name for body in text.raw for name in PLACEHOLDER.findall(body)})
        if path.startswith("messages."):
            code = path.removeprefix("messages.")
            known = set(PLACEHOLDER.findall(DEFAULT_MESSAGES.get(code, "")))
            for name in found:
                if name not in known:
                    can = f"; it can use: {_braced(known)}" if known else "; it has none"
                    self.error(path, f"'{{{name}}}' is not filled in for this message{can}")
            return
        if not found:
            return
        asker = _asking_question(path, self.qs)
        for name in found:
            if name not in names:
                self.error(path, f"'{{{name}}}' names no question or calculation")
                continue
            inputs = self.calcs[name].inputs if name in self.calcs else [name]
            if asker is None and not path.startswith(("title", "introduction", "consent")):
                continue
            late = [q for q in inputs if asker is None or self._after(q, asker)]
            if late:
                where = "before any question is asked" if asker is None else "before the answer"
                self.warn(
                    path,
                    f"'{{{name}}}' is shown {where} to '{late[0]}' is given, so it shows as a dash",
                )

    # -- one question --------------------------------------------------------------------------
    def question(self, question: AnyQuestion, path: str) -> None:
        kind = _QUESTION_KINDS.get(type(question)) or _question_kind(type(question))
        if kind is _NOTE:
            return
        answerable = cast("Answerable", question)
        if kind is _CHECKED:
            self._own_rules(answerable, path)
        for ci, constraint in enumerate(answerable.constraints):
            self.constraint(question, constraint, f"{path}.constraints[{ci}]")

    def _own_rules(self, question: Answerable, path: str) -> None:
        """The checks of choice, grid, scale, text with suggestions and repeat questions."""
        if isinstance(question, SingleChoice | MultipleChoice | Grid):
            self.choices(question, path)
        if isinstance(question, SingleChoice | Grid) and any(c.exclusive for c in question.choices):
            self.error(f"{path}.choices", "'exclusive' is for multiple choice questions only")
        if isinstance(question, MultipleChoice):
            top = question.max_selected
            if top is not None and top < question.min_selected:
                self.error(f"{path}.max_selected", "max_selected is smaller than min_selected")
            if question.min_selected > len(question.choices):
                self.error(f"{path}.min_selected", "min_selected is more than the options offered")
        if isinstance(question, Grid):
            self._unique([item.id for item in question.items], f"{path}.items[{{}}].id", "grid row")
        if isinstance(question, Scale):
            if question.min >= question.max:
                self.error(f"{path}.max", "a scale's max must be greater than its min")
            for point in question.anchors:
                if not question.min <= point <= question.max:
                    self.error(f"{path}.anchors", f"the anchor {point} is outside the scale")
        if (
            isinstance(question, ShortText)
            and question.suggestions is not None
            and question.suggestions not in self.qs.vocabularies
        ):
            self.error(
                f"{path}.suggestions",
                f"there is no vocabulary named '{question.suggestions}' under vocabularies",
            )
        if isinstance(question, Repeat):
            self.repeat(question, path)
        if (
            isinstance(question, IntegerQuestion | DecimalQuestion)
            and question.unit_one is not None
            and question.unit is None
        ):
            self.error(f"{path}.unit_one", "unit_one is the unit after 1: give 'unit' as well")

    def choices(self, question: SingleChoice | MultipleChoice | Grid, path: str) -> None:
        self._unique([c.value for c in question.choices], f"{path}.choices[{{}}].value", "option")

    def repeat(self, question: Repeat, path: str) -> None:
        if question.max_items < question.min_items:
            self.error(f"{path}.max_items", "max_items is smaller than min_items")
        self._unique([f.id for f in question.fields], f"{path}.fields[{{}}].id", "field")
        for fi, sub in enumerate(question.fields):
            sub_path = f"{path}.fields[{fi}]"
            if sub.show_if is not None:
                self.error(f"{sub_path}.show_if", "fields of a repeating group cannot have show_if")
            if sub.allow:
                self.error(f"{sub_path}.allow", "fields of a repeating group cannot offer 'allow'")
            self.question(sub, sub_path)

    def year_source(self, source: str, path: str) -> None:
        """A `year of <source>` bound: a date question asked before this one."""
        named = self.qs.by_id.get(source)
        asker = _asking_question(path, self.qs)
        if ".fields[" in path:  # a row's answer is not checked again when the date changes
            self.error(path, f"'year of {source}' is for questions, not the fields of a repeat")
        elif named is None:
            self.error(path, f"'year of {source}': there is no question '{source}'")
        elif not isinstance(named, DateQuestion):
            self.error(
                path, f"'year of {source}': '{source}' is not a date question (it is {named.type})"
            )
        elif asker is not None and self.qs.position[source] >= self.qs.position[asker]:
            self.error(path, f"'year of {source}': '{source}' must be asked before this question")

    def constraint(self, question: AnyQuestion, constraint: Any, path: str) -> None:
        bounds = constraint.min is not None or constraint.max is not None
        lengths = any(
            getattr(constraint, key) is not None for key in ("min_length", "max_length", "pattern")
        )
        if isinstance(question, DateQuestion):
            for key in ("min", "max"):
                bound = getattr(constraint, key)
                if bound is None:
                    continue
                try:
                    dates.resolve_bound(str(bound), self.ctx.today)
                except dates.DateError:
                    self.error(
                        f"{path}.{key}",
                        f"'{bound}' is not a date: write 2020-01-31, today, "
                        "or today - 18 years (days, weeks, months, years)",
                    )
        elif isinstance(question, _NUMERIC):
            for key in ("min", "max"):
                bound = getattr(constraint, key)
                if not isinstance(bound, str):
                    continue
                if not isinstance(question, IntegerQuestion):
                    self.error(f"{path}.{key}", "this bound must be a number")
                    continue
                source = dates.year_of(bound)
                if source is not None:
                    self.year_source(source, f"{path}.{key}")
                    continue
                try:
                    dates.resolve_year(bound, self.ctx.today)
                except dates.DateError:
                    self.error(
                        f"{path}.{key}",
                        f"'{bound}' is not a number or a year such as 'this year', "
                        "'this year - 100' or 'year of date_of_birth'",
                    )
            low, high = constraint.min, constraint.max
            if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
                self.error(f"{path}", "min is greater than max")
        elif bounds:
            self.error(path, f"min and max do not apply to {question.type} questions")
        if lengths and not isinstance(question, _TEXTUAL):
            self.error(
                path,
                f"min_length, max_length and pattern do not apply to {question.type} questions",
            )
        if constraint.pattern is not None:
            try:
                re.compile(constraint.pattern)
            except re.error as error:
                self.error(
                    f"{path}.pattern", f"the pattern is not a valid regular expression: {error}"
                )
            except (RecursionError, OverflowError, ValueError, MemoryError):
                self.error(f"{path}.pattern", "the pattern is too complicated; simplify it")

    # -- calculations ----------------------------------------------------------------------------
    def calculation(self, calc: Calculation, path: str) -> None:
        for qid in calc.inputs:
            question = self.qs.by_id.get(qid)
            key = "age_years" if calc.age_years else "count" if calc.count else "sum_scores"
            if question is None:
                self.error(f"{path}.{key}", f"there is no question with the id '{qid}'")
            elif calc.age_years and not isinstance(question, DateQuestion):
                self.error(
                    f"{path}.age_years", f"'{qid}' is a {question.type} question, not a date"
                )
            elif calc.count and not isinstance(question, MultipleChoice | Repeat | Grid):
                self.error(
                    f"{path}.count",
                    f"'{qid}' is a {question.type} question; count works on multiple_choice, "
                    "repeat and grid questions",
                )
            elif calc.sum_scores is not None:
                if not isinstance(question, SingleChoice | MultipleChoice | Grid | Scale):
                    self.error(
                        f"{path}.sum_scores",
                        f"'{qid}' is a {question.type} question; sum_scores works on choice, "
                        "grid and scale questions",
                    )
                elif not isinstance(question, Scale) and all(
                    c.score is None for c in question.choices
                ):
                    self.warn(f"{path}.sum_scores", f"no option of '{qid}' has a score")

    # -- conditions -------------------------------------------------------------------------------
    def condition(self, condition: Condition, path: str, before: str | None) -> None:
        for sub_path, comparison in comparisons(condition, path):
            self.comparison(comparison, sub_path, before)

    def comparison(self, c: Comparison, path: str, before: str | None) -> None:
        op = c.operator
        if c.calculation is not None:
            calc = self.calcs.get(c.calculation)
            if calc is None:
                self.error(path, f"there is no calculation with the id '{c.calculation}'")
                return
            late = [q for q in calc.inputs if before is not None and self._after(q, before)]
            if late:
                self.error(
                    path,
                    f"the calculation '{calc.id}' uses '{late[0]}', which is not asked before"
                    f" this point; {_ORDER_RULE}",
                )
            if c.item or c.field:
                self.error(path, "'item' and 'field' apply to grid and repeat questions only")
            if op in ("contains", "contains_any"):
                self.error(path, f"'{op}' does not apply to a calculation (a number)")
            elif op != "answered":
                for operand in _operands(c):
                    if isinstance(operand, bool) or not isinstance(operand, int | float):
                        self.error(path, f"a calculation is a number; '{operand}' is not")
            return
        qid = c.question or ""
        question = self.qs.by_id.get(qid)
        if question is None:
            group = self.field_groups.get(qid)
            if group is not None:
                self.error(
                    path,
                    f"'{qid}' is a field of the repeating group '{group}'; "
                    f"write question: {group} and field: {qid}",
                )
            else:
                self.error(path, f"there is no question with the id '{qid}'{self._suggest(qid)}")
            return
        if isinstance(question, Note):
            self.error(path, f"'{qid}' is a note and has no answer to test")
            return
        if before is not None and self._after(qid, before):
            self.error(path, _order_message(qid, before, path))
        target: Any = question
        if isinstance(question, Grid):
            if c.field is not None:
                self.error(path, "'field' applies to repeat questions; a grid uses 'item'")
            if c.item is None:
                if op != "answered":
                    self.error(path, f"'{qid}' is a grid: name the row with 'item'")
                return
            if c.item not in {i.id for i in question.items}:
                self.error(path, f"the grid '{qid}' has no row '{c.item}'")
                return
            target = SingleChoice(
                id=question.id, text=question.text, type="single_choice", choices=question.choices
            )
        elif isinstance(question, Repeat):
            if c.item is not None:
                self.error(path, "'item' applies to grid questions; a repeat uses 'field'")
            if c.field is None:
                if op != "answered":
                    self.error(path, f"'{qid}' is a repeating group: name the field with 'field'")
                return
            fields = {f.id: f for f in question.fields}
            if c.field not in fields:
                self.error(path, f"the repeating group '{qid}' has no field '{c.field}'")
                return
            target = fields[c.field]
        elif c.item is not None or c.field is not None:
            self.error(path, "'item' and 'field' apply to grid and repeat questions only")
            return
        if op == "answered":
            return
        self._operator_fits(target, c, path, allow=getattr(question, "allow", []))

    def _operator_fits(self, q: Any, c: Comparison, path: str, allow: list[Special]) -> None:
        op = c.operator
        specials = {s.value for s in allow}
        operands = _operands(c)
        if op not in ORDERING_OPERATORS and all(o in specials for o in operands):
            return  # {question: q, equals: dont_know}: a special answer the question offers
        if op in ("contains", "contains_any"):
            if not isinstance(q, MultipleChoice | ShortText | LongText):
                self.error(
                    path,
                    f"'{op}' applies to multiple choice and text answers, not {q.type}; "
                    "use equals or one_of",
                )
                return
        elif isinstance(q, MultipleChoice):
            self.error(
                path, f"'{op}' does not apply to multiple choice: use contains or contains_any"
            )
            return
        elif op in ORDERING_OPERATORS and not isinstance(q, (*_NUMERIC, DateQuestion)):
            self.error(path, f"'{op}' compares numbers and dates; '{q.id}' is a {q.type} question")
            return
        if isinstance(q, ShortText | LongText) and op in ("contains", "contains_any"):
            for operand in operands:
                if not isinstance(operand, str):
                    self.error(path, f"put {_yaml(operand)} in quotes: '{q.id}' takes text")
            return
        for operand in operands:
            if operand in specials and op not in ORDERING_OPERATORS:
                continue
            problem = self._operand_problem(q, operand)
            if problem:
                self.error(path, problem)

    def _operand_problem(self, q: Any, operand: Any) -> str | None:
        if isinstance(q, SingleChoice | MultipleChoice):
            values = [c.value for c in q.choices]
            if operand not in values:
                return f"'{operand}' is not an option of '{q.id}'; the options are: {_list(values)}"
            return None
        if operand in _SPECIAL_VALUES and not isinstance(q, ShortText | LongText):
            return (
                f"'{operand}' is a special answer that '{q.id}' does not offer; "
                f"add it under allow, or test another value"
            )
        if isinstance(q, DateQuestion):
            if isinstance(operand, str):
                try:
                    dt.date.fromisoformat(operand)
                except ValueError:
                    pass
                else:
                    return None
            return f"{_yaml(operand)} is not a date; write dates as 2020-01-31"
        try:
            value, _ = PARSERS[q.type](q, operand, self.ctx)
        except Invalid as error:
            return f"{_yaml(operand)} is not a valid answer to '{q.id}': {error.message(self.ctx)}"
        except (ValueError, TypeError, ArithmeticError, RecursionError):
            return f"{_yaml(operand)} is not a valid answer to '{q.id}'"
        if matches(value, operand):
            return None
        # Accepted as typed input, but a condition compares it with the stored answer as written.
        if isinstance(value, bool):
            return f"write {_yaml(operand)} as yes or no"
        if isinstance(value, int | float):
            return f"write the number {operand} without quotes"
        if isinstance(value, str) and not isinstance(operand, str):
            return f"put {_yaml(operand)} in quotes: '{q.id}' takes text"
        return f"write {_yaml(operand)} as '{value}', the way the answer is stored"

    def _suggest(self, qid: str) -> str:
        if len(self.problems) > 10:
            return ""  # a file this broken is not worth the search
        close = difflib.get_close_matches(qid, list(self.qs.by_id), n=1)
        return f" (did you mean '{close[0]}'?)" if close else ""

    def _after(self, qid: str, before: str) -> bool:
        position = self.qs.position
        return qid in position and position[qid] >= position[before]


def _operands(c: Comparison) -> list[Any]:
    operand = c.operand
    return list(operand) if isinstance(operand, list) else [operand]


def _list(items: Any) -> str:
    return ", ".join(str(i) for i in sorted(items))


_ORDER_RULE = "a condition can only look at questions asked before it"


def _order_message(qid: str, before: str, path: str) -> str:
    if path.split(".")[1].startswith("show_if"):  # sections[i].show_if: a section's condition
        return (
            f"'{qid}' is asked in this section or later; a section's condition can only look "
            "at questions asked before the section"
        )
    if qid == before:
        return f"'{qid}' is this question itself; {_ORDER_RULE}"
    return f"'{qid}' is asked later; {_ORDER_RULE}"


def _asking_question(path: str, qs: QuestionSet) -> str | None:
    """The question whose texts `path` is in (`sections[1].questions[2].help`), if any."""
    match = re.match(r"^sections\[(\d+)\]\.questions\[(\d+)\]", path)
    if match is None:
        return None
    return qs.sections[int(match[1])].questions[int(match[2])].id


def _yaml(value: Any) -> str:
    """A value as an author wrote it: 'text' in quotes, numbers and yes/no bare."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value[:80]}'"
    return str(value)


def _braced(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names))


def _walk_texts(node: Any, path: str) -> list[tuple[str, Text]]:
    """Every text under `node`, with its place, in the order of the file: depth first, each
    model's fields in order (only those that can hold a text, `_text_fields`), lists by index,
    mappings by key. Each value's kind is found by its type once (`_kind`): nested generators
    and `isinstance` against Pydantic's models (an ABC check each) were most of the lint's
    time on a large set."""
    found: list[tuple[str, Text]] = []
    _walk_into(node, path, found)
    return found


def _walk_into(node: Any, path: str, found: list[tuple[str, Text]]) -> None:
    kind = _KINDS.get(type(node)) or _kind(type(node))
    if kind is _TEXT:
        found.append((path, node))
    elif kind is _MODEL:
        prefix = f"{path}." if path else ""
        model: type[BaseModel] = type(node)
        for name in _text_fields(model):
            value = getattr(node, name)
            if value is not None:
                _walk_into(value, prefix + name, found)
    elif kind is _LIST:
        for index, item in enumerate(node):
            _walk_into(item, f"{path}[{index}]", found)
    elif kind is _DICT:
        for key, item in node.items():
            _walk_into(item, f"{path}.{key}", found)


_NOTE, _CHECKED, _PLAIN = "note", "checked", "plain"
WITH_OWN_RULES = (
    SingleChoice,
    MultipleChoice,
    Grid,
    Scale,
    ShortText,
    Repeat,
    IntegerQuestion,
    DecimalQuestion,
)
"""The question types `_Linter._own_rules` has checks for."""
_QUESTION_KINDS: dict[type, str] = {}
"""Whether a question, by its type, is a note, has checks of its own (`_Linter._own_rules`) or
neither: one lookup, where the `isinstance` tests against Pydantic's models cost 0.2 to
0.4 microseconds each, ten for every question of a set."""


def _question_kind(kind: type) -> str:
    if issubclass(kind, Note):
        found = _NOTE
    elif issubclass(kind, WITH_OWN_RULES):
        found = _CHECKED
    else:
        found = _PLAIN
    _QUESTION_KINDS[kind] = found
    return found


_TEXT, _MODEL, _LIST, _DICT, _SKIP = "text", "model", "list", "dict", "skip"
_KINDS: dict[type, str] = {type(None): _SKIP, str: _SKIP}
"""What the walk of texts does with a value, by its type (`_kind`)."""


def _kind(kind: type) -> str:
    """What the walk of texts does with a value of this type: as `isinstance` would decide."""
    if issubclass(kind, Text):
        found = _TEXT
    elif issubclass(kind, BaseModel):
        found = _MODEL
    elif issubclass(kind, list):
        found = _LIST
    elif issubclass(kind, dict):
        found = _DICT
    else:
        found = _SKIP
    _KINDS[kind] = found
    return found


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold a Text, in order: the walk skips the rest (a
    condition, a number, an id), which was most of its time on a large set."""
    return tuple(
        name for name, info in model.model_fields.items() if _may_hold_text(info.annotation)
    )


@cache
def text_keys() -> frozenset[str]:
    """Every key of a question set's file whose value can be or hold a text, as written (for
    the checks that read the file's lines themselves)."""
    keys: set[str] = set()
    seen: set[type] = set()
    pending: list[Any] = [QuestionSet]
    while pending:
        kind = pending.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind not in seen:
                seen.add(kind)
                fields = kind.model_fields
                keys.update(fields[name].alias or name for name in _text_fields(kind))
                pending.extend(info.annotation for info in fields.values())
        else:
            pending.extend(get_args(kind))
    return frozenset(keys)


def _may_hold_text(annotation: Any) -> bool:
    """Whether a value of this type can be or contain a Text (true when unsure)."""
    seen: set[type] = set()
    pending = [annotation]
    while pending:
        kind = pending.pop()
        if kind is None or kind is type(None):
            continue
        if isinstance(kind, type) and not get_args(kind):
            if issubclass(kind, Text):
                return True
            if issubclass(kind, BaseModel):
                if kind not in seen:
                    seen.add(kind)
                    pending.extend(f.annotation for f in kind.model_fields.values())
                continue
            if issubclass(kind, str | int | float | bool | dt.date | Enum):
                continue
            return True
        origin = get_origin(kind)
        if origin is Literal:
            continue
        arguments = get_args(kind)
        if origin is Annotated:
            pending.append(arguments[0])
        elif arguments:
            pending.extend(arguments)
        else:
            return True
    return False


def lint(qs: QuestionSet) -> list[Problem]:
    """Every problem in a structurally valid question set, errors and warnings."""
    return _Linter(qs).run()
