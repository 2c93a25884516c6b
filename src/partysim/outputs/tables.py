"""Checks and reductions of the result tables that charts and the brief share.

The ``annual`` table has one row per (replication, year); its ``months`` column, when
present, says how many months of that year were simulated. The ``funnel`` table has one
row per pipeline stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload

import pandas as pd

__all__ = ["complete_years", "part_years", "quantiles_by_year", "require_columns", "stock_positions"]


def require_columns(df: pd.DataFrame, cols: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` if ``df`` is empty or lacks any of ``cols``.

    Args:
        df: The table.
        cols: Columns it must have.
        what: Its name in the message, e.g. ``"annual"``.
    """
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} is missing columns: {', '.join(missing)}")
    if len(df) == 0:
        raise ValueError(f"{what} is empty")


@overload
def complete_years(annual: pd.DataFrame) -> pd.DataFrame: ...
@overload
def complete_years(annual: None) -> None: ...


def complete_years(annual: pd.DataFrame | None) -> pd.DataFrame | None:
    """Rows of complete calendar years only.

    If ``annual`` has a ``months`` column (months simulated in that year), rows
    with fewer than 12 months are dropped, because a part-year (e.g. a run starting
    in July) would read as a collapse in admissions. Without that column, or if no
    row is a complete year, ``annual`` is returned as is (``None`` and empty tables
    too).
    """
    if annual is None or not len(annual) or "months" not in annual.columns:
        return annual
    full = annual[annual["months"] >= 12]
    return full if len(full) else annual


def quantiles_by_year(annual: pd.DataFrame, column: str, qs: Sequence[float]) -> pd.DataFrame:
    """Quantiles of ``column`` across replications, one row per year.

    Returns:
        DataFrame indexed by year with one column per quantile level (linear
        interpolation).
    """
    q = annual.groupby("year")[column].quantile(list(qs)).unstack()
    return q.sort_index()


def part_years(annual: pd.DataFrame) -> dict[int, tuple[int, int]]:
    """Years simulated in part: ``{year: (first month, last month)}``.

    A part year at the start of the run ends in December; any other ends after its
    ``months`` months. Empty without a ``months`` column.
    """
    if "months" not in annual.columns or not len(annual):
        return {}
    months = annual.groupby("year")["months"].max().sort_index()
    first_year = int(months.index.min())
    out = {}
    for year, n in months.items():
        n = int(n)
        if n < 12:
            out[int(year)] = (13 - n, 12) if int(year) == first_year and len(months) > 1 else (1, n)
    return out


def stock_positions(annual: pd.DataFrame) -> dict[int, float]:
    """Where each year's end-of-period stock (``members_end``) sits on a year axis.

    A year that runs to December sits at the year itself (31 December); a part year
    ending in month ``m`` at ``year - 1 + m / 12`` (its last day), so a run ending in May
    is drawn in May, not at the end of the year.
    """
    parts = part_years(annual)
    years = sorted(int(y) for y in annual["year"].unique())
    return {y: (y - 1 + parts[y][1] / 12 if y in parts and parts[y][1] < 12 else float(y)) for y in years}
