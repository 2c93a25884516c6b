"""The results of a scenario run, in the manner of a statistics package.

A :class:`Results` holds the tables of every replication and the verdict on every target,
judged when it is built (never filled in afterwards)::

    res = partysim.run(scenario, replications=20)
    print(res.summary())                    # verdicts, one line per target and year
    res.prob_met("≥ 3,000 a year", 2023)    # P(target met in 2023)
    res.to_frame()                          # the verdict table
    res.annual, res.monthly, res.funnel, res.by_node   # the tables themselves

``members_end = members_start + admissions + transfers_in - deaths - removals - exits
- transfers_out - probation_removals`` holds exactly in every annual row (members are
probationary plus full members; ``removals`` includes expulsions and screening).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from partysim.analysis.composition import composition_table, group_funnel
from partysim.analysis.ensemble_results import EnsembleResults
from partysim.analysis.tables import ReplicationTables
from partysim.analysis.verdicts import VERDICT_COLUMNS, verdict_table
from partysim.scenario.schema import Scenario


@dataclass
class Results:
    """Tables of all replications of one scenario run, and the verdicts on its targets.

    Attributes:
        scenario_name: The scenario's ``name``.
        scenario_sha256: Content hash of the validated scenario.
        seed: Seed of the random streams.
        replications: Number of replications.
        monthly: Stocks and flows per (replication, month).
        annual: Per (replication, year); see :func:`partysim.analysis.tables.annual_table`.
        funnel: Mean per replication of people entering and leaving each stage.
        by_node: Per (replication, year, hierarchy node): admissions, quota, grassroots
            organisations judged and meeting their quota.
        verdicts: One row per (target, year): ``name, kind, group, year, threshold,
            probability, mean, p10, p50, p90, expected_shortfall`` (in the target's unit);
            when judged over parameter uncertainty (:mod:`partysim.analysis.honest`) also
            ``prob_lo, prob_hi`` (80% interval of P(met) across parameter sets),
            ``parameter_share, driver_share, chance_share`` (where the spread comes
            from), ``driver_split`` and ``probability_fixed`` (P(met) with every estimate
            at its value).
        fixed_verdicts: The verdicts with every estimate at its value (replications only);
            the same table as ``verdicts`` when no parameter varied.
        ensemble: The combined runs over parameter sets (None when none varied).
        uncertainty: What was varied and how (None when nothing was): ``source``
            (``priors`` or ``posterior``), ``sets``, ``varied``, ``pinned``, ``method``.
    """

    scenario_name: str
    scenario_sha256: str
    seed: int
    replications: int
    monthly: pd.DataFrame
    annual: pd.DataFrame
    funnel: pd.DataFrame
    by_node: pd.DataFrame | None
    verdicts: pd.DataFrame
    fixed_verdicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    ensemble: EnsembleResults | None = None
    uncertainty: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.fixed_verdicts.empty and self.ensemble is None:
            self.fixed_verdicts = self.verdicts

    def with_uncertainty(
        self, verdicts: pd.DataFrame, ensemble: EnsembleResults, uncertainty: dict[str, Any]
    ) -> Results:
        """These results with ``verdicts`` judged over parameter uncertainty (a copy; the
        tables are shared, the plain verdicts kept as ``fixed_verdicts``)."""
        return replace(
            self, verdicts=verdicts, fixed_verdicts=self.fixed_verdicts, ensemble=ensemble, uncertainty=uncertainty
        )

    @classmethod
    def judged(
        cls,
        scenario: Scenario,
        seed: int,
        replications: int,
        monthly: pd.DataFrame,
        annual: pd.DataFrame,
        funnel: pd.DataFrame,
        by_node: pd.DataFrame | None,
    ) -> Results:
        """Results of ``scenario`` from its tables, with every target judged on ``annual``."""
        return cls(
            scenario_name=scenario.name,
            scenario_sha256=scenario.sha256(),
            seed=seed,
            replications=replications,
            monthly=monthly,
            annual=annual,
            funnel=funnel,
            by_node=by_node,
            verdicts=verdict_table(scenario, annual),
        )

    @classmethod
    def from_tables(cls, scenario: Scenario, seed: int, tables: list[ReplicationTables]) -> Results:
        """Combine the tables of finished replications and judge the targets."""
        funnels = pd.concat([t.funnel for t in tables])
        funnel = funnels.groupby("stage", sort=False).mean(numeric_only=True).reset_index()
        by_node = (
            pd.concat([t.by_node for t in tables], ignore_index=True)
            if all(t.by_node is not None for t in tables)
            else None
        )
        return cls.judged(
            scenario,
            seed,
            len(tables),
            monthly=pd.concat([t.monthly for t in tables], ignore_index=True),
            annual=pd.concat([t.annual for t in tables], ignore_index=True),
            funnel=funnel,
            by_node=by_node,
        )

    @property
    def targets(self) -> list[dict[str, Any]]:
        """The verdicts as a list of dicts (one per target and year), as JSON writes them."""
        return [{k: _plain(v) for k, v in row.items()} for row in self.verdicts.to_dict("records")]

    def prob_met(self, target: str, year: int | None = None) -> float:
        """Probability that ``target`` (its name) is met in ``year``.

        Args:
            target: The target's ``name``.
            year: A judged year; ``None`` takes the target's only judged year, or raises
                if it has several.

        Raises:
            KeyError: No such target, or the year was not judged.
            ValueError: ``year`` omitted for a target judged in several years.
        """
        rows = self.verdicts[self.verdicts["name"] == target]
        if rows.empty:
            raise KeyError(f"no target named {target!r}; targets: {sorted(set(self.verdicts['name']))}")
        if year is None:
            if len(rows) != 1:
                raise ValueError(f"target {target!r} is judged in {sorted(rows['year'])}: give year=")
            return float(rows["probability"].iloc[0])
        hit = rows[rows["year"] == int(year)]
        if hit.empty:
            raise KeyError(f"target {target!r} is not judged in {year}; judged years: {sorted(rows['year'])}")
        return float(hit["probability"].iloc[0])

    def to_frame(self) -> pd.DataFrame:
        """The verdict table (a copy): one row per target and year."""
        return self.verdicts.copy()

    def what_matters(self, target: str, year: int | None = None):
        """Which assumption weighs most on ``target`` and when it is met
        (:meth:`EnsembleResults.what_matters`); None when no parameter varied."""
        return None if self.ensemble is None else self.ensemble.what_matters(target, year)

    def composition(self) -> pd.DataFrame:
        """Who is admitted: per year and group, the share of admissions (mean, p10, p90),
        of the people eligible and of members (:func:`~partysim.analysis.composition.composition_table`)."""
        return composition_table(self.annual)

    def group_funnel(self) -> pd.DataFrame:
        """Where each group is lost: per group and funnel stage
        (:func:`~partysim.analysis.composition.group_funnel`)."""
        return group_funnel(self.funnel)

    def summary(self) -> str:
        """A plain-text summary: the run, then one line per target and year."""
        head = (
            f"partysim results: {self.scenario_name} (sha256 {self.scenario_sha256[:12]}), "
            f"seed {self.seed}, {self.replications} replications"
        )
        if self.uncertainty is None:
            head += "; every estimate fixed at its value (chance and drivers only)"
        else:
            u = self.uncertainty
            head += f"; over {u['sets']} parameter sets from the {u['source']} ({len(u['varied'])} estimates varied)"
        if self.verdicts.empty:
            return head + "\n(no targets)"
        cols = ["name", "year", "threshold", "probability", "mean", "p10", "p90", "expected_shortfall"]
        if self.uncertainty is not None:
            cols += ["prob_lo", "prob_hi", "parameter_share", "probability_fixed"]
        table = self.verdicts[cols]
        text = table.to_string(index=False, float_format=lambda v: f"{v:,.4g}")
        return f"{head}\n{text}"

    def __repr__(self) -> str:
        over = "" if self.uncertainty is None else f" x {self.uncertainty['sets']} parameter sets"
        return f"<Results {self.scenario_name}: {self.replications} replications{over}, {len(self.verdicts)} verdicts>"


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value (numpy scalars to int/float, NaN kept as float)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


__all__ = ["VERDICT_COLUMNS", "ReplicationTables", "Results"]
