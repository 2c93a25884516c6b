"""Nowcast of the year's total from the quarters or months so far."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partysim.forecasting.nowcast import (
    CONCENTRATION_RANGE,
    DEFAULT_CONCENTRATION,
    DEFAULT_PROFILE,
    PROFILE_RANGE,
    learn_profile,
    nowcast,
)

LAM_DONG_OBSERVED = 52  # admitted by the end of June 2021 (seed article 001)
LAM_DONG_TARGET = 80


@pytest.fixture(scope="module")
def lam_dong():
    return nowcast(LAM_DONG_OBSERVED, elapsed=2, periods_per_year=4, year=2021, seed=1)


def test_lam_dong_worked_example(lam_dong):
    p = lam_dong.prob_at_least(LAM_DONG_TARGET)
    assert 0.0 < p < 1.0
    assert lam_dong.paths.min() >= LAM_DONG_OBSERVED
    lo95, hi95 = lam_dong.interval(95)
    lo80, hi80 = lam_dong.interval(80)
    assert LAM_DONG_OBSERVED <= lo95 <= lo80 <= lam_dong.median <= hi80 <= hi95
    assert "default assumption" in lam_dong.assumption
    assert "2021" in lam_dong.summary()


def test_prob_at_least_is_one_up_to_observed_and_monotone(lam_dong):
    grid = np.arange(0, 400)
    p = lam_dong.prob_at_least(grid)
    assert (p[: LAM_DONG_OBSERVED + 1] == 1.0).all()
    assert (np.diff(p) <= 0).all()
    assert p[-1] < 0.01


def test_default_profile_is_a_documented_estimate():
    q = np.asarray(DEFAULT_PROFILE[4])
    m = np.asarray(DEFAULT_PROFILE[12])
    assert q.sum() == pytest.approx(1.0) and m.sum() == pytest.approx(1.0)
    assert ((q >= PROFILE_RANGE[0]) & (q <= PROFILE_RANGE[1])).all()
    # months add up to the quarters; the last quarter is the largest (year-end bunching)
    np.testing.assert_allclose(m.reshape(4, 3).sum(axis=1), q)
    assert q.argmax() == 3
    assert CONCENTRATION_RANGE[0] <= DEFAULT_CONCENTRATION <= CONCENTRATION_RANGE[1]


def test_profile_parameter_changes_the_answer():
    late = nowcast(52, elapsed=2, profile=[0.1, 0.15, 0.25, 0.5], seed=1)
    early = nowcast(52, elapsed=2, profile=[0.3, 0.3, 0.2, 0.2], seed=1)
    # 25% of the year by June implies a larger total than 60% by June
    assert late.mean > early.mean
    assert late.prob_at_least(120) > early.prob_at_least(120)


def test_share_method_is_calibrated_under_its_own_assumptions():
    """Years simulated from the assumed process: the 80% interval holds the true total ~80% of the time."""
    rng = np.random.default_rng(99)
    years, rate, kappa = 1500, 120.0, 40.0
    s0 = sum(DEFAULT_PROFILE[4][:2])
    hits = 0
    for i in range(years):
        s = rng.beta(kappa * s0, kappa * (1 - s0))
        first = rng.poisson(rate * s)
        total = first + rng.poisson(rate * (1 - s))
        lo, hi = nowcast(first, elapsed=2, concentration=kappa, n_paths=1000, seed=i).interval(80)
        hits += lo <= total <= hi
    se = np.sqrt(0.8 * 0.2 / years)
    assert abs(hits / years - 0.8) < 3.5 * se + 0.02  # + discreteness of whole-number bounds


def quarterly_history(rng, years, level, shares, growth=0.05, start=2016):
    values = []
    for k in range(years):
        values += list(rng.poisson(level * (1 + growth) ** k * np.asarray(shares)))
    return pd.Series(values, index=pd.period_range(f"{start}Q1", periods=4 * years, freq="Q"))


def test_learnt_profile_recovers_the_true_shares():
    rng = np.random.default_rng(4)
    shares = np.array([0.15, 0.25, 0.2, 0.4])
    hist = quarterly_history(rng, 6, 400, shares)
    profile, kappa, years = learn_profile(hist, 4, elapsed=2)
    assert years == 6
    total = hist.sum()
    se = np.sqrt(shares * (1 - shares) / total)  # multinomial standard error of pooled shares
    assert (np.abs(np.asarray(profile) - shares) < 4 * se).all()
    assert CONCENTRATION_RANGE[0] <= kappa <= CONCENTRATION_RANGE[1]


def test_glm_nowcast_coverage_on_simulated_years():
    """History of 4 years + first two quarters: the GLM's 80% interval covers the true total ~80%."""
    rng = np.random.default_rng(17)
    shares = np.array([0.15, 0.25, 0.2, 0.4])
    reps, hits = 150, 0
    for i in range(reps):
        values = quarterly_history(rng, 5, 60, shares, growth=0.05)
        hist, this_year = values.iloc[:16], values.iloc[16:].to_numpy()
        res = nowcast(this_year[:2], history=hist, method="glm", n_paths=1000, seed=i)
        lo, hi = res.interval(80)
        hits += lo <= this_year.sum() <= hi
        assert res.method == "glm" and res.paths.min() >= this_year[:2].sum()
    se = np.sqrt(0.8 * 0.2 / reps)
    assert abs(hits / reps - 0.8) < 3.5 * se + 0.03


def test_auto_method_and_uc_method():
    rng = np.random.default_rng(8)
    hist = quarterly_history(rng, 4, 200, [0.2, 0.25, 0.2, 0.35])
    auto = nowcast([45, 52], history=hist, seed=2)
    assert auto.method == "glm" and auto.year == 2020
    uc = nowcast([45, 52], history=hist, method="uc", seed=2)
    assert uc.paths.min() >= 97 and 0 < uc.prob_at_least(200) < 1
    total_only = nowcast(97, elapsed=2, history=hist, seed=2)
    assert total_only.method == "share" and "learnt from 4" in total_only.assumption


def test_annual_prior_pulls_towards_the_forecast():
    vague = nowcast(30, elapsed=1, seed=3)
    prior_totals = np.random.default_rng(0).normal(100, 5, size=4000)
    informed = nowcast(30, elapsed=1, annual_prior=prior_totals, seed=3)
    # the vague nowcast expects about 30 / 0.18 = 167; a tight prior at 100 pulls the total down
    assert informed.mean < vague.mean
    assert abs(informed.mean - 100) < abs(vague.mean - 100)
    assert informed.paths.min() >= 30 and "prior" in informed.assumption


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="elapsed"):
        nowcast(52)
    with pytest.raises(ValueError, match="non-negative"):
        nowcast([-1, 3])
    with pytest.raises(ValueError, match="history"):
        nowcast([10, 12], method="glm")
    with pytest.raises(ValueError, match="profile"):
        nowcast(10, elapsed=1, profile=[0.5, 0.5])
    with pytest.raises(ValueError, match="forecast the annual total"):
        nowcast([], periods_per_year=4)
