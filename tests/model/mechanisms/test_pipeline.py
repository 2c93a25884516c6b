"""The pipeline mechanism: eligibility ages, class seats, remedial schooling, certificates, probation."""

import numpy as np

from partysim.model import people as P
from partysim.model.engine import Engine
from partysim.analysis.runner import run_replication



def test_nobody_admitted_outside_18_to_60(tiny):
    eng = Engine(tiny)
    for _ in range(24):
        before = eng.people.view("stage").copy()
        eng.step()
        st = eng.people.view("stage")
        new = np.flatnonzero((st[: len(before)] == P.PROBATION) & (before != P.PROBATION))
        age = (eng.t - 1) - eng.people.birth[new].astype(int)
        assert ((age >= 18 * 12) & (age < 60 * 12)).all()

def test_probation_lasts_twelve_months(tiny):
    eng = Engine(tiny)
    admitted_at = {}
    recognised_after = []
    for _ in range(24):
        before = eng.people.view("stage").copy()
        eng.step()
        st = eng.people.view("stage")[: len(before)]
        for i in np.flatnonzero((st == P.PROBATION) & (before == P.APPROVAL)):
            admitted_at[i] = eng.t - 1
        for i in np.flatnonzero((st == P.FULL) & (before == P.PROBATION)):
            if i in admitted_at:
                recognised_after.append(eng.t - 1 - admitted_at[i])
    assert recognised_after and set(recognised_after) == {12}

def test_class_seats_cap_class_entries(tiny):
    sc = tiny.model_copy(deep=True)
    sc.levers.classes_per_year = 2.0
    sc.levers.seats_per_class = 5.0
    sc.pipeline.identification_rate = 0.1
    t = run_replication(sc, 0)
    assert t.monthly.class_entries.max() <= 5
    assert t.annual.class_entries.max() <= 10

def test_remedial_classes_make_adults_eligible(tiny):
    sc = tiny.model_copy(deep=True)
    sc.levers.remedial_per_year = 120.0
    t = run_replication(sc, 0)
    assert t.annual.remedial_passed.sum() > 0.5 * 240 * sc.pipeline.remedial_pass

def test_certificate_expires_after_60_months(tiny):
    sc = tiny.model_copy(deep=True)
    eng = Engine(sc)
    p = eng.people
    # a certified candidate whose certificate is 61 months old goes back to the source list
    i = int(np.flatnonzero((p.view("stage") == P.NONE) & p.view("alive"))[0])
    p.stage[i], p.cert[i], p.due[i] = P.CERTIFIED, -61, 0
    sc.pipeline.dossier_start_months = 0.5
    eng.step()
    assert p.stage[i] in (P.SOURCE, P.CLASS)
    assert eng.loss_total[P.CERTIFIED, 2] >= 1  # 'expired'
