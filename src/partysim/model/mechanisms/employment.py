"""Enterprise employment: turnover, hiring, and new party organisations.

Workers of enterprises, schools and agencies leave their job at an annual rate that
depends on ownership. A leaver is rehired elsewhere in the territory, goes home to a
commune, or leaves the territory. A candidate who changes job keeps their place only if
the new employer has a (cooperating) party organisation. Vacancies are filled by local
residents and by newcomers. New party organisations are founded in non-state
enterprises whose owners cooperate (levers ``new_party_orgs_per_year`` and
``owner_outreach``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.model.kernels import count_where
from partysim.model.review_kernels import turnover_scan
from partysim.model.streams import thresholds
from partysim.model.units import ENTERPRISE
from partysim.scenario.ages import ADULT_AGE_MONTHS, LOCAL_HIRE_LIMIT_MONTHS

if TYPE_CHECKING:
    from partysim.model.engine import Engine


def cooperating(eng: Engine) -> np.ndarray:
    """Units whose owners cooperate with the party this month (all but some non-state).

    Each non-state unit has a fixed draw; it cooperates when the draw is below its
    template's ``owner_cooperation`` share, raised towards 1 by the ``owner_outreach``
    lever times its effect."""
    u = eng.units
    share = np.array([tp.owner_cooperation for tp in eng.scenario.territory.units])[u.template]
    share = share + (1 - share) * eng.scenario.effects.owner_outreach * eng.lever("owner_outreach")
    return ~u.non_state | (u.coop_draw < share)


def party_ok(eng: Engine) -> np.ndarray:
    """Units in which a party organisation can take candidates this month: every
    residential unit, and workplaces with a party organisation whose owners cooperate."""
    return eng.unit_residential | (eng.units.has_party & cooperating(eng))


def turnover(eng: Engine) -> None:
    """Workers leave their job (members less often); candidates may lose their place."""
    u, p, emp = eng.units, eng.people, eng.scenario.employment
    if not eng.unit_workplace.any():
        return
    rates = np.array([emp.turnover_state, emp.turnover_non_state])
    thr = thresholds(eng.review_probability(np.concatenate([rates, rates * emp.member_turnover_factor])))
    leavers = turnover_scan(
        eng.review("turnover", thr.max()),
        (p.alive, p.unit, p.stage),
        (eng.unit_workplace, u.non_state),
        P.PROBATION,
        thr,
    )
    if len(leavers) == 0:
        return
    eng.counters.add("job_leavers", len(leavers))
    draw = eng.streams.uniform("turnover_next", eng.t, leavers)
    rehired = leavers[draw < emp.rehire_share]
    rest = leavers[draw >= emp.rehire_share]
    _move_to_new_job(eng, rehired)
    has_home = eng.unit_residential.any()
    draw2 = eng.streams.uniform("turnover_leave", eng.t, rest)
    leave = rest[(draw2 < emp.leave_territory_share) | (not has_home)]
    home = rest[(draw2 >= emp.leave_territory_share) & has_home]
    # leaving the territory
    eng.drop_candidates(leave, "job")
    members = leave[p.stage[leave] >= P.PROBATION]
    eng.counters.add("transfers_out", len(members))
    eng.counters.add("emigrants", len(leave))
    eng.remove(leave)
    # going home to a commune: candidates lose their place, members move cell
    if len(home):
        eng.drop_candidates(home, "job")
        communes = np.flatnonzero(eng.unit_residential)
        pick = communes[(eng.streams.uniform("turnover_home", eng.t, home) * len(communes)).astype(np.int64)]
        p.unit[home] = pick
        p.joined[home] = eng.t
        p.occ[home] = P.FARM
        _reassign_cell(eng, home)


def _reassign_cell(eng: Engine, idx: np.ndarray) -> None:
    u, p = eng.units, eng.people
    unit = p.unit[idx]
    pos = (eng.streams.uniform("cell", eng.t, idx) * u.n_cells[unit]).astype(np.int32)
    p.cell[idx] = u.first_cell[unit] + np.minimum(pos, u.n_cells[unit] - 1)


def _move_to_new_job(eng: Engine, idx: np.ndarray) -> None:
    """Rehire ``idx`` in another workplace unit, weighted by size."""
    if len(idx) == 0:
        return
    u, p = eng.units, eng.people
    places = np.flatnonzero(eng.unit_workplace)
    cum = np.cumsum(u.size[places].astype(np.float64))
    pick = places[
        np.searchsorted(cum, eng.streams.uniform("rehire_where", eng.t, idx) * cum[-1], side="right").clip(
            0, len(places) - 1
        )
    ]
    p.unit[idx] = pick
    p.joined[idx] = eng.t
    p.occ[idx] = np.where(
        u.non_state[pick], P.NON_STATE, np.where(u.kind[pick] == ENTERPRISE, P.STATE_ENTERPRISE, P.STATE_AGENCY)
    )
    ok = party_ok(eng)[pick]
    st = p.stage[idx]
    cand = (st >= P.SOURCE) & (st <= P.APPROVAL)
    eng.drop_candidates(idx[cand & ~ok], "job")
    _reassign_cell(eng, idx[ok | (st >= P.PROBATION)])


def hiring(eng: Engine) -> None:
    """Fill vacancies (starting size, times the ``enterprise_employment`` driver, minus
    current workers) with locals and newcomers,
    once every ``review_months`` months."""
    from partysim.model.population import add_people, worker_ages

    u, p, emp = eng.units, eng.people, eng.scenario.employment
    if not eng.unit_workplace.any() or eng.t % eng.scenario.review_months:
        return
    current = count_where(p.view("unit"), p.view("alive"), u.n)
    target = np.round(u.size * eng.driver("enterprise_employment")).astype(np.int64)
    vacancies = np.where(eng.unit_workplace, np.maximum(target - current, 0), 0)
    total = int(vacancies.sum())
    if total == 0:
        return
    slots = np.repeat(np.arange(u.n, dtype=np.int32), vacancies)
    n_local = int(round(total * emp.local_hire_share)) if eng.unit_residential.any() else 0
    hired_local = 0
    if n_local:
        rng = eng.streams.generator("hire_local", eng.t)
        pool_try = rng.integers(0, p.n, size=n_local * 8)
        age = eng.age(pool_try)
        ok = (
            p.alive[pool_try]
            & ~p.away[pool_try]
            & eng.unit_residential[p.unit[pool_try]]
            & (age >= ADULT_AGE_MONTHS)
            & (age < LOCAL_HIRE_LIMIT_MONTHS)
            & (p.stage[pool_try] == P.NONE)
            & ((p.occ[pool_try] == P.FARM) | (p.occ[pool_try] == P.OTHER))
        )
        chosen = np.unique(pool_try[ok])[:n_local]
        hired_local = len(chosen)
        where = slots[:hired_local]
        p.unit[chosen] = where
        p.joined[chosen] = eng.t
        p.occ[chosen] = np.where(
            u.non_state[where], P.NON_STATE, np.where(u.kind[where] == ENTERPRISE, P.STATE_ENTERPRISE, P.STATE_AGENCY)
        )
        _reassign_cell(eng, chosen)
    rest = slots[hired_local:]
    if len(rest):
        rng = eng.streams.generator("hire_new", eng.t)
        ages = worker_ages(rng, len(rest), eng.scenario)
        add_people(p, u, eng.scenario, rng, rest, ages, eng.t)
    eng.counters.add("hires", total)


def new_party_orgs(eng: Engine) -> None:
    """Found party organisations in non-state enterprises (lever, per year)."""
    u = eng.units
    k = eng.accumulate("new_party_orgs", eng.lever("new_party_orgs_per_year") / 12.0)
    if k <= 0:
        return
    cand = np.flatnonzero(
        u.non_state & ~u.has_party & cooperating(eng) & (u.size >= eng.scenario.employment.new_party_org_size_min)
    )
    if len(cand) == 0:
        return
    chosen = cand[np.argsort(u.found_draw[cand], kind="stable")[:k]]
    u.has_party[chosen] = True
    eng.counters.add("new_party_orgs", len(chosen))
    # members already working there transfer their membership in
    from partysim.model.population import add_people, member_ages

    n = eng.accumulate("new_org_members", len(chosen) * eng.scenario.employment.new_party_org_members)
    if n:
        rng = eng.streams.generator("new_org_members", eng.t)
        where = np.resize(chosen.astype(np.int32), n)
        new = add_people(
            eng.people, u, eng.scenario, rng, where, member_ages(rng, u, where, eng.scenario), eng.t, member=True
        )
        eng.entered_pipeline(new)
        eng.counters.add("transfers_in", n)
