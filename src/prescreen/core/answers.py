"""Per question type: raw input (typed text, a choice, a file value) to a typed value and the
label a person saw, or a message the person understands. Never raises on any input."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from prescreen.core import dates
from prescreen.core.conditions import SpecialValue
from prescreen.core.questionset import (
    Answerable,
    Choice,
    Constraint,
    DateQuestion,
    DecimalQuestion,
    Email,
    Grid,
    IntegerQuestion,
    LongText,
    MultipleChoice,
    Phone,
    QuestionSet,
    Repeat,
    Scale,
    ShortText,
    SingleChoice,
    Special,
    YesNo,
)
from prescreen.core.text import DEFAULT_MESSAGES, clean_input, fill

if TYPE_CHECKING:
    from pydantic import TypeAdapter

MAX_RAW_CHARS = 100_000
"""Input longer than this is refused before any work is done on it (a 1 MB paste, say)."""
TYPED_LIMITS = {"integer": 24, "decimal": 24, "date": 40, "phone": 40, "email": 254}
"""The most characters the screen takes for a typed answer of these types (text and long text
questions set their own `max_length`). Dates, phone numbers and emails longer than this are
refused from a file too; a longer number is refused by its value, with a message that says so."""
_LENGTH_CHECKED = frozenset({"date", "phone", "email"})

_MAX_NUMBER = Decimal("1e12")


@dataclass(frozen=True)
class Context:
    """What parsing needs besides the question: the set (wording, region), language, today,
    and the answers given so far (for bounds such as `year of date_of_birth`)."""

    question_set: QuestionSet
    language: str
    today: dt.date
    answers: Mapping[str, Any] = field(default_factory=dict)

    def message(self, code: str, **params: object) -> str:
        """A built-in message, in the author's wording where the set gives one."""
        own = self.question_set.messages.get(code)
        template = (
            own.get(self.language, self.question_set.default_language)
            if own is not None
            else DEFAULT_MESSAGES.get(code, DEFAULT_MESSAGES["pattern"])
        )
        return fill(template, lambda name: str(params[name]) if name in params else None)

    def text(self, value: Any) -> str:
        """An author's text in the interview language."""
        return self.question_set.text(value, self.language)


@dataclass(frozen=True)
class Accepted:
    """A valid answer: the typed value, the label a person saw, and soft warnings that apply."""

    value: Any
    label: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    """An invalid answer and the message to show under the field."""

    message: str


@dataclass(frozen=True)
class Empty:
    """No answer given (an empty field): a skip if the question is optional."""


Result = Accepted | Rejected | Empty


class Invalid(Exception):
    """Raised inside a parser: a message code and its parameters, or the author's message."""

    def __init__(self, code: str, text: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code, self.text, self.params = code, text, params

    def message(self, ctx: Context) -> str:
        """The message to show."""
        return self.text if self.text is not None else ctx.message(self.code, **self.params)


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | dict | tuple) and not raw


def _as_text(raw: Any, limit: int, *, multiline: bool = False) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Invalid("pattern")
    if isinstance(raw, int) and abs(raw) >= 10 ** min(limit, 4000):
        raise Invalid("too_long", limit=limit)  # str() raises on ints of more than 4300 digits
    text = clean_input(str(raw), multiline=multiline)
    if len(text) > limit:
        raise Invalid("too_long", limit=limit)
    return text


@dataclass(frozen=True)
class Unit:
    """A number's unit in the person's language: after 1, and after any other number."""

    other: str = ""
    one: str = ""

    def after(self, number: str) -> str:
        """`number` followed by its unit, as it is read: '1 time', '3 times'."""
        unit = self.one if number == "1" and self.one else self.other
        return f"{number} {unit}" if unit else number

    def cut_from(self, text: str) -> str:
        """Typed (lowercase) text without the unit written after the number ('5 feet',
        '1 foot')."""
        for unit in sorted((self.other, self.one), key=len, reverse=True):
            if unit and text.endswith(unit.lower()):
                return text[: -len(unit)].strip()
        return text


def unit_of(q: IntegerQuestion | DecimalQuestion, ctx: Context) -> Unit:
    """The question's unit in the person's language. `unit_one` only where it is given in
    that language (or in none in particular): '1 time' in a Spanish label is worse than
    '1 veces'."""
    one = q.unit_one
    languages = None if one is None else one.languages()
    in_theirs = one is not None and (languages is None or ctx.language in languages)
    return Unit(ctx.text(q.unit), ctx.text(one) if in_theirs else "")


def _number_text(raw: Any, unit: Unit, code: str) -> str:
    if isinstance(raw, bool):
        raise Invalid(code)
    if isinstance(raw, int):
        _check_size(raw)  # before str(): that raises on ints of more than 4300 digits
        return str(raw)
    if isinstance(raw, float):
        return repr(raw)
    if not isinstance(raw, str):
        raise Invalid(code)
    text = unit.cut_from(clean_input(raw).lower())
    text = re.sub(r"^([-+\u2212])\s+", r"\1", text).replace("\u2212", "-")
    if " " in text:
        # Spaces only as thousands separators (1 200 or 1 200,5); "1 2" is a typo, not 12.
        if not re.fullmatch(r"[+-]?\d{1,3}( \d{3})+([.,]\d+)?", text):
            raise Invalid(code)
        text = text.replace(" ", "")
    if "," in text:
        if "." not in text and re.fullmatch(r"[+-]?\d+,\d{1,2}", text):
            text = text.replace(",", ".")  # a decimal comma: 72,5
        elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")  # thousands: 1,200
        else:
            raise Invalid(code)
    return text


def _check_size(number: Decimal | int) -> None:
    """Refuse numbers no answer needs, with a message that says why (not 'not a number')."""
    if number > _MAX_NUMBER:
        raise Invalid("number_too_large", max=f"{_MAX_NUMBER:,f}")
    if number < -_MAX_NUMBER:
        raise Invalid("number_too_small", min=f"{-_MAX_NUMBER:,f}")


def _decimal(raw: Any, unit: Unit, code: str) -> Decimal:
    text = _number_text(raw, unit, code)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?", text):
        raise Invalid(code)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Invalid(code) from None
    if not number.is_finite():
        raise Invalid(code)
    _check_size(number)
    return number


def _places(number: Decimal) -> int:
    """Digits after the decimal point, ignoring trailing zeros (72.50 has 1), exactly."""
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):
        return 0  # not finite: refused by _decimal before this is asked
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing) if any(digits) else 0


def _format_number(number: Decimal) -> str:
    """`number` without exponent or trailing zeros: 72.5, 1200, 0.00001."""
    if not number:
        return "0"
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _find_choice(choices: list[Choice], raw: Any, ctx: Context) -> Choice:
    if isinstance(raw, str) and len(raw) <= 1000:
        wanted = clean_input(raw).casefold()
        for choice in choices:
            if choice.value == wanted:
                return choice
        for choice in choices:
            if ctx.text(choice.label).casefold() == wanted:
                return choice
    raise Invalid("not_a_choice")


def _parse_short_text(q: ShortText, raw: Any, ctx: Context) -> tuple[Any, str]:
    text = _as_text(raw, q.max_length)
    return text, text


def _parse_long_text(q: LongText, raw: Any, ctx: Context) -> tuple[Any, str]:
    text = _as_text(raw, q.max_length, multiline=True)
    return text, text


def _parse_integer(q: IntegerQuestion, raw: Any, ctx: Context) -> tuple[Any, str]:
    unit = unit_of(q, ctx)
    number = _number(q, raw, ctx, unit, "not_integer")
    if number != number.to_integral_value():
        _too_precise(q, number, 0, ctx, unit)
    value = int(number)
    return value, unit.after(str(value))


def _parse_decimal(q: DecimalQuestion, raw: Any, ctx: Context) -> tuple[Any, str]:
    unit = unit_of(q, ctx)
    number = _number(q, raw, ctx, unit, "not_number" if q.places else "not_integer")
    if _places(number) > q.places:
        _too_precise(q, number, q.places, ctx, unit)
    value = float(number)
    return value, unit.after(_format_number(number))


def _number(
    q: IntegerQuestion | DecimalQuestion, raw: Any, ctx: Context, unit: Unit, code: str
) -> Decimal:
    """The number typed; if it is not one, say so with an example that keeps to the
    question's rules (not 42 for a number of feet from 2 to 8)."""
    try:
        return _decimal(raw, unit, code)
    except Invalid as error:
        if error.code == code:
            error.params["example"] = _example(q, ctx, unit)
        raise


def _too_precise(
    q: IntegerQuestion | DecimalQuestion, number: Decimal, places: int, ctx: Context, unit: Unit
) -> NoReturn:
    """Refuse a number with more decimals than the question takes. A number out of the
    question's range is told that first (1.62 for a height in cm is not a rounding matter);
    else the example is the number typed, rounded."""
    broken = broken_rule(q, float(number), ctx)
    if broken is not None:
        raise Invalid("constraint", broken)
    rounded = unit.after(f"{_rounded(number, places):f}")
    if places == 0:
        raise Invalid("not_integer", example=rounded)
    raise Invalid("too_many_decimals", places=places, example=rounded)


def _rounded(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _example(q: IntegerQuestion | DecimalQuestion, ctx: Context, unit: Unit) -> str:
    """A number for a message's example that keeps to the question's rules: the middle of
    its range (where its soft rules expect answers, within what its hard rules allow), or
    the one bound it has; 42 or 72.5 without any. No more decimals than the question takes."""
    places = q.places if isinstance(q, DecimalQuestion) else 0
    default = Decimal(42) if places == 0 else Decimal("72.5")
    hard_low, hard_high = _range(q, ctx, soft=False)
    soft_low, soft_high = _range(q, ctx, soft=True)
    low = max((b for b in (hard_low, soft_low) if b is not None), default=None)
    high = min((b for b in (hard_high, soft_high) if b is not None), default=None)
    if low is not None and high is not None and low > high:
        low, high = hard_low, hard_high  # soft rules at odds with the hard ones
    if low is not None and high is not None:
        example = (low + high) / 2 if low <= high else default
    elif low is not None:
        example = max(default, low)
    elif high is not None:
        example = min(default, high)
    else:
        example = default
    return unit.after(_format_number(_rounded(example, places)))


def _range(
    q: IntegerQuestion | DecimalQuestion, ctx: Context, *, soft: bool
) -> tuple[Decimal | None, Decimal | None]:
    """The narrowest range the question's hard (or soft) rules allow, each bound within the
    numbers an answer can be (a bound of 1e30 or .inf is left at a million million)."""
    low: Decimal | None = None
    high: Decimal | None = None
    for constraint in q.constraints:
        if constraint.soft != soft:
            continue
        for bound, is_min in ((constraint.min, True), (constraint.max, False)):
            value = _number_bound(bound, ctx)
            if value is None or not math.isfinite(value):
                continue
            number = max(-_MAX_NUMBER, min(_MAX_NUMBER, Decimal(str(value))))
            if is_min:
                low = number if low is None else max(low, number)
            else:
                high = number if high is None else min(high, number)
    return low, high


def _parse_date(q: DateQuestion, raw: Any, ctx: Context) -> tuple[Any, str]:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw, date_label(raw, ctx)
    if not isinstance(raw, str):
        raise Invalid("not_date", example=dates.example(ctx.question_set.region))
    try:
        months = dates.month_names(_month_names(ctx))
        value = dates.parse_date(clean_input(raw), ctx.question_set.region, months)
    except dates.DateError as error:
        region = ctx.question_set.region
        order = ctx.message(dates.order(region))  # "day/month/year", in their language
        raise Invalid(error.code, example=dates.example(region), order=order) from None
    return value, date_label(value, ctx)


def _month_names(ctx: Context) -> list[str]:
    """The twelve month names of the interview language, January first (none if the
    `months` message does not hold twelve)."""
    names = dates.month_list(ctx.message("months"))
    return names if len(names) == 12 else []


def date_label(value: dt.date, ctx: Context) -> str:
    """A date as a person reads it, in words in the interview language ("4 March 1962"): the
    review and the confirmations show how a typed 03/04/1962 was read."""
    months = _month_names(ctx)
    month = months[value.month - 1] if months else f"{value.month:02d}"
    return ctx.message("date_in_words", day=value.day, month=month, year=value.year)


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _parse_yes_no(q: YesNo, raw: Any, ctx: Context) -> tuple[Any, str]:
    value: bool | None = None
    if isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str):
        word = clean_input(raw).casefold()
        if word in _YES or word == ctx.message("yes").casefold():
            value = True
        elif word in _NO or word == ctx.message("no").casefold():
            value = False
    if value is None:
        raise Invalid("not_yes_no")
    return value, ctx.message("yes" if value else "no")


def _parse_single_choice(q: SingleChoice, raw: Any, ctx: Context) -> tuple[Any, str]:
    choice = _find_choice(q.choices, raw, ctx)
    return choice.value, ctx.text(choice.label)


def _parse_multiple_choice(q: MultipleChoice, raw: Any, ctx: Context) -> tuple[Any, str]:
    items: Any = raw
    if isinstance(raw, str):
        try:
            items = [_find_choice(q.choices, raw, ctx).value]  # one label may hold a comma
        except Invalid:
            items = raw.split(",")
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise Invalid("not_a_choice")
    wanted = dict.fromkeys(item for item in items if item.strip())
    chosen = {_find_choice(q.choices, item, ctx).value for item in wanted}
    picked = [c for c in q.choices if c.value in chosen]
    if not picked:
        return [], ""  # only blanks: no answer
    exclusive = [c for c in picked if c.exclusive]
    if exclusive and len(picked) > 1:
        raise Invalid("exclusive_choice", label=ctx.text(exclusive[0].label))
    if not exclusive:
        if len(picked) < q.min_selected:
            raise Invalid("too_few_choices", min=q.min_selected)
        if q.max_selected is not None and len(picked) > q.max_selected:
            raise Invalid("too_many_choices", max=q.max_selected)
    return [c.value for c in picked], "; ".join(ctx.text(c.label) for c in picked)


def _parse_scale(q: Scale, raw: Any, ctx: Context) -> tuple[Any, str]:
    try:
        number = _decimal(raw, Unit(), "not_on_scale")
    except Invalid:
        raise Invalid("not_on_scale", min=q.min, max=q.max) from None
    if number != number.to_integral_value() or not q.min <= number <= q.max:
        raise Invalid("not_on_scale", min=q.min, max=q.max)
    value = int(number)
    anchor = q.anchors.get(value)
    return value, f"{value} ({ctx.text(anchor)})" if anchor else str(value)


def _parse_phone(q: Phone, raw: Any, ctx: Context) -> tuple[Any, str]:
    import phonenumbers  # here, not at the top: 35 ms and 1 MB off every start

    region = ctx.question_set.region
    example = phonenumbers.example_number(region or "US")
    shown = (
        phonenumbers.format_number(
            example,
            phonenumbers.PhoneNumberFormat.NATIONAL
            if region
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        )
        if example
        else "+1 201 555 0123"
    )
    text = _as_text(raw, 40)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise Invalid("not_phone", example=shown) from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid("not_phone", example=shown)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    label = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return e164, label


@cache
def _email_adapter() -> TypeAdapter[str]:
    """Pydantic's email check (with email_validator), made when first needed: 40 ms."""
    from pydantic import EmailStr, TypeAdapter

    return TypeAdapter(EmailStr)


def _parse_email(q: Email, raw: Any, ctx: Context) -> tuple[Any, str]:
    text = _as_text(raw, 254)
    try:
        value = str(_email_adapter().validate_python(text))
    except ValidationError:
        raise Invalid("not_email") from None
    return value, value


def _parse_grid(q: Grid, raw: Any, ctx: Context) -> tuple[Any, str]:
    if not isinstance(raw, dict):
        raise Invalid("not_a_choice")
    known = {item.id for item in q.items}
    unknown = [key for key in raw if key not in known]
    if unknown:
        raise Invalid("not_a_choice")
    value: dict[str, str] = {}
    labels: list[str] = []
    for item in q.items:
        given = raw.get(item.id)
        if _is_empty(given):
            continue
        try:
            choice = _find_choice(q.choices, given, ctx)
        except Invalid as error:
            raise Invalid(
                "grid_row_problem", row=ctx.text(item.text), message=error.message(ctx)
            ) from None
        value[item.id] = choice.value
        labels.append(f"{ctx.text(item.text)}: {ctx.text(choice.label)}")
    missing = [ctx.text(item.text) for item in q.items if item.id not in value]
    if q.required and missing and value:
        raise Invalid("grid_incomplete", rows=", ".join(missing))
    return value, "; ".join(labels)


def _parse_repeat(q: Repeat, raw: Any, ctx: Context) -> tuple[Any, str]:
    if not isinstance(raw, list | tuple):
        raise Invalid("pattern")
    if len(raw) > q.max_items * 4:
        raise Invalid("too_many_rows", max=q.max_items)
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    for number, given in enumerate(raw, start=1):
        if not isinstance(given, dict):
            raise Invalid("row_unreadable", row=number)
        if all(_is_empty(v) for v in given.values()):
            continue  # a row left blank is dropped, not an error
        row: dict[str, Any] = {}
        shown: list[str] = []
        missing: list[str] = []
        for place, sub in enumerate(q.fields):
            result = parse(sub, given.get(sub.id), ctx)
            if isinstance(result, Rejected):
                raise Invalid(
                    "row_problem", row=number, field=ctx.text(sub.text), message=result.message
                )
            if isinstance(result, Accepted):
                row[sub.id] = result.value
                # The first field names the row; the others say what they are (a dose and a
                # year read back alike as "200" and "2019").
                shown.append(
                    result.label if place == 0 else f"{ctx.text(sub.text)}: {result.label}"
                )
            elif sub.required:
                missing.append(ctx.text(sub.text))
        if not row:
            continue  # nothing left after cleaning (only control characters, say)
        if missing:
            raise Invalid(
                "row_problem", row=number, field=missing[0], message=ctx.message("required")
            )
        rows.append(row)
        first = q.fields[0].id in row
        named, rest = (shown[0], shown[1:]) if first else ("", shown)
        labels.append(
            f"{named} ({', '.join(rest)})" if named and rest else named or ", ".join(rest)
        )
    if not rows:
        return [], ""  # only blank rows: no answer
    if len(rows) < q.min_items:
        raise Invalid("too_few_rows", min=q.min_items)
    if len(rows) > q.max_items:
        raise Invalid("too_many_rows", max=q.max_items)
    return rows, "; ".join(labels)


Parser = Callable[[Any, Any, Context], tuple[Any, str]]
PARSERS: dict[str, Parser] = {
    "text": _parse_short_text,
    "long_text": _parse_long_text,
    "integer": _parse_integer,
    "decimal": _parse_decimal,
    "date": _parse_date,
    "yes_no": _parse_yes_no,
    "single_choice": _parse_single_choice,
    "multiple_choice": _parse_multiple_choice,
    "scale": _parse_scale,
    "phone": _parse_phone,
    "email": _parse_email,
    "grid": _parse_grid,
    "repeat": _parse_repeat,
}
"""One parser per question type that takes an answer."""


def _date_bound(bound: float | str | None, today: dt.date) -> dt.date | None:
    """A date constraint's bound on `today`; None when it falls outside the calendar (a bound
    such as `today + 7000 years` checked at load time can overflow years later)."""
    if bound is None:
        return None
    try:
        return dates.resolve_bound(str(bound), today)
    except dates.DateError:
        return None


def _number_bound(bound: float | str | None, ctx: Context) -> float | None:
    """A number constraint's bound: a number, a year relative to today (`this year - 100`), or
    the year of a date answered before (`year of date_of_birth`; no bound while it has no
    date answer)."""
    if isinstance(bound, str):
        source = dates.year_of(bound)
        if source is not None:
            given = ctx.answers.get(source)
            return given.year if isinstance(given, dt.date) else None
        try:
            return dates.resolve_year(bound, ctx.today)
        except dates.DateError:
            return None
    return bound


def _broken(constraint: Constraint, value: Any, ctx: Context) -> bool:
    if isinstance(value, dt.date):
        low = _date_bound(constraint.min, ctx.today)
        high = _date_bound(constraint.max, ctx.today)
        return (low is not None and value < low) or (high is not None and value > high)
    if isinstance(value, int | float) and not isinstance(value, bool):
        low_n, high_n = _number_bound(constraint.min, ctx), _number_bound(constraint.max, ctx)
        return (low_n is not None and value < low_n) or (high_n is not None and value > high_n)
    if isinstance(value, str):
        return (
            (constraint.min_length is not None and len(value) < constraint.min_length)
            or (constraint.max_length is not None and len(value) > constraint.max_length)
            or (constraint.pattern is not None and re.fullmatch(constraint.pattern, value) is None)
        )
    return False


def takes_bounds_from_answers(question: Answerable) -> bool:
    """Whether a rule of this question takes a bound from another answer (`year of ...`), so
    that changing that answer can put an answer given here out of bounds."""
    return any(
        isinstance(bound, str) and dates.year_of(bound) is not None
        for constraint in question.constraints
        for bound in (constraint.min, constraint.max)
    )


def broken_rule(question: Answerable, value: Any, ctx: Context) -> str | None:
    """The author's message of the first rule (not a soft one) that `value` breaks, with the
    answers in `ctx` as they are now; None when it keeps to them all."""
    for constraint in question.constraints:
        if not constraint.soft and _broken(constraint, value, ctx):
            return ctx.text(constraint.message)
    return None


def special_label(special: Special, ctx: Context) -> str:
    """How a special answer reads."""
    return ctx.message(special.value)


def max_length(question: Answerable) -> int | None:
    """The most characters a typed answer to `question` may have (None: it is not typed)."""
    if isinstance(question, ShortText | LongText):
        return question.max_length
    return TYPED_LIMITS.get(question.type)


def parse(question: Answerable, raw: Any, ctx: Context) -> Result:
    """Parse raw input for `question`: Accepted, Rejected with a message, or Empty."""
    if isinstance(raw, Special):
        if raw in question.allow:
            return Accepted(SpecialValue(raw.value), special_label(raw, ctx))
        return Rejected(ctx.message("special_not_allowed"))
    if _is_empty(raw):
        return Empty()
    limit = max_length(question)
    if isinstance(raw, str) and len(raw) > MAX_RAW_CHARS:
        return Rejected(ctx.message("too_long", limit=limit or MAX_RAW_CHARS))
    if isinstance(raw, str):
        cleaned = clean_input(raw)
        if not cleaned:
            return Empty()  # only control characters or escape sequences: nothing was typed
        if question.type in _LENGTH_CHECKED and limit is not None and len(cleaned) > limit:
            return Rejected(ctx.message("too_long", limit=limit))  # as the screen's field
    try:
        value, label = PARSERS[question.type](question, raw, ctx)
        if _is_empty(value):
            return Empty()  # nothing left after cleaning: no answer, whatever the constraints
        warnings: list[str] = []
        for constraint in question.constraints:
            if _broken(constraint, value, ctx):
                if not constraint.soft:
                    raise Invalid("constraint", ctx.text(constraint.message))
                warnings.append(ctx.text(constraint.message))
    except Invalid as error:
        return Rejected(error.message(ctx))
    except (RecursionError, MemoryError, OverflowError):
        return Rejected(ctx.message("pattern"))
    return Accepted(value, label, warnings)
