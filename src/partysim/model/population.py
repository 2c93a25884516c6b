"""The starting population and newcomers, built from the scenario.

Inhabitants aged 16-60 of each unit (``people``) and its party members (``members``; the
pipeline on the first day is placed by :mod:`partysim.model.start_pipeline`). Newcomers (youths
turning 16, newly hired workers, members transferred in) are made by the same function.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from partysim.model import people as P
from partysim.model.build_kernels import ages_in_bands, beyond_codes, occupations, start_tenure
from partysim.model.people import People
from partysim.model.units import AGENCY, ENTERPRISE, SCHOOL, URBAN, WARD, Units
from partysim.scenario.ages import (
    ADULT_AGE_MONTHS,
    AGE_BANDS_YEARS,
    AWAY_AT_START_LIMIT_MONTHS,
    ENTRY_AGE_MONTHS,
    MEMBER_AGE_BANDS_YEARS,
    OWNER_MIN_AGE_MONTHS,
    SCHOOL_STUDENT_LIMIT_MONTHS,
    STUDENT_LIMIT_MONTHS,
    UPPER_AGE_MONTHS,
)
from partysim.scenario.schema import Scenario


def sample_ages(rng: np.random.Generator, n: int, edges_years: tuple[int, ...], weights: list[float]) -> np.ndarray:
    """Ages in months, band drawn by ``weights``, uniform within the band."""
    w = np.asarray(weights, dtype=float)
    cum = np.cumsum(w / w.sum())
    band_draw = rng.random(n)
    return ages_in_bands(band_draw, rng.random(n), cum, np.asarray(edges_years, dtype=np.int64) * 12)


def member_ages(rng: np.random.Generator, units: Units, unit: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Ages (months) of members of ``unit``: the member age mix in communes and wards; in
    enterprises, schools and agencies only its working ages (18-59), since members there
    are staff (retired members belong to their residence's cell)."""
    weights = np.asarray(scenario.population.member_age_weights, dtype=float)
    ages = sample_ages(rng, len(unit), MEMBER_AGE_BANDS_YEARS, list(weights))
    work = units.is_workplace()[unit]
    if work.any():
        edges = np.asarray(MEMBER_AGE_BANDS_YEARS)
        working = np.where(edges[:-1] < UPPER_AGE_MONTHS // 12, weights, 0.0)
        ages[work] = np.minimum(
            sample_ages(rng, int(work.sum()), MEMBER_AGE_BANDS_YEARS, list(working)), UPPER_AGE_MONTHS - 1
        )
    return ages


def worker_ages(rng: np.random.Generator, n: int, scenario: Scenario) -> np.ndarray:
    """Ages (months) of new hires: the inhabitants' age mix from 18 to 60."""
    weights = np.asarray(scenario.population.age_band_weights, dtype=float).copy()
    weights[np.asarray(AGE_BANDS_YEARS[1:]) <= ADULT_AGE_MONTHS // 12] = 0.0
    return np.maximum(sample_ages(rng, n, AGE_BANDS_YEARS, list(weights)), ADULT_AGE_MONTHS)


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

    def share(attr: str) -> np.ndarray:
        return unit_share(units, scenario, attr)[unit]

    sl = slice(int(idx[0]), int(idx[-1]) + 1)  # new slots are contiguous: slices are faster
    u = rng.random((13, n), dtype=np.float32)
    age = np.asarray(age_months, dtype=np.int32)
    people.birth[sl] = (t - age).astype(np.int16)
    people.unit[sl] = unit
    people.joined[sl] = t
    people.female[sl] = u[0] < (pop.share_female_members if member else pop.share_female)
    people.minority[sl] = u[1] < share("share_minority") * (pop.member_minority_factor if member else 1.0)
    people.religious[sl] = u[2] < share("share_religious") * (pop.member_religious_factor if member else 1.0)
    school = _diploma(u[3], share("lower_secondary_share"), pop.primary_share, units.hardship[unit], member)
    beyond = beyond_levels(scenario, units, unit, age, people.female[sl], member, u[12])
    people.school[sl] = np.where(school >= P.LOWER_SECONDARY, P.LOWER_SECONDARY + beyond, school)
    people.youth_union[sl] = (age < youth_union_limit(scenario)) & (u[4] < pop.youth_union_share)
    student_share = unit_share(units, scenario, "student_share")
    people.occ[sl] = occ = _occupations(units, unit, age, u[5], u[6], student_share, pop.occupation_weights, member)
    people.owner[sl] = (occ == P.NON_STATE) & (age >= OWNER_MIN_AGE_MONTHS) & (u[7] < pop.owner_share)
    people.relatives_elsewhere[sl] = u[8] < pop.relatives_elsewhere_share
    people.family_resists[sl] = people.religious[sl] & (u[9] < pop.family_resists_share)
    people.cell[sl] = units.first_cell[unit] + np.minimum(
        (u[10] * units.n_cells[unit]).astype(np.int32), units.n_cells[unit] - 1
    )
    if member:
        people.stage[sl] = P.FULL
        people.since[sl] = t - 24
        people.unqualified[sl] = u[11] < scenario.outflow.unqualified_share
    return idx


def _diploma(u: np.ndarray, lower: np.ndarray, primary: float, hardship: np.ndarray, member: bool) -> np.ndarray:
    """Lower-secondary diploma with share ``lower``, else primary with share ``primary``,
    else below primary; members have the diploma (primary in hardship areas, where it
    qualifies)."""
    school = np.where(
        u < lower, P.LOWER_SECONDARY, np.where(u < lower + (1 - lower) * primary, P.PRIMARY, P.BELOW_PRIMARY)
    )
    if member:
        school = np.where(hardship, np.maximum(school, P.PRIMARY), P.LOWER_SECONDARY)
    return school.astype(np.int8)


def beyond_levels(
    scenario: Scenario, units: Units, unit: np.ndarray, age: np.ndarray, female: np.ndarray, member: bool, u: np.ndarray
) -> np.ndarray:
    """Highest schooling of diploma holders, as steps beyond lower secondary (0 lower
    secondary only ... 4 postgraduate), drawn with uniform ``u`` (``scenario.schooling``).

    Members draw from ``schooling.members``; others from their unit's weights (agency and
    school staff, enterprise workers, wards and urban communes, rural and mountain
    communes), with the odds of the levels beyond lower secondary multiplied by the age
    band's factor and, for women, ``women_factor``. The cumulative shares are tabled once
    per (weights, age band, sex): 40 rows, gathered per person."""
    sch = scenario.schooling
    if member:
        w = np.asarray(sch.members, dtype=float)
        cum = np.cumsum(w / w.sum())[:-1]
        return np.searchsorted(cum, u, side="right").astype(np.int8)
    cum = unit_table(units, scenario, "schooling_cum", lambda: schooling_table(scenario))
    which = unit_table(units, scenario, "schooling_weights", lambda: weights_row(units))
    edges = np.asarray(AGE_BANDS_YEARS[1:], dtype=np.int64) * 12
    return beyond_codes(which, unit, np.asarray(age), female, u, edges, cum)


def schooling_table(scenario: Scenario) -> np.ndarray:
    """Cumulative shares of the levels beyond lower secondary, one row per (weights, age
    band, sex): shape (40, 5) (see :func:`beyond_levels`)."""
    sch = scenario.schooling
    base = np.asarray([sch.rural, sch.urban, sch.staff, sch.workers], dtype=float)  # (4, 5)
    odds = np.asarray(sch.age_factors, dtype=float)[:, None] * np.array([1.0, sch.women_factor])[None, :]  # (5, 2)
    w = np.broadcast_to(base[:, None, None, :], (4, 5, 2, 5)).copy()
    w[..., 1:] *= odds[None, :, :, None]
    return np.cumsum(w / w.sum(axis=-1, keepdims=True), axis=-1).reshape(40, 5)


def weights_row(units: Units) -> np.ndarray:
    """Each unit's schooling weights (0 rural and mountain communes, 1 wards and urban
    communes, 2 agency and school staff, 3 enterprise workers)."""
    kind, area = units.kind, units.area
    urban = (kind == WARD) | (area == URBAN)
    return np.select([(kind == AGENCY) | (kind == SCHOOL), kind == ENTERPRISE, urban], [2, 3, 1], default=0)


def unit_table(units: Units, scenario: Scenario, name: str, make: Callable[[], np.ndarray]) -> np.ndarray:
    """A lookup table of ``scenario`` for these units, made once (kept in ``units.tables``)."""
    key = (id(scenario), name)
    table = units.tables.get(key)
    if table is None:
        table = units.tables[key] = make()
    return table


def unit_share(units: Units, scenario: Scenario, attr: str) -> np.ndarray:
    """Per unit, its template's population share ``attr`` (:func:`template_share`), made once."""
    return unit_table(units, scenario, attr, lambda: template_share(scenario, attr)[units.template])


def template_share(scenario: Scenario, attr: str) -> np.ndarray:
    """Per unit template, its own value of a population share, or the scenario's default."""
    default = getattr(scenario.population, attr)
    return np.array(
        [default if getattr(tp, attr, None) is None else getattr(tp, attr) for tp in scenario.territory.units]
    )


def _occupations(
    units: Units,
    unit: np.ndarray,
    age: np.ndarray,
    u_occ: np.ndarray,
    u_student: np.ndarray,
    student_share: np.ndarray,
    occupation_weights: list[float],
    member: bool,
) -> np.ndarray:
    """Occupation of new people: by their unit's kind in workplaces; in communes drawn by
    ``occupation_weights`` (farm, state agency, state enterprise, non-state, other), with
    students among the young non-members (``student_share``: per unit)."""
    w = np.asarray(occupation_weights, dtype=float)
    commune = (np.cumsum(w / w.sum()), np.array([P.FARM, P.STATE_AGENCY, P.STATE_ENTERPRISE, P.NON_STATE, P.OTHER]))
    return occupations(
        unit,
        np.asarray(age),
        (u_occ, u_student),
        member,
        (units.kind, units.non_state, student_share),
        commune,
        (STUDENT_LIMIT_MONTHS, SCHOOL_STUDENT_LIMIT_MONTHS),
    )


def build_population(scenario: Scenario, units: Units, rng: np.random.Generator) -> People:
    """Make the starting inhabitants and members of every unit at month 0 (members all
    full; :mod:`partysim.model.start_pipeline` then places the starting pipeline)."""
    pop = scenario.population
    n_people = units.size.astype(np.int64)
    n_members = units.members
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
    ages_m = member_ages(rng, units, unit_m, scenario)
    midx = add_people(people, units, scenario, rng, unit_m, ages_m, 0, member=True)
    people.away[midx] = (
        units.is_residential()[unit_m] & (ages_m < UPPER_AGE_MONTHS) & (rng.random(len(midx)) < pop.member_away_share)
    )
    set_start_tenure(people, units, scenario, rng, np.concatenate([idx, midx]))
    return people


def youth_union_limit(scenario: Scenario) -> int:
    """Age (months) at which Youth Union membership ends: past ``youth_union_max_age`` years."""
    return int((scenario.pipeline.youth_union_max_age + 1) * 12)


def set_start_tenure(
    people: People, units: Units, scenario: Scenario, rng: np.random.Generator, idx: np.ndarray
) -> None:
    """When the starting people came to their unit (``joined``, months before the start).

    Inhabitants of communes and wards have lived there since they were 16. Workers of
    enterprises, schools and agencies have been in post for an exponential time whose mean
    is the inverse of their unit's job-leaving rate, at most since they were 18.
    """
    unit = people.unit[idx]
    emp = scenario.employment
    rate = np.where(units.non_state, emp.turnover_non_state, emp.turnover_state)  # per unit
    tenure = rng.exponential((12.0 / np.maximum(rate, 1e-3))[unit])
    people.joined[idx] = start_tenure(
        people.birth[idx], unit, units.is_residential(), tenure, (ENTRY_AGE_MONTHS, ADULT_AGE_MONTHS), 30_000
    )
