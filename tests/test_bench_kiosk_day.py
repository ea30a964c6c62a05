"""The kiosk day judges its slowing down against a fresh app run alongside: on a shared host the
same work takes up to half as long again from one stretch of a run to the next, so processor
time alone, first stretch against last, measured the host."""

from __future__ import annotations

import asyncio

import pytest
from benchmarks import kiosk_day
from benchmarks.kiosk_day import Day, against_fresh
from benchmarks.run import kiosk
from benchmarks.stats import median
from benchmarks.table import flat, flat_against


def a_day(app: list[float], fresh: list[float | None], window: int) -> Day:
    return Day([0.0] * len(app), app, [50.0] * len(app), fresh, window)


def judged(day: Day) -> bool | None:
    first, last = slice(None, day.window), slice(-day.window, None)
    return flat_against(
        "kiosk day",
        (median(day.cpu_seconds[first]), median(day.cpu_seconds[last])),
        (1.0, 1.0),
        (median(against_fresh(day, first)), median(against_fresh(day, last))),
        "ms",
    ).passed


def test_a_machine_that_slows_down_is_not_an_app_that_slows_down() -> None:
    # The host gets 1.5x slower for the last stretch: the app and the fresh app alike.
    app = [0.28] * 20 + [0.30] * 80 + [0.42] * 20
    fresh: list[float | None] = [0.28] * 20 + [None] * 80 + [0.42] * 20
    day = a_day(app, fresh, 20)
    # What the measure was: the last 20 against the first 20, +50%.
    assert flat("time", median(app[:20]), median(app[-20:]), "ms").passed is False
    assert judged(day) is True


def test_an_app_that_slows_down_fails_on_a_steady_machine_and_a_faster_one() -> None:
    app = [0.28] * 20 + [0.30] * 80 + [0.34] * 20  # +21% over the day
    steady: list[float | None] = [0.28] * 20 + [None] * 80 + [0.28] * 20
    assert judged(a_day(app, steady, 20)) is False
    # The host sped up by a fifth meanwhile: the raw times look flat, the app still grew.
    quicker = [0.28] * 20 + [0.25] * 80 + [0.28] * 20
    faster: list[float | None] = [0.28] * 20 + [None] * 80 + [0.23] * 20
    assert flat("time", median(quicker[:20]), median(quicker[-20:]), "ms").passed is True
    assert judged(a_day(quicker, faster, 20)) is False


def test_each_interview_is_divided_by_the_fresh_one_after_it() -> None:
    day = a_day([0.2, 0.3, 0.9, 0.4], [0.1, None, None, 0.2], 1)
    assert against_fresh(day, slice(None, 2)) == [2.0]
    assert against_fresh(day, slice(-1, None)) == [2.0]


def test_only_the_first_and_last_stretches_are_compared() -> None:
    assert kiosk_day.compared(120) == {*range(20), *range(100, 120)}
    assert kiosk_day.compared(3) == {0, 2}
    assert kiosk_day.compared(2) == {0, 1}


@pytest.mark.slow
def test_only_the_first_and_last_stretches_run_a_fresh_app_beside() -> None:
    """Two fresh apps, one for each stretch (the smoke test runs the measure at its smallest)."""
    day = asyncio.run(kiosk_day.kiosk_day(3))
    assert day.window == 1
    first, middle, last = day.fresh_cpu_seconds
    assert middle is None
    assert first is not None and first > 0
    assert last is not None and last > 0


def test_the_row_shows_both_apps_and_the_ratio(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.config import QUICK

    day = a_day([0.2, 0.21], [0.1, 0.1], 1)

    async def run(_interviews: int) -> Day:
        return day

    monkeypatch.setattr(kiosk_day, "kiosk_day", run)
    time_row, _clock, _memory = kiosk(QUICK)
    assert time_row.figure == "200 ms -> 210 ms"
    assert time_row.reference == "100 ms -> 100 ms (fresh app)"
    assert time_row.ratio == "2.00x -> 2.10x (+5.0%)"
    assert time_row.passed is True
