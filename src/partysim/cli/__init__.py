"""The ``partysim`` command line: ``run``, ``validate``, ``params``.

Bad input exits with code 2 and one line naming the file, line, field and what was
expected; no traceback, and nothing is written to the output folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from partysim.analysis.honest import DEFAULT_SETS
from partysim.analysis.results import Results
from partysim.cli.errors import fail
from partysim.scenario.loader import ScenarioError
from partysim.scenario.schema import Scenario, load_scenario


def _load(path: str, overrides: tuple[str, ...] = (), lang: str = "en") -> Scenario:
    try:
        return load_scenario(path, overrides)
    except ScenarioError as err:
        fail(err.render(lang), lang)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="partysim")
def main() -> None:
    """Will the admission quota be met? Simulate the pipeline and judge the targets."""


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--replications",
    "-n",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Replications (default: the scenario's).",
)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed (default: the scenario's).")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=None,
    help="Output folder (default: out/<scenario name>, with the changes: out/<name>__<path>-<value>).",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="PATH=VALUE",
    help="Override a scenario value, e.g. levers.classes_per_year=8.",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of every output and message.",
)
@click.option(
    "--formats",
    default="md,docx,pdf,xlsx",
    show_default=True,
    metavar="LIST",
    help="Brief and tables to write, comma-separated: md, docx, pdf, xlsx.",
)
@click.option(
    "--sets",
    "-k",
    type=click.IntRange(0, 10_000),
    default=DEFAULT_SETS,
    show_default=True,
    help="Parameter sets drawn from the priors of the estimates (0: every estimate fixed at its value).",
)
@click.option(
    "--posterior",
    default=None,
    metavar="DIR_OR_CSV",
    help="Judge over the weighted sets of `partysim calibrate --ensemble` instead of prior draws "
    "(default: the file's calibration.posterior, if any).",
)
@click.option("--pin", "pins", multiple=True, metavar="PATH", help="Keep an estimate at its value (repeat).")
@click.option(
    "--preview",
    is_flag=True,
    help="Run the preview (a weighted sample of the territory, seconds) instead of the full run; with --sets > 0 "
    "each parameter set's effect comes from the flow model (docs/uncertainty.md, the quick route).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(
    scenario: str,
    replications: int | None,
    seed: int | None,
    out: str | None,
    overrides: tuple[str, ...],
    lang: str,
    formats: str,
    sets: int,
    posterior: str | None,
    pins: tuple[str, ...],
    preview: bool,
    quiet: bool,
) -> None:
    """Run SCENARIO and write summary.json, tables, charts and the brief (report.md, .docx, .pdf, tables.xlsx).

    Verdicts integrate over the estimates' priors (or --posterior), the driver forecasts
    and chance; every path given with --set or --pin is kept at its value."""
    from partysim.analysis.honest import judge_with_uncertainty
    from partysim.analysis.runner import run as run_scenario
    from partysim.cli.judging import command_uncertainty
    from partysim.outputs.console_text import verdict_line, wrote_line
    from partysim.outputs.i18n import label
    from partysim.outputs.uncertainty_text import uncertainty_line, uncertainty_record
    from partysim.outputs.variant_text import localized_targets
    from partysim.outputs.writer import check_formats, write_outputs

    try:
        fmts = check_formats(formats.split(","))
    except ValueError as err:
        fail(str(err), lang)
    sc = _load(scenario, overrides, lang)
    uncertainty = command_uncertainty(sc, scenario, sets, posterior, pins, overrides)
    out_dir = Path(out) if out else Path("out") / sc.variant_name
    try:
        if preview:
            results = _quick(sc, replications, seed, uncertainty)
        else:
            results = run_scenario(sc, replications=replications, seed=seed, progress=not quiet)
            results = judge_with_uncertainty(sc, results, uncertainty)
    except KeyboardInterrupt:
        click.echo(label("cli.interrupted", lang), err=True)
        sys.exit(130)
    written = write_outputs(sc, results, out_dir, lang=lang, formats=fmts)
    _echo_start_check(sc, results, lang)
    click.echo(uncertainty_line({"uncertainty": uncertainty_record(results)}, lang))
    if preview and results.uncertainty is not None:
        _echo_quick_route(sc, lang)
    for t in localized_targets(results.targets, lang, sc):
        click.echo(verdict_line(t, lang))
    click.echo(wrote_line(len(written), out_dir, lang))


def _quick(sc: Scenario, replications: int | None, seed: int | None, uncertainty) -> Results:
    """The preview of ``sc``, judged over ``uncertainty`` by flow-model ratios."""
    from partysim.analysis.preview import PREVIEW_REPLICATIONS, run_preview
    from partysim.analysis.quick_uncertainty import judge_quick

    res = run_preview(sc, replications=replications or PREVIEW_REPLICATIONS, seed=seed)
    return judge_quick(sc, res, uncertainty)


def _echo_quick_route(sc: Scenario, lang: str) -> None:
    """Say how the preview's verdict met the parameters, and which targets it judges over
    chance only."""
    from partysim.analysis.quick_uncertainty import SERVED_KINDS
    from partysim.outputs.i18n import label

    click.echo(label("cli.quick_route", lang))
    for t in sc.targets:
        if t.kind not in SERVED_KINDS:
            name = t.name.get(lang) if hasattr(t.name, "get") else str(t.name)
            click.echo(label("cli.quick_not_served", lang).format(name=name))


def _echo_start_check(sc: Scenario, results: Results, lang: str) -> None:
    """Say on the console when the first simulated year departs from what is known."""
    from partysim.analysis.start_check import check_start
    from partysim.outputs.outlook_text import start_check_text

    check = check_start(sc, results.annual, results.seed)
    if check is not None and check.departs:
        from partysim.outputs.i18n import label

        click.echo(f"{label('cli.warning', lang)}: {start_check_text(check, lang)}", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a value before validating.")
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of the messages."
)
def validate(files: tuple[str, ...], overrides: tuple[str, ...], lang: str) -> None:
    """Check scenario FILES; print one line per file. Exit 2 if any is invalid."""
    from partysim.outputs.console_text import quota_warnings, scenario_error_line
    from partysim.outputs.i18n import label

    bad = 0
    for f in files:
        try:
            sc = load_scenario(f, overrides)
            n = len(sc.targets)
            key = "cli.ok_one" if n == 1 else "cli.ok"
            click.echo(label(key, lang).format(file=f, name=sc.name, start=sc.start, end=sc.end, n=n))
            for line in quota_warnings(sc, f, lang):
                click.echo(line, err=True)
        except ScenarioError as err:
            click.echo(scenario_error_line(err, lang), err=True)
            bad += 1
    if bad:
        sys.exit(2)


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=None,
    help="Output folder (default: out/<scenario name>-calibration).",
)
@click.option("--replications", "-n", type=click.IntRange(1, 1000), default=None, help="Replications per evaluation.")
@click.option("--max-evaluations", type=click.IntRange(5, 5000), default=None, help="Budget of objective evaluations.")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
def calibrate(
    scenario: str, out: str | None, replications: int | None, max_evaluations: int | None, overrides: tuple[str, ...]
) -> None:
    """Fit SCENARIO's estimated parameters to its history (simulated method of moments).

    Writes <name>_calibrated.yaml (extends SCENARIO with the fitted values),
    <name>_calibration.md and <name>_calibration.json."""
    from partysim.analysis.calibration import CalibrationError
    from partysim.analysis.calibration import calibrate as fit
    from partysim.outputs.calibration_files import write_calibration

    sc = _load(scenario, overrides)
    out_dir = Path(out) if out else Path("out") / f"{sc.name}-calibration"
    try:
        result = fit(
            sc,
            replications=replications,
            max_evaluations=max_evaluations,
            on_evaluation=lambda k, j: click.echo(f"  evaluation {k}: objective {j:.4g}", err=True),
        )
    except CalibrationError as err:
        fail(f"{scenario}: {err}")
    files = write_calibration(Path(scenario), sc, result, out_dir)
    click.echo(result.summary())
    click.echo(f"wrote {', '.join(str(f) for f in files)}")


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of units and descriptions.",
)
def params(scenario: str, lang: str) -> None:
    """List every parameter of SCENARIO with its value, range, unit and description."""
    from partysim.outputs.console_text import param_line
    from partysim.scenario.parameters import iter_params

    sc = _load(scenario, lang=lang)
    for p in iter_params(sc):
        click.echo(param_line(p, lang))


def _register_commands() -> None:
    """Commands that live in their own modules."""
    from partysim.batch.cli import batch, report
    from partysim.cli.allocate import allocate
    from partysim.cli.app import app
    from partysim.cli.flow import flow
    from partysim.cli.forecast import forecast
    from partysim.cli.holdout import holdout
    from partysim.cli.posterior import with_ensemble
    from partysim.cli.require import require
    from partysim.cli.review import review
    from partysim.cli.sheets import init, sheet, template
    from partysim.cli.uncertainty import verdict
    from partysim.cli.warm import warm

    main.add_command(forecast)
    main.add_command(app)
    main.add_command(template)
    main.add_command(init)
    main.add_command(sheet)
    main.add_command(batch)
    main.add_command(report)
    main.add_command(verdict)
    main.add_command(holdout)
    main.add_command(review)
    main.add_command(allocate)
    main.add_command(require)
    main.add_command(flow)
    main.add_command(warm)
    main.add_command(with_ensemble(calibrate))  # calibrate --ensemble: replaces the point command, same default


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
