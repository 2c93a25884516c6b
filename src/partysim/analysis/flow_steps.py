"""One month of the flow model, in the engine's order (see
:data:`partysim.model.engine.STEP_PLAN`): demography and migration, jobs, identification,
source list, classes, certificates, dossiers, vetting, vote, approval, probation,
members' outflow and transfers in."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from partysim.analysis.flow_pool import POOL_MONTHS, identify, refresh_workers
from partysim.analysis.flow_rates import source_dropout
from partysim.analysis.flow_state import FlowState

if TYPE_CHECKING:
    from partysim.analysis.flow_model import FlowModel


def whole(state: FlowState, name: str, per_month: float) -> int:
    """Whole events due this month from a fractional rate (the engine's accumulator)."""
    acc = state.accumulators.get(name, 0.0) + per_month
    k = math.floor(acc + 1e-9)
    state.accumulators[name] = acc - k
    return k


def people_step(m: FlowModel, s: FlowState, t: int, rt: dict) -> None:
    """Deaths, ageing out, youths coming of age, leaving and coming home, for the pool,
    the away and the candidates (candidates who die or leave drop out)."""
    sc = m.sc
    for stock in s.candidate_stocks() + s.new_stocks():
        stock *= (1 - rt["lose"]).reshape((-1,) + (1,) * (stock.ndim - 1))
    _rehired(s, rt["rehired_ok"])
    s.away *= 1 - m.death[:POOL_MONTHS]
    s.workers *= 1 - rt["worker_death"]
    if t % 12 == 0:
        old = np.arange(POOL_MONTHS) >= (sc.demography.eligibility_max_age + 1) * 12
        s.pool[..., old] = 0.0
        s.away[:, old] = 0.0
    for age, mat in m.life_course:
        s.pool[:, :, age] = np.einsum("ac,acd->ad", s.pool[:, :, age], mat)
    entry = m.entry_age()
    s.pool[:, :, entry] += m.cohort(t)[:, None] * m.tables.share[:, :, entry]
    heads = s.pool.sum(axis=1)
    gone = heads * rt["dies_leaves"]  # survived the month's deaths, then left
    s.away += gone * (1 - sc.migration.permanent_share)
    back = s.away * float(rt["members"].return_home) * m.on["migration"]
    s.away -= back
    _stay_and_return(m, s, heads, rt["stays"], back)
    s.recent[:, -1] += back.sum(axis=1) * m.on["introducers"]


def _stay_and_return(m: FlowModel, s: FlowState, heads: np.ndarray, stays: np.ndarray, back: np.ndarray) -> None:
    """Those at home stay (share ``stays`` by (area, age month)) and ``back`` (people by
    area and age month) come home with the composition of those at home, where there are
    any (else of the tables'), in one pass over the pool: a class's people at an age times
    ``stays * (1 + back / heads after staying)``."""
    after = heads * stays
    some = after > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        s.pool *= (stays * (1 + np.where(some, back / np.where(some, after, 1.0), 0.0)))[:, None, :]
    empty = ~some & (back != 0)
    if empty.any():  # nobody at home at that age: they come home with the tables' composition
        area, age = np.nonzero(empty)
        s.pool[area, :, age] += back[area, age][:, None] * m.tables.share[area, :, age]


def _rehired(s: FlowState, rate: np.ndarray) -> None:
    """Candidates of workplaces who change job to another that can take them keep their
    place, but their new colleagues have not worked with them yet."""
    for total, new, extra in (
        (s.source, s.source_new, ()),
        (s.classes, s.classes_new, (slice(0, s.classes_new.shape[1]),)),
        (s.certified[:, 0], s.certified_new, ()),
    ):
        known = total[(slice(3, None), *extra)] - new[3:].sum(axis=-1)
        new[3:, ..., -1] += np.maximum(known, 0.0) * rate.reshape((-1,) + (1,) * (known.ndim - 1))


def jobs_step(m: FlowModel, s: FlowState, t: int, rt: dict) -> None:
    """Workers leave their job (some go home to a commune); vacancies are filled every
    ``review_months`` months, partly with local residents; new party organisations."""
    sc, inp = m.sc, m.inp
    emp = sc.employment
    leave = s.workers * rt["worker_turnover"] * (1 - emp.rehire_share)
    s.workers -= leave
    home = leave.sum() * (1 - emp.leave_territory_share) if inp.residential_units.sum() else 0.0
    home_area = home * inp.residential_units / max(inp.residential_units.sum(), 1)
    ages = (m.tables.work_age * leave[:, None]).sum(axis=0) / max(leave.sum(), 1e-12)
    s.pool += m.tables.share * (home_area[:, None] * ages[None, :])[:, None, :]
    s.recent[:, -1] += home_area * m.on["introducers"]
    if t % m.r == 0:
        target = inp.workplace_size * m.driver("enterprise_employment", t)
        cand, mem = s.candidates(), s.members_by_segment()
        vacancies = np.maximum(target - (s.workers + cand[3:] + mem[3:]), 0.0)
        local = vacancies.sum() * emp.local_hire_share if inp.residential_units.sum() else 0.0
        ages = m.local_hire_ages()
        avail = s.pool[..., ages].sum()
        if avail > 0 and local > 0:
            s.pool[..., ages] *= 1 - min(local / avail, 1.0)  # a view: ages is a slice
        s.workers += vacancies
        refresh_workers(s.work_comp, m.tables.fresh, vacancies / np.maximum(s.workers, 1e-9))
    k = whole(s, "new_party_orgs", m.levers[t]["new_party_orgs_per_year"] / 12.0)
    if k > 0:
        _found_orgs(m, s, t, k)


def _found_orgs(m: FlowModel, s: FlowState, t: int, k: int) -> None:
    """Found ``k`` party organisations in non-state enterprises (lowest founding draws)."""
    u, sc = m.inp.unit_arrays, m.sc
    share = u["coop_share"] + (1 - u["coop_share"]) * sc.effects.owner_outreach * m.levers[t]["owner_outreach"]
    cand = np.flatnonzero(~s.has_party & (u["coop_draw"] < share) & (u["size"] >= sc.employment.new_party_org_size_min))
    chosen = cand[np.argsort(u["found_draw"][cand], kind="stable")[:k]]
    s.has_party[chosen] = True
    n = whole(s, "new_org_members", len(chosen) * sc.employment.new_party_org_members)
    s.full[4, 0] += n * m.inp.transfer_age


def _back(m: FlowModel, s: FlowState, per_seg: np.ndarray, rt: dict) -> None:
    """Candidates who drop out return to the pool of their segment (at the month's end,
    :func:`return_dropouts`)."""
    s.dropped += per_seg


def return_dropouts(s: FlowState) -> None:
    """The month's drop-outs return to the pool with the mix of those identified."""
    per_seg, s.dropped = s.dropped, np.zeros_like(s.dropped)
    some = s.found_total > 0
    s.pool += np.where(some, per_seg[:3] / np.maximum(s.found_total, 1e-300), 0.0)[:, None, None] * s.found_mix
    for area in np.flatnonzero(~some & (per_seg[:3] > 0)):
        s.pool[area] += per_seg[area] * share_fallback(s.pool[area])
    back, ok = per_seg[3:], s.ok_workers
    mixed = s.work_comp * ok[:, None] + s.work_found_mix * back[:, None]
    s.work_comp[:] = mixed / np.maximum(ok + back, 1e-12)[:, None]
    s.workers += back


def share_fallback(pool: np.ndarray) -> np.ndarray:
    """Where nobody was identified this month: return drop-outs over the pool's cells
    evenly (an empty pool: nowhere)."""
    return np.full_like(pool, 1.0 / pool.size)


def identify_step(m: FlowModel, s: FlowState, t: int, rt: dict) -> dict[str, float]:
    """Cells put people on the source list; some drop off; class seats go to the source."""
    s.ok_workers = s.workers * m.work_ok_share(s, t)
    before = s.work_comp.copy()
    found, found_work = identify(s.pool, s.work_comp, s.ok_workers, rt["q"], rt["q_work"])
    s.workers -= found_work
    s.ok_workers = s.ok_workers - found_work
    by_area = found.sum(axis=(1, 2))
    s.found_mix, s.found_total = found, by_area
    mix_w = before * rt["q_work"]
    s.work_found_mix = mix_w / np.maximum(mix_w.sum(axis=1, keepdims=True), 1e-12)
    new = np.concatenate([by_area, found_work])
    s.found_by_segment = new
    s.source += new
    pool_res = np.maximum(s.pool.sum(axis=(1, 2)), 1e-9)
    s.source_new[:3] += by_area[:, None] * np.minimum(s.recent / pool_res[:, None], 1.0)
    s.source_new[3:] += found_work[:, None] * rt["tenure_new"]
    keep = 1 - (source_dropout(m.sc) if m.on["source_dropout"] else 0.0)
    _back(m, s, s.source * (1 - keep), rt)
    s.source *= keep
    s.source_new *= keep
    lv = m.levers[t]
    k = whole(s, "classes", lv["classes_per_year"] * lv["activity"] / 12.0)
    seats = int(k * lv["seats_per_class"])
    total = s.source.sum()
    seated = 0.0
    if seats > 0 and total > 0:
        share = min(seats / total, 1.0)
        cm = int(m.sc.pipeline.class_months)
        s.classes[:, cm] += s.source * share
        s.classes_new[:, cm] += s.source_new * share
        seated = total * share
        s.source *= 1 - share
        s.source_new *= 1 - share
    return {"identified": float(new.sum()), "class_entries": float(seated), "seats": float(seats)}


def dossier_step(m: FlowModel, s: FlowState, rt: dict) -> dict[str, float]:
    """Class ends (certificate or not); certified candidates start the dossier; vetting."""
    pl = m.sc.pipeline
    done = s.classes[:, 0].copy()
    s.classes[:, 0] = 0.0
    done_new = s.classes_new[:, 0].copy()
    s.classes_new[:, 0] = 0.0
    s.certified[:, 1] += done * pl.class_pass
    _back(m, s, done * (1 - pl.class_pass), rt)
    known = np.maximum(s.certified[:, 0] - s.certified_new.sum(axis=1), 0.0)
    s.certified_new += done_new * pl.class_pass
    start = known * rt["dossier"]
    s.certified[:, 0] -= start
    refused = start * rt["refused"]
    _back(m, s, refused, rt)
    go = start - refused
    s.vetting += go[:, None] * rt["fresh"][None, :]
    s.vetting_stale += go[:, None] * rt["stale"][None, :]
    s.vote[:, 1] += s.vetting[:, 0]
    s.vote_stale[:, 1] += s.vetting_stale[:, 0]
    s.vetting[:, 0] = 0.0
    s.vetting_stale[:, 0] = 0.0
    return {"certificates": float(done.sum() * pl.class_pass), "dossiers": float(go.sum())}


def vote_step(m: FlowModel, s: FlowState, rt: dict) -> dict[str, float]:
    """Vote (stale papers redone first; cells without a quorum hold their cases), approval."""
    pl = m.sc.pipeline
    redo = s.vote_stale[:, 0].copy()
    s.vote_stale[:, 0] = 0.0
    s.vetting += redo[:, None] * rt["fresh"][None, :]
    s.vetting_stale += redo[:, None] * rt["stale"][None, :]
    due = s.vote[:, 0].copy()
    s.vote[:, 0] = 0.0
    chance, blocked = m.quorum()
    s.stuck += due * blocked
    voting = due * (1 - blocked)
    _back(m, s, voting * (1 - chance), rt)
    wait = int(pl.approval_months_max)
    s.approval[:, 1 : wait + 1] += (voting * chance / wait)[:, None]
    admitted = s.approval[:, 0].copy()
    s.approval[:, 0] = 0.0
    s.probation[:, int(pl.probation_months)] += admitted
    return {"votes": float(voting.sum()), "papers_redone": float(redo.sum()), "admissions": float(admitted.sum())}


def members_step(m: FlowModel, s: FlowState, rt: dict, members_before: float) -> dict[str, float]:
    """Probation ends; members die, leave, come home, leave the rolls; transfers in."""
    pl, mr = m.sc.pipeline, rt["members"]
    done = s.probation[:, 0].copy()
    s.probation[:, 0] = 0.0
    s.full[:, 0] += (done * pl.recognition)[:, None] * m.inp.probation_age[None, :]
    s.full *= rt["survive"][None, None, :]
    p_death, p_leave = rt["probation_death"], rt["probation_leave"]
    leave = s.full[:3, 0] * mr.leave_home * m.on["migration"]
    s.full[:3, 0] -= leave
    s.full[:3, 1] += leave * (1 - mr.transfer_share)
    back = s.full[:3, 1] * mr.return_home * m.on["migration"]
    s.full[:3, 1] -= back
    s.full[:3, 0] += back
    emp = m.sc.employment
    job = s.full[3:, 0] * (rt["member_turnover"] * (1 - emp.rehire_share))[:, None]
    s.full[3:, 0] -= job
    home = job.sum(axis=0) * (1 - emp.leave_territory_share)
    units = m.inp.residential_units
    if units.sum() > 0:
        s.full[:3, 0] += (units / units.sum())[:, None] * home[None, :]
    out = m.on["member_outflow"]
    s.full[:, 0] *= 1 - (mr.outflow_home + mr.transfer_out_home) * out
    s.full[:, 1] *= 1 - mr.outflow_away * out
    lose = p_death + (mr.outflow_home + mr.transfer_out_home) * out
    s.probation *= 1 - lose
    s.probation[:3] *= (1 - p_leave * mr.transfer_share)[:, None]
    k = whole(s, "transfers_in", m.sc.outflow.transfer_in_rate * members_before / 12.0)
    s.full[:, 0] += k * m.inp.transfer_seg[:, None] * m.inp.transfer_age[None, :]
    return {"recognitions": float((done * pl.recognition).sum()), "transfers_in": float(k)}


def step(m: FlowModel, s: FlowState, t: int, members_before: float) -> dict[str, float]:
    """Advance the state through month ``t`` (before :meth:`FlowState.advance`) and return
    the month's record: flows and stocks at the month's end."""
    rt = m.rates(t)
    people_step(m, s, t, rt)
    jobs_step(m, s, t, rt)
    y0, m0 = m.sc.start_ym
    rec: dict[str, float] = {"month": t, "year": y0 + (m0 - 1 + t) // 12}
    rec.update(identify_step(m, s, t, rt))
    rec.update(dossier_step(m, s, rt))
    rec.update(vote_step(m, s, rt))
    rec.update(members_step(m, s, rt, members_before))
    return_dropouts(s)
    rec.update(s.stocks())
    rec["members"] = s.members()
    rec["eligible"] = m.eligible(s) if t % 12 == 0 else float("nan")
    return rec
