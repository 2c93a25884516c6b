"""Members leaving the rolls: removal, voluntary exit, expulsion, screening, transfers.

Members working away drop out far more often (``outflow.away_factor``), less so when they
use the electronic handbook (lever ``e_handbook``). Screening (lever ``screening``)
removes members who no longer qualify: a real trade-off, it raises outflow. Exemption
from activities (age ``outflow.exemption_age``) keeps members on the rolls but out of the
vote quorum. Deaths are in :mod:`partysim.model.mechanisms.demography`, transfers out on migration in
:mod:`partysim.model.mechanisms.migration` and :mod:`partysim.model.mechanisms.employment`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.model.streams import thresholds

if TYPE_CHECKING:
    from partysim.model.engine import Engine


def member_outflow(eng: Engine) -> None:
    """Removal, exit, expulsion, screening and transfers out, as competing risks reviewed
    for each member every ``review_months`` months."""
    p, out, eff = eng.people, eng.scenario.outflow, eng.scenario.effects
    away_factor = out.away_factor * (1 - eff.e_handbook * eng.lever("e_handbook"))
    screening = eff.screening * eng.lever("screening")
    # rows: (away, unqualified) = (0,0), (0,1), (1,0), (1,1); columns: competing events
    table = np.array(
        [
            [f * out.removal_rate, f * out.exit_rate, out.expulsion_rate, s, 0.0 if a else out.transfer_out_rate]
            for a, f in ((0, 1.0), (1, away_factor))
            for s in (0.0, screening)
        ]
    )
    cum = thresholds(np.minimum(np.cumsum(eng.review_probability(np.clip(table, 0, 1)), axis=1), 1.0))
    m, draw = eng.prescreen_among(
        "member_outflow", cum[:, -1].max(), eng.pipeline_idx()
    )  # members: in the pipeline list
    member = p.stage[m] >= P.PROBATION
    m, draw = m[member], draw[member]
    code = p.away[m].astype(np.int8) * 2 + p.unqualified[m]
    event = (draw[:, None] >= cum[code]).sum(axis=1)  # 0..4 an event; 5 = nothing happens
    removal, exit_, expel, screened, transfer = (m[event == k] for k in range(5))
    c = eng.counters
    gone = np.concatenate([removal, exit_, expel, screened])
    p.stage[gone] = P.NONE
    p.never[gone] = True
    c.add("removals", len(removal) + len(expel) + len(screened))
    c.add("expulsions", len(expel))
    c.add("exits", len(exit_))
    c.add("transfers_out", len(transfer))
    eng.remove(transfer)


def transfers_in(eng: Engine) -> None:
    """Members arriving by official transfer (per year, a share of current members)."""
    from partysim.model.population import add_people, member_ages

    rate = eng.scenario.outflow.transfer_in_rate
    members = eng.records[-1]["members"] if eng.records else eng.members_at_start
    k = eng.accumulate("transfers_in", rate * members / 12.0)
    if k <= 0:
        return
    weights = eng.initial_members_by_unit.astype(np.float64)
    if weights.sum() == 0:
        return
    rng = eng.streams.generator("transfer_in", eng.t)
    unit = rng.choice(eng.units.n, size=k, p=weights / weights.sum()).astype(np.int32)
    ages = member_ages(rng, eng.units, unit, eng.scenario)
    new = add_people(eng.people, eng.units, eng.scenario, rng, unit, ages, eng.t, member=True)
    eng.entered_pipeline(new)
    eng.counters.add("transfers_in", k)
