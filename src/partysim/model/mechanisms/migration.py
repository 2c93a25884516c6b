"""Youth migration: leaving communes for cities and industrial parks, and coming back.

Applies to residents of communes and wards. A candidate who leaves drops out of the
pipeline. A member who leaves either transfers out officially (leaves the rolls here) or
stays on the rolls as a member working away (see :mod:`partysim.model.mechanisms.outflow` for their higher
drop-out). Some leavers settle elsewhere for good and leave the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.model.review_kernels import leave_scan, return_scan
from partysim.model.streams import thresholds

if TYPE_CHECKING:
    from partysim.model.engine import Engine


def leave_thresholds(eng: Engine) -> np.ndarray:
    """Integer thresholds per (age band, area, member) for leaving within one review interval."""
    sc = eng.scenario
    mig = sc.migration
    annual = np.append(np.asarray(mig.leave_rate, dtype=float), 0.0)  # 6 bands
    area = np.array([1.0, mig.urban_factor, mig.mountain_factor])  # RURAL, URBAN, MOUNTAIN
    member = np.array([1.0, mig.member_leave_factor])
    table = annual[:, None, None] * area[None, :, None] * member[None, None, :]
    table *= (1 - sc.effects.local_jobs * eng.lever("local_jobs")) * eng.driver("out_migration")
    return thresholds(eng.review_probability(np.clip(table, 0, 1))).ravel()


def leave(eng: Engine) -> None:
    """Residents at home leave to work away (reviewed every ``review_months`` months)."""
    p = eng.people
    thr = leave_thresholds(eng)
    go = leave_scan(
        eng.review("leave", thr.max()),
        (p.alive, p.away, p.unit, p.birth, p.stage),
        (eng.unit_residential, eng.units.area),
        eng.leave_band,
        eng.t,
        P.PROBATION,
        thr,
    )
    if len(go) == 0:
        return
    eng.drop_candidates(go, "migration")
    mig = eng.scenario.migration
    u = eng.streams.uniform("leave_kind", eng.t, go)
    member = p.stage[go] >= P.PROBATION
    transfer = go[member & (u < mig.member_transfer_share)]
    stay_on_rolls = go[member & (u >= mig.member_transfer_share)]
    settle = go[~member & (u < mig.permanent_share)]
    away_ = go[~member & (u >= mig.permanent_share)]
    eng.counters.add("transfers_out", len(transfer))
    eng.counters.add("emigrants", len(transfer) + len(settle))
    eng.remove(transfer)
    eng.remove(settle)
    p.away[stay_on_rolls] = True
    p.away[away_] = True


def come_back(eng: Engine) -> None:
    """People working away come home (``migration.return_rate`` per year)."""
    p = eng.people
    thr = thresholds(eng.review_probability(eng.scenario.migration.return_rate))
    back = return_scan(eng.review("return", thr), p.away)
    p.away[back] = False
    p.joined[back] = eng.t  # back home: introducers have not worked with them lately
    eng.counters.add("returns", len(back))
