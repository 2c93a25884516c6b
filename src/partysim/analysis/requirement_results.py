"""The answer of :func:`partysim.analysis.requirement.require`, in the manner of a
statistics package: ``summary()``, ``to_frame()``, ``as_dict()``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RequirementResults", "per_set_interval"]


def per_set_interval(
    values: np.ndarray, weights: np.ndarray, q: tuple[float, float] = (0.1, 0.9)
) -> tuple[float, float]:
    """10th and 90th percentiles of each set's answer (``inf``: beyond the lever's range).

    The percentile is the smallest answer whose cumulative weight reaches ``q`` (answers
    are whole steps of a search, so no interpolation); sets with no answer (NaN) count as
    beyond the range, so a percentile among them is ``inf``.
    """
    x = np.where(np.isnan(values), np.inf, np.asarray(values, float))
    order = np.argsort(x, kind="stable")
    x, cum = x[order], np.cumsum(np.asarray(weights, float)[order])
    cum = cum / cum[-1]
    return tuple(float(x[min(np.searchsorted(cum, qi - 1e-12), len(x) - 1)]) for qi in q)  # type: ignore[return-value]


def _number(v: float | None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if math.isinf(v):
        return "beyond the range"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.3g}"


@dataclass
class RequirementResults:
    """What it takes to meet one target with a chosen probability.

    Attributes:
        scenario_name: The scenario's ``name``.
        target: The target's name (as the scenario's file writes it, Vietnamese first).
        target_names: ``{"vi": ..., "en": ...}`` names of the target.
        probability: Required P(met) in each judged year (0-1).
        levers: The levers searched, in order (the last one carries the interval).
        units: Unit of each lever.
        costs: Cost per unit of each lever that has one (``cost_unit``).
        cost_unit: The planner's money unit of the costs.
        met: True when a setting within the levers' ranges reaches ``probability``.
        setting: The answer ``{lever: value}``; when not met, the top of every range.
        cost: Cost of the answer (sum of cost x value), ``None`` without costs or answer.
        years: The years the target is judged in.
        reached: Pooled P(met) per year at ``setting`` (at the range's end when not met).
        below: ``(value, lowest P(met) over the years)`` one step below the answer on the
            last lever (the others as in the answer), or ``None``.
        per_set: Each parameter set's own smallest value of the last lever (columns
            ``set, weight, <lever>``; NaN: not within the range).
        interval: 10th and 90th percentiles of ``per_set`` (``inf``: beyond the range).
        evaluations: Every setting run on all sets: lever columns, ``year, probability``.
        sets: Parameter sets (K).
        source: Where they come from: ``"priors"``, ``"posterior"`` (a calibration's
            weighted sets) or ``"given"`` (passed in).
        replications: Replications per set and setting (R).
        seed: Seed of the draws and runs.
        preview: True when run on the preview's weighted sample.
        runs: Set-runs done (each of R replications).
    """

    scenario_name: str
    target: str
    target_names: dict[str, str]
    probability: float
    levers: list[str]
    units: dict[str, str]
    costs: dict[str, float]
    cost_unit: str
    met: bool
    setting: dict[str, float]
    cost: float | None
    years: list[int]
    reached: dict[int, float]
    below: tuple[float, float] | None
    per_set: pd.DataFrame
    interval: tuple[float, float]
    evaluations: pd.DataFrame
    sets: int
    source: str
    replications: int
    seed: int
    preview: bool
    runs: int

    @property
    def lowest_reached(self) -> float:
        """The lowest pooled P(met) over the judged years at ``setting``."""
        return min(self.reached.values()) if self.reached else float("nan")

    @property
    def shortfall(self) -> float:
        """How far the probability falls short at ``setting`` (0 when met)."""
        return max(0.0, self.probability - self.lowest_reached)

    @property
    def reachable_share(self) -> float:
        """Weighted share of parameter sets whose own answer lies within the range."""
        col = self.per_set[self.levers[-1]].to_numpy(float)
        return float(np.sum(self.per_set["weight"].to_numpy(float)[~np.isnan(col)]))

    def to_frame(self) -> pd.DataFrame:
        """Every setting tried on all sets, one row per setting and year, sorted."""
        cols = [c for c in self.levers if c in self.evaluations.columns]
        return self.evaluations.sort_values([*cols, "year"]).reset_index(drop=True)

    def as_dict(self) -> dict:
        """The answer as plain data (JSON-friendly; ``inf`` and NaN as ``None``)."""
        plain = lambda v: None if v is None or not math.isfinite(v) else float(v)  # noqa: E731
        return {
            "scenario": self.scenario_name,
            "target": self.target,
            "probability": self.probability,
            "levers": self.levers,
            "units": self.units,
            "met": self.met,
            "setting": {k: float(v) for k, v in self.setting.items()},
            "cost": plain(self.cost),
            "costs": self.costs,
            "cost_unit": self.cost_unit,
            "reached": {str(y): p for y, p in self.reached.items()},
            "shortfall": self.shortfall,
            "below": None if self.below is None else {"value": self.below[0], "probability": self.below[1]},
            "interval": {"lever": self.levers[-1], "p10": plain(self.interval[0]), "p90": plain(self.interval[1])},
            "reachable_share": self.reachable_share,
            "parameter_sets": self.sets,
            "parameter_source": self.source,
            "replications": self.replications,
            "seed": self.seed,
            "preview": self.preview,
            "set_runs": self.runs,
        }

    def summary(self) -> str:
        """A plain-text summary (English): the design, the answer, the interval."""
        head = (
            f"partysim require: {self.scenario_name}, target {self.target!r} with P(met) >= {self.probability:g} "
            f"in each year judged ({', '.join(map(str, self.years))}); {self.sets} parameter sets ({self.source}) "
            f"x {self.replications} "
            f"replications{' (preview)' if self.preview else ''}, seed {self.seed}, {self.runs} set-runs"
        )
        setting = ", ".join(f"{k} = {_number(v)}" for k, v in self.setting.items())
        probs = ", ".join(f"{y}: {p:.2f}" for y, p in self.reached.items())
        if not self.met:
            return (
                f"{head}\nnot reachable within the range: at {setting}, P(met) {probs}; shortfall {self.shortfall:.2f}"
            )
        lines = [head, f"answer: {setting} (P(met) {probs})"]
        if self.cost is not None:
            lines.append(f"cost: {_number(self.cost)} {self.cost_unit}".rstrip())
        if self.below is not None:
            lines.append(f"one step below ({self.levers[-1]} = {_number(self.below[0])}): P(met) {self.below[1]:.2f}")
        lo, hi = self.interval
        lines.append(
            f"over the parameter sets (each on its own replications): {self.levers[-1]} {_number(lo)} to {_number(hi)} "
            f"(10th-90th percentile); {self.reachable_share:.0%} of sets reach it within the range"
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        answer = ", ".join(f"{k}={_number(v)}" for k, v in self.setting.items()) if self.met else "not reachable"
        return f"<RequirementResults {self.scenario_name} {self.target!r} P>={self.probability:g}: {answer}>"
