"""Preview mode: a weighted sample of the territory, scaled back to full scale."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.analysis import preview as sampling
from partysim.analysis.preview import plan_sample, run_preview, sample_scenario, scale_results, territory_people

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def ninh_binh() -> partysim.Scenario:
    return partysim.load_scenario(SCENARIOS / "ninh_binh_2023.yaml")


def _quarter(sc: partysim.Scenario) -> partysim.Scenario:
    """Ninh Bình at a quarter of its size (~190,000 people): cheap enough to run in full."""
    d = sc.model_dump()
    for u in d["territory"]["units"]:
        u["count"] = max(1, round(u["count"] / 4))
    for k in sampling.ABSOLUTE_LEVERS:
        d["levers"][k] = d["levers"][k] / 4
    return partysim.Scenario.model_validate(d)


def test_sample_keeps_every_template_and_scales_levers(ninh_binh):
    sample, weight = sample_scenario(ninh_binh, 0.05)
    full_units, units = ninh_binh.territory.units, sample.territory.units
    assert [u.name for u in units] == [u.name for u in full_units]
    assert all(1 <= u.count <= f.count for u, f in zip(units, full_units))
    assert weight == pytest.approx(sum(u.count * u.people for u in full_units) / sum(u.count * u.people for u in units))
    lv, flv = sample.levers, ninh_binh.levers
    for name in ("remedial_per_year", "new_party_orgs_per_year"):
        assert getattr(lv, name) == pytest.approx(getattr(flv, name) / weight)
    # class capacity (classes x seats) shrinks by the same fraction, classes stay monthly
    assert lv.classes_per_year * lv.seats_per_class == pytest.approx(
        flv.classes_per_year * flv.seats_per_class / weight
    )
    assert lv.classes_per_year >= 12
    # members are raked to the same weight
    members = lambda s: sum(u.count * u.members for u in s.territory.units)  # noqa: E731
    assert members(sample) * weight == pytest.approx(members(ninh_binh), rel=0.01)
    # everything else untouched
    assert sample.review_months == ninh_binh.review_months
    assert sample.pipeline == ninh_binh.pipeline and sample.targets == ninh_binh.targets


def test_schedules_scale_every_value(tiny):
    d = tiny.model_dump()
    d["territory"]["units"][0]["count"] = 40
    d["levers"]["remedial_per_year"] = {"2022": 40.0, "2023-07": 80.0}
    d["levers"]["classes_per_year"] = {"2022": 24.0, "2023": 36.0}
    sc = partysim.Scenario.model_validate(d)
    sample, w = sample_scenario(sc, 0.1)
    assert w > 1
    assert sample.levers.remedial_per_year == pytest.approx({"2022": 40 / w, "2023-07": 80 / w})
    cls, seats = sample.levers.classes_per_year, sample.levers.seats_per_class
    assert set(cls) == set(seats) == {"2022", "2023"}
    for period, n in (("2022", 24.0), ("2023", 36.0)):
        assert cls[period] * seats[period] == pytest.approx(n * 30 / w)


def test_small_territory_is_not_sampled(tiny):
    plan = plan_sample(tiny, 40_000)
    assert (plan.fraction, plan.weight) == (1.0, 1.0)
    sample, w = sample_scenario(tiny, 1.0)
    assert w == 1.0 and sample.model_dump() == tiny.model_dump()


def test_plan_respects_budget(ninh_binh):
    plan = plan_sample(ninh_binh, 40_000)
    assert plan.full_people == territory_people(ninh_binh)
    assert 25_000 <= plan.people <= 60_000
    assert plan.weight == pytest.approx(sample_scenario(ninh_binh, plan.fraction)[1])
    with pytest.raises(ValueError):
        plan_sample(ninh_binh, 0)


def test_scale_results_scales_counts_not_rates(tiny, tiny_results):
    scaled = scale_results(tiny_results, 10.0, tiny)
    a0, a1 = tiny_results.annual, scaled.annual
    for col in ("admissions", "members_start", "members_end", "net_growth", "identified"):
        np.testing.assert_allclose(a1[col], a0[col] * 10.0)
    for col in ("replication", "year", "months", "admission_rate", "go_quota_met_share"):
        pd.testing.assert_series_equal(a1[col], a0[col], check_dtype=False)
    np.testing.assert_allclose(scaled.monthly["members"], tiny_results.monthly["members"] * 10.0)
    np.testing.assert_allclose(scaled.monthly["month"], tiny_results.monthly["month"])
    np.testing.assert_allclose(scaled.funnel["entered"], tiny_results.funnel["entered"] * 10.0)
    # targets judged again: the absolute target now sees ten times the admissions
    by = {(t["name"], t["year"]): t for t in scaled.targets}
    for t in tiny_results.targets:
        s = by[(t["name"], t["year"])]
        if t["kind"] == "admissions":
            assert s["mean"] == pytest.approx(t["mean"] * 10.0)
        else:
            assert s["mean"] == pytest.approx(t["mean"])
    assert tiny_results.annual["admissions"].equals(a0["admissions"])  # input untouched


def test_preview_agrees_with_full_run(ninh_binh):
    """Weighted preview means agree with full-run means within four standard errors of
    their difference (from the spread across replications of each), plus 1.5% of the
    full mean for what spread cannot show (a small template kept at one copy).

    Class entries are set by capacity, not chance (no spread): whole classes are held
    when the yearly number accumulates to one, so any year of the sample or of the full
    run may hold one class more or fewer than the other. Their allowance is one class
    of the sample, at full scale."""
    sc = _quarter(ninh_binh)
    plan = plan_sample(sc)
    assert plan.weight > 3  # really a sample
    sample, weight = sample_scenario(sc, plan.fraction)
    one_class = sample.levers.seats_per_class * weight
    full = partysim.run(sc, replications=4, progress=False, sets=0)
    prev = run_preview(sc, replications=8)
    assert prev.replications == 8
    checks = []
    for col in ("admissions", "members_end", "identified", "class_entries", "recognitions"):
        for year in (2023, 2024, 2025):
            f = full.annual.loc[full.annual.year == year, col].to_numpy(float)
            p = prev.annual.loc[prev.annual.year == year, col].to_numpy(float)
            se = np.sqrt(f.var(ddof=1) / len(f) + p.var(ddof=1) / len(p))
            tol = 4 * se + 0.015 * abs(f.mean()) + (one_class if col == "class_entries" else 0.0)
            checks.append((col, year, f.mean(), p.mean(), tol))
            assert abs(p.mean() - f.mean()) <= tol, checks[-1]
    # admission rates are unchanged by scaling and agree too
    for year in (2023, 2024, 2025):
        f = full.annual.loc[full.annual.year == year, "admission_rate"]
        p = prev.annual.loc[prev.annual.year == year, "admission_rate"]
        assert abs(p.mean() - f.mean()) <= 4 * np.sqrt(f.var() / len(f) + p.var() / len(p)) + 0.015 * f.mean()
    fe = full.funnel.set_index("stage")["entered"]
    pe = prev.funnel.set_index("stage")["entered"]
    assert ((pe - fe).abs() <= 0.06 * fe + 30).all(), (fe, pe)
