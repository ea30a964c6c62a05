"""The benchmark harness runs: every measure, at its smallest, gives its row (the figures are
for `make bench`, not for tests)."""

from __future__ import annotations

from benchmarks.config import QUICK
from benchmarks.run import MEASURES, measure_all
from benchmarks.table import render


def test_every_measure_gives_its_rows() -> None:
    rows = measure_all(QUICK, progress=False)
    broken = [row for row in rows if row.figure.startswith("error")]
    assert not broken, render(broken)
    measures = " / ".join(row.measure for row in rows)
    for expected in (
        "cold start",
        "peak memory",
        "checked again",
        "key to handled",
        "answer to next question",
        "load + check bundled",
        "load + check generated",
        "load growth",
        "visibility after one answer",
        "review screen",
        "write one application",
        "prescreen list",
        "CSV",
        "kiosk day",
    ):
        assert expected in measures, expected
    assert len(rows) == 18
    assert len(MEASURES) == 7
    table = render(rows)
    assert table.splitlines()[0].split() == [
        "measure",
        "figure",
        "reference",
        "ratio",
        "budget",
        "result",
    ]
