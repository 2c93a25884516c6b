"""``partysim calibrate --ensemble`` and the sets behind ``partysim verdict --posterior``.

``partysim calibrate SCENARIO --ensemble --out DIR`` calibrates with uncertainty
(:func:`partysim.analysis.posterior.fit_posterior`): it writes ``posterior_sets.csv``
(the weighted parameter sets), ``posterior.json`` and ``posterior.md``, and prints the
report and the verdicts over the posterior. Without ``--ensemble`` the command is the
point calibration, unchanged (:func:`with_ensemble` adds the options to it).

``partysim verdict SCENARIO --posterior DIR_OR_CSV`` judges the targets over those sets
and weights instead of draws from the priors (:func:`posterior_design`). The calibration
also stores the runs of its sets with weight (``posterior_runs.csv``); a verdict asking
for those very runs (same scenario, seed, replications and preview, e.g. ``--preview -n
2`` after the default calibration) judges them without simulating again
(:func:`stored_runs`): the honest verdict then costs one calibration.

Bad input exits with code 2 and one ``error:`` line; nothing is written then.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

from partysim.cli.errors import fail

__all__ = ["ENSEMBLE_OPTIONS", "posterior_design", "stored_runs", "with_ensemble"]


ENSEMBLE_OPTIONS = [
    click.Option(["--ensemble"], is_flag=True, help="Calibrate with uncertainty: weighted parameter sets."),
    click.Option(["--sets", "-k"], type=int, default=256, show_default=True, help="[--ensemble] Sets in round one."),
    click.Option(["--max-sets"], type=int, default=1024, show_default=True, help="[--ensemble] Most sets simulated."),
    click.Option(
        ["--obs-error"],
        type=float,
        default=0.05,
        show_default=True,
        help="[--ensemble] SD of a published figure's error, share of the figure (an estimate).",
    ),
    click.Option(
        ["--discrepancy"],
        type=float,
        default=0.05,
        show_default=True,
        help="[--ensemble] SD of the model's discrepancy, share of the figure (an estimate).",
    ),
    click.Option(["--seed"], type=int, default=None, help="[--ensemble] Seed (default: the scenario's)."),
    click.Option(
        ["--param", "params"], multiple=True, metavar="PATH", help="[--ensemble] An estimate to vary (repeat)."
    ),
    click.Option(["--full"], is_flag=True, help="[--ensemble] Run the full territory, not the preview."),
    click.Option(["--workers"], type=int, default=1, show_default=True, help="[--ensemble] Processes."),
    click.Option(["--quiet", "-q"], is_flag=True, help="[--ensemble] No progress bar."),
]
"""Options :func:`with_ensemble` adds to the point calibration command."""


def check_numbers(o: dict[str, Any]) -> None:
    """Exit 2 with one line on a setting out of range."""
    if o["replications"] is not None and o["replications"] < 2:
        fail(f"-n: expected at least 2 replications per set (chance is measured), got {o['replications']}")
    if not 1 <= o["sets"] <= o["max_sets"]:
        fail(f"--sets/--max-sets: expected 1 <= sets <= max-sets, got {o['sets']} and {o['max_sets']}")
    if o["obs_error"] < 0 or o["discrepancy"] < 0 or o["obs_error"] + o["discrepancy"] <= 0:
        fail("--obs-error/--discrepancy: expected shares >= 0, not both 0")
    if o["workers"] < 1:
        fail(f"--workers: expected at least 1, got {o['workers']}")
    if o["seed"] is not None and not 0 <= o["seed"] < 2**31:
        fail(f"--seed: expected 0 to 2147483647, got {o['seed']}")
    if o["max_evaluations"] is not None:
        fail("--max-evaluations is for the point calibration; the ensemble uses --sets and --max-sets")


def run_ensemble_calibration(scenario: str, o: dict[str, Any]) -> None:
    """``calibrate --ensemble``: fit, write the files, print the report and verdicts."""
    from tqdm.auto import tqdm

    from partysim.analysis.posterior import PosteriorError, fit_posterior
    from partysim.outputs.posterior_files import write_posterior
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.schema import load_scenario

    check_numbers(o)
    try:
        sc = load_scenario(scenario, o["overrides"])
    except ScenarioError as err:
        fail(err.render("en"))
    out_dir = Path(o["out"]) if o["out"] else Path("out") / f"{sc.name}-posterior"
    with tqdm(desc=sc.name, unit="set", delay=2.0, disable=o["quiet"], leave=False, file=sys.stderr) as bar:
        try:
            post = fit_posterior(
                sc,
                sets=o["sets"],
                max_sets=o["max_sets"],
                replications=o["replications"] or 2,
                seed=o["seed"],
                paths=list(o["params"]) or None,
                preview=not o["full"],
                obs_error=o["obs_error"],
                discrepancy=o["discrepancy"],
                workers=o["workers"],
                progress=bar.update,
            )
        except PosteriorError as err:
            fail(f"{scenario}: {err}")
        except KeyboardInterrupt:
            click.echo("interrupted: nothing written", err=True)
            sys.exit(130)
    ens = post.ensemble()
    try:
        files = write_posterior(post, out_dir, ens.to_frame(), ens.table())
    except OSError as err:
        fail(f"{out_dir}: cannot write ({err.strerror or err})")
    click.echo(post.summary())
    click.echo("Verdicts over the posterior (the calibration's own runs):")
    click.echo(ens.summary())
    click.echo(f"wrote {', '.join(str(f) for f in files)}")


def with_ensemble(point: click.Command) -> click.Command:
    """The calibrate command with ``--ensemble`` and its options added.

    Without ``--ensemble`` the original command runs as it was (same options, same output).
    """
    assert point.callback is not None
    original = point.callback
    names = [o.name for o in ENSEMBLE_OPTIONS]

    def callback(**kwargs: Any) -> None:
        extra = {n: kwargs.pop(n) for n in names}
        if not extra["ensemble"]:
            given = [o.opts[0] for o in ENSEMBLE_OPTIONS[1:] if extra[o.name] not in (o.default, (), None, False)]
            if given:
                fail(f"{given[0]} is an option of --ensemble (add --ensemble, or leave it out)")
            return original(**kwargs)
        run_ensemble_calibration(kwargs.pop("scenario"), {**kwargs, **extra})
        return None

    return click.Command(
        name=point.name,
        params=[*point.params, *ENSEMBLE_OPTIONS],
        callback=callback,
        help=(point.help or "")
        + "\n\nWith --ensemble: calibrate with uncertainty (weighted parameter sets; posterior_sets.csv, "
        "posterior.json, posterior.md in --out, default out/<name>-posterior; -n is then replications per "
        "set, default 2; see docs/calibration.md).",
        short_help=point.short_help,
    )


def posterior_design(path: str, sc: Any) -> tuple[list[Any], pd.DataFrame, Any]:
    """Priors, parameter sets and weights from a calibration's ``posterior_sets.csv``.

    Exits 2 with one line when the file cannot be used for ``sc``; warns when it was
    fitted on a different scenario content.
    """
    from partysim.analysis.priors import PriorError, priors
    from partysim.outputs.posterior_files import PosteriorFileError, read_posterior_sets

    try:
        sets, weights = read_posterior_sets(path)
        prior_list = priors(sc, list(sets.columns))
    except (PosteriorFileError, PriorError) as err:
        fail(f"--posterior {err}")
    for p in prior_list:
        x = sets[p.path]
        if (x < p.lo - 1e-9).any() or (x > p.hi + 1e-9).any():
            fail(f"--posterior {path}: {p.path} has values outside its range {p.lo:g}-{p.hi:g}")
    doc = Path(path) / "posterior.json" if Path(path).is_dir() else Path(path).with_name("posterior.json")
    if doc.is_file():
        try:
            fitted = json.loads(doc.read_text(encoding="utf-8")).get("scenario_sha256")
        except (OSError, ValueError):
            fitted = None
        if fitted and fitted != sc.sha256():
            click.echo(f"warning: {doc} was fitted on a different version of the scenario", err=True)
    return prior_list, sets, weights


def posterior_settings(path: str) -> dict[str, Any]:
    """``scenario_sha256`` and ``settings`` of the calibration's ``posterior.json`` ({} if unreadable)."""
    doc = Path(path) / "posterior.json" if Path(path).is_dir() else Path(path).with_name("posterior.json")
    try:
        d = json.loads(doc.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {"scenario_sha256": d.get("scenario_sha256"), **(d.get("settings") or {})}


def stored_runs(
    path: str, sc: Any, sets: pd.DataFrame, seed: int, replications: int, preview: bool
) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    """The calibration's stored runs of ``sets`` when they are the runs asked for.

    They are when the calibration ran ``sc`` (same content hash) with this seed, number
    of replications and preview, and the stored runs hold every replication of exactly
    these sets (values equal to the sets file's 10 significant digits).

    Returns:
        ``(annual, settings)``: the annual table (``set`` numbered as ``sets``) or
        ``None``, and the calibration's settings ({} without a stored run).
    """
    from partysim.outputs.posterior_files import PosteriorFileError, read_posterior_runs

    try:
        table = read_posterior_runs(path)
    except PosteriorFileError as err:
        fail(f"--posterior {err}")
    if table is None:
        return None, {}
    cal = posterior_settings(path)
    same = (
        cal.get("scenario_sha256") == sc.sha256()
        and cal.get("seed") == seed
        and cal.get("replications") == replications
        and cal.get("preview") == preview
    )
    params = list(sets.columns)
    if not same or not set(["set", "replication", *params]) <= set(table.columns):
        return None, cal
    k, r = len(sets), replications
    per_set = table.groupby("set")["replication"].agg(["nunique", "min", "max"])
    if list(per_set.index) != list(range(k)) or not (per_set.to_numpy() == [r, 0, r - 1]).all():
        return None, cal
    stored = table.groupby("set")[params].first().to_numpy(float)
    if not np.allclose(stored, sets.to_numpy(float), rtol=1e-9, atol=0.0):
        return None, cal
    return table.drop(columns=params), cal
