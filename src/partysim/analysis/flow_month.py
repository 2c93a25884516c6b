"""The flow model's month, compiled: the passes over the people of the pool and the
members (numba kernels, ``cache=True``: compiled once per install).

Each kernel changes the state's arrays in place (see :class:`~partysim.analysis.flow_state.FlowState`
for what they hold); :mod:`partysim.analysis.flow_steps` calls them in the engine's order.
The kernels take the state as the tuple :meth:`FlowState.arrays`, the month's rates as the
tuple of :func:`rate_pack`, the model's fixed tables as that of :meth:`FlowModel.tables_pack`
(:data:`TABLES`), the month's numbers as a float vector (:data:`MONTH`) and the scenario's
as another (:data:`PARAMS`), each indexed in those orders. People are expected numbers
(floats); ages are months; queues are months until the step completes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from partysim.analysis.flow_passes import FAST, advance, jobs, people
from partysim.analysis.flow_state import STOCKS

MONTH = (
    "new_year",
    "cohort_0",
    "cohort_1",
    "cohort_2",
    "hire",
    "enterprise",
    "new_members",
    "ok_0",
    "ok_1",
    "party_0",
    "party_1",
    "keep",
    "seats",
    "transfers_in",
)
"""The month's numbers passed to :func:`month` (``new_year``, ``hire``: 1 or 0; ``cohort_*``:
youths turning 16 per area; ``enterprise``: the employment driver; ``new_members``: members
of the party organisations founded this month; ``ok_*``, ``party_*``: workers in units that
can take candidates and in units with a party organisation, per workplace segment;
``keep``: share of the source list that stays; ``seats``: class seats; ``transfers_in``:
members transferred in)."""

RATE_ARRAYS = (
    "q",
    "q_work",
    "lose",
    "stays",
    "dies_leaves",
    "survive",
    "probation_leave",
    "member_turnover",
    "worker_turnover",
    "worker_death",
    "rehired_ok",
    "tenure_new",
    "fresh",
    "stale",
    "leave_home",
)
"""The arrays of a month's rates (:meth:`FlowModel.rates`), in the order of :func:`rate_pack`."""

RATE_NUMBERS = (
    "probation_death",
    "dossier",
    "refused",
    "outflow_home",
    "outflow_away",
    "transfer_out_home",
    "return_home",
    "transfer_share",
)
"""The numbers of a month's rates, packed last in :func:`rate_pack` as one vector."""

TABLES = (
    "death",
    "share",
    "work_age",
    "fresh",
    "life_course_ages",
    "life_course_mats",
    "residential_units",
    "workplace_size",
    "probation_age",
    "transfer_seg",
    "transfer_age",
    "vote_chance",
    "vote_blocked",
)
"""The model's fixed tables in the kernels' tuple (:meth:`FlowModel.tables_pack`), in order."""

PARAMS = (
    "permanent_share",
    "on_migration",
    "on_introducers",
    "rehire_share",
    "leave_territory_share",
    "local_hire_share",
    "class_pass",
    "recognition",
    "class_months",
    "approval_months_max",
    "probation_months",
    "old_from",
    "entry_age",
    "hire_from",
    "hire_to",
    "has_residential_units",
    "on_member_outflow",
    "eligible_from",
    "eligible_to",
    "classes_per_tier",
)
"""The scenario's numbers in the kernels' vector (:attr:`FlowModel.params`), in order (ages
and lengths in months; ``on_*`` 1 where the mechanism is on)."""


def rate_pack(rt: dict) -> tuple:
    """A month's rates (the dict :meth:`FlowModel.rates` builds) as the kernels' tuple."""
    mr = rt["members"]
    arrays = [rt[k] for k in RATE_ARRAYS[:-1]] + [mr.leave_home]
    numbers = [rt["probation_death"], rt["dossier"], rt["refused"]]
    numbers += [mr.outflow_home, mr.outflow_away, mr.transfer_out_home, mr.return_home, mr.transfer_share]
    return (*(np.ascontiguousarray(a, dtype=np.float64) for a in arrays), np.array(numbers, dtype=np.float64))


@njit(cache=True, fastmath=FAST)
def identify(st, rp, tp, x, prm):  # pragma: no cover - compiled
    """Cells put people of the pool and workers of units that can take candidates on the
    source list; some drop off; class seats go to the source (returns identified, class
    entries)."""
    pool, workers, source, source_new, recent = st[0], st[2], st[3], st[15], st[18]
    work_comp, ok_workers, found_mix, work_found_mix = st[19], st[20], st[21], st[22]
    q, q_work = rp[0], rp[1]
    party = x[9:11]
    in_party = np.maximum(workers - (tp[7] - party), 0.0)
    ok_workers[:] = workers * (in_party * x[7:9] / np.maximum(party, 1.0) / np.maximum(workers, 1e-9))
    by_area, pool_res = np.zeros(pool.shape[0]), np.zeros(pool.shape[0])
    for a in range(pool.shape[0]):
        found, left = 0.0, 0.0
        for c in range(pool.shape[1]):
            for g in range(pool.shape[2]):
                f = pool[a, c, g] * q[a, c, g]
                p = pool[a, c, g] - f
                pool[a, c, g] = p
                found_mix[a, c, g] = f
                found += f
                left += p
        by_area[a], pool_res[a] = found, left
    found_work = np.zeros(2)
    for i in range(2):
        by_class = ok_workers[i] * work_comp[i] * q_work[i]
        left = ok_workers[i] * work_comp[i] - by_class
        mix_w = work_comp[i] * q_work[i]
        work_found_mix[i] = mix_w / max(mix_w.sum(), 1e-12)
        work_comp[i] = left / max(left.sum(), 1e-12)
        found_work[i] = by_class.sum()
    workers -= found_work
    ok_workers -= found_work
    st[24][:] = by_area
    new = np.concatenate((by_area, found_work))
    st[23][:] = new
    source += new
    for a in range(3):
        source_new[a] += by_area[a] * np.minimum(recent[a] / max(pool_res[a], 1e-9), 1.0)
    for i in range(2):
        source_new[3 + i] += found_work[i] * rp[11][i]
    keep = x[11]
    st[25][:] += source * (1 - keep)
    source *= keep
    source_new *= keep
    return new.sum(), seat(st, x[12], int(prm[8]))


@njit(cache=True, fastmath=FAST)
def seat(st, seats, class_months):  # pragma: no cover - compiled
    """``seats`` class seats go to the source list (a share of each segment); returns
    the people seated."""
    source, classes, source_new, classes_new = st[3], st[4], st[15], st[16]
    total = source.sum()
    if not (seats > 0 and total > 0):
        return 0.0
    share = min(seats / total, 1.0)
    classes[:, class_months] += source * share
    classes_new[:, class_months] += source_new * share
    source *= 1 - share
    source_new *= 1 - share
    return total * share


@njit(cache=True, fastmath=FAST)
def dossier(st, rp, prm):  # pragma: no cover - compiled
    """Class ends (certificate or not); certified candidates start the dossier (some are
    refused introducers); vetting ends. Returns certificates, dossiers."""
    classes, certified, vetting, stale, vote, vote_stale = st[4], st[5], st[6], st[7], st[8], st[9]
    classes_new, certified_new, dropped = st[16], st[17], st[25]
    class_pass = prm[6]
    done = classes[:, 0].copy()
    classes[:, 0] = 0.0
    done_new = classes_new[:, 0].copy()
    classes_new[:, 0] = 0.0
    certified[:, 1] += done * class_pass
    dropped += done * (1 - class_pass)
    known = np.maximum(certified[:, 0] - certified_new.sum(axis=1), 0.0)
    certified_new += done_new * class_pass
    start = known * rp[15][1]
    certified[:, 0] -= start
    refused = start * rp[15][2]
    dropped += refused
    go = start - refused
    to_vetting(vetting, stale, go, rp[12], rp[13])
    vote[:, 1] += vetting[:, 0]
    vote_stale[:, 1] += stale[:, 0]
    vetting[:, 0] = 0.0
    stale[:, 0] = 0.0
    return done.sum() * class_pass, go.sum()


@njit(cache=True, fastmath=FAST)
def to_vetting(vetting, stale, go, fresh_pmf, stale_pmf):  # pragma: no cover - compiled
    """``go`` (per segment) start vetting: by months until it ends, papers fresh or stale."""
    for i in range(go.shape[0]):
        vetting[i] += go[i] * fresh_pmf
        stale[i] += go[i] * stale_pmf


@njit(cache=True, fastmath=FAST)
def vote(st, rp, tp, prm):  # pragma: no cover - compiled
    """Vote (stale papers redone first; cells without a quorum hold their cases), approval.
    Returns votes, papers redone, admissions."""
    vetting, stale, vote_fresh, vote_stale, stuck = st[6], st[7], st[8], st[9], st[10]
    approval, probation, dropped = st[11], st[12], st[25]
    chance, blocked = tp[11], tp[12]
    redo = vote_stale[:, 0].copy()
    vote_stale[:, 0] = 0.0
    to_vetting(vetting, stale, redo, rp[12], rp[13])
    due = vote_fresh[:, 0].copy()
    vote_fresh[:, 0] = 0.0
    stuck += due * blocked
    voting = due * (1 - blocked)
    dropped += voting * (1 - chance)
    wait = int(prm[9])
    passed = voting * chance / wait
    for i in range(passed.shape[0]):
        approval[i, 1 : wait + 1] += passed[i]
    admitted = approval[:, 0].copy()
    approval[:, 0] = 0.0
    probation[:, int(prm[10])] += admitted
    return voting.sum(), redo.sum(), admitted.sum()


@njit(cache=True, fastmath=FAST)
def members(st, rp, tp, x, prm):  # pragma: no cover - compiled
    """Probation ends; members die, leave, come home, leave the rolls; transfers in.
    Returns recognitions."""
    probation, nums = st[12], rp[15]
    out = prm[16]
    done = probation[:, 0] * prm[7]
    probation[:, 0] = 0.0
    units = tp[6] / max(tp[6].sum(), 1e-300) if prm[15] > 0 else np.zeros(3)
    keep = np.array([1 - (nums[3] + nums[5]) * out, 1 - nums[4] * out])
    turnover = np.array([rp[7][0] * (1 - prm[3]), rp[7][1] * (1 - prm[3])])
    full_members(st[13], done, rp, tp, units, keep, turnover, x[13], prm)
    probation *= 1 - (nums[0] + (nums[3] + nums[5]) * out)
    for a in range(3):
        probation[a] *= 1 - rp[6][a] * nums[7]
    return done.sum()


@njit(cache=True, fastmath=FAST)
def full_members(full, done, rp, tp, units, keep, turnover, transfers, prm):  # pragma: no cover - compiled
    """The month of full members, age by age in one pass: the recognised (``done`` per
    segment) join; deaths; leaving to work away and coming home; job turnover (some go
    home to a commune: ``units``, their areas' shares); leaving the rolls (``keep``: the
    share that stays, at home and away); ``transfers`` in."""
    survive, leave_home, age, seg, nums = rp[5], rp[14], tp[8], tp[9], rp[15]
    on_migration, transfer_age, has_units = prm[1], tp[10], prm[15] > 0
    for g in range(full.shape[2]):
        for i in range(full.shape[0]):
            full[i, 0, g] += done[i] * age[g]
            for j in range(full.shape[1]):
                full[i, j, g] *= survive[g]
        for a in range(3):
            leave = full[a, 0, g] * leave_home[a, g] * on_migration
            full[a, 0, g] -= leave
            full[a, 1, g] += leave * (1 - nums[7])
            back = full[a, 1, g] * nums[6] * on_migration
            full[a, 1, g] -= back
            full[a, 0, g] += back
        home = 0.0
        for i in range(2):
            job = full[3 + i, 0, g] * turnover[i]
            full[3 + i, 0, g] -= job
            home += job
        home *= 1 - prm[4]
        if has_units:
            for a in range(3):
                full[a, 0, g] += units[a] * home
        for i in range(full.shape[0]):
            full[i, 0, g] *= keep[0]
            full[i, 1, g] *= keep[1]
            full[i, 0, g] += transfers * seg[i] * transfer_age[g]


@njit(cache=True, fastmath=FAST)
def return_dropouts(st):  # pragma: no cover - compiled
    """The month's drop-outs return to the pool with the mix of those identified (evenly
    over an area's pool where nobody was identified), to the workers with theirs."""
    pool, workers, work_comp, ok_workers = st[0], st[2], st[19], st[20]
    found_mix, work_found_mix, found_total, dropped = st[21], st[22], st[24], st[25]
    per_seg = dropped.copy()
    dropped[:] = 0.0
    for a in range(pool.shape[0]):
        if found_total[a] > 0:
            coef = per_seg[a] / max(found_total[a], 1e-300)
            for c in range(pool.shape[1]):
                for g in range(pool.shape[2]):
                    pool[a, c, g] += coef * found_mix[a, c, g]
        elif per_seg[a] > 0:
            pool[a] += per_seg[a] * (1.0 / pool[a].size)
    for i in range(2):
        back, ok = per_seg[3 + i], ok_workers[i]
        work_comp[i] = (work_comp[i] * ok + work_found_mix[i] * back) / max(ok + back, 1e-12)
        workers[i] += back


FLOW_ORDER = (
    "identified",
    "class_entries",
    "seats",
    "certificates",
    "dossiers",
    "votes",
    "papers_redone",
    "admissions",
    "recognitions",
    "transfers_in",
)
"""The flows of a month's record, in its order (then the stocks, members, eligible)."""

RECORD = (*(f for f in FLOW_ORDER if f not in ("seats", "transfers_in")), *STOCKS, "members", "eligible")
"""What :func:`month` returns, in order: the month's flows (people) and the stocks at its
end (people; the stages of :data:`~partysim.analysis.flow_state.STOCKS`, then members) and,
in a year's first month, those who may be identified (else NaN)."""


@njit(cache=True, fastmath=FAST)
def month(st, rp, tp, x, prm):  # pragma: no cover - compiled
    """One month of the flow model, in the engine's order, on the state ``st`` (changed in
    place, and advanced to the next month's start): the month's record (:data:`RECORD`)."""
    people(st, rp, tp, x, prm)
    jobs(st, rp, tp, x, prm)
    out = np.empty(len(RECORD))
    out[0], out[1] = identify(st, rp, tp, x, prm)
    out[2], out[3] = dossier(st, rp, prm)
    out[4], out[5], out[6] = vote(st, rp, tp, prm)
    out[7] = members(st, rp, tp, x, prm)
    return_dropouts(st)
    out[8], out[9], out[10] = st[3].sum(), st[4].sum(), st[5].sum()
    out[11] = st[6].sum() + st[7].sum()
    out[12] = st[8].sum() + st[9].sum() + st[10].sum()
    out[13], out[14], out[15] = st[11].sum(), st[12].sum(), st[13].sum()
    out[16] = st[12].sum() + st[13].sum()
    out[17] = eligible(st, prm) if x[0] > 0 else np.nan
    advance(st)
    return out


@njit(cache=True, fastmath=FAST)
def eligible(st, prm):  # pragma: no cover - compiled
    """People who may be identified now (expected): at home, of eligible age, in a class
    that can be identified (not the first of a tier), or workers of units that can take
    candidates."""
    pool, work_comp, ok_workers = st[0], st[19], st[20]
    lo, hi, tier = int(prm[17]), int(prm[18]), int(prm[19])
    home = 0.0
    for a in range(pool.shape[0]):
        for c in range(pool.shape[1]):
            if c % tier != 0:
                for g in range(lo, hi):
                    home += pool[a, c, g]
    work = 0.0
    for i in range(work_comp.shape[0]):
        for c in range(work_comp.shape[1]):
            if c % tier != 0:
                work += ok_workers[i] * work_comp[i, c]
    return home + work
