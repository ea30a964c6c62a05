"""The one way untrusted text reaches the screen: as Content, never parsed as markup."""

from __future__ import annotations

from textual.content import Content

from prescreen.safe_text import visible_controls


def safe(text: str | None) -> Content:
    """Show `text` literally: brackets stay brackets, escape sequences are written out."""
    return Content(visible_controls(text or ""))


def styled(text: str | None, style: str) -> Content:
    """Untrusted text shown literally in one style (e.g. "bold")."""
    return safe(text).stylize(style)
