"""Reading a planner's table file into a grid of cells: CSV or Excel.

CSV: columns separated by commas, semicolons or tabs (found from the file; a file where
two separators fit equally well is refused); text in UTF-8 with or without a byte-order
mark, UTF-16 with a byte-order mark, or Windows-1258 (the Vietnamese Windows code page;
accepted only when every character decodes to Vietnamese text). Excel: ``.xlsx`` and
``.xlsm`` (read with openpyxl), any sheet by name or position; the first by default.
Formulas are read as their last computed value; a formula Excel never computed is
refused. Old ``.xls`` and other formats are refused with a hint.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from partysim.scenario.sheets.errors import TableError, say
from partysim.scenario.sheets.text import fold, looks_vietnamese

__all__ = ["EXCEL_SUFFIXES", "MAX_TABLE_BYTES", "Cell", "RawTable", "read_raw_table"]

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None
"""A cell's value: text (stripped), a number, a boolean, a date, or None when blank."""

#: Largest table file accepted, in bytes.
MAX_TABLE_BYTES = 20 * 1024 * 1024

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_REFUSED_SUFFIXES = {
    ".xls": say(
        "the old Excel format (.xls) is not read; open it in Excel and save it as .xlsx or as CSV UTF-8",
        "không đọc được định dạng Excel cũ (.xls); mở tệp bằng Excel rồi lưu thành .xlsx hoặc CSV UTF-8",
    ),
    ".ods": say(
        "OpenDocument sheets are not read; save the sheet as .xlsx or as CSV UTF-8",
        "không đọc được tệp OpenDocument; lưu thành .xlsx hoặc CSV UTF-8",
    ),
    ".numbers": say(
        "Numbers files are not read; export the sheet as .xlsx or as CSV UTF-8",
        "không đọc được tệp Numbers; xuất thành .xlsx hoặc CSV UTF-8",
    ),
}
_DELIMITERS = (",", ";", "\t")


@dataclass
class RawTable:
    """The cells of one table, row by row, as the file holds them.

    Attributes:
        file: The file as given by the user (for messages).
        sheet: The sheet's name (Excel), or None (CSV).
        rows: Cell values; ``rows[i]`` is spreadsheet row ``i + 1``.
        delimiter: The CSV column separator, or None for Excel.
        formulas: (row, column) of formula cells Excel never computed (0-based).
    """

    file: str
    sheet: str | None
    rows: list[list[Cell]]
    delimiter: str | None = None
    formulas: set[tuple[int, int]] = field(default_factory=set)


def read_raw_table(
    path: str | os.PathLike[str], sheet: str | int | None = None, encoding: str | None = None
) -> RawTable:
    """Read every cell of a CSV file or of one Excel sheet.

    Args:
        path: The file (``.csv``, ``.txt``, ``.tsv``, ``.xlsx`` or ``.xlsm``).
        sheet: Excel only: a sheet name (case and diacritics do not matter when no
            name matches exactly), a 0-based position (an int), or a 1-based position
            written as text (``"2"``: the second sheet, unless a sheet is named ``2``).
            Default: the first sheet.
        encoding: CSV only: force a text encoding (``"utf-8"``, ``"cp1258"``, ...).

    Returns:
        The :class:`RawTable`.

    Raises:
        TableError: Missing, too large or unreadable file; unknown format; text that is
            not in a known encoding; an unknown sheet; a CSV whose separator is unclear.
    """
    file = os.fspath(path)
    data = _read_bytes(file)
    suffix = Path(file).suffix.lower()
    if suffix in _REFUSED_SUFFIXES:
        raise TableError(
            file, say("a .xlsx or .csv file", "một tệp .xlsx hoặc .csv"), problem=_REFUSED_SUFFIXES[suffix]
        )
    if suffix in EXCEL_SUFFIXES or data[:4] == b"PK\x03\x04":
        return _read_excel(file, data, sheet)
    if sheet not in (None, 0):
        raise TableError(
            file,
            say("an Excel file (.xlsx) when a sheet is chosen", "một tệp Excel (.xlsx) khi chọn trang tính"),
            problem=say("a CSV file has no sheets", "tệp CSV không có trang tính"),
        )
    return _read_csv(file, _decode(file, data, encoding))


def _read_bytes(file: str) -> bytes:
    if not os.path.exists(file):
        raise TableError(
            file, say("an existing file", "một tệp có thật"), problem=say("file not found", "không thấy tệp")
        )
    if os.path.isdir(file):
        raise TableError(file, say("a file", "một tệp"), problem=say("is a folder", "đây là một thư mục"))
    try:
        size = os.path.getsize(file)
        if size > MAX_TABLE_BYTES:
            mb, most = f"{size / 2**20:.1f}", MAX_TABLE_BYTES // 2**20
            raise TableError(
                file,
                say(f"a file of at most {most} MB", f"một tệp không quá {most} MB"),
                problem=say(f"file is too large ({mb} MB)", f"tệp quá lớn ({mb} MB)"),
            )
        with open(file, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise TableError(file, say("a readable file", "một tệp đọc được"), problem=exc.strerror or str(exc)) from None


def _decode(file: str, data: bytes, encoding: str | None) -> str:
    """Text of a CSV file, NFC-normalised."""
    if encoding is not None:
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except (LookupError, UnicodeDecodeError) as exc:
            raise TableError(
                file, say(f"text in the encoding {encoding}", f"văn bản mã hóa {encoding}"), problem=str(exc)
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", data.decode("utf-16"))
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if "\ufffd" not in text and looks_vietnamese(text):
        return text
    raise TableError(
        file,
        say("text saved as 'CSV UTF-8' (or Excel .xlsx)", "văn bản lưu dạng 'CSV UTF-8' (hoặc Excel .xlsx)"),
        row=line,
        problem=say(
            "the text is not UTF-8 and not Vietnamese Windows-1258",
            "văn bản không phải UTF-8 cũng không phải Windows-1258 tiếng Việt",
        ),
    )


def _read_csv(file: str, text: str) -> RawTable:
    delimiter = _find_delimiter(file, text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(file, say("well-formed CSV", "tệp CSV đúng dạng"), problem=str(exc)) from None
    rows: list[list[Cell]] = [[(c.strip() or None) for c in record] for record in records]
    return RawTable(file, None, rows, delimiter=delimiter)


def _find_delimiter(file: str, text: str) -> str:
    """The separator that splits the most rows into the same number (2 or more) of
    columns; on a tie, the one giving more columns. A full tie is refused."""
    sample = "\n".join(text.splitlines()[:200])
    scores: dict[str, tuple[int, int]] = {}
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(r)]
        except csv.Error:
            continue
        wide = Counter(w for w in widths if w >= 2)
        width, rows = max(wide.items(), key=lambda item: (item[1], item[0])) if wide else (0, 0)
        scores[delimiter] = (rows, width)
    best = max(scores.values(), default=(0, 0))
    winners = [d for d, s in scores.items() if s == best]
    if best[0] == 0:
        return ","
    if len(winners) > 1:
        names = " and ".join(repr(d) for d in winners)
        raise TableError(
            file,
            say(
                "one column separator used throughout (comma or semicolon)",
                "một dấu ngăn cột cho cả tệp (dấu phẩy hoặc dấu chấm phẩy)",
            ),
            problem=say(
                f"cannot tell whether {names} separates the columns",
                f"không biết {names.replace(' and ', ' hay ')} ngăn các cột",
            ),
        )
    return winners[0]


def _read_excel(file: str, data: bytes, sheet: str | int | None) -> RawTable:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise TableError(
            file,
            say("a CSV file", "một tệp CSV"),
            problem=say("reading Excel files needs openpyxl", "cần openpyxl để đọc tệp Excel"),
        ) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise TableError(
            file,
            say("an Excel workbook (.xlsx)", "một tệp Excel (.xlsx)"),
            problem=say(f"cannot read the file ({exc})", f"không đọc được tệp ({exc})"),
        ) from None
    try:
        name = _choose_sheet(file, values.sheetnames, sheet)
        rows = [list(r) for r in values[name].iter_rows(values_only=True)]
        uncomputed = _uncomputed(rows, [list(r) for r in formulas[name].iter_rows(values_only=True)])
    finally:
        values.close()
        formulas.close()
    cells = [[_excel_cell(c) for c in row] for row in rows]
    return RawTable(file, name, cells, formulas=uncomputed)


def _choose_sheet(file: str, names: list[str], sheet: str | int | None) -> str:
    if not names:
        raise TableError(
            file,
            say("a workbook with at least one sheet", "một tệp có ít nhất một trang tính"),
            problem=say("no sheet", "không có trang tính"),
        )
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return names[sheet]
        n, k = len(names), sheet + 1
        raise TableError(
            file,
            say(f"a sheet position from 1 to {n}", f"số thứ tự trang tính từ 1 đến {n}"),
            problem=say(f"no sheet number {k}", f"không có trang tính số {k}"),
        )
    sheet = str(sheet)
    if sheet in names:
        return sheet
    folded = [n for n in names if fold(n) == fold(sheet)]
    if len(folded) == 1:
        return folded[0]
    if sheet.strip().isdigit():
        return _choose_sheet(file, names, int(sheet) - 1)
    listed = ", ".join(repr(n) for n in names)
    raise TableError(
        file,
        say(f"one of the sheets {listed}", f"một trong các trang tính {listed}"),
        problem=say(f"no sheet named {sheet!r}", f"không có trang tính tên {sheet!r}"),
    )


def _uncomputed(values: list[list[Cell]], formulas: list[list[Cell]]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for i, row in enumerate(formulas):
        for j, cell in enumerate(row):
            if isinstance(cell, str) and cell.startswith("="):
                value = values[i][j] if i < len(values) and j < len(values[i]) else None
                if value is None:
                    out.add((i, j))
    return out


def _excel_cell(value: object) -> Cell:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time) or value is None:
        return value
    return str(value)
