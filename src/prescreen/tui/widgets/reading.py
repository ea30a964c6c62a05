"""A page of text to read that may be longer than the screen."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ReadingScroll(VerticalScroll):
    """Scrolls with the arrow keys when it has the focus, and takes the focus only when there
    is more than fits: Tab never stops on a page with nothing to scroll, where the focus would
    vanish from the person's sight. The stylesheet marks it while it has the focus."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0
