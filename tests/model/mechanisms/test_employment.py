"""The employment mechanism: new party organisations only where owners cooperate."""

from partysim.model.engine import Engine
from partysim.model.mechanisms.employment import cooperating


def test_new_party_orgs_are_founded_only_where_owners_cooperate(tiny):
    sc = tiny.model_copy(deep=True)
    sc.levers.new_party_orgs_per_year = 12.0
    eng = Engine(sc)
    before = eng.units.has_party.copy()
    eng.run()
    founded = eng.units.has_party & ~before
    assert founded.any()
    assert cooperating(eng)[founded].all()
    assert eng.units.non_state[founded].all()
