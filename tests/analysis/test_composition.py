"""Composition targets name every group and are judged on its admissions column."""

from __future__ import annotations

import pytest

import partysim
from partysim.analysis.composition import group_funnel
from partysim.scenario.groups import GROUPS


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_can_be_a_target(tiny, group):
    sc = tiny.with_values(
        {"targets": [{"name": f"{group} 10%", "kind": "composition", "group": group, "threshold": 0.1}]}
    )
    res = partysim.run(sc, replications=2, progress=False, sets=0)
    rows = res.verdicts
    assert len(rows) and rows["mean"].between(0, 1).all()
    a = res.annual
    share = (a[f"adm_{group}"] / a["admissions"].where(a["admissions"] > 0)).fillna(0.0)
    by_year = share.groupby(a["year"]).mean()
    for _, r in rows.iterrows():
        assert r["mean"] == pytest.approx(by_year[r["year"]])


def test_group_funnel_reached_starts_at_one(tiny_results):
    f = group_funnel(tiny_results.funnel)
    first = f[f["stage"] == "identified"]
    assert set(first["group"]) == set(GROUPS)
    ok = first["entered"] > 0
    assert (first.loc[ok, "reached"] == 1.0).all()
    assert f["share_of_stage"].dropna().between(0, 1).all()
