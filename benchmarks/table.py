"""One row per measure, with its budget, and the table `make bench` prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COLUMNS = ("measure", "figure", "reference", "ratio", "budget", "result")


@dataclass(frozen=True)
class Row:
    """One measure: the figure, the reference app's figure where there is one, and whether it
    is within its budget (None: nothing to check yet)."""

    measure: str
    figure: str
    budget: str
    passed: bool | None
    reference: str = "-"
    ratio: str = "-"

    @property
    def result(self) -> str:
        """pass, FAIL or n/a."""
        if self.passed is None:
            return "n/a"
        return "pass" if self.passed else "FAIL"

    def cells(self) -> tuple[str, ...]:
        """The row as text, in the order of COLUMNS."""
        return (self.measure, self.figure, self.reference, self.ratio, self.budget, self.result)


def number(value: float, unit: str) -> str:
    """A figure with as many digits as are worth reading."""
    if abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".rstrip()


def under(measure: str, value: float, unit: str, most: float) -> Row:
    """A figure that must stay under an absolute budget."""
    return Row(measure, number(value, unit), f"< {number(most, unit)}", value < most)


def against(measure: str, value: float, reference: float, unit: str, most: float) -> Row:
    """A figure that may be at most `most` times the reference app's."""
    ratio = value / reference if reference > 0 else float("inf")
    return Row(
        measure,
        number(value, unit),
        f"<= {most:g}x ref",
        ratio <= most,
        reference=number(reference, unit),
        ratio=f"{ratio:.2f}x",
    )


def flat(measure: str, first: float, last: float, unit: str, tolerance: float = 0.10) -> Row:
    """A figure over a long run: the last stretch within `tolerance` of the first."""
    change = (last - first) / first if first > 0 else 0.0
    return Row(
        measure,
        f"{number(first, unit)} -> {number(last, unit)} ({change:+.1%})",
        f"last 20 within {tolerance:.0%} of first 20",
        change <= tolerance,
        ratio=f"{last / first:.2f}x" if first > 0 else "-",
    )


def flat_against(
    measure: str,
    figure: tuple[float, float],
    reference: tuple[float, float],
    ratios: tuple[float, float],
    unit: str,
    tolerance: float = 0.10,
) -> Row:
    """A figure over a long run judged against a reference taken alongside it: `figure` and
    `reference` are the first and the last stretch's medians, `ratios` the medians of the
    ratio of each figure to the reference taken right after it. The last stretch's ratio must
    be within `tolerance` of the first's, whatever the two medians did: when the machine
    itself slows down, both do."""
    first, last = ratios
    change = (last - first) / first if first > 0 else 0.0
    return Row(
        measure,
        f"{number(figure[0], unit)} -> {number(figure[1], unit)}",
        f"last 20 within {tolerance:.0%} of first 20, as a ratio to a fresh app",
        change <= tolerance,
        reference=f"{number(reference[0], unit)} -> {number(reference[1], unit)} (fresh app)",
        ratio=f"{first:.2f}x -> {last:.2f}x ({change:+.1%})",
    )


def shown(measure: str, value: float, unit: str, why: str) -> Row:
    """A figure reported for what it tells, with no budget of its own."""
    return Row(measure, number(value, unit), f"({why})", None)


def not_yet(measure: str, budget: str, why: str) -> Row:
    """A measure with a budget but nothing to measure yet."""
    return Row(measure, f"n/a ({why})", budget, None)


def render(rows: Sequence[Row]) -> str:
    """The table, columns aligned, for a terminal or a document."""
    lines = [COLUMNS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown(rows: Sequence[Row]) -> str:
    """The table in Markdown, for docs/performance.md."""
    head = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "|".join(" --- " for _ in COLUMNS) + "|"
    body = [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |" for row in rows
    ]
    return "\n".join([head, rule, *body])
