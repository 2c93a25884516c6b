"""Ensembles over parameter uncertainty: K parameter sets x R replications with common
random numbers, verdicts integrated over both, the variance split, what matters, and
paired policy differences."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import partysim
from partysim.analysis.ensemble import paired_difference, run_ensemble
from partysim.analysis.ensemble_results import ENSEMBLE_VERDICT_COLUMNS
from partysim.analysis.priors import parameter_sets
from partysim.analysis.weighted import weighted_quantile
from partysim.scenario.loader import ScenarioError
from partysim.scenario.targets import Target

DRIVER = "pipeline.identification_rate"
IDLE = "effects.screening"  # the screening lever is off in tiny.yaml: its effect size cannot act
ADM = "≥ 10 a year"


@pytest.fixture(scope="module")
def two_params(tiny):
    """16 sets varying a parameter that drives admissions and one that cannot act, 3
    replications (with 8 the rule finder's answer depends on the draw: seed 1 finds no rule,
    seed 3 does)."""
    sets = parameter_sets(tiny, 16, seed=1, paths=[DRIVER, IDLE])
    return run_ensemble(tiny, sets, replications=3, seed=2)


def test_design_and_tables(two_params, tiny):
    ens = two_params
    assert ens.sets == 16 and ens.replications == 3 and ens.seed == 2
    assert list(ens.verdicts.columns) == list(ENSEMBLE_VERDICT_COLUMNS)
    assert len(ens.to_frame()) == len(partysim.run(tiny, replications=1, progress=False, sets=0).verdicts)
    table = ens.table()
    assert list(table.columns[:5]) == ["set", "replication", "year", DRIVER, IDLE]
    assert len(table) == 16 * 3 * 2 and table.groupby(["set", "replication"]).size().eq(2).all()
    assert "16 parameter sets x 3 replications" in ens.summary() and "16 sets" in repr(ens)


def test_common_random_numbers_across_sets(tiny):
    """A parameter that cannot act leaves every run unchanged: replication r is the same
    run under every set, and the parameters' share of the variance is exactly 0."""
    ens = run_ensemble(tiny, parameter_sets(tiny, 4, seed=1, paths=[IDLE]), replications=3, seed=2)
    runs = ens.annual.drop(columns="set")
    first = runs[ens.annual["set"] == 0].reset_index(drop=True)
    for k in range(1, 4):
        pd.testing.assert_frame_equal(runs[ens.annual["set"] == k].reset_index(drop=True), first)
    for variable in ("admissions", "members_end", ADM):
        split = ens.decompose(variable, 2023)
        assert split.parameters == 0.0 and split.parameter_share == pytest.approx(0.0, abs=1e-12)
        assert split.noise_share == pytest.approx(1.0)


def test_decompose_sees_a_parameter_that_matters(two_params, tiny):
    split = two_params.decompose("admissions", 2023)
    assert split.total == pytest.approx(split.parameters + split.noise)
    assert split.parameter_share > 0.5  # identification_rate moves admissions far more than chance
    # the check fails when the parameter matters: the same design on the driver alone
    alone = run_ensemble(tiny, parameter_sets(tiny, 4, seed=1, paths=[DRIVER]), replications=3, seed=2)
    assert alone.decompose("admissions", 2023).parameter_share > 0.5
    with pytest.raises(ValueError, match="2 replications"):
        run_ensemble(tiny, parameter_sets(tiny, 2, seed=1, paths=[DRIVER]), replications=1).decompose(
            "admissions", 2023
        )


def test_prob_met_is_the_weighted_share(tiny):
    sets = parameter_sets(tiny, 5, seed=3, paths=[DRIVER])
    weights = np.array([1.0, 2.0, 3.0, 0.5, 4.0])
    ens = run_ensemble(tiny, sets, replications=3, seed=2, weights=weights)
    a = ens.annual[ens.annual["year"] == 2023]
    per_set = (a["admissions"] >= 10).groupby(a["set"]).mean()
    w = weights / weights.sum()
    assert ens.prob_met(ADM, 2023) == pytest.approx(float(np.sum(w * per_set.to_numpy())))
    assert ens.to_frame().set_index(["name", "year"]).loc[(ADM, 2023), "mean"] == pytest.approx(
        float(np.sum(w * a.groupby("set")["admissions"].mean().to_numpy()))
    )
    lo, hi = ens.prob_met_interval(ADM, 2023)
    assert (lo, hi) == pytest.approx(tuple(weighted_quantile(per_set.to_numpy(), w, [0.1, 0.9])))
    table = ens.per_set(ADM, 2023)
    assert table["probability"].to_numpy() == pytest.approx(per_set.to_numpy())
    assert table["weight"].sum() == pytest.approx(1.0)


def test_one_set_judges_like_a_plain_run(tiny):
    sets = pd.DataFrame({DRIVER: [tiny.pipeline.identification_rate]})
    ens = run_ensemble(tiny, sets, replications=4, seed=9)
    plain = partysim.run(tiny, replications=4, seed=9, progress=False, sets=0).verdicts
    cols = ["probability", "mean", "p10", "p50", "p90", "expected_shortfall"]
    np.testing.assert_allclose(ens.verdicts[cols].to_numpy(float), plain[cols].to_numpy(float))
    assert ens.verdicts["prob_lo"].equals(ens.verdicts["prob_hi"])


def test_weighted_quantile_is_numpys_with_equal_weights():
    x = np.random.default_rng(0).normal(size=37)
    assert weighted_quantile(x, np.ones(37), [0.1, 0.5, 0.9]) == pytest.approx(np.percentile(x, [10, 50, 90]))


def test_preview_below_the_budget_is_the_full_run(tiny):
    sets = parameter_sets(tiny, 2, seed=1, paths=[DRIVER])
    full = run_ensemble(tiny, sets, replications=2, seed=2)
    quick = run_ensemble(tiny, sets, replications=2, seed=2, preview=True)
    assert quick.preview and quick.verdicts[["probability", "mean"]].equals(full.verdicts[["probability", "mean"]])


def test_rule_names_the_parameter_that_drives_the_target(two_params):
    """A constructed case: the target is set at the median of admissions, which only
    identification_rate moves; the rule and the ranking name it, never the idle one."""
    median = float(two_params.values("admissions", 2023)["value"].median())
    target = Target(name="median", kind="admissions", threshold=median, years=[2023])
    ens = dataclasses.replace(two_params, targets=[target])
    wm = ens.what_matters("median")
    assert wm.top == DRIVER
    assert wm.importance.set_index("parameter").loc[IDLE, "strength"] < 0.5 * wm.importance["strength"].max()
    assert [c.path for c in wm.rule] == [DRIVER] and wm.rule[0].above
    assert wm.met_in_rule > wm.met_otherwise
    en, vi = wm.sentence("en"), wm.sentence("vi")
    assert "identification_rate ≥" in en and "screening" not in en
    assert "quần chúng ưu tú ≥" in vi and "đạt trong" in vi and "sàng lọc" not in vi
    assert "identification_rate" in wm.weighs_most("en")
    assert wm.as_dict("vi")["sentence"] == vi


def test_no_rule_when_nothing_can_explain(tiny):
    ens = run_ensemble(tiny, parameter_sets(tiny, 4, seed=1, paths=[IDLE]), replications=3, seed=2)
    wm = ens.what_matters("youth ≥ 50%", 2023)
    assert wm.rule == () and wm.top is None
    assert "no simple rule" in wm.sentence("en") or "whatever" in wm.sentence("en")


def test_pairing_shrinks_the_spread(tiny):
    """Policy minus base run by run (same set, same replication) against the same policy
    run with other seeds: an F test on the variances of the differences."""
    sets = parameter_sets(tiny, 6, seed=1, paths=["pipeline.vetting_median_months"])
    policy_sc = tiny.with_values({"levers.local_jobs": 1.0})
    base = run_ensemble(tiny, sets, replications=4, seed=2)
    policy = run_ensemble(policy_sc, sets, replications=4, seed=2)
    other = run_ensemble(policy_sc, sets, replications=4, seed=1002)
    paired = paired_difference(base, policy, "members_end", 2023)
    both = base.values("members_end", 2023).merge(other.values("members_end", 2023), on=["set", "replication"])
    unpaired = (both["value_y"] - both["value_x"]).to_numpy()
    n = paired.runs
    assert n == len(unpaired) == 24
    f = unpaired.var() / max(paired.sd**2, 1e-12)
    assert stats.f.sf(f, n - 1, n - 1) < 0.001, (paired.sd, unpaired.std())
    assert paired.hi - paired.lo < np.quantile(unpaired, 0.9) - np.quantile(unpaired, 0.1)
    assert paired.sd < paired.unpaired_sd
    with pytest.raises(ValueError, match="not paired"):
        paired_difference(base, other, "members_end", 2023)
    with pytest.raises(ValueError, match="not paired"):
        paired_difference(base, run_ensemble(policy_sc, sets.iloc[:3], replications=4, seed=2), "members_end", 2023)


def test_bad_inputs(tiny):
    sets = parameter_sets(tiny, 3, seed=1, paths=[DRIVER])
    with pytest.raises(ValueError, match="weights"):
        run_ensemble(tiny, sets, 2, weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="replications"):
        run_ensemble(tiny, sets, 0)
    with pytest.raises(ValueError, match="parameter_sets"):
        run_ensemble(tiny, sets.iloc[:0], 2)
    with pytest.raises(ScenarioError):
        run_ensemble(tiny, pd.DataFrame({DRIVER: [0.5]}), 1)
    ens = run_ensemble(tiny, sets, 2)
    with pytest.raises(KeyError):
        ens.prob_met("no such target", 2023)
    with pytest.raises(ValueError, match="give year"):
        ens.prob_met(ADM)
    with pytest.raises(KeyError):
        ens.values("not_a_column", 2023)


def test_importance_names_no_parameter_by_chance():
    """24 parameters over 8 sets: chance correlations are large, none may be named; a real
    driver among them is named once there are enough sets for a regression."""
    from partysim.analysis.importance import importance

    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.uniform(size=(8, 24)), columns=[f"p{i}" for i in range(24)])
    table, r2 = importance(x, rng.normal(size=8), np.ones(8))
    assert table["strength"].max() > 0.5 and not table["matters"].any() and np.isnan(r2)
    x = pd.DataFrame(rng.uniform(size=(40, 24)), columns=[f"p{i}" for i in range(24)])
    y = 3 * x["p7"].to_numpy() + rng.normal(scale=0.3, size=40)
    table, r2 = importance(x, y, np.ones(40))
    assert table["parameter"].iloc[0] == "p7" and table["matters"].iloc[0] and table["matters"].sum() <= 2
    assert r2 > 0.8


def test_collect_runs_gathers_each_sets_own_run(tiny):
    """The collector behind run_ensemble and holdout_over_sets: set k's rows of the annual,
    monthly and by-node tables are the plain run of the scenario with set k's values."""
    from partysim.analysis import runner
    from partysim.analysis.ensemble import collect_runs

    sets = parameter_sets(tiny, 2, seed=1, paths=[DRIVER])
    done = []
    runs = collect_runs(tiny, sets, 2, 7, progress=lambda k, n: done.append((k, n)))
    assert done == [(1, 2), (2, 2)]
    for k, value in enumerate(sets[DRIVER]):
        own = runner.run(tiny.with_values({DRIVER: float(value)}), replications=2, seed=7, progress=False)
        for name in ("annual", "monthly", "by_node"):
            table = getattr(runs, name)
            assert table.columns[0] == "set"
            mine = table[table["set"] == k].drop(columns="set").reset_index(drop=True)
            pd.testing.assert_frame_equal(mine, getattr(own, name).reset_index(drop=True))
    ens = run_ensemble(tiny, sets, replications=2, seed=7)
    pd.testing.assert_frame_equal(ens.annual, runs.annual)
