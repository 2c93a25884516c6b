"""The preview's verdict over parameter uncertainty in about a second: flow-model ratios.

The full route (:mod:`partysim.analysis.honest`) measures each parameter set's effect on
every annual figure with a full-scale run of the set: minutes on a province. The quick
route measures it with the expected-value flow model
(:mod:`partysim.analysis.flow_model`) instead, on the preview's own sample:

1. The preview (:func:`~partysim.analysis.preview.run_preview`) runs the scenario as is.
2. The flow model is built once from the preview's sample (the same starting pipeline,
   :func:`~partysim.analysis.preview.sample_start`) and run for the scenario as is and for
   every parameter set (the same sets :meth:`ParameterUncertainty.design` draws: priors or
   a posterior), each on that one build.
3. A set's effect on a figure is ``flow(set) / flow(scenario as is)`` per year
   (:func:`~partysim.analysis.honest.set_effects`; ``net_growth``: a difference), and the
   combined runs are every preview replication times every set's effect
   (:func:`~partysim.analysis.honest.shifted_runs`), judged by
   :func:`~partysim.analysis.honest.judge_with_uncertainty`: the same verdict columns as
   the full route.

What it assumes (measured in docs/uncertainty.md): flow-model ratios stand in for the
simulation's; every set starts from the scenario's own build (the full route runs each
set's own spin-up, so a set that shrinks the starting pipeline moves the first year more
there). The flow model follows admissions, members and the admission rate
(:data:`SERVED_KINDS`); it has no groups (believers, women...) and no cells' quotas, so
those targets keep the preview's spread over chance only: a group's count moves with its
total (its share unchanged) and the result's ``uncertainty["not_served"]`` names them.

::

    res = preview_with_uncertainty(sc, sets=20)
    res.verdicts[["name", "year", "probability", "prob_lo", "prob_hi", "probability_fixed"]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from partysim.analysis.flow_inputs import FlowInputs, flow_inputs
from partysim.analysis.flow_model import FlowModel
from partysim.analysis.flow_results import FLOWS, annual_columns, monthly_columns
from partysim.analysis.flow_spinup import empty_pipeline, spinup_months, spinup_stocks, spun_inputs
from partysim.analysis.honest import (
    DEFAULT_SETS,
    PARTS,
    ParameterUncertainty,
    effects_table,
    judge_with_uncertainty,
    shifted_ensemble,
)
from partysim.analysis.preview import (
    ABSOLUTE_LEVERS,
    PREVIEW_PEOPLE,
    PREVIEW_REPLICATIONS,
    SamplePlan,
    plan_sample,
    run_preview,
    sample_scenario,
    sample_start,
)
from partysim.analysis.results import Results
from partysim.model.spinup import POLICY_PATHS, policy_free
from partysim.scenario.schema import Scenario

__all__ = [
    "FLOW_FIGURES",
    "SERVED_KINDS",
    "flow_annual",
    "flow_effects",
    "judge_quick",
    "not_served",
    "preview_with_uncertainty",
    "quick_inputs",
]

FLOW_FIGURES = (*(f for f in FLOWS if f != "seats"), "members_start", "members_end", "admission_rate", "net_growth")
"""Annual figures that both the flow model and the simulation report (people a year;
``admission_rate`` a fraction; ``net_growth`` members at the year's end less at its start)."""

SERVED_KINDS = ("admissions", "admission_rate", "net_growth")
"""Target kinds whose figure the flow model follows; the others (composition, quota
shares) keep the preview's spread over chance only."""

QUICK_BUILD_PEOPLE = 100_000
"""The flow model's build averages as many builds of the sample as fit this many people
(a small territory's few cells make one build unrepresentative; one build of a preview's
40,000-person sample takes about 0.1 s)."""


def quick_inputs(scenario: Scenario, plan: SamplePlan, seed: int) -> FlowInputs:
    """The flow model's starting state: the engine's build of the preview's sample, from the
    preview's own spin-up (cached per process, as the spin-up is).

    Args:
        scenario: The full scenario.
        plan: Its preview plan (:func:`~partysim.analysis.preview.plan_sample`).
        seed: The run's seed.
    """
    sample, _ = sample_scenario(scenario, plan.fraction)
    builds = int(np.clip(QUICK_BUILD_PEOPLE // max(plan.people, 1), 1, 32))
    return flow_inputs(sample, seed, builds=builds, start=sample_start(scenario, plan.fraction, seed))


def flow_annual(sample: Scenario, inputs: FlowInputs) -> pd.DataFrame:
    """The flow model's annual figures (:data:`FLOW_FIGURES`, with ``year`` and ``months``)
    of ``sample`` started from ``inputs``."""
    return pd.DataFrame(_annual_figures(sample, inputs))


def _annual_figures(sample: Scenario, inputs: FlowInputs) -> dict[str, np.ndarray]:
    """:func:`flow_annual`'s columns as arrays (no monthly table made)."""
    rows, _ = FlowModel(sample, inputs).path()
    annual = annual_columns(monthly_columns(rows), float(inputs.members_start))
    annual["net_growth"] = annual["members_end"] - annual["members_start"]
    return {c: annual[c] for c in ("year", "months", *FLOW_FIGURES)}


def _set_sample(scenario: Scenario, sample: Scenario, plan: SamplePlan, values: dict[str, float]) -> Scenario:
    """The preview's sample of the scenario with ``values``: the sample with the values,
    unless one of them is a territory count or an absolute lever (which a sample scales)."""
    scaled = {f"levers.{name}" for name in (*ABSOLUTE_LEVERS, "seats_per_class")}
    if any(p.startswith("territory.") or p in scaled for p in values):
        return sample_scenario(scenario.with_values(values), plan.fraction)[0]
    return sample.with_values(values)


def flow_effects(
    scenario: Scenario, sets: pd.DataFrame, seed: int, people_budget: int = PREVIEW_PEOPLE, *, spinup: bool = True
) -> pd.DataFrame:
    """Each set's effect on every annual figure by the flow model: index (set, year), one
    column per figure (ratios to the scenario as is; ``net_growth`` a difference), as
    :func:`~partysim.analysis.honest.set_effects` gives the full route's.

    Args:
        scenario: The full scenario.
        sets: One row per set, one column per dotted path.
        seed: The run's seed (the build's).
        people_budget: The preview's people budget (its sample is the flow model's).
        spinup: Where the scenario spins up its starting pipeline, scale each set's
            starting pipeline by the flow model's own spin-up
            (:mod:`partysim.analysis.flow_spinup`); False: every set starts from the
            scenario's own pipeline.
    """
    plan = plan_sample(scenario, people_budget)
    sample, _ = sample_scenario(scenario, plan.fraction)
    built = quick_inputs(scenario, plan, seed)
    inputs = built
    months = spinup_months(scenario) if spinup else 0
    if months:  # the spin-up undoes policy (levers and their effects), as the engine's does
        spin_full = policy_free(scenario)
        spin_sample = sample_scenario(spin_full, plan.fraction)[0]
        empty = empty_pipeline(built)
        spin_base = spinup_stocks(spin_sample, empty, months)
        inputs = spun_inputs(built, spin_base, spin_base)
    base = _annual_figures(sample, inputs)
    runs: list[dict[str, np.ndarray]] = []
    for row in sets.itertuples(index=False):
        values = dict(zip(sets.columns, map(float, row)))
        start = inputs
        past = {p: v for p, v in values.items() if not p.startswith(POLICY_PATHS)}
        if months and past:
            spun = spinup_stocks(_set_sample(spin_full, spin_sample, plan, past), empty, months)
            start = spun_inputs(built, spin_base, spun)
        runs.append(_annual_figures(_set_sample(scenario, sample, plan, values), start))
    return _effects(base, runs)


def _effects(base: dict[str, np.ndarray], runs: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """:func:`~partysim.analysis.honest.set_effects` of one flow run of the scenario and one
    of each set (each its own mean), from their annual figures."""
    years = np.concatenate([r["year"] for r in runs])
    index = pd.MultiIndex.from_arrays(
        [np.repeat(np.arange(len(runs), dtype=np.int64), [len(r["year"]) for r in runs]), years], names=["set", "year"]
    )
    table = np.column_stack([np.concatenate([r[f] for r in runs]) for f in FLOW_FIGURES])
    at = {y: k for k, y in enumerate(base["year"].tolist())}
    rows = np.array([at.get(y, -1) for y in years.tolist()], dtype=np.int64)
    own = np.column_stack([base[f] for f in FLOW_FIGURES])[np.maximum(rows, 0)]
    own[rows < 0] = np.nan
    return effects_table(index, table, own, list(FLOW_FIGURES))


def _with_parts(effects: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``effects`` with every group column of ``columns`` at its total's effect."""
    out = effects.copy()
    for part, whole in PARTS.items():
        if whole in out.columns:
            for col in [c for c in columns if c.startswith(part) and c not in effects.columns]:
                out[col] = out[whole]
    return out


def not_served(scenario: Scenario) -> list[str]:
    """Targets (English names) whose figure the flow model does not follow: judged over
    chance only by the quick route."""
    return [str(t.name.en if hasattr(t.name, "en") else t.name) for t in scenario.targets if t.kind not in SERVED_KINDS]


def judge_quick(
    scenario: Scenario,
    results: Results,
    uncertainty: ParameterUncertainty,
    people_budget: int = PREVIEW_PEOPLE,
    *,
    spinup: bool = True,
) -> Results:
    """``results`` (the preview of ``scenario``) judged over ``uncertainty`` by flow-model
    ratios (see the module docstring; ``spinup``: as for :func:`flow_effects`);
    ``results`` itself when nothing varies."""

    def combine(sets: pd.DataFrame, weights: np.ndarray | None):
        effects = flow_effects(scenario, sets, results.seed, people_budget, spinup=spinup)
        effects = _with_parts(effects, results.annual.columns)
        described = {
            "method": "flow-model ratios (expected values, on the preview's sample; each set's starting pipeline "
            "from the flow model's spin-up) applied to every preview replication",
            "set_replications": 0,
            "not_served": not_served(scenario),
        }
        return shifted_ensemble(scenario, results, effects, sets, weights, True), described

    return judge_with_uncertainty(scenario, results, uncertainty, combine=combine)


def preview_with_uncertainty(
    scenario: Scenario,
    sets: int = DEFAULT_SETS,
    *,
    posterior: tuple[pd.DataFrame, np.ndarray] | None = None,
    pinned: Sequence[str] = (),
    people_budget: int = PREVIEW_PEOPLE,
    replications: int = PREVIEW_REPLICATIONS,
    seed: int | None = None,
) -> Results:
    """The preview's verdict over parameter uncertainty: run the preview, then judge it by
    flow-model ratios over ``sets`` parameter sets (see the module docstring).

    Args:
        scenario: The full scenario.
        sets: Parameter sets drawn from the priors (or resampled from ``posterior``);
            0 and no posterior: the plain preview.
        posterior: ``(sets, weights)`` of a calibration with uncertainty.
        pinned: Paths kept at the scenario's value.
        people_budget: Simulated people per preview replication.
        replications: Preview replications.
        seed: Seed (default ``scenario.seed``); the parameter sets are drawn with it.

    Returns:
        :class:`~partysim.analysis.results.Results` at full-territory scale, ``verdicts``
        with the full route's columns and ``uncertainty["method"]`` naming this route.
    """
    res = run_preview(scenario, people_budget=people_budget, replications=replications, seed=seed)
    u = ParameterUncertainty(sets=int(sets), posterior=posterior, pinned=tuple(pinned), people_budget=people_budget)
    return judge_quick(scenario, res, u, people_budget)
