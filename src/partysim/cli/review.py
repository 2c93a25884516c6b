"""``partysim review``: the quarterly review of the year's quotas.

``partysim review SCENARIO --actuals ACTUALS.xlsx --as-of 2025-Q2`` re-forecasts the year
from the admissions so far (and the pipeline today, where given), lists the units at risk
of missing their quota and what a few candidate actions would change, paired
(:mod:`partysim.analysis.review`). It prints the brief; ``--out DIR`` writes
``review.md``, ``review.docx``, ``review.json`` and two CSV tables atomically.
``partysim review SCENARIO --template FILE.xlsx`` writes an actuals sheet to fill.

Bad input exits with code 2, one ``error:`` line naming the file (sheet, row, column) and
what was expected, and nothing written. Registered on the main command group by
:mod:`partysim.cli`.
"""

from __future__ import annotations

from pathlib import Path

import click

from partysim.analysis.honest import DEFAULT_SETS
from partysim.cli.errors import fail

__all__ = ["review"]


def _t(lang: str, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


def _template(sc, out: Path, lang: str) -> None:
    from partysim.outputs.atomic import write_bytes
    from partysim.scenario.sheets.actuals import actuals_template

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        fail(
            _t(
                lang, f"{out}: expected a file name ending in .xlsx or .csv", f"{out}: cần tên tệp đuôi .xlsx hoặc .csv"
            ),
            lang,
        )
    if out.exists():
        fail(
            _t(lang, f"{out}: the file exists; expected a new file name", f"{out}: tệp đã có; cần một tên tệp mới"),
            lang,
        )
    try:
        write_bytes(out, actuals_template(sc, lang, fmt))
    except OSError as err:
        fail(f"{out}: {err.strerror or err}", lang)
    click.echo(_t(lang, f"wrote {out}", f"đã ghi {out}"))


def _actions(texts: tuple[str, ...], lang: str):
    from partysim.analysis.review import parse_action

    if not texts:
        return None
    if texts == ("none",):
        return []
    try:
        return [parse_action(t) for t in texts]
    except ValueError as err:
        fail(f"--action: {err}", lang)


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--actuals", type=click.Path(dir_okay=False), default=None, help="Admissions so far per unit (xlsx/csv).")
@click.option(
    "--as-of", "as_of", default=None, metavar="YYYY-Qn", help="Last quarter (or YYYY-MM month) of the actuals."
)
@click.option(
    "--template", type=click.Path(dir_okay=False), default=None, help="Write an actuals sheet to fill and stop."
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--replications", "-n", type=click.IntRange(2, 10_000), default=40, show_default=True)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed (default: the scenario's).")
@click.option(
    "--sets",
    "-k",
    "sets",
    type=click.IntRange(0, 10_000),
    default=None,
    help=f"Parameter sets shared out among the replications (default: {DEFAULT_SETS}, at most -n; 0: the estimates fixed).",
)
@click.option(
    "--posterior",
    default=None,
    metavar="DIR_OR_CSV",
    help="Weighted sets of `partysim calibrate --ensemble` (default: the file's calibration.posterior, if any).",
)
@click.option("--pin", "pins", multiple=True, metavar="PATH", help="Keep an estimate at its value (repeat).")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option(
    "--action",
    "actions",
    multiple=True,
    metavar="LEVER=VALUE[,...]",
    help="A candidate action from next month on (repeatable; default: classes, vetting, accountability, "
    "mass organisations; 'none': no action).",
)
@click.option("--at-risk", "risk_level", type=click.FloatRange(0, 1), default=0.8, show_default=True)
@click.option("--sheet", default=None, help="Excel sheet of the actuals (default: the first).")
@click.option("--decimal", default=None, help="',' or '.': the number convention of the actuals.")
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Write the brief and tables here.")
def review(
    scenario: str,
    actuals: str | None,
    as_of: str | None,
    template: str | None,
    lang: str,
    replications: int,
    seed: int | None,
    sets: int | None,
    posterior: str | None,
    pins: tuple[str, ...],
    overrides: tuple[str, ...],
    actions: tuple[str, ...],
    risk_level: float,
    sheet: str | None,
    decimal: str | None,
    out: str | None,
) -> None:
    """Review SCENARIO's quotas as of a quarter, given the admissions so far (--actuals)."""
    from partysim.analysis.review import review as run_review
    from partysim.cli.judging import command_uncertainty
    from partysim.outputs.document import to_markdown
    from partysim.outputs.review_files import write_review
    from partysim.outputs.review_text import review_blocks
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.sheets.errors import said_in

    sc = _scenario(scenario, overrides, lang)
    if template:
        _template(sc, Path(template), lang)
        return
    data = _read(sc, actuals, as_of, sheet, decimal, lang)
    chosen = _actions(actions, lang)
    k = min(DEFAULT_SETS, replications) if sets is None else sets
    uncertainty = command_uncertainty(sc, scenario, k, posterior, pins, overrides)
    try:
        result = run_review(sc, data, str(as_of), replications, seed, chosen, risk_level, uncertainty)
    except ScenarioError as err:
        fail(err.render(lang), lang)
    except ValueError as err:
        fail(said_in(err.args[0], lang), lang)
    click.echo(to_markdown(review_blocks(result, lang)).rstrip())
    if out:
        try:
            paths = write_review(result, Path(out), lang)
        except OSError as err:
            fail(f"{out}: {err.strerror or err}", lang)
        click.echo(_t(lang, f"wrote {len(paths)} files to {out}", f"đã ghi {len(paths)} tệp vào {out}"))


def _scenario(path: str, overrides: tuple[str, ...], lang: str):
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.schema import load_scenario

    try:
        return load_scenario(path, overrides)
    except ScenarioError as err:
        fail(err.render(lang), lang)


def _read(sc, actuals: str | None, as_of: str | None, sheet: str | None, decimal: str | None, lang: str):
    """The actuals, checked, after the as-of period is."""
    from partysim.analysis.review_runs import as_of_month
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.sheets.actuals import read_actuals
    from partysim.scenario.sheets.errors import said_in

    if not actuals or not as_of:
        fail(
            _t(
                lang,
                "--actuals FILE and --as-of YYYY-Qn (or --template FILE)",
                "--actuals TỆP và --as-of YYYY-Qn (hoặc --template TỆP)",
            ),
            lang,
        )
    try:
        as_of_month(sc, as_of)
    except ValueError as err:
        fail(f"--as-of: {said_in(err.args[0], lang)}", lang)
    try:
        return read_actuals(actuals, sc, sheet=sheet, decimal=decimal)
    except ScenarioError as err:
        fail(err.render(lang), lang)
