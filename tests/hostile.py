"""Hypothesis strategies for hostile text: what a person may paste, a hand-edited file may hold,
or an author may write, aimed at terminals (escape sequences, control characters), at Textual
(markup, variables, actions), and at layout (very long text, non-BMP, bidi, combining marks)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

PIECES = [
    "[/]",
    "[/",
    "[b",
    "[B]bold?[/B]",
    "[@click=app.quit]click me[/]",
    '[link="file:///etc/passwd"]x[/]',
    "[$accent]",
    "$accent",
    "[on red]",
    "{name}",
    "\\",
    "\\[",
    "\x1b]0;PWNED\x07",
    "\x1b]8;;https://evil.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J",
    "\x1b[31m",
    "\x1bc",
    "\x9b31m",
    "\x9d0;PWNED\x9c",
    "\x00",
    "\x07",
    "\x08",
    "\r",
    "\n",
    "\t",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u2066",  # left-to-right isolate
    "\u200d",
    "e\u0301\u0301\u0301",  # combining marks
    "\U0001f9ec\U0001fa7a",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U00010348",  # Gothic: outside the BMP
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "Ana D\u00edaz",
    " ",
    "x",
]
"""Pieces known to break terminals, markup or layout, joined in random orders."""

LONG = ["x" * 3000, "[/]" * 700, "\x1b[2J" * 500, "\U0001f9ec" * 1500, "e\u0301" * 1500]


def texts(*, surrogates: bool = False, long: bool = True) -> st.SearchStrategy[str]:
    """Hostile text. Lone surrogates only with `surrogates` (a str from a terminal cannot hold
    them; one read from a JSON file can: "\\ud800")."""
    blacklist = () if surrogates else ("Cs",)
    pieces = st.sampled_from(PIECES + (["\ud800", "\udfff"] if surrogates else []))
    options = [
        st.text(alphabet=st.characters(exclude_categories=blacklist), min_size=1, max_size=40),
        st.lists(pieces | st.text(max_size=4), min_size=1, max_size=10).map("".join),
    ]
    if long:
        options.append(st.sampled_from(LONG).flatmap(lambda s: st.just(s) | st.just(s + "[/]")))
    return st.one_of(options)


def author_texts() -> st.SearchStrategy[str]:
    """Hostile text a question set may hold: anything but control characters (the loader
    refuses those), non-empty after trimming."""
    return (
        texts(long=False)
        .map(
            lambda s: "".join(
                c for c in s if unicodedata.category(c) != "Cc" or c in "\n\t"
            ).strip()
        )
        .filter(bool)
    )


TERMINAL_CONTROLS = ("\x1b", "\x9b", "\x9d", "\x9c", "\x07", "\x08", "\x00", "\x7f", "\x85")
"""Characters that must never be drawn as they are: a terminal acts on them."""


def raw_controls(text: str) -> list[str]:
    """The characters in `text` a terminal would act on (control characters but newline, and
    lone surrogates, which cannot even be written to it)."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cs")]


ci = settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure is shown as found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The profile in `make test`: a few app runs per echo path, several strings in each."""
slow = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The profile behind `pytest -m slow` (`make stress`)."""
