"""Text a person reads: translations with fallback, built-in messages, and safe templates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, WithJsonSchema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def _check_language(code: str) -> str:
    if not _LANGUAGE.fullmatch(code):
        hint = (
            " (inside { }, a comma starts a new entry: put a text holding a comma in quotes)"
            if re.search(r"[^A-Za-z0-9_-]", code)  # words, not a code: a text cut at a comma
            else ""
        )
        raise ValueError(
            f"'{code}' is not a language code; use a code such as en, es, fr or pt-BR{hint}"
        )
    return code


Language = Annotated[
    str,
    AfterValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern}),
]


_DESCRIPTION = (
    "A text in one language (a plain string) or several (a mapping of language code to text)."
)


class Text:
    """A text in one language (a plain string) or several (a mapping of language code to text).

    A plain immutable value that Pydantic validates and serialises as its `root`, not a
    `RootModel`: a root model is built when its module is imported (about 40 ms and 4 MiB of
    every start), a field of this type only when the model holding it is first used.
    """

    __slots__ = ("root",)
    root: str | dict[str, str]

    def __init__(self, root: str | dict[str, str]) -> None:
        object.__setattr__(self, "root", root)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Text cannot be changed")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.root == other.root

    __hash__ = None  # type: ignore[assignment]  # as the mapping it may hold

    def __repr__(self) -> str:
        return f"Text({self.root!r})"

    def __reduce__(self) -> tuple[type[Text], tuple[str | dict[str, str]]]:
        return (Text, (self.root,))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        made = core_schema.no_info_after_validator_function(
            cls, handler.generate_schema(str | dict[Language, str])
        )
        return core_schema.no_info_before_validator_function(
            _root_of_any,  # a Text already made is checked again, as a model's field is
            made,
            ref="prescreen.core.text.Text",
            serialization=core_schema.plain_serializer_function_ser_schema(
                _root_of, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        definition = handler.resolve_ref_schema(found)
        definition.update(title="Text", description=_DESCRIPTION)
        return found

    def get(self, language: str, default_language: str) -> str:
        """The text in `language`, falling back to the default language, then to any text."""
        if isinstance(self.root, str):
            return self.root
        for code in (language, default_language):
            if code in self.root:
                return self.root[code]
        return next(iter(self.root.values()), "")

    def languages(self) -> set[str] | None:
        """The languages this text is given in, or None for a plain string (any language)."""
        return None if isinstance(self.root, str) else set(self.root)

    @property
    def raw(self) -> list[str]:
        """Every translation, for checks that look at all of them."""
        return [self.root] if isinstance(self.root, str) else list(self.root.values())


def _root_of(text: Text) -> str | dict[str, str]:
    return text.root


def _root_of_any(value: object) -> object:
    return value.root if isinstance(value, Text) else value


_LIST_ITEM = re.compile(r"^\s*([-*\u2022]|\d{1,2}[.)])\s")


def reflow(text: str) -> str:
    """An author's text laid out as paragraphs, the way Markdown reads it.

    Line breaks inside a paragraph (as YAML's `|` blocks keep them) become spaces, so the screen
    can wrap the text to its own width; a blank line starts a new paragraph, and a line that
    starts with `- `, `* ` or `1.` stays a line of its own (a list).
    """
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in block.split("\n"):
            if lines and not _LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.strip() if not _LIST_ITEM.match(line) else line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def fill(template: str, lookup: Callable[[str], str | None], missing: str = "\u2014") -> str:
    """Replace `{name}` placeholders by `lookup(name)`; never evaluates anything else."""

    def replace(match: re.Match[str]) -> str:
        value = lookup(match.group(1))
        return missing if value is None else value

    return PLACEHOLDER.sub(replace, template)


_KEEP_IN_LONG_TEXT = {"\n", "\t"}
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_ESCAPE_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement (ESC [ 31 m)
    "|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\\\|\x9c)?"
    # OSC, DCS, SOS, PM, APC strings: window titles, hyperlinks (ESC ] ... BEL)
    "|\x1b[ -/]*[0-~]"  # any other escape: ESC c, ESC ( B, ESC 7
)
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
JOINERS = frozenset({"\u200d", "\u200c"})
"""The zero-width joiner and non-joiner: invisible format characters that are kept, as
emoji sequences (a health worker: woman + joiner + staff of Aesculapius), Persian and Indic
scripts need them."""


def strip_controls(raw: str, *, multiline: bool = False) -> str:
    """Text without terminal escape sequences, control and invisible format characters or lone
    surrogates, and otherwise as given (spacing kept): what a paste may put into a field.

    Escape sequences (colours, titles, hyperlinks) are removed whole. Line breaks become `\\n`;
    newlines and tabs survive only in multi-line text, elsewhere they become spaces.
    """
    text = _ESCAPE_SEQUENCE.sub("", _LINE_BREAKS.sub("\n", raw))
    kept = []
    for char in text:
        if char in _KEEP_IN_LONG_TEXT:
            kept.append(char if multiline else " ")
        elif char in JOINERS or unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    return "".join(kept)


def clean_input(raw: str, *, multiline: bool = False) -> str:
    """Normalise typed or pasted text: NFC, no control characters or escape sequences, trimmed.

    `strip_controls`, then NFC; runs of spaces become one, lines are trimmed, and a tab
    pasted into multi-line text becomes four spaces (a tab is a control character to a
    terminal, and a screen or file reader would show it differently).
    """
    # Normalised after removal, so a dropped character cannot leave a decomposed sequence.
    cleaned = unicodedata.normalize("NFC", strip_controls(raw, multiline=multiline))
    if multiline:
        cleaned = cleaned.replace("\t", "    ")
        return "\n".join(line.rstrip() for line in cleaned.strip().split("\n"))
    return " ".join(cleaned.split())


# Built-in messages a person may see. A question set can override any of them, per language,
# under `messages:`. `{...}` placeholders are filled by the engine.
DEFAULT_MESSAGES: Mapping[str, str] = {
    "required": "Please answer this question.",
    "too_long": "That is too long: please keep it under {limit} characters.",
    "too_long_cut": (
        "Only the first {limit} characters fit. Please check the end of the answer, then "
        "press Next again."
    ),
    "not_integer": "Please enter a whole number, for example {example}.",
    "not_number": "Please enter a number, for example {example}.",
    "too_many_decimals": "Please round to {places} decimal place(s), for example {example}.",
    "not_date": "Please enter a date such as {example}.",
    "not_real_date": "That date does not exist. Please check the day and month.",
    "date_order": "Please write the date in the order {order}, for example {example}.",
    "day_month_year": "day/month/year",
    "month_day_year": "month/day/year",
    "two_digit_year": "Please write the year in full, for example 1980.",
    "months": (
        "January, February, March, April, May, June, July, August, September, October, "
        "November, December"
    ),
    "date_in_words": "{day} {month} {year}",
    "date_too_early": "The date must be on or after {date}.",
    "date_too_late": "The date must be on or before {date}.",
    "number_too_small": "The number must be at least {min}.",
    "number_too_large": "The number must be at most {max}.",
    "text_too_short": "Please write at least {min} characters.",
    "pattern": "That does not look right. Please check it.",
    "not_yes_no": "Please answer yes or no.",
    "not_a_choice": "Please choose one of the options.",
    "too_few_choices": "Please choose at least {min}.",
    "too_many_choices": "Please choose at most {max}.",
    "exclusive_choice": "\u201c{label}\u201d cannot be chosen together with other options.",
    "not_on_scale": "Please choose a number from {min} to {max}.",
    "not_phone": "Please enter a phone number with its area code, for example {example}.",
    "not_email": "Please enter an email address such as name@example.com.",
    "grid_incomplete": "Please answer every row: {rows}.",
    "too_few_rows": "Please add at least {min}.",
    "too_many_rows": "Please add no more than {max}.",
    "row_problem": "Row {row}, {field}: {message}",
    "row_unreadable": "Row {row} could not be read. Please check it.",
    "grid_row_problem": "{row}: {message}",
    "special_not_allowed": "That answer is not available for this question.",
    "yes": "Yes",
    "no": "No",
    "prefer_not_to_say": "Prefer not to say",
    "dont_know": "Don't know",
    "not_answered": "Not answered",
    # The screens' own words.
    "start": "Start",
    "interviewer_id": "Interviewer id (yours):",
    "interviewer_needed": "Please type your interviewer id to start.",
    "consent_interviewer": (
        "Read the statement to the caller, word for word. Choose \u201c{accept}\u201d only when "
        "they say yes."
    ),
    "declined_title": "Thank you.",
    "declined": "You chose not to continue. Nothing you entered has been stored.",
    "declined_again": "If you change your mind, you can start again at any time.",
    "restart": "Back to the start",
    "back": "Back",
    "next": "Next",
    "skip": "Skip",
    "keyboard": "Keyboard",
    "position": "Question {position} of {total}",
    "kept_special": "Your answer: {answer}. Press Next to keep it, or answer above.",
    "unfinished_kept": "Not yet an answer: this was typed here before. Check it, then press Next.",
    "unfinished_here": "Something typed here is not yet an answer: choose it to check it.",
    "tick_hint": "Space or click to tick; Enter when done.",
    "long_text_hint": "Enter starts a new line. When you have finished, press Next.",
    "add_row": "Add {item}",
    "review_title": "Please check your answers",
    "review_help": "Choose an answer to change it (arrow keys and Enter, or click).",
    "still_to_answer": "Still to answer: {questions}",
    "to_check": "Please answer again: {questions}",
    "missing_required": "Not answered (required)",
    "calculated": "Calculated",
    "for_example": "for example {example}",
    "row": "entry",
    "remove_row": "Remove this row",
    "remove_row_again": "Press \u2715 again to remove this row and what is in it.",
    "submit": "Submit",
    "sent": "Thank you. Your application has been sent.",
    "saved_early": "Your answers have been saved.",
    "reference_is": "Your reference code is:",
    "keep_reference": "Please write it down or keep it: quote it if you call us.",
    "email_example": "name@example.com",
    "key_shift": "Shift",
    "key_space": "Space",
    "key_delete": "Delete",
    "reference_interviewer": (
        "Read the code to the caller one character at a time, and ask them to write it down."
    ),
    "finish": "Finish",
    "check_title": "Please check",
    "you_answered": "You answered:",
    "change_it": "Change it",
    "keep_it": "Yes, it is right",
    "important": "Important",
    "understood": "I understand",
    "idle_title": "Are you still there?",
    "idle_warning": (
        "To keep your answers private, this form will close soon. "
        "What you have answered so far is kept safe. "
        "Touch the screen or press any key to carry on. Seconds left: {seconds}"
    ),
    "still_here": "I am still here",
    "clears_in": "This screen will clear by itself. Seconds left: {seconds}",
    "problem_title": "Sorry, something went wrong",
    "close": "Close",
    "try_again": "Try again",
    "write_failed": (
        "The application could not be written just now. Your answers are kept. "
        "Please try again, or ask a member of staff for help."
    ),
    "save_failed": (
        "Your answers could not be saved to disk just now. They are kept here and saving "
        "will be tried again. Please tell a member of staff."
    ),
    "saved_again": "Saving works again: all your answers are saved.",
}
