"""Reading dates as people type them, and relative bounds such as `today - 120 years`,
`this year - 100` or `year of date_of_birth`."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_RELATIVE = re.compile(
    r"^\s*today\s*(?:([+-])\s*(\d{1,4})\s*(days?|weeks?|months?|years?)\s*)?$", re.IGNORECASE
)
_THIS_YEAR = re.compile(r"^\s*this\s+year\s*(?:([+-])\s*(\d{1,4})\s*)?$", re.IGNORECASE)
_YEAR_OF = re.compile(r"^\s*(?i:year\s+of)\s+([a-z][a-z0-9_]{0,63})\s*$")
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM"})


class DateError(ValueError):
    """Why a typed date could not be read: `code` names the message to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise DateError("not_date")
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def resolve_bound(bound: str, today: dt.date) -> dt.date:
    """An absolute ISO date, or `today`, `today - 18 years`, `today + 6 months`, ..."""
    match = _RELATIVE.match(bound)
    if match is None:
        try:
            return dt.date.fromisoformat(bound.strip())
        except ValueError:
            raise DateError("bad_bound") from None
    sign, amount, unit = match.groups()
    if sign is None:
        return today
    count = int(amount) * (1 if sign == "+" else -1)
    unit = unit.lower().rstrip("s")
    try:
        if unit == "day":
            return today + dt.timedelta(days=count)
        if unit == "week":
            return today + dt.timedelta(weeks=count)
    except OverflowError:
        raise DateError("bad_bound") from None
    return add_months(today, count * (12 if unit == "year" else 1))


def _build(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DateError("not_real_date")
    if year < 1000:
        raise DateError("two_digit_year" if year < 100 else "not_date")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("not_real_date") from None


_CONNECTORS = frozenset({"of", "de", "del"})
"""Words between a day, a month and a year: '14th of March 1985', '4 de marzo de 1962'."""


def month_list(message: str) -> list[str]:
    """The names in a `months` message: separated by commas, trimmed, blanks left out."""
    return [name.strip() for name in message.split(",") if name.strip()]


def month_names(names: list[str]) -> dict[str, int]:
    """Month numbers by name, lower case, from the twelve names January first, with each
    name's first three letters where no other month starts with them ('mar', 'sept')."""
    full = {name.strip().lower(): number for number, name in enumerate(names, start=1)}
    starts: dict[str, set[int]] = {}
    for name, number in full.items():
        starts.setdefault(name[:3], set()).add(number)
    short = {start: next(iter(found)) for start, found in starts.items() if len(found) == 1}
    return {**short, **full}


def parse_date(text: str, region: str | None, months: dict[str, int] | None = None) -> dt.date:
    """Read a date typed by a person.

    Accepts ISO (1980-03-05), numbers in the region's order (05/03/1980, or 03/05/1980 in the
    US), and month names, English or `months` (see `month_names`): 5 March 1980, March 5,
    1980, 5 Mar 1980, 1980 March 5, 5th of March 1980, 5 de marzo de 1980.
    Raises DateError with the code of the message to show.
    """
    known = {**_MONTHS, **(months or {})}
    cleaned = text.strip().lower().replace(",", " ")
    if not cleaned or len(cleaned) > 40:
        raise DateError("not_date")
    numbers = re.fullmatch(r"(\d{1,4})[-/. ](\d{1,2})[-/. ](\d{1,4})", cleaned)
    if numbers:
        a, b, c = numbers.groups()
        if len(a) == 4:
            return _build(int(a), int(b), int(c))
        if len(c) not in (2, 4):
            raise DateError("not_date")
        if len(c) == 2:
            raise DateError("two_digit_year")
        month_first = region in MONTH_FIRST_REGIONS
        day, month = (int(b), int(a)) if month_first else (int(a), int(b))
        if month > 12 >= day:
            raise DateError("date_order")  # 15/06/1990 where the month comes first, say
        return _build(int(c), month, day)
    words = [word for word in cleaned.split() if word not in _CONNECTORS]
    if len(words) == 3:
        first, second, third = words
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        first = first.rstrip("stndrh") if first[:1].isdecimal() else first
        second = second.rstrip("stndrh") if second[:1].isdecimal() else second
        if (
            len(first) == 4
            and first.isdecimal()
            and second.rstrip(".") in known
            and third.isdecimal()
        ):
            year_text, month_name, day_text = first, second.rstrip("."), third  # 1985 March 14
        elif first.isdecimal() and second.rstrip(".") in known and third.isdecimal():
            day_text, month_name, year_text = first, second.rstrip("."), third
        elif first.rstrip(".") in known and second.isdecimal() and third.isdecimal():
            month_name, day_text, year_text = first.rstrip("."), second, third
        else:
            raise DateError("not_date")
        if len(year_text) == 2:
            raise DateError("two_digit_year")
        if len(year_text) != 4 or len(day_text) > 2:
            raise DateError("not_date")
        return _build(int(year_text), known[month_name], int(day_text))
    raise DateError("not_date")


def example(region: str | None) -> str:
    """A date written the way `parse_date` reads it in this region, for messages."""
    return "12/31/1980" if region in MONTH_FIRST_REGIONS else "31/12/1980"


def typed(value: dt.date, region: str | None) -> str:
    """A date as it would be typed in this region (03/14/1985, 14/03/1985), which
    `parse_date` reads back as the same date: how an answer given is shown again in its box."""
    first, second = (
        (value.month, value.day)
        if region in MONTH_FIRST_REGIONS
        else (
            value.day,
            value.month,
        )
    )
    return f"{first:02d}/{second:02d}/{value.year:04d}"


def order(region: str | None) -> str:
    """The message naming the order of numbers in a date in this region, in words."""
    return "month_day_year" if region in MONTH_FIRST_REGIONS else "day_month_year"


def resolve_year(bound: str, today: dt.date) -> int:
    """A year bound of a whole-number question: `this year`, `this year - 100`, ... (raises
    DateError for anything else)."""
    match = _THIS_YEAR.match(bound)
    if match is None:
        raise DateError(f"'{bound}' is not a year such as 'this year' or 'this year - 100'")
    sign, count = match.group(1), int(match.group(2) or 0)
    return today.year + (count if sign == "+" else -count)


def year_of(bound: str) -> str | None:
    """The question a `year of <question id>` bound takes its year from (the year of that
    question's date answer), or None for any other bound."""
    match = _YEAR_OF.match(bound)
    return match.group(1) if match else None


def years_between(born: dt.date, today: dt.date) -> int:
    """Whole years from `born` to `today` (age in years)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
