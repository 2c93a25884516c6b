"""Writing a unit table for planners: Excel (with an instructions sheet) or CSV.

Values are given in scenario terms (``commune``, ``non_state``, ``True``, numbers) and
written in the chosen language (``xã``, ``ngoài nhà nước``, ``có``). Excel cells hold
numbers as numbers; a CSV is written the way the language's Excel writes it:
Vietnamese with ``;`` between columns and a decimal comma, English with ``,`` and a
decimal point, both UTF-8 with a byte-order mark (so that Excel opens them correctly).
Numbers are never written with thousands separators, so they read back unambiguously.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.template_texts import ADMISSIONS_TEXT, COLUMN_TEXTS, GENERAL, HINTS, SHEET_NAMES
from partysim.scenario.sheets.vocabulary import HEADERS, header_by_key
from partysim.scenario.sheets.words import AREAS, FLAGS, KINDS, LEVELS, OWNERSHIPS, Vocabulary

__all__ = ["SheetColumn", "header_text", "sheet_csv", "sheet_xlsx"]

_WORDS: dict[str, Vocabulary] = {
    "kind": KINDS,
    "area": AREAS,
    "ownership": OWNERSHIPS,
    "level": LEVELS,
    "parent_level": LEVELS,
}
_KNOWN = {h.key for h in HEADERS}
_CHOICE_COLUMNS = {
    "kind": KINDS,
    "area": AREAS,
    "ownership": {k: v for k, v in OWNERSHIPS.items() if k != "none"},
    "hardship_area": FLAGS,
}


@dataclass(frozen=True)
class SheetColumn:
    """A column to write: a vocabulary key, or ``admissions`` with a period."""

    key: str
    period: TablePeriod | None = None


def header_text(column: SheetColumn, lang: str) -> str:
    """The header of a column in a language, with its hint in brackets where there is one."""
    if column.period is not None:
        return f"{'Kết nạp' if lang == 'vi' else 'Admissions'} {column.period.label()}"
    if column.key not in _KNOWN:
        return column.key
    header = header_by_key(column.key)
    text = header.vi if lang == "vi" else header.en
    hint = HINTS.get(column.key)
    return f"{text} ({hint[0] if lang == 'vi' else hint[1]})" if hint else text


def _word(key: str, value: Any, lang: str) -> Any:
    if key == "hardship_area" and isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if key == "ownership" and value == "none":
        return None
    if key in _WORDS and isinstance(value, str):
        if key == "parent_level" and " > " in value:
            return " > ".join(_word(key, v, lang) for v in value.split(" > "))
        words = _WORDS[key].get(value)
        return words[0] if words and lang == "vi" else value
    return value


def _number_text(value: float, lang: str) -> str:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if lang == "vi" else text


def _cell(column: SheetColumn, row: dict[SheetColumn, Any], lang: str) -> Any:
    value = row.get(column)
    if value is None:
        return None
    value = _word(column.key, value, lang)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def sheet_csv(columns: Sequence[SheetColumn], rows: Sequence[dict[SheetColumn, Any]], lang: str) -> str:
    """The table as CSV text (with a byte-order mark), header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "vi" else ",", lineterminator="\r\n")
    writer.writerow([header_text(c, lang) for c in columns])
    for row in rows:
        cells = [_cell(c, row, lang) for c in columns]
        writer.writerow(
            ["" if v is None else _number_text(v, lang) if isinstance(v, int | float) else v for v in cells]
        )
    return "\ufeff" + buffer.getvalue()


def sheet_xlsx(
    columns: Sequence[SheetColumn], rows: Sequence[dict[SheetColumn, Any]], lang: str, title: str | None = None
) -> bytes:
    """The table as an Excel workbook: the table sheet (title row, header, rows) and an
    instructions sheet explaining every column in ``lang``."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAMES[lang][0]
    first = 1
    if title:
        ws.cell(1, 1, title).font = _font(bold=True, size=13)
        first = 2
    _write_header(ws, first, columns, lang)
    for i, row in enumerate(rows, start=first + 1):
        for j, column in enumerate(columns, start=1):
            ws.cell(i, j, _cell(column, row, lang))
    ws.freeze_panes = ws.cell(first + 1, 2)
    _add_choices(ws, first + 1, columns, lang)
    _instructions(wb.create_sheet(SHEET_NAMES[lang][1]), columns, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _font(**kwargs: Any) -> Any:
    from openpyxl.styles import Font

    return Font(**kwargs)


def _write_header(ws: Any, row: int, columns: Sequence[SheetColumn], lang: str) -> None:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row, j, header_text(column, lang))
        cell.font = _font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = 28 if j == 1 else 16
    ws.row_dimensions[row].height = 48


def _add_choices(ws: Any, first: int, columns: Sequence[SheetColumn], lang: str) -> None:
    """Drop-down lists for the columns of words (kind, area, ownership, yes/no)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for j, column in enumerate(columns, start=1):
        vocabulary = _CHOICE_COLUMNS.get(column.key)
        if vocabulary is None:
            continue
        words = [words[0] if lang == "vi" else key for key, words in vocabulary.items()]
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        validation.showErrorMessage = False
        letter = get_column_letter(j)
        validation.add(f"{letter}{first}:{letter}{first + 999}")
        ws.add_data_validation(validation)


def _instructions(ws: Any, columns: Sequence[SheetColumn], lang: str) -> None:
    from openpyxl.styles import Alignment

    vi = lang == "vi"
    for i, line in enumerate(GENERAL[lang], start=1):
        ws.cell(i, 1, line)
    row = len(GENERAL[lang]) + 2
    for j, head in enumerate(("Cột", "Ý nghĩa", "Ví dụ") if vi else ("Column", "Meaning", "Example"), start=1):
        ws.cell(row, j, head).font = _font(bold=True)
    listed = list(columns) + [SheetColumn(k) for k in COLUMN_TEXTS if SheetColumn(k) not in columns]
    for column in listed:
        texts = ADMISSIONS_TEXT if column.period is not None else COLUMN_TEXTS.get(column.key)
        if texts is None:
            continue
        row += 1
        optional = "" if column in columns else (" (cột thêm, không bắt buộc)" if vi else " (optional extra column)")
        ws.cell(row, 1, header_text(column, lang) + optional)
        ws.cell(row, 2, texts[0] if vi else texts[1]).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 3, texts[2])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 20
