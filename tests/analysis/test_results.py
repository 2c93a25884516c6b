"""Result tables: the hierarchy table adds up; cell quotas are judged."""

import numpy as np

import partysim
from partysim.analysis.runner import run_replication


def test_node_table_adds_up_through_the_hierarchy(tiny):
    t = run_replication(tiny, 0)
    nodes = t.by_node
    for year, g in nodes.groupby("year"):
        by = g.set_index("node")
        total = t.annual.loc[t.annual.year == year, "admissions"].iloc[0]
        assert by.loc["Tiny", "admissions"] == total  # the province node is the whole territory
        templates = [u.name for u in tiny.territory.units]
        assert by.loc[templates, "admissions"].sum() == total
        assert (by["grassroots_met"] <= by["grassroots_judged"]).all()


def test_cell_quota_share(tiny):
    sc = tiny.model_copy(deep=True)
    for u in sc.territory.units:
        u.cell_quota = 10_000.0  # nobody can meet this
    a = run_replication(sc, 0).annual
    assert (a.cell_quota_met_share == 0).all()
    for u in sc.territory.units:
        u.cell_quota = 0.0  # no quota: nothing to judge
    assert run_replication(sc, 0).annual.cell_quota_met_share.isna().all()
    # the default shares the organisation's quota among its cells: a share between 0 and 1
    shares = run_replication(tiny, 0).annual.cell_quota_met_share
    assert ((shares >= 0) & (shares <= 1)).all()


def test_cell_quota_target_is_judged(tiny):
    sc = tiny.model_copy(deep=True)
    sc.targets = [partysim.scenario.schema.Target(name="cells", kind="cell_quota_share", threshold=0.0)]
    res = partysim.run(sc, replications=2, progress=False, sets=0)
    assert res.targets and all(t["probability"] == 1.0 for t in res.targets)
    assert np.isfinite([t["mean"] for t in res.targets]).all()


def test_cell_quota_target_in_the_report(tiny, tmp_path):
    from partysim.outputs.writer import write_outputs

    sc = tiny.model_copy(deep=True)
    sc.targets = [partysim.scenario.schema.Target(name="cells", kind="cell_quota_share", threshold=0.5)]
    res = partysim.run(sc, replications=2, progress=False, sets=0)
    write_outputs(sc, res, tmp_path, lang="vi")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "chi bộ" in text and "cells" in text
    assert (tmp_path / "by_node.csv").exists()


def test_prob_met_is_the_share_of_replications_meeting_the_target(tiny_results, tiny):
    target = tiny.targets[0]  # admissions >= 10
    annual = tiny_results.annual
    for year in sorted(annual.loc[annual.months == 12, "year"].unique()):
        values = annual.loc[annual.year == year, "admissions"].to_numpy()
        assert tiny_results.prob_met(target.name, int(year)) == np.mean(values >= target.threshold)


def test_prob_met_refuses_what_it_cannot_answer(tiny_results, tiny):
    import pytest

    with pytest.raises(KeyError):
        tiny_results.prob_met("no such target", 2022)
    with pytest.raises(KeyError):
        tiny_results.prob_met(tiny.targets[0].name, 1999)
    with pytest.raises(ValueError):
        tiny_results.prob_met(tiny.targets[0].name)  # judged in 2022 and 2023


def test_summary_and_frame(tiny_results, tiny):
    text = tiny_results.summary()
    assert all(t.name in text for t in tiny.targets) and "4 replications" in text
    frame = tiny_results.to_frame()
    assert list(frame.columns)[:4] == ["name", "kind", "group", "year"]
    frame.loc[:, "probability"] = -1
    assert (tiny_results.verdicts.probability >= 0).all()  # a copy
    assert tiny_results.targets[0]["name"] == tiny.targets[0].name


def test_preview_scales_every_table(tiny):
    from partysim.analysis.preview import scale_results

    res = partysim.run(tiny, replications=1, progress=False, sets=0)
    scaled = scale_results(res, 2.0, tiny)
    assert (scaled.by_node.admissions == 2 * res.by_node.admissions).all()
    assert (scaled.annual.admissions == 2 * res.annual.admissions).all()
    assert scaled.annual.admission_rate.equals(res.annual.admission_rate)
    assert (scaled.funnel.entered == 2 * res.funnel.entered).all()
