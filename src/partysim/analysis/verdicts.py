"""Verdicts: for each target and year, the probability of meeting it across replications,
the mean, 10th/50th/90th percentiles and the expected shortfall."""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.model.columns import GROUP_COLUMN
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target

VERDICT_COLUMNS = (
    "name",
    "kind",
    "group",
    "year",
    "threshold",
    "probability",
    "mean",
    "p10",
    "p50",
    "p90",
    "expected_shortfall",
)
"""Columns of the verdict table, one row per (target, year)."""

SUMMARY_VARIABLES = ("admissions", "members_start", "members_end", "admission_rate", "net_growth")


def target_values(target: Target, annual: pd.DataFrame) -> pd.Series:
    """The quantity a target is measured on, per annual row."""
    if target.kind == "admissions":
        return annual["admissions"].astype(float)
    if target.kind == "admission_rate":
        return annual["admission_rate"].astype(float)
    if target.kind == "net_growth":
        return annual["net_growth"].astype(float)
    if target.kind == "composition":
        adm = annual["admissions"].astype(float)
        return (annual[GROUP_COLUMN[target.group]] / adm.where(adm > 0)).fillna(0.0)
    if target.kind == "cell_quota_share":
        return annual["cell_quota_met_share"].astype(float)
    return annual["go_quota_met_share"].astype(float)


def target_years(target: Target, annual: pd.DataFrame) -> list[int]:
    """Years a target is judged in: its own list, or every full simulated year."""
    full = sorted(annual.loc[annual["months"] == 12, "year"].unique().tolist())
    if target.years is None:
        return [int(y) for y in full]
    return [int(y) for y in target.years if y in set(annual["year"])]


def evaluate(scenario: Scenario, annual: pd.DataFrame) -> list[dict]:
    """Judge every target of ``scenario`` in every year.

    Args:
        scenario: Supplies the targets.
        annual: The annual table of all replications.

    Returns:
        One dict per (target, year): name, kind, year, threshold, probability, mean,
        p10, p50, p90, expected_shortfall (in the target's own unit).
    """
    out = []
    for target in scenario.targets:
        values = target_values(target, annual)
        for year in target_years(target, annual):
            v = values[annual["year"] == year].dropna().to_numpy()
            if len(v) == 0:
                continue
            out.append(
                {
                    "name": target.name,
                    "kind": target.kind,
                    "group": target.group,
                    "year": year,
                    "threshold": target.threshold,
                    "probability": float(np.mean(v >= target.threshold - 1e-12)),
                    "mean": float(v.mean()),
                    "p10": float(np.percentile(v, 10)),
                    "p50": float(np.percentile(v, 50)),
                    "p90": float(np.percentile(v, 90)),
                    "expected_shortfall": float(np.mean(np.maximum(target.threshold - v, 0.0))),
                }
            )
    return out


def verdict_table(scenario: Scenario, annual: pd.DataFrame) -> pd.DataFrame:
    """:func:`evaluate` as a table with columns :data:`VERDICT_COLUMNS`."""
    return pd.DataFrame(evaluate(scenario, annual), columns=list(VERDICT_COLUMNS))


def annual_summary(annual: pd.DataFrame) -> list[dict]:
    """Mean and 10th/50th/90th percentiles per year of the main annual variables."""
    rows = []
    for year, g in annual.groupby("year", sort=True):
        for var in SUMMARY_VARIABLES:
            v = g[var].dropna().to_numpy(dtype=float)
            if len(v) == 0:
                continue
            rows.append(
                {
                    "year": int(year),
                    "variable": var,
                    "mean": float(v.mean()),
                    "p10": float(np.percentile(v, 10)),
                    "p50": float(np.percentile(v, 50)),
                    "p90": float(np.percentile(v, 90)),
                }
            )
    return rows
