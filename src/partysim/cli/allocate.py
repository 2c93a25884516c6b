"""``partysim allocate``: split a quota among grassroots organisations and cells.

Simulates the scenario to the end of the chosen year (:mod:`partysim.analysis.allocation_runs`)
and splits ``--total`` by rule ``equal-probability`` (every grassroots organisation meets
its quota with about the same probability) or ``source`` (in proportion to candidates on
the source list); the quotas are whole numbers adding up exactly to the total, by quarter
too (:mod:`partysim.analysis.allocation`). Prints a summary; ``--out`` writes
``allocation.xlsx``, ``allocation.csv`` and the chart ``allocation.png``/``.svg``
(:mod:`partysim.outputs.allocation_files`). The probabilities integrate over what is not
known of the parameters too: ``--sets K`` parameter sets (default 20, at most ``-n``; the
file's calibration posterior drawn by weight, else the priors of its estimates) shared out
among the replications, one set each (:mod:`partysim.analysis.shared_sets`), at no extra
runs; ``--sets 0`` keeps the estimates fixed.

Registered on the main command group by :mod:`partysim.cli`. Bad input exits with code 2
and one ``error:`` line; nothing is written then.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from partysim.analysis.honest import DEFAULT_SETS
from partysim.cli.errors import fail

__all__ = ["allocate"]


def _total(text: str, lang: str) -> int:
    """``--total`` as a whole number above 0 (else exit 2)."""
    from partysim.outputs.i18n import label

    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        value = float("nan")
    if not (value > 0 and value == int(value)):
        fail(label("alloc.bad_total", lang).format(v=text), lang)
    return int(value)


def _provenance(sc, res, lang: str):
    from partysim.outputs.allocation_files import holds_text
    from partysim.outputs.provenance import Provenance
    from partysim.outputs.variant_text import changes_text, variant_title
    from partysim.outputs.writer import run_date
    from partysim.version import __version__

    return Provenance(
        scenario=f"{variant_title(sc, lang)}: {holds_text(res, lang)}",
        sha256=sc.sha256(),
        version=__version__,
        seed=res.outcomes.seed,
        replications=res.outcomes.runs,
        date=run_date(),
        changes=changes_text(sc, lang),
    )


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--total", required=True, metavar="N", help="The quota to split (admissions a year, a whole number > 0).")
@click.option(
    "--rule",
    type=click.Choice(["equal-probability", "source"]),
    default="equal-probability",
    show_default=True,
    help="equal-probability: every organisation meets its quota with the same probability; "
    "source: in proportion to candidates on the source list.",
)
@click.option("--year", type=int, default=None, help="Year of the quota (default: the run's first full year).")
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option(
    "--sets",
    "-k",
    type=click.IntRange(0, 1000),
    default=None,
    help=f"Parameter sets shared out among the replications (default: {DEFAULT_SETS}, at most -n; 0: the "
    "estimates fixed): the file's calibration.posterior drawn by weight, else the priors. No extra runs.",
)
@click.option(
    "--posterior",
    default=None,
    metavar="DIR_OR_CSV",
    help="[--sets] Weighted sets of `partysim calibrate --ensemble` (default: the file's calibration.posterior).",
)
@click.option("--pin", "pins", multiple=True, metavar="PATH", help="[--sets] Keep an estimate at its value (repeat).")
@click.option(
    "--check",
    type=click.IntRange(0, 10_000),
    default=0,
    show_default=True,
    help="Re-measure the probabilities on this many independent replications (the next unused seed).",
)
@click.option(
    "--seeds",
    type=click.IntRange(1, 1000),
    default=1,
    show_default=True,
    help="Seeds pooled, each with its own spin-up (replications of one seed share it).",
)
@click.option("--preview", is_flag=True, help="Run on a weighted sample of the territory (fast, rougher).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed (default: the scenario's).")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Write the table and chart here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def allocate(
    scenario: str,
    total: str,
    rule: str,
    year: int | None,
    replications: int,
    sets: int | None,
    posterior: str | None,
    pins: tuple[str, ...],
    check: int,
    seeds: int,
    preview: bool,
    seed: int | None,
    overrides: tuple[str, ...],
    lang: str,
    out: str | None,
    quiet: bool,
) -> None:
    """Split a quota of --total admissions among the grassroots organisations and cells of SCENARIO."""
    from tqdm.auto import tqdm

    from partysim.analysis.allocation import allocate as split
    from partysim.analysis.allocation_runs import full_years
    from partysim.cli.judging import command_uncertainty
    from partysim.outputs.allocation_files import allocation_lines, write_allocation
    from partysim.outputs.console_text import wrote_line
    from partysim.outputs.i18n import label
    from partysim.scenario.errors import ScenarioError
    from partysim.scenario.schema import load_scenario
    from partysim.scenario.sheets.errors import said_in

    n = _total(total, lang)
    try:
        sc = load_scenario(scenario, overrides)
    except ScenarioError as err:
        fail(err.render(lang), lang)
    years = full_years(sc)
    if year is not None and year not in years:
        fail(label("alloc.bad_year", lang).format(year=year, file=scenario, years=", ".join(map(str, years))), lang)
    k = min(DEFAULT_SETS, replications) if sets is None else sets
    uncertainty = command_uncertainty(sc, scenario, k, posterior, pins, overrides) if k > 0 else None
    bar = tqdm(total=replications * seeds + check, unit="run", delay=2.0, disable=quiet, leave=False)
    step = lambda done, _all: bar.update(done - bar.n)  # noqa: E731
    try:
        res = split(sc, n, rule, year, replications, seed, 0, preview, step, check, seeds, uncertainty, shared=True)
    except ValueError as err:
        fail(said_in(err.args[0], lang), lang)
    except KeyboardInterrupt:
        click.echo(label("cli.interrupted", lang), err=True)
        sys.exit(130)
    finally:
        bar.close()
    for line in allocation_lines(res, lang):
        click.echo(line)
    if out:
        try:
            written = write_allocation(Path(out), res, _provenance(sc, res, lang), lang)
        except OSError as err:
            fail(label("cli.cannot_write", lang).format(dir=out, why=err.strerror or err), lang)
        click.echo(wrote_line(len(written), out, lang))
