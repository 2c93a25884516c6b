"""Priors of the estimated parameters: triangular on the plausible range, mode at the
scenario's value; rules, levers and lists never varied; seeded quasi-random draws."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import partysim
from partysim.analysis.priors import INFLUENTIAL, Prior, PriorError, default_paths, draw, parameter_sets, priors
from partysim.scenario.parameters import iter_params

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def ninh_binh() -> partysim.Scenario:
    return partysim.load_scenario(SCENARIOS / "ninh_binh_2023.yaml")


def test_default_list_is_calibration_effects_and_influential(ninh_binh):
    paths = default_paths(ninh_binh)
    info = {p.path: p for p in iter_params(ninh_binh)}
    assert paths[0] == ninh_binh.calibration.parameters[0] == "pipeline.identification_rate"
    assert {p for p in info if p.startswith("effects.")} <= set(paths)
    assert set(INFLUENTIAL) <= set(paths)
    assert len(paths) == len(set(paths))
    assert all(info[p].estimate for p in paths)


def test_prior_respects_range_and_mode(ninh_binh):
    ps = priors(ninh_binh)
    sets = draw(ps, 256, seed=3)
    assert list(sets.columns) == [p.path for p in ps] and sets.index.name == "set"
    info = {p.path: p for p in iter_params(ninh_binh)}
    for p in ps:
        assert (p.lo, p.mode, p.hi) == (info[p.path].lo, info[p.path].value, info[p.path].hi)
        col = sets[p.path]
        assert col.min() >= p.lo and col.max() <= p.hi, p.path
        # the mode is the most likely value: the middle of the draws leans towards it
        assert abs(col.median() - p.mode) < abs(col.median() - (p.lo + p.hi - p.mode)) + 1e-9, p.path


def test_draws_are_triangular():
    p = Prior("pipeline.identification_rate", 0.0, 0.0112, 0.2, "per year", "", "")
    x = draw([p], 512, seed=1)[p.path].to_numpy()
    c = (p.mode - p.lo) / (p.hi - p.lo)
    assert stats.kstest(x, stats.triang(c, loc=p.lo, scale=p.hi - p.lo).cdf).pvalue > 0.05
    assert x.mean() == pytest.approx(p.mean(), rel=0.03)
    lhs = draw([p], 512, seed=1, method="lhs")[p.path].to_numpy()
    assert stats.kstest(lhs, stats.triang(c, loc=p.lo, scale=p.hi - p.lo).cdf).pvalue > 0.05


def test_ppf_ends_and_one_sided_triangle():
    p = Prior("x", 1.0, 1.0, 5.0, "months", "", "")
    assert p.ppf(0.0) == pytest.approx(1.0) and p.ppf(1.0) == pytest.approx(5.0)
    assert np.all(np.diff(p.ppf(np.linspace(0, 1, 50))) >= 0)


def test_fixed_list_unknown_and_one_value_parameters_are_never_varied(ninh_binh):
    for path, words in [
        ("pipeline.probation_months", "fixed by rule"),
        ("levers.classes_per_year", "fixed by rule"),
        ("migration.leave_rate", "no such parameter"),
        ("pipeline.nope", "no such parameter"),
    ]:
        with pytest.raises(PriorError, match=words):
            priors(ninh_binh, [path])
    fixed = {p.path for p in iter_params(ninh_binh) if not p.estimate}
    assert not fixed & set(default_paths(ninh_binh))


def test_whole_number_parameters_are_drawn_whole(ninh_binh):
    ps = priors(ninh_binh, ["outflow.exemption_age", "employment.new_party_org_members"])
    assert all(p.whole for p in ps)
    sets = draw(ps, 64, seed=2)
    assert np.all(sets.to_numpy() == np.round(sets.to_numpy()))
    ninh_binh.with_values(sets.iloc[0].to_dict())  # valid values


def test_same_seed_same_sets_and_chosen_paths(tiny):
    a = parameter_sets(tiny, 10, seed=4, paths=["pipeline.willingness_youth", "pipeline.identification_rate"])
    b = parameter_sets(tiny, 10, seed=4, paths=["pipeline.willingness_youth", "pipeline.identification_rate"])
    assert a.equals(b) and list(a.columns) == ["pipeline.willingness_youth", "pipeline.identification_rate"]
    assert not a.equals(parameter_sets(tiny, 10, seed=5, paths=list(a.columns)))
    with pytest.raises(ValueError):
        draw(priors(tiny, list(a.columns)), 0)


def test_a_composition_target_varies_its_groups_factors(tiny):
    from partysim.analysis.priors import GROUP_PARAMETERS, default_paths
    from partysim.scenario.groups import GROUPS

    assert set(GROUP_PARAMETERS) == set(GROUPS)
    without = default_paths(tiny.with_values({"targets": []}))
    assert not any(p.startswith("composition.") for p in without)
    with_target = default_paths(
        tiny.with_values({"targets": [{"name": "w", "kind": "composition", "group": "women", "threshold": 0.4}]})
    )
    assert set(GROUP_PARAMETERS["women"]) <= set(with_target)
