"""Verdicts over parameter uncertainty (:mod:`partysim.analysis.honest`) and the split of
their spread (:mod:`partysim.analysis.spread`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.analysis import runner
from partysim.analysis.ensemble import run_ensemble
from partysim.analysis.honest import ParameterUncertainty, combined_runs, judge_with_uncertainty
from partysim.analysis.spread import driver_r2
from partysim.model.drivers import driver_paths, simulated_years
from partysim.scenario.parameters import iter_params

SMALL_BUDGET = 2_000
"""A budget of people small enough that tiny (about 4,600 people) takes the large
territories' route (each set's measured effect applied to the full replications)."""

PATHS = ("pipeline.identification_rate", "pipeline.willingness_youth")


@pytest.fixture(scope="module")
def plain(tiny):
    return runner.run(tiny, replications=6, progress=False)


def _value(sc, path):
    return next(p.value for p in iter_params(sc) if p.path == path)


def test_sets_at_the_scenarios_own_values_leave_every_verdict_unchanged(tiny, plain):
    own = pd.DataFrame([[_value(tiny, p) for p in PATHS]] * 3, columns=list(PATHS))
    u = ParameterUncertainty(replications=6, people_budget=SMALL_BUDGET, paths=PATHS)
    combined = combined_runs(tiny, plain, own, None, u)
    fixed = plain.verdicts.set_index(["name", "year"])
    got = combined.verdicts.set_index(["name", "year"])
    assert np.allclose(got["probability"], fixed["probability"])
    assert np.allclose(got["mean"], fixed["mean"])


def test_a_lower_identification_rate_scales_admissions_down_in_the_fast_route(tiny, plain):
    rate = _value(tiny, "pipeline.identification_rate")
    sets = pd.DataFrame({"pipeline.identification_rate": [rate, rate * 0.4]})
    u = ParameterUncertainty(people_budget=SMALL_BUDGET, paths=("pipeline.identification_rate",))
    combined = combined_runs(tiny, plain, sets, None, u)
    per_set = combined.annual.groupby(["set", "year"])["admissions"].mean().unstack("set")
    assert (per_set[1] < per_set[0]).all()
    assert np.allclose(per_set[0], plain.annual.groupby("year")["admissions"].mean())


def test_the_direct_route_is_the_full_ensemble_of_the_same_sets(tiny, plain):
    u = ParameterUncertainty(sets=6, paths=PATHS)
    res = judge_with_uncertainty(tiny, plain, u)
    assert res.uncertainty is not None and res.uncertainty["method"] == "parameter sets run at full scale"
    sets, _, _ = u.design(tiny, plain.seed)
    brute = run_ensemble(tiny, sets, 4, plain.seed)
    assert np.allclose(res.verdicts["probability"], brute.verdicts["probability"])
    assert np.allclose(res.verdicts["mean"], brute.verdicts["mean"])
    assert np.allclose(res.verdicts["probability_fixed"], plain.verdicts["probability"])


def test_pinned_parameters_are_not_varied(tiny):
    u = ParameterUncertainty(sets=4, pinned=("pipeline.identification_rate",))
    sets, weights, source = u.design(tiny, 1)
    assert "pipeline.identification_rate" not in sets.columns and len(sets.columns) > 0
    assert weights is None and source == "priors"


def test_no_sets_is_the_plain_run(tiny, plain):
    assert judge_with_uncertainty(tiny, plain, ParameterUncertainty(sets=0)) is plain
    assert plain.uncertainty is None and plain.fixed_verdicts is plain.verdicts


def test_the_shares_of_the_spread_add_up_and_the_parameters_weigh(tiny, plain):
    res = judge_with_uncertainty(tiny, plain, ParameterUncertainty(sets=8, paths=PATHS))
    v = res.verdicts
    total = v["parameter_share"] + v["driver_share"] + v["chance_share"]
    assert np.allclose(total.dropna(), 1.0)
    assert (v["parameter_share"].dropna() > 0).all()
    assert not v["driver_split"].any()  # tiny forecasts no driver


@pytest.fixture(scope="module")
def driven(tmp_path_factory, tiny_path):
    f = tmp_path_factory.mktemp("drivers") / "driven.yaml"
    f.write_text(
        f"extends: {tiny_path}\nname: driven\n"
        "drivers:\n  youth_population:\n    history: {2015: 100, 2016: 104, 2017: 99, 2018: 103, 2019: 101, 2020: 98, 2021: 102}\n",
        encoding="utf-8",
    )
    return partysim.load_scenario(f)


def test_the_drivers_share_finds_a_figure_made_of_the_driver_paths(driven):
    seed, year, reps = driven.seed, simulated_years(driven)[-1], np.arange(40)
    path = driver_paths(driven, seed)["youth_population"][reps, simulated_years(driven).index(year)]
    rng = np.random.default_rng(3)
    made_of_it = 50 * path + rng.normal(0, 0.1 * np.std(50 * path), len(reps))
    unrelated = rng.normal(size=len(reps))
    assert driver_r2(driven, made_of_it, reps, year, seed) > 0.9
    assert driver_r2(driven, unrelated, reps, year, seed) < 0.2


def test_too_few_replications_leave_the_drivers_share_unmeasured(driven):
    year = simulated_years(driven)[-1]
    assert driver_r2(driven, np.arange(4.0), np.arange(4), year, driven.seed) is None


def test_a_large_posterior_is_resampled_by_weight():
    from partysim.analysis.honest import resampled

    w = np.r_[np.zeros(50), np.linspace(1, 3, 150)]
    chosen, counts = resampled(w, 20, seed=4)
    assert counts.sum() == 20 and (w[chosen] > 0).all()
    # the resampled mean of an index-valued figure matches the weighted mean
    x = np.arange(len(w), dtype=float)
    assert abs(np.sum(counts * x[chosen]) / 20 - np.sum(w * x) / w.sum()) < 0.05 * np.ptp(x[w > 0])
    small, weights = resampled(w[:60], 20, seed=4)
    assert len(small) == 10 and np.allclose(weights, w[50:60])
