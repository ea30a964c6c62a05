"""Review: every answer grouped by section; choosing one goes back to it; submit when complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from prescreen.core.calculations import format_number
from prescreen.tui.safe import safe, styled
from prescreen.tui.screens.base import InterviewScreen
from prescreen.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from prescreen.core.questionset import AnyQuestion


class ReviewScreen(InterviewScreen):
    """All answers at a glance; Enter or a click on one changes it."""

    BINDINGS = [
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+n", "submit", "Submit"),
        Binding("f10", "park", "Park"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Park only on the phone (a call can drop while the answers are read back)."""
        return self.papp.mode == "phone" if action == "park" else True

    def action_park(self) -> None:
        """Put the interview aside as a draft and go back to the list of calls."""
        self.papp.park()

    def compose(self) -> ComposeResult:
        interview = self.interview
        missing = interview.missing()
        to_check = interview.to_check()
        with Vertical(id="top"):
            yield Label(self.words("review_title").stylize("bold"), id="section")
            yield Label(self.words("review_help"), classes="help")
        options = self._options({q.id for q in missing}, {q.id: why for q, why in to_check})
        yield OptionList(*options, id="answers")
        with Vertical(id="review-footer"):
            for code, questions, label_id in (
                ("still_to_answer", missing, "missing"),
                ("to_check", [question for question, _message in to_check], "to-check"),
            ):
                if questions:
                    names = self.words(code, questions=self._named(questions))
                    yield Label(names, id=label_id, classes="error -shown")
            with Horizontal(classes="buttons"):
                yield Button(Content("\u25c0 ") + self.words("back"), id="back")
                yield Button(
                    self.words("submit") + Content(" \u25b6"), id="submit", variant="success"
                )
        yield KeyFooter()

    def _named(self, questions: list[AnyQuestion]) -> str:
        """The first three questions' texts, and how many more."""
        names = "; ".join(self.interview.text(q.text) for q in questions[:3])
        return names + (f" (+{len(questions) - 3})" if len(questions) > 3 else "")

    def _options(self, missing: set[str], to_check: dict[str, str]) -> list[Option | None]:
        """Every answer by section, marked where one is missing (ids), to give again (why, by
        id) or typed and not yet given; then the calculations."""
        interview = self.interview
        options: list[Option | None] = []
        for section, rows in interview.review():
            options.append(
                Option(styled(interview.text(section.title).upper(), "bold"), disabled=True)
            )
            for question, stored in rows:
                if stored is not None and question.id in to_check:
                    answer = safe(stored.label).stylize("bold") + (
                        Content("\n  \u26a0 ") + safe(to_check[question.id])
                    ).stylize("bold")
                elif stored is not None:
                    answer = safe(stored.label).stylize("bold")
                elif question.id in missing:
                    answer = (Content("\u26a0 ") + self.words("missing_required")).stylize("bold")
                else:
                    answer = self.words("not_answered").stylize("dim")
                if question.id in interview.unfinished:
                    answer += (Content("\n\u26a0 ") + self.words("unfinished_here")).stylize("bold")
                prompt = safe(interview.text(question.text)) + Content("\n  \u25b8 ") + answer
                options.append(Option(prompt, id=f"q-{question.id}"))
            options.append(None)
        calculated = [(c, v) for c, v in interview.calculated() if v is not None]
        if calculated:
            options.append(Option(self.words("calculated").stylize("bold"), disabled=True))
            for calc, value in calculated:
                text = f"{interview.text(calc.label)}: {format_number(value)}"
                options.append(Option(safe(text), disabled=True))
        return options

    def on_mount(self) -> None:
        answers = self.query_one("#answers", OptionList)
        first = self.interview.first_to_settle()
        target = first[0].id if first is not None else self.papp.last_edited
        if target is not None and f"q-{target}" in {o.id for o in answers.options}:
            # The answer to give, or the one just changed, not the top of a long list.
            answers.highlighted = answers.get_option_index(f"q-{target}")
        answers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("q-"):
            self.papp.edit_from_review(option_id.removeprefix("q-"))

    def action_submit(self) -> None:
        """Submit; with a required question unanswered, or an answer to give again, go and ask
        it instead (a button that did nothing would leave a person at a touch screen with
        nowhere to go)."""
        first = self.interview.first_to_settle()
        if first is not None:
            question, why = first
            self.papp.edit_from_review(question.id, why)
        else:
            self.papp.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        elif event.button.id == "back":
            self.action_back()

    def action_back(self) -> None:
        """Back to the last question."""
        self.interview.back()
        self.papp.show_questions()
