"""The result of a nowcast: simulated totals for the year, with the assumption stated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class NowcastResult:
    """Distribution of a year's total given the periods observed so far.

    Attributes:
        year: The year (label only; ``None`` if not given).
        periods_per_year: 4 (quarters) or 12 (months).
        elapsed: Periods observed so far.
        observed: Total observed so far (people).
        paths: Simulated totals for the whole year, ``(n_paths,)``, whole
            numbers, each ``>= observed``.
        method: ``"share"``, ``"glm"`` or ``"uc"``.
        assumption: What the result rests on, in words.
        profile: Within-year share profile used (``"share"`` method).
        concentration: Concentration of the share so far (``"share"``).
        seed: Random seed.
    """

    year: int | None
    periods_per_year: int
    elapsed: int
    observed: float
    paths: np.ndarray
    method: str
    assumption: str
    profile: tuple[float, ...] | None = None
    concentration: float | None = None
    seed: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        """Expected total for the year (people)."""
        return float(np.mean(self.paths))

    @property
    def median(self) -> float:
        """Median total for the year (people)."""
        return float(np.median(self.paths))

    @property
    def remaining(self) -> np.ndarray:
        """Simulated count for the rest of the year, per path (people)."""
        return self.paths - self.observed

    def interval(self, level: int = 80) -> tuple[float, float]:
        """Central interval of the year's total (people, whole numbers).

        Args:
            level: Coverage in percent (e.g. 80 or 95).
        """
        a = (1 - level / 100) / 2
        lo, hi = np.quantile(self.paths, [a, 1 - a], method="inverted_cdf")
        return float(lo), float(hi)

    def prob_at_least(self, n: float | Sequence[float]) -> float | np.ndarray:
        """Probability that the year's total reaches ``n`` (people).

        Totals are whole numbers, so this is exactly P(total >= n); it is 1
        for ``n <= observed`` and non-increasing in ``n``.
        """
        thr = np.asarray(n, float)
        p = (self.paths[:, None] >= thr.ravel()[None, :] - 1e-9).mean(axis=0)
        return float(p[0]) if thr.ndim == 0 else p.reshape(thr.shape)

    def summary(self) -> str:
        """Plain-text summary with the assumption stated."""
        unit = "quarter" if self.periods_per_year == 4 else "month"
        lo80, hi80 = self.interval(80)
        lo95, hi95 = self.interval(95)
        year = f" {self.year}" if self.year is not None else ""
        return "\n".join(
            [
                f"Nowcast of the{year} total: {self.observed:g} observed after {self.elapsed} {unit}(s) of {self.periods_per_year}",
                f"Method: {self.method}; {len(self.paths)} simulated years; seed {self.seed}",
                f"Assumption: {self.assumption}",
                (
                    f"Expected total {self.mean:.1f} (median {self.median:g}); 80% interval {lo80:g}-{hi80:g}; "
                    f"95% interval {lo95:g}-{hi95:g}"
                ),
            ]
        )
