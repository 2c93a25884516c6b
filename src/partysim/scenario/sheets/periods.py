"""Periods as planners write them: years, quarters and months.

Accepted (case, diacritics and spaces do not matter):

* years: ``2022``, ``Năm 2022``;
* quarters: ``Q1/2022``, ``Q1-2022``, ``Q1 2022``, ``2022Q1``, ``2022-Q1``, ``Quý I/2022``,
  ``Quý 1/2022``, ``Quý 1 năm 2022``;
* months: ``01/2022``, ``1/2022``, ``2022-01``, ``Tháng 1/2022``, ``T1/2022``,
  ``tháng 01 năm 2022``; in Excel also a date cell on the first day of a month (Excel
  turns a typed ``01/2022`` into one).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from partysim.scenario.sheets.errors import say
from partysim.scenario.sheets.text import fold_keep

__all__ = ["PERIOD_EXAMPLES", "TablePeriod", "parse_period_cell", "parse_period_text"]

#: How periods may be written (for messages).
PERIOD_EXAMPLES = say(
    "a year (2022), a quarter (Q1/2022, 2022Q1, Quý I/2022) or a month (01/2022, Tháng 1/2022)",
    "một năm (2022), một quý (Q1/2022, 2022Q1, Quý I/2022) hoặc một tháng (01/2022, Tháng 1/2022)",
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*(?:[/\-.]|\s|nam)\s*"
_YEAR = r"(?P<year>(?:19|20|21)\d{2})"
_QUARTER_NUMBER = r"(?P<quarter>[1-4]|iv|iii|ii|i)"
_PATTERNS = (
    ("Y", re.compile(rf"(?:nam\s*)?{_YEAR}")),
    ("Q", re.compile(rf"(?:q|quy|quarter)\s*{_QUARTER_NUMBER}{_SEP}(?:nam\s*)?{_YEAR}")),
    ("Q", re.compile(rf"{_YEAR}\s*[-/ ]?\s*q{_QUARTER_NUMBER}")),
    ("M", re.compile(rf"(?:thang|t)\s*(?P<month>\d{{1,2}}){_SEP}(?:nam\s*)?{_YEAR}")),
    ("M", re.compile(rf"(?P<month>\d{{1,2}})\s*[/-]\s*{_YEAR}")),
    ("M", re.compile(rf"{_YEAR}\s*[/-]\s*(?P<month>\d{{1,2}})")),
)


@total_ordering
@dataclass(frozen=True)
class TablePeriod:
    """A year, a quarter or a month (ordered by first month, a year before its parts).

    Attributes:
        year: The calendar year.
        quarter: 1-4 for a quarter, else None.
        month: 1-12 for a month, else None.
    """

    year: int
    quarter: int | None = None
    month: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        """(year, first month, 0 for a year / 1 for a quarter / 2 for a month)."""
        if self.quarter is not None:
            return self.year, 3 * self.quarter - 2, 1
        if self.month is not None:
            return self.year, self.month, 2
        return self.year, 1, 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, TablePeriod):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    @property
    def freq(self) -> str:
        """``"Y"`` (year), ``"Q"`` (quarter) or ``"M"`` (month)."""
        if self.quarter is not None:
            return "Q"
        return "M" if self.month is not None else "Y"

    def __str__(self) -> str:
        """``2022``, ``2022Q1`` or ``2022-01`` (the forms pandas reads)."""
        if self.quarter is not None:
            return f"{self.year}Q{self.quarter}"
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    def label(self) -> str:
        """How the period is written in a template header: ``2022``, ``Q1/2022``, ``01/2022``."""
        if self.quarter is not None:
            return f"Q{self.quarter}/{self.year}"
        if self.month is not None:
            return f"{self.month:02d}/{self.year}"
        return str(self.year)


def parse_period_text(text: str) -> TablePeriod:
    """Read a period written as text.

    Raises:
        ValueError: Not one of the forms in :data:`PERIOD_EXAMPLES`, or a month
            outside 1-12.
    """
    folded = fold_keep(text)
    for freq, pattern in _PATTERNS:
        match = pattern.fullmatch(folded)
        if match is None:
            continue
        year = int(match["year"])
        if freq == "Y":
            return TablePeriod(year)
        if freq == "Q":
            number = match["quarter"]
            return TablePeriod(year, quarter=_ROMAN.get(number) or int(number))
        month = int(match["month"])
        if 1 <= month <= 12:
            return TablePeriod(year, month=month)
        raise ValueError(say(f"month {month} is not 1-12", f"tháng {month} không thuộc 1-12"))
    raise ValueError(say(f"not a period: {text!r}", f"không phải một kỳ: {text!r}"))


def parse_period_cell(value: object) -> TablePeriod:
    """Read a period from a cell: text, a whole number (a year) or an Excel date.

    Raises:
        ValueError: Not a period; a number that is not a whole year; a date that is
            not the first day of a month.
    """
    if isinstance(value, bool):
        raise ValueError(say("not a period", "không phải một kỳ"))
    if isinstance(value, dt.datetime | dt.date):
        if value.day != 1:
            raise ValueError(
                say(
                    f"the date {value:%d/%m/%Y} is not a month (write 01/2022 as text)",
                    f"ngày {value:%d/%m/%Y} không phải một tháng (ghi 01/2022 dạng văn bản)",
                )
            )
        return TablePeriod(value.year, month=value.month)
    if isinstance(value, int | float):
        if float(value).is_integer() and 1900 <= value <= 2199:
            return TablePeriod(int(value))
        raise ValueError(say(f"{value} is not a year", f"{value} không phải một năm"))
    return parse_period_text(str(value))
