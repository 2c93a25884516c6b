"""The ``partysim batch`` and ``partysim report`` commands.

Register them on the main group with ``main.add_command(batch)`` and
``main.add_command(report)``; until then ``python -m partysim.batch batch|report ...``
runs them.

Exit codes of ``batch``: 0 every run finished; 1 some runs failed; 2 only input errors
(a scenario file that cannot be read, a bad sweep, a scheduler that cannot be reached);
130 interrupted (finished runs are kept: run the same command again to complete).
"""

from __future__ import annotations

import os
import sys

import click

__all__ = ["batch", "cli", "report"]


@click.command("batch")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Batch folder (results of earlier runs there are reused).")
@click.option("--replications", "-n", type=click.IntRange(1, 100_000), default=None, help="Replications per scenario and sweep point (default: the first scenario's).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed of every run (default: the first scenario's).")
@click.option("--workers", "-w", type=click.IntRange(1, 4096), default=None, help="Runs at the same time on this machine (default: CPU cores; 1 runs in this process).")
@click.option("--scheduler", default=None, metavar="ADDRESS|local", help="Run on Dask: a scheduler address such as tcp://host:8786, or 'local' for a local cluster on 127.0.0.1.")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a value in every scenario, e.g. levers.classes_per_year=8.")
@click.option("--monthly", is_flag=True, help="Also keep each run's monthly table.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def batch(scenarios: tuple[str, ...], out: str, replications: int | None, seed: int | None, workers: int | None,
          scheduler: str | None, overrides: tuple[str, ...], monthly: bool, quiet: bool) -> None:
    """Run SCENARIOS and their sweep points with common random numbers; resumable.

    Each finished run is saved at once in OUT; run the same command again after an
    interruption to complete the batch (finished runs are not recomputed). Then run
    'partysim report OUT'.
    """
    from partysim.batch.executors import ExecutorError
    from partysim.batch.orchestrator import BatchInterrupted, run_batch

    n_workers = workers or os.cpu_count() or 1

    def input_error(err) -> None:
        click.echo(f"error: {err.message}", err=True)

    def failure(f) -> None:
        if quiet:
            click.echo(f"failed: {f}", err=True)

    try:
        summary = run_batch(
            scenarios, out, replications=replications, seed=seed, overrides=overrides, workers=n_workers,
            scheduler=scheduler, monthly=monthly, progress=not quiet, on_input_error=input_error, on_failure=failure,
        )
    except BatchInterrupted as stop:
        s = stop.summary
        click.echo(
            f"interrupted: {s.finished} runs finished now and {s.reused} from before are kept in {out}; "
            "run the same command again to complete the batch", err=True,
        )
        sys.exit(130)
    except KeyboardInterrupt:  # before any run started
        click.echo(f"interrupted before any run started; runs finished earlier in {out} are kept", err=True)
        sys.exit(130)
    except ExecutorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if not summary.plan.points:
        click.echo("error: no scenario could be read; nothing to run", err=True)
        sys.exit(2)
    click.echo(summary.line())
    for f in summary.failed:
        click.echo(f"failed: {f}", err=True)
    if summary.exit_code:
        sys.exit(summary.exit_code)


@click.command("report")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option("--baseline", default=None, metavar="NAME", help="Scenario (or point label) the others are compared with (default: the first).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of the report.")
@click.option("--level", type=click.FloatRange(0.5, 0.999), default=0.8, show_default=True, help="Probability a lever setting must reach to meet a target.")
def report(directory: str, baseline: str | None, lang: str, level: float) -> None:
    """Compare every scenario of the batch folder DIRECTORY: report.md and report.html."""
    from partysim.batch.report import ReportError, build_report

    try:
        written = build_report(directory, baseline=baseline, lang=lang, level=level)
    except ReportError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    md = next(p for p in written if p.name == "report.md")
    html = next(p for p in written if p.name == "report.html")
    click.echo(f"wrote {md} and {html} ({len(written) - 2} files in {md.parent / 'report_files'})")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """partysim batch commands (also available as 'partysim batch' / 'partysim report')."""


cli.add_command(batch)
cli.add_command(report)
