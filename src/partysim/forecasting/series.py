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

__all__ = ["MIN_POINTS", "SMALL_COUNT_MAX", "SeriesInfo", "as_series", "describe", "read_series"]

#: Fewest points a series needs before anything is forecast.
MIN_POINTS = 4

#: Largest value (per period) of a "small count" series, for which count
#: noise matters and the negative-binomial model is a candidate (a commune,
#: a bloc or a district: a few to a few hundred admissions a year).
SMALL_COUNT_MAX = 500

_PERIOD_COLUMNS = ("year", "period")


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
    return SeriesInfo(freq=freq, periods_per_year=1 if freq == "Y" else 4, count=count, nonnegative=nonneg,
                      small_count=small)


def _parse_periods(col: pd.Series, kind: str, source: str) -> pd.PeriodIndex:
    if kind == "year":
        years = pd.to_numeric(col, errors="coerce")
        if years.isna().any() or not np.allclose(years, np.round(years)):
            raise ForecastError(f"{source}: column 'year' must hold whole years")
        return pd.PeriodIndex([pd.Period(str(int(y)), freq="Y") for y in years], freq="Y")
    text = col.astype(str).str.strip().str.replace("-", "", regex=False).str.upper()
    try:
        if text.str.fullmatch(r"\d{4}").all():
            return pd.PeriodIndex([pd.Period(t, freq="Y") for t in text], freq="Y")
        if text.str.fullmatch(r"\d{4}Q[1-4]").all():
            return pd.PeriodIndex([pd.Period(t, freq="Q") for t in text], freq="Q")
    except (ValueError, TypeError):
        pass
    raise ForecastError(f"{source}: column 'period' must hold years (2021) or quarters (2021Q1) throughout")


def read_series(path: str | Path, column: str | None = None, sheet: str | int = 0) -> pd.Series:
    """Read a series from a CSV or Excel file.

    The file has a ``year`` column (whole years) or a ``period`` column
    (``2021`` or ``2021Q1``/``2021-Q1``), and one or more value columns.

    Args:
        path: ``.csv``, ``.xlsx`` or ``.xls`` file (Excel needs ``openpyxl``).
        column: Value column to read; may be omitted if there is exactly
            one numeric column besides the period column.
        sheet: Excel sheet name or position.

    Returns:
        The validated series (see :func:`as_series`), named after the column.

    Raises:
        ForecastError: On a missing or unreadable file, missing columns, an
            ambiguous value column, or an invalid series.
    """
    path = Path(path)
    source = path.name
    try:
        if path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=sheet)
        else:
            frame = pd.read_csv(path)
    except FileNotFoundError:
        raise ForecastError(f"{path}: file not found") from None
    except ImportError as err:
        raise ForecastError(f"{source}: reading Excel files needs an extra package ({err.name}); save as CSV") from None
    except (ValueError, OSError, pd.errors.ParserError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ForecastError(f"{source}: cannot read the file ({first})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    lower = {c.lower(): c for c in frame.columns}
    kind = next((k for k in _PERIOD_COLUMNS if k in lower), None)
    if kind is None:
        raise ForecastError(f"{source}: needs a 'year' or 'period' column; found {', '.join(frame.columns) or 'none'}")
    period_col = lower[kind]
    if column is None:
        numeric = [c for c in frame.columns if c != period_col and pd.api.types.is_numeric_dtype(frame[c])]
        if len(numeric) != 1:
            found = ", ".join(c for c in frame.columns if c != period_col) or "none"
            raise ForecastError(f"{source}: choose the value column with --column (columns: {found})")
        column = numeric[0]
    elif column not in frame.columns:
        raise ForecastError(f"{source}: no column {column!r} (columns: {', '.join(frame.columns)})")
    frame = frame.dropna(subset=[period_col], how="all")
    index = _parse_periods(frame[period_col], kind, source)
    return as_series(pd.Series(frame[column].to_numpy(), index=index, name=column), name=column)
