"""Input series: validation and reading from CSV or Excel files.

A series to forecast is a :class:`pandas.Series` of numbers indexed by a
:class:`pandas.PeriodIndex` of annual (``Y``) or quarterly (``Q``) periods,
in order, without gaps or missing values. Units are those of the data
(people per year for admissions, people for a membership stock, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from partysim.forecasting.errors import ForecastError
from partysim.scenario import ScenarioError
from partysim.scenario.sheets.period_series import read_period_series
from partysim.scenario.sheets.periods import TablePeriod

__all__ = ["MIN_POINTS", "SMALL_COUNT_MAX", "SeriesInfo", "as_series", "describe", "read_series"]

#: Fewest points a series needs before anything is forecast.
MIN_POINTS = 4

#: Largest value (per period) of a "small count" series, for which count
#: noise matters and the negative-binomial model is a candidate (a commune,
#: a bloc or a district: a few to a few hundred admissions a year).
SMALL_COUNT_MAX = 500


@dataclass(frozen=True)
class SeriesInfo:
    """What kind of series this is; decides which models apply.

    Attributes:
        freq: ``"Y"`` (annual) or ``"Q"`` (quarterly).
        periods_per_year: 1 or 4.
        count: Every value is a non-negative whole number (people, events):
            sample paths are whole numbers and the negative-binomial model
            applies.
        nonnegative: No value is negative: forecasts are clipped at 0.
        small_count: A count series whose values are all at most
            :data:`SMALL_COUNT_MAX`.
    """

    freq: str
    periods_per_year: int
    count: bool
    nonnegative: bool
    small_count: bool = False


def _freq_of(index: pd.PeriodIndex) -> str:
    code = index.freqstr.upper()
    if code.startswith(("Y", "A")):
        return "Y"
    if code.startswith("Q"):
        return "Q"
    raise ForecastError(f"unsupported period frequency {index.freqstr!r}; use annual or quarterly periods")


def as_series(data: pd.Series, name: str | None = None) -> pd.Series:
    """Check and normalise a series to forecast.

    Args:
        data: Values (any unit) indexed by a ``PeriodIndex`` of annual or
            quarterly periods, or by whole years (ints), which are read as
            annual periods.
        name: Name used in messages; defaults to ``data.name`` or
            ``"series"``.

    Returns:
        A float series with an annual or quarterly ``PeriodIndex``, sorted.

    Raises:
        ForecastError: If the series has fewer than :data:`MIN_POINTS`
            points, missing or non-finite values, duplicate periods or gaps.
    """
    if not isinstance(data, pd.Series):
        raise ForecastError("expected a pandas Series indexed by periods (years or quarters)")
    label = name or (str(data.name) if data.name is not None else "series")
    index = data.index
    if not isinstance(index, pd.PeriodIndex):
        if pd.api.types.is_integer_dtype(index):
            index = pd.PeriodIndex([pd.Period(str(int(y)), freq="Y") for y in index], freq="Y")
        else:
            raise ForecastError(f"series {label!r} must be indexed by years or periods, not {index.dtype}")
    _freq_of(index)
    values = pd.to_numeric(pd.Series(np.asarray(data), index=index), errors="coerce").astype(float)
    if values.isna().any() or not np.isfinite(values.to_numpy()).all():
        bad = values.index[~np.isfinite(values.to_numpy())][0]
        raise ForecastError(f"series {label!r} has a missing or non-numeric value at {bad}")
    if index.has_duplicates:
        raise ForecastError(f"series {label!r} has period {index[index.duplicated()][0]} twice")
    values = values.sort_index()
    if len(values) < MIN_POINTS:
        raise ForecastError(
            f"series {label!r} has {len(values)} point{'s' if len(values) != 1 else ''}; "
            f"at least {MIN_POINTS} are needed to forecast"
        )
    full = pd.period_range(values.index[0], values.index[-1], freq=values.index.freq)
    if len(full) != len(values):
        missing = full.difference(values.index)[0]
        raise ForecastError(f"series {label!r} has no value for {missing}; fill the gap or shorten the series")
    values.index = full
    values.name = label
    return values


def describe(y: pd.Series) -> SeriesInfo:
    """Frequency and kind (count, non-negative) of a validated series."""
    v = y.to_numpy(float)
    nonneg = bool((v >= 0).all())
    count = nonneg and bool(np.allclose(v, np.round(v)))
    freq = _freq_of(y.index)
    small = count and float(v.max()) <= SMALL_COUNT_MAX
    return SeriesInfo(
        freq=freq, periods_per_year=1 if freq == "Y" else 4, count=count, nonnegative=nonneg, small_count=small
    )


def _period_index(periods: tuple[TablePeriod, ...], source: str) -> pd.PeriodIndex:
    freq = periods[0].freq if periods else "Y"
    if freq == "M":
        raise ForecastError(f"{source}: monthly periods are not forecast; add them up into quarters or years")
    return pd.PeriodIndex([pd.Period(str(p), freq=freq) for p in periods], freq=freq)


def read_series(
    path: str | Path, column: str | None = None, sheet: str | int | None = 0, decimal: str | None = None
) -> pd.Series:
    """Read a series from a CSV or Excel file, strictly (see :mod:`partysim.scenario.sheets.period_series`).

    The file has a period column (``year``/``Năm`` with years, or ``period``/``Kỳ``/``Quý``
    with years or quarters: ``2021``, ``2021Q1``, ``Q1/2021``, ``Quý I/2021`` ...) and one or
    more value columns, possibly below title rows. Numbers may be written in the
    Vietnamese (``2.360``, ``12,5``) or English (``2,360``, ``12.5``) convention; a value
    that reads differently in the two, with nothing in the file to decide, is refused.

    Args:
        path: ``.csv`` or ``.xlsx`` file.
        column: Value column to read (its header, or a key such as ``admissions``); may
            be omitted if there is exactly one numeric column besides the period column.
        sheet: Excel sheet name, 0-based position, or 1-based position as text (``"2"``).
        decimal: ``","`` or ``"."`` to state the number convention.

    Returns:
        The validated series (see :func:`as_series`), named after the column's header.

    Raises:
        ForecastError: One line naming the file (sheet, row, column) for a missing or
            unreadable file, missing columns, an ambiguous value column, a cell that
            cannot be read with certainty, or an invalid series.
    """
    path = Path(path)
    try:
        data = read_period_series(path, column, sheet=sheet, decimal=decimal)
    except ScenarioError as err:
        raise ForecastError(str(err)) from None
    index = _period_index(data.periods, path.name)
    return as_series(pd.Series(data.values, index=index, name=data.name), name=data.name)
