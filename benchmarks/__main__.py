"""`python -m benchmarks`: measure, print the table, exit 1 when a budget fails."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from benchmarks.config import FULL, QUICK
from benchmarks.run import MEASURES, measure_all
from benchmarks.table import markdown, render


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; the exit code."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the harness")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--interviews", type=int, help="interviews in the kiosk day")
    parser.add_argument(
        "--only",
        action="append",
        choices=[name for name, _measure in MEASURES],
        help="take only this measure (may be given again)",
    )
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    if args.interviews:
        config = replace(config, interviews=args.interviews)
    started = time.perf_counter()
    print("measuring (each measure's time on stderr)...", file=sys.stderr)
    rows = measure_all(config, only=args.only)
    print(markdown(rows) if args.markdown else render(rows))
    failed = [row.measure for row in rows if row.passed is False]
    print(
        f"\n{len(rows)} measures in {time.perf_counter() - started:.0f} s; "
        + (f"{len(failed)} over budget." if failed else "all within budget."),
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
