"""Making untrusted text (answers, anything read from disk) harmless to show in a terminal."""

from __future__ import annotations

import unicodedata

_KEEP = {"\n"}


def visible_controls(text: str) -> str:
    """Text with control and invisible format characters written out as escapes (`\\x1b`), so
    nothing shown can move the cursor, change colours, retitle the terminal or reorder text."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch in _KEEP
        or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
        or ch in ("\u200d", "\u200c")
        else repr(ch)[1:-1]
        for ch in text
    )
