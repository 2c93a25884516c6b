"""Calibration with uncertainty: the weighted sets recover a known parameter, leave an
uninformed one at its prior, and are reproducible.

Statistical checks only: the "published" figures are simulated from a known parameter
set with a seed the calibration does not use, and every expectation is about the truth
or the prior, never a number copied from an output.
"""

import numpy as np
import pandas as pd
import pytest

from partysim.analysis.calibration import moment_values
from partysim.analysis.history_matching import Likelihood, Screen, waves, weigh
from partysim.analysis.posterior import PosteriorError, fit_posterior
from partysim.analysis.posterior_results import KEEPS_PRIOR
from partysim.analysis.posterior_runs import Runs, simulate_runs
from partysim.analysis.runner import run_replication
from partysim.outputs.posterior_files import PosteriorFileError, read_posterior_sets, write_posterior
from partysim.scenario.study import Calibration, Moment

RATE, UNINFORMED = "pipeline.identification_rate", "outflow.removal_rate"
TRUE_RATE = 0.05
MOMENTS = [
    Moment(name="identified", variable="identified", start="2022-01", end="2022-12", value=1.0),
    Moment(name="admitted", variable="admissions", start="2022-01", end="2022-12", value=1.0),
]


def _small(tiny):
    """One year of the village communes: a run takes a few hundredths of a second."""
    sc = tiny.model_copy(deep=True)
    sc.end = "2022-12"
    sc.territory.units = sc.territory.units[:1]
    sc.calibration = Calibration(parameters=[RATE], moments=MOMENTS)
    return sc


def _synthetic(sc):
    """The moments of one run with the true rate, seeded apart from the calibration's runs."""
    truth = sc.with_values({RATE: TRUE_RATE})
    tables = run_replication(truth, 0, seed=sc.seed + 1000)
    return moment_values(truth, MOMENTS, tables.monthly)


@pytest.fixture(scope="module")
def fitted(tiny):
    sc = _small(tiny)
    observed = _synthetic(sc)
    sc.calibration.moments = [m.model_copy(update={"value": float(v)}) for m, v in zip(MOMENTS, observed)]
    post = fit_posterior(sc, sets=128, max_sets=256, replications=2, paths=[RATE, UNINFORMED], obs_error=0.1)
    return sc, post


def test_weights_are_a_distribution_over_at_least_100_sets(fitted):
    _, post = fitted
    assert post.weights.sum() == pytest.approx(1.0)
    assert (post.weights >= 0).all()
    assert post.positive >= 100
    assert 1.0 <= post.ess <= post.positive
    # ruled-out sets are exactly those at or past the cut-off
    assert ((post.weights > 0) == (post.implausibility < 3.0)).all()


def test_an_identified_parameter_contains_the_truth_and_narrows(fitted):
    _, post = fitted
    row = post.parameter_table().set_index("parameter").loc[RATE]
    assert row.posterior_p10 <= TRUE_RATE <= row.posterior_p90
    assert row.posterior_p90 - row.posterior_p10 < 0.8 * (row.prior_p90 - row.prior_p10)
    assert bool(row.pinned)
    assert RATE not in post.not_pinned()


def test_an_uninformed_parameter_keeps_its_prior(fitted):
    _, post = fitted
    row = post.parameter_table().set_index("parameter").loc[UNINFORMED]
    assert row.spread_ratio >= 0.8
    assert row.words == KEEPS_PRIOR
    assert UNINFORMED in post.not_pinned()
    assert KEEPS_PRIOR in post.summary()


def test_predictive_intervals_and_tables(fitted):
    sc, post = fitted
    pred = post.predictive_table()
    assert list(pred["name"]) == ["identified", "admitted"]
    assert (pred["p10"] <= pred["p50"]).all() and (pred["p50"] <= pred["p90"]).all()
    # the synthetic figure came from the model itself: the weighted runs bracket it
    lo = pred["p10"] - 2 * pred["sd_replication"]
    hi = pred["p90"] + 2 * pred["sd_replication"]
    assert ((lo <= pred["observed"]) & (pred["observed"] <= hi)).all()
    frame = post.to_frame()
    assert list(frame.columns[:3]) == ["set", "weight", "implausibility"]
    assert set(frame.columns[3:]) == {RATE, UNINFORMED}
    ens = post.ensemble()
    assert ens.sets == post.positive
    assert ens.weights.sum() == pytest.approx(1.0)
    assert set(ens.to_frame()["name"]) == {str(t.name) for t in sc.targets}


def test_files_round_trip(fitted, tmp_path):
    _, post = fitted
    files = write_posterior(post, tmp_path / "out", post.ensemble().to_frame())
    assert [f.name for f in files] == ["posterior_sets.csv", "posterior.json", "posterior.md"]
    sets, w = read_posterior_sets(tmp_path / "out")
    assert len(sets) == post.positive and w.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(np.sort(w), np.sort(post.weights[post.weights > 0]), rtol=1e-8)
    with pytest.raises(PosteriorFileError, match="no such file"):
        read_posterior_sets(tmp_path / "missing")


def test_same_seed_same_result_and_workers_do_not_matter(tiny):
    sc = _small(tiny)
    sc.calibration.moments = [m.model_copy(update={"value": v}) for m, v in zip(MOMENTS, (60.0, 8.0))]
    kw = dict(sets=6, max_sets=6, replications=2, paths=[RATE], min_sets=1, min_ess=1)
    a = fit_posterior(sc, **kw)
    b = fit_posterior(sc, **kw)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    np.testing.assert_array_equal(a.runs, b.runs)
    two = fit_posterior(sc, **kw, workers=2)  # sets split over two processes
    np.testing.assert_array_equal(a.runs, two.runs)
    pd.testing.assert_frame_equal(a.annual, two.annual)


def test_weigh_prefers_sets_near_the_figure_and_rules_out_far_ones():
    rng = np.random.default_rng(0)
    means = np.array([100.0, 110.0, 150.0, 400.0])
    runs = means[:, None, None] + rng.normal(0, 5, (4, 3, 1))
    w = weigh(runs, Likelihood(np.array([100.0])))
    assert w.weights[0] > w.weights[1] > w.weights[2]
    assert w.weights[3] == 0 and w.implausibility[3] >= 3
    # more allowed error: flatter weights, a larger effective sample size
    loose = weigh(runs, Likelihood(np.array([100.0]), obs_error=0.5, discrepancy=0.5))
    assert loose.ess > w.ess
    # a set proposed twice as often as the prior would counts half as much
    w2 = weigh(runs, Likelihood(np.array([100.0])), proposal=np.array([2.0, 1.0, 1.0, 1.0]))
    assert w2.weights[0] / w2.weights[1] == pytest.approx(0.5 * w.weights[0] / w.weights[1])


def test_moment_weights_scale_the_variance_and_zero_leaves_a_figure_out():
    rng = np.random.default_rng(1)
    first = np.array([90.0, 100.0, 120.0])[:, None] + rng.normal(0, 3, (3, 2))
    wild = np.array([1e6, -5.0, 3e3])[:, None] + rng.normal(0, 3, (3, 2))
    both = np.stack([first, wild], axis=2)
    alone = weigh(first[:, :, None], Likelihood(np.array([100.0])))
    ignored = weigh(both, Likelihood(np.array([100.0, 50.0]), moment_weights=(1.0, 0.0)))
    np.testing.assert_allclose(ignored.weights, alone.weights)
    half = weigh(first[:, :, None], Likelihood(np.array([100.0]), moment_weights=(0.5,)))
    np.testing.assert_allclose(half.variance, alone.variance / 0.5)
    assert half.ess > alone.ess


def _fake_runs(x):
    """Sets whose single moment is 100 * x (no noise)."""
    x = np.asarray(x, float)
    moments = np.repeat((100.0 * x)[:, None, None], 2, axis=1)
    return Runs(pd.DataFrame({RATE: x}), moments, pd.DataFrame({"set": np.arange(len(x)), "replication": 0}))


def test_waves_simulate_from_the_non_implausible_region(tiny):
    from partysim.analysis.priors import priors

    prior_list = priors(tiny, [RATE])  # 0-0.2, mode 0.02
    design = pd.DataFrame({RATE: np.linspace(0.0, 0.2, 64)})
    candidates = pd.DataFrame({RATE: np.random.default_rng(1).uniform(0.0, 0.2, 4096)})  # any order
    like = Likelihood(np.array([5.0]), obs_error=0.1, discrepancy=0.1, min_sets=40, min_ess=1)
    asked = []

    def simulate(table):
        asked.append(table[RATE].to_numpy())
        return _fake_runs(table[RATE])

    first = simulate(design)
    screen = Screen.fit(prior_list, first, candidates)
    runs, w, info = waves(simulate, design, like, 256, screen, first)
    # wave 1 alone had too few sets near 5 (x near 0.05); wave 2 was drawn where x is near 0.05
    assert info["rounds"] >= 2 and 0 < info["region_share"] < 0.5
    assert np.all(np.abs(np.concatenate(asked[1:]) - 0.05) < 0.03)
    assert w.positive >= 40 and w.weights.sum() == pytest.approx(1.0)
    # weighted mean of x: the posterior's (design and candidates uniform, likelihood
    # symmetric about 0.05), whichever wave a set came from
    xs = runs.sets[RATE].to_numpy()
    assert np.sum(w.weights * xs) == pytest.approx(0.05, abs=0.003)


def test_bad_input_is_refused(tiny):
    sc = _small(tiny)
    with pytest.raises(PosteriorError, match="at least 2"):
        fit_posterior(sc, replications=1)
    with pytest.raises(PosteriorError, match="no such parameter"):
        fit_posterior(sc, paths=["pipeline.nonsense"])
    late = sc.model_copy(deep=True)
    late.calibration.moments = [MOMENTS[0].model_copy(update={"end": "2023-06"})]
    with pytest.raises(PosteriorError, match="outside"):
        fit_posterior(late)
    bare = sc.model_copy(deep=True)
    bare.calibration = None
    with pytest.raises(PosteriorError, match="no calibration"):
        fit_posterior(bare)


def test_simulate_runs_keeps_common_random_numbers(tiny):
    sc = _small(tiny)
    sets = pd.DataFrame({UNINFORMED: [0.001, 0.04]})
    runs = simulate_runs(sc, sets, replications=2, seed=sc.seed, people_budget=None)
    # removals do not act on who is put on the source list: same draws, same counts
    np.testing.assert_array_equal(runs.moments[0, :, 0], runs.moments[1, :, 0])
