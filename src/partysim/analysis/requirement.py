"""What it takes: the smallest lever setting that meets a target with a chosen probability.

``require(scenario, target, 0.8, ["classes_per_year"])`` finds the smallest number of
awareness classes per year at which the target is met with probability at least 0.8 in
**each** year it is judged, over the uncertainty of the estimated parameters:

- the parameter sets are drawn once from the priors (:mod:`partysim.analysis.priors`), or
  taken from a calibration's weighted sets when ``uncertainty`` carries one (the verdicts'
  :class:`~partysim.analysis.honest.ParameterUncertainty`: a scenario fitted to its history
  is asked what it takes under its posterior, not its priors), and every lever value is run with the same sets, seed and replications (common random
  numbers, :mod:`partysim.analysis.requirement_runs`), so two values differ only by the
  lever;
- the pooled P(met) (weighted over sets and replications) is searched by galloping from
  the scenario's own value and bisecting (:func:`partysim.analysis.lever_search.smallest_passing`),
  whole numbers for levers that count things; the answer is the smallest value tried that
  passes and above which every value tried passes too (:func:`partysim.analysis.smallest.smallest_in_group`);
- the interval over parameter uncertainty: the same search for each parameter set alone
  (its own replications), and the 10th-90th percentiles of those answers.

With several levers, each needs a cost per unit (``lever_costs`` in the scenario) and the
answer is the cheapest combination: for the first lever, the cheapest point of its
trade-off with the others (:func:`partysim.analysis.lever_search.cheapest_on_line`), the
others searched in turn the same way; the last lever by bisection. The interval is then
over the last lever, the others held at the answer.

When even the top of the range does not reach the probability, the result says so, with
the probability reached there and the shortfall.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.ensemble_results import name_matches
from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.lever_search import Axis, cheapest_on_line, smallest_passing
from partysim.analysis.priors import draw, priors
from partysim.analysis.requirement_results import RequirementResults, per_set_interval
from partysim.analysis.requirement_runs import SettingRuns
from partysim.analysis.smallest import smallest_in_group
from partysim.analysis.weighted import normalized_weights
from partysim.scenario.lever_costs import WHOLE_LEVERS
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target

__all__ = ["LeverSpec", "RequirementError", "lever_specs", "require"]

STEPS_PER_RANGE = 100
"""A lever that is a level or share is searched to 1/100 of its range."""


class RequirementError(ValueError):
    """Bad input to :func:`require`: the message names the field and what was expected."""


@dataclass(frozen=True)
class LeverSpec:
    """One lever as searched: name, range, start, unit and cost per unit (or ``None``)."""

    name: str
    axis: Axis
    start: float
    unit: str
    cost: float | None


def lever_specs(scenario: Scenario, levers: Sequence[str]) -> list[LeverSpec]:
    """The levers to search, with their ranges (from the declarations) and costs.

    Raises:
        RequirementError: No lever, an unknown or repeated lever, or (several levers) a
            lever without a cost in ``lever_costs.per_unit``.
    """
    declared = {p.path.split(".", 1)[1]: p for p in iter_params(scenario) if p.path.startswith("levers.")}
    if not levers:
        raise RequirementError("--lever: expected at least one lever")
    costs = scenario.lever_costs.per_unit if scenario.lever_costs is not None else {}
    specs = []
    for name in levers:
        if name not in declared:
            raise RequirementError(f"--lever: unknown lever {name!r}; levers: {', '.join(declared)}")
        if any(s.name == name for s in specs):
            raise RequirementError(f"--lever: {name} given twice")
        p = declared[name]
        whole = name in WHOLE_LEVERS
        axis = Axis(float(p.lo), float(p.hi), whole, 1.0 if whole else (p.hi - p.lo) / STEPS_PER_RANGE)
        start = float(p.value) if not isinstance(p.value, dict) else float(max(p.value.values()))
        specs.append(LeverSpec(name, axis, axis.snap(start), p.unit, costs.get(name)))
    missing = [s.name for s in specs if s.cost is None]
    if len(specs) > 1 and missing:
        raise RequirementError(
            f"lever_costs.per_unit: several levers need a cost per unit each; none for {', '.join(missing)}"
        )
    return specs


class _Search:
    """The searches of one requirement, sharing the runs and the last answers found."""

    def __init__(self, runs: SettingRuns, probability: float) -> None:
        self.runs, self.p = runs, probability
        self.hints: dict[str, float] = {}

    def passes(self, values: dict[str, float]) -> bool:
        return float(np.min(self.runs.pooled(values))) >= self.p - 1e-12

    def smallest(self, spec: LeverSpec, fixed: dict[str, float]) -> float | None:
        """Smallest value of ``spec`` passing with the other levers at ``fixed`` (pooled)."""
        found = smallest_passing(
            lambda v: self.passes({**fixed, spec.name: v}), spec.axis, self.hints.get(spec.name, spec.start)
        )
        if found is None:
            return None
        self.hints[spec.name] = found
        values, probs = self.runs.tried(fixed, spec.name)
        pos = smallest_in_group(values, probs, self.p)
        return found if pos is None else float(values[pos])

    def cheapest(self, specs: list[LeverSpec], fixed: dict[str, float]) -> tuple[dict[str, float], float] | None:
        """The cheapest passing setting of ``specs`` with the other levers at ``fixed``."""
        head, rest = specs[0], specs[1:]
        if not rest:
            v = self.smallest(head, fixed)
            return None if v is None else ({head.name: v}, float(head.cost or 0.0) * v)
        lows = {s.name: s.axis.lo for s in rest}
        highs = {s.name: s.axis.hi for s in rest}
        least = self.smallest(head, {**fixed, **highs})
        if least is None:
            return None
        most = self.smallest(head, {**fixed, **lows})
        axis = Axis(least, head.axis.hi if most is None else most, head.axis.whole, head.axis.resolution)

        def cost(a: float) -> float:
            inner = self.cheapest(rest, {**fixed, head.name: a})
            return math.inf if inner is None else float(head.cost or 0.0) * a + inner[1]

        a, c = cheapest_on_line(cost, axis)
        inner = self.cheapest(rest, {**fixed, head.name: a})
        if inner is None or not math.isfinite(c):
            return None
        return {head.name: a, **inner[0]}, c

    def per_set(self, spec: LeverSpec, fixed: dict[str, float], start: float) -> np.ndarray:
        """Each parameter set's own smallest value of ``spec`` (NaN: not within the range)."""
        out = np.full(len(self.runs.sets), np.nan)
        for k in range(len(out)):

            def passes_k(v: float, k: int = k) -> bool:
                p = self.runs.per_set({**fixed, spec.name: v}, [k])[0]
                return bool(np.all(p >= self.p - 1e-12))

            found = smallest_passing(passes_k, spec.axis, start)
            out[k] = np.nan if found is None else found
        return out


def _check(scenario: Scenario, target: str, probability: float, sets: int, replications: int) -> Target:
    """The target called ``target``, after checking the simple inputs."""
    if not 0 < float(probability) < 1:
        raise RequirementError(f"--probability: expected a probability strictly between 0 and 1, got {probability}")
    if int(sets) < 1:
        raise RequirementError(f"--sets: expected at least 1 parameter set, got {sets}")
    if int(replications) < 1:
        raise RequirementError(f"-n: expected at least 1 replication, got {replications}")
    for t in scenario.targets:
        if name_matches(t, target):
            return t
    names = ", ".join(repr(str(t.name)) for t in scenario.targets) or "none"
    raise RequirementError(f"--target: no target named {target!r} in scenario {scenario.name}; targets: {names}")


def require(
    scenario: Scenario,
    target: str,
    probability: float,
    levers: Sequence[str],
    *,
    sets: int = 20,
    replications: int = 5,
    seed: int | None = None,
    preview: bool = False,
    parameter_sets: pd.DataFrame | None = None,
    weights: Sequence[float] | np.ndarray | None = None,
    uncertainty: ParameterUncertainty | None = None,
    progress: Callable[[int], None] | None = None,
) -> RequirementResults:
    """The smallest setting of a lever (or cheapest of several) meeting ``target``.

    Args:
        scenario: The base scenario (levers not searched keep its values).
        target: A target's name (Vietnamese or English).
        probability: Required P(met) in each judged year, strictly between 0 and 1.
        levers: Lever names (``classes_per_year``...); several need ``lever_costs``.
        sets: Parameter sets drawn from the priors (K), when ``parameter_sets`` is not given.
        replications: Replications per set and setting (R).
        seed: Seed of the draws and of every run (default ``scenario.seed``).
        preview: Run on the preview's weighted sample (fast, noisier).
        parameter_sets: Parameter sets to use instead of drawing them (``weights``: default equal).
        uncertainty: The sets of its ``design`` (a posterior or prior draws) instead.
        progress: Called with the number of set-runs (of R replications each) done.

    Returns:
        :class:`~partysim.analysis.requirement_results.RequirementResults`.

    Raises:
        RequirementError: Unknown lever or target, probability outside (0, 1), missing
            costs, or K, R below 1.
    """
    tgt, specs = _check(scenario, target, probability, sets, replications), lever_specs(scenario, levers)
    seed = scenario.seed if seed is None else int(seed)
    psets, w, source = _parameter_sets(scenario, sets, seed, parameter_sets, weights, uncertainty)
    runs = SettingRuns(scenario, tgt, psets, w, int(replications), seed, bool(preview), progress)
    search = _Search(runs, float(probability))
    return RequirementResults(
        scenario_name=scenario.name,
        target=str(tgt.name),
        target_names={lang: str(tgt.name.get(lang)) for lang in ("vi", "en")},
        probability=float(probability),
        levers=[s.name for s in specs],
        units={s.name: s.unit for s in specs},
        costs={s.name: s.cost for s in specs if s.cost is not None},
        cost_unit=scenario.lever_costs.unit if scenario.lever_costs is not None else "",
        **_answer(search, specs),
        evaluations=runs.table(),
        sets=len(psets),
        source=source,
        replications=int(replications),
        seed=seed,
        preview=bool(preview),
        runs=runs.runs_done,
    )


def _parameter_sets(
    scenario: Scenario,
    sets: int,
    seed: int,
    given: pd.DataFrame | None,
    weights: Sequence[float] | np.ndarray | None,
    uncertainty: ParameterUncertainty | None,
) -> tuple[pd.DataFrame, np.ndarray, str]:
    """The sets to search over, their normalised weights and where they come from."""
    source = "given"
    if given is not None:
        psets = given.reset_index(drop=True)
    elif uncertainty is not None:
        psets, weights, source = uncertainty.design(scenario, seed)
    else:
        psets, source = draw(priors(scenario), int(sets), seed), "priors"
    return psets, normalized_weights(None if weights is None else np.asarray(weights, float), len(psets)), source


def _answer(search: _Search, specs: list[LeverSpec]) -> dict:
    """The search's answer, one step below it, and each set's own answer (result fields)."""
    runs = search.runs
    found = search.cheapest(specs, {})
    last = specs[-1]
    setting = found[0] if found is not None else {s.name: s.axis.hi for s in specs}
    below = None
    if found is not None and setting[last.name] > last.axis.lo:
        step_down = {**setting, last.name: last.axis.snap(setting[last.name] - last.axis.resolution)}
        below = (step_down[last.name], float(np.min(runs.pooled(step_down))))
    if found is not None:
        others = {n: v for n, v in setting.items() if n != last.name}
        per_set = search.per_set(last, others, setting[last.name])
    else:
        per_set = np.full(len(runs.sets), np.nan)
    return {
        "met": found is not None,
        "setting": setting,
        "cost": _setting_cost(specs, setting) if found is not None else None,
        "years": list(runs.years),
        "reached": dict(zip(runs.years, map(float, runs.pooled(setting)))),
        "below": below,
        "per_set": pd.DataFrame({"set": range(len(per_set)), "weight": runs.weights, last.name: per_set}),
        "interval": per_set_interval(per_set, runs.weights),
    }


def _setting_cost(specs: list[LeverSpec], setting: dict[str, float]) -> float | None:
    """Cost of ``setting`` when every lever has a cost, else ``None``."""
    if any(s.cost is None for s in specs):
        return None
    return float(sum(float(s.cost or 0.0) * setting[s.name] for s in specs))
