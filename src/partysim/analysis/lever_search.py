"""Monotone searches on a lever's range: the smallest value that passes, and the cheapest
point of a one-dimensional trade-off.

:func:`smallest_passing` assumes that a larger value passes whenever a smaller one does
(more classes never admit fewer people, by common random numbers nearly exactly so). It
gallops from a start value (steps doubling) until the answer is bracketed by a failing
and a passing value, then bisects the bracket down to one step (whole numbers) or to
``resolution``. A start near the answer makes it cheap: ``log2`` of the distance, not of
the whole range.

:func:`cheapest_on_line` zooms in on the cheapest of a function of one lever: a few evenly
spaced points, then the same number between the neighbours of the cheapest, until the
spacing is one step. It assumes one valley (the cost along a trade-off frontier with
linear prices).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Axis", "cheapest_on_line", "smallest_passing"]


@dataclass(frozen=True)
class Axis:
    """A lever's range, as searched.

    Attributes:
        lo: Smallest value (the lever's unit).
        hi: Largest value.
        whole: True for whole numbers (searched on integers).
        resolution: Smallest step searched (1 for whole numbers).
    """

    lo: float
    hi: float
    whole: bool
    resolution: float

    def snap(self, value: float, up: bool = False) -> float:
        """``value`` clipped to the range (and rounded, up when ``up``, for whole numbers)."""
        if self.whole:
            value = math.ceil(value - 1e-9) if up else round(value)
        return float(min(self.hi, max(self.lo, value)))

    def first_step(self, start: float) -> float:
        """A galloping step: a quarter of ``start`` or 1/64 of the range, at least one step."""
        step = abs(start) * 0.25 if start else (self.hi - self.lo) / 64
        step = max(step, self.resolution)
        return float(max(1, round(step))) if self.whole else step


def _bracket(passes: Callable[[float], bool], axis: Axis, start: float) -> tuple[float | None, float | None]:
    """(largest value seen failing, smallest value seen passing) around the answer."""
    x = axis.snap(start)
    step = axis.first_step(x)
    if passes(x):
        good = x
        while good > axis.lo:
            y = axis.snap(good - step)
            if not passes(y):
                return y, good
            good, step = y, step * 2
        return None, good
    bad = x
    while bad < axis.hi:
        y = axis.snap(bad + step, up=True)
        if passes(y):
            return bad, y
        bad, step = y, step * 2
    return bad, None


def smallest_passing(passes: Callable[[float], bool], axis: Axis, start: float) -> float | None:
    """The smallest value on ``axis`` for which ``passes`` is true, or ``None``.

    Args:
        passes: Test of one value (assumed monotone: false below the answer, true above).
        axis: The lever's range, whole or not, and the resolution.
        start: Where to start galloping (e.g. the scenario's own value).

    Returns:
        The smallest passing value (to within ``axis.resolution``), ``axis.lo`` when it
        passes, ``None`` when ``axis.hi`` fails.
    """
    bad, good = _bracket(passes, axis, start)
    if good is None:
        return None
    if bad is None:
        return good
    while good - bad > axis.resolution * (1 + 1e-9):
        mid = float((good + bad) // 2) if axis.whole else (good + bad) / 2
        if passes(mid):
            good = mid
        else:
            bad = mid
    return good


def cheapest_on_line(cost: Callable[[float], float], axis: Axis, points: int = 5) -> tuple[float, float]:
    """The value of one lever where ``cost`` is smallest, by zooming in.

    Args:
        cost: Cost of a value (``inf`` when nothing passes there).
        axis: The range to search (already narrowed to where the trade-off lies).
        points: Points per round (>= 3).

    Returns:
        ``(value, cost)`` of the cheapest value tried (ties: the smaller value).
    """
    seen: dict[float, float] = {}

    def at(v: float) -> float:
        if v not in seen:
            seen[v] = cost(v)
        return seen[v]

    lo, hi = axis.lo, axis.hi
    while True:
        span = (hi - lo) / (points - 1)
        grid = sorted({axis.snap(lo + i * span) for i in range(points)})
        costs = [at(v) for v in grid]
        best = min(range(len(grid)), key=lambda i: (costs[i], grid[i]))
        if span <= axis.resolution * (1 + 1e-9) or len(grid) < 3:
            break
        lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
    value = min(seen, key=lambda v: (seen[v], v))
    return value, seen[value]
