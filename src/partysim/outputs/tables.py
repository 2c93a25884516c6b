"""Checks and reductions of the result tables that charts and the brief share.

The ``annual`` table has one row per (replication, year); its ``months`` column, when
present, says how many months of that year were simulated. The ``funnel`` table has one
row per pipeline stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload

import pandas as pd

__all__ = ["complete_years", "quantiles_by_year", "require_columns"]


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
