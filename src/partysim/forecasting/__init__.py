"""Forecasts of short annual or quarterly series with honest intervals.

One concept per module:

* :mod:`.series`: input validation and CSV/Excel reading.
* :mod:`.models`: candidate statsmodels / closed-form models.
* :mod:`.backtest`: rolling-origin backtest and scores.
* :mod:`.combine`: weights from backtest accuracy; path mixtures.
* :mod:`.intervals`: interval widening factors learnt on M3 yearly series.
* :mod:`.fit`: :func:`forecast`, the entry point.
* :mod:`.result`: :class:`ForecastResult`.

The forecast fan chart is drawn by :mod:`partysim.outputs.forecast_chart`.
"""

from __future__ import annotations

from partysim.forecasting.errors import ForecastError
from partysim.forecasting.fit import forecast
from partysim.forecasting.intervals import IntervalFactors
from partysim.forecasting.models import MODELS
from partysim.forecasting.result import ForecastResult
from partysim.forecasting.series import MIN_POINTS, as_series, read_series

__all__ = [
    "MIN_POINTS",
    "MODELS",
    "ForecastError",
    "ForecastResult",
    "IntervalFactors",
    "as_series",
    "forecast",
    "read_series",
]
