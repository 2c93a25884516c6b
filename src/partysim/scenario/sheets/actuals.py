"""The actuals sheet of the quarterly review: admissions so far this year, per unit, and
the pipeline today where it is known.

One row per unit template of the scenario (its ``territory.units`` names, the unit rows of
the ``by_node`` table). **Every number on a row is the total of all the template's units**
(a template of 12 identical workshops: the admissions of the 12 together), unlike the unit
table of ``partysim init``, where numbers are per unit. Columns (Vietnamese or English
headers, the vocabulary of :mod:`~partysim.scenario.sheets.vocabulary`):

* ``Tên đơn vị`` / ``Name`` (required): a unit template's name;
* ``Kết nạp`` / ``Admissions`` (required): people admitted from 1 January to the end of
  the as-of quarter;
* optional pipeline counts today: ``Quần chúng ưu tú trong nguồn`` / ``Source``,
  ``Đang học lớp bồi dưỡng`` / ``In class``, ``Đã có giấy chứng nhận`` / ``Certified``,
  ``Đang thẩm tra lý lịch`` / ``Vetting``, ``Chờ xét kết nạp`` / ``Awaiting vote``.
  A blank cell means "not known".

Numbers follow the table reader's conventions (:mod:`~partysim.scenario.sheets.tables`):
``1.234`` is 1234 in a Vietnamese table. Units left out are not conditioned (their year
is the plain simulation). Any problem raises one :class:`TableError` naming file, sheet,
row, column and what was expected.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field

from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.errors import TableError, say
from partysim.scenario.sheets.header import TableShape
from partysim.scenario.sheets.period_series import is_total_label
from partysim.scenario.sheets.tables import Table, read_table
from partysim.scenario.sheets.vocabulary import header_by_key

__all__ = ["ACTUALS_SHAPE", "PIPELINE_KEYS", "Actuals", "UnitActuals", "actuals_template", "read_actuals"]

PIPELINE_KEYS: tuple[str, ...] = ("source", "class", "certified", "vetting", "vote")
"""Pipeline stages an actuals sheet may count (the stages of ``pipeline_start`` before
admission, in order)."""

ACTUALS_SHAPE = TableShape(
    needs=(frozenset({"name", "admissions"}),),
    allowed=frozenset({"name", "admissions", *PIPELINE_KEYS}),
    what=say(
        "an actuals table (admissions so far, per unit)", "một bảng số liệu thực tế (số kết nạp đến nay, theo đơn vị)"
    ),
    describe=say(
        "a header row with 'Tên đơn vị' ('Name') and 'Kết nạp' ('Admissions')",
        "một dòng tên cột có 'Tên đơn vị' và 'Kết nạp'",
    ),
)


@dataclass(frozen=True)
class UnitActuals:
    """One row: a unit template's admissions so far and its pipeline counts today.

    Attributes:
        name: The unit template's name.
        admissions: People admitted so far this year (all the template's units).
        pipeline: Stage (:data:`PIPELINE_KEYS`) -> people at that stage today; only the
            stages given.
        row: 1-based row in the file (for messages).
    """

    name: str
    admissions: int
    pipeline: dict[str, int] = field(default_factory=dict)
    row: int = 0


@dataclass(frozen=True)
class Actuals:
    """The actuals of one file: one :class:`UnitActuals` per unit template given."""

    file: str
    units: dict[str, UnitActuals]

    @property
    def has_pipeline(self) -> bool:
        """Whether any row gives a pipeline count."""
        return any(u.pipeline for u in self.units.values())


def read_actuals(
    path: str | os.PathLike[str], scenario: Scenario, *, sheet: str | int | None = None, decimal: str | None = None
) -> Actuals:
    """Read and check an actuals sheet against ``scenario``'s unit templates.

    Raises:
        TableError: A missing column, an unknown or repeated unit name, a total row, a
            count that is not a whole number of at least 0 (one message, located).
    """
    table = read_table(path, ACTUALS_SHAPE, sheet=sheet, decimal=decimal)
    names = [tpl.name for tpl in scenario.territory.units]
    units: dict[str, UnitActuals] = {}
    for row in table.data_rows():
        unit = _read_row(table, row, names)
        if unit.name in units:
            raise table.error(
                row,
                table.column("name"),
                say("each unit once", "mỗi đơn vị một dòng"),
                problem=say(f"also on row {units[unit.name].row}", f"đã có ở dòng {units[unit.name].row}"),
                got=unit.name,
            )
        units[unit.name] = unit
    if not units:
        raise table.error(
            table.header_row,
            None,
            say("at least one unit below the header", "ít nhất một đơn vị dưới dòng tên cột"),
            problem=say("no rows", "không có dòng nào"),
        )
    return Actuals(os.fspath(path), units)


def _read_row(table: Table, row: int, names: list[str]) -> UnitActuals:
    column = table.column("name")
    name = table.text(row, column, "name")
    known = ", ".join(repr(n) for n in names)
    if name is None or is_total_label(name) or name not in names:
        raise table.error(
            row,
            column,
            say(f"a unit of the scenario: {known}", f"một đơn vị của kịch bản: {known}"),
            field="name",
            got=name if name is not None else TableError.NO_VALUE,
        )
    admissions = table.number(row, table.column("admissions"), "admissions", whole=True, low=0)
    if admissions is None:
        raise table.error(
            row, table.column("admissions"), say("people admitted so far this year", "số người đã kết nạp từ đầu năm")
        )
    pipeline = {}
    for key in PIPELINE_KEYS:
        value = table.number(row, table.column(key), key, whole=True, low=0)
        if value is not None:
            pipeline[key] = int(value)
    return UnitActuals(name, int(admissions), pipeline, row + 1)


def actuals_template(scenario: Scenario, lang: str, fmt: str = "xlsx") -> bytes:
    """An actuals sheet to fill: the scenario's unit templates, one per row, the columns
    of :func:`read_actuals` with headers in ``lang``, the numbers blank.

    Args:
        scenario: Supplies the unit names.
        lang: ``"vi"`` or ``"en"``.
        fmt: ``"xlsx"`` or ``"csv"`` (CSV as the language's Excel writes it).
    """
    keys = ("name", "admissions", *PIPELINE_KEYS)
    headers = [getattr(header_by_key(k), lang) for k in keys]
    names = [tpl.name for tpl in scenario.territory.units]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if lang == "vi" else ",", lineterminator="\r\n")
        writer.writerows([headers, *([n] + [""] * (len(keys) - 1) for n in names)])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu thực tế" if lang == "vi" else "Actuals"
    ws.append(headers)
    for n in names:
        ws.append([n])
    ws.column_dimensions["A"].width = 36
    notes = wb.create_sheet("Hướng dẫn" if lang == "vi" else "Instructions")
    for line in _TEMPLATE_NOTES[lang]:
        notes.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_TEMPLATE_NOTES = {
    "vi": [
        "Mỗi dòng là một nhóm đơn vị của kịch bản; số liệu là TỔNG của cả nhóm (không phải của một đơn vị).",
        "Kết nạp: số người đã kết nạp từ 1/1 đến hết quý đang xét (bắt buộc).",
        "Các cột quy trình (nguồn, đang học lớp, có giấy chứng nhận, thẩm tra lý lịch, chờ xét): số người hiện nay; để trống nếu không biết.",
        "Xóa dòng của nhóm không có số liệu. Sau đó chạy: partysim review KICH_BAN.yaml --actuals TEP_NAY.xlsx --as-of 2025-Q2",
    ],
    "en": [
        "One row per unit group of the scenario; numbers are the TOTAL of the whole group (not of one unit).",
        "Admissions: people admitted from 1 January to the end of the quarter under review (required).",
        "Pipeline columns (source, in class, certified, vetting, awaiting vote): people there today; leave blank if not known.",
        "Delete the rows of groups without figures. Then run: partysim review SCENARIO.yaml --actuals THIS_FILE.xlsx --as-of 2025-Q2",
    ],
}
