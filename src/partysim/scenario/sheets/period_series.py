"""A series table: one row per period (year, quarter or month), one or more value columns.

This is what ``partysim forecast SERIES.csv`` reads::

    Báo cáo kết nạp đảng viên huyện X          <- title rows are skipped
    Năm;Kết nạp;Ghi chú
    2019;2.260;                                <- Vietnamese headers: 2.260 is 2260
    2020;2.410;

The period column is headed ``year`` / ``Năm`` or ``period`` / ``Kỳ`` / ``Quý`` /
``Tháng``; a value column is chosen by its header as written, or by a vocabulary key
(``admissions`` finds ``Kết nạp``). Rows left blank at the end (periods to come) are
dropped; any other missing value is an error.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from partysim.scenario.sheets.errors import say
from partysim.scenario.sheets.header import Column, TableShape
from partysim.scenario.sheets.numbers import readings
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.tables import Table, read_table
from partysim.scenario.sheets.text import fold, has_diacritics

__all__ = ["SERIES_SHAPE", "TOTAL_ROW", "PeriodSeries", "is_total_label", "read_period_series"]

SERIES_SHAPE = TableShape(
    needs=(frozenset({"year"}), frozenset({"period"})),
    allowed=frozenset({"year", "period", "admissions", "members", "outflow", "certificates"}),
    keep_unknown=True,
    what=say("a series (one row per period)", "bảng số liệu (mỗi kỳ một dòng)"),
    describe=say(
        "a 'year' or 'period' column (Năm, Kỳ, Quý or Tháng)", "một cột 'Năm' hoặc 'Kỳ' (Năm, Kỳ, Quý hoặc Tháng)"
    ),
)

#: The problem of a total row (``Tổng cộng``), in both languages.
TOTAL_ROW = say(
    "a total row; delete it (partysim adds up by itself)", "dòng tổng cộng; xóa dòng này (partysim tự cộng)"
)

_TOTAL_LABELS = ("tổng", "tổng cộng", "cộng", "tổng số", "total", "totals", "grand total", "sum")
_TOTAL_STARTS = ("tổng cộng ", "tổng số ", "total ")


def is_total_label(text: object) -> bool:
    """Whether a cell reads like the label of a total row (``Tổng cộng``, ``Cộng``, ``Total``).

    ``Công ty A`` and ``Tổng công ty B`` are not: diacritics are compared when written.
    """
    words = " ".join(re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFC", str(text)).casefold()).split())
    if not has_diacritics(text):
        labels = {fold(w) for w in _TOTAL_LABELS}
        return words in labels or any(words.startswith(fold(s) + " ") for s in _TOTAL_STARTS)
    return words in _TOTAL_LABELS or words.startswith(_TOTAL_STARTS)


@dataclass(frozen=True)
class PeriodSeries:
    """Values by period, read from a table.

    Attributes:
        name: The value column's header as written.
        periods: The periods, in the order of the rows.
        values: The values (unit of the table).
        title: Text above the header, or None.
    """

    name: str
    periods: tuple[TablePeriod, ...]
    values: tuple[float, ...]
    title: str | None = None

    @property
    def freq(self) -> str:
        """``"Y"``, ``"Q"`` or ``"M"`` (``"Y"`` for an empty series)."""
        return self.periods[0].freq if self.periods else "Y"


def _value_columns(table: Table, period_col: Column) -> list[Column]:
    return [c for c in table.columns if c.index != period_col.index and c.key not in ("year", "period")]


def _is_numeric(table: Table, column: Column) -> bool:
    """Whether every filled cell of the column is a number in some convention."""
    seen = False
    for row in table.data_rows():
        value = table.cell(row, column)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return False
        if isinstance(value, str):
            try:
                readings(value)
            except ValueError:
                return False
        seen = True
    return seen


def _choose_column(table: Table, period_col: Column, column: str | None) -> Column:
    candidates = _value_columns(table, period_col)
    listed = ", ".join(c.header for c in candidates) or "none"
    if column is None:
        numeric = [c for c in candidates if _is_numeric(table, c)]
        if len(numeric) != 1:
            problem = (
                say("more than one value column", "có nhiều cột số liệu")
                if numeric
                else say("no numeric column", "không có cột số")
            )
            raise table.error(
                None,
                None,
                say(
                    f"one value column; choose it with --column (columns: {listed})",
                    f"một cột số liệu; chọn bằng --column (các cột: {listed})",
                ),
                problem=problem,
            )
        return numeric[0]
    for test in (lambda c: c.header == column, lambda c: fold(c.header) == fold(column), lambda c: c.key == column):
        found = [c for c in candidates if test(c)]
        if len(found) == 1:
            return found[0]
    raise table.error(
        None,
        None,
        say(f"one of the columns {listed}", f"một trong các cột {listed}"),
        problem=say(f"no column {column!r}", f"không có cột {column!r}"),
    )


def read_period_series(
    path: str | os.PathLike[str],
    column: str | None = None,
    *,
    sheet: str | int | None = None,
    decimal: str | None = None,
) -> PeriodSeries:
    """Read one value column of a series table.

    Args:
        path: CSV or Excel file.
        column: The value column (header as written, case and diacritics aside, or a
            vocabulary key such as ``admissions``); may be omitted when exactly one
            column besides the period holds numbers.
        sheet: Excel sheet name or 0-based position (default: the first).
        decimal: ``","`` or ``"."`` to state the number convention.

    Returns:
        The :class:`PeriodSeries`.

    Raises:
        TableError: A problem with the file, a cell or the columns (one message naming
            file, sheet, row, column and field).
    """
    table = read_table(path, SERIES_SHAPE, sheet=sheet, decimal=decimal)
    period_col = table.column("year") or table.column("period")
    assert period_col is not None  # the shape requires one
    value_col = _choose_column(table, period_col, column)
    rows = _rows_with_values(table, period_col, value_col)
    periods: list[TablePeriod] = []
    values: list[float] = []
    first_row: dict[TablePeriod, int] = {}
    for row, period, value in rows:
        if periods and period.freq != periods[0].freq:
            like = periods[0].label()
            raise table.error(
                row,
                period_col,
                say(f"periods of one kind throughout (like {like})", f"các kỳ cùng một loại (như {like})"),
                field="period",
                got=table.cell(row, period_col),
            )
        if period in first_row:
            twin = first_row[period] + 1
            raise table.error(
                row,
                period_col,
                say("each period once", "mỗi kỳ một lần"),
                field="period",
                problem=say(f"same period as row {twin}", f"trùng kỳ với dòng {twin}"),
                got=table.cell(row, period_col),
            )
        first_row[period] = row
        periods.append(period)
        values.append(value)
    return PeriodSeries(value_col.header, tuple(periods), tuple(values), table.title)


def _rows_with_values(table: Table, period_col: Column, value_col: Column) -> list[tuple[int, TablePeriod, float]]:
    """(row, period, value) of the data rows; blank values at the end are dropped."""
    rows = [
        r for r in table.data_rows() if table.cell(r, period_col) is not None or table.cell(r, value_col) is not None
    ]
    while rows and table.cell(rows[-1], value_col) is None:
        rows.pop()
    out: list[tuple[int, TablePeriod, float]] = []
    for row in rows:
        label = table.cell(row, period_col)
        if label is not None and is_total_label(label):
            raise table.error(
                row,
                period_col,
                say("one row per period", "mỗi kỳ một dòng"),
                field="period",
                problem=TOTAL_ROW,
                got=label,
            )
        period = table.period(row, period_col, field="period")
        if period is None:
            raise table.error(
                row, period_col, say("a period for every value", "một kỳ cho mỗi giá trị"), field="period"
            )
        value = table.number(row, value_col, field=value_col.key or value_col.header)
        if value is None:
            shown = period.label()
            raise table.error(
                row,
                value_col,
                say(f"a value for {shown} (write 0 if it was zero)", f"một giá trị cho {shown} (ghi 0 nếu bằng 0)"),
                field=value_col.key or value_col.header,
            )
        out.append((row, period, value))
    return out
