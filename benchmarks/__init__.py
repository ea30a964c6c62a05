"""Benchmarks for prescreen, each measured against a bare Textual app in the same run.

`python -m benchmarks` (or `make bench`) prints one table and exits non-zero when a budget
fails; `python -m benchmarks --quick` runs every measure in a tiny configuration (for the smoke
test). docs/performance.md says what each measure means.
"""
