"""Demography: deaths by age, the 60-year cut-off, and youths coming of age.

Ageing is implicit (age = month - birth month). Eligibility starts at 18 (see
:mod:`partysim.model.mechanisms.pipeline`); people enter the model at 16 so the youth pool is in view two
years before they qualify.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.model.review_kernels import death_scan, old_scan
from partysim.scenario.ages import ENTRY_AGE_MONTHS

if TYPE_CHECKING:
    from partysim.model.engine import Engine


def deaths(eng: Engine) -> None:
    """Age-specific deaths (annual probabilities by age band), reviewed every
    ``review_months`` months per person."""
    p = eng.people
    thr = eng.death_threshold  # one per age in months, to MAX_AGE_MONTHS
    dead = death_scan(eng.review("death", thr.max()), p.alive, p.birth, eng.t, thr)
    if len(dead) == 0:
        return
    st = p.stage[dead]
    eng.counters.add("deaths", np.count_nonzero(st >= P.PROBATION))
    eng.drop_candidates(dead, "death")
    eng.remove(dead)


def age_out(eng: Engine) -> None:
    """Candidates past 60 lose eligibility (checked monthly); non-members past 61 leave the
    model (checked each January: until then they are simply no longer eligible)."""
    p = eng.people
    limit = int(eng.scenario.demography.eligibility_max_age * 12)
    if eng.t % 12 == 0:
        old = old_scan(p.n, p.birth, p.alive, p.stage, eng.t - limit - 12, P.PROBATION)
        if len(old):
            eng.drop_candidates(old, "other")
            eng.remove(old)
            eng.counters.add("aged_out", len(old))
    pipe = eng.candidates_idx()
    st = p.stage[pipe]
    cand = pipe[(st >= P.SOURCE) & (st <= P.VOTE) & (eng.age(pipe) >= limit)]
    eng.drop_candidates(cand, "other")


def cohort_entry(eng: Engine) -> None:
    """Youths turning 16 join the population of each commune and ward.

    ``population.cohort_rate`` (per year) times the unit's starting size (times the
    ``youth_population`` driver), spread over the months; the count is deterministic, the
    people's attributes are drawn.
    """
    from partysim.model.population import add_people

    u = eng.units
    rate = eng.scenario.population.cohort_rate * eng.driver("youth_population") / 12.0
    per_month = np.where(eng.unit_residential, u.size * rate, 0.0)
    k = eng.accumulate("cohort", per_month)
    total = int(k.sum())
    if total == 0:
        return
    unit = np.repeat(np.arange(u.n, dtype=np.int32), k)
    ages = np.full(total, ENTRY_AGE_MONTHS, dtype=np.int32)
    add_people(eng.people, u, eng.scenario, eng.streams.generator("cohort", eng.t), unit, ages, eng.t)
    eng.counters.add("entrants", total)


def life_course(eng: Engine) -> None:
    """Youth Union membership ends past ``pipeline.youth_union_max_age`` (30) and students
    finish their studies at ``pipeline.student_max_age`` (they take other occupations: farm
    or informal work in communes, other elsewhere). Checked for each person every
    ``review_months`` months; only the people due (:mod:`partysim.model.life_course_queue`)
    are looked at."""
    p, q = eng.people, eng.life_course_queue
    q.file_new(eng.t, p.n, p.youth_union, p.occ, p.birth)
    idx = q.pop(eng.t)
    idx = idx[p.alive[idx]]
    if len(idx) == 0:
        return
    age = eng.age(idx)
    youth_limit, student_limit = q.limits
    p.youth_union[idx[p.youth_union[idx] & (age >= youth_limit)]] = False
    done = idx[(p.occ[idx] == P.STUDENT) & (age >= student_limit)]
    p.occ[done] = np.where(eng.unit_residential[p.unit[done]], P.FARM, P.OTHER).astype(np.int8)
