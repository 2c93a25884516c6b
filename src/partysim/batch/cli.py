"""The ``partysim batch`` and ``partysim report`` commands.

Register them on the main group with ``main.add_command(batch)`` and
``main.add_command(report)``; until then ``python -m partysim.batch batch|report ...``
runs them.

Exit codes (:class:`~partysim.batch.exit_codes.ExitCode`): 0 every run finished; 1 some
runs failed (the rest finished); 2 bad input (a scenario file that cannot be read, a bad
sweep, a scheduler that cannot be reached at start) or usage; 3 the output folder cannot
be used (not a folder, read-only, disk full, another batch writing there; ``report``: a
damaged run file); 4 the Dask cluster was lost during the batch; 130 interrupted. Every
error is one ``error:`` line saying what happened, what was kept and what to do.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from partysim.analysis.honest import DEFAULT_SETS
from partysim.batch.exit_codes import ExitCode
from partysim.batch.messages import LANGS, default_lang, message

__all__ = ["batch", "cli", "report"]

BATCH_HELP = """Run SCENARIOS and their sweep points with common random numbers; resumable.

Each finished run is saved at once in OUT (checked before it is reused); run the same
command again after an interruption to complete the batch. Then run 'partysim report OUT'.

\b
Exit codes:
  0    every run finished
  1    some runs failed (each named on stderr); the others finished
  2    bad input: a scenario file, a sweep, an option, an unreachable scheduler
  3    OUT cannot be used: not a folder, read-only, disk full, or another batch
       is writing there
  4    the Dask cluster was lost (scheduler gone or silent, no worker left)
  130  interrupted (Ctrl-C)
In every case the runs finished so far are kept: run the same command again.
"""


def say(text: str) -> None:
    """Print one line for the planner on standard error."""
    click.echo(text, err=True)


def listen_to_ctrl_c() -> None:
    """Stop on Ctrl-C (SIGINT) even when started with SIGINT ignored.

    A command started in the background of a script (``partysim batch ... &``, no job
    control) inherits SIGINT ignored, and Python keeps it ignored: ``kill -INT`` would then
    stop the batch only if it landed while a run's file was being written, and otherwise be
    lost. The batch promises that Ctrl-C stops it at once with exit code 130, keeping the
    finished runs, so it listens whatever it inherited."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@click.command("batch", help=BATCH_HELP)
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Batch folder (results of earlier runs there are reused).",
)
@click.option(
    "--replications",
    "-n",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Replications per scenario and sweep point (default: the first scenario's).",
)
@click.option(
    "--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed of every run (default: the first scenario's)."
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(1, 4096),
    default=None,
    help="Runs at the same time on this machine (default: CPU cores; 1 runs in this process).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS|local",
    help="Run on Dask: a scheduler address such as tcp://host:8786, or 'local' for a local cluster on 127.0.0.1.",
)
@click.option(
    "--run-timeout",
    type=click.FloatRange(0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop a run still running after SECONDS and report it failed; the batch goes on. Default: no limit (run times vary a hundredfold with the scenario and the machine: take several times a typical run).",
)
@click.option(
    "--cluster-timeout",
    type=click.FloatRange(1),
    default=120.0,
    show_default=True,
    metavar="SECONDS",
    help="With --scheduler: give up when the scheduler has not answered, or has had no worker, for SECONDS.",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="PATH=VALUE",
    help="Override a value in every scenario, e.g. levers.classes_per_year=8.",
)
@click.option("--monthly", is_flag=True, help="Also keep each run's monthly table.")
@click.option(
    "--lang",
    type=click.Choice(list(LANGS)),
    default=None,
    help="Language of the messages (default: vi when PARTYSIM_LANG or the locale is Vietnamese, else en).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def batch(
    scenarios: tuple[str, ...],
    out: str,
    replications: int | None,
    seed: int | None,
    workers: int | None,
    scheduler: str | None,
    run_timeout: float | None,
    cluster_timeout: float,
    overrides: tuple[str, ...],
    monthly: bool,
    lang: str | None,
    quiet: bool,
) -> None:
    from partysim.batch.errors import BatchError
    from partysim.batch.orchestrator import BatchInterrupted, run_batch

    lang = lang or default_lang()
    listen_to_ctrl_c()
    try:
        summary = run_batch(
            scenarios,
            out,
            replications=replications,
            seed=seed,
            overrides=overrides,
            workers=workers or os.cpu_count() or 1,
            scheduler=scheduler,
            monthly=monthly,
            progress=not quiet,
            on_input_error=lambda err: say(f"error: {err.message}"),
            on_failure=(lambda f: say(f.line(lang))) if quiet else None,
            on_damaged=lambda d: say(message("damaged", lang, path=d.path, why=d.why)),
            run_timeout=run_timeout,
            cluster_timeout=cluster_timeout,
            lang=lang,
        )
    except BatchInterrupted as stop:
        s = stop.summary
        say(message("interrupted", lang, finished=s.finished, reused=s.reused, out=out))
        sys.exit(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:  # before any run started
        say(message("interrupted_early", lang, out=out))
        sys.exit(ExitCode.INTERRUPTED)
    except BatchError as err:
        say(f"error: {err.message(lang)}")
        if err.code == ExitCode.CLUSTER_LOST:  # Dask would log its own tracebacks about it at exit
            from partysim.batch.executor_dask import mute_dask_logs

            mute_dask_logs()
        sys.exit(err.code)
    if not summary.plan.points:
        say(f"error: {message('no_scenario', lang)}")
        sys.exit(ExitCode.BAD_INPUT)
    click.echo(summary.line(lang))
    if summary.exit_code:
        sys.exit(summary.exit_code)


@click.command("report")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option(
    "--baseline",
    default=None,
    metavar="NAME",
    help="Scenario (or point label) the others are compared with (default: the first).",
)
@click.option(
    "--lang",
    type=click.Choice(list(LANGS)),
    default="vi",
    show_default=True,
    help="Language of the report and of its messages.",
)
@click.option(
    "--level",
    type=click.FloatRange(0.5, 0.999),
    default=0.8,
    show_default=True,
    help="Probability a lever setting must reach to meet a target.",
)
@click.option(
    "--sets",
    "-k",
    type=click.IntRange(0, 10_000),
    default=DEFAULT_SETS,
    show_default=True,
    help="Parameter sets each scenario as written is judged over (0: every estimate fixed).",
)
def report(directory: str, baseline: str | None, lang: str, level: float, sets: int) -> None:
    """Compare every scenario of the batch folder DIRECTORY: report.md and report.html.

    Exit codes: 0 written; 2 nothing to report or an unknown baseline; 3 a run file is
    damaged (run the same 'partysim batch' command again: it computes it again).
    """
    from partysim.batch.errors import BatchError
    from partysim.batch.report import ReportError, build_report

    try:
        written = build_report(directory, baseline=baseline, lang=lang, level=level, sets=sets)
    except ReportError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    except BatchError as err:  # a damaged run file (BrokenRunError)
        click.echo(f"error: {err.message(lang)}", err=True)
        sys.exit(err.code)
    md = next(p for p in written if p.name == "report.md")
    html = next(p for p in written if p.name == "report.html")
    click.echo(f"wrote {md} and {html} ({len(written) - 2} files in {md.parent / 'report_files'})")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """partysim batch commands (also available as 'partysim batch' / 'partysim report')."""


cli.add_command(batch)
cli.add_command(report)
