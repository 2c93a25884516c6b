"""Calibration that returns uncertainty: a weighted ensemble of parameter sets.

:func:`fit_posterior` answers "which parameter sets could have produced the published
figures?" with many sets and their weights instead of one point:

1. **Draw** up to ``max_sets`` parameter sets from the priors of the estimates
   (:mod:`partysim.analysis.priors`: triangular priors, scrambled Sobol sequence), by
   default the same parameters ``partysim verdict`` varies, so a posterior verdict and a
   prior verdict integrate over the same things.
2. **Simulate** the first ``sets`` of them, ``replications`` replications each, on the
   preview (:mod:`partysim.analysis.preview`) with common random numbers: replication
   ``r`` of every set uses the same seed, so two sets differ by their parameters only.
   Each run gives the scenario's calibration moments
   (:func:`partysim.analysis.calibration.moment_values`).
3. **Weigh** each set by a Gaussian likelihood of the published figures ``o_i`` given the
   set's mean moments ``m_ki`` (``R`` replications)::

       V_ki = (obs_error * o_i)^2 + (discrepancy * o_i)^2 + (1 + 1/R) * var_rep_ki
       w_k  ∝ prod_i exp(-(o_i - m_ki)^2 / (2 V_ki)) / sqrt(V_ki)      if max_i I_ki < 3
       I_ki = |o_i - m_ki| / sqrt(V_ki)                                 (implausibility)

   ``var_rep_ki`` is the replication variance of one run (measured: the pooled ratio of
   within-set variance to the mean, times the set's mean, so count-like figures get a
   Poisson-like variance); the published figure is one such run of the world, and the
   set's mean carries ``var_rep / R`` more. Sets with an implausibility of 3 or more on
   any moment are ruled out (history matching's cut-off) and get weight 0.
4. **Extend** while fewer than ``min_sets`` sets are non-implausible or the effective
   sample size (Kish: ``1 / sum w^2``) is below ``min_ess``: the next sets of the same
   Sobol sequence are simulated (the set count doubles each round) up to ``max_sets``.

The prior is the proposal, so the weights are the likelihood alone (importance
sampling). No emulator: with a few moments and a preview run of a few tenths of a second,
simulating the sets themselves is cheap enough and has no emulator error to account for.
See ``docs/calibration.md`` and the check ``benchmarks/bench_sbc.py``.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis import runner
from partysim.analysis.calibration import CalibrationError, moment_values
from partysim.analysis.posterior_results import Posterior
from partysim.analysis.preview import PREVIEW_PEOPLE, plan_sample, sample_scenario, scale_results
from partysim.analysis.priors import Prior, PriorError, draw, priors
from partysim.scenario.schema import Scenario
from partysim.scenario.study import Moment

__all__ = [
    "CUTOFF",
    "DEFAULT_DISCREPANCY",
    "DEFAULT_OBS_ERROR",
    "MIN_SETS",
    "PosteriorError",
    "Runs",
    "Weighing",
    "fit_posterior",
    "grow",
    "simulate_runs",
    "weigh",
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


class PosteriorError(ValueError):
    """The scenario cannot be calibrated as asked (one-line message)."""


@dataclass
class Runs:
    """Simulated sets: parameters, the moments of every run and the annual tables.

    Attributes:
        sets: One row per set (index 0..K-1), one column per parameter path.
        moments: Array (K, R, M): moment ``i`` of replication ``r`` of set ``k``.
        annual: Annual table of every run, columns ``set`` and ``replication`` first.
    """

    sets: pd.DataFrame
    moments: np.ndarray
    annual: pd.DataFrame

    def __len__(self) -> int:
        return len(self.sets)

    def head(self, n: int) -> Runs:
        """The first ``n`` sets."""
        return Runs(self.sets.iloc[:n].copy(), self.moments[:n].copy(), self.annual[self.annual["set"] < n].copy())

    def extend(self, more: Runs) -> Runs:
        """These sets followed by ``more`` (renumbered after these)."""
        k = len(self)
        sets = pd.concat([self.sets, more.sets], ignore_index=True)
        sets.index.name = "set"
        annual = pd.concat([self.annual, more.annual.assign(set=more.annual["set"] + k)], ignore_index=True)
        return Runs(sets, np.concatenate([self.moments, more.moments]), annual)


def check_moments(scenario: Scenario, moments: Sequence[Moment]) -> None:
    """Raise :class:`PosteriorError` when a moment's period is outside the simulated months."""
    for m in moments:
        for p in (m.start, m.end):
            if not 0 <= scenario.month_of(p) < scenario.months:
                raise PosteriorError(
                    f"moment {m.name or m.variable}: period {p} is outside {scenario.start} to {scenario.end}"
                )


def run_chunk(
    scenario: Scenario, sets: pd.DataFrame, replications: int, seed: int, people_budget: int | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Moments (K, R, M) and annual tables of ``sets`` (numbered from 0); one process.

    Top-level so that a process pool can call it. A preview when ``people_budget`` is set.
    """
    assert scenario.calibration is not None
    moments = scenario.calibration.moments
    base, scale = scenario, 1.0
    if people_budget is not None:
        base, scale = sample_scenario(scenario, plan_sample(scenario, people_budget).fraction)
    out = np.empty((len(sets), replications, len(moments)))
    annual = []
    for k, row in enumerate(sets.itertuples(index=False)):
        sc_k = base.with_values(dict(zip(sets.columns, map(float, row))))
        res = runner.run(sc_k, replications=replications, seed=seed, progress=False)
        if people_budget is not None:
            res = scale_results(res, scale, scenario)
        for r, monthly in res.monthly.groupby("replication", sort=True):
            out[k, int(r)] = moment_values(scenario, moments, monthly)
        annual.append(res.annual.assign(set=k))
    table = pd.concat(annual, ignore_index=True)
    return out, table[["set", *[c for c in table.columns if c != "set"]]]


def simulate_runs(
    scenario: Scenario,
    sets: pd.DataFrame,
    replications: int,
    seed: int,
    people_budget: int | None = PREVIEW_PEOPLE,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Runs:
    """Run every set ``replications`` times (common random numbers) and compute its moments.

    Args:
        scenario: The base scenario, with a ``calibration`` block (its moments).
        sets: One row per set, one column per parameter path.
        replications: Replications per set (>= 2 to measure the replication variance).
        seed: Seed of every set's runs.
        people_budget: Simulated people per replication of the preview; ``None`` for
            the full territory.
        workers: Processes (1: this process). The result does not depend on it.
        progress: Called with the number of sets just finished.

    Returns:
        :class:`Runs` (sets renumbered from 0).
    """
    sets = sets.astype(float).reset_index(drop=True)
    sets.index.name = "set"
    size = max(1, min(16, -(-len(sets) // max(workers, 1))))
    chunks = [sets.iloc[i : i + size] for i in range(0, len(sets), size)]
    parts: list[tuple[np.ndarray, pd.DataFrame]] = []
    if workers <= 1 or len(chunks) == 1:
        for c in chunks:
            parts.append(run_chunk(scenario, c, replications, seed, people_budget))
            if progress is not None:
                progress(len(c))
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(run_chunk, scenario, c, replications, seed, people_budget) for c in chunks]
            for c, f in zip(chunks, futures):
                parts.append(f.result())
                if progress is not None:
                    progress(len(c))
    starts = np.cumsum([0] + [len(c) for c in chunks])
    annual = pd.concat([a.assign(set=a["set"] + s) for (_, a), s in zip(parts, starts)], ignore_index=True)
    return Runs(sets, np.concatenate([m for m, _ in parts]), annual)


@dataclass
class Weighing:
    """The likelihood weights of simulated sets and how they were reached.

    Attributes:
        weights: Weight of each set (sums to 1; 0 for ruled-out sets).
        implausibility: Largest implausibility of each set over the moments.
        mean: Array (K, M): each set's mean moment over its replications.
        variance: Array (K, M): the variance ``V_ki`` of the likelihood (figure's unit squared).
        replication_ratio: Per moment, the pooled replication variance of one run per
            unit of the mean (a dispersion index).
        ess: Effective sample size, ``1 / sum(w^2)``.
        positive: Sets with positive weight (non-implausible).
    """

    weights: np.ndarray
    implausibility: np.ndarray
    mean: np.ndarray
    variance: np.ndarray
    replication_ratio: np.ndarray
    ess: float
    positive: int


def weigh(
    moments: np.ndarray,
    observed: np.ndarray,
    obs_error: float = DEFAULT_OBS_ERROR,
    discrepancy: float = DEFAULT_DISCREPANCY,
    cutoff: float = CUTOFF,
) -> Weighing:
    """Likelihood weights of simulated sets given the observed figures.

    Args:
        moments: Array (K, R, M) of simulated moments (sets, replications, moments).
        observed: The M observed figures.
        obs_error: SD of a published figure's error, share of the figure.
        discrepancy: SD of the model's discrepancy, share of the figure.
        cutoff: Implausibility at which a set is ruled out.

    Returns:
        :class:`Weighing`. All weights are 0 when every set is ruled out.
    """
    moments = np.asarray(moments, float)
    obs = np.asarray(observed, float)
    k, r, _ = moments.shape
    mean = np.nanmean(moments, axis=1)
    scale = np.maximum(np.abs(mean), 1.0)
    if r >= 2:
        within = np.nanvar(moments, axis=1, ddof=1)
        ratio = np.nansum(within, axis=0) / np.nansum(scale, axis=0)
    else:
        ratio = np.zeros(obs.shape)
    size = np.maximum(np.abs(obs), 1.0)
    variance = (obs_error * size) ** 2 + (discrepancy * size) ** 2 + (1.0 + 1.0 / r) * ratio * scale
    variance = np.maximum(variance, 1e-12)
    z2 = (obs - mean) ** 2 / variance
    implausibility = np.sqrt(np.nanmax(np.where(np.isnan(z2), np.inf, z2), axis=1))
    log_w = -0.5 * np.sum(z2 + np.log(variance), axis=1)
    keep = (implausibility < cutoff) & np.isfinite(log_w)
    w = np.zeros(k)
    if keep.any():
        w[keep] = np.exp(log_w[keep] - log_w[keep].max())
        w /= w.sum()
    ess = float(1.0 / np.sum(w**2)) if keep.any() else 0.0
    return Weighing(w, implausibility, mean, variance, ratio, ess, int(keep.sum()))


def grow(
    simulate: Callable[[int, int], Runs],
    first: int,
    most: int,
    weighing: Callable[[Runs], Weighing],
    min_sets: int = MIN_SETS,
    min_ess: float = 50.0,
) -> tuple[Runs, Weighing, int]:
    """Simulate sets ``[0, first)``, then double while the posterior is too thin.

    Args:
        simulate: ``simulate(a, b)`` runs sets ``a`` to ``b - 1`` of the design.
        first: Sets of the first round.
        most: Largest number of sets.
        weighing: Weighs the runs so far.
        min_sets: Non-implausible sets wanted.
        min_ess: Effective sample size wanted.

    Returns:
        ``(runs, weighing, rounds)``.

    Raises:
        PosteriorError: No set has weight after the last round.
    """
    n = min(first, most)
    runs = simulate(0, n)
    w = weighing(runs)
    rounds = 1
    while (w.positive < min_sets or w.ess < min_ess) and n < most:
        m = min(2 * n, most)
        runs = runs.extend(simulate(n, m))
        w = weighing(runs)
        n, rounds = m, rounds + 1
    if w.positive == 0:
        raise PosteriorError(f"none of {len(runs)} parameter sets comes near the figures (implausibility < 3)")
    return runs, w, rounds


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
    check_moments(scenario, cal.moments)
    obs = np.array([m.value for m in cal.moments] if observed is None else list(observed), float)
    if obs.shape != (len(cal.moments),):
        raise PosteriorError(f"observed: expected {len(cal.moments)} figures, got {obs.size}")
    return obs


def varied(scenario: Scenario, paths: Sequence[str] | None) -> list[Prior]:
    """The priors of the parameters to vary (:func:`partysim.analysis.priors.priors`)."""
    try:
        return priors(scenario, list(paths) if paths else None)
    except PriorError as err:
        raise PosteriorError(str(err)) from None


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
    people_budget: int = PREVIEW_PEOPLE,
    progress: Callable[[int], None] | None = None,
) -> Posterior:
    """Calibrate ``scenario`` to its moments as a weighted ensemble of parameter sets.

    Args:
        scenario: A scenario with a ``calibration`` block (its moments are fitted).
        sets, max_sets: Sets simulated in round one, and at most (rounds double it).
        replications: Replications per set (>= 2: the replication variance is measured).
        seed: Seed of the design and of the runs (default: the scenario's).
        paths: Parameters to vary (default: those ``partysim verdict`` varies).
        preview: Run on the preview's weighted sample of the territory.
        obs_error, discrepancy: SD of a published figure's error and of the model's
            discrepancy, each a share of the figure (defaults 5%, estimates).
        min_sets, min_ess: Non-implausible sets and effective sample size wanted.
        observed: Figures to fit instead of the moments' values (for checks).
        workers: Processes to run the sets on (the result does not depend on it).
        people_budget, progress: Preview's people per replication; called per set done.

    Returns:
        :class:`~partysim.analysis.posterior_results.Posterior`.

    Raises:
        PosteriorError: No calibration block, bad settings, moments or parameters.
    """
    t0 = time.perf_counter()
    check_settings(sets, max_sets, replications, obs_error, discrepancy)
    obs = observed_figures(scenario, observed)
    prior_list = varied(scenario, paths)
    seed = scenario.seed if seed is None else int(seed)
    design, budget = draw(prior_list, max_sets, seed), (people_budget if preview else None)

    def simulate(a: int, b: int) -> Runs:
        return simulate_runs(scenario, design.iloc[a:b], replications, seed, budget, workers, progress)

    def weighing(runs: Runs) -> Weighing:
        return weigh(runs.moments, obs, obs_error, discrepancy)

    try:
        runs, w, rounds = grow(simulate, sets, max_sets, weighing, min_sets, min_ess)
    except CalibrationError as err:
        raise PosteriorError(str(err)) from None
    settings = dict(seed=seed, replications=replications, preview=preview, obs_error=obs_error, rounds=rounds)
    settings |= dict(discrepancy=discrepancy, cutoff=CUTOFF, min_sets=min_sets, min_ess=min_ess, max_sets=max_sets)
    settings["seconds"] = time.perf_counter() - t0
    return Posterior.build(scenario, prior_list, runs, w, observed=obs, settings=settings)
