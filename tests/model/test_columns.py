"""One table of columns: every column of every result table is declared with its kind."""

import typing

from partysim.model.columns import ANNUAL_FLOWS, BY_NAME, COMPOSITION_GROUPS, FLOWS, GROUP_COLUMN, is_scaled
from partysim.model.counters import Counters
from partysim.scenario.groups import GROUPS
from partysim.scenario.targets import Target


def test_every_table_column_is_declared(tiny_results):
    for table in (tiny_results.monthly, tiny_results.annual, tiny_results.funnel, tiny_results.by_node):
        missing = [c for c in table.columns if c not in BY_NAME]
        assert not missing, missing


def test_engine_counts_exactly_the_declared_flows(tiny):
    assert tuple(Counters(1, 1).flows) == FLOWS


def test_annual_table_sums_the_annual_flows(tiny_results):
    monthly, annual = tiny_results.monthly, tiny_results.annual
    for f in ANNUAL_FLOWS:
        by_year = monthly.groupby(["replication", "year"])[f].sum().to_numpy()
        assert (annual.sort_values(["replication", "year"])[f].to_numpy() == by_year).all(), f


def test_kinds_decide_scaling():
    assert is_scaled("admissions") and is_scaled("members") and is_scaled("quota")
    assert not is_scaled("admission_rate") and not is_scaled("go_quota_met_share") and not is_scaled("year")


def test_composition_groups_match_what_a_target_can_name():
    (literal,) = [a for a in typing.get_args(Target.model_fields["group"].annotation) if a is not type(None)]
    assert set(typing.get_args(literal)) == set(COMPOSITION_GROUPS) == set(GROUPS)
    assert all(GROUP_COLUMN[g] in FLOWS for g in COMPOSITION_GROUPS)
