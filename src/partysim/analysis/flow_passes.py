"""The flow model's passes over its people, compiled (numba, ``cache=True``: compiled once
per install): ageing and the queues' months, demography and migration of the pool and the
candidates, jobs. :mod:`partysim.analysis.flow_month` puts them in the month's order and
says what the tuples the kernels take hold (``st``: the state, ``rp``: the month's rates,
``tp``: the model's tables, ``x``: the month's numbers, ``prm``: the scenario's numbers).
People are expected numbers (floats); ages are months; queues are months until the step
completes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

FAST = {"reassoc", "nsz", "contract"}
"""The compiler may reorder sums (so that they run several at once) and fuse a multiply
and an add: differences of rounding only (NaN and infinities are kept as they are)."""


@njit(cache=True, fastmath=FAST)
def shift_down(q):  # pragma: no cover - compiled
    """Queue ``q`` (rows, months) one month on: index 0 leaves, the last is empty."""
    n = q.shape[1]
    for i in range(q.shape[0]):
        for j in range(n - 1):
            q[i, j] = q[i, j + 1]
        q[i, n - 1] = 0.0


@njit(cache=True, fastmath=FAST)
def age_up(a):  # pragma: no cover - compiled
    """Age vectors ``a`` (rows, age months) one month older; the last age keeps its people."""
    n = a.shape[1]
    for i in range(a.shape[0]):
        last = a[i, n - 1]
        for j in range(n - 1, 0, -1):
            a[i, j] = a[i, j - 1]
        a[i, 0] = 0.0
        a[i, n - 1] += last


@njit(cache=True, fastmath=FAST)
def advance(st):  # pragma: no cover - compiled
    """End of the month: queues move one month on, everyone ages one month (the state
    tuple of :meth:`FlowState.arrays`)."""
    pool, away, classes, certified, full = st[0], st[1], st[4], st[5], st[13]
    shift_down(classes)
    for q in (st[6], st[7], st[8], st[9], st[11], st[12]):  # vetting, stale, vote, stale, approval, probation
        shift_down(q)
    waiting = certified[:, 0].copy()  # those who have not started wait on
    shift_down(certified)
    certified[:, 0] += waiting
    classes_new = st[16]
    rows, n = classes_new.shape[0], classes_new.shape[1]
    for i in range(rows):
        for j in range(n - 1):
            classes_new[i, j, :] = classes_new[i, j + 1, :]
        classes_new[i, n - 1, :] = 0.0
    shift_down(st[15])
    shift_down(classes_new.reshape(-1, classes_new.shape[2]))
    shift_down(st[17])
    shift_down(st[18])
    age_up(pool.reshape(-1, pool.shape[2]))
    age_up(away)
    age_up(full.reshape(-1, full.shape[2]))


@njit(cache=True, fastmath=FAST)
def candidates(st):  # pragma: no cover - compiled
    """Candidates per segment (every candidate stock, in :meth:`FlowState.candidate_stocks`'
    order)."""
    out = st[3].copy()
    for q in (st[4], st[5], st[6], st[7], st[8], st[9]):
        add_rows(out, q)
    out += st[10]
    add_rows(out, st[11])
    return out


@njit(cache=True, fastmath=FAST)
def add_rows(out, q):  # pragma: no cover - compiled
    """Add each row's sum of ``q`` (rows, n) to ``out`` (rows,)."""
    for i in range(q.shape[0]):
        acc = 0.0
        for j in range(q.shape[1]):
            acc += q[i, j]
        out[i] += acc


@njit(cache=True, fastmath=FAST)
def members_by_segment(probation, full):  # pragma: no cover - compiled
    """Members, probationary and full, per segment."""
    out = np.empty(probation.shape[0])
    for i in range(probation.shape[0]):
        out[i] = probation[i].sum() + full[i].sum()
    return out


@njit(cache=True, fastmath=FAST)
def lose_candidates(st, lose, rehired):  # pragma: no cover - compiled
    """Candidates who die or leave drop out (share ``lose`` per segment); candidates of
    workplaces who change to a job that can take them (``rehired``, per workplace
    segment) keep their place, but their new colleagues do not know them yet."""
    for q in (st[3].reshape(-1, 1), st[4], st[5], st[6], st[7], st[8], st[9], st[10].reshape(-1, 1), st[11]):
        for i in range(q.shape[0]):
            q[i] *= 1 - lose[i]
    for q in (st[15], st[16].reshape(st[16].shape[0], -1), st[17]):
        for i in range(q.shape[0]):
            q[i] *= 1 - lose[i]
    source, classes, certified = st[3], st[4], st[5]
    source_new, classes_new, certified_new = st[15], st[16], st[17]
    last = source_new.shape[1] - 1
    for i in range(3, source.shape[0]):
        r = rehired[i - 3]
        known = source[i] - source_new[i].sum()
        source_new[i, last] += max(known, 0.0) * r
    for i in range(3, source.shape[0]):
        for j in range(classes_new.shape[1]):
            known = classes[i, j] - classes_new[i, j].sum()
            classes_new[i, j, last] += max(known, 0.0) * rehired[i - 3]
    for i in range(3, source.shape[0]):
        known = certified[i, 0] - certified_new[i].sum()
        certified_new[i, last] += max(known, 0.0) * rehired[i - 3]


@njit(cache=True, fastmath=FAST)
def life_course(pool, ages, mats):  # pragma: no cover - compiled
    """Class changes at the life-course ages ``ages`` (months): the people of an area at
    that age move from class ``c`` to ``d`` in the share ``mats[k, area, c, d]``."""
    n = pool.shape[1]
    for k in range(ages.shape[0]):
        g = ages[k]
        for a in range(pool.shape[0]):
            before = pool[a, :, g].copy()
            for d in range(n):
                acc = 0.0
                for c in range(n):
                    acc += before[c] * mats[k, a, c, d]
                pool[a, d, g] = acc


@njit(cache=True, fastmath=FAST)
def stay_and_return(pool, share, heads, stays, back, arrive):  # pragma: no cover - compiled
    """Those at home stay (share ``stays`` by (area, age month)) and ``back`` come home with
    the composition of those at home at that age (the tables' ``share`` where nobody is):
    a class's people times ``stays * (1 + back / heads after staying)``; then ``arrive``
    (people by area and age month) come with the tables' composition. One pass."""
    after = heads * stays
    factor, empty = stays.copy(), np.zeros_like(stays)
    for a in range(pool.shape[0]):
        for g in range(pool.shape[2]):
            if after[a, g] > 0:
                factor[a, g] = stays[a, g] * (1 + back[a, g] / after[a, g])
            elif back[a, g] != 0:  # nobody at home at that age
                empty[a, g] = back[a, g]
    for a in range(pool.shape[0]):
        for c in range(pool.shape[1]):
            for g in range(pool.shape[2]):
                s = share[a, c, g]
                pool[a, c, g] = pool[a, c, g] * factor[a, g] + empty[a, g] * s + s * arrive[a, g]


@njit(cache=True, fastmath=FAST)
def leavers(st, rp, tp, prm):  # pragma: no cover - compiled
    """Workers leave their job; returns those who go home to a commune, by (area, age
    month), and per area."""
    workers, units, work_age = st[2], tp[6], tp[2]
    leave = workers * rp[8] * (1 - prm[3])
    workers -= leave
    total = leave.sum()
    home = total * (1 - prm[4]) if prm[15] > 0 else 0.0
    home_area = home * units / max(units.sum(), 1.0)
    ages = (work_age[0] * leave[0] + work_age[1] * leave[1]) / max(total, 1e-12)
    arrive = np.empty((units.shape[0], ages.shape[0]))
    for a in range(units.shape[0]):
        arrive[a] = home_area[a] * ages
    return arrive, home_area


@njit(cache=True, fastmath=FAST)
def people(st, rp, tp, x, prm):  # pragma: no cover - compiled
    """Deaths, ageing out, youths coming of age, leaving and coming home, for the pool,
    the away and the candidates (candidates who die or leave drop out); workers leaving
    their job, some going home (the jobs step's first part, in the same pass over the pool);
    returns nothing, the state changes in place."""
    pool, away, workers, recent = st[0], st[1], st[2], st[18]
    death, share = tp[0], tp[1]
    lose_candidates(st, rp[2], rp[10])
    na = pool.shape[2]
    for a in range(away.shape[0]):
        for g in range(na):
            away[a, g] *= 1 - death[g]
    workers *= 1 - rp[9]
    if x[0] > 0:  # a new year: those past the eligible age leave the pool
        pool[:, :, int(prm[11]) :] = 0.0
        away[:, int(prm[11]) :] = 0.0
    life_course(pool, tp[4], tp[5])
    entry = int(prm[12])
    for a in range(pool.shape[0]):
        for c in range(pool.shape[1]):
            pool[a, c, entry] += x[1 + a] * share[a, c, entry]
    heads = np.zeros((pool.shape[0], na))
    for a in range(pool.shape[0]):
        for c in range(pool.shape[1]):
            for g in range(na):
                heads[a, g] += pool[a, c, g]
    gone = heads * rp[4]  # survived the month's deaths, then left
    away += gone * (1 - prm[0])
    back = away * rp[15][6] * prm[1]
    away -= back
    arrive, home_area = leavers(st, rp, tp, prm)
    stay_and_return(pool, share, heads, rp[3], back, arrive)
    recent[:, -1] += back.sum(axis=1) * prm[2]
    recent[:, -1] += home_area * prm[2]


@njit(cache=True, fastmath=FAST)
def jobs(st, rp, tp, x, prm):  # pragma: no cover - compiled
    """In months of review, vacancies are filled, partly with local residents; members of
    new party organisations (those who left their job did so in :func:`people`)."""
    pool, workers, work_comp, full, fresh = st[0], st[2], st[19], st[13], tp[3]
    has_units = prm[15] > 0
    if x[4] > 0:
        cand, mem = candidates(st), members_by_segment(st[12], full)
        vacancies = np.maximum(tp[7] * x[5] - (workers + cand[3:] + mem[3:]), 0.0)
        local = vacancies.sum() * prm[5] if has_units else 0.0
        lo, hi = int(prm[13]), int(prm[14])
        avail = 0.0
        for a in range(pool.shape[0]):
            for c in range(pool.shape[1]):
                for g in range(lo, hi):
                    avail += pool[a, c, g]
        if avail > 0 and local > 0:
            pool[:, :, lo:hi] *= 1 - min(local / avail, 1.0)
        workers += vacancies
        replaced = vacancies / np.maximum(workers, 1e-9)
        for i in range(work_comp.shape[0]):
            work_comp[i] = work_comp[i] * (1 - replaced[i]) + fresh[i] * replaced[i]
    full[4, 0] += x[6] * tp[10]
