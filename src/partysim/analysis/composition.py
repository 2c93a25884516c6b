"""Who is admitted: the composition of admissions, of the people eligible and of the
members, group by group and year by year, and where each group is lost in the funnel.

Shares are of people counted in the year (admissions), estimated once a year (eligible)
or at the year's end (members)::

    res = partysim.run(scenario)
    composition_table(res.annual)     # one row per year and group
    group_funnel(res.funnel)          # one row per group and funnel stage
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.model.columns import GROUP_COLUMN
from partysim.model.counters import FUNNEL_STAGES
from partysim.scenario.groups import GROUPS

__all__ = ["COMPOSITION_COLUMNS", "composition_table", "group_funnel", "latest_composition"]

COMPOSITION_COLUMNS = ("year", "group", "admitted", "admitted_p10", "admitted_p90", "eligible", "members")
"""Columns of :func:`composition_table`."""


def composition_table(annual: pd.DataFrame) -> pd.DataFrame:
    """Per year and group: the share of admissions (mean over replications, pooled, and the
    p10-p90 of the replications' shares), of people eligible and of members at the year's end.

    Years in which no one was admitted in any replication have no admitted share (NaN).
    """
    rows = []
    for year, a in annual.groupby("year", sort=True):
        adm = a["admissions"].to_numpy(dtype=float)
        for g in GROUPS:
            n = a[GROUP_COLUMN[g]].to_numpy(dtype=float)
            per_rep = n[adm > 0] / adm[adm > 0]
            lo, hi = np.percentile(per_rep, [10, 90]) if len(per_rep) else (np.nan, np.nan)
            rows.append(
                {
                    "year": int(year),
                    "group": g,
                    "admitted": n.sum() / adm.sum() if adm.sum() > 0 else np.nan,
                    "admitted_p10": float(lo),
                    "admitted_p90": float(hi),
                    "eligible": _ratio(a, f"eligible_{g}", "eligible"),
                    "members": _ratio(a, f"members_{g}", "members_end"),
                }
            )
    return pd.DataFrame(rows, columns=list(COMPOSITION_COLUMNS))


def latest_composition(annual: pd.DataFrame) -> tuple[int, pd.DataFrame] | None:
    """The last year in which anyone was admitted, among the complete years (12 months,
    when the table says; all years when none is complete), and its
    :func:`composition_table` rows; ``None`` when no one was admitted."""
    full = annual[annual["months"] == 12] if "months" in annual.columns else annual
    full = full if len(full) else annual
    admitted = full.loc[full["admissions"] > 0, "year"]
    if admitted.empty:
        return None
    year = int(admitted.max())
    return year, composition_table(full[full["year"] == year])


def _ratio(a: pd.DataFrame, num: str, den: str) -> float:
    total = float(a[den].sum()) if den in a else 0.0
    return float(a[num].sum()) / total if total > 0 and num in a else np.nan


def group_funnel(funnel: pd.DataFrame) -> pd.DataFrame:
    """Per group and funnel stage: people entering the stage (mean per replication over the
    run), the group's share of all who entered it, and the share of the group's people
    identified who reached it. A group whose share falls from one stage to the next is lost
    there more than others."""
    f = funnel.set_index("stage").reindex(list(FUNNEL_STAGES))
    rows = []
    for g in GROUPS:
        col = f"entered_{g}"
        if col not in f:
            continue
        first = float(f[col].iloc[0])
        for stage in FUNNEL_STAGES:
            n, total = float(f.at[stage, col]), float(f.at[stage, "entered"])
            rows.append(
                {
                    "group": g,
                    "stage": stage,
                    "entered": n,
                    "share_of_stage": n / total if total > 0 else np.nan,
                    "reached": n / first if first > 0 else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=["group", "stage", "entered", "share_of_stage", "reached"])
