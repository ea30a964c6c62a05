"""The widgets of the screens. The widget for each question type is in `fields` (`FIELDS`,
`field_for`), loaded when first asked for: the welcome screen needs none of them, and a
program's start should not wait for them."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name in ("FIELDS", "field_for"):
        from prescreen.tui.widgets import fields

        return getattr(fields, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
