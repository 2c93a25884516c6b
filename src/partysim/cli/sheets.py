"""``partysim template``, ``partysim init`` and ``partysim sheet``: the planner's own
territory, from a spreadsheet to a scenario file and back.

Registered on the main command group by :mod:`partysim.cli`. A bad table or scenario
exits with code 2 and one ``error:`` line naming the file (sheet, row, column, field);
nothing is written then. Files are written atomically, and an existing file is never
replaced without ``--force``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from partysim.cli.errors import fail
from partysim.scenario import ScenarioError

__all__ = ["init", "sheet", "template"]

_LANG = click.Choice(["vi", "en"])
_FORMAT = click.Choice(["xlsx", "csv"])
_NOTE = {"vi": "lưu ý", "en": "note"}


def _t(lang: str, en: str, vi: str) -> str:
    """A message in the language asked for."""
    return vi if lang == "vi" else en


def _check_out(out: Path, force: bool, lang: str) -> None:
    if out.is_dir():
        fail(_t(lang, f"{out}: is a folder; expected a file name", f"{out}: đây là một thư mục; cần một tên tệp"), lang)
    if out.exists() and not force:
        fail(
            _t(
                lang,
                f"{out}: the file exists; expected a new file name (or --force to replace it)",
                f"{out}: tệp đã có; cần một tên tệp mới (hoặc --force để ghi đè)",
            ),
            lang,
        )


def _format_of(out: Path, fmt: str | None, lang: str) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in ("xlsx", "csv"):
            fail(
                _t(
                    lang,
                    f"{out}: expected a file name ending in .xlsx or .csv (or --format)",
                    f"{out}: cần tên tệp có đuôi .xlsx hoặc .csv (hoặc --format)",
                ),
                lang,
            )
        return suffix
    if suffix in ("xlsx", "csv") and suffix != fmt:
        fail(
            _t(
                lang,
                f"{out}: the name ends in .{suffix} but --format is {fmt}",
                f"{out}: tên tệp có đuôi .{suffix} nhưng --format là {fmt}",
            ),
            lang,
        )
    return fmt


def _write_bytes(out: Path, data: bytes, lang: str) -> None:
    from partysim.outputs.atomic import write_bytes

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(out, data)
    except OSError as err:
        fail(
            _t(lang, f"{out}: cannot write ({err.strerror or err})", f"{out}: không ghi được ({err.strerror or err})"),
            lang,
        )


def _today() -> dt.date:
    """Today (``SOURCE_DATE_EPOCH`` when set, for reproducible files; else ``datetime.date.today()``)."""
    from partysim.outputs.writer import run_date

    return dt.date.fromisoformat(run_date())


def _error_text(err: ScenarioError, lang: str) -> str:
    return err.render(lang) if hasattr(err, "render") else str(err)


@click.command()
@click.option(
    "--lang", type=_LANG, default="vi", show_default=True, help="Language of headers, words, instructions and messages."
)
@click.option("--format", "fmt", type=_FORMAT, default=None, help="xlsx or csv (default: from the name of --out).")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="The file to write.")
@click.option(
    "--history",
    default=None,
    metavar="FIRST..LAST",
    help="Admissions columns: years 2021..2025, quarters Q1/2024..Q4/2025 or months "
    "01/2025..12/2025 (default: the five years before this one).",
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def template(lang: str, fmt: str | None, out: str, history: str | None, force: bool) -> None:
    """Write the blank unit template a planner fills (one row per grassroots organisation).

    The Excel file has two sheets: the table ('Đơn vị' / 'Units') and the instructions
    ('Hướng dẫn' / 'Instructions'), which explain every column with an example and list
    the optional columns. Required columns: 'Tên đơn vị' (Name), 'Số người' (People:
    non-members only) and 'Đảng viên chính thức' (Full members) or 'Tổng số đảng viên'
    (Members, probationary included). Every number on a row is for one unit; a blank
    pipeline cell means "not known" (estimated), 0 means nobody. A title may be written in
    a row above the header: it becomes the scenario's title. Then run: partysim init FILE
    --out SCENARIO.yaml.
    """
    from partysim.scenario.sheets.template import template_bytes

    path = Path(out)
    fmt = _format_of(path, fmt, lang)
    _check_out(path, force, lang)
    year = _today().year
    try:
        data = template_bytes(lang, fmt, history or f"{year - 5}..{year - 1}")
    except ValueError as err:
        from partysim.scenario.sheets.errors import said_in

        fail(f"--history: {said_in(err.args[0] if err.args else err, lang)}", lang)
    _write_bytes(path, data, lang)
    click.echo(
        _t(
            lang,
            f"wrote {path}: fill one row per grassroots organisation, then run: partysim init {path.name} "
            "--out my_scenario.yaml",
            f"đã ghi {path}: điền mỗi tổ chức cơ sở đảng một dòng, rồi chạy: partysim init {path.name} "
            "--out kich_ban.yaml",
        )
    )


def _validated_writer(text: str, out: Path):
    """A writer for :func:`atomic_write` that checks the written file as a scenario."""
    from partysim.scenario import load_scenario

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="")
        try:
            load_scenario(tmp)
        except ScenarioError as err:
            file = str(out) if err.file == str(tmp) else err.file
            raise ScenarioError(
                file, err.line, err.field, err.expected, problem=err.problem, got=err.got, verbatim=err.verbatim
            ) from None

    return write


def _write_scenario(text: str, out: Path, lang: str) -> None:
    from partysim.outputs.atomic import atomic_write

    created = not out.parent.exists()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out, _validated_writer(text, out))
    except ScenarioError as err:
        if created:
            out.parent.rmdir()
        fail(
            _t(lang, "the new scenario does not validate: ", "kịch bản mới không hợp lệ: ") + _error_text(err, lang),
            lang,
        )
    except OSError as err:
        fail(
            _t(lang, f"{out}: cannot write ({err.strerror or err})", f"{out}: không ghi được ({err.strerror or err})"),
            lang,
        )


@click.command("init")
@click.argument("table", type=click.Path(dir_okay=False))
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), required=True, help="The scenario file to write (.yaml)."
)
@click.option("--lang", type=_LANG, default="vi", show_default=True, help="Language of messages and notes.")
@click.option("--sheet", default=None, help="Excel sheet: its name, or its number (1 = the first). Default: the first.")
@click.option("--name", default=None, help="The scenario's name (default: the name of --out).")
@click.option(
    "--start",
    default=None,
    metavar="YYYY-MM",
    help="First simulated month. Default: this month when the table gives pipeline counts (they are taken "
    "as of the start: give the month your register counts are from); else the month after the "
    "table's last admissions figure; else January of this year. With --base: the base's start.",
)
@click.option("--years", type=click.IntRange(1, 50), default=3, show_default=True, help="Years to simulate.")
@click.option(
    "--base",
    type=click.Path(dir_okay=False, exists=False),
    default=None,
    help="Extend this scenario: keep its parameters, levers and targets; replace territory and history.",
)
@click.option(
    "--decimal",
    type=click.Choice([",", "."]),
    default=None,
    help="The table's decimal separator, when its numbers are ambiguous (',' Vietnamese, '.' English).",
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def init(
    table: str,
    out: str,
    lang: str,
    sheet: str | None,
    name: str | None,
    start: str | None,
    years: int,
    base: str | None,
    decimal: str | None,
    force: bool,
) -> None:
    """Build a scenario file from TABLE, a filled unit template (.xlsx or .csv).

    Prints notes on what the table did not give (blank pipeline cells, history left out),
    when the run starts and why, and where the title comes from.
    """
    from partysim.scenario.periods import period_text
    from partysim.scenario.sheets.init_scenario import InitRequest, init_scenario_data
    from partysim.scenario.sheets.init_text import init_notes, init_text

    path = Path(out)
    _check_out(path, force, lang)
    try:
        start = None if start is None else period_text(start)
    except ValueError as err:
        fail(f"--start: {err}", lang)
    if base is not None and not Path(base).is_file():
        en, vi = (
            f"{base}: expected an existing scenario file for --base",
            f"{base}: cần một tệp kịch bản có thật cho --base",
        )
        fail(_t(lang, en, vi), lang)
    today = _today()
    base_path = None if base is None else Path(base)
    request = InitRequest(
        table=Path(table),
        out=path,
        sheet=sheet,
        name=name,
        start=start,
        years=years,
        base=base_path,
        decimal=decimal,
        this_year=today.year,
        today=today,
    )
    try:
        result = init_scenario_data(request)
    except ScenarioError as err:
        fail(_error_text(err, lang), lang)
    _write_scenario(init_text(request, result, today.isoformat()), path, lang)
    for note in init_notes(result, lang):
        click.echo(f"{_NOTE[lang]}: {note}")
    n, units = len(result.sheet.rows), sum(r.count for r in result.sheet.rows)
    then = f"partysim validate {path}; partysim params {path}; partysim run {path}"
    en = f"wrote {path}: {n} unit templates, {units} units. Next: {then}"
    click.echo(_t(lang, en, f"đã ghi {path}: {n} mẫu đơn vị, {units} đơn vị. Tiếp theo: {then}"))


@click.command("sheet")
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), required=True, help="The table to write (.xlsx or .csv)."
)
@click.option("--lang", type=_LANG, default="vi", show_default=True, help="Language of headers, words and messages.")
@click.option("--format", "fmt", type=_FORMAT, default=None, help="xlsx or csv (default: from the name of --out).")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def sheet(scenario: str, out: str, lang: str, fmt: str | None, overrides: tuple[str, ...], force: bool) -> None:
    """Write SCENARIO's territory as a filled unit table (one row per unit template)."""
    from partysim.scenario import load_scenario
    from partysim.scenario.sheets.template import scenario_sheet_bytes

    path = Path(out)
    fmt = _format_of(path, fmt, lang)
    _check_out(path, force, lang)
    try:
        sc = load_scenario(scenario, overrides)
    except ScenarioError as err:
        fail(_error_text(err, lang), lang)
    _write_bytes(path, scenario_sheet_bytes(sc, lang, fmt), lang)
    n = len(sc.territory.units)
    click.echo(
        _t(lang, f"wrote {path}: {n} unit templates of {sc.name}", f"đã ghi {path}: {n} mẫu đơn vị của {sc.name}")
    )
