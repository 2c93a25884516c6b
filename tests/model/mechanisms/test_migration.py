"""The migration mechanism: no leaving means no emigrants; more leaving, fewer admissions."""

from partysim.analysis.runner import run_replication


def test_no_migration_means_no_emigrants_from_communes(tiny):
    sc = tiny.model_copy(deep=True)
    sc.migration.leave_rate = [0.0] * 5
    sc.employment.turnover_non_state = 0.0
    sc.employment.turnover_state = 0.0
    t = run_replication(sc, 0)
    assert t.annual.emigrants.sum() == 0
    assert t.funnel.lost_migration.sum() == 0


def test_more_youth_leaving_means_fewer_admissions(tiny):
    low = tiny.model_copy(deep=True)
    high = tiny.model_copy(deep=True)
    high.migration.leave_rate = [0.3, 0.5, 0.4, 0.1, 0.05]
    a = sum(run_replication(low, r).annual.admissions.sum() for r in range(3))
    b = sum(run_replication(high, r).annual.admissions.sum() for r in range(3))
    assert b < a
