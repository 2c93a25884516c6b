"""The preview's verdict over parameter uncertainty by flow-model ratios
(:mod:`partysim.analysis.quick_uncertainty`)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partysim.analysis import runner
from partysim.analysis.flow_inputs import vote_chance_at
from partysim.analysis.flow_model import run_flow
from partysim.analysis.honest import ParameterUncertainty, set_effects, shifted_ensemble
from partysim.analysis.preview import plan_sample, run_preview, sample_scenario
from partysim.analysis.quick_uncertainty import flow_effects, judge_quick, not_served, quick_inputs
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import load_scenario

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"

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


def test_the_flow_model_follows_a_sets_vote_pass(tiny, preview):
    plan = plan_sample(tiny)
    inputs = quick_inputs(tiny, plan, preview.seed)
    own = float(tiny.pipeline.vote_pass)
    # the build's cells give back the build's own chance at the build's vote_pass
    rebuilt = vote_chance_at(replace(inputs, vote_pass=-1.0), own)
    assert np.allclose(rebuilt, inputs.vote_chance, atol=1e-5)
    low = vote_chance_at(inputs, 0.6)
    can = inputs.vote_chance > 0
    assert (low[can] < inputs.vote_chance[can] - 0.05).all()
    sets = pd.DataFrame({"pipeline.vote_pass": [0.6]})
    assert (flow_effects(tiny, sets, preview.seed)["admissions"] < 0.95).all()


def _spun_up(tmp_path) -> Path:
    """tiny with its starting pipeline filled by a 3-year spin-up."""
    text = TINY.read_text(encoding="utf-8")
    text = re.sub(r"^pipeline_start:.*$", "pipeline_start: {method: spinup, spinup_years: 3}", text, flags=re.M)
    path = tmp_path / "tiny_spinup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_flow_spinup_moves_the_first_year_as_the_simulation_does(tmp_path):
    """A set with a third of the identification rate starts with a smaller pipeline in the
    simulation (its own spin-up): the first year's admissions ratio of the quick route lies
    within the flow model's 5% plus 3 standard errors of the simulation's; without the flow
    spin-up (every set from the scenario's own pipeline) it does not."""
    sc = load_scenario(_spun_up(tmp_path))
    values = {"pipeline.identification_rate": sc.pipeline.identification_rate * 0.3}
    n = 20
    a = runner.run(sc, replications=n, progress=False).annual
    b = runner.run(sc.with_values(values), replications=n, progress=False).annual
    first = int(a["year"].min())
    xa = a.loc[a["year"] == first, "admissions"].to_numpy(float)
    xb = b.loc[b["year"] == first, "admissions"].to_numpy(float)
    sim = xb.mean() / xa.mean()
    se = sim * np.hypot(xa.std(ddof=1) / np.sqrt(n) / xa.mean(), xb.std(ddof=1) / np.sqrt(n) / xb.mean())
    sets = pd.DataFrame([values])
    spun = flow_effects(sc, sets, sc.seed)["admissions"].xs(first, level="year").iloc[0]
    flat = flow_effects(sc, sets, sc.seed, spinup=False)["admissions"].xs(first, level="year").iloc[0]
    window = 0.05 * sim + 3 * se
    assert abs(spun - sim) < window, (spun, sim, se)
    assert abs(flat - sim) > window, (flat, sim, se)
    # a set at the scenario's own values: its own spin-up is the scenario's, every ratio 1
    own = pd.DataFrame({"pipeline.identification_rate": [sc.pipeline.identification_rate]})
    assert np.array_equal(flow_effects(sc, own, sc.seed)["admissions"].to_numpy(), np.ones(2))
