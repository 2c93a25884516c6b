"""The unit template planners fill, and a scenario's territory as a filled table.

``partysim template --lang vi --format xlsx --out FILE`` writes :func:`template_bytes`;
``partysim sheet SCENARIO --out FILE`` writes :func:`scenario_sheet_bytes`. The package
ships the templates in ``partysim/data/templates/`` (``don_vi_vi.xlsx``, ``units_en.xlsx``
and their CSV versions, with admissions columns for 2021-2025): :func:`shipped_template`
finds them, :func:`write_shipped_templates` regenerates them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from partysim.scenario.bilingual import text_in
from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.errors import say
from partysim.scenario.sheets.periods import TablePeriod, parse_period_text
from partysim.scenario.sheets.scenario_sheet import scenario_rows, template_columns
from partysim.scenario.sheets.writer import sheet_csv, sheet_xlsx

__all__ = [
    "FORMATS",
    "LANGS",
    "SHIPPED_HISTORY",
    "history_periods",
    "scenario_sheet_bytes",
    "shipped_template",
    "template_bytes",
    "write_shipped_templates",
]

LANGS = ("vi", "en")
FORMATS = ("xlsx", "csv")

#: Admissions columns of the shipped templates.
SHIPPED_HISTORY = "2021..2025"

_SHIPPED_NAMES = {"vi": "don_vi_vi", "en": "units_en"}


def history_periods(spec: str) -> list[TablePeriod]:
    """The periods of ``FIRST..LAST``: years (``2021..2025``), quarters (``Q1/2024..Q4/2025``)
    or months (``01/2025..12/2025``).

    Raises:
        ValueError: Not two periods of the same kind, in order, at most 120 of them.
    """
    first_text, sep, last_text = spec.partition("..")
    if not sep:
        raise ValueError(
            say(
                f"expected FIRST..LAST, e.g. 2021..2025 or Q1/2024..Q4/2025, got {spec!r}",
                f"cần ĐẦU..CUỐI, ví dụ 2021..2025 hoặc Q1/2024..Q4/2025, nhưng có {spec!r}",
            )
        )
    first, last = parse_period_text(first_text), parse_period_text(last_text)
    if first.freq != last.freq or last < first:
        raise ValueError(
            say(
                f"expected two periods of the same kind, the first not after the last, got {spec!r}",
                f"cần hai kỳ cùng loại, kỳ đầu không sau kỳ cuối, nhưng có {spec!r}",
            )
        )
    out: list[TablePeriod] = []
    step = {"Y": 12, "Q": 3, "M": 1}[first.freq]
    month = first.year * 12 + ((first.quarter or 1) - 1) * 3 + (first.month or 1) - 1
    while len(out) <= 120:
        year, m = divmod(month, 12)
        period = (
            TablePeriod(year)
            if step == 12
            else TablePeriod(year, quarter=m // 3 + 1)
            if step == 3
            else TablePeriod(year, month=m + 1)
        )
        if period > last:
            return out
        out.append(period)
        month += step
    raise ValueError(
        say(
            f"expected at most 120 periods, got more in {spec!r}", f"cần nhiều nhất 120 kỳ, nhưng {spec!r} có nhiều hơn"
        )
    )


def _render(columns: list, rows: list, lang: str, fmt: str, title: str | None) -> bytes:
    if lang not in LANGS or fmt not in FORMATS:
        raise ValueError(f"expected lang in {LANGS} and format in {FORMATS}, got {lang!r}, {fmt!r}")
    if fmt == "csv":
        return sheet_csv(columns, rows, lang).encode("utf-8")
    return sheet_xlsx(columns, rows, lang, title=title)


def template_bytes(lang: str = "vi", fmt: str = "xlsx", history: str = SHIPPED_HISTORY) -> bytes:
    """The blank unit template.

    Args:
        lang: ``"vi"`` or ``"en"``: headers, words and the instructions sheet.
        fmt: ``"xlsx"`` (with an instructions sheet) or ``"csv"``.
        history: The admissions columns, ``FIRST..LAST`` (see :func:`history_periods`).

    Raises:
        ValueError: A bad language, format or history.
    """
    return _render(template_columns(history_periods(history)), [], lang, fmt, None)


def scenario_sheet_bytes(scenario: Scenario, lang: str = "vi", fmt: str = "xlsx") -> bytes:
    """A scenario's unit templates as a filled unit table (title row: the scenario's title)."""
    columns, rows = scenario_rows(scenario)
    title = text_in(scenario.title, lang)
    return _render(columns, rows, lang, fmt, title or scenario.name)


def shipped_template(lang: str, fmt: str) -> Path:
    """Path of a template shipped with the package."""
    ref = resources.files("partysim").joinpath("data", "templates", f"{_SHIPPED_NAMES[lang]}.{fmt}")
    return Path(str(ref))


def write_shipped_templates(folder: Path) -> list[Path]:
    """Write the four shipped templates into ``folder`` (for maintainers)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for lang in LANGS:
        for fmt in FORMATS:
            path = folder / f"{_SHIPPED_NAMES[lang]}.{fmt}"
            path.write_bytes(template_bytes(lang, fmt))
            out.append(path)
    return out
