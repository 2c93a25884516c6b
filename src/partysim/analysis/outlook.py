"""What history alone says, next to what the simulation says.

For a scenario with at least four years of recorded admissions before its simulated
years, :func:`statistical_outlook` forecasts admissions from history alone
(:func:`partysim.forecasting.forecast`, honest intervals), and :func:`departures` lists
the years where the simulation's median leaves the forecast's 80% interval. The run's
chart (:func:`partysim.outputs.charts.outlook_chart`) shows both, and
:func:`partysim.outputs.outlook_text.outlook_text` says it in words for the report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.scenario.schema import Scenario


def statistical_outlook(scenario: Scenario, seed: int | None = None) -> pd.DataFrame | None:
    """Forecast bands (year, p50, lo80, hi80, lo95, hi95) of admissions from history alone.

    Returns None if fewer than four recorded years precede the simulated ones, or if the
    forecast fails.
    """
    from partysim.forecasting import ForecastError, forecast

    y0, m0 = scenario.start_ym
    last_sim = y0 + (m0 - 1 + scenario.months - 1) // 12
    hist = {int(y): float(v) for y, v in scenario.history.admissions.items() if int(y) < y0}
    if len(hist) < 4:
        return None
    last = max(hist)
    horizon = last_sim - last
    if horizon < 1:
        return None
    years = sorted(hist)
    series = pd.Series([hist[y] for y in years], index=pd.PeriodIndex([str(y) for y in years], freq="Y"))
    try:
        res = forecast(series, horizon=min(horizon, 10), seed=scenario.seed if seed is None else seed)
    except (ForecastError, ValueError):
        return None
    paths = res.paths
    q = np.quantile(paths, [0.5, 0.1, 0.9, 0.025, 0.975], axis=0)
    fyears = [last + 1 + k for k in range(paths.shape[1])]
    bands = pd.DataFrame({"year": fyears, "p50": q[0], "lo80": q[1], "hi80": q[2], "lo95": q[3], "hi95": q[4]})
    bands.attrs["model"] = ", ".join(f"{k} {v:.0%}" for k, v in res.weights.items())
    return bands[bands["year"] >= y0].reset_index(drop=True)


def departures(bands: pd.DataFrame, annual: pd.DataFrame) -> list[dict]:
    """Years where the simulated median admissions leave the forecast's 80% interval."""
    if "months" in annual.columns:
        annual = annual[annual["months"] >= 12]
    med = annual.groupby("year")["admissions"].median()
    out = []
    for row in bands.itertuples():
        if row.year not in med.index:
            continue
        sim = float(med.loc[row.year])
        if sim > row.hi80 or sim < row.lo80:
            out.append(
                {
                    "year": int(row.year),
                    "simulated": sim,
                    "lo80": float(row.lo80),
                    "hi80": float(row.hi80),
                    "direction": "above" if sim > row.hi80 else "below",
                }
            )
    return out
