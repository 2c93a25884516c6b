"""Tidy tables of one finished replication: monthly, annual, the funnel and by node.

``members_end = members_start + admissions + transfers_in - deaths - removals - exits
- transfers_out - probation_removals`` holds exactly in every annual row (members are
probationary plus full members; ``removals`` includes expulsions and screening).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.model import people as P
from partysim.model.columns import ANNUAL_FLOWS, GROUP_COLUMN
from partysim.model.counters import FUNNEL_FLOWS, FUNNEL_STAGES, LOSS_REASONS
from partysim.model.engine import Engine
from partysim.scenario.groups import GROUPS

_STAGE_TO_FUNNEL = {
    P.SOURCE: "identified",
    P.CLASS: "class",
    P.CERTIFIED: "certified",
    P.VETTING: "dossier",
    P.VOTE: "vote",
    P.APPROVAL: "vote",
}


def monthly_table(eng: Engine) -> pd.DataFrame:
    """Stocks by stage and flows per month for one replication."""
    df = pd.DataFrame(eng.records)
    df.insert(0, "replication", eng.replication)
    return df


def annual_table(eng: Engine) -> pd.DataFrame:
    """One row per calendar year touched by the run, for one replication."""
    m = pd.DataFrame(eng.records)
    rows = []
    members_prev = eng.members_at_start
    go_by_year = {y: (adm, ok) for y, adm, ok in eng.go_years}
    groups_by_year = {gy.year: gy for gy in eng.group_years}
    cell_by_year = dict(eng.cell_years)
    cell_quota = eng.units.cell_quota
    quota = eng.units.go_quota
    for year, g in m.groupby("year", sort=True):
        row: dict = {"replication": eng.replication, "year": int(year), "months": len(g), "members_start": members_prev}
        for f in ANNUAL_FLOWS:
            row[f] = int(g[f].sum())
        row["members_end"] = int(g["members"].iloc[-1])
        gy = groups_by_year[int(year)]
        row["eligible"] = gy.eligible_total
        for k, group in enumerate(GROUPS):
            row[f"members_{group}"] = int(gy.members[k])
            row[f"eligible_{group}"] = int(gy.eligible[k])
        members_prev = row["members_end"]
        row["admission_rate"] = row["admissions"] / row["members_start"] if row["members_start"] else np.nan
        row["net_growth"] = row["members_end"] - row["members_start"]
        adm, with_party = go_by_year.get(int(year), (None, None))
        judged = (quota > 0) & with_party if adm is not None else None
        row["go_quota_met_share"] = (
            float(np.mean(adm[judged] >= quota[judged])) if judged is not None and judged.any() else np.nan
        )
        cells = cell_by_year.get(int(year))
        judged_cells = (cell_quota > 0) & with_party[eng.units.cell_go] if cells is not None else None
        row["cell_quota_met_share"] = (
            float(np.mean(cells[judged_cells] >= cell_quota[judged_cells] - 1e-9))
            if judged_cells is not None and judged_cells.any()
            else np.nan
        )
        rows.append(row)
    return pd.DataFrame(rows)


def funnel_table(eng: Engine) -> pd.DataFrame:
    """People entering each pipeline stage and leaving it, by reason, over the whole run."""
    totals = {f: sum(r[f] for r in eng.records) for f in (*FUNNEL_FLOWS.values(), "probation_removals")}
    lost = np.zeros((len(FUNNEL_STAGES), len(LOSS_REASONS)))
    for stage, fstage in _STAGE_TO_FUNNEL.items():
        lost[FUNNEL_STAGES.index(fstage)] += eng.loss_total[stage]
    lost[FUNNEL_STAGES.index("admitted"), LOSS_REASONS.index("other")] += totals["probation_removals"]
    out = pd.DataFrame(
        {"stage": list(FUNNEL_STAGES), "entered": [float(totals[FUNNEL_FLOWS[s]]) for s in FUNNEL_STAGES]}
    )
    for r, reason in enumerate(LOSS_REASONS):
        out[f"lost_{reason}"] = lost[:, r]
    for g, group in enumerate(GROUPS):
        out[f"entered_{group}"] = eng.counters.group_entered[:, g].astype(float)
    return out


def node_table(eng: Engine) -> pd.DataFrame:
    """Admissions and quotas per year for every node of the hierarchy (upper nodes and unit
    templates), summed over the units below it: the table planners read per commune,
    district or bloc, whatever levels the scenario's hierarchy has. With admissions by
    group (``adm_<group>``) and members at the year's end, in all and by group."""
    u = eng.units
    n_upper = len(u.node_names) - len(eng.scenario.territory.units)
    unit_node = u.template + n_upper
    # membership: unit -> every ancestor node (including its own template node)
    member = np.zeros((u.n, len(u.node_names)), dtype=bool)
    node = unit_node.copy()
    while (node >= 0).any():
        ok = node >= 0
        member[np.flatnonzero(ok), node[ok]] = True
        node = np.where(ok, u.node_parent[np.maximum(node, 0)], -1)
    rows = []
    for (year, adm, with_party), gy in zip(eng.go_years, eng.group_years, strict=True):
        per_unit = np.bincount(u.go_unit, weights=adm, minlength=u.n)
        group_unit = [np.bincount(u.go_unit, weights=gy.go_admissions[k], minlength=u.n) for k in range(len(GROUPS))]
        quota_unit = np.bincount(u.go_unit, weights=u.go_quota * with_party, minlength=u.n)
        judged = (u.go_quota > 0) & with_party
        met_unit = np.bincount(u.go_unit, weights=(judged & (adm >= u.go_quota)).astype(float), minlength=u.n)
        judged_unit = np.bincount(u.go_unit, weights=judged.astype(float), minlength=u.n)
        for k, name in enumerate(u.node_names):
            m = member[:, k]
            rows.append(
                {
                    "replication": eng.replication,
                    "year": int(year),
                    "node": name,
                    "level": u.node_level[k],
                    "admissions": int(per_unit[m].sum()),
                    "quota": float(quota_unit[m].sum()),
                    "grassroots_judged": int(judged_unit[m].sum()),
                    "grassroots_met": int(met_unit[m].sum()),
                    **{GROUP_COLUMN[group]: int(group_unit[k][m].sum()) for k, group in enumerate(GROUPS)},
                    "members": int(gy.unit_members[m].sum()),
                    **{f"members_{group}": int(gy.unit_group_members[k][m].sum()) for k, group in enumerate(GROUPS)},
                }
            )
    return pd.DataFrame(rows)


@dataclass
class ReplicationTables:
    """The tables of one finished replication (small; the engine can be dropped)."""

    monthly: pd.DataFrame
    annual: pd.DataFrame
    funnel: pd.DataFrame
    by_node: pd.DataFrame | None = None

    @classmethod
    def of(cls, eng: Engine) -> ReplicationTables:
        """Tables of a finished engine."""
        return cls(monthly_table(eng), annual_table(eng), funnel_table(eng), node_table(eng))
