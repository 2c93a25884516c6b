"""The result of a quarterly review (:func:`partysim.analysis.review.review`), in the
manner of a statistics package: ``summary()``, ``to_frame()`` (the units) and
``actions_frame()`` (the candidate actions, paired)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["ACTION_COLUMNS", "UNIT_COLUMNS", "Review", "paired_rows", "standard_error", "unit_rows"]

UNIT_COLUMNS = (
    "unit",
    "quota",
    "actual",
    "simulated_so_far",
    "pipeline_factor",
    "mean",
    "p10",
    "p90",
    "probability",
    "at_risk",
    "nowcast_mean",
    "nowcast_p10",
    "nowcast_p90",
    "nowcast_probability",
    "nowcast_at_risk",
)
"""Columns of :meth:`Review.to_frame`: one row per unit template with a quota, and the
territory (``unit == "*"``), in people except where said. ``quota``: the year's quota (mean
over replications); ``actual``: admissions so far from the sheet (NaN where not given; the
territory adds up the units that reported); ``simulated_so_far``: the simulation's mean
for the same months; ``pipeline_factor``: the rest of the year given the sheet's pipeline
over the simulated rest (ratio of means; 1 without pipeline counts); ``mean``, ``p10``,
``p90``: the year's admissions; ``probability``: of meeting the quota; ``at_risk``: below
the risk level; ``nowcast_*``: the same from the statistical nowcast (NaN where no
nowcast could be made: no actuals, or for the territory some units without)."""

ACTION_COLUMNS = (
    "action",
    "unit",
    "probability",
    "probability_action",
    "gain",
    "gain_se",
    "admissions_gain",
    "admissions_gain_se",
)
"""Columns of :meth:`Review.actions_frame`: per action and unit (at-risk units and the
territory), the probability of meeting the quota without and with the action, the paired
difference and its standard error, and the paired gain in the year's admissions."""


@dataclass
class Review:
    """A quarterly review.

    Attributes:
        scenario_name: The scenario's ``name``.
        title: The scenario's title by language (``"vi"``, ``"en"``).
        scenario_sha256: Content hash of the validated scenario.
        as_of: The period reviewed (``2025-Q2``).
        year: The year re-forecast.
        seed: Seed of the random streams.
        replications: Replications run.
        sets: Distinct parameter sets the replications ran under (0: the scenario's values).
        parameter_source: ``"posterior"``, ``"priors"`` or ``""`` (no parameter sets).
        risk_level: A unit is at risk when its probability of meeting its quota is below this.
        units: :data:`UNIT_COLUMNS`.
        actions: :data:`ACTION_COLUMNS`.
        action_changes: Action key -> lever -> value from next month on.
        reported: (unit templates with actuals, unit templates): the territory's
            ``actual`` adds up the reported ones only.
        pipeline_given: Whether the actuals gave pipeline counts that scale the forecast.
    """

    scenario_name: str
    title: dict[str, str]
    scenario_sha256: str
    as_of: str
    year: int
    seed: int
    replications: int
    sets: int
    parameter_source: str
    risk_level: float
    units: pd.DataFrame
    actions: pd.DataFrame
    action_changes: dict[str, dict[str, float]]
    reported: tuple[int, int]
    pipeline_given: bool

    def to_frame(self) -> pd.DataFrame:
        """The units table (a copy)."""
        return self.units.copy()

    def actions_frame(self) -> pd.DataFrame:
        """The candidate actions table (a copy)."""
        return self.actions.copy()

    @property
    def at_risk(self) -> pd.DataFrame:
        """Unit templates at risk (the territory row excluded), lowest probability first."""
        u = self.units[(self.units["unit"] != "*") & self.units["at_risk"]]
        return u.sort_values("probability")

    def probability(self, unit: str) -> float:
        """Probability that ``unit`` (``"*"``: the territory) meets its quota this year."""
        return float(self.units.loc[self.units["unit"] == unit, "probability"].iloc[0])

    def summary(self) -> str:
        """Plain text: the review, the units, then the actions."""
        head = (
            f"partysim review: {self.scenario_name} as of {self.as_of} ({self.replications} replications, "
            f"{self.sets} parameter sets{' (' + self.parameter_source + ')' if self.sets else ''}, "
            f"seed {self.seed}); at risk: probability of meeting the quota below {self.risk_level:g}"
        )
        cols = ["unit", "quota", "actual", "mean", "p10", "p90", "probability", "at_risk", "nowcast_probability"]
        units = self.units[cols].to_string(index=False, float_format=lambda v: f"{v:,.3g}")
        if self.actions.empty:
            return f"{head}\n{units}"
        acts = self.actions.to_string(index=False, float_format=lambda v: f"{v:,.3g}")
        return f"{head}\n{units}\n\n{acts}"

    def __repr__(self) -> str:
        return f"<Review {self.scenario_name} as of {self.as_of}: {len(self.at_risk)} units at risk>"


def unit_rows(name: str, quota: np.ndarray, year: np.ndarray, risk_level: float) -> dict:
    """The simulation's columns of one unit row from its year totals and quotas (one per
    replication: the quota counts the organisations with a party organisation then)."""
    prob = float(np.mean(year >= quota - 1e-9))
    return {
        "unit": name,
        "quota": float(np.mean(quota)),
        "mean": float(year.mean()),
        "p10": float(np.percentile(year, 10)),
        "p90": float(np.percentile(year, 90)),
        "probability": prob,
        "at_risk": bool(prob < risk_level),
    }


def paired_rows(
    action: str, unit: str, quotas: tuple[np.ndarray, np.ndarray], base: np.ndarray, changed: np.ndarray
) -> dict:
    """One row of the actions table: ``base`` and ``changed`` are the year totals of the
    same replications without and with the action, ``quotas`` their quotas."""
    met0 = (base >= quotas[0] - 1e-9).astype(float)
    met1 = (changed >= quotas[1] - 1e-9).astype(float)
    d, g = met1 - met0, changed - base
    return {
        "action": action,
        "unit": unit,
        "probability": float(met0.mean()),
        "probability_action": float(met1.mean()),
        "gain": float(d.mean()),
        "gain_se": standard_error(d),
        "admissions_gain": float(g.mean()),
        "admissions_gain_se": standard_error(g),
    }


def standard_error(x: np.ndarray) -> float:
    """Standard error of the mean of ``x`` (NaN for fewer than two values)."""
    return float(x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")
