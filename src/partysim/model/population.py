"""The starting population and newcomers, built from the scenario.

Inhabitants aged 16-60 of each unit (``people``), its party members (``members``), and
people already in the pipeline at the start (``pipeline_start``). Newcomers (youths
turning 16, newly hired workers, members transferred in) are made by the same function.
"""

from __future__ import annotations

import numpy as np

from partysim.model import people as P
from partysim.model.people import People
from partysim.scenario.ages import (
    ADULT_AGE_MONTHS,
    AGE_BANDS_YEARS,
    AWAY_AT_START_LIMIT_MONTHS,
    CANDIDATE_AT_START_LIMIT_MONTHS,
    MEMBER_AGE_BANDS_YEARS,
    OWNER_MIN_AGE_MONTHS,
    SCHOOL_STUDENT_LIMIT_MONTHS,
    STUDENT_LIMIT_MONTHS,
    UPPER_AGE_MONTHS,
    YOUTH_LIMIT_MONTHS,
)
from partysim.scenario.schema import Scenario
from partysim.model.units import AGENCY, ENTERPRISE, MOUNTAIN, SCHOOL, Units


def sample_ages(rng: np.random.Generator, n: int, edges_years: tuple[int, ...], weights: list[float]) -> np.ndarray:
    """Ages in months, band drawn by ``weights``, uniform within the band."""
    w = np.asarray(weights, dtype=float)
    cum = np.cumsum(w / w.sum())
    band = np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(w) - 1)
    lo = np.asarray(edges_years[:-1])[band] * 12
    hi = np.asarray(edges_years[1:])[band] * 12
    return (lo + rng.random(n) * (hi - lo)).astype(np.int32)


def add_people(
    people: People,
    units: Units,
    scenario: Scenario,
    rng: np.random.Generator,
    unit: np.ndarray,
    age_months: np.ndarray,
    t: int,
    member: bool = False,
) -> np.ndarray:
    """Append people to ``people`` and draw their attributes.

    Args:
        people: The arrays to extend.
        units: Units of the territory.
        scenario: Scenario (composition parameters).
        rng: Generator for attribute draws.
        unit: Unit index of each new person.
        age_months: Age of each new person (months) at month ``t``.
        t: Current month index.
        member: True to make them full party members.

    Returns:
        Slot indices of the new people.
    """
    n = len(unit)
    idx = people.add(n)
    if n == 0:
        return idx
    pop = scenario.population
    tpls = scenario.territory.units
    tpl = units.template[unit]
    kind = units.kind[unit]

    def share(attr: str) -> np.ndarray:
        default = getattr(pop, attr)
        per_tpl = np.array([default if getattr(tp, attr, None) is None else getattr(tp, attr) for tp in tpls])
        return per_tpl[tpl]

    sl = slice(int(idx[0]), int(idx[-1]) + 1)  # new slots are contiguous: slices are faster
    u = rng.random((12, n), dtype=np.float32)
    age = np.asarray(age_months, dtype=np.int32)
    people.birth[sl] = (t - age).astype(np.int16)
    people.unit[sl] = unit
    people.female[sl] = u[0] < (pop.share_female_members if member else pop.share_female)
    people.minority[sl] = u[1] < share("share_minority")
    people.religious[sl] = u[2] < share("share_religious")
    lower = share("lower_secondary_share")
    school = np.where(u[3] < lower, P.LOWER_SECONDARY, np.where(u[3] < lower + (1 - lower) * pop.primary_share, P.PRIMARY, P.BELOW_PRIMARY))
    if member:
        school[:] = np.where(units.area[unit] == MOUNTAIN, np.maximum(school, P.PRIMARY), P.LOWER_SECONDARY)
    people.school[sl] = school.astype(np.int8)
    # below 30, one year short of youth (YOUTH_LIMIT_MONTHS moves the baseline; issue "Layout")
    people.youth_union[sl] = (age < YOUTH_LIMIT_MONTHS - 12) & (u[4] < pop.youth_union_share)
    # occupation
    w = np.asarray(pop.occupation_weights, dtype=float)
    commune_occ = np.array([P.FARM, P.STATE_AGENCY, P.STATE_ENTERPRISE, P.NON_STATE, P.OTHER])[
        np.searchsorted(np.cumsum(w / w.sum()), u[5], side="right").clip(0, 4)
    ]
    student = (age < STUDENT_LIMIT_MONTHS) & (u[6] < share("student_share")) & (not member)
    enterprise_occ = np.where(units.non_state[unit], P.NON_STATE, P.STATE_ENTERPRISE)
    occ = np.select(
        [kind == ENTERPRISE, kind == AGENCY, kind == SCHOOL],
        [enterprise_occ, P.STATE_AGENCY, np.where(age < SCHOOL_STUDENT_LIMIT_MONTHS, P.STUDENT, P.STATE_AGENCY)],
        default=commune_occ,
    )
    occ = np.where(student & (kind != ENTERPRISE), P.STUDENT, occ)
    people.occ[sl] = occ.astype(np.int8)
    people.owner[sl] = (occ == P.NON_STATE) & (age >= OWNER_MIN_AGE_MONTHS) & (u[7] < pop.owner_share)
    people.relatives_elsewhere[sl] = u[8] < pop.relatives_elsewhere_share
    people.family_resists[sl] = people.religious[sl] & (u[9] < pop.family_resists_share)
    people.cell[sl] = units.first_cell[unit] + np.minimum((u[10] * units.n_cells[unit]).astype(np.int32), units.n_cells[unit] - 1)
    if member:
        people.stage[sl] = P.FULL
        people.since[sl] = t - 24
        people.unqualified[sl] = u[11] < scenario.outflow.unqualified_share
    return idx


def build_population(scenario: Scenario, units: Units, rng: np.random.Generator) -> People:
    """Make the starting inhabitants, members and pipeline of every unit at month 0."""
    pop = scenario.population
    n_people = units.size.astype(np.int64)
    n_members = np.array([scenario.territory.units[t].members for t in units.template], dtype=np.int64)
    n_members = np.where(units.has_party | units.is_residential(), n_members, 0)
    years = scenario.months / 12
    emp = scenario.employment
    residential = units.is_residential()
    newcomers = (
        n_people[residential].sum() * pop.cohort_rate * years  # youths turning 16
        + n_people[~residential].sum() * max(emp.turnover_state, emp.turnover_non_state) * years  # hires
        + n_members.sum() * scenario.outflow.transfer_in_rate * years  # transfers in
    )
    people = People(int((n_people.sum() + n_members.sum() + newcomers) * 1.05) + 1024)

    unit_of = np.repeat(np.arange(units.n, dtype=np.int32), n_people)
    ages = sample_ages(rng, len(unit_of), AGE_BANDS_YEARS, pop.age_band_weights)
    idx = add_people(people, units, scenario, rng, unit_of, ages, 0)
    resident = units.is_residential()[unit_of]
    young = (ages >= ADULT_AGE_MONTHS) & (ages < AWAY_AT_START_LIMIT_MONTHS)
    people.away[idx] = resident & young & (rng.random(len(idx)) < pop.away_share)

    unit_m = np.repeat(np.arange(units.n, dtype=np.int32), n_members)
    ages_m = sample_ages(rng, len(unit_m), MEMBER_AGE_BANDS_YEARS, pop.member_age_weights)
    midx = add_people(people, units, scenario, rng, unit_m, ages_m, 0, member=True)
    people.away[midx] = units.is_residential()[unit_m] & (ages_m < UPPER_AGE_MONTHS) & (rng.random(len(midx)) < pop.member_away_share)
    _seed_pipeline(people, scenario, rng, idx, midx)
    return people


def _seed_pipeline(people: People, scenario: Scenario, rng: np.random.Generator, inhabitants: np.ndarray, members: np.ndarray) -> None:
    """Put people already in the pipeline at the start, with staggered progress."""
    shares = scenario.pipeline_start
    if not shares or len(members) == 0:
        return
    n_members = len(members)
    pl = scenario.pipeline
    # probationary members: recently admitted full members
    n_prob = int(round(shares.get("probation", 0.0) * n_members))
    if n_prob:
        young_members = members[np.argsort(people.birth[members])[::-1][: max(n_prob * 3, n_prob)]]
        chosen = rng.choice(young_members, size=min(n_prob, len(young_members)), replace=False)
        people.stage[chosen] = P.PROBATION
        elapsed = rng.integers(0, int(pl.probation_months), size=len(chosen))
        people.since[chosen] = -elapsed
        people.due[chosen] = int(pl.probation_months) - elapsed
    # candidates: eligible inhabitants at home aged 18-35
    age = -people.birth[inhabitants].astype(np.int32)
    ok = (age >= ADULT_AGE_MONTHS) & (age < CANDIDATE_AT_START_LIMIT_MONTHS) & ~people.away[inhabitants] & (people.school[inhabitants] >= P.LOWER_SECONDARY)
    pool = inhabitants[ok]
    rng.shuffle(pool)
    pos = 0
    for stage_name, stage, span in (("source", P.SOURCE, 6), ("class", P.CLASS, 1), ("certified", P.CERTIFIED, 3), ("vetting", P.VETTING, 4), ("vote", P.VOTE, 2)):
        k = min(int(round(shares.get(stage_name, 0.0) * n_members)), len(pool) - pos)
        if k <= 0:
            continue
        chosen = pool[pos : pos + k]
        pos += k
        people.stage[chosen] = stage
        people.since[chosen] = -rng.integers(0, 3, size=k)
        people.due[chosen] = rng.integers(1, span + 1, size=k)
        if stage >= P.CERTIFIED:
            people.cert[chosen] = -rng.integers(1, 6, size=k)
        if stage >= P.VETTING:
            people.papers[chosen] = -rng.integers(0, 4, size=k)
