"""A planner's table, read strictly: every cell is read as written, or refused.

:func:`read_table` reads a CSV file or an Excel sheet (:mod:`~partysim.scenario.sheets.files`),
finds the header row below any titles (:mod:`~partysim.scenario.sheets.header`) and
returns a :class:`Table` whose cell readers refuse what they cannot read with certainty.

Numbers follow one convention per column (:mod:`~partysim.scenario.sheets.numbers`):

1. the ``decimal`` argument, when given (``","``: Vietnamese, ``"."``: English);
2. otherwise the cells of the column that only one convention reads (``12,5``,
   ``1.234,5``, ``2.36``, ``1,234.5``); a column with both kinds is refused;
3. otherwise such cells elsewhere in the table (when they all agree);
4. otherwise the table's language: Vietnamese headers, or a CSV separated by
   semicolons, mean the Vietnamese convention (``2.360`` is 2360);
5. otherwise a cell that reads differently in the two conventions (``2.360``,
   ``2,360``) is refused. Cells without separators (``2360``) always read the same.

Excel cells that hold numbers are read as they are; text cells follow the rules above.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

from partysim.scenario.sheets.errors import Said, TableError, say
from partysim.scenario.sheets.files import Cell, RawTable, read_raw_table
from partysim.scenario.sheets.header import Column, TableShape, find_header
from partysim.scenario.sheets.numbers import (
    CONVENTION_NAMES,
    ambiguous,
    evidence,
    example_number,
    misread_whole,
    pick,
    readings,
)
from partysim.scenario.sheets.periods import PERIOD_EXAMPLES, TablePeriod, parse_period_cell

__all__ = ["Table", "decimal_style", "read_table"]

_DECIMAL_STYLES = {",": "vi", ".": "en", "vi": "vi", "en": "en"}
_NO_VALUE: Any = TableError.NO_VALUE


def decimal_style(decimal: str | None) -> str | None:
    """The convention meant by a ``decimal`` argument: ``","`` -> ``"vi"``, ``"."`` -> ``"en"``.

    Raises:
        ValueError: Neither ``","``, ``"."``, ``"vi"``, ``"en"`` nor None.
    """
    if decimal is None:
        return None
    try:
        return _DECIMAL_STYLES[decimal.strip()]
    except KeyError:
        raise ValueError(f"decimal separator must be ',' or '.', got {decimal!r}") from None


@dataclass
class Table:
    """A table below its header row, with strict cell readers.

    Attributes:
        raw: All cells of the file or sheet.
        header_row: 0-based index of the header row in ``raw.rows``.
        columns: The columns read (see :class:`~partysim.scenario.sheets.header.Column`).
        title: Text above the header, or None.
        decimal: The forced convention (``"vi"``/``"en"``), or None.
    """

    raw: RawTable
    header_row: int
    columns: list[Column]
    title: str | None = None
    decimal: str | None = None
    _styles: dict[int, str | None] = field(default_factory=dict, repr=False)
    _proofs: dict[int, dict[str, int]] = field(default_factory=dict, repr=False)
    _rows: list[int] | None = field(default=None, repr=False)

    @property
    def language(self) -> str | None:
        """``"vi"`` when most language-bearing headers are Vietnamese, ``"en"`` when most
        are English, else None."""
        vi = sum(c.language == "vi" for c in self.columns)
        en = sum(c.language == "en" for c in self.columns)
        return "vi" if vi > en else "en" if en > vi else None

    def column(self, key: str) -> Column | None:
        """The column of a vocabulary key (not a period column), or None."""
        return next((c for c in self.columns if c.key == key and c.period is None), None)

    def period_columns(self) -> list[Column]:
        """Columns of admissions per period, in the order of their periods."""
        return sorted((c for c in self.columns if c.period is not None), key=lambda c: c.period or TablePeriod(0))

    def cell(self, row: int, column: Column | None) -> Cell:
        """The raw value at a 0-based row index and a column (None for no column)."""
        if column is None:
            return None
        cells = self.raw.rows[row]
        return cells[column.index] if column.index < len(cells) else None

    def data_rows(self) -> list[int]:
        """0-based indexes of the rows below the header with a value in a read column."""
        if self._rows is None:
            self._rows = [
                i
                for i in range(self.header_row + 1, len(self.raw.rows))
                if any(self.cell(i, c) is not None for c in self.columns)
            ]
        return list(self._rows)

    def error(
        self,
        row: int | None,
        column: Column | None,
        expected: str,
        *,
        field: str | None = None,
        problem: str | None = None,
        got: Any = _NO_VALUE,
    ) -> TableError:
        """A :class:`TableError` located at a 0-based row and a column."""
        return TableError(
            self.raw.file,
            expected,
            sheet=self.raw.sheet,
            row=None if row is None else row + 1,
            column=None if column is None else column.index,
            header=None if column is None else column.header,
            field=field if field is not None else (column.key if column else None),
            problem=problem,
            got=got,
        )

    def _check_cell(self, row: int, column: Column, field: str | None) -> Cell:
        value = self.cell(row, column)
        if (row, column.index) in self.raw.formulas:
            raise self.error(
                row,
                column,
                _A_VALUE,
                field=field,
                problem=say(
                    "a formula Excel has not computed; open the file in Excel and save it",
                    "một công thức Excel chưa tính; mở tệp bằng Excel rồi lưu lại",
                ),
            )
        if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "A", "?")):
            raise self.error(
                row,
                column,
                _A_VALUE,
                field=field,
                problem=say("an Excel error value", "một giá trị lỗi của Excel"),
                got=value,
            )
        return value

    def text(self, row: int, column: Column | None, field: str | None = None) -> str | None:
        """The cell as text (numbers written as such), or None when blank."""
        if column is None:
            return None
        value = self._check_cell(row, column, field)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip() or None

    def period(self, row: int, column: Column, field: str | None = None) -> TablePeriod | None:
        """The cell as a period, or None when blank."""
        value = self._check_cell(row, column, field)
        if value is None:
            return None
        try:
            return parse_period_cell(value)
        except ValueError as exc:
            said = exc.args[0] if exc.args and isinstance(exc.args[0], Said) else say(str(exc), str(exc))
            reason = say(str(said).split(":")[0], said.vi.split(":")[0])
            raise self.error(row, column, PERIOD_EXAMPLES, field=field, problem=reason, got=value) from None

    def number(
        self,
        row: int,
        column: Column | None,
        field: str | None = None,
        *,
        whole: bool = False,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        """The cell as a number, or None when blank (or the column is absent).

        Args:
            row: 0-based row index.
            column: The column.
            field: Field name for messages (default: the column's key).
            whole: Require a whole number.
            low: Smallest accepted value.
            high: Largest accepted value.

        Raises:
            TableError: Not a number; a number the conventions read differently with
                nothing to decide between them; not whole; out of range.
        """
        if column is None:
            return None
        value = self._check_cell(row, column, field)
        if value is None:
            return None
        number = self._number_value(row, column, value, field, whole)
        if whole and not float(number).is_integer():
            raise self._not_whole(row, column, value, field)
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.error(row, column, _bounds(low, high), field=field, got=value)
        return number

    def _not_whole(self, row: int, column: Column, value: Cell, field: str | None) -> TableError:
        """A fraction in a column of counts; ``5,200`` read as 5.2 is explained."""
        style = self.style_of(column)
        meant = misread_whole(readings(value), style) if isinstance(value, str) and style is not None else None
        if meant is None:
            return self.error(row, column, example_number(style, whole=True), field=field, got=value)
        lang = "Vietnamese" if style == "vi" else "English"
        text = str(value).strip()
        shown = _plain(pick(readings(text), style))
        grouped = f"{int(meant):,}".replace(",", "." if style == "vi" else ",")
        problem = say(
            f"in {lang} writing {text} means {shown}, not a whole number",
            f"theo cách viết {'Việt Nam' if style == 'vi' else 'tiếng Anh'}, {text} là "
            f"{shown.replace('.', ',') if style == 'vi' else shown}, không phải số nguyên",
        )
        expected = say(
            f"a whole number: write {grouped} or {int(meant)} if you mean {int(meant)}",
            f"một số nguyên: ghi {grouped} hoặc {int(meant)} nếu là {int(meant)}",
        )
        return self.error(row, column, expected, field=field, problem=problem, got=value)

    def _number_value(self, row: int, column: Column, value: Cell, field: str | None, whole: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(row, column, example_number(None, whole), field=field, got=value)
        if isinstance(value, int | float):
            if not math.isfinite(value):
                raise self.error(row, column, say("a finite number", "một số hữu hạn"), field=field, got=value)
            return float(value)
        try:
            found = readings(value)
        except ValueError:
            raise self.error(
                row, column, example_number(self.style_of(column), whole), field=field, got=value
            ) from None
        style = self.style_of(column)
        try:
            return pick(found, style)
        except ValueError as exc:
            if ambiguous(found) and style is None:
                raise self._ambiguous(row, column, value, found, field) from None
            raise self.error(
                row, column, example_number(style, whole), field=field, got=value, problem=exc.args[0]
            ) from None

    def _ambiguous(self, row: int, column: Column, text: str, found: dict[str, float], field: str | None) -> TableError:
        thousands, decimals = _plain(max(found.values())), _plain(min(found.values()))
        vi, en = _plain(found["vi"]), _plain(found["en"])
        problem = say(
            f"{text!r} reads as {vi} in the Vietnamese convention and as {en} in the English convention, "
            "and nothing in the table says which",
            f"{text!r} là {vi.replace('.', ',')} theo cách viết Việt Nam nhưng là {en.replace('.', ',')} "
            "theo cách viết tiếng Anh, và bảng không cho biết theo cách nào",
        )
        expected = say(
            f"a number that reads one way only: {thousands} (no separator) or {decimals}; "
            "or state the convention (--decimal , for Vietnamese or --decimal . for English)",
            f"một số chỉ đọc được một cách: {thousands} (không có dấu phân cách) hoặc "
            f"{decimals.replace('.', ',')}; hoặc nói rõ cách viết (--decimal , cho cách viết Việt Nam, "
            "--decimal . cho cách viết tiếng Anh)",
        )
        return self.error(row, column, expected, field=field, problem=problem)

    def style_of(self, column: Column) -> str | None:
        """The number convention of a column (see the module's rules), or None."""
        if column.index not in self._styles:
            self._styles[column.index] = self._find_style(column)
        return self._styles[column.index]

    def _find_style(self, column: Column) -> str | None:
        if self.decimal is not None:
            return self.decimal
        own = self._evidence(column, strict=True)
        if own is not None:
            return own
        found = {self._evidence(c, strict=False) for c in self.columns if c.index != column.index}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if self.language == "vi" or self.raw.delimiter == ";":
            return "vi"
        return None

    def _evidence(self, column: Column, strict: bool) -> str | None:
        first = self._first_proofs(column)
        if len(first) < 2:
            return next(iter(first), None)
        if not strict:
            return None
        later = max(first, key=lambda s: first[s])
        earlier = min(first, key=lambda s: first[s])
        where, cell = first[earlier] + 1, self.cell(first[earlier], column)
        a, b = CONVENTION_NAMES[earlier], CONVENTION_NAMES[later]
        problem = say(
            f"the column mixes number conventions: row {where} {cell!r} ({a}) and this row ({b})",
            f"cột trộn hai cách viết số: dòng {where} {cell!r} ({a.vi}) và dòng này ({b.vi})",
        )
        raise self.error(
            first[later],
            column,
            say("one convention throughout the column", "một cách viết cho cả cột"),
            problem=problem,
            got=self.cell(first[later], column),
        )

    def _first_proofs(self, column: Column) -> dict[str, int]:
        """Convention -> first row whose text only that convention reads."""
        if column.index in self._proofs:
            return self._proofs[column.index]
        first: dict[str, int] = {}
        for row in self.data_rows():
            value = self.cell(row, column)
            if not isinstance(value, str):
                continue
            try:
                style = evidence(readings(value))
            except ValueError:
                continue
            if style is not None and style not in first:
                first[style] = row
        self._proofs[column.index] = first
        return first


_A_VALUE = say("a value", "một giá trị")


def _bounds(low: float | None, high: float | None) -> Said:
    if high is not None:
        return say(f"a number from {_plain(low)} to {_plain(high)}", f"một số từ {_plain(low)} đến {_plain(high)}")
    return say(f"a number of at least {_plain(low)}", f"một số không nhỏ hơn {_plain(low)}")


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def read_table(
    path: str | os.PathLike[str],
    shape: TableShape,
    *,
    sheet: str | int | None = None,
    decimal: str | None = None,
    encoding: str | None = None,
) -> Table:
    """Read a planner's table (CSV or one Excel sheet) below its header row.

    Args:
        path: The file.
        shape: What the table must contain (:class:`~partysim.scenario.sheets.header.TableShape`).
        sheet: Excel sheet name or 0-based position (default: the first sheet).
        decimal: ``","`` (Vietnamese) or ``"."`` (English) to state the number
            convention instead of finding it.
        encoding: Force the text encoding of a CSV file.

    Returns:
        The :class:`Table`.

    Raises:
        TableError: See :func:`~partysim.scenario.sheets.files.read_raw_table` and
            :func:`~partysim.scenario.sheets.header.find_header`; a bad ``decimal``.
    """
    try:
        style = decimal_style(decimal)
    except ValueError:
        raise TableError(
            os.fspath(path),
            "',' or '.'",
            field="decimal",
            got=decimal,
            problem=say("not a decimal separator", "không phải dấu thập phân"),
        ) from None
    raw = read_raw_table(path, sheet=sheet, encoding=encoding)
    header_row, columns, title = find_header(raw, shape)
    return Table(raw, header_row, columns, title=title, decimal=style)
