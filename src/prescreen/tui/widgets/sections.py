"""The interviewer's list of sections (phone mode): where the interview is, how much of each
section is answered, and a way to jump to another."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from prescreen.core.interview import Interview
from prescreen.tui.safe import safe

TITLE_ROOM = 17
"""Characters of a section's title that fit on one line of the list (the rest is cut)."""


class SectionList(OptionList):
    """Sections shown so far; choosing one goes to its first unanswered question."""

    def show(self, interview: Interview) -> None:
        """List the interview's sections, the current one marked and highlighted."""
        statuses = interview.sections()
        options = []
        for status in statuses:
            mark = (
                "\u25b6"
                if status.current
                else ("\u2713" if status.answered == status.total else " ")
            )
            title = interview.text(status.section.title)
            if len(title) > TITLE_ROOM:
                title = title[: TITLE_ROOM - 1].rstrip() + "\u2026"
            options.append(
                Option(
                    safe(f"{mark} {title}").append(f"  {status.answered}/{status.total}"),
                    id=status.resume_at,
                )
            )
        self.clear_options()
        self.add_options(options)
        current = next((i for i, s in enumerate(statuses) if s.current), None)
        if current is not None:
            self.highlighted = current
