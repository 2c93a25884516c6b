"""The demography mechanism: deaths follow mortality, candidates age out at the limit,
youths enter at 16 at the cohort rate."""

import numpy as np

from partysim.analysis.runner import run_replication
from partysim.model import people as P
from partysim.model.engine import Engine
from partysim.scenario.ages import ENTRY_AGE_MONTHS


def test_no_mortality_means_no_deaths(tiny):
    sc = tiny.model_copy(deep=True)
    sc.demography.mortality = [0.0] * len(sc.demography.mortality)
    t = run_replication(sc, 0)
    assert t.annual.deaths.sum() == 0
    assert t.funnel.lost_death.sum() == 0
    # and the default mortality does kill members over two years (the check can fail)
    assert sum(run_replication(tiny, r).annual.deaths.sum() for r in range(3)) > 0


def test_no_candidate_stays_in_the_pipeline_past_the_age_limit(tiny):
    eng = Engine(tiny)
    limit = int(tiny.demography.eligibility_max_age * 12)
    for _ in range(13):
        eng.step()
        st = eng.people.view("stage")
        cand = np.flatnonzero((st >= P.SOURCE) & (st <= P.VOTE))
        assert (eng.age(cand) - 1 < limit).all()  # ages as of the month just run (t moved on)


def test_youths_enter_at_16_at_the_cohort_rate(tiny):
    eng = Engine(tiny)
    n0 = eng.people.n
    eng.run(12)
    new = np.arange(n0, eng.people.n)
    entrants = sum(r["entrants"] for r in eng.records)
    residential = eng.units.size[eng.unit_residential].sum()
    # the yearly cohort is the rate times the residential units' size, up to rounding per unit
    assert entrants > 0
    assert abs(entrants - residential * tiny.population.cohort_rate) <= eng.units.n
    born = eng.people.birth[new].astype(int)
    entered = born + ENTRY_AGE_MONTHS  # month of entry
    assert ((entered >= 0) & (entered < 12)).sum() >= entrants * 0.9


def test_youth_union_ends_at_30_and_students_finish(tiny):
    sc = tiny.with_values({"review_months": 1})
    eng = Engine(sc)
    eng.run(13)
    p = eng.people
    alive = np.flatnonzero(p.view("alive"))
    age = eng.age(alive) - 1  # as of the month just run
    assert not (p.youth_union[alive] & (age >= 31 * 12)).any()
    assert not ((p.occ[alive] == P.STUDENT) & (age >= int(sc.pipeline.student_max_age * 12))).any()
    assert (p.youth_union[alive] & (age >= 25 * 12)).any()  # the check is not empty
