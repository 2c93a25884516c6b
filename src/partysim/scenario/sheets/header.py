"""Finding the header row of a planner's table, below any title rows.

Planners put a title (or several lines: the organisation, the report's name, a date)
above their table. The header row is the first row, among the first
:data:`HEADER_SEARCH_ROWS`, whose cells name the columns the reader needs (matched with
the vocabulary of :mod:`~partysim.scenario.sheets.vocabulary`). The text above it is
the table's title.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from partysim.scenario.sheets.errors import HELP, Said, TableError, said_in, say
from partysim.scenario.sheets.files import Cell, RawTable
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.text import fold
from partysim.scenario.sheets.vocabulary import HEADERS, header_by_key, match_header, period_header

__all__ = ["HEADER_SEARCH_ROWS", "NOTE_HEADERS", "Column", "TableShape", "find_header"]

#: Rows searched for the header.
HEADER_SEARCH_ROWS = 30

#: Headers of columns kept for the planner's own use and never read (numbering, notes).
NOTE_HEADERS = frozenset(
    fold(w)
    for w in ("stt", "tt", "số tt", "số thứ tự", "ghi chú", "no", "#", "note", "notes", "mã", "mã số", "code", "id")
)


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        index: 0-based position (``0`` is column A).
        header: The header as written.
        key: The vocabulary key (``people``, ``year`` ...), or None.
        period: For a column of admissions in a period, that period; else None.
        language: ``"vi"``, ``"en"`` or None (a bare period, an unknown header).
    """

    index: int
    header: str
    key: str | None
    period: TablePeriod | None = None
    language: str | None = None


@dataclass(frozen=True)
class TableShape:
    """What a table must look like.

    Attributes:
        needs: Alternatives, each a set of keys that must all be present: the header is
            the first row that satisfies one of them (e.g. ``({"year"}, {"period"})``).
        allowed: Keys read from this table; other known headers are refused, unless
            ``keep_unknown``.
        periods: Whether admissions-per-period columns (``2021``, ``Q1/2022``) are read.
        keep_unknown: Keep unknown headers as columns with ``key`` None (value columns
            of a series); otherwise an unknown header is an error.
        what: What the table is, for messages (``"a table of units"``; a
            :class:`~partysim.scenario.sheets.errors.Said` for both languages).
        describe: The header row it needs, for messages (default: from ``needs``).
        extra_keys: Keys also accepted when a header is written as the key itself
            (``members_total``, ``Members total``): fields of the scenario file that the
            vocabulary has no words for.
    """

    needs: tuple[frozenset[str], ...]
    allowed: frozenset[str]
    periods: bool = False
    keep_unknown: bool = False
    what: str = "a table"
    describe: str | None = None
    extra_keys: frozenset[str] = frozenset()


def _classify(index: int, cell: Cell, shape: TableShape) -> Column | None:
    text = _header_text(cell)
    if text is None:
        return None
    matched = match_header(text)
    if matched is not None and (matched[0] in shape.allowed or not shape.keep_unknown):
        return Column(index, text, matched[0], language=matched[1])
    extra = {fold(k): k for k in shape.extra_keys}.get(fold(text))
    if extra is not None:
        return Column(index, text, extra, language="en")
    if shape.periods:
        found = period_header(text)
        if found is not None:
            return Column(index, text, "admissions", period=found[0], language=found[1])
    return Column(index, text, None)


def _header_text(cell: Cell) -> str | None:
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() or None


def _row_columns(row: Sequence[Cell], shape: TableShape) -> list[Column]:
    return [c for i, cell in enumerate(row) if (c := _classify(i, cell, shape)) is not None]


def _satisfies(columns: list[Column], shape: TableShape) -> bool:
    keys = {c.key for c in columns if c.key is not None and c.period is None}
    return any(need <= keys for need in shape.needs)


def find_header(raw: RawTable, shape: TableShape) -> tuple[int, list[Column], str | None]:
    """The header row, its columns and the title above it.

    Args:
        raw: The table's cells.
        shape: What the table must contain.

    Returns:
        (0-based index of the header row, its columns, the title or None). Note and
        numbering columns (:data:`NOTE_HEADERS`) are left out.

    Raises:
        TableError: No header row; a known column that this table does not read; an
            unknown header (unless ``shape.keep_unknown``); a column given twice.
    """
    for i, row in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
        columns = _row_columns(row, shape)
        if _satisfies(columns, shape):
            columns = [c for c in columns if fold(c.header) not in NOTE_HEADERS]
            _check_columns(raw, i, columns, shape)
            return i, columns, _title(raw.rows[:i])
    raise _no_header(raw, shape)


def _check_columns(raw: RawTable, row: int, columns: list[Column], shape: TableShape) -> None:
    seen: dict[object, Column] = {}
    for col in columns:

        def error(expected: str, problem: str, col: Column = col) -> TableError:
            return TableError(
                raw.file, expected, sheet=raw.sheet, row=row + 1, column=col.index, header=col.header, problem=problem
            )

        if col.key is None and not shape.keep_unknown:
            raise error(_suggest(col.header, shape), say("unknown column", "cột không có trong mẫu"))
        if col.key is not None and col.period is None and col.key not in shape.allowed | shape.extra_keys:
            raise error(
                say(f"only the columns of {shape.what}", f"chỉ các cột của {said_in(shape.what, 'vi')}"),
                say("column not read here", "cột này không được đọc ở đây"),
            )
        ident = (col.key, col.period) if col.key is not None else ("?", col.header)
        if ident in seen and col.key is not None:
            first = seen[ident].header
            raise error(
                say("each column once", "mỗi cột một lần"), say(f"same column as '{first}'", f"trùng với cột '{first}'")
            )
        seen[ident] = col


def _suggest(header: str, shape: TableShape) -> Said:
    spellings = {s: h.key for h in HEADERS if h.key in shape.allowed for s in h.spellings()}
    close = difflib.get_close_matches(fold(header), list(spellings), n=1, cutoff=0.75)
    vi, key = (header_by_key(spellings[close[0]]).vi, spellings[close[0]]) if close else ("", "")
    hint = say(f" (did you mean '{vi}' / '{key}'?)", f" (có phải '{vi}' / '{key}'?)") if close else say("", "")
    periods = (
        say(", a period such as 2021 or Q1/2022,", ", một kỳ như 2021 hoặc Q1/2022,") if shape.periods else say("", "")
    )
    return say(
        f"a known header{periods} or a notes column ('Ghi chú'){hint}; {HELP}",
        f"một tên cột có trong mẫu{periods.vi} hoặc cột ghi chú ('Ghi chú'){hint.vi}; {HELP.vi}",
    )


def _title(rows: list[list[Cell]]) -> str | None:
    texts = [str(c).strip() for row in rows for c in row if isinstance(c, str) and c.strip()]
    return texts[0] if texts else None


def _no_header(raw: RawTable, shape: TableShape) -> TableError:
    def names(joint: str, inner: str) -> str:
        return joint.join(
            inner.join(f"'{header_by_key(k).vi}' ('{header_by_key(k).en}')" for k in sorted(n)) for n in shape.needs
        )

    need = shape.describe or say(names(" or ", " and "), names(" hoặc ", " và "))
    first = next((r for r in raw.rows[:HEADER_SEARCH_ROWS] if any(c is not None for c in r)), None)
    n = HEADER_SEARCH_ROWS
    expected = say(
        f"a header row with {need} in the first {n} rows",
        f"một dòng tên cột có {said_in(need, 'vi')} trong {n} dòng đầu",
    )
    if first is None:
        return TableError(
            raw.file,
            expected,
            sheet=raw.sheet,
            problem=say("no header row found (the sheet is empty)", "không thấy dòng tên cột (trang trống)"),
        )
    return TableError(
        raw.file,
        expected,
        sheet=raw.sheet,
        problem=say("no header row found", "không thấy dòng tên cột"),
        got=", ".join(str(c) for c in first if c is not None),
    )
