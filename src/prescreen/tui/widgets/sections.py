"""The interviewer's list of sections (phone mode): where the interview is, how much of each
section is answered, and a way to jump to another."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from prescreen.core.interview import Interview
from prescreen.tui.safe import safe


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
            # A long title goes on to a second line, whole: cut short, "Your health and…"
            # could be any of several sections. The count stays with its last word.
            count = f"\u00a0\u00a0{status.answered}/{status.total}"
            options.append(Option(safe(f"{mark} {title}").append(count), id=status.resume_at))
        self.clear_options()
        self.add_options(options)
        current = next((i for i, s in enumerate(statuses) if s.current), None)
        if current is not None:
            self.highlighted = current
