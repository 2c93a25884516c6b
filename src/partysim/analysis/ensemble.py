"""Run a scenario over parameter uncertainty: K parameter sets x R replications.

A nested design with common random numbers: replication ``r`` runs with the same seed and
replication number under every parameter set, so two sets differ only by their
parameters, never by their luck (every decision draws from a stream keyed by seed,
replication, decision, month and person: :mod:`partysim.model.streams`). The same holds
between two ensembles with the same parameter sets, seed and R, which is what makes
:func:`paired_difference` of a policy and the baseline precise.

``preview=True`` runs every set on the preview's weighted sample of the territory
(:mod:`partysim.analysis.preview`): the sample is planned once, each parameter set is
applied to it, and the counts are scaled back to the full territory.

Serial and simple: one loop, in this process::

    sets = draw(priors(scenario), 40, seed=1)
    ens = run_ensemble(scenario, sets, replications=4, preview=True)
    policy = run_ensemble(scenario.with_values({"levers.classes_per_year": 60}), sets, replications=4, preview=True)
    paired_difference(ens, policy, "admissions", 2024)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from partysim.analysis import runner
from partysim.analysis.ensemble_results import EnsembleResults
from partysim.analysis.preview import PREVIEW_PEOPLE, plan_sample, sample_scenario, sample_start, scale_results
from partysim.analysis.results import Results
from partysim.analysis.weighted import normalized_weights, weighted_quantile, weighted_variance
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario

__all__ = [
    "PairedDifference",
    "SetRuns",
    "collect_runs",
    "ensemble_of_runs",
    "paired_difference",
    "run_ensemble",
    "set_results",
]


def _check_sets(parameter_sets: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(parameter_sets, pd.DataFrame) or parameter_sets.empty or len(parameter_sets.columns) == 0:
        raise ValueError("parameter_sets must be a DataFrame with at least one row and one column")
    sets = parameter_sets.astype(float).reset_index(drop=True)
    if not np.all(np.isfinite(sets.to_numpy())):
        raise ValueError("parameter_sets has a missing or infinite value")
    sets.index.name = "set"
    return sets


def set_results(
    scenario: Scenario, sets: pd.DataFrame, replications: int, seed: int, people_budget: int | None
) -> Iterator[tuple[int, Results]]:
    """Each parameter set's run, in order: ``(set number, Results)``.

    Replication ``r`` has the same seed under every set (common random numbers). With
    ``people_budget`` the runs are on the preview's weighted sample (planned once) and
    scaled back to the whole territory; each set's sample starts from the sample of that
    set's full-scale spin-up (:func:`~partysim.analysis.preview.sample_start`)."""
    if people_budget is None:
        for k, row in enumerate(sets.itertuples(index=False)):
            sc_k = scenario.with_values(dict(zip(sets.columns, map(float, row))))
            yield k, runner.run(sc_k, replications=replications, seed=seed, progress=False)
        return
    fraction = plan_sample(scenario, people_budget).fraction
    base, scale = sample_scenario(scenario, fraction)
    for k, row in enumerate(sets.itertuples(index=False)):
        values = dict(zip(sets.columns, map(float, row)))
        start = sample_start(scenario.with_values(values), fraction, seed)
        res = runner.run(base.with_values(values), replications=replications, seed=seed, progress=False, start=start)
        yield k, scale_results(res, scale, scenario)


@dataclass(frozen=True)
class SetRuns:
    """The tables of every run over parameter sets: ``set`` (0..K-1) first, then the
    columns of :class:`~partysim.analysis.results.Results`' tables (``replication`` ...).

    Attributes:
        annual: Annual table of every run (counts in people).
        monthly: Monthly table of every run (counts in people).
        by_node: By-node table of every run, or ``None`` when the runs have none.
    """

    annual: pd.DataFrame
    monthly: pd.DataFrame
    by_node: pd.DataFrame | None


def _set_first(tables: list[pd.DataFrame]) -> pd.DataFrame:
    table = pd.concat(tables, ignore_index=True)
    return table[["set", *[c for c in table.columns if c != "set"]]]


def collect_runs(
    scenario: Scenario,
    sets: pd.DataFrame,
    replications: int,
    seed: int,
    people_budget: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SetRuns:
    """Run every parameter set (:func:`set_results`) and gather the runs' tables.

    Args:
        scenario: The base scenario.
        sets: One row per parameter set, one column per dotted path.
        replications: Replications per set.
        seed: Seed (the same for every set: common random numbers).
        people_budget: Simulated people per replication of a preview; ``None`` runs at full scale.
        progress: Called with (sets done, K) after each set.

    Returns:
        :class:`SetRuns`: annual, monthly and by-node tables, ``set`` first.
    """
    annual, monthly, nodes = [], [], []
    for k, res in set_results(scenario, sets, replications, seed, people_budget):
        annual.append(res.annual.assign(set=k))
        monthly.append(res.monthly.assign(set=k))
        if res.by_node is not None:
            nodes.append(res.by_node.assign(set=k))
        if progress is not None:
            progress(k + 1, len(sets))
    return SetRuns(_set_first(annual), _set_first(monthly), _set_first(nodes) if nodes else None)


def run_ensemble(
    scenario: Scenario,
    parameter_sets: pd.DataFrame,
    replications: int,
    seed: int | None = None,
    preview: bool = False,
    weights: Sequence[float] | np.ndarray | None = None,
    *,
    people_budget: int = PREVIEW_PEOPLE,
    progress: Callable[[int, int], None] | None = None,
) -> EnsembleResults:
    """Run every parameter set for ``replications`` replications and judge the targets.

    Args:
        scenario: The base scenario.
        parameter_sets: One row per set, one column per dotted path (values in each
            parameter's unit), e.g. from :func:`partysim.analysis.priors.draw`.
        replications: Replications per set (R >= 1; >= 2 to split the variance).
        seed: Seed (default ``scenario.seed``), the same for every set.
        preview: Run on the preview's weighted sample (fast, noisier).
        weights: Weight of each set (default equal; e.g. a posterior from calibration).
        people_budget: Simulated people per replication in a preview.
        progress: Called with (sets done, K) after each set.

    Returns:
        :class:`~partysim.analysis.ensemble_results.EnsembleResults`.

    Raises:
        ValueError: Bad sets, weights or replications.
        partysim.scenario.ScenarioError: A set's value is not valid for its parameter.
    """
    if int(replications) < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    sets = _check_sets(parameter_sets)
    seed = scenario.seed if seed is None else int(seed)
    runs = collect_runs(scenario, sets, int(replications), seed, people_budget if preview else None, progress)
    return ensemble_of_runs(scenario, sets, runs.annual, int(replications), seed, preview, weights)


def ensemble_of_runs(
    scenario: Scenario,
    parameter_sets: pd.DataFrame,
    annual: pd.DataFrame,
    replications: int,
    seed: int,
    preview: bool,
    weights: Sequence[float] | np.ndarray | None = None,
) -> EnsembleResults:
    """The verdicts of runs already made: what :func:`run_ensemble` returns for the same
    sets, seed, replications and preview, without simulating again.

    Args:
        scenario: The base scenario the runs were made from.
        parameter_sets: One row per set (as for :func:`run_ensemble`).
        annual: The annual table of every run, ``set`` (0..K-1, the rows of
            ``parameter_sets``) and ``replication`` first.
        replications, seed, preview: How the runs were made.
        weights: Weight of each set (default equal).

    Raises:
        ValueError: Bad sets or weights.
    """
    sets = _check_sets(parameter_sets)
    w = normalized_weights(None if weights is None else np.asarray(weights, float), len(sets))
    described = {p.path: {"en": p.en, "vi": p.vi} for p in iter_params(scenario) if p.path in sets.columns}
    return EnsembleResults(
        scenario_name=scenario.name,
        scenario_sha256=scenario.sha256(),
        seed=int(seed),
        replications=int(replications),
        preview=bool(preview),
        parameters=sets,
        weights=w,
        annual=annual,
        targets=list(scenario.targets),
        descriptions=described,
    )


@dataclass(frozen=True)
class PairedDifference:
    """Policy minus base for one figure and year, run by run (same set, same replication).

    Attributes:
        variable: The target name or annual column.
        year: The year.
        mean: Weighted mean difference (the figure's unit).
        lo: 10th percentile of the per-run differences.
        hi: 90th percentile of the per-run differences.
        sd: Standard deviation of the per-run differences.
        unpaired_sd: What the SD would be with independent runs: ``sqrt(Var(base) +
            Var(policy))`` (larger when pairing helps).
        p_increase: Weighted share of runs where the policy gives more.
        runs: Number of paired runs.
    """

    variable: str
    year: int
    mean: float
    lo: float
    hi: float
    sd: float
    unpaired_sd: float
    p_increase: float
    runs: int

    def as_dict(self) -> dict:
        """The difference as a plain dict (JSON-friendly)."""
        return asdict(self)


def _check_paired(base: EnsembleResults, policy: EnsembleResults) -> None:
    same = (
        list(base.parameters.columns) == list(policy.parameters.columns)
        and base.parameters.shape == policy.parameters.shape
        and np.allclose(base.parameters.to_numpy(), policy.parameters.to_numpy())
        and np.allclose(base.weights, policy.weights)
    )
    if not same:
        raise ValueError("not paired: the two ensembles have different parameter sets or weights")
    if base.seed != policy.seed or base.replications != policy.replications or base.preview != policy.preview:
        raise ValueError("not paired: the two ensembles differ in seed, replications or preview")


def paired_difference(
    base: EnsembleResults, policy: EnsembleResults, variable: str, year: int | None = None
) -> PairedDifference:
    """The effect of a policy, run by run: same parameter set, same replication.

    Args:
        base: The baseline ensemble.
        policy: The policy's ensemble, with the same parameter sets, weights, seed and R.
        variable: A target's name or an annual column (``admissions``...).
        year: The year; ``None`` when only one is judged.

    Returns:
        :class:`PairedDifference` (mean and 80% interval of policy - base).

    Raises:
        ValueError: The ensembles are not paired.
    """
    _check_paired(base, policy)
    year = base.year_of(variable, year)
    a = base.values(variable, year)
    b = policy.values(variable, year)
    both = a.merge(b, on=["set", "replication"], suffixes=("_base", "_policy"))
    if both.empty:
        raise ValueError(f"no run has a value of {variable!r} in both ensembles")
    d = (both["value_policy"] - both["value_base"]).to_numpy()
    counts = both.groupby("set")["set"].transform("size").to_numpy()
    w = base.weights[both["set"].to_numpy()] / counts
    w = w / w.sum()
    lo, hi = weighted_quantile(d, w, [0.1, 0.9])
    unpaired = np.sqrt(
        weighted_variance(both["value_base"].to_numpy(), w) + weighted_variance(both["value_policy"].to_numpy(), w)
    )
    return PairedDifference(
        variable=variable,
        year=year,
        mean=float(np.sum(w * d)),
        lo=float(lo),
        hi=float(hi),
        sd=float(np.sqrt(weighted_variance(d, w))),
        unpaired_sd=float(unpaired),
        p_increase=float(np.sum(w * (d > 0))),
        runs=len(d),
    )
