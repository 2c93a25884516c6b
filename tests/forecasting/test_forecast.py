"""Forecasts from history: input checks, paths, intervals, backtest, probabilities, calibration."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from partysim.forecast import MIN_POINTS, ForecastError, forecast, read_series
from partysim.forecasting.backtest import origins_for
from partysim.forecasting.intervals import IntervalFactors, widen_paths


def annual(values, start=2015, name="admissions"):
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"), name=name)


THANH_HOA_LIKE = annual([5200, 5900, 6100, 5800, 6300, 5400, 6000, 6600, 6400])


@pytest.fixture(scope="module")
def result():
    return forecast(THANH_HOA_LIKE, 5, seed=7)


# --------------------------------------------------------------------------- input
@pytest.mark.parametrize("n", [0, 1, MIN_POINTS - 1])
def test_too_short_series_is_a_one_line_forecast_error(n):
    with pytest.raises(ForecastError) as info:
        forecast(annual(list(range(10, 10 + n))), 3)
    msg = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "\n" not in msg
    assert f"has {n} point" in msg and f"at least {MIN_POINTS}" in msg


def test_gap_and_missing_values_are_reported():
    gappy = pd.Series([5.0, 6, 7, 8], index=pd.PeriodIndex(["2015", "2016", "2018", "2019"], freq="Y"))
    with pytest.raises(ForecastError, match="no value for 2017"):
        forecast(gappy, 2)
    with pytest.raises(ForecastError, match="missing"):
        forecast(annual([5.0, np.nan, 7, 8, 9]), 2)


def test_read_series_year_and_period_columns(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("year,admissions,note\n2019,10,x\n2020,12,y\n2021,11,z\n2022,14,w\n", encoding="utf-8")
    s = read_series(a)
    assert list(s.index.year) == [2019, 2020, 2021, 2022] and s.tolist() == [10, 12, 11, 14]
    q = tmp_path / "q.csv"
    q.write_text("period,a,b\n2021-Q1,1,5\n2021-Q2,2,6\n2021-Q3,3,7\n2021-Q4,4,8\n", encoding="utf-8")
    s = read_series(q, column="b")
    assert s.index.freqstr.startswith("Q") and s.tolist() == [5, 6, 7, 8]
    with pytest.raises(ForecastError, match="--column"):
        read_series(q)
    with pytest.raises(ForecastError, match="'year' or 'period'"):
        bad = tmp_path / "bad.csv"
        bad.write_text("when,x\n2020,1\n", encoding="utf-8")
        read_series(bad)


# --------------------------------------------------------------------------- paths and intervals
def test_paths_shape_and_reproducibility(result):
    assert result.paths.shape == (2000, 5)
    again = forecast(THANH_HOA_LIKE, 5, seed=7)
    np.testing.assert_array_equal(again.paths, result.paths)
    other = forecast(THANH_HOA_LIKE, 5, seed=8)
    assert not np.array_equal(other.paths, result.paths)
    assert [str(p) for p in result.periods] == ["2024", "2025", "2026", "2027", "2028"]


def test_small_counts_never_negative_and_whole():
    res = forecast(annual([5, 3, 2, 1, 0, 1, 0]), 4, seed=3)
    assert res.info.count and res.info.small_count
    assert (res.paths >= 0).all()
    np.testing.assert_array_equal(res.paths, np.round(res.paths))
    frame = res.to_frame()
    assert (frame[["mean", "median", "lo80", "hi80", "lo95", "hi95"]] >= 0).all().all()
    # whole-number paths: P(Y >= 4.5) is P(Y >= 5), no continuity correction needed
    assert res.prob_at_least(2022, 4.5) == res.prob_at_least(2022, 5)


def test_intervals_nested_and_widening_with_horizon(result):
    f = result.to_frame()
    assert (f["lo95"] <= f["lo80"]).all() and (f["lo80"] <= f["median"]).all()
    assert (f["median"] <= f["hi80"]).all() and (f["hi80"] <= f["hi95"]).all()
    for lo, hi in (("lo80", "hi80"), ("lo95", "hi95")):
        width = (f[hi] - f[lo]).to_numpy()
        assert (np.diff(width) >= 0).all(), width
        assert width[-1] > width[0]


def test_widen_paths_scales_quantile_half_widths():
    rng = np.random.default_rng(0)
    raw = rng.standard_normal((20000, 2)) * [1.0, 3.0] + [10.0, 20.0]
    f80, f95 = np.array([1.5, 2.0]), np.array([1.8, 2.5])
    wide = widen_paths(raw, f80, f95)
    for q, f in ((0.9, f80), (0.1, f80), (0.975, f95), (0.025, f95)):
        med = np.quantile(raw, 0.5, axis=0)
        expected = med + f * (np.quantile(raw, q, axis=0) - med)
        np.testing.assert_allclose(np.quantile(wide, q, axis=0), expected, rtol=0, atol=0.02 * f.max() * 3)
    # order of the paths is preserved (increasing map)
    assert (np.argsort(wide[:, 0]) == np.argsort(raw[:, 0])).all()


# --------------------------------------------------------------------------- backtest and choice
def test_backtest_figures_travel_with_the_result(result):
    n = len(THANH_HOA_LIKE)
    expected_rows = sum(min(3, n - k) for k in origins_for(n, 3))
    scores = result.scores
    for col in ("mase", "smape", "coverage80", "coverage95", "n_errors", "weight"):
        assert col in scores.columns
    ok = scores[scores["n_errors"] > 0]
    assert len(ok) >= 3
    assert (ok["n_errors"] == expected_rows).all()
    assert np.isfinite(ok[["mase", "smape", "coverage80", "coverage95"]].to_numpy()).all()
    assert ok["coverage80"].between(0, 1).all() and (ok["coverage95"] >= ok["coverage80"]).all()
    assert set(result.backtest["model"]) == set(ok.index)
    assert sum(result.weights.values()) == pytest.approx(1.0)
    text = result.summary()
    assert "MASE" in text and "cov80" in text and "2028" in text


def test_select_picks_lowest_backtest_mase():
    res = forecast(THANH_HOA_LIKE, 2, seed=7, method="select")
    assert len(res.weights) == 1
    best = res.scores["mase"].idxmin()
    assert next(iter(res.weights)) == best


def test_four_points_forecast_without_backtest():
    res = forecast(annual([3.0, 4.0, 3.0, 5.0]), 2, seed=1)
    assert res.backtest.empty
    assert sum(res.weights.values()) == pytest.approx(1.0)
    assert np.isfinite(res.paths).all()


# --------------------------------------------------------------------------- probabilities
def test_prob_at_least_monotone_in_n(result):
    grid = np.linspace(3000, 10000, 57)
    p = result.prob_at_least(2026, grid)
    assert (np.diff(p) <= 0).all()
    assert p[0] > 0.9 and p[-1] < 0.1
    assert result.prob_at_least(2026, 0) == 1.0
    with pytest.raises(ForecastError, match="outside the forecast"):
        result.prob_at_least(2040, 5000)


def test_prob_at_least_matches_student_t_predictive_of_drift_model():
    """Uncalibrated drift paths follow the exact Student-t predictive of a Gaussian random walk with drift."""
    rng = np.random.default_rng(11)
    y = 1000 + np.cumsum(rng.normal(20, 50, size=12))
    res = forecast(annual(y), 1, models=["drift"], method="select", calibrated=False, n_paths=40000, seed=2)
    d = np.diff(y)
    m = len(d)
    scale = d.std(ddof=1) * np.sqrt(1 + 1 / m)
    centre = y[-1] + d.mean()
    for n in (centre - 80, centre, centre + 60):
        expected = stats.t.sf((n - centre) / scale, df=m - 1)
        got = res.prob_at_least(res.periods[0], n)
        se = np.sqrt(expected * (1 - expected) / 40000)
        assert abs(got - expected) < 4 * se + 1e-3


def test_prob_rate_at_least_with_known_and_forecast_members(result):
    # known stock on 1 January: same as an absolute threshold of rate * stock
    assert result.prob_rate_at_least(2025, 0.03, 200_000) == result.prob_at_least(2025, 6000)
    members = pd.Series(
        [190_000, 195_000, 199_000, 204_000, 208_000, 212_000], index=[2020, 2021, 2022, 2023, 2024, 2025]
    )
    assert result.prob_rate_at_least(2025, 0.03, members) == result.prob_at_least(2025, 0.03 * 212_000)
    # 2027 is not in the members series: members are forecast and simulated with admissions
    rates = [0.02, 0.03, 0.04]
    probs = [result.prob_rate_at_least(2027, r, members) for r in rates]
    assert all(0 <= p <= 1 for p in probs)
    assert probs[0] >= probs[1] >= probs[2]


def test_quarterly_year_total_adds_observed_quarters():
    rng = np.random.default_rng(5)
    shares = np.array([0.15, 0.25, 0.2, 0.4])
    values = np.concatenate([rng.poisson(80 * shares) for _ in range(4)] + [rng.poisson(80 * shares[:2])])
    q = pd.Series(values, index=pd.period_range("2020Q1", periods=len(values), freq="Q"), name="admissions")
    res = forecast(q, 2, seed=1)
    totals = res.values_at(2024)
    assert totals.min() >= values[-2:].sum()
    p = res.prob_at_least(2024, [40, 60, 80, 100])
    assert (np.diff(p) <= 0).all()


# --------------------------------------------------------------------------- calibration
def test_shipped_factors_load_and_cover_the_methods():
    text = resources.files("partysim").joinpath("data/interval_factors.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    factors = IntervalFactors.shipped()
    assert factors.calibrated and "M3" in factors.source
    table = doc["factors"]["Y"]
    for key in ("naive", "drift", "uc_level", "method:combine", "method:select"):
        for level in ("80", "95"):
            values = np.asarray(table[key][level], float)
            assert len(values) >= 3 and np.isfinite(values).all() and (values > 0).all()
    # beyond the trained horizon the last factor is reused
    long = factors.get("Y", "drift", 80, 10)
    assert long[-1] == table["drift"]["80"][-1]


def test_calibrated_coverage_on_random_walks_with_drift():
    """Coverage of calibrated one-year intervals on simulated random walks with drift.

    Data: 300 series of 10 points from y[t] = y[t-1] + 30 + N(0, 100^2) (not counts). The
    drift model's raw predictive is then the exact Student-t (9 steps, 8 degrees of
    freedom), so after widening by the shipped factors f the coverage must be
    P(|T_8| <= f * t_8(level quantile)): about 80% for the 80% interval (f near 1) and
    above 95% for the 95% interval (real series have heavier tails than this ideal one,
    so the learnt 95% factor exceeds 1). The band is 3.5 binomial standard errors plus
    0.01 for the Monte Carlo quantiles of 1,000 paths.
    """
    factors = IntervalFactors.shipped()
    rng = np.random.default_rng(2024)
    k = 300
    hits = {80: 0, 95: 0}
    for i in range(k):
        path = 5000.5 + np.cumsum(rng.normal(30, 100, size=11))
        res = forecast(annual(path[:10]), 1, models=["drift"], method="select", n_paths=1000, seed=i)
        for level in hits:
            lo, hi = res.interval(level).iloc[0]
            hits[level] += lo <= path[10] <= hi
    for level, count in hits.items():
        f = factors.get("Y", "drift", level, 1)[0] * factors.get("Y", "method:select", level, 1)[0]
        q = stats.t.ppf(0.5 + level / 200, df=8)
        expected = 2 * stats.t.cdf(f * q, df=8) - 1
        assert expected >= level / 100 - 0.005
        se = np.sqrt(expected * (1 - expected) / k)
        assert abs(count / k - expected) < 3.5 * se + 0.01, (level, count / k, expected)
