"""The pipeline mechanism: eligibility ages, class seats, remedial schooling, certificates, probation."""

import numpy as np

from partysim.analysis.runner import run_replication
from partysim.model import people as P
from partysim.model.engine import Engine


def test_nobody_voted_on_outside_18_to_60(tiny):
    """The age rule holds on the day the cell considers the case (the vote); the higher
    committee's approval follows within ``approval_months_max``, so a candidate voted on
    at 59 may be admitted at 60."""
    eng = Engine(tiny)
    wait = int(tiny.pipeline.approval_months_max)
    for _ in range(24):
        before = eng.people.view("stage").copy()
        eng.step()
        st = eng.people.view("stage")
        voted = np.flatnonzero((st[: len(before)] == P.APPROVAL) & (before != P.APPROVAL))
        age = (eng.t - 1) - eng.people.birth[voted].astype(int)
        assert ((age >= 18 * 12) & (age < 60 * 12)).all()
        new = np.flatnonzero((st[: len(before)] == P.PROBATION) & (before != P.PROBATION))
        age = (eng.t - 1) - eng.people.birth[new].astype(int)
        assert ((age >= 18 * 12) & (age < 60 * 12 + wait)).all()


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


def test_primary_school_qualifies_only_in_hardship_areas(tiny):
    """The exception covers units flagged hardship_area (default: mountain), not others."""
    from partysim.model.mechanisms.pipeline import schooling_ok

    flagged = tiny.with_values({"territory.units[0].hardship_area": True, "territory.units[1].hardship_area": False})
    for sc, expect in ((tiny, {0: False, 1: True}), (flagged, {0: True, 1: False})):
        eng = Engine(sc)
        p = eng.people
        primary = np.flatnonzero((p.view("school") == P.PRIMARY) & p.view("alive"))
        ok = schooling_ok(eng, primary)
        for template, want in expect.items():
            mine = eng.units.template[p.unit[primary]] == template
            assert mine.any() and (ok[mine] == want).all(), (template, want)


def _full_in_cell(eng):
    p = eng.people
    full = np.flatnonzero((p.view("stage") == P.FULL) & p.view("alive"))
    cells, counts = np.unique(p.cell[full], return_counts=True)
    return full, cells[np.argmax(counts)]


def test_vote_needs_two_thirds_of_the_cells_full_members(tiny):
    """Charter, Art. 4: with a third or more of the cell's full members away (and counted),
    the two thirds in favour cannot be reached; not counting them, the cell votes. The
    chance of carrying a case is the binomial chance that two thirds vote in favour."""
    from scipy.stats import binom

    from partysim.model.mechanisms.pipeline import vote_chances

    eng = Engine(tiny)
    full, cell = _full_in_cell(eng)
    p = eng.people
    mine = full[(p.cell[full] == cell) & (eng.age(full) < tiny.outflow.exemption_age * 12)]
    p.away[mine] = False
    n = len(mine)
    chance = vote_chances(eng)[cell]
    assert abs(chance - binom.sf(np.ceil(2 * n / 3) - 1, n, tiny.pipeline.vote_pass)) < 1e-9
    p.away[mine[: n // 3 + 1]] = True  # more than a third away: two thirds cannot be present
    eng.accumulators.pop("_vote_chances")
    assert vote_chances(eng)[cell] == 0.0
    eng.scenario = tiny.with_values({"pipeline.vote_away_counted": 0.0})
    eng.accumulators.pop("_vote_chances")
    assert vote_chances(eng)[cell] > 0.0


def test_introducers_must_have_known_the_applicant_twelve_months(tiny):
    """A certified candidate who came to the unit less than 12 months ago cannot start the
    dossier; one who came 12 months ago can."""
    sc = tiny.with_values(
        {"pipeline.dossier_start_months": 0.5, "pipeline.introducer_failure": 0.0, "pipeline.family_block": 0.0}
    )
    eng = Engine(sc)
    p = eng.people
    idx = np.flatnonzero((p.view("stage") == P.NONE) & p.view("alive") & ~p.view("away"))[:40]
    new, old = idx[:20], idx[20:]
    p.stage[idx], p.cert[idx], p.due[idx] = P.CERTIFIED, 0, 0
    p.joined[new], p.joined[old] = -6, -12
    for _ in range(3):
        eng.step()
    assert not (p.stage[new] >= P.VETTING).any()  # still waiting for introducers (or gone)
    assert (p.stage[old] >= P.VETTING).sum() >= 15


def test_seventeen_year_olds_are_identified_but_voted_on_only_at_18(tiny):
    sc = tiny.with_values({"pipeline.identification_rate": 0.2})
    eng = Engine(sc)
    seventeen = 0
    for _ in range(12):
        before = eng.people.view("stage").copy()
        eng.step()
        st = eng.people.view("stage")[: len(before)]
        new = np.flatnonzero((st == P.SOURCE) & (before == P.NONE))
        seventeen += int(np.count_nonzero((eng.age(new) - 1) < 18 * 12))
        voted = np.flatnonzero((st == P.APPROVAL) & (before == P.VOTE))
        assert ((eng.age(voted) - 1) >= 18 * 12).all()
    assert seventeen > 0
