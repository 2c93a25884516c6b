"""Drivers into the simulation: youth population, out-migration, enterprise employment.

A scenario's ``drivers:`` block gives each driver's annual history and says whether it is
``forecast`` or ``fixed``. A forecast driver is forecast with
:func:`partysim.forecasting.forecast` (honest intervals, simulated sample paths); each
replication ``r`` follows sample path ``r`` (of :data:`N_PATHS`), so uncertainty about the
drivers shows in the verdicts, and the same replication follows the same path under every
policy (common random numbers).

The engine receives, per driver, a multiplier for each simulated calendar year: the
driver's value that year (observed where the history covers it, else the path's) divided
by its value in the year before the simulation starts (or the last observed year before
that). A fixed driver has multiplier 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.scenario.schema import Scenario
from partysim.scenario.study import Driver

DRIVER_NAMES = ("youth_population", "out_migration", "enterprise_employment")
N_PATHS = 1000
"""Sample paths drawn per forecast driver; replication ``r`` uses path ``r % N_PATHS``."""

_CACHE: dict[tuple, dict[str, np.ndarray]] = {}


def simulated_years(scenario: Scenario) -> list[int]:
    y0, m0 = scenario.start_ym
    y1 = y0 + (m0 - 1 + scenario.months - 1) // 12
    return list(range(y0, y1 + 1))


def multiplier_paths(driver: Driver, years: list[int], seed: int, n_paths: int = N_PATHS) -> np.ndarray:
    """Multipliers (n_paths, len(years)) of one driver relative to the year before ``years[0]``."""
    hist = pd.Series(driver.history, dtype=float).sort_index()
    before = hist[hist.index < years[0]]
    base = float(before.iloc[-1]) if len(before) else float(hist.iloc[0])
    values = np.empty((n_paths, len(years)))
    last = int(hist.index.max())
    future = [y for y in years if y > last]
    if future and driver.mode == "forecast":
        from partysim.forecasting import forecast

        series = pd.Series(hist.to_numpy(), index=pd.PeriodIndex([str(y) for y in hist.index], freq="Y"))
        res = forecast(series, horizon=max(future) - last, n_paths=max(n_paths, 100), seed=seed)
        paths = res.paths[:n_paths]
    for j, y in enumerate(years):
        if y in hist.index:
            values[:, j] = hist[y]
        elif driver.mode == "forecast":
            values[:, j] = paths[:, y - last - 1]
        else:
            values[:, j] = hist.iloc[-1]
    return np.maximum(values, 0.0) / base


def driver_paths(scenario: Scenario, seed: int | None = None) -> dict[str, np.ndarray]:
    """Multiplier paths (N_PATHS, simulated years) of every driver in the scenario (cached)."""
    seed = scenario.seed if seed is None else int(seed)
    key = (scenario.drivers.model_dump_json(), scenario.start, scenario.end, seed)
    if key not in _CACHE:
        out = {}
        for name in DRIVER_NAMES:
            driver = getattr(scenario.drivers, name)
            if driver is not None:
                out[name] = multiplier_paths(driver, simulated_years(scenario), seed)
        _CACHE[key] = out
    return _CACHE[key]


def replication_drivers(scenario: Scenario, replication: int, seed: int | None = None) -> dict[str, np.ndarray]:
    """The multipliers replication ``replication`` follows (one path per driver)."""
    return {name: paths[replication % len(paths)] for name, paths in driver_paths(scenario, seed).items()}
