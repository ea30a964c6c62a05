"""What is wrong with a question set: each problem at its place in the file, and the error that
lists them. Kept apart from the loader and the lint so that a start on a set already checked
imports neither."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question set, at a place in it."""

    path: str
    message: str
    severity: Literal["error", "warning"] = "error"
    line: int | None = None
    """The line of the file the place is at (found after the check, from the file's text)."""
    question: str | None = None
    """The id of the question the place is in, if it is in one."""

    def render(self, source: str) -> str:
        """`file: line N: place (question 'id'): message`, the line `prescreen validate`
        prints (with what is known of the place)."""
        where = source
        if self.line is not None:
            where += f": line {self.line}"
        if self.path:
            where += f": {self.path}"
        if self.question is not None:
            where += f" (question '{self.question}')"
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}: {label}{self.message}"


class QuestionSetError(Exception):
    """A question set that cannot be used, with every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source = source
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem, as `prescreen validate` prints them."""
        return [p.render(self.source) for p in self.problems]
