"""Laying out an author's text for the screen."""

import pytest

from prescreen.core.text import reflow


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("one line", "one line"),
        ("a paragraph\nwrapped by YAML\n", "a paragraph wrapped by YAML"),
        ("first\n\nsecond\npart", "first\n\nsecond part"),
        (
            "Bring:\n- your card\n- a list of medicines\n",
            "Bring:\n- your card\n- a list of medicines",
        ),
        ("Steps:\n1. call\n2. wait", "Steps:\n1. call\n2. wait"),
        ("  spaced  \n   out  ", "spaced out"),
        ("a\n\n\n\nb", "a\n\nb"),
        ("", ""),
    ],
)
def test_reflow(written: str, shown: str) -> None:
    assert reflow(written) == shown
