"""Past admissions in a unit table, added up for the whole territory.

Admissions columns hold admissions **per unit** in a year, a quarter or a month; the
territory's figure for a period is the sum over rows of the value times the row's
``count``. A year's figure comes from its year column, or from its four quarters or
twelve months when all are there; when a row has both, they must agree. Quarters and
months that do not make a whole year are kept as such (the scenario file records years
only; see :attr:`SheetHistory.partial`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from partysim.scenario.sheets.errors import say
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.unit_sheet import UnitRow, UnitSheet

__all__ = ["SheetHistory", "next_month", "sheet_history"]

_PARTS = {"Q": 4, "M": 12}
_PART_WORDS = {"Y": ("year", "năm"), "Q": ("quarters", "các quý"), "M": ("months", "các tháng")}


@dataclass(frozen=True)
class SheetHistory:
    """The territory's past admissions.

    Attributes:
        years: Admissions per calendar year (whole years only).
        quarters: Admissions per quarter, for every quarter column with values.
        months: Admissions per month, for every month column with values.
        partial: Years with some quarters or months but neither a year column nor all
            of its parts (not in ``years``).
        last: The latest period with values, or None.
    """

    years: dict[int, float]
    quarters: dict[TablePeriod, float]
    months: dict[TablePeriod, float]
    partial: tuple[int, ...]
    last: TablePeriod | None


def _row_years(sheet: UnitSheet, r: UnitRow) -> dict[int, float]:
    """A row's admissions per whole year (per unit), checking that the parts agree."""
    by_year: dict[int, dict[str, list[tuple[TablePeriod, float]]]] = defaultdict(lambda: defaultdict(list))
    for period, value in r.admissions.items():
        by_year[period.year][period.freq].append((period, value))
    out: dict[int, float] = {}
    for year, parts in sorted(by_year.items()):
        totals = {
            freq: sum(v for _, v in items) for freq, items in parts.items() if freq == "Y" or len(items) == _PARTS[freq]
        }
        if len(set(totals.values())) > 1:
            col = next((c for c in sheet.table.period_columns() if c.period == TablePeriod(year)), None)
            en = ", ".join(f"{_PART_WORDS[f][0]} {t:g}" for f, t in totals.items())
            vi = ", ".join(f"{_PART_WORDS[f][1]} {t:g}" for f, t in totals.items())
            raise sheet.table.error(
                r.row,
                col,
                say(
                    f"the year's admissions to equal the sum of its parts ({en})",
                    f"số kết nạp cả năm bằng tổng các phần ({vi})",
                ),
                field="admissions",
            )
        if totals:
            out[year] = next(iter(totals.values()))
    return out


def sheet_history(sheet: UnitSheet) -> SheetHistory:
    """Add up the admissions columns of a unit table.

    Raises:
        TableError: A row whose year column disagrees with its quarters or months.
    """
    years: dict[int, float] = defaultdict(float)
    parts: dict[str, dict[TablePeriod, float]] = {"Q": defaultdict(float), "M": defaultdict(float)}
    for r in sheet.rows:
        for year, value in _row_years(sheet, r).items():
            years[year] += value * r.count
        for period, value in r.admissions.items():
            if period.freq in parts:
                parts[period.freq][period] += value * r.count
    periods = sheet.periods()
    partial = sorted({p.year for p in periods} - set(years))
    return SheetHistory(
        years=dict(sorted(years.items())),
        quarters=dict(sorted(parts["Q"].items())),
        months=dict(sorted(parts["M"].items())),
        partial=tuple(partial),
        last=max(periods, key=_end_month) if periods else None,
    )


def _end_month(period: TablePeriod) -> tuple[int, int]:
    if period.quarter is not None:
        return period.year, 3 * period.quarter
    return period.year, period.month or 12


def next_month(period: TablePeriod) -> str:
    """``YYYY-MM`` of the month after a period ends (2022 -> 2023-01, Q2/2022 -> 2022-07)."""
    year, month = _end_month(period)
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"
