"""Figures from repeated timings: medians and percentiles, in milliseconds."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The median; 0.0 for no values."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank); 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def p95(values: Sequence[float]) -> float:
    """The 95th percentile."""
    return percentile(values, 0.95)


def ms(seconds: float) -> float:
    """Seconds in milliseconds."""
    return seconds * 1000.0
