"""Verdicts that include what we do not know: the parameters, the drivers and chance.

A plain run (:func:`partysim.analysis.runner.run`) judges the targets over replications
with every estimate fixed at the scenario's value: its spread is chance and the driver
forecasts, never the parameters. :func:`run` adds the parameters:

1. Parameter sets: K draws from the priors of the scenario's estimates
   (:mod:`partysim.analysis.priors`: calibration parameters, every lever effect size, the
   most influential estimates) or the weighted sets of a calibration with uncertainty
   (``partysim calibrate --ensemble``). Parameters the planner pins (``pinned``, and
   every path set with ``--set``) are left at their value.
2. Small territories (a commune, a bloc: no more people than the preview's budget): every
   set runs at full scale, :data:`DIRECT_REPLICATIONS` replications each, with common
   random numbers. The combined runs are exact.
3. Large territories: each set runs at full scale for ``replications`` (default 1)
   replications, paired with the same replications of the plain run (same seeds), and
   its **effect** on every annual figure is the ratio of the two,
   ``e_k = mean_r run(set k, r) / mean_r run(scenario, r)`` (``net_growth``, which changes
   sign: a difference). The combined runs are every full replication ``j`` times every
   set's effect, ``full_j * e_k``, each with weight ``w_k / J``; shares stay within 0-1,
   a group's count within its total.

The assumption of step 3: a parameter set scales a figure by the same factor whatever the
replication's luck (multiplicative effects: admissions scale with the rates that feed
them). It is what lets K x J combined runs cost K runs plus the J of the plain run.
``benchmarks/bench_honest_check.py`` measures how far it lands from running every set for
J replications; ``sets=0`` gives the plain run. (The preview's weighted sample is not used:
its first simulated year, fed by the spin-up's pipeline, departs from the full model under
parameter sets that shrink the pipeline; see docs/uncertainty.md.)

The spread of each figure is split three ways (:func:`partysim.analysis.spread.split_spread`):
parameters (between sets), driver forecasts and chance (within sets).

::

    res = run(scenario, replications=20, sets=20)
    res.verdicts[["name", "year", "probability", "prob_lo", "prob_hi", "parameter_share"]]
    res.fixed_verdicts          # the same targets with every estimate at its value
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from partysim.analysis import runner
from partysim.analysis.ensemble import ensemble_of_runs, run_ensemble
from partysim.analysis.ensemble_results import EnsembleResults
from partysim.analysis.preview import PREVIEW_PEOPLE, plan_sample
from partysim.analysis.priors import default_paths, draw, priors
from partysim.analysis.results import Results
from partysim.analysis.spread import spread_columns
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario

__all__ = [
    "DEFAULT_SETS",
    "Combine",
    "ParameterUncertainty",
    "Weighted",
    "combined_runs",
    "effects_table",
    "judge_with_uncertainty",
    "resampled",
    "run",
    "set_effects",
    "shifted_ensemble",
    "shifted_runs",
    "systematic_picks",
]

Weighted = tuple[pd.DataFrame, np.ndarray]
"""A calibration's parameter sets (one row each, a column per path) and their weights."""

DEFAULT_SETS = 20
"""Parameter sets drawn from the priors by default (each costs one full run, four for a
small territory)."""

DIRECT_REPLICATIONS = 4
"""Replications per set when the territory fits the preview and the sets run at full scale."""

KEYS = ("set", "replication", "year", "months")
"""Columns of the annual table that identify a run and a year; every other one is a figure."""

SHARES = ("admission_rate", "go_quota_met_share", "cell_quota_met_share")
"""Figures bounded to 0-1 (kept there after a shift); every other figure is a count >= 0
(``net_growth`` excepted: it may be negative)."""

PARTS = {"adm_": "admissions", "members_": "members_end", "eligible_": "eligible"}
"""Group columns (prefix) and the total each stays within after a shift."""

Combine = Callable[[pd.DataFrame, "np.ndarray | None"], tuple[EnsembleResults, dict[str, Any]]]
"""Another route to the combined runs (see :func:`judge_with_uncertainty`)."""


@dataclass(frozen=True)
class ParameterUncertainty:
    """What a verdict integrates over besides chance.

    Attributes:
        sets: Parameter sets drawn from the priors (0: none, the plain run).
        replications: Full-scale replications per set that measure its effect on a large
            territory (paired with the plain run's first replications).
        posterior: ``(sets, weights)`` of a calibration with uncertainty, used instead of
            prior draws (resampled to at most ``sets`` by weight: :func:`resampled`).
        pinned: Paths kept at the scenario's value (not varied).
        people_budget: Territories with no more people than this run every set directly.
        paths: Dotted paths of the estimates drawn from the priors (``None``: the
            default ones, :func:`~partysim.analysis.priors.default_paths`); pinned paths
            are left out, and a ``posterior`` brings its own paths instead.
    """

    sets: int = DEFAULT_SETS
    replications: int = 1
    posterior: Weighted | None = None
    pinned: tuple[str, ...] = ()
    people_budget: int = PREVIEW_PEOPLE
    paths: tuple[str, ...] | None = None

    @property
    def active(self) -> bool:
        """Whether any parameter varies."""
        return self.posterior is not None or self.sets > 0

    def design(self, scenario: Scenario, seed: int) -> tuple[pd.DataFrame, np.ndarray | None, str]:
        """The parameter sets, their weights (None: equal) and where they come from
        (``"posterior"`` or ``"priors"``).

        Raises:
            partysim.analysis.priors.PriorError: Nothing left to vary, or a bad path.
        """
        if self.posterior is not None:
            sets, weights = self.posterior
            keep = [c for c in sets.columns if c not in self.pinned]
            chosen, w = resampled(np.asarray(weights, float), self.sets, seed)
            return sets.loc[chosen, keep].reset_index(drop=True), w, "posterior"
        wanted = list(self.paths) if self.paths is not None else default_paths(scenario)
        chosen = [p for p in wanted if p not in self.pinned]
        return draw(priors(scenario, chosen), self.sets, seed), None, "priors"


def resampled(weights: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The sets to run from a weighted posterior, and their weights.

    Every set with weight when there are at most ``n`` of them (or ``n`` is 0); otherwise
    ``n`` draws by systematic resampling (seeded), each distinct set once with its number of
    draws as weight: the same expectation with ``n`` runs instead of hundreds.

    Args:
        weights: Weight of each posterior set (>= 0).
        n: Most sets to run.
        seed: Seed of the resampling's offset.
    """
    positive = np.flatnonzero(weights > 0)
    if n <= 0 or len(positive) <= n:
        return positive, weights[positive]
    chosen, counts = np.unique(systematic_picks(weights, n, seed), return_counts=True)
    return chosen, counts.astype(float)


def systematic_picks(weights: np.ndarray, n: int, seed: int) -> np.ndarray:
    """``n`` indices drawn by systematic resampling (one seeded offset), in increasing
    order: index ``i`` appears about ``n * weights[i] / sum(weights)`` times, never more
    than one away from it.

    Args:
        weights: Weight of each item (>= 0, not all 0).
        n: Draws (>= 1).
        seed: Seed of the offset.
    """
    w = np.asarray(weights, float)
    cum = np.cumsum(w / w.sum())
    points = (np.random.default_rng(seed).random() + np.arange(n)) / n
    return np.minimum(np.searchsorted(cum, points), len(w) - 1)


def _figures(annual: pd.DataFrame) -> list[str]:
    return [c for c in annual.columns if c not in KEYS]


def set_effects(base: pd.DataFrame, ens: pd.DataFrame) -> pd.DataFrame:
    """Each set's effect on every figure, as a ratio to the scenario's own values: index
    (set, year), one column per figure (``net_growth``: a difference, it changes sign).

    Args:
        base: Annual table of the scenario's own values, replications ``0..R-1``.
        ens: Annual table of the parameter sets (``set`` column), the same replications.
    """
    figures = [c for c in _figures(ens) if c in base.columns]
    b = base.groupby("year")[figures].mean()
    e = ens.groupby(["set", "year"])[figures].mean()
    b_rows = b.reindex(e.index.get_level_values("year"))
    return effects_table(e.index, e.to_numpy(), b_rows.to_numpy(), figures)


def effects_table(index: pd.MultiIndex, runs: np.ndarray, base: np.ndarray, figures: list[str]) -> pd.DataFrame:
    """The effects of :func:`set_effects` from a set's mean figures (``runs``, one row per
    entry of ``index``: (set, year)) and the scenario's in the same year (``base``, NaN
    where it has none): ratios where the scenario's value is positive (else 1),
    ``net_growth`` a difference."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(base > 0, runs / base, 1.0)
    out = pd.DataFrame(ratio, index=index, columns=figures)
    if "net_growth" in figures:
        g = figures.index("net_growth")
        out["net_growth"] = runs[:, g] - base[:, g]
    return out


def shifted_runs(full: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """Every full replication moved by every set's effect: the combined annual table
    (``set`` first, then the sets' blocks of ``full``'s rows in order); shares kept within
    0-1 and group counts within their totals. Built with one array of every set's rows
    (sets x rows x figures), not one frame per set."""
    figures = [c for c in _figures(full) if c in effects.columns]
    keys = pd.unique(effects.index.get_level_values("set"))
    years = full["year"].to_numpy()
    values = full[figures].astype(float).to_numpy()
    ratio = _set_rows(effects, keys, years, figures)
    moved = values[None, :, :] * np.where(np.isnan(ratio), 1.0, ratio)
    if "net_growth" in figures:
        g = figures.index("net_growth")
        moved[:, :, g] = values[None, :, g] + np.nan_to_num(ratio[:, :, g], nan=0.0)
    col = {c: j for j, c in enumerate(figures)}
    for c in (c for c in SHARES if c in col):
        moved[:, :, col[c]] = moved[:, :, col[c]].clip(0.0, 1.0)
    for part, whole in PARTS.items():
        for c in [c for c in figures if c.startswith(part)]:
            total = moved[:, :, col[whole]] if whole in col else full[whole].to_numpy(float)[None, :]
            moved[:, :, col[c]] = np.minimum(moved[:, :, col[c]], total)
    rows = np.tile(np.arange(len(full)), len(keys))
    shifted = dict(zip(figures, moved.reshape(-1, len(figures)).T))
    table: dict[str, Any] = {"set": np.repeat(np.asarray(keys, dtype=np.int64), len(full))}
    for c in (c for c in full.columns if c != "set"):
        table[c] = shifted[c] if c in shifted else _taken(full[c], rows)
    return pd.DataFrame(table)


def _taken(column: pd.Series, rows: np.ndarray) -> Any:
    """The values of ``column`` at ``rows`` (positions), in the column's own dtype."""
    if isinstance(column.dtype, np.dtype):
        return column.to_numpy()[rows]
    return column.array.take(rows)


def _set_rows(effects: pd.DataFrame, keys: np.ndarray, years: np.ndarray, figures: list[str]) -> np.ndarray:
    """``effects`` (index (set, year)) for every set of ``keys`` and every year of
    ``years``: (sets, years, figures), NaN where a set has no row for the year."""
    at = {(k, y): i for i, (k, y) in enumerate(effects.index.tolist())}
    found, where = np.unique(years, return_inverse=True)
    rows = np.array([[at.get((k, y), -1) for y in found.tolist()] for k in keys.tolist()], dtype=np.int64)
    rows = rows.reshape(len(keys), len(found))[:, where.reshape(-1)]
    table = effects[figures].to_numpy(float)
    out = table[np.maximum(rows, 0)] if len(table) else np.zeros((*rows.shape, len(figures)))
    out[rows < 0] = np.nan
    return out


def judge_with_uncertainty(
    scenario: Scenario,
    results: Results,
    uncertainty: ParameterUncertainty,
    progress: Callable[[int, int], None] | None = None,
    *,
    combine: Combine | None = None,
) -> Results:
    """``results`` (a plain run of ``scenario``) judged over parameter uncertainty too.

    Args:
        scenario: The scenario run.
        results: Its plain run (full scale, or a preview scaled back).
        uncertainty: What to integrate over.
        progress: Called with (sets done, K) by the full-scale routes.
        combine: Another route to the combined runs, called with ``(sets, weights)`` and
            returning ``(combined runs, what it adds to the description)`` (the preview's
            quick route, :mod:`partysim.analysis.quick_uncertainty`); default: the
            full-scale routes of the module docstring.

    Returns:
        A :class:`~partysim.analysis.results.Results` with the same tables, whose
        ``verdicts`` integrate over the parameter sets, with ``fixed_verdicts`` (the plain
        run's), ``ensemble`` (the combined runs) and ``uncertainty`` (what was varied).
        ``results`` itself when nothing varies.
    """
    if not uncertainty.active:
        return results
    sets, weights, source = uncertainty.design(scenario, results.seed)
    direct = plan_sample(scenario, uncertainty.people_budget).fraction >= 1.0
    extra: dict[str, Any] = {}
    if combine is not None:
        combined, extra = combine(sets, weights)
    elif direct:  # a small territory: run the sets themselves, no approximation
        r = min(results.replications, DIRECT_REPLICATIONS)
        combined = run_ensemble(scenario, sets, r, results.seed, weights=weights, progress=progress)
    else:
        combined = combined_runs(scenario, results, sets, weights, uncertainty, progress)
    verdicts = spread_columns(scenario, combined, results.annual)
    fixed = results.verdicts[["name", "year", "probability"]].rename(columns={"probability": "probability_fixed"})
    verdicts = verdicts.merge(fixed, on=["name", "year"], how="left")
    described: dict[str, Any] = {
        "source": source,
        "sets": len(sets),
        "set_replications": min(results.replications, DIRECT_REPLICATIONS)
        if direct
        else min(uncertainty.replications, results.replications),
        "varied": list(sets.columns),
        "pinned": list(uncertainty.pinned),
        "method": "parameter sets run at full scale"
        if direct
        else "set effects (full scale, paired) applied to every full-scale replication",
    }
    described.update(extra)
    return results.with_uncertainty(verdicts, combined, described)


def combined_runs(
    scenario: Scenario,
    results: Results,
    sets: pd.DataFrame,
    weights: np.ndarray | None,
    uncertainty: ParameterUncertainty,
    progress: Callable[[int, int], None] | None = None,
) -> EnsembleResults:
    """The combined runs: each full replication times each set's effect, the effect
    measured on the first ``uncertainty.replications`` full-scale replications of the set
    against the same replications of ``results`` (common random numbers)."""
    r = min(uncertainty.replications, results.replications)
    ens = run_ensemble(scenario, sets, r, results.seed, weights=weights, progress=progress)
    base = results.annual[results.annual["replication"] < r]
    return shifted_ensemble(scenario, results, set_effects(base, ens.annual), ens.parameters, ens.weights, False)


def shifted_ensemble(
    scenario: Scenario,
    results: Results,
    effects: pd.DataFrame,
    sets: pd.DataFrame,
    weights: np.ndarray | None,
    preview: bool,
) -> EnsembleResults:
    """The combined runs of ``results`` moved by ``effects`` (:func:`set_effects`: index
    (set, year)), one block of runs per row of ``sets``, weighted by ``weights`` (None:
    equal); ``preview``: ``results`` is a preview scaled back."""
    return ensemble_of_runs(
        scenario, sets, shifted_runs(results.annual, effects), results.replications, results.seed, preview, weights
    )


def _values(scenario: Scenario, paths: list[str]) -> list[float]:
    """The scenario's own value of each path (the base of the paired effects)."""
    known = {p.path: p.value for p in iter_params(scenario)}
    return [float(known[p]) for p in paths]


def run(
    scenario: Scenario,
    replications: int | None = None,
    seed: int | None = None,
    progress: bool = True,
    *,
    sets: int = DEFAULT_SETS,
    posterior: Weighted | None = None,
    pinned: Sequence[str] = (),
) -> Results:
    """Run ``scenario`` and judge its targets over chance, the driver forecasts and what we
    do not know of its parameters.

    Args:
        scenario: The validated scenario.
        replications: Full-scale replications (default: ``scenario.replications``).
        seed: Seed (default: ``scenario.seed``).
        progress: Show progress bars.
        sets: Parameter sets drawn from the priors (0: every estimate fixed at its value,
            the verdict is then over chance and drivers only, as the verdict says).
        posterior: ``(sets, weights)`` from a calibration with uncertainty, instead of priors.
        pinned: Parameters kept at the scenario's value.

    Returns:
        :class:`~partysim.analysis.results.Results`; ``verdicts`` over the parameters too
        unless ``sets=0`` and no ``posterior``.
    """
    res = runner.run(scenario, replications=replications, seed=seed, progress=progress)
    u = ParameterUncertainty(sets=int(sets), posterior=posterior, pinned=tuple(pinned))
    return judge_with_uncertainty(scenario, res, u)
