"""The unit table a planner fills: one row per grassroots organisation (or per group of
identical ones), read into the fields of the scenario's unit templates.

Every number on a row is **per unit** (a row with ``count`` 5 stands for five identical
units), like a unit template's fields: people, members, cells, quota, the pipeline counts
of today and the admissions of past periods. Columns are found by their headers
(:mod:`~partysim.scenario.sheets.vocabulary`); see ``docs/planner-data.md`` for the
template. Each row is checked against the scenario's rules for a unit template, and a
problem is reported at its cell.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from partysim.scenario.sheets.errors import HELP, TableError, say
from partysim.scenario.sheets.header import Column
from partysim.scenario.sheets.period_series import TOTAL_ROW, is_total_label
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.tables import Table, read_table
from partysim.scenario.sheets.unit_fields import (
    CHOICES,
    STAGE_KEYS,
    UNIT_KEYS,
    UNIT_SHAPE,
    read_admission,
    read_choices,
    read_members,
    read_numbers,
    read_pipeline,
)
from partysim.scenario.sheets.words import LEVELS, word_for
from partysim.scenario.territory import UnitTemplate

__all__ = ["STAGE_KEYS", "UNIT_KEYS", "UNIT_SHAPE", "UnitRow", "UnitSheet", "read_unit_sheet"]


@dataclass(frozen=True)
class UnitRow:
    """One row of the unit table, read.

    Attributes:
        row: 0-based row index in the table's cells (spreadsheet row ``row + 1``).
        fields: Unit-template fields (``name``, ``kind``, ``count``, ``people``,
            ``members``, ``pipeline`` ...), without ``parent``; ``level`` only if given.
        parents: The upper nodes named in ``parent``, top first (``"A > B"``: A, B).
        parent_levels: Their levels where the row gives them, else None.
        admissions: Admissions per unit by period (only the columns with values).
    """

    row: int
    fields: dict[str, Any]
    parents: tuple[str, ...]
    parent_levels: tuple[str | None, ...]
    admissions: dict[TablePeriod, float]

    @property
    def count(self) -> int:
        """How many identical units the row stands for."""
        return int(self.fields.get("count", 1))


@dataclass
class UnitSheet:
    """The rows of a unit table and the table they come from."""

    table: Table
    rows: list[UnitRow]

    def column(self, key: str) -> Column | None:
        """The column of a key, or None."""
        return self.table.column(key)

    def periods(self) -> list[TablePeriod]:
        """Periods of the admissions columns that hold values."""
        return sorted({p for r in self.rows for p in r.admissions})


def read_unit_sheet(
    path: str | os.PathLike[str], *, sheet: str | int | None = None, decimal: str | None = None
) -> UnitSheet:
    """Read and check a unit table.

    Args:
        path: CSV or Excel file.
        sheet: Excel sheet name or 0-based position (default: the first sheet).
        decimal: ``","`` or ``"."`` to state the number convention.

    Returns:
        The :class:`UnitSheet` (at least one row).

    Raises:
        TableError: One message naming file, sheet, row, column and field.
    """
    table = read_table(path, UNIT_SHAPE, sheet=sheet, decimal=decimal)
    _check_required(table)
    filled = [c for c in table.period_columns() if any(table.cell(r, c) is not None for r in table.data_rows())]
    rows = [_read_row(table, row, filled) for row in table.data_rows()]
    if not rows:
        raise table.error(
            table.header_row,
            None,
            say("at least one unit below the header", "ít nhất một đơn vị dưới dòng tên cột"),
            problem=say("no rows", "không có dòng nào"),
        )
    return UnitSheet(table, rows)


def _check_required(table: Table) -> None:
    """The table has a column of people and one of members."""
    if table.column("people") is None:
        raise table.error(
            table.header_row,
            None,
            say(
                "a column 'Số người' ('People'): people aged 16-60 who are not members (communes, wards) or staff who "
                "are not members (workplaces)",
                "một cột 'Số người': số người 16-60 tuổi không phải đảng viên (xã, phường) hoặc số lao động không phải "
                "đảng viên (nơi làm việc)",
            ),
            field="people",
            problem=say("no column of people", "không có cột số người"),
        )
    if not any(table.column(k) for k in ("full_members", "members", "members_total")):
        raise table.error(
            table.header_row,
            None,
            say(
                "a column 'Đảng viên chính thức' ('Full members') or 'Tổng số đảng viên' ('Members')",
                "một cột 'Đảng viên chính thức' hoặc 'Tổng số đảng viên'",
            ),
            field="members",
            problem=say("no column of party members", "không có cột số đảng viên"),
        )


def _read_row(table: Table, row: int, period_columns: list[Column]) -> UnitRow:
    name = table.text(row, table.column("name"), "name")
    if name is None:
        raise table.error(row, table.column("name"), say("the unit's name", "tên đơn vị"), field="name")
    if is_total_label(name):
        raise table.error(
            row,
            table.column("name"),
            say("one row per unit", "mỗi đơn vị một dòng"),
            field="name",
            problem=TOTAL_ROW,
            got=name,
        )
    fields: dict[str, Any] = {"name": name}
    parents, levels = _parents(table, row)
    level = table.text(row, table.column("level"), "level")
    if level is not None:
        fields["level"] = word_for(level, LEVELS) or level
    fields.update(read_choices(table, row))
    fields.update(read_numbers(table, row))
    fields.update(read_members(table, row))
    pipeline = read_pipeline(table, row, fields.pop("probation", None))
    if pipeline:
        fields["pipeline"] = pipeline
    _validate(table, row, fields)
    admissions = {c.period: read_admission(table, row, c) for c in period_columns if c.period is not None}
    return UnitRow(row, fields, parents, levels, admissions)


def _parents(table: Table, row: int) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    col = table.column("parent")
    text = table.text(row, col, "parent")
    if text is None:
        return (), ()
    parents = tuple(p.strip() for p in text.split(">"))
    if not all(parents):
        raise table.error(
            row,
            col,
            say(
                "node names separated by '>' (top first), e.g. 'Tỉnh X > Xã Y'",
                "tên các đơn vị cấp trên ngăn bằng '>' (từ trên xuống), ví dụ 'Tỉnh X > Xã Y'",
            ),
            field="parent",
            got=text,
        )
    level_col = table.column("parent_level")
    level_text = table.text(row, level_col, "parent_level")
    if level_text is None:
        return parents, (None,) * len(parents)
    given = [word_for(p.strip(), LEVELS) or p.strip() for p in level_text.split(">")]
    if len(given) > len(parents) or not all(given):
        n = len(parents)
        raise table.error(
            row,
            level_col,
            say(
                f"at most one level per parent ({n}), separated by '>'",
                f"nhiều nhất một cấp cho mỗi đơn vị cấp trên ({n}), ngăn bằng '>'",
            ),
            field="parent_level",
            got=level_text,
        )
    return parents, (None,) * (len(parents) - len(given)) + tuple(given)


def _validate(table: Table, row: int, fields: dict[str, Any]) -> None:
    """Check the row against the scenario's rules for a unit template."""
    try:
        UnitTemplate.model_validate(fields)
    except ValidationError as exc:
        raise _located(table, row, exc.errors()[0]) from None


def _located(table: Table, row: int, error: Any) -> TableError:
    loc = tuple(error.get("loc", ()))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    key = str(loc[0]) if loc else next((k for k in ("ownership", "party_orgs") if k in message), "name")
    if key == "pipeline" and len(loc) > 1:
        key = "probationary" if loc[1] == "probation" else str(loc[1])
    if key == "members":
        key = "full_members" if table.column("full_members") else "members"
    col = table.column(key)
    ctx = error.get("ctx") or {}
    got = table.cell(row, col) if col is not None else TableError.NO_VALUE
    if "le" in ctx:
        x = ctx["le"]
        return table.error(row, col, say(f"a number of at most {x}", f"một số không lớn hơn {x}"), field=key, got=got)
    if "ge" in ctx:
        x = ctx["ge"]
        return table.error(row, col, say(f"a number of at least {x}", f"một số không nhỏ hơn {x}"), field=key, got=got)
    if key == "ownership":
        return table.error(row, col, CHOICES["ownership"][1], field=key, problem=message)
    return table.error(
        row,
        col,
        say(f"a value a unit accepts; {HELP}", f"một giá trị hợp lệ cho đơn vị; {HELP.vi}"),
        field=key,
        problem=message,
    )
