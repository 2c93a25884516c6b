"""The ``partysim`` command line: ``run``, ``validate``, ``params``.

Bad input exits with code 2 and one line naming the file, line, field and what was
expected; no traceback, and nothing is written to the output folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from partysim.scenario.loader import ScenarioError
from partysim.scenario.schema import Scenario, load_scenario


def _load(path: str, overrides: tuple[str, ...] = ()) -> Scenario:
    try:
        return load_scenario(path, overrides)
    except ScenarioError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="partysim")
def main() -> None:
    """Will the admission quota be met? Simulate the pipeline and judge the targets."""


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--replications", "-n", type=click.IntRange(1, 100_000), default=None, help="Replications (default: the scenario's).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed (default: the scenario's).")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, help="Output folder (default: out/<scenario name>).")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value, e.g. levers.classes_per_year=8.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of charts and report.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(scenario: str, replications: int | None, seed: int | None, out: str | None, overrides: tuple[str, ...], lang: str, quiet: bool) -> None:
    """Run SCENARIO and write summary.json, annual.csv, monthly.parquet, charts and report.md."""
    from partysim.outputs.writer import write_outputs
    from partysim.analysis.runner import run as run_scenario

    sc = _load(scenario, overrides)
    out_dir = Path(out) if out else Path("out") / sc.name
    try:
        results = run_scenario(sc, replications=replications, seed=seed, progress=not quiet)
    except KeyboardInterrupt:
        click.echo("interrupted: nothing written", err=True)
        sys.exit(130)
    written = write_outputs(sc, results, out_dir, lang=lang)
    for t in results.targets:
        click.echo(f"{t['name']} {t['year']}: P(met) = {t['probability']:.2f}  mean {t['mean']:.4g}  p10-p90 {t['p10']:.4g}-{t['p90']:.4g}")
    click.echo(f"wrote {len(written)} files to {out_dir}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a value before validating.")
def validate(files: tuple[str, ...], overrides: tuple[str, ...]) -> None:
    """Check scenario FILES; print one line per file. Exit 2 if any is invalid."""
    bad = 0
    for f in files:
        try:
            sc = load_scenario(f, overrides)
            click.echo(f"ok: {f} ({sc.name}, {sc.start} to {sc.end}, {len(sc.targets)} targets)")
        except ScenarioError as err:
            click.echo(f"error: {err}", err=True)
            bad += 1
    if bad:
        sys.exit(2)


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, help="Output folder (default: out/<scenario name>-calibration).")
@click.option("--replications", "-n", type=click.IntRange(1, 1000), default=None, help="Replications per evaluation.")
@click.option("--max-evaluations", type=click.IntRange(5, 5000), default=None, help="Budget of objective evaluations.")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
def calibrate(scenario: str, out: str | None, replications: int | None, max_evaluations: int | None, overrides: tuple[str, ...]) -> None:
    """Fit SCENARIO's estimated parameters to its history (simulated method of moments).

    Writes <name>_calibrated.yaml (extends SCENARIO with the fitted values),
    <name>_calibration.md and <name>_calibration.json."""
    from partysim.analysis.calibration import CalibrationError, calibrate as fit, write_calibration

    sc = _load(scenario, overrides)
    out_dir = Path(out) if out else Path("out") / f"{sc.name}-calibration"
    try:
        result = fit(sc, replications=replications, max_evaluations=max_evaluations,
                     on_evaluation=lambda k, j: click.echo(f"  evaluation {k}: objective {j:.4g}", err=True))
    except CalibrationError as err:
        click.echo(f"error: {scenario}: {err}", err=True)
        sys.exit(2)
    files = write_calibration(Path(scenario), sc, result, out_dir)
    click.echo(result.summary())
    click.echo(f"wrote {', '.join(str(f) for f in files)}")


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
def params(scenario: str, lang: str) -> None:
    """List every parameter of SCENARIO with its value, range, unit and description."""
    from partysim.scenario.parameters import iter_params

    sc = _load(scenario)
    for p in iter_params(sc):
        est = " [est]" if p.estimate else ""
        text = p.vi if lang == "vi" else p.en
        click.echo(f"{p.path} = {p.value}  range {p.lo}..{p.hi} {p.unit}{est}  {text}")


def _register_commands() -> None:
    """Commands that live in their own modules."""
    from partysim.batch.cli import batch, report
    from partysim.cli_forecast import forecast

    main.add_command(forecast)
    main.add_command(batch)
    main.add_command(report)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
