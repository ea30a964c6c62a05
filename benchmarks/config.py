"""How much each measure does: the full run of `make bench`, and a tiny one for the smoke
test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    """Repetitions and sizes of every measure."""

    starts: int = 5
    """Cold starts of each program (the median is reported)."""
    keys: int = 200
    """Keys typed into each app."""
    answer_walks: int = 1
    """Walks through the bundled set with the typical applicant's answers."""
    answer_limit: int = 0
    """Answers timed per walk (0: every one)."""
    load_repeats: int = 7
    set_sizes: tuple[int, ...] = (500, 1000, 2000)
    """Generated question sets to load; the largest is also used for visibility and review."""
    visibility_repeats: int = 300
    review_repeats: int = 3
    writes: int = 50
    """Applications written to the store, one at a time."""
    listed: int = 10_000
    """Applications in the store that `prescreen list` lists."""
    list_runs: int = 3
    """Listings after the first (which builds the store's list index), for the median."""
    interviews: int = 120
    """Interviews in the kiosk day: 120 keeps `make bench` under three minutes on two cores
    (about 0.4 s each, and 40 more in fresh apps to compare with: about 75 s in all);
    `python -m benchmarks --interviews 200` runs the full day."""


FULL = Config()
QUICK = Config(
    starts=1,
    keys=6,
    answer_walks=1,
    answer_limit=3,
    load_repeats=1,
    set_sizes=(20, 40, 80),
    visibility_repeats=5,
    review_repeats=1,
    writes=3,
    listed=20,
    list_runs=1,
    interviews=2,
)
"""Every measure, as small as it goes: for the smoke test, not for figures."""
