"""Calibration that returns uncertainty: a weighted ensemble of parameter sets.

:func:`fit_posterior` answers "which parameter sets could have produced the published
figures?" with many sets and their weights instead of one point:

1. **Wave 1.** ``sets`` parameter sets from the priors of the estimates
   (:mod:`partysim.analysis.priors`: triangular priors, scrambled Sobol sequence), by
   default the parameters ``partysim verdict`` varies, so a posterior verdict and a prior
   verdict integrate over the same things. Each runs ``replications`` times on the
   preview with common random numbers (:mod:`partysim.analysis.posterior_runs`) and gives
   the scenario's calibration moments.
2. **Weights.** A Gaussian likelihood of the published figures whose variance adds an
   observation error, a model discrepancy (5% of the figure each by default: estimates)
   and the replication noise measured from the runs; sets with an implausibility of 3 or
   more are ruled out (:mod:`partysim.analysis.history_matching`).
3. **Later waves.** While fewer than ``min_sets`` sets keep weight or the effective
   sample size is below ``min_ess``: a Gaussian-process emulator fitted to wave 1
   (:mod:`partysim.analysis.emulator`) screens :data:`CANDIDATES` sets from the priors,
   and sets are simulated from the non-implausible ones (as many as wave 1, then
   doubling, up to ``max_sets``), weights corrected for that proposal.

The emulator only chooses where to simulate; every weight comes from simulated runs.
See ``docs/calibration.md`` and the check ``benchmarks/bench_sbc.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from partysim.analysis.calibration import CalibrationError
from partysim.analysis.history_matching import Likelihood, Screen, Weighing, waves
from partysim.analysis.posterior_results import Posterior
from partysim.analysis.posterior_runs import MomentPeriodError, Runs, check_moments, simulate_runs
from partysim.analysis.preview import PREVIEW_PEOPLE
from partysim.analysis.priors import Prior, PriorError, draw, priors
from partysim.scenario.schema import Scenario

__all__ = [
    "CANDIDATES",
    "CUTOFF",
    "DEFAULT_DISCREPANCY",
    "DEFAULT_OBS_ERROR",
    "MIN_SETS",
    "PosteriorError",
    "fit_posterior",
    "observed_figures",
]

DEFAULT_OBS_ERROR = 0.05
"""Standard deviation of the error of a published figure, as a share of the figure (an
estimate: reports round, count at different dates and mix definitions; no source states
an error)."""

DEFAULT_DISCREPANCY = 0.05
"""Standard deviation of the model's discrepancy (what the model leaves out), as a share
of the figure (an estimate)."""

CUTOFF = 3.0
"""Implausibility at or above which a set is ruled out (Pukelsheim's three-sigma rule)."""

MIN_SETS = 100
"""Non-implausible sets the posterior must have (more are simulated until it does)."""

CANDIDATES = 16384
"""Candidate sets drawn from the priors for the emulator to screen (2^14, a Sobol block)."""


class PosteriorError(ValueError):
    """The scenario cannot be calibrated as asked (one-line message)."""


def check_settings(sets: int, max_sets: int, replications: int, obs_error: float, discrepancy: float) -> None:
    """Raise :class:`PosteriorError` on settings out of range (see :func:`fit_posterior`)."""
    if replications < 2:
        raise PosteriorError(f"replications: at least 2 are needed to measure chance, got {replications}")
    if not 1 <= sets <= max_sets:
        raise PosteriorError(f"sets: expected 1 <= sets <= max_sets, got {sets} and {max_sets}")
    if obs_error < 0 or discrepancy < 0 or obs_error + discrepancy <= 0:
        raise PosteriorError("obs_error and discrepancy must be >= 0, and not both 0")


def observed_figures(scenario: Scenario, observed: Sequence[float] | None = None) -> np.ndarray:
    """The figures to fit: ``observed`` or the calibration moments' values (checked)."""
    cal = scenario.calibration
    if cal is None:
        raise PosteriorError("the scenario has no calibration: block (parameters to fit and moments)")
    try:
        check_moments(scenario, cal.moments)
    except MomentPeriodError as err:
        raise PosteriorError(str(err)) from None
    obs = np.array([m.value for m in cal.moments] if observed is None else list(observed), float)
    if obs.shape != (len(cal.moments),):
        raise PosteriorError(f"observed: expected {len(cal.moments)} figures, got {obs.size}")
    return obs


def moment_weights(scenario: Scenario) -> tuple[float, ...]:
    """The ``weight`` of each calibration moment (see :class:`Likelihood`)."""
    assert scenario.calibration is not None
    return tuple(float(m.weight) for m in scenario.calibration.moments)


def varied(scenario: Scenario, paths: Sequence[str] | None) -> list[Prior]:
    """The priors of the parameters to vary (:func:`partysim.analysis.priors.priors`)."""
    try:
        return priors(scenario, list(paths) if paths else None)
    except PriorError as err:
        raise PosteriorError(str(err)) from None


def checked(run: Callable[[], tuple[Runs, Weighing, dict]]) -> tuple[Runs, Weighing, dict]:
    """``run()``, with a moment error or an empty posterior as :class:`PosteriorError`."""
    try:
        runs, w, info = run()
    except CalibrationError as err:
        raise PosteriorError(str(err)) from None
    if w.positive == 0:
        raise PosteriorError(f"none of {len(runs)} parameter sets comes near the figures (implausibility < 3)")
    return runs, w, info


def fit_posterior(
    scenario: Scenario,
    sets: int = 256,
    max_sets: int = 1024,
    replications: int = 2,
    seed: int | None = None,
    paths: Sequence[str] | None = None,
    preview: bool = True,
    obs_error: float = DEFAULT_OBS_ERROR,
    discrepancy: float = DEFAULT_DISCREPANCY,
    min_sets: int = MIN_SETS,
    min_ess: float = 50.0,
    observed: Sequence[float] | None = None,
    workers: int = 1,
    emulator: bool = True,
    people_budget: int = PREVIEW_PEOPLE,
    progress: Callable[[int], None] | None = None,
) -> Posterior:
    """Calibrate ``scenario`` to its moments as a weighted ensemble of parameter sets.

    Args:
        scenario: A scenario with a ``calibration`` block (its moments are fitted).
        sets, max_sets: Sets simulated in wave 1 (from the priors), and at most.
        replications: Replications per set (>= 2: the replication variance is measured).
        seed: Seed of the design and of the runs (default: the scenario's).
        paths: Parameters to vary (default: those ``partysim verdict`` varies).
        preview: Run on the preview's weighted sample of the territory.
        obs_error, discrepancy: SD of a published figure's error and of the model's
            discrepancy, each a share of the figure (defaults 5%, estimates).
        min_sets, min_ess: Sets with weight and effective sample size wanted.
        observed: Figures to fit instead of the moments' values (for checks).
        workers: Processes to run the sets on (the result does not depend on it).
        emulator: Later waves from the emulator's non-implausible region (else from the prior).
        people_budget, progress: Preview's people per replication; called per set done.

    Returns:
        :class:`~partysim.analysis.posterior_results.Posterior`.

    Raises:
        PosteriorError: No calibration block; bad settings, moments or parameters; no fit.
    """
    t0 = time.perf_counter()
    check_settings(sets, max_sets, replications, obs_error, discrepancy)
    obs, prior_list = observed_figures(scenario, observed), varied(scenario, paths)
    seed = scenario.seed if seed is None else int(seed)
    design, budget = draw(prior_list, max_sets, seed), (people_budget if preview else None)
    like = Likelihood(obs, obs_error, discrepancy, CUTOFF, min_sets, min_ess, moment_weights(scenario))

    def simulate(table: pd.DataFrame) -> Runs:
        return simulate_runs(scenario, table, replications, seed, budget, workers, progress)

    def screen(first: Runs) -> Screen:
        return Screen.fit(prior_list, first, draw(prior_list, CANDIDATES, seed + 1))

    runs, w, info = checked(
        lambda: waves(simulate, design, like, max_sets, screen if emulator else None, simulate(design[:sets]))
    )
    settings = dict(seed=seed, replications=replications, preview=preview, emulator=emulator, max_sets=max_sets)
    settings |= vars(like) | info | {"seconds": time.perf_counter() - t0}
    return Posterior.build(scenario, prior_list, runs, w, observed=obs, settings=settings)
