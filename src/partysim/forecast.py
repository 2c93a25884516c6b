"""``partysim.forecast``: what the history alone says (issue 3, section 1).

The public face of :mod:`partysim.forecasting`; import from here::

    from partysim.forecast import forecast, ForecastError
    res = forecast(series, horizon=5)          # pandas Series with a PeriodIndex
    res = forecast("admissions.csv", 5, column="admissions")
    res.to_frame()                             # period, mean, median, lo80, hi80, lo95, hi95
    res.prob_at_least(2027, 3000)              # P(value in 2027 >= 3,000)
    res.prob_rate_at_least(2027, 0.03, members)  # P(>= 3% of members on 1 January)
    print(res.summary())

A series with fewer than 4 points raises :class:`ForecastError` (a
``ValueError``) with a one-line message. See :mod:`partysim.forecasting` for
the models, the backtest, and how the interval factors were learnt.
"""

from __future__ import annotations

from partysim.forecasting import (
    MIN_POINTS,
    MODELS,
    ForecastError,
    ForecastResult,
    IntervalFactors,
    as_series,
    forecast,
    read_series,
)
from partysim.outputs.forecast_chart import forecast_chart

__all__ = [
    "MIN_POINTS",
    "MODELS",
    "ForecastError",
    "ForecastResult",
    "IntervalFactors",
    "as_series",
    "forecast",
    "forecast_chart",
    "read_series",
]
