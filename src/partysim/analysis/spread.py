"""Where the spread of a verdict comes from: parameters, driver forecasts, chance.

The law of total variance over a combined ensemble (parameter sets x replications) gives
two parts: between sets (**parameters**) and within sets. Within a set, replication ``j``
follows sample path ``j`` of every forecast driver (:mod:`partysim.model.drivers`) and its
own random streams, so the within-set part holds both the **driver forecasts** and
**chance**. They are told apart by a least-squares fit of the figure, over the full-scale
replications, on each forecast driver's multiplier in that year: the fit's adjusted R²
times the within-set variance is the drivers' part, the rest is chance.

The drivers' part is a linear approximation (a driver's effect through earlier years, or
a non-linear one, counts as chance); with fewer than :data:`MIN_REPLICATIONS` replications
more than regressors, or no forecast driver, it is reported as 0 and ``driver_split`` is
False.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from partysim.analysis.ensemble_results import EnsembleResults, name_matches
from partysim.analysis.verdicts import target_values
from partysim.analysis.weighted import split_variance
from partysim.model.drivers import driver_paths, simulated_years
from partysim.scenario.schema import Scenario

__all__ = ["MIN_REPLICATIONS", "SpreadSplit", "driver_r2", "split_spread", "spread_columns"]

MIN_REPLICATIONS = 6
"""Replications needed beyond the number of forecast drivers to fit the drivers' part."""


@dataclass(frozen=True)
class SpreadSplit:
    """The variance of a figure in one year, split three ways (shares add up to 1).

    Attributes:
        variable: The target's name or annual column.
        year: The year.
        total: Variance over all combined runs (the figure's unit squared).
        parameter_share: Between parameter sets.
        driver_share: Explained by the driver forecasts' sample paths (linear fit).
        chance_share: The rest: the model's own randomness.
        driver_split: Whether the drivers' part could be measured at all.
    """

    variable: str
    year: int
    total: float
    parameter_share: float
    driver_share: float
    chance_share: float
    driver_split: bool

    def as_dict(self) -> dict[str, float | int | str | bool]:
        """The split as a plain dict (JSON-friendly)."""
        return asdict(self)


def driver_r2(scenario: Scenario, values: np.ndarray, replications: np.ndarray, year: int, seed: int) -> float | None:
    """Adjusted R² of ``values`` (one per full replication) on the forecast drivers'
    multipliers in ``year``; None when it cannot be measured.

    Args:
        scenario: Supplies the drivers (only ``mode: forecast`` ones count).
        values: The figure in each replication.
        replications: Each value's replication number (it picks the driver path).
        year: Calendar year of the figure.
        seed: The run's seed (it fixes the driver paths).
    """
    return _Drivers.of(scenario, seed).r2(values, replications, year)


@dataclass(frozen=True)
class _Drivers:
    """The forecast drivers' multiplier paths (N_PATHS, simulated years) and the years."""

    paths: dict[str, np.ndarray]
    years: list[int]

    @classmethod
    def of(cls, scenario: Scenario, seed: int) -> _Drivers:
        paths = driver_paths(scenario, seed)
        forecast = {n: p for n, p in paths.items() if getattr(scenario.drivers, n).mode == "forecast"}
        return cls(forecast, simulated_years(scenario))

    def r2(self, values: np.ndarray, replications: np.ndarray, year: int) -> float | None:
        """:func:`driver_r2` of ``values``."""
        n, p = len(values), len(self.paths)
        if p == 0 or year not in self.years or n < p + MIN_REPLICATIONS or np.var(values) <= 0:
            return None
        col = self.years.index(year)
        x = np.column_stack([path[np.asarray(replications, int) % len(path), col] for path in self.paths.values()])
        x = np.column_stack([np.ones(n), x])
        coef, *_ = np.linalg.lstsq(x, values, rcond=None)
        resid = values - x @ coef
        r2 = 1.0 - float(resid.var()) / float(np.var(values))
        adjusted = 1.0 - (1.0 - r2) * (n - 1) / (n - p - 1)
        return float(min(max(adjusted, 0.0), 1.0))


def split_spread(
    scenario: Scenario, combined: EnsembleResults, full: pd.DataFrame, variable: str, year: int
) -> SpreadSplit:
    """The three-way split of ``variable`` in ``year`` (see the module's docstring).

    Args:
        scenario: The scenario (targets, drivers).
        combined: The combined runs (sets x full replications).
        full: The annual table of the full-scale replications alone.
        variable: A target's name or an annual column.
        year: The year.
    """
    return _split(
        _Drivers.of(scenario, combined.seed), combined, full, _full_values(combined, full, variable), variable, year
    )


def _full_values(combined: EnsembleResults, full: pd.DataFrame, variable: str) -> np.ndarray:
    """``variable`` in every row of ``full`` (a target's quantity, or the annual column)."""
    if any(name_matches(t, variable) for t in combined.targets):
        return target_values(combined.target(variable), full).to_numpy(dtype=float)
    return full[variable].to_numpy(dtype=float)


def _split(
    drivers: _Drivers, combined: EnsembleResults, full: pd.DataFrame, values: np.ndarray, variable: str, year: int
) -> SpreadSplit:
    """:func:`split_spread`, with the drivers and ``variable``'s values in ``full`` given."""
    r = combined.runs(variable, year)
    split = split_variance(r.value, r.set, combined.weights, variable, year)
    total, between, within = split.total, split.parameters, split.noise
    rows = full["year"].to_numpy() == year
    r2 = drivers.r2(values[rows], full["replication"].to_numpy()[rows], year)
    drivers_part = within * (r2 or 0.0)
    share = (lambda part: part / total) if total > 0 else (lambda part: float("nan"))
    return SpreadSplit(
        variable, int(year), total, share(between), share(drivers_part), share(within - drivers_part), r2 is not None
    )


def spread_columns(scenario: Scenario, combined: EnsembleResults, full: pd.DataFrame) -> pd.DataFrame:
    """The combined ensemble's verdict table with the three shares of each row's spread
    (``parameter_share``, ``driver_share``, ``chance_share``) and ``driver_split``."""
    table = combined.verdicts.copy()
    drivers = _Drivers.of(scenario, combined.seed)
    values: dict[str, np.ndarray] = {}
    splits = []
    for name, year in zip([str(n) for n in table["name"]], table["year"]):
        if name not in values:
            values[name] = _full_values(combined, full, name)
        splits.append(_split(drivers, combined, full, values[name], name, int(year)))
    for col in ("parameter_share", "driver_share", "chance_share", "driver_split"):
        table[col] = [getattr(s, col) for s in splits]
    return table
