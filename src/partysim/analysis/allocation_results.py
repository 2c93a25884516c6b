"""The quotas of :func:`partysim.analysis.allocation.allocate`, in the manner of a statistics package.

::

    res.to_frame()     # one row per template and GO quota: GOs, quota, quarters, cells, P(met)
    res.by_unit()      # one row per template: its total quota, by quarter, P(a GO meets its quota)
    res.summary()      # plain text
    res.remeasure(other_outcomes)   # P(met) of the same quotas on other runs (with its standard error)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.allocation_runs import UnitOutcomes, meet_probability, survival
from partysim.model.units import allocate as largest_remainder
from partysim.model.units import exact_shares

__all__ = ["QUARTERS", "ROW_COLUMNS", "AllocationResults", "quota_rows"]

QUARTERS = ("q1", "q2", "q3", "q4")
"""Quarter columns (quota per GO in each quarter, people)."""

ROW_COLUMNS = (
    "unit",
    "parent",
    "grassroots",
    "quota",
    *QUARTERS,
    "cells",
    "cell_quota_high",
    "cells_high",
    "cell_quota_low",
    "total",
    "prob_go",
    "prob_cell",
)
"""Columns of :meth:`AllocationResults.to_frame`: template, its parent node, GOs in the row,
quota per GO (people a year), its quarters, cells per GO, the higher cell quota and how many
cells of each GO get it, the lower cell quota, the row's total (GOs x quota), and the
probability that one GO (one cell) meets its quota."""


def _levels(total: int, n: int) -> list[tuple[int, int]]:
    """(quota, GOs) of ``total`` shared among ``n`` GOs, larger quota first, empty levels dropped."""
    shares = exact_shares(total, n)
    values, counts = np.unique(shares, return_counts=True)
    return [(int(v), int(c)) for v, c in zip(values[::-1], counts[::-1])]


def _row(outcomes: UnitOutcomes, t: int, quota: int, gos: int, curve: np.ndarray) -> dict:
    """One row: ``gos`` GOs of template ``t`` with ``quota`` each."""
    profile = outcomes.quarters[t]
    quarters = largest_remainder(quota, profile if profile.sum() > 0 else np.ones(4))
    n_cells = int(outcomes.cells_per_go[t])
    cells = exact_shares(quota, n_cells)
    cell_curve = survival(outcomes.cell_admissions[t])
    return {
        "template": t,
        "unit": outcomes.names[t],
        "parent": outcomes.parents[t],
        "grassroots": gos,
        "quota": quota,
        **{q: int(v) for q, v in zip(QUARTERS, quarters)},
        "cells": n_cells,
        "cell_quota_high": int(cells.max()),
        "cells_high": int((cells == cells.max()).sum()),
        "cell_quota_low": int(cells.min()),
        "total": gos * quota,
        "prob_go": meet_probability(curve, quota),
        "prob_cell": float(np.mean([meet_probability(cell_curve, int(c)) for c in cells])),
    }


def quota_rows(outcomes: UnitOutcomes, template_total: np.ndarray, curves: list[np.ndarray]) -> pd.DataFrame:
    """The quota table: each template's total shared among its GOs (differing by at most one).

    Args:
        outcomes: The pooled outcomes.
        template_total: Whole quota of each template (people), adding up to the total.
        curves: Survival curve of one GO's admissions per template.
    """
    rows = []
    for t, total in enumerate(template_total):
        n = int(outcomes.go_count[t])
        for quota, gos in _levels(int(total), n) if n > 0 else []:
            rows.append(_row(outcomes, t, quota, gos, curves[t]))
    return pd.DataFrame(rows, columns=["template", *ROW_COLUMNS])


@dataclass
class AllocationResults:
    """Whole quotas for every GO and cell, adding up to ``total``.

    Attributes:
        rule: ``"equal-probability"`` or ``"source"``.
        total: The total shared (people a year).
        probability: The common probability ``p`` of the equal-probability rule (NaN for
            ``source``); 0 or 1 when the total lies beyond every simulated outcome.
        outcomes: The simulated outcomes the quotas were read from.
        rows: The quota table (:data:`ROW_COLUMNS`).
        check: The same quotas re-measured on independent runs (:meth:`remeasure`:
            ``template, unit, prob_go, se, runs``), or None. Read from the same runs that
            set them, the probabilities are optimistic where a template has few GOs;
            independent runs give the honest figure.
    """

    rule: str
    total: int
    probability: float
    outcomes: UnitOutcomes
    rows: pd.DataFrame
    check: pd.DataFrame | None = None

    @property
    def year(self) -> int:
        return self.outcomes.year

    @property
    def integrates_over(self) -> str:
        """What the probabilities hold: ``"chance"``, ``"chance+parameters"`` (prior draws)
        or ``"chance+posterior"`` (a calibration's weighted sets)."""
        if self.outcomes.sets <= 0:
            return "chance"
        return "chance+posterior" if self.outcomes.parameter_source == "posterior" else "chance+parameters"

    def to_frame(self) -> pd.DataFrame:
        """The quota table (a copy), one row per template and GO quota: ``template`` (its
        index in the scenario) and :data:`ROW_COLUMNS`."""
        return self.rows.copy()

    def by_unit(self) -> pd.DataFrame:
        """One row per template: GOs, total quota and by quarter, mean P(a GO / cell meets its quota)."""
        df = self.rows.assign(**{q: self.rows[q] * self.rows["grassroots"] for q in QUARTERS})
        df = df.assign(_pg=df["prob_go"] * df["grassroots"], _pc=df["prob_cell"] * df["grassroots"])
        g = df.groupby(["template", "unit", "parent"], sort=False)[
            ["grassroots", "total", *QUARTERS, "_pg", "_pc"]
        ].sum()
        g["prob_go"] = g.pop("_pg") / g["grassroots"]
        g["prob_cell"] = g.pop("_pc") / g["grassroots"]
        g = g.reset_index()
        if self.check is not None:
            checked = self.check.set_index("template")
            g["prob_go_check"] = g["template"].map(checked["prob_go"])
            g["se_check"] = g["template"].map(checked["se"])
        return g

    def remeasure(self, other: UnitOutcomes) -> pd.DataFrame:
        """P(a GO of each template meets its quota) on other runs, with its standard error.

        Per run, the share of the template's GOs meeting the quota their row gives them
        (rows weighted by their GOs); then the mean and standard error over runs.
        """
        out = []
        for t, name in enumerate(other.names):
            rows = self.rows[self.rows["template"] == t]
            if rows.empty or len(other.admissions[t]) == 0:
                continue
            adm, run = other.admissions[t], other.run_of[t]
            hit = sum(w * (adm >= q) for q, w in zip(rows["quota"], rows["grassroots"] / rows["grassroots"].sum()))
            runs = np.unique(run)
            per_run = np.array([hit[run == r].mean() for r in runs])
            se = float(per_run.std(ddof=1) / np.sqrt(len(runs))) if len(runs) > 1 else float("nan")
            out.append({"template": t, "unit": name, "prob_go": float(per_run.mean()), "se": se, "runs": len(runs)})
        return pd.DataFrame(out)

    def summary(self) -> str:
        """Plain text: the rule, the year, the common probability, one line per template."""
        o = self.outcomes
        head = (
            f"quota {self.total:,} for {self.year} split by rule {self.rule}; "
            + (
                f"{o.replications} replications shared among {o.sets} parameter sets"
                if o.shared
                else f"{o.replications} replications x {max(o.sets, 1)} parameter set(s)"
            )
            + f"{' (preview)' if o.preview else ''}; probabilities hold {self.integrates_over}"
        )
        if self.rule == "equal-probability":
            head += f"\ncommon probability of meeting a quota: {self.probability:.3f}"
        checked = ["prob_go_check", "se_check"] if self.check is not None else []
        table = self.by_unit()[["unit", "grassroots", "total", *QUARTERS, "prob_go", "prob_cell", *checked]]
        return f"{head}\n{table.to_string(index=False, float_format=lambda v: f'{v:.3f}')}"

    def __repr__(self) -> str:
        return f"<AllocationResults {self.rule}: {self.total} in {self.year}, {len(self.rows)} rows>"
