"""Reading typed dates, and relative bounds such as `today - 120 years`."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prescreen.core.dates import (
    DateError,
    add_months,
    example,
    parse_date,
    resolve_bound,
    typed,
    years_between,
)

TODAY = dt.date(2026, 3, 14)


# -- relative bounds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "expected"),
    [
        ("today", TODAY),
        ("  Today ", TODAY),
        ("TODAY", TODAY),
        ("today - 120 years", dt.date(1906, 3, 14)),
        ("today - 18 years", dt.date(2008, 3, 14)),
        ("today + 6 months", dt.date(2026, 9, 14)),
        ("today - 1 month", dt.date(2026, 2, 14)),
        ("today + 1 year", dt.date(2027, 3, 14)),
        ("today-18years", dt.date(2008, 3, 14)),
        ("today + 10 days", dt.date(2026, 3, 24)),
        ("today - 1 day", dt.date(2026, 3, 13)),
        ("today + 2 weeks", dt.date(2026, 3, 28)),
        ("today - 1 week", dt.date(2026, 3, 7)),
        ("2020-01-31", dt.date(2020, 1, 31)),
        (" 1900-01-01 ", dt.date(1900, 1, 1)),
    ],
)
def test_resolve_bound(bound: str, expected: dt.date) -> None:
    assert resolve_bound(bound, TODAY) == expected


@pytest.mark.parametrize(
    ("bound", "today", "expected"),
    [
        # A leap day moved by whole years lands on 28 February in ordinary years...
        ("today - 1 year", dt.date(2024, 2, 29), dt.date(2023, 2, 28)),
        ("today + 1 year", dt.date(2024, 2, 29), dt.date(2025, 2, 28)),
        ("today - 18 years", dt.date(2024, 2, 29), dt.date(2006, 2, 28)),
        # ...and stays on 29 February in leap years.
        ("today + 4 years", dt.date(2024, 2, 29), dt.date(2028, 2, 29)),
        ("today - 120 years", dt.date(2024, 2, 29), dt.date(1904, 2, 29)),
        # The end of a long month clamps to the end of a short one.
        ("today + 6 months", dt.date(2025, 8, 31), dt.date(2026, 2, 28)),
        ("today + 6 months", dt.date(2023, 8, 31), dt.date(2024, 2, 29)),
        ("today - 1 month", dt.date(2026, 3, 31), dt.date(2026, 2, 28)),
        ("today + 1 month", dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        ("today + 1 month", dt.date(2026, 5, 31), dt.date(2026, 6, 30)),
        ("today - 3 months", dt.date(2026, 1, 15), dt.date(2025, 10, 15)),
    ],
)
def test_resolve_bound_clamps_to_the_end_of_short_months(
    bound: str, today: dt.date, expected: dt.date
) -> None:
    assert resolve_bound(bound, today) == expected


@pytest.mark.parametrize(
    "bound",
    [
        "tomorrow",
        "today - 18",
        "today - years",
        "today * 2 years",
        "18 years ago",
        "2020-02-30",
        "",
    ],
)
def test_resolve_bound_refuses_what_it_cannot_read(bound: str) -> None:
    with pytest.raises(DateError) as caught:
        resolve_bound(bound, TODAY)
    assert caught.value.code == "bad_bound"


@pytest.mark.parametrize(
    ("bound", "today"),
    [
        ("today + 9999 years", TODAY),
        ("today - 9999 years", TODAY),
        ("today + 9999 days", dt.date(9999, 1, 1)),
        ("today - 9999 weeks", dt.date(1, 1, 1)),
        ("today + 1 month", dt.date(9999, 12, 31)),
    ],
)
def test_resolve_bound_outside_the_calendar_is_a_date_error(bound: str, today: dt.date) -> None:
    with pytest.raises(DateError):
        resolve_bound(bound, today)


def test_add_months() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 1, 31), 13) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 3, 15), -15) == dt.date(2022, 12, 15)
    assert add_months(dt.date(2024, 3, 15), 0) == dt.date(2024, 3, 15)


def test_years_between() -> None:
    assert years_between(dt.date(1980, 3, 14), TODAY) == 46
    assert years_between(dt.date(1980, 3, 15), TODAY) == 45
    assert years_between(TODAY, TODAY) == 0
    # Born on a leap day: a year older on 1 March in ordinary years.
    assert years_between(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert years_between(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert years_between(dt.date(2008, 2, 29), dt.date(2028, 2, 29)) == 20


# -- typed dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        # ISO reads the same everywhere.
        ("1985-03-14", "US", dt.date(1985, 3, 14)),
        ("1985-03-14", "GB", dt.date(1985, 3, 14)),
        ("1985-03-14", None, dt.date(1985, 3, 14)),
        ("1985-3-4", None, dt.date(1985, 3, 4)),
        ("1985/03/14", None, dt.date(1985, 3, 14)),
        # Numbers: month first in the US, day first elsewhere (and when no region is set).
        ("03/14/1985", "US", dt.date(1985, 3, 14)),
        ("3/4/1985", "US", dt.date(1985, 3, 4)),
        ("3/4/1985", "GB", dt.date(1985, 4, 3)),
        ("3/4/1985", None, dt.date(1985, 4, 3)),
        ("14/03/1985", "GB", dt.date(1985, 3, 14)),
        ("14.03.1985", "DE", dt.date(1985, 3, 14)),
        ("14-03-1985", "MX", dt.date(1985, 3, 14)),
        ("14 03 1985", None, dt.date(1985, 3, 14)),
        ("03/14/1985", "PR", dt.date(1985, 3, 14)),
        # Month names, in either order, abbreviated, with ordinals and commas.
        ("14 March 1985", "US", dt.date(1985, 3, 14)),
        ("14 march 1985", "GB", dt.date(1985, 3, 14)),
        ("March 14, 1985", "GB", dt.date(1985, 3, 14)),
        ("March 14 1985", None, dt.date(1985, 3, 14)),
        ("Mar 14 1985", None, dt.date(1985, 3, 14)),
        ("14 Mar. 1985", None, dt.date(1985, 3, 14)),
        ("14th March 1985", None, dt.date(1985, 3, 14)),
        ("March 1st, 1985", None, dt.date(1985, 3, 1)),
        ("1985 March 14", None, dt.date(1985, 3, 14)),
        ("2nd Feb 1985", None, dt.date(1985, 2, 2)),
        ("3rd Sept 1985", None, dt.date(1985, 9, 3)),
        ("5 SEPTEMBER 1985", None, dt.date(1985, 9, 5)),
        ("29 February 2024", None, dt.date(2024, 2, 29)),
        # Digits of other scripts are read as digits.
        ("١٤/٠٣/١٩٨٥", None, dt.date(1985, 3, 14)),
    ],
)
def test_parse_date(text: str, region: str | None, expected: dt.date) -> None:
    assert parse_date(text, region) == expected


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("31/02/2020", "GB", "not_real_date"),
        ("02/31/2020", "US", "not_real_date"),
        ("14/03/1985", "US", "date_order"),  # month 14: written day first
        ("03/14/1985", "GB", "date_order"),  # month 14: written month first
        ("2021-02-29", None, "not_real_date"),
        ("1985-13-01", None, "not_real_date"),
        ("1985-00-10", None, "not_real_date"),
        ("0 March 1985", None, "not_real_date"),
        ("31 April 1985", None, "not_real_date"),
        ("29 Feb 2023", None, "not_real_date"),
        ("14/03/85", "GB", "two_digit_year"),
        ("3/14/85", "US", "two_digit_year"),
        ("14 March 85", None, "two_digit_year"),
        ("March 14, 85", None, "two_digit_year"),
        ("0085-03-14", None, "two_digit_year"),
        ("14/03/985", None, "not_date"),
        ("0985-03-14", None, "not_date"),
        ("14/3/5", None, "not_date"),
        ("yesterday", None, "not_date"),
        ("March 1985", None, "not_date"),
        ("14 Marchember 1985", None, "not_date"),
        ("1985 March 1985", None, "not_date"),
        ("19850314", None, "not_date"),
        ("14 March 19850", None, "not_date"),
        ("141 March 1985", None, "not_date"),
        ("", None, "not_date"),
        ("   ", None, "not_date"),
        ("1" * 41, None, "not_date"),
        # "²" is a digit to str.isdigit() but not to int(): regression for a ValueError.
        ("² March 1985", None, "not_date"),
        ("March ² 1985", None, "not_date"),
        ("14 March ¹⁹⁸⁵", None, "not_date"),
    ],
)
def test_parse_date_refusals_name_the_message(text: str, region: str | None, code: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, region)
    assert caught.value.code == code


def test_example_follows_the_region_order() -> None:
    assert example("US") == "12/31/1980"
    assert example("GB") == "31/12/1980"
    assert example(None) == "31/12/1980"
    assert parse_date(example("US"), "US") == dt.date(1980, 12, 31)
    assert parse_date(example("FR"), "FR") == dt.date(1980, 12, 31)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=60)
    | st.from_regex(r"[0-9²١]{0,5}[-/. ,][0-9a-z]{0,5}[-/. ,][0-9]{0,5}", fullmatch=True),
    region=st.sampled_from([None, "US", "GB"]),
)
def test_parse_date_raises_only_date_errors(text: str, region: str | None) -> None:
    try:
        parse_date(text, region)
    except DateError as error:
        # Every refusal is one a person is told in words (date_order: 15/06/1990 in the US).
        assert error.code in ("not_date", "not_real_date", "two_digit_year", "date_order")


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1000, 1, 1)), region=st.sampled_from([None, "US", "GB"]))
def test_dates_written_out_read_back(day: dt.date, region: str | None) -> None:
    assert parse_date(day.isoformat(), region) == day
    numeric = day.strftime("%m/%d/%Y" if region == "US" else "%d/%m/%Y")
    assert parse_date(numeric, region) == day
    assert parse_date(f"{day.day} {day.strftime('%B')} {day.year:04d}", region) == day


@settings(max_examples=200, deadline=None)
@given(
    today=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    amount=st.integers(0, 200),
    unit=st.sampled_from(["days", "weeks", "months", "years"]),
    sign=st.sampled_from(["+", "-"]),
)
def test_relative_bounds_move_in_the_right_direction(
    today: dt.date, amount: int, unit: str, sign: str
) -> None:
    bound = resolve_bound(f"today {sign} {amount} {unit}", today)
    if amount == 0:
        assert bound == today
    elif sign == "+":
        assert bound > today
    else:
        assert bound < today


@pytest.mark.parametrize(("region", "shown"), [("US", "03/04/1962"), (None, "04/03/1962")])
def test_a_date_is_shown_again_as_it_is_typed_and_reads_back_the_same(
    region: str | None, shown: str
) -> None:
    """Back on a date of birth showed 1962-03-04, neither what was typed nor the order the
    screen asks for."""
    day = dt.date(1962, 3, 4)
    assert typed(day, region) == shown
    assert parse_date(shown, region) == day
    for year in (1900, 1999, 2024):
        for month, date in ((1, 31), (2, 28), (12, 1)):
            other = dt.date(year, month, date)
            assert parse_date(typed(other, region), region) == other
