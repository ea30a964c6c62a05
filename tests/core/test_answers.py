"""Answer parsing: for every question type, raw input to a typed value and its label, or the
exact message a person sees; special answers; blanks; and a property test that nothing typed or
read from a file makes `parse` raise."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen.core.answers import (
    MAX_RAW_CHARS,
    Accepted,
    Context,
    Empty,
    Rejected,
    Result,
    parse,
)
from prescreen.core.conditions import SpecialValue
from prescreen.core.loading import load_question_set, parse_question_set
from prescreen.core.questionset import (
    Answerable,
    IntegerQuestion,
    Note,
    QuestionSet,
    Repeat,
    Special,
)
from prescreen.core.text import DEFAULT_MESSAGES, clean_input

DEMO = Path(__file__).resolve().parents[2] / "questions" / "demo.yaml"
DEMO_SET, _ = load_question_set(DEMO)
TODAY = dt.date(2026, 3, 14)
EN = Context(DEMO_SET, "en", TODAY)
ES = Context(DEMO_SET, "es", TODAY)


# Ints of more than 4300 digits cannot be turned into text (not even for a test id).
HUGE = pytest.param(10**5000, id="10**5000")
MINUS_HUGE = pytest.param(-(10**5000), id="-10**5000")


def demo(qid: str, raw: Any, ctx: Context = EN) -> Result:
    """Parse `raw` for a question of the demo set."""
    return parse(DEMO_SET.by_id[qid], raw, ctx)  # type: ignore[arg-type]


def make_set(*questions: dict[str, Any], **top: Any) -> QuestionSet:
    """A minimal valid question set holding `questions` in one section."""
    data = {
        "id": "t",
        "version": "1",
        "title": "Test",
        "consent": {"statement": "Agree?"},
        "sections": [{"id": "s", "title": "Section", "questions": list(questions)}],
        **top,
    }
    qs, _ = parse_question_set(data)
    return qs


def ask(question: dict[str, Any], raw: Any, language: str = "en", **top: Any) -> Result:
    """Parse `raw` for `question`, alone in a minimal set built with `top`-level keys."""
    qs = make_set({"id": "q", "text": "Question?", **question}, **top)
    return parse(qs.by_id["q"], raw, Context(qs, language, TODAY))  # type: ignore[arg-type]


def accepted(result: Result) -> Accepted:
    assert isinstance(result, Accepted), result
    return result


def rejected(result: Result) -> str:
    assert isinstance(result, Rejected), result
    return result.message


# -- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Ana Díaz", "Ana Díaz"),
        ("  Ana   Díaz  ", "Ana Díaz"),
        ("Ana\nDíaz", "Ana Díaz"),  # newlines only in long_text
        ("Ana\r\nDíaz", "Ana Díaz"),
        ("Ana\tDíaz", "Ana Díaz"),
        ("Ana\u00a0Díaz", "Ana Díaz"),
        ("Ana\u2028Díaz", "Ana Díaz"),
        ("Jose\u0301", "José"),  # NFC: e + combining acute becomes é
        ("A\x00n\x07a\x7f", "Ana"),  # control characters removed
        ("\x1b[31mAna\x1b[0m", "Ana"),  # ANSI colour sequences removed whole
        ("\x1b[2J\x1b[HAna", "Ana"),  # clear screen, cursor home
        ("\x1b]0;pwned\x07Ana", "Ana"),  # window title (OSC ... BEL)
        ("\x1b]8;;https://evil.example\x1b\\Ana\x1b]8;;\x1b\\", "Ana"),  # hyperlink
        ("\x9b31mAna", "Ana"),  # 8-bit CSI
        ("\u202eAna\u202c", "Ana"),  # bidi override
        ("A\u200bna\ufeff", "Ana"),  # zero-width space, byte order mark
        ("Ana\ud800", "Ana"),  # a lone surrogate cannot be written as UTF-8
        ("👩\u200d⚕️ Ana", "👩\u200d⚕️ Ana"),  # the joiner in emoji sequences is kept
        ("𝒜na 🦋", "𝒜na 🦋"),  # outside the BMP
        ("[b]Ana[/b] [@click=app.quit]x[/]", "[b]Ana[/b] [@click=app.quit]x[/]"),  # kept as text
        (42, "42"),
    ],
)
def test_text_valid(raw: Any, value: str) -> None:
    result = accepted(demo("full_name", raw))
    assert result.value == value
    assert result.label == value
    assert result.warnings == []
    assert unicodedata.is_normalized("NFC", result.value)


def test_text_cleaning_leaves_a_normalised_string() -> None:
    # A removed character between a letter and its accent must not leave a decomposed pair.
    assert accepted(demo("full_name", "e\u200b\u0301")).value == "\u00e9"
    assert accepted(demo("full_name", "e\x1b[0m\u0301")).value == "\u00e9"


def test_text_too_long() -> None:
    assert accepted(demo("full_name", "x" * 120)).value == "x" * 120
    message = "That is too long: please keep it under 120 characters."
    assert rejected(demo("full_name", "x" * 121)) == message
    # Cleaning happens first: removed characters do not count.
    assert accepted(demo("full_name", "x" * 120 + "\x00" * 50 + "   ")).value == "x" * 120


def test_a_one_megabyte_paste_is_refused_with_the_too_long_message() -> None:
    paste = "Lorem ipsum dolor sit amet. " * 40_000
    assert len(paste) > 1_000_000 > MAX_RAW_CHARS
    assert rejected(demo("full_name", paste)) == (
        "That is too long: please keep it under 120 characters."
    )
    assert rejected(demo("goals", paste)) == (
        "That is too long: please keep it under 2000 characters."
    )
    assert rejected(ask({"type": "text"}, paste)) == (
        "That is too long: please keep it under 200 characters."
    )
    # Other types refuse it too, without trying to read it.
    for qid in ("weight", "date_of_birth", "phone", "email", "sex", "symptoms", "activity"):
        assert isinstance(demo(qid, paste), Rejected), qid


@pytest.mark.parametrize("raw", ["", "   ", "\n\t ", None, "\x00", "\x1b[0m", "\u200b\ufeff"])
def test_text_blank_is_empty(raw: Any) -> None:
    assert demo("full_name", raw) == Empty()
    # Blank after cleaning is no answer, even with a min_length constraint.
    assert demo("goals", raw) == Empty()


@pytest.mark.parametrize("raw", [True, False, ["Ana"], {"name": "Ana"}])
def test_text_wrong_kind_of_value(raw: Any) -> None:
    assert rejected(demo("full_name", raw)) == DEFAULT_MESSAGES["pattern"]


def test_text_huge_integer_from_a_file_is_too_long_not_a_crash() -> None:
    # str() of an int with more than 4300 digits raises ValueError: regression.
    message = "That is too long: please keep it under 120 characters."
    assert rejected(demo("full_name", 10**5000)) == message
    assert rejected(demo("goals", -(10**5000))) == (
        "That is too long: please keep it under 2000 characters."
    )


def test_text_pattern_constraint_hard_and_soft() -> None:
    question = {
        "type": "text",
        "constraints": [
            {
                "pattern": "[A-Z]{3}[0-9]{6}",
                "message": "Write the number as on the card: ABC123456.",
            },
            {"max_length": 5, "soft": True, "message": "That is long for a code. Is it right?"},
        ],
    }
    result = accepted(ask(question, " abc123456 ".upper()))
    assert result.value == "ABC123456"
    assert result.warnings == ["That is long for a code. Is it right?"]
    assert rejected(ask(question, "abc123456")) == "Write the number as on the card: ABC123456."
    assert rejected(ask(question, "ABC1234567")) == "Write the number as on the card: ABC123456."


def test_text_min_and_max_length_constraints() -> None:
    question = {
        "type": "text",
        "constraints": [
            {"min_length": 2, "message": "Too short."},
            {"max_length": 4, "message": "Too long for this."},
        ],
    }
    assert rejected(ask(question, "a")) == "Too short."
    assert accepted(ask(question, "ab")).value == "ab"
    assert accepted(ask(question, "abcd")).value == "abcd"
    assert rejected(ask(question, "abcde")) == "Too long for this."


def test_text_special_answers() -> None:
    assert rejected(demo("full_name", Special.PREFER_NOT_TO_SAY)) == (
        "That answer is not available for this question."
    )
    result = accepted(demo("email", Special.PREFER_NOT_TO_SAY))
    assert result.value == SpecialValue("prefer_not_to_say")
    assert isinstance(result.value, SpecialValue)
    assert result.label == "Prefer not to say"
    assert rejected(demo("email", Special.DONT_KNOW)) == (
        "That answer is not available for this question."
    )


# -- long text ----------------------------------------------------------------------------------


def test_long_text_keeps_lines() -> None:
    raw = "  First line.   \r\nSecond\tline.\rThird\u2028fourth\n\n\nEnd.  \n\n"
    result = accepted(demo("goals", raw))
    assert result.value == "First line.\nSecond    line.\nThird\nfourth\n\n\nEnd."
    assert result.label == result.value


def test_long_text_removes_control_characters_and_escapes_but_not_newlines() -> None:
    raw = "\x1b[1mBold\x1b[0m\nline\x00two\x1b]0;title\x07\nthree\x0bfour"
    assert accepted(demo("goals", raw)).value == "Bold\nlinetwo\nthree\nfour"


def test_long_text_constraint_and_length() -> None:
    assert rejected(demo("goals", "ab")) == "Please write a few words."
    assert accepted(demo("goals", "abc")).value == "abc"
    assert accepted(demo("goals", "x" * 2000)).value == "x" * 2000
    assert rejected(demo("goals", "x" * 2001)) == (
        "That is too long: please keep it under 2000 characters."
    )


# -- integer ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2015", 2015),
        (" 2015 ", 2015),
        ("+2015", 2015),
        ("2,015", 2015),  # thousands separator
        ("2 015", 2015),
        ("2015.0", 2015),
        ("2.015e3", 2015),
        (2015, 2015),
        (2015.0, 2015),
        ("٢٠١٥", 2015),  # Arabic-Indic digits
    ],
)
def test_integer_valid(raw: Any, value: int) -> None:
    result = accepted(demo("year_diagnosed", raw))
    assert result.value == value
    assert type(result.value) is int
    assert result.label == str(value)


@pytest.mark.parametrize(
    "raw",
    [
        "twenty",
        "20 15",  # a space that is not a thousands separator
        "2,01,5",
        "0x7df",
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        float("nan"),
        float("inf"),
        float("-inf"),
        True,
        [2015],
        {"year": 2015},
    ],
)
def test_integer_invalid(raw: Any) -> None:
    # The example is the middle of the question's range (1940 to 2100).
    assert rejected(demo("year_diagnosed", raw)) == (
        "Please enter a whole number, for example 2020."
    )


@pytest.mark.parametrize("raw", ["2015.5", "2015,5", 2015.5])  # "2015,5": a decimal comma
def test_integer_with_decimals_is_shown_rounded(raw: Any) -> None:
    assert rejected(demo("year_diagnosed", raw)) == (
        "Please enter a whole number, for example 2016."
    )


def test_a_number_out_of_range_is_told_its_range_before_its_decimals() -> None:
    assert rejected(demo("year_diagnosed", "201.5")) == "Please enter a year such as 2015."
    height = {
        "type": "decimal",
        "unit": "cm",
        "places": 0,
        "constraints": [
            {"min": 60, "max": 250, "message": "From 60 to 250 cm."},
            {"min": 135, "max": 210, "soft": True, "message": "Unusual."},
        ],
    }
    assert rejected(ask(height, "1.62")) == "From 60 to 250 cm."
    assert rejected(ask(height, "162.4")) == "Please enter a whole number, for example 162 cm."
    # The example of the soft range, where answers are expected, before the hard one.
    assert rejected(ask(height, "tall")) == "Please enter a whole number, for example 173 cm."


@pytest.mark.parametrize("raw", ["1e13", "9" * 50, 10**13, HUGE, 1e300, "1e999"])
def test_integer_huge(raw: Any) -> None:
    # Regression: a 5000-digit int raised ValueError in str(); huge numbers now say why.
    assert rejected(demo("year_diagnosed", raw)) == (
        "The number must be at most 1,000,000,000,000."
    )
    assert rejected(ask({"type": "integer"}, raw)) == (
        "The number must be at most 1,000,000,000,000."
    )


@pytest.mark.parametrize("raw", ["-1e13", MINUS_HUGE, -1e300])
def test_integer_huge_negative(raw: Any) -> None:
    assert rejected(ask({"type": "integer"}, raw)) == (
        "The number must be at least -1,000,000,000,000."
    )


def test_integer_constraint_message() -> None:
    assert rejected(demo("year_diagnosed", "1939")) == "Please enter a year such as 2015."
    assert rejected(demo("year_diagnosed", "2101")) == "Please enter a year such as 2015."
    assert accepted(demo("year_diagnosed", "1940")).value == 1940
    assert accepted(demo("year_diagnosed", "2100")).value == 2100


def test_integer_with_unit() -> None:
    question = {"type": "integer", "unit": {"en": "cigarettes", "es": "cigarrillos"}}
    for raw in ("12", "12 cigarettes", "12cigarettes", "12 CIGARETTES"):
        result = accepted(ask(question, raw, languages=["en", "es"]))
        assert (result.value, result.label) == (12, "12 cigarettes")
    result = accepted(ask(question, "12 cigarrillos", language="es", languages=["en", "es"]))
    assert (result.value, result.label) == (12, "12 cigarrillos")
    assert rejected(ask(question, "12 packs", languages=["en", "es"])) == (
        "Please enter a whole number, for example 42 cigarettes."
    )


def test_integer_special_answers_and_blank() -> None:
    question = {"type": "integer", "allow": ["dont_know"]}
    assert accepted(ask(question, Special.DONT_KNOW)).label == "Don't know"
    assert rejected(ask(question, Special.PREFER_NOT_TO_SAY)) == (
        "That answer is not available for this question."
    )
    assert ask(question, "  ") == Empty()
    assert ask(question, None) == Empty()


# -- decimal ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("72.5", 72.5, "72.5 kg"),
        ("72,5", 72.5, "72.5 kg"),  # decimal comma
        ("72.5 kg", 72.5, "72.5 kg"),  # the unit typed after the number
        ("72.5kg", 72.5, "72.5 kg"),
        ("72,5 KG", 72.5, "72.5 kg"),
        ("72.50", 72.5, "72.5 kg"),  # trailing zeros are not extra decimals
        ("72", 72.0, "72 kg"),
        ("72.", 72.0, "72 kg"),
        (" 72.0 ", 72.0, "72 kg"),
        (72.5, 72.5, "72.5 kg"),
        (72, 72.0, "72 kg"),
    ],
)
def test_decimal_valid(raw: Any, value: float, label: str) -> None:
    result = accepted(demo("weight", raw))
    assert (result.value, result.label, result.warnings) == (value, label, [])
    assert type(result.value) is float


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("1,200", 1200.0, "1200"),  # thousands separator
        ("1,200.5", 1200.5, "1200.5"),
        ("1 200", 1200.0, "1200"),
        ("1 200,5", 1200.5, "1200.5"),
        ("1\u00a0200,5", 1200.5, "1200.5"),
        ("12,345,678.25", 12345678.25, "12345678.25"),
        ("-3.5", -3.5, "-3.5"),
        ("\u22123.5", -3.5, "-3.5"),  # a typographic minus sign
        ("- 3.5", -3.5, "-3.5"),
        ("+3.5", 3.5, "3.5"),
        (".5", 0.5, "0.5"),
        ("-0", 0.0, "0"),
        ("1e3", 1000.0, "1000"),
        ("0.00001", 0.00001, "0.00001"),
        ("999999999999.99", 999999999999.99, "999999999999.99"),
        ("1000000000000", 1e12, "1000000000000"),
    ],
)
def test_decimal_numbers(raw: str, value: float, label: str) -> None:
    result = accepted(ask({"type": "decimal", "places": 6}, raw))
    assert (result.value, result.label) == (value, label)


@pytest.mark.parametrize(
    "raw",
    [
        "1.200,5",  # thousands dot with decimal comma: ambiguous, refused
        "1,2,3",
        "1,2345",
        "1 2",  # regression: read as 12 before
        "12 34",
        "72.5 lb",
        "kg",
        "--5",
        "5-",
        "1/2",
        "½",
        "five",
        "nan",
        "NaN",
        "inf",
        "Infinity",
        "-inf",
        float("nan"),
        float("inf"),
        float("-inf"),
        True,
        [72.5],
    ],
)
def test_decimal_invalid(raw: Any) -> None:
    assert rejected(ask({"type": "decimal", "unit": "kg"}, raw)) == (
        "Please enter a number, for example 72.5 kg."
    )


def test_decimal_too_many_decimals() -> None:
    assert rejected(demo("weight", "72.55")) == (
        "Please round to 1 decimal place(s), for example 72.6 kg."
    )
    assert rejected(demo("weight", "72,25")) == (
        "Please round to 1 decimal place(s), for example 72.3 kg."
    )
    assert rejected(ask({"type": "decimal"}, "1.005")) == (
        "Please round to 2 decimal place(s), for example 1.01."
    )
    # Counted exactly, even past the 28 digits of decimal arithmetic: regression.
    assert rejected(ask({"type": "decimal", "places": 1}, "1." + "0" * 30 + "1")) == (
        "Please round to 1 decimal place(s), for example 1.0."
    )
    # A question that allows no decimals asks for a whole number.
    assert rejected(ask({"type": "decimal", "places": 0}, "1.5")) == (
        "Please enter a whole number, for example 2."
    )


def test_decimal_places_message_can_be_reworded() -> None:
    messages = {"too_many_decimals": "Round to {places} place(s), like {example}."}
    assert rejected(ask({"type": "decimal", "places": 1}, "1.25", messages=messages)) == (
        "Round to 1 place(s), like 1.3."
    )


@pytest.mark.parametrize("raw", ["1e13", "1e999", 1e300, HUGE, "-1e13"])
def test_decimal_huge(raw: Any) -> None:
    message = rejected(ask({"type": "decimal"}, raw))
    assert message in (
        "The number must be at most 1,000,000,000,000.",
        "The number must be at least -1,000,000,000,000.",
    )


def test_decimal_hard_and_soft_constraints() -> None:
    hard = "Please enter a weight between 20 and 350 kg."
    soft = "That weight is unusual. Please check it and confirm if it is right."
    assert rejected(demo("weight", "19.9")) == hard
    assert rejected(demo("weight", "350.1")) == hard
    assert rejected(demo("weight", "1,200")) == hard
    assert accepted(demo("weight", "20")).warnings == [soft]
    assert accepted(demo("weight", "34.9")).warnings == [soft]
    assert accepted(demo("weight", "35")).warnings == []
    assert accepted(demo("weight", "200")).warnings == []
    result = accepted(demo("weight", "250 kg"))
    assert (result.value, result.label, result.warnings) == (250.0, "250 kg", [soft])


def test_several_soft_warnings_are_all_given() -> None:
    question = {
        "type": "decimal",
        "constraints": [
            {"min": 10, "soft": True, "message": "Low."},
            {"max": 5, "soft": True, "message": "Odd."},
        ],
    }
    assert accepted(ask(question, "7")).warnings == ["Low.", "Odd."]
    assert accepted(ask(question, "12")).warnings == ["Odd."]


def test_decimal_constraint_message_in_the_interview_language() -> None:
    question = {
        "type": "decimal",
        "constraints": [{"max": 10, "message": {"en": "At most 10.", "es": "Como máximo 10."}}],
    }
    top = {"languages": ["en", "es"]}
    assert rejected(ask(question, "11", **top)) == "At most 10."
    assert rejected(ask(question, "11", language="es", **top)) == "Como máximo 10."
    # A language the text lacks falls back to the default language.
    question["constraints"] = [{"max": 10, "message": {"en": "At most 10."}}]
    assert rejected(ask(question, "11", language="es", **top)) == "At most 10."


# -- date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "1985-03-14",
        "03/14/1985",  # the demo's region is US: month first
        "3/14/1985",
        "14 March 1985",
        "March 14, 1985",
        "Mar 14 1985",
        "14th Mar. 1985",
        "  1985-03-14\n",
        dt.date(1985, 3, 14),
        dt.datetime(1985, 3, 14, 12, 0),
    ],
)
def test_date_valid(raw: Any) -> None:
    result = accepted(demo("date_of_birth", raw))
    assert result.value == dt.date(1985, 3, 14)
    assert result.label == "14 March 1985"  # in words: how it was read, whatever was typed


def test_a_date_reads_back_in_words_in_the_persons_language() -> None:
    """03/04/1985 in the US is the 4th of March: the label says so in words, so a person who
    meant the 3rd of April sees it at the review."""
    assert accepted(ask({"type": "date"}, "03/04/1985", region="US")).label == "4 March 1985"
    result = parse(DEMO_SET.by_id["date_of_birth"], "03/04/1985", ES)  # type: ignore[arg-type]
    assert accepted(result).label == "4 de marzo de 1985"


@pytest.mark.parametrize(
    ("raw", "context"),
    [
        ("4 de marzo de 1985", "es"),
        ("4 marzo 1985", "es"),
        ("4 mar. 1985", "es"),
        ("marzo 4 1985", "es"),
        ("4 March 1985", "es"),  # English month names are read in any language
        ("4th of March 1985", "en"),
    ],
)
def test_a_date_in_words_in_the_persons_language(raw: str, context: str) -> None:
    ctx = ES if context == "es" else EN
    result = parse(DEMO_SET.by_id["date_of_birth"], raw, ctx)  # type: ignore[arg-type]
    assert accepted(result).value == dt.date(1985, 3, 4)


def test_month_names_that_are_not_twelve_are_a_load_error() -> None:
    from prescreen.core.problems import QuestionSetError

    with pytest.raises(QuestionSetError) as caught:
        make_set({"id": "q", "text": "Q?", "type": "date"}, messages={"months": "Jan, Feb"})
    assert "the twelve month names, January first, separated by commas; this has 2" in (
        "\n".join(caught.value.lines())
    )


def test_date_order_follows_the_region() -> None:
    us = {"type": "date"}
    assert accepted(ask(us, "03/04/1985", region="US")).value == dt.date(1985, 3, 4)
    assert accepted(ask(us, "03/04/1985", region="GB")).value == dt.date(1985, 4, 3)
    assert accepted(ask(us, "03/04/1985")).value == dt.date(1985, 4, 3)  # no region: day first
    assert rejected(ask(us, "14/03/1985", region="US")) == (
        "Please write the date in the order month/day/year, for example 12/31/1980."
    )
    assert rejected(ask(us, "03/14/1985", region="GB")) == (
        "Please write the date in the order day/month/year, for example 31/12/1980."
    )
    # The order in the person's language, as the rest of the message is.
    spanish = {
        "date_order": {"en": "In the order {order}.", "es": "En el orden {order}."},
        "month_day_year": {"en": "month/day/year", "es": "mes/día/año"},
    }
    es = ask(us, "14/03/1985", "es", region="US", languages=["en", "es"], messages=spanish)
    assert rejected(es) == "En el orden mes/día/año."


@pytest.mark.parametrize(
    ("raw", "region", "message"),
    [
        ("31/02/2020", "GB", "That date does not exist. Please check the day and month."),
        ("02/31/2020", "US", "That date does not exist. Please check the day and month."),
        ("2023-02-29", None, "That date does not exist. Please check the day and month."),
        ("14/03/85", "GB", "Please write the year in full, for example 1980."),
        ("03/14/85", "US", "Please write the year in full, for example 1980."),
        ("14 March 85", None, "Please write the year in full, for example 1980."),
        ("yesterday", "US", "Please enter a date such as 12/31/1980."),
        ("yesterday", "GB", "Please enter a date such as 31/12/1980."),
        ("yesterday", None, "Please enter a date such as 31/12/1980."),
        ("1985", None, "Please enter a date such as 31/12/1980."),
        ("² March 1985", None, "Please enter a date such as 31/12/1980."),  # was ValueError
        (19850314, None, "Please enter a date such as 31/12/1980."),
        (True, None, "Please enter a date such as 31/12/1980."),
        (["1985-03-14"], None, "Please enter a date such as 31/12/1980."),
    ],
)
def test_date_invalid(raw: Any, region: str | None, message: str) -> None:
    top = {"region": region} if region else {}
    assert rejected(ask({"type": "date"}, raw, **top)) == message


def test_date_relative_bounds() -> None:
    message = "Please enter a date of birth in the past 120 years."
    assert accepted(demo("date_of_birth", "2026-03-14")).value == TODAY  # max: today
    assert rejected(demo("date_of_birth", "2026-03-15")) == message
    assert accepted(demo("date_of_birth", "1906-03-14")).value == dt.date(1906, 3, 14)
    assert rejected(demo("date_of_birth", "1906-03-13")) == message  # min: today - 120 years
    # The bounds move with the context's today.
    later = Context(DEMO_SET, "en", dt.date(2030, 1, 1))
    assert accepted(demo("date_of_birth", "2026-03-15", later)).value == dt.date(2026, 3, 15)
    assert rejected(demo("date_of_birth", "1906-03-14", later)) == message


def test_date_relative_bounds_on_a_leap_day() -> None:
    question = {
        "type": "date",
        "constraints": [{"min": "today - 18 years", "message": "Under 18."}],
    }
    qs = make_set({"id": "q", "text": "Born?", **question})
    leap_day = Context(qs, "en", dt.date(2024, 2, 29))
    q = qs.by_id["q"]
    # 18 years before 29 February 2024 is 28 February 2006 (2006 has no leap day).
    assert accepted(parse(q, "2006-02-28", leap_day)).value == dt.date(2006, 2, 28)  # type: ignore[arg-type]
    assert rejected(parse(q, "2006-02-27", leap_day)) == "Under 18."  # type: ignore[arg-type]


def test_date_soft_bound_in_months() -> None:
    question = {
        "type": "date",
        "constraints": [
            {"max": "today + 1 year", "message": "Too far ahead."},
            {"max": "today + 6 months", "soft": True, "message": "More than 6 months ahead?"},
            {"min": "2000-01-01", "message": "From 2000 only."},
        ],
    }
    assert accepted(ask(question, "2026-09-14")).warnings == []
    assert accepted(ask(question, "2026-09-15")).warnings == ["More than 6 months ahead?"]
    assert rejected(ask(question, "2027-03-15")) == "Too far ahead."
    assert rejected(ask(question, "1999-12-31")) == "From 2000 only."


def test_a_date_bound_that_leaves_the_calendar_is_ignored_not_raised() -> None:
    # Checked at load time (today + 7000 years is in 9026), but on a later today it would
    # overflow: regression for a DateError escaping `parse`.
    qs = make_set(
        {
            "id": "q",
            "type": "date",
            "text": "When?",
            "constraints": [{"max": "today + 7000 years", "message": "Too late."}],
        }
    )
    far = Context(qs, "en", dt.date(3500, 1, 1))
    assert accepted(parse(qs.by_id["q"], "2100-01-01", far)).warnings == []  # type: ignore[arg-type]


def test_date_special_and_blank() -> None:
    assert rejected(demo("date_of_birth", Special.DONT_KNOW)) == (
        "That answer is not available for this question."
    )
    assert demo("date_of_birth", "") == Empty()
    assert demo("date_of_birth", " \x00 ") == Empty()


# -- yes / no -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("yes", True, "Yes"),
        ("Yes", True, "Yes"),
        (" YES ", True, "Yes"),
        ("y", True, "Yes"),
        ("true", True, "Yes"),
        ("1", True, "Yes"),
        (True, True, "Yes"),
        ("no", False, "No"),
        ("No", False, "No"),
        ("n", False, "No"),
        ("false", False, "No"),
        ("0", False, "No"),
        (False, False, "No"),
    ],
)
def test_yes_no_valid(raw: Any, value: bool, label: str) -> None:
    result = accepted(demo("sudden_symptoms", raw))
    assert (result.value, result.label) == (value, label)


@pytest.mark.parametrize("raw", ["maybe", "yes no", "2", 1, 0, ["yes"], "sí"])
def test_yes_no_invalid(raw: Any) -> None:
    assert rejected(demo("sudden_symptoms", raw)) == "Please answer yes or no."


def test_yes_no_in_another_language() -> None:
    messages = {"yes": {"en": "Yes", "es": "Sí"}, "no": {"en": "No", "es": "No"}}
    question = {"type": "yes_no", "text": {"en": "Q?", "es": "¿P?"}}
    top = {"languages": ["en", "es"], "messages": messages}
    result = accepted(ask(question, "sí", language="es", **top))
    assert (result.value, result.label) == (True, "Sí")
    result = accepted(ask(question, "yes", language="es", **top))
    assert (result.value, result.label) == (True, "Sí")
    top["messages"] = {**messages, "not_yes_no": {"en": "Yes or no?", "es": "¿Sí o no?"}}
    assert rejected(ask(question, "quizás", language="es", **top)) == "¿Sí o no?"
    assert rejected(ask(question, "maybe", **top)) == "Yes or no?"


def test_yes_no_special_answers() -> None:
    result = accepted(demo("diagnosed", Special.DONT_KNOW))
    assert (result.value, result.label) == (SpecialValue("dont_know"), "Don't know")
    assert rejected(demo("diagnosed", Special.PREFER_NOT_TO_SAY)) == (
        "That answer is not available for this question."
    )
    assert accepted(demo("pregnant", Special.PREFER_NOT_TO_SAY)).label == "Prefer not to say"
    assert demo("diagnosed", "  ") == Empty()


# -- single choice ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["female", "Female", "FEMALE", " female ", "Fe\u200bmale"])
def test_single_choice_valid(raw: str) -> None:
    result = accepted(demo("sex", raw))
    assert (result.value, result.label) == ("female", "Female")


def test_single_choice_label_in_the_interview_language() -> None:
    result = accepted(demo("sex", "Femenino", ES))
    assert (result.value, result.label) == ("female", "Femenino")
    result = accepted(demo("sex", "female", ES))
    assert result.label == "Femenino"
    # An option without a Spanish label falls back to English.
    assert accepted(demo("sex", "intersex", ES)).label == "Intersex"


@pytest.mark.parametrize("raw", ["other", "fem", 1, True, ["female"], {"female": 1}, "x" * 5000])
def test_single_choice_invalid(raw: Any) -> None:
    assert rejected(demo("sex", raw)) == "Please choose one of the options."


def test_single_choice_special_and_blank() -> None:
    result = accepted(demo("sex", Special.PREFER_NOT_TO_SAY))
    assert (result.value, result.label) == (SpecialValue("prefer_not_to_say"), "Prefer not to say")
    assert rejected(demo("sex", Special.DONT_KNOW)) == (
        "That answer is not available for this question."
    )
    assert demo("sex", "") == Empty()


def test_single_choice_from_a_choice_list() -> None:
    lists = {"agree": [{"value": "yes", "label": "Agree"}, {"value": "no", "label": "Disagree"}]}
    result = accepted(
        ask({"type": "single_choice", "choices": "agree"}, "Disagree", choice_lists=lists)
    )
    assert (result.value, result.label) == ("no", "Disagree")


# -- multiple choice ----------------------------------------------------------------------------


def test_multiple_choice_valid() -> None:
    result = accepted(demo("symptoms", ["fatigue", "fever"]))
    assert (result.value, result.label) == (["fatigue", "fever"], "Tiredness; Fever")
    # Options come back in the question's order, once each, by value or label.
    result = accepted(demo("symptoms", ["Fever", "fatigue", "fever", "FATIGUE"]))
    assert result.value == ["fatigue", "fever"]
    result = accepted(demo("symptoms", "joint pain, fatigue"))  # typed, comma separated
    assert (result.value, result.label) == (["fatigue", "joint_pain"], "Tiredness; Joint pain")
    result = accepted(demo("symptoms", ("rash",)))
    assert result.value == ["rash"]
    result = accepted(demo("symptoms", ["fever"], ES))
    assert result.label == "Fever"  # no Spanish label: English
    assert accepted(demo("symptoms", ["fatigue"], ES)).label == "Cansancio"


def test_multiple_choice_exclusive_option() -> None:
    result = accepted(demo("symptoms", ["none"]))
    assert (result.value, result.label) == (["none"], "None of these")
    assert rejected(demo("symptoms", ["none", "fever"])) == (
        "\u201cNone of these\u201d cannot be chosen together with other options."
    )
    assert rejected(demo("symptoms", "fever, None of these")) == (
        "\u201cNone of these\u201d cannot be chosen together with other options."
    )


def test_multiple_choice_min_and_max_selected() -> None:
    question = {
        "type": "multiple_choice",
        "min_selected": 2,
        "max_selected": 3,
        "choices": [
            {"value": "a", "label": "A"},
            {"value": "b", "label": "B"},
            {"value": "c", "label": "C"},
            {"value": "d", "label": "D"},
            {"value": "none", "label": "None of these", "exclusive": True},
        ],
    }
    assert rejected(ask(question, ["a"])) == "Please choose at least 2."
    assert accepted(ask(question, ["a", "b"])).value == ["a", "b"]
    assert accepted(ask(question, ["a", "b", "c"])).value == ["a", "b", "c"]
    assert rejected(ask(question, ["a", "b", "c", "d"])) == "Please choose at most 3."
    # Duplicates count once.
    assert rejected(ask(question, ["a", "a"])) == "Please choose at least 2."
    # The exclusive option alone is allowed whatever min_selected says.
    assert accepted(ask(question, ["none"])).value == ["none"]


def test_multiple_choice_label_with_a_comma() -> None:
    question = {
        "type": "multiple_choice",
        "choices": [
            {"value": "pain", "label": "Pain, swelling"},
            {"value": "rash", "label": "Rash"},
        ],
    }
    assert accepted(ask(question, "Pain, swelling")).value == ["pain"]
    assert accepted(ask(question, "rash, pain")).value == ["pain", "rash"]


@pytest.mark.parametrize(
    "raw",
    [
        ["bogus"],
        ["fever", "bogus"],
        "fever, bogus",
        [1],
        [None],
        [["fever"]],
        [{}] * 7,  # regression: TypeError (unhashable) when more items than options
        {"fever": True},
        7,
        True,
    ],
)
def test_multiple_choice_invalid(raw: Any) -> None:
    assert rejected(demo("symptoms", raw)) == "Please choose one of the options."


@pytest.mark.parametrize("raw", ["", ",", " , ,", [], [""], ["  ", ""], ()])
def test_multiple_choice_blank_is_empty(raw: Any) -> None:
    assert demo("symptoms", raw) == Empty()


def test_multiple_choice_min_selected_message_when_required() -> None:
    # min_selected 1 in the demo: one option is enough, zero is "no answer" (Empty).
    assert accepted(demo("symptoms", ["rash"])).value == ["rash"]
    assert demo("symptoms", []) == Empty()


def test_multiple_choice_special() -> None:
    assert rejected(demo("symptoms", Special.DONT_KNOW)) == (
        "That answer is not available for this question."
    )


# -- scale --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("0", 0, "0 (Quiet)"),
        ("5", 5, "5"),
        (" 7 ", 7, "7"),
        (7, 7, "7"),
        (7.0, 7, "7"),
        ("10", 10, "10 (Worst ever)"),
        ("10.0", 10, "10 (Worst ever)"),
    ],
)
def test_scale_valid(raw: Any, value: int, label: str) -> None:
    result = accepted(demo("activity", raw))
    assert (result.value, result.label) == (value, label)


def test_scale_anchor_in_the_interview_language() -> None:
    assert accepted(demo("activity", "10", ES)).label == "10 (Peor que nunca)"


@pytest.mark.parametrize(
    "raw", ["11", "-1", "5.5", "five", "nan", "inf", "1e99", True, [5], HUGE, float("nan")]
)
def test_scale_invalid(raw: Any) -> None:
    assert rejected(demo("activity", raw)) == "Please choose a number from 0 to 10."


def test_scale_other_range() -> None:
    question = {"type": "scale", "min": 1, "max": 5, "anchors": {1: "Never", 5: "Always"}}
    assert accepted(ask(question, "1")).label == "1 (Never)"
    assert accepted(ask(question, "3")).label == "3"
    assert rejected(ask(question, "0")) == "Please choose a number from 1 to 5."
    assert ask(question, "") == Empty()


# -- phone --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("(201) 555-0123", "+12015550123", "+1 201-555-0123"),
        ("201.555.0123", "+12015550123", "+1 201-555-0123"),
        ("201 555 0123", "+12015550123", "+1 201-555-0123"),
        ("+1 201 555 0123", "+12015550123", "+1 201-555-0123"),
        ("1-201-555-0123", "+12015550123", "+1 201-555-0123"),
        ("+12015550123", "+12015550123", "+1 201-555-0123"),  # as stored: reads back
        (2015550123, "+12015550123", "+1 201-555-0123"),
        ("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958"),
    ],
)
def test_phone_valid(raw: Any, value: str, label: str) -> None:
    result = accepted(demo("phone", raw))
    assert (result.value, result.label) == (value, label)


@pytest.mark.parametrize("raw", ["12345", "555-0123", "call me", "+1 000 000 0000", "0" * 39])
def test_phone_invalid_shows_a_national_example(raw: str) -> None:
    assert rejected(demo("phone", raw)) == (
        "Please enter a phone number with its area code, for example (201) 555-0123."
    )


def test_phone_without_a_region_needs_the_country_code() -> None:
    result = accepted(ask({"type": "phone"}, "+1 201 555 0123"))
    assert result.value == "+12015550123"
    assert rejected(ask({"type": "phone"}, "201 555 0123")) == (
        "Please enter a phone number with its area code, for example +1 201-555-0123."
    )
    assert rejected(ask({"type": "phone"}, "0" * 41)) == (
        "That is too long: please keep it under 40 characters."
    )


def test_phone_region_changes_the_reading() -> None:
    result = accepted(ask({"type": "phone"}, "020 7946 0958", region="GB"))
    assert (result.value, result.label) == ("+442079460958", "+44 20 7946 0958")


def test_phone_special_and_blank() -> None:
    assert rejected(demo("phone", Special.PREFER_NOT_TO_SAY)) == (
        "That answer is not available for this question."
    )
    assert demo("phone", "   ") == Empty()


# -- email --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("ana@example.com", "ana@example.com"),
        ("  Ana.Diaz+lupus@Example.COM ", "Ana.Diaz+lupus@example.com"),  # domain lowercased
        ("Ana Díaz <ana@example.com>", "ana@example.com"),
        ("ana@exämple.com", "ana@exämple.com"),
    ],
)
def test_email_valid(raw: str, value: str) -> None:
    result = accepted(demo("email", raw))
    assert (result.value, result.label) == (value, value)


@pytest.mark.parametrize(
    "raw", ["ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "ana @ example", 5]
)
def test_email_invalid(raw: Any) -> None:
    assert rejected(demo("email", raw)) == (
        "Please enter an email address such as name@example.com."
    )


def test_email_too_long() -> None:
    assert rejected(demo("email", "a" * 250 + "@example.com")) == (
        "That is too long: please keep it under 254 characters."
    )


# -- grid ---------------------------------------------------------------------------------------


def test_grid_valid() -> None:
    result = accepted(demo("severity", {"tiredness": "moderate", "pain": "Mild", "skin": " NONE "}))
    assert result.value == {"tiredness": "moderate", "pain": "mild", "skin": "none"}
    assert result.label == "Tiredness: Moderate; Joint pain: Mild; Skin problems: None"
    result = accepted(demo("severity", {"skin": "severe", "tiredness": "none", "pain": "none"}, ES))
    assert result.label == "Tiredness: Nada; Joint pain: Nada; Skin problems: Grave"


def test_grid_required_means_every_row() -> None:
    assert rejected(demo("severity", {"tiredness": "mild"})) == (
        "Please answer every row: Joint pain, Skin problems."
    )
    assert rejected(demo("severity", {"tiredness": "mild", "pain": "", "skin": None})) == (
        "Please answer every row: Joint pain, Skin problems."
    )


def test_grid_optional_may_leave_rows() -> None:
    question = {
        "type": "grid",
        "items": [{"id": "a", "text": "Row A"}, {"id": "b", "text": "Row B"}],
        "choices": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}],
    }
    result = accepted(ask(question, {"b": "y"}))
    assert (result.value, result.label) == ({"b": "y"}, "Row B: Y")


def test_grid_row_error_names_the_row() -> None:
    # Regression: this read "Row Tiredness, : Please choose one of the options."
    assert rejected(demo("severity", {"tiredness": "awful", "pain": "mild", "skin": "none"})) == (
        "Tiredness: Please choose one of the options."
    )
    assert rejected(demo("severity", {"tiredness": "mild", "pain": 3, "skin": "none"})) == (
        "Joint pain: Please choose one of the options."
    )


@pytest.mark.parametrize("raw", [{"elbows": "mild"}, "mild", ["mild", "mild", "mild"], 3, True])
def test_grid_invalid(raw: Any) -> None:
    assert rejected(demo("severity", raw)) == "Please choose one of the options."


@pytest.mark.parametrize("raw", [{}, {"tiredness": ""}, {"tiredness": None, "pain": "  "}, None])
def test_grid_blank_is_empty(raw: Any) -> None:
    assert demo("severity", raw) == Empty()


def test_grid_special() -> None:
    assert rejected(demo("severity", Special.DONT_KNOW)) == (
        "That answer is not available for this question."
    )


# -- repeat -------------------------------------------------------------------------------------

ROW = {"name": "Hydroxychloroquine", "dose": "200 mg", "frequency": "daily", "since": "2016-05-01"}


def test_repeat_valid() -> None:
    result = accepted(demo("medications", [ROW]))
    assert result.value == [
        {
            "name": "Hydroxychloroquine",
            "dose": "200 mg",
            "frequency": "daily",
            "since": dt.date(2016, 5, 1),
        }
    ]
    assert result.label == (
        "Hydroxychloroquine (Dose: 200 mg, How often: Every day, Since when: 1 May 2016)"
    )


def test_repeat_rows_are_parsed_like_questions() -> None:
    rows = [
        {"name": "  Prednisone\x1b[0m ", "frequency": "Every week"},
        {"name": "Belimumab", "since": "March 3, 2024"},
    ]
    result = accepted(demo("medications", rows))
    assert result.value == [
        {"name": "Prednisone", "frequency": "weekly"},
        {"name": "Belimumab", "since": dt.date(2024, 3, 3)},
    ]
    assert result.label == (
        "Prednisone (How often: Every week); Belimumab (Since when: 3 March 2024)"
    )


def test_repeat_empty_rows_are_dropped() -> None:
    rows = [{}, ROW, {"name": "  ", "dose": ""}, {"name": None}, {"name": "\x00\x1b[0m"}]
    result = accepted(demo("medications", rows))
    assert len(result.value) == 1
    assert result.value[0]["name"] == "Hydroxychloroquine"


@pytest.mark.parametrize("raw", [[], [{}], [{}, {"name": ""}], [{"name": "\x00"}], ()])
def test_repeat_only_blank_rows_is_empty(raw: Any) -> None:
    assert demo("medications", raw) == Empty()


def test_repeat_row_errors_name_the_row_and_field() -> None:
    assert rejected(demo("medications", [ROW, {"name": "X", "frequency": "hourly"}])) == (
        "Row 2, How often: Please choose one of the options."
    )
    assert rejected(demo("medications", [{"name": "X", "since": "2026-03-15"}])) == (
        "Row 1, Since when: This date cannot be in the future."
    )
    assert rejected(demo("medications", [{"name": "X", "since": "02/31/2020"}])) == (
        "Row 1, Since when: That date does not exist. Please check the day and month."
    )
    # Row numbers count the rows as shown, blank ones included.
    assert rejected(demo("medications", [{}, {"name": "X", "since": "soon"}])) == (
        "Row 2, Since when: Please enter a date such as 12/31/1980."
    )


def test_repeat_required_field() -> None:
    # Regression: a row without its required field was accepted.
    assert rejected(demo("medications", [ROW, {"dose": "5 mg", "frequency": "daily"}])) == (
        "Row 2, Medicine: Please answer this question."
    )


def test_repeat_number_of_rows() -> None:
    rows = [{"name": f"Medicine {i}"} for i in range(21)]
    assert rejected(demo("medications", rows)) == "Please add no more than 20."
    assert accepted(demo("medications", rows[:20])).value[19] == {"name": "Medicine 19"}
    assert rejected(demo("medications", rows * 10)) == "Please add no more than 20."
    question = {
        "type": "repeat",
        "min_items": 2,
        "fields": [{"id": "name", "type": "text", "text": "Name"}],
    }
    assert rejected(ask(question, [{"name": "a"}])) == "Please add at least 2."
    assert accepted(ask(question, [{"name": "a"}, {}, {"name": "b"}])).value == [
        {"name": "a"},
        {"name": "b"},
    ]


def test_repeat_unreadable() -> None:
    # Regression: a value that is not a list said "Please add no more than 20."
    assert rejected(demo("medications", "Prednisone")) == DEFAULT_MESSAGES["pattern"]
    assert rejected(demo("medications", {"name": "Prednisone"})) == DEFAULT_MESSAGES["pattern"]
    assert rejected(demo("medications", [ROW, "Prednisone"])) == (
        "Row 2 could not be read. Please check it."
    )


def test_repeat_special() -> None:
    assert rejected(demo("medications", Special.DONT_KNOW)) == (
        "That answer is not available for this question."
    )
    assert rejected(demo("medications", [{"name": Special.DONT_KNOW}])) == (
        "Row 1, Medicine: That answer is not available for this question."
    )


# -- messages -----------------------------------------------------------------------------------


def test_built_in_messages_can_be_reworded_per_language() -> None:
    messages = {
        "not_integer": {"en": "Whole numbers only.", "es": "Solo números enteros."},
        "too_long": "Keep it under {limit}, please.",
    }
    top = {"languages": ["en", "es"], "messages": messages}
    question = {"type": "integer", "text": {"en": "N?", "es": "¿N?"}}
    assert rejected(ask(question, "x", **top)) == "Whole numbers only."
    assert rejected(ask(question, "x", language="es", **top)) == "Solo números enteros."
    assert rejected(ask({"type": "text", "max_length": 3}, "abcd", **top)) == (
        "Keep it under 3, please."
    )


def test_every_message_used_is_a_known_message() -> None:
    # Every message the parsers can give has built-in wording.
    assert {"grid_row_problem", "row_unreadable", "row_problem", "too_long"} <= set(
        DEFAULT_MESSAGES
    )


# -- reading back what was stored ---------------------------------------------------------------

VALID = {
    "full_name": "Ana Díaz",
    "date_of_birth": "1985-03-14",
    "guardian_consent": "yes",
    "phone": "(201) 555-0123",
    "email": "ana@example.com",
    "sex": "female",
    "pregnant": "no",
    "weight": "62.5 kg",
    "diagnosed": "yes",
    "year_diagnosed": "2015",
    "kidney": "yes",
    "symptoms": "fatigue, joint pain",
    "severity": {"tiredness": "moderate", "pain": "mild", "skin": "none"},
    "activity": "6",
    "sudden_symptoms": "no",
    "medications": [ROW, {"name": "Prednisone", "dose": "5 mg"}],
    "goals": "Fewer flares.\nLess tiredness.",
    "contact_time": "Morning",
}


def _to_json(value: Any) -> Any:
    """A typed value as a draft or application file holds it."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


@pytest.mark.parametrize(("qid", "raw"), sorted(VALID.items()))
def test_a_stored_value_reads_back_the_same(qid: str, raw: Any) -> None:
    first = accepted(demo(qid, raw))
    again = accepted(demo(qid, _to_json(first.value)))
    assert (again.value, again.label) == (first.value, first.label)


def test_every_answerable_demo_question_has_a_valid_example() -> None:
    assert set(VALID) == {q.id for q in DEMO_SET.questions if q.type != "note"}


# -- never raises -------------------------------------------------------------------------------

NASTY = [
    "\x00",
    "\x1b",
    "\x1b[",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x9b",
    "\x9d",
    "\u202e",
    "\u200d",
    "\ufeff",
    "[/]",
    "[@click=app.quit]x[/]",
    "[bold red]",
    "\\[",
    "{",
    "{age}",
    "%s",
    "\r\n",
    "\u2028",
    "𝒜",
    "😀",
    "👩\u200d⚕️",
    "²",
    "١",
    ",",
    ".",
    "-",
    "\u2212",
    "e",
    "kg",
    "nan",
    "inf",
    "today",
    "yes",
    "none",
    "fever",
    "Female",
    "+1",
    "@",
    "/",
    "March",
    "1985",
    "31",
    "0",
    "9" * 30,
]

texts = (
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80)
    | st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=12).map("".join)
    | st.from_regex(r"[-+\u2212 ]?[0-9 ,.]{0,20}([eE][-+]?[0-9]{1,4})?( ?kg)?", fullmatch=True)
    | st.from_regex(r"[0-9]{1,4}[-/. ][0-9]{1,2}[-/. ][0-9]{1,4}", fullmatch=True)
    | st.builds(
        lambda c, n: c * n, st.sampled_from(["x", "\x1b[0m", "é", "9", " "]), st.integers(0, 3000)
    )
    | st.sampled_from(["x" * 1_000_001, "\x1b" * (MAX_RAW_CHARS + 1), "9" * MAX_RAW_CHARS])
)
KEYS = sorted(
    {"name", "dose", "frequency", "since", "tiredness", "pain", "skin"}
    | {c.value for q in DEMO_SET.questions for c in getattr(q, "choices", [])}
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.builds(
        lambda sign, digits: sign * 10**digits,
        st.sampled_from([1, -1]),
        st.sampled_from([12, 19, 300, 5000]),
    )
    | st.floats()
    | texts
    | st.sampled_from(list(Special)),
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=20,
)
QUESTIONS: list[Answerable] = [q for q in DEMO_SET.questions if not isinstance(q, Note)] + [
    f for q in DEMO_SET.questions if isinstance(q, Repeat) for f in q.fields
]
CONTEXTS = [EN, ES, Context(DEMO_SET, "en", dt.date(2024, 2, 29))]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _check(result: Result) -> None:
    assert isinstance(result, Accepted | Rejected | Empty)
    if isinstance(result, Rejected):
        assert isinstance(result.message, str)
        assert result.message
    if isinstance(result, Accepted):
        assert isinstance(result.label, str)
        assert all(isinstance(w, str) for w in result.warnings)
        for text in [*_strings(result.value), result.label]:
            bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs")]
            assert set(bad) <= {"\n", "\t", "\u200d", "\u200c"}, (text, bad)
            text.encode("utf-8")  # writable to a UTF-8 file
        json.dumps(_to_json(result.value))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    question=st.sampled_from(QUESTIONS),
    raw=texts,
    ctx=st.sampled_from(CONTEXTS),
)
def test_parse_never_raises_on_text(question: Answerable, raw: str, ctx: Context) -> None:
    result = parse(question, raw, ctx)
    _check(result)
    if isinstance(result, Accepted) and isinstance(result.value, str):
        assert result.value == clean_input(result.value, multiline=question.type == "long_text")
        assert "\x1b" not in result.value


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(question=st.sampled_from(QUESTIONS), raw=json_values, ctx=st.sampled_from(CONTEXTS))
def test_parse_never_raises_on_file_values(question: Answerable, raw: Any, ctx: Context) -> None:
    _check(parse(question, raw, ctx))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.sampled_from(QUESTIONS), raw=texts | json_values, ctx=st.sampled_from(CONTEXTS))
def test_an_accepted_value_reads_back_the_same(
    question: Answerable, raw: Any, ctx: Context
) -> None:
    first = parse(question, raw, ctx)
    if isinstance(first, Accepted) and not isinstance(first.value, SpecialValue):
        again = parse(question, _to_json(first.value), ctx)
        assert isinstance(again, Accepted), again
        assert (again.value, again.label) == (first.value, first.label)


@pytest.mark.parametrize(
    ("raw", "ok"), [(2026, True), (1926, True), (1925, False), (2027, False), (2015, True)]
)
def test_year_bounds_follow_the_year_of_the_interview(raw: int, ok: bool) -> None:
    year = {
        "type": "integer",
        "constraints": [
            {"min": "this year - 100", "max": "this year", "message": "Not a year we expect."}
        ],
    }
    result = ask(year, raw)  # TODAY is in 2026
    if ok:
        assert accepted(result).value == raw
    else:
        assert rejected(result) == "Not a year we expect."


@pytest.mark.parametrize(
    ("question", "bound", "expected"),
    [
        ("integer", "this yaer", "is not a number or a year such as 'this year'"),
        ("decimal", "this year", "this bound must be a number"),
        ("integer", "today", "is not a number or a year"),
    ],
)
def test_year_bounds_that_cannot_be_used_are_load_errors(
    question: str, bound: str, expected: str
) -> None:
    from prescreen.core.problems import QuestionSetError

    q = {"id": "q", "text": "Q?", "type": question, "constraints": [{"max": bound, "message": "m"}]}
    with pytest.raises(QuestionSetError) as caught:
        make_set(q)
    assert expected in "\n".join(caught.value.lines())


@pytest.mark.parametrize(
    ("question", "example"),
    [
        (
            {"type": "integer", "constraints": [{"min": 0, "max": 1e30, "message": "m"}]},
            "500000000000",
        ),
        ({"type": "integer", "constraints": [{"max": 10**30, "message": "m"}]}, "42"),
        (
            {
                "type": "integer",
                "constraints": [{"min": 0, "max": 1e29, "soft": True, "message": "m"}],
            },
            "500000000000",
        ),
        ({"type": "integer", "constraints": [{"min": 100, "message": "m"}]}, "100"),
        ({"type": "integer", "constraints": [{"max": 10, "message": "m"}]}, "10"),
        (
            {
                "type": "integer",
                "constraints": [{"min": 1, "message": "m"}, {"max": 9, "message": "m"}],
            },
            "5",
        ),
        (
            {
                "type": "decimal",
                "places": 2,
                "constraints": [{"min": 0.01, "max": 0.02, "message": "m"}],
            },
            "0.02",
        ),
        (
            {
                "type": "decimal",
                "places": 1,
                "constraints": [
                    {"min": 50, "max": 60, "message": "m"},
                    {"min": 100, "max": 200, "soft": True, "message": "m"},  # at odds
                ],
            },
            "55",
        ),
        ({"type": "decimal", "places": 6}, "72.5"),
    ],
)
def test_the_example_in_a_number_message_keeps_to_the_rules(
    question: dict[str, Any], example: str
) -> None:
    """Odd rules (huge or infinite bounds, one bound, bounds in two rules, soft rules at odds
    with the hard ones) give an example that keeps to them, and never an error."""
    message = rejected(ask(question, "abc"))
    assert message.endswith(f"for example {example}."), message


BORN = {"id": "born", "text": "Born?", "type": "date"}


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        ([BORN], "'year of nobody': there is no question 'nobody'"),
        (
            [{**BORN, "type": "integer"}],
            "'year of born': 'born' is not a date question (it is integer)",
        ),
        ([], "'year of born': 'born' must be asked before this question"),
    ],
)
def test_year_of_bounds_that_cannot_be_used_are_load_errors(
    questions: list[dict[str, Any]], expected: str
) -> None:
    from prescreen.core.problems import QuestionSetError

    source = "nobody" if "nobody" in expected else "born"
    year = {
        "id": "q",
        "text": "Q?",
        "type": "integer",
        "constraints": [{"min": f"year of {source}", "message": "m"}],
    }
    after = [BORN] if not questions else []
    with pytest.raises(QuestionSetError) as caught:
        make_set(*questions, year, *after)
    assert expected in "\n".join(caught.value.lines())


def test_a_year_of_bound_reads_the_date_answered_before() -> None:
    qs = make_set(
        BORN,
        {
            "id": "q",
            "text": "Q?",
            "type": "integer",
            "constraints": [{"min": "year of born", "max": "this year", "message": "Not then."}],
        },
    )
    question = qs.by_id["q"]
    assert isinstance(question, IntegerQuestion)
    born = {"born": dt.date(1990, 12, 31)}
    assert rejected(parse(question, "1989", Context(qs, "en", TODAY, born))) == "Not then."
    assert accepted(parse(question, "1990", Context(qs, "en", TODAY, born))).value == 1990
    assert accepted(parse(question, "1989", Context(qs, "en", TODAY))).value == 1989


def test_year_of_is_for_questions_not_the_fields_of_a_repeat() -> None:
    from prescreen.core.problems import QuestionSetError

    rows = {
        "id": "medicines",
        "text": "Medicines?",
        "type": "repeat",
        "fields": [
            {"id": "name", "text": "Name", "type": "text"},
            {
                "id": "since",
                "text": "Since",
                "type": "integer",
                "constraints": [{"min": "Year of born", "message": "m"}],
            },
        ],
    }
    with pytest.raises(QuestionSetError) as caught:
        make_set(BORN, rows)
    assert "'year of born' is for questions, not the fields of a repeat" in "\n".join(
        caught.value.lines()
    )


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("1", "1 time"),
        ("1 time", "1 time"),
        ("3", "3 times"),
        ("3 times", "3 times"),
        (0, "0 times"),
    ],
)
def test_the_unit_after_one_is_the_singular(raw: object, label: str) -> None:
    """'1 times' read back wrong to a patient and a clinician."""
    result = accepted(ask({"type": "integer", "unit": "times", "unit_one": "time"}, raw))
    assert result.label == label


def test_the_unit_after_one_is_in_the_persons_language() -> None:
    question = {
        "type": "decimal",
        "places": 1,
        "unit": {"en": "feet", "es": "pies"},
        "unit_one": {"en": "foot", "es": "pie"},
    }
    assert accepted(ask(question, "1 pie", "es", languages=["en", "es"])).label == "1 pie"
    assert accepted(ask(question, "1.5", "es", languages=["en", "es"])).label == "1.5 pies"
    assert accepted(ask(question, "1 foot", languages=["en", "es"])).label == "1 foot"
    assert accepted(ask({"type": "integer", "unit": "kg"}, "1")).label == "1 kg"


def test_a_unit_after_one_not_given_in_the_persons_language_is_not_used() -> None:
    question = {"type": "integer", "unit": {"en": "times", "es": "veces"}, "unit_one": "time"}
    assert accepted(ask(question, "1", "es", languages=["en", "es"])).label == "1 time"
    question["unit_one"] = {"en": "time"}
    assert accepted(ask(question, "1", "es", languages=["en", "es"])).label == "1 veces"
    assert accepted(ask(question, "1", "en", languages=["en", "es"])).label == "1 time"
