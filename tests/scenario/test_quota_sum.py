"""Grassroots quotas against the territory's quota (partysim.scenario.quota_sum)."""

from __future__ import annotations

from partysim.scenario.quota_sum import declared_grassroots, quota_mismatches, unit_quota_total
from partysim.scenario.schema import load_scenario


def test_tiny_quotas_and_the_mismatch(tiny_path):
    sc = load_scenario(tiny_path)
    # tiny.yaml by hand: 2 communes x quota 4, 1 commune x 2, factories: round(6 x 0.5) = 3 with a party org x 1
    assert [declared_grassroots(t) for t in sc.territory.units] == [2, 1, 3]
    assert unit_quota_total(sc) == 13
    (m,) = quota_mismatches(sc)
    assert (m.threshold, m.unit_total) == (10, 13)


def test_no_warning_when_they_add_up_or_no_quota(tiny_path):
    sc = load_scenario(tiny_path)
    assert quota_mismatches(sc.with_values({"targets[0].threshold": 13})) == []
    no_quota = {f"territory.units[{i}].quota": 0 for i in range(3)}
    assert quota_mismatches(sc.with_values(no_quota)) == []


def test_grassroots_per_unit_multiply(tiny_path):
    sc = load_scenario(tiny_path).with_values({"territory.units[0].grassroots": 3})
    assert declared_grassroots(sc.territory.units[0]) == 6
