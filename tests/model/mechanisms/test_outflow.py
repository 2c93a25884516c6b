"""The member outflow mechanism: members working away drop out more; the handbook keeps them."""

from partysim.analysis.runner import run_replication


def test_members_working_away_drop_out_more(tiny):
    sc = tiny.model_copy(deep=True)
    sc.population.member_away_share = 0.4
    sc.outflow.away_factor = 20.0
    sc2 = sc.model_copy(deep=True)
    sc2.levers.e_handbook = 1.0
    sc2.effects.e_handbook = 0.9
    a = sum(run_replication(sc, r).annual.removals.sum() for r in range(3))
    b = sum(run_replication(sc2, r).annual.removals.sum() for r in range(3))
    assert b < a
