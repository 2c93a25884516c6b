"""``partysim require``: what it takes to meet a target with a chosen probability.

The smallest setting of one lever (or the cheapest combination of several, with the
scenario's ``lever_costs``) at which the target is met with at least the probability in
each year it is judged, over the uncertainty of the estimated parameters
(:func:`partysim.analysis.requirement.require`). Prints the answer and writes
``requirement.json`` (the answer) and ``evaluations.csv`` (every setting tried), each
atomically.

Registered on the main command group by :mod:`partysim.cli`. Bad input exits with code 2
and one ``error:`` line; nothing is written then.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from partysim.analysis.honest import DEFAULT_SETS
from partysim.cli.errors import fail

__all__ = ["require"]


def _write(out_dir: Path, res, lang: str) -> list[Path]:
    from partysim.outputs.atomic import write_text

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        doc = json.dumps({**res.as_dict(), "lang": lang}, ensure_ascii=False, indent=2) + "\n"
        js = write_text(out_dir / "requirement.json", doc)
        csv = write_text(out_dir / "evaluations.csv", res.to_frame().to_csv(index=False))
    except OSError as err:
        fail(f"{out_dir}: cannot write ({err.strerror or err})", lang)
    return [js, csv]


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--target", "target", default=None, help="The target's name (Vietnamese or English).")
@click.option(
    "--probability",
    type=float,
    default=0.8,
    show_default=True,
    help="Required probability of meeting the target in each judged year (between 0 and 1).",
)
@click.option(
    "--lever",
    "levers",
    multiple=True,
    metavar="NAME",
    help="A lever to set (repeat for several: the cheapest combination, with the scenario's lever_costs).",
)
@click.option(
    "--sets",
    "-k",
    "sets",
    type=int,
    default=DEFAULT_SETS,
    show_default=True,
    help="Parameter sets: drawn from the priors, or resampled by weight from the file's calibration.posterior.",
)
@click.option(
    "--posterior",
    default=None,
    metavar="DIR_OR_CSV",
    help="Use the weighted sets of `partysim calibrate --ensemble` (default: the file's calibration.posterior, if any).",
)
@click.option("--pin", "pins", multiple=True, metavar="PATH", help="Keep an estimate at its value (repeat).")
@click.option("--replications", "-n", type=int, default=5, show_default=True, help="Replications per set and setting.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed (default: the scenario's).")
@click.option("--preview", is_flag=True, help="Run on a weighted sample of the territory (fast).")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language.")
@click.option(
    "--out", type=click.Path(file_okay=False), default=None, help="Output folder (default: out/<name>-require)."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress counter.")
def require(
    scenario: str,
    target: str | None,
    probability: float,
    levers: tuple[str, ...],
    sets: int,
    posterior: str | None,
    pins: tuple[str, ...],
    replications: int,
    seed: int | None,
    preview: bool,
    overrides: tuple[str, ...],
    lang: str,
    out: str | None,
    quiet: bool,
) -> None:
    """The smallest lever setting (or cheapest combination) meeting a target of SCENARIO."""
    from tqdm.auto import tqdm

    from partysim.analysis.requirement import RequirementError
    from partysim.analysis.requirement import require as find
    from partysim.cli.judging import command_uncertainty
    from partysim.outputs.requirement_text import requirement_lines
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.schema import load_scenario

    if target is None:
        fail("--target: expected the name of one of the scenario's targets", lang)
    try:
        sc = load_scenario(scenario, overrides)
    except ScenarioError as err:
        fail(err.render(lang), lang)
    uncertainty = command_uncertainty(sc, scenario, sets, posterior, pins, overrides)
    bar = tqdm(desc=sc.name, unit="set-run", delay=2.0, disable=quiet, leave=False, file=sys.stderr)
    try:
        res = find(
            sc,
            target,
            probability,
            levers,
            sets=sets,
            replications=replications,
            seed=seed,
            preview=preview,
            uncertainty=uncertainty,
            progress=lambda done: bar.update(done - bar.n),
        )
    except RequirementError as err:
        bar.close()
        fail(str(err), lang)
    except KeyboardInterrupt:
        bar.close()
        click.echo("interrupted: nothing written", err=True)
        sys.exit(130)
    bar.close()
    for line in requirement_lines(res, lang):
        click.echo(line)
    out_dir = Path(out) if out else Path("out") / f"{sc.name}-require"
    files = _write(out_dir, res, lang)
    click.echo(f"{'wrote' if lang == 'en' else 'đã ghi'} {', '.join(f.name for f in files)} -> {out_dir}")
