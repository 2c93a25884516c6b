"""The preview's verdict over parameter uncertainty by flow-model ratios
(:mod:`partysim.analysis.quick_uncertainty`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partysim.analysis.flow_model import run_flow
from partysim.analysis.honest import ParameterUncertainty, set_effects, shifted_ensemble
from partysim.analysis.preview import plan_sample, run_preview, sample_scenario
from partysim.analysis.quick_uncertainty import flow_effects, judge_quick, not_served, quick_inputs
from partysim.scenario.parameters import iter_params

PATHS = ("pipeline.identification_rate", "pipeline.willingness_youth")


@pytest.fixture(scope="module")
def preview(tiny):
    return run_preview(tiny, replications=4)


def _value(sc, path):
    return next(p.value for p in iter_params(sc) if p.path == path)


def _posterior(sets: pd.DataFrame) -> ParameterUncertainty:
    """The uncertainty whose design is exactly ``sets`` (equal weights)."""
    return ParameterUncertainty(sets=len(sets), posterior=(sets, np.ones(len(sets))))


def test_sets_at_the_scenarios_own_values_give_the_fixed_verdict(tiny, preview):
    own = pd.DataFrame([[_value(tiny, p) for p in PATHS]] * 3, columns=list(PATHS))
    res = judge_quick(tiny, preview, _posterior(own))
    got = res.verdicts.set_index(["name", "year"])
    fixed = preview.verdicts.set_index(["name", "year"]).loc[got.index]
    assert np.allclose(got["probability"], fixed["probability"])
    assert np.allclose(got["probability"], got["probability_fixed"])
    assert np.allclose(got["mean"], fixed["mean"])
    assert res.uncertainty["method"].startswith("flow-model ratios")


def test_a_lower_identification_rate_lowers_admissions_as_the_flow_model_says(tiny, preview):
    rate = _value(tiny, "pipeline.identification_rate")
    sets = pd.DataFrame({"pipeline.identification_rate": [rate * 0.5]})
    res = judge_quick(tiny, preview, _posterior(sets))
    # the flow model's own answer, one set, from the same starting state
    plan = plan_sample(tiny)
    inputs = quick_inputs(tiny, plan, preview.seed)
    sample, _ = sample_scenario(tiny, plan.fraction)
    low = run_flow(sample.with_values({"pipeline.identification_rate": rate * 0.5}), inputs).annual
    base = run_flow(sample, inputs).annual
    ratio = (low["admissions"] / base["admissions"]).to_numpy()
    assert (ratio < 0.95).all()  # halving identification lowers admissions every year
    moved = res.ensemble.annual.groupby("year")["admissions"].mean().to_numpy()
    plain = preview.annual.groupby("year")["admissions"].mean().to_numpy()
    assert np.allclose(moved / plain, ratio, rtol=1e-9)


def test_the_ratio_route_is_the_combined_runs_of_ratios_computed_one_set_at_a_time(tiny, preview):
    u = ParameterUncertainty(sets=4, paths=PATHS)
    res = judge_quick(tiny, preview, u)
    sets, weights, _ = u.design(tiny, preview.seed)
    one_by_one = pd.concat(
        [
            flow_effects(tiny, sets.iloc[[k]].reset_index(drop=True), preview.seed).rename(index={0: k}, level="set")
            for k in range(len(sets))
        ]
    )
    # group columns move with their total (the flow model has no groups)
    for col in [c for c in preview.annual.columns if c.startswith("adm_")]:
        one_by_one[col] = one_by_one["admissions"]
    expected = shifted_ensemble(tiny, preview, one_by_one, sets, weights, True)
    figures = ["admissions", "admission_rate", "members_end", "net_growth", "adm_youth"]
    assert np.allclose(res.ensemble.annual[figures], expected.annual[figures], rtol=1e-12)
    assert np.allclose(res.verdicts["probability"], expected.verdicts["probability"])


def test_the_flow_effects_are_the_set_effects_of_the_flow_runs(tiny, preview):
    rate = _value(tiny, "pipeline.identification_rate")
    sets = pd.DataFrame({"pipeline.identification_rate": [rate * 0.7, rate * 1.3]})
    eff = flow_effects(tiny, sets, preview.seed)
    plan = plan_sample(tiny)
    inputs = quick_inputs(tiny, plan, preview.seed)
    sample, _ = sample_scenario(tiny, plan.fraction)
    base = run_flow(sample, inputs).annual.assign(replication=0)
    runs = [
        run_flow(sample.with_values({"pipeline.identification_rate": v}), inputs).annual.assign(set=k, replication=0)
        for k, v in enumerate(sets["pipeline.identification_rate"])
    ]
    ref = set_effects(base, pd.concat(runs, ignore_index=True))
    assert np.allclose(eff["admissions"], ref["admissions"], rtol=1e-12)
    adm = eff["admissions"].unstack("set")
    assert (adm[0] < 1).all() and (adm[1] > 1).all()


def test_composition_targets_are_named_as_not_served_and_keep_their_share(tiny, preview):
    rate = _value(tiny, "pipeline.identification_rate")
    res = judge_quick(tiny, preview, _posterior(pd.DataFrame({"pipeline.identification_rate": [rate * 0.5]})))
    assert res.uncertainty["not_served"] == not_served(tiny) == ["youth ≥ 50%"]
    a = res.ensemble.annual
    b = preview.annual
    share = (a["adm_youth"] / a["admissions"]).to_numpy()
    assert np.allclose(share, (b["adm_youth"] / b["admissions"]).to_numpy(), equal_nan=True)
