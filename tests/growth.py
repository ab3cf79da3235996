"""Growth-ratio checks for the tests: is the work done for an input of size 4n about four times that for n?

No test asserts a time: a ratio of CPU times measured in the same test does not depend on how fast or
busy the machine is. A linear function gives a ratio near 4, a quadratic one near 16. Work below
FLOOR_SECONDS of CPU time is too small to time and counts as linear.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FACTOR = 4
MAX_RATIO = 8.0  # halfway (on a log scale) between linear (4) and quadratic (16)
FLOOR_SECONDS = 0.01


def cpu_seconds(work: Callable[[], object], repeats: int = 3) -> float:
    """The least CPU time this thread spent on `work` over `repeats` runs (the least is the least noisy)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.thread_time()
        work()
        best = min(best, time.thread_time() - started)
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int) -> tuple[float, float, float]:
    """(CPU seconds at n, at FACTOR·n, their ratio); the ratio is FACTOR when the larger run is below the floor."""
    large = cpu_seconds(make(n * FACTOR))
    if large < FLOOR_SECONDS:
        return 0.0, large, float(FACTOR)
    small = cpu_seconds(make(n))
    return small, large, large / max(small, FLOOR_SECONDS / FACTOR)
