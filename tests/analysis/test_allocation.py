"""Splitting a quota (partysim.analysis.allocation): quotas add up exactly, equal-probability
quotas are met about equally often on independent runs, rule source is proportional, and the
per-GO outcomes agree with the run's own tables."""

from __future__ import annotations

import numpy as np
import pytest

from partysim.analysis.allocation import RULES, allocate, allocate_outcomes, continuous_quota, survival
from partysim.analysis.allocation_runs import full_years, simulate_units
from partysim.analysis.runner import run
from partysim.scenario.schema import load_scenario

YEAR = 2023
# more copies of each tiny template, so every template has several GOs to share a quota among
BIGGER = {"territory.units[0].count": 20, "territory.units[1].count": 10, "territory.units[2].count": 40}


@pytest.fixture(scope="module")
def scenario(tiny_path):
    return load_scenario(tiny_path).with_values(BIGGER)


@pytest.fixture(scope="module")
def runs_a(scenario):
    return simulate_units(scenario, YEAR, replications=24, seed=1)


@pytest.fixture(scope="module")
def runs_b(scenario):
    """Independent runs: another seed."""
    return simulate_units(scenario, YEAR, replications=24, seed=2)


def _mean_total(outcomes) -> float:
    """Mean admissions of all GOs in the year, per run, in the full territory."""
    return float(sum(n * a.mean() for n, a in zip(outcomes.go_count, outcomes.admissions)))


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("share", [0.003, 0.4, 1.0, 1.7, 9.0])
def test_quotas_add_up_exactly(runs_a, rule, share):
    total = max(1, int(round(share * _mean_total(runs_a))))
    res = allocate_outcomes(runs_a, total, rule)
    df = res.to_frame()
    assert int(df["total"].sum()) == total
    assert (df["total"] == df["grassroots"] * df["quota"]).all()
    assert (df[["q1", "q2", "q3", "q4"]].sum(axis=1) == df["quota"]).all()
    cells = df["cells_high"] * df["cell_quota_high"] + (df["cells"] - df["cells_high"]) * df["cell_quota_low"]
    assert (cells == df["quota"]).all()
    assert (df["cell_quota_high"] - df["cell_quota_low"]).between(0, 1).all()
    # every GO of the territory gets a quota, and those of one template differ by at most one
    assert df.groupby("template")["grassroots"].sum().tolist() == list(runs_a.go_count)
    assert (df.groupby("template")["quota"].agg(np.ptp) <= 1).all()
    units = res.by_unit()
    assert int(units["total"].sum()) == total and int(units[["q1", "q2", "q3", "q4"]].to_numpy().sum()) == total


def _hit_rate(res, outcomes) -> tuple[np.ndarray, np.ndarray]:
    m = res.remeasure(outcomes).set_index("template").loc[range(len(outcomes.names))]
    return m["prob_go"].to_numpy(), m["se"].to_numpy()


def _tolerance(res, runs_a, runs_b) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(claimed on A, measured on B, tolerance) per template.

    Tolerance: four standard errors of the difference between two run-level means (A's
    claim and B's measure; each from the spread of the per-run share of GOs meeting their
    quota, which holds the binomial spread and the correlation between GOs of one run),
    plus the granularity of whole quotas: a template's share of GOs at the higher quota
    can miss the continuous one by 1/GOs, which moves its probability by at most the
    step of the survival curve over 1/GOs."""
    claimed, se_a = _hit_rate(res, runs_a)
    measured, se_b = _hit_rate(res, runs_b)
    steps = []
    for t, adm in enumerate(runs_a.admissions):
        s = survival(adm)
        k = int(res.rows.loc[res.rows["template"] == t, "quota"].min())
        steps.append((s[k] - (s[k + 1] if k + 1 < len(s) else 0.0)) / runs_a.go_count[t])
    grain = np.asarray(steps)
    return claimed, measured, 4 * np.sqrt(se_a**2 + se_b**2) + grain, grain


def test_equal_probability_holds_on_independent_runs(runs_a, runs_b):
    """Quotas set on runs A are met about equally often in every template on runs B."""
    res = allocate_outcomes(runs_a, int(round(_mean_total(runs_a))), "equal-probability")
    p = res.probability
    assert 0.1 < p < 0.9
    claimed, measured, tol, grain = _tolerance(res, runs_a, runs_b)
    assert np.all(np.abs(claimed - p) <= grain + 1e-9), (claimed, p, grain)
    assert np.all(np.abs(measured - p) <= tol), (measured, p, tol)


def test_a_mean_proportional_split_fails_the_same_check(runs_a, runs_b):
    """The check above can fail: quotas in proportion to mean admissions (not read from the
    quantiles) are met with probabilities further apart than any common p allows."""
    from partysim.analysis.allocation_results import quota_rows
    from partysim.model.units import allocate as largest_remainder

    total = int(round(_mean_total(runs_a)))
    res = allocate_outcomes(runs_a, total, "equal-probability")
    means = np.array([a.mean() for a in runs_a.admissions])
    curves = [survival(a) for a in runs_a.admissions]
    res.rows = quota_rows(runs_a, largest_remainder(total, means * runs_a.go_count), curves)
    _, measured, tol, _ = _tolerance(res, runs_a, runs_b)
    assert measured.max() - measured.min() > 2 * tol.max(), (measured, tol)


def test_source_rule_is_proportional_to_candidates(runs_a):
    total = 157
    res = allocate_outcomes(runs_a, total, "source")
    weight = runs_a.go_count * runs_a.source
    exact = total * weight / weight.sum()
    got = res.by_unit().set_index("template").loc[range(len(runs_a.names)), "total"].to_numpy()
    assert got.sum() == total and np.all(np.abs(got - exact) < 1)
    assert np.isnan(res.probability)


def test_unit_outcomes_agree_with_the_runs_tables(tiny_path):
    """Per-GO counts summed over GOs give the run's own monthly table (same seed, same runs)."""
    sc = load_scenario(tiny_path)
    out = simulate_units(sc, YEAR, replications=3, seed=5)
    res = run(sc, replications=3, seed=5, progress=False)
    m = res.monthly[res.monthly["year"] == YEAR]
    per_run = [sum(int(a[out.run_of[t] == r].sum()) for t, a in enumerate(out.admissions)) for r in range(3)]
    assert per_run == m.groupby("replication")["admissions"].sum().tolist()
    by_quarter = m.groupby((m["moy"] - 1) // 3)["admissions"].sum().to_numpy()
    assert np.array_equal(out.quarters.sum(axis=0), by_quarter)
    kept = [np.mean([np.sum(out.run_of[t] == r) for r in range(3)]) for t in range(len(out.names))]
    assert float(np.dot(out.source, kept)) == pytest.approx(m["source"].mean(), rel=1e-9)


def test_continuous_quota_reads_the_survival_curve():
    s = survival(np.array([0, 1, 1, 2, 2, 2, 3, 3, 3, 3]))  # P(>=k): 1, .9, .7, .4, 0
    assert np.allclose(s, [1, 0.9, 0.7, 0.4, 0])
    assert continuous_quota(s, 0.7) == pytest.approx(2.0)
    assert continuous_quota(s, 0.55) == pytest.approx(2.5)
    assert continuous_quota(s, 0.0) == 4.0


def test_sets_integrate_parameters_and_preview_runs(tiny_path):
    sc = load_scenario(tiny_path)
    res = allocate(sc, 12, replications=1, sets=2, preview=True, year=YEAR)
    assert res.outcomes.runs == 2 and res.integrates_over == "chance+parameters"
    assert int(res.to_frame()["total"].sum()) == 12
    assert "chance+parameters" in res.summary()


def test_a_posterior_set_drawn_twice_is_run_once_and_pooled_twice(tiny_path):
    """Sets from a calibration's posterior are drawn by weight: with weights 1:3 and four
    draws, the heavy set stands for three of the four draws, and the pooled outcomes are
    those of running each set once with the heavy one counted three times."""
    import pandas as pd

    from partysim.analysis.honest import ParameterUncertainty

    sc = load_scenario(tiny_path)
    sets = pd.DataFrame({"pipeline.identification_rate": [0.012, 0.03]})
    u = ParameterUncertainty(sets=4, posterior=(sets, np.array([0.25, 0.75])))
    pooled = simulate_units(sc, YEAR, replications=2, seed=5, uncertainty=u)
    assert pooled.sets == 4 and pooled.runs == 8 and pooled.parameter_source == "posterior"
    one = [simulate_units(sc.with_values({"pipeline.identification_rate": r}), YEAR, 2, 5) for r in (0.012, 0.03)]
    for t in range(len(pooled.admissions)):
        light, heavy = one[0].admissions[t], one[1].admissions[t]
        expected = np.sort(np.concatenate([light, heavy, heavy, heavy]))
        assert np.array_equal(np.sort(pooled.admissions[t]), expected)
    res = allocate_outcomes(pooled, 12, "source")
    assert res.integrates_over == "chance+posterior"


def test_shared_sets_give_each_replication_one_set(tiny_path):
    """With the sets shared out (``shared=True``), weights 1:3 over four replications put
    one replication under the light set and three under the heavy one, each run once; each
    replication's outcomes are those of that replication run with its set's values (same
    random numbers as without sets)."""
    import pandas as pd

    from partysim.analysis.honest import ParameterUncertainty
    from partysim.analysis.shared_sets import share_sets

    sc = load_scenario(tiny_path)
    sets = pd.DataFrame({"pipeline.identification_rate": [0.012, 0.03]})
    u = ParameterUncertainty(sets=4, posterior=(sets, np.array([0.25, 0.75])))
    shared = share_sets(sc, u, 4, 5)
    rates = [v["pipeline.identification_rate"] for v in shared.values]
    assert sorted(np.bincount(shared.picks).tolist()) == [1, 3]
    pooled = simulate_units(sc, YEAR, replications=4, seed=5, uncertainty=u, shared=True)
    assert pooled.shared and pooled.sets == 2 and pooled.runs == 4 and pooled.parameter_source == "posterior"
    one = [simulate_units(sc.with_values({"pipeline.identification_rate": r}), YEAR, 4, 5) for r in rates]
    for t in range(len(pooled.admissions)):
        parts = [one[k].admissions[t][one[k].run_of[t] == r] for r, k in enumerate(shared.picks)]
        assert np.array_equal(np.sort(pooled.admissions[t]), np.sort(np.concatenate(parts)))
    assert "4 replications shared among 2 parameter sets" in allocate_outcomes(pooled, 12, "source").summary()


def test_bad_input(tiny_path, runs_a):
    sc = load_scenario(tiny_path)
    assert full_years(sc) == [2022, 2023]
    with pytest.raises(ValueError, match="full calendar year"):
        allocate(sc, 10, year=2030, replications=1)
    for bad in (0, -5, 2.5):
        with pytest.raises(ValueError, match="whole number above 0"):
            allocate_outcomes(runs_a, bad)
    with pytest.raises(ValueError, match="rule must be"):
        allocate_outcomes(runs_a, 10, "lottery")


def test_check_remeasures_on_independent_runs(tiny_path):
    sc = load_scenario(tiny_path).with_values(BIGGER)
    res = allocate(sc, 100, replications=3, check=3, year=YEAR, seed=4)
    assert res.check is not None and list(res.check["runs"]) == [3, 3, 3]
    other = simulate_units(sc, YEAR, replications=3, seed=5)  # the check's runs: seed + 1
    expected = res.remeasure(other)
    assert np.allclose(res.by_unit()["prob_go_check"], expected["prob_go"])
    assert "prob_go_check" in res.summary()


def test_seeds_pool_independent_spin_ups(tiny_path):
    """Two seeds pool the runs of each seed as they are on their own, numbered one after the other."""
    sc = load_scenario(tiny_path)
    both = simulate_units(sc, YEAR, replications=2, seed=8, seeds=2)
    first, second = (simulate_units(sc, YEAR, replications=2, seed=s) for s in (8, 9))
    assert both.runs == 4 and both.seed == 8 and both.seeds == 2
    for t in range(len(sc.territory.units)):
        assert np.array_equal(both.admissions[t], np.concatenate([first.admissions[t], second.admissions[t]]))
        assert np.array_equal(np.unique(both.run_of[t]), np.arange(4))
    res = allocate(sc, 12, replications=1, seeds=2, check=1, year=YEAR, seed=8)
    assert res.outcomes.runs == 2 and int(res.to_frame()["total"].sum()) == 12
