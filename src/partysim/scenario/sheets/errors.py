"""The one error a planner sees for a bad table: :class:`TableError`.

A :class:`~partysim.scenario.ScenarioError` whose message names the file, the sheet
(for Excel), the row, the column (its Excel letter and its header), the field and what
was expected::

    units.xlsx, sheet 'Đơn vị', row 7, column F 'Số người': field 'people': expected a
    whole number such as 4000 or 4.000, got '4.000,5'

The command line prints it after ``error:`` (``lỗi:``) and exits with code 2, like any
scenario error. Message parts are written with :func:`say`, which keeps their English and
Vietnamese forms together; :meth:`TableError.render` picks one::

    units.xlsx, trang tính 'Đơn vị', dòng 7, cột F 'Số người': trường 'people': cần một số
    nguyên, ví dụ 2360 hoặc 2.360, nhưng có '4.000,5'
"""

from __future__ import annotations

from typing import Any

from partysim.scenario import ScenarioError

__all__ = ["HELP", "Said", "TableError", "column_letter", "said_in", "say"]

_WHERE = {
    "en": {"sheet": "sheet", "row": "row", "column": "column"},
    "vi": {"sheet": "trang tính", "row": "dòng", "column": "cột"},
}


class Said(str):
    """A message part: English as the string itself, Vietnamese in :attr:`vi`.

    Being a ``str``, it reads as English wherever a plain message is expected
    (``str(err)``, ``pytest.raises(match=...)``); :func:`said_in` gives either form.
    """

    vi: str

    def __new__(cls, en: str, vi: str) -> Said:
        self = super().__new__(cls, en)
        self.vi = vi
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Said, (str(self), self.vi))


def say(en: str, vi: str) -> Said:
    """A message part in English and Vietnamese."""
    return Said(en, vi)


def said_in(text: object, lang: str) -> str:
    """``text`` in ``lang``: the Vietnamese form of a :class:`Said` for ``"vi"``, else the
    text as it is (plain strings have only one form)."""
    if lang == "vi" and isinstance(text, Said):
        return text.vi
    return str(text)


#: Where a planner without the documentation reads what every column means.
HELP = say(
    "see the 'Instructions' sheet of the template (partysim template --help)",
    "xem hướng dẫn trong trang 'Hướng dẫn' của mẫu (partysim template --help)",
)


def column_letter(index: int) -> str:
    """Excel letter of a 0-based column index: 0 -> ``A``, 26 -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class TableError(ScenarioError):
    """One user-facing error in a planner's table (CSV or Excel).

    Attributes:
        sheet: The Excel sheet's name, or None for a CSV file.
        row: 1-based row number as a spreadsheet shows it, or None.
        column: 0-based column index, or None.
        header: The column's header as written, or None.

    The other attributes are those of :class:`ScenarioError` (``file``, ``field``,
    ``expected``, ``problem``, ``got``); ``line`` equals ``row``.
    """

    def __init__(
        self,
        file: str,
        expected: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        header: str | None = None,
        field: str | None = None,
        problem: str | None = None,
        got: Any = ScenarioError.NO_VALUE,
    ) -> None:
        self.sheet = sheet
        self.row = row
        self.column = column
        self.header = header
        super().__init__(file, row, field, expected, problem=problem, got=got)

    def where(self, lang: str = "en") -> str:
        """``file, sheet 'S', row 7, column F 'Header'`` (the parts that are known), in ``lang``."""
        words = _WHERE.get(lang, _WHERE["en"])
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"{words['sheet']} '{self.sheet}'")
        if self.row is not None:
            parts.append(f"{words['row']} {self.row}")
        if self.column is not None:
            col = f"{words['column']} {column_letter(self.column)}"
            parts.append(f"{col} '{self.header}'" if self.header else col)
        return ", ".join(parts)

    def render(self, lang: str = "en") -> str:
        """The one-line message: where (file, sheet, row, column), then the field, what was
        expected and what was found, framed as any scenario error in ``lang``."""
        problem = None if self.problem is None else said_in(self.problem, lang)
        plain = ScenarioError(
            self.where(lang), None, self.field, said_in(self.expected, lang), problem=problem, got=self.got
        )
        render = getattr(ScenarioError, "render", None)
        return render(plain, lang) if render is not None else ScenarioError.__str__(plain)

    def __str__(self) -> str:
        return self.render("en")

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                self.file,
                self.expected,
                self.sheet,
                self.row,
                self.column,
                self.header,
                self.field,
                self.problem,
                self.has_got,
                self.got if self.has_got else None,
            ),
        )


def _rebuild(
    file: str,
    expected: str,
    sheet: str | None,
    row: int | None,
    column: int | None,
    header: str | None,
    field: str | None,
    problem: str | None,
    has_got: bool,
    got: Any,
) -> TableError:
    return TableError(
        file,
        expected,
        sheet=sheet,
        row=row,
        column=column,
        header=header,
        field=field,
        problem=problem,
        got=got if has_got else ScenarioError.NO_VALUE,
    )
