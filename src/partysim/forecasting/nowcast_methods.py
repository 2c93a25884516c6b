"""Nowcast methods: the within-year profile, and the three ways of simulating the rest of
the year (share, negative-binomial GLM, unobserved components). See
:mod:`partysim.forecasting.nowcast` for when each is used."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from partysim.forecasting.counts import nb_alpha_moments, nb_draws

#: Default within-year share of annual admissions per quarter and per month
#: [est]: bunching towards the year end and the anniversaries (3/2 Party
#: founding, 19/5 President Ho Chi Minh's birthday, 2/9 National Day).
#: First half: 42% of the year. Sums to 1.
DEFAULT_PROFILE: dict[int, tuple[float, ...]] = {
    4: (0.18, 0.24, 0.22, 0.36),
    12: (0.04, 0.08, 0.06, 0.05, 0.12, 0.07, 0.05, 0.07, 0.10, 0.09, 0.11, 0.16),
}

#: Plausible range of each quarter's share [est] (a monthly share: about a
#: third of these).
PROFILE_RANGE: tuple[float, float] = (0.10, 0.45)

#: Default concentration of the share so far around the profile [est]: 40
#: gives a standard deviation of about 0.08 for a half-year share of 0.42.
DEFAULT_CONCENTRATION = 40.0

#: Range of the concentration (10: very variable years; 200: very regular).
CONCENTRATION_RANGE: tuple[float, float] = (10.0, 200.0)


# --------------------------------------------------------------------------- inputs
def period_position(p: pd.Period) -> int:
    """1-based position of a quarter or month within its year."""
    return p.quarter if p.freqstr.upper().startswith("Q") else p.month


def history_table(history: pd.Series, per_year: int) -> pd.DataFrame:
    """Complete years of a quarterly or monthly history as a year x period table."""
    if not isinstance(history.index, pd.PeriodIndex):
        raise ValueError("history must be indexed by quarterly or monthly periods (PeriodIndex)")
    freq = history.index.freqstr.upper()
    expected = "Q" if per_year == 4 else "M"
    if not freq.startswith(expected):
        raise ValueError(
            f"history has frequency {history.index.freqstr}; expected {expected} for {per_year} periods a year"
        )
    values = pd.to_numeric(history, errors="coerce").astype(float)
    if values.isna().any() or (values < 0).any():
        raise ValueError("history must hold non-negative counts without gaps")
    frame = pd.DataFrame(
        {
            "year": [p.year for p in values.index],
            "pos": [period_position(p) for p in values.index],
            "count": values.to_numpy(),
        }
    )
    table = frame.pivot_table(index="year", columns="pos", values="count", aggfunc="sum")
    return table.reindex(columns=range(1, per_year + 1)).dropna()


def learn_profile(
    history: pd.Series, periods_per_year: int, elapsed: int
) -> tuple[tuple[float, ...], float | None, int]:
    """Within-year profile and concentration learnt from a history.

    Args:
        history: Past counts by quarter or month (``PeriodIndex``).
        periods_per_year: 4 or 12.
        elapsed: Periods observed this year (for the concentration of the
            share so far).

    Returns:
        ``(profile, concentration, years)``: pooled shares per period
        (ratio of sums), the concentration (``None`` with fewer than 3
        complete years), and the number of complete years used.

    Raises:
        ValueError: If there is no complete year with a positive total.
    """
    table = history_table(history, periods_per_year)
    table = table[table.sum(axis=1) > 0]
    if table.empty:
        raise ValueError("history has no complete year with admissions; give a profile instead")
    totals = table.sum(axis=1).to_numpy(float)
    profile = tuple(float(v) for v in (table.sum(axis=0) / totals.sum()).to_numpy())
    if len(table) < 3:
        return profile, None, len(table)
    so_far = table.iloc[:, :elapsed].sum(axis=1).to_numpy(float) / totals
    s0 = float(np.clip(sum(profile[:elapsed]), 1e-6, 1 - 1e-6))
    between = float(np.var(so_far, ddof=1)) - float(np.mean(s0 * (1 - s0) / totals))
    if between <= 0:
        kappa = CONCENTRATION_RANGE[1]
    else:
        kappa = s0 * (1 - s0) / between - 1.0
    return profile, float(np.clip(kappa, *CONCENTRATION_RANGE)), len(table)


def gamma_prior(prior: Any) -> tuple[float, float]:
    """(shape, rate) of a gamma prior on the annual total; vague by default.

    Args:
        prior: ``None`` or simulated annual totals (array-like), matched by
            their mean and variance.
    """
    if prior is None:
        return 0.5, 0.0
    values = np.asarray(prior, float)
    if values.ndim == 0 or values.size < 2:
        raise ValueError("annual_prior must be sample totals (array) for the year")
    m, v = float(values.mean()), float(values.var())
    if m <= 0 or v <= 0:
        return 0.5, 0.0
    return m * m / v, m / v


# --------------------------------------------------------------------------- methods
def share_paths(
    observed: float, s0: float, kappa: float, prior: tuple[float, float], n_paths: int, rng: np.random.Generator
) -> np.ndarray:
    a0, b0 = prior
    if s0 >= 1.0:
        return np.full(n_paths, observed)
    s = rng.beta(kappa * s0, kappa * (1 - s0), size=n_paths)
    s = np.clip(s, 1e-4, 1 - 1e-9)
    lam = rng.gamma(observed + a0, 1.0 / (s + b0))
    return observed + rng.poisson(lam * (1 - s)).astype(float)


def glm_paths(
    table: pd.DataFrame, current: np.ndarray, year: int, per_year: int, n_paths: int, rng: np.random.Generator
) -> np.ndarray:
    import statsmodels.api as sm

    rows = [(y, p, table.loc[y, p]) for y in table.index for p in range(1, per_year + 1)]
    rows += [(year, p + 1, c) for p, c in enumerate(current)]
    frame = pd.DataFrame(rows, columns=["year", "pos", "count"])
    t = frame["year"].to_numpy(float) - year

    def design(t_: np.ndarray, pos: np.ndarray) -> np.ndarray:
        cols = [np.ones_like(t_), t_] + [(pos == k).astype(float) for k in range(2, per_year + 1)]
        return np.column_stack(cols)

    x = design(t, frame["pos"].to_numpy())
    y = frame["count"].to_numpy(float)
    rest = np.arange(len(current) + 1, per_year + 1)
    x_f = design(np.zeros(len(rest)), rest)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pois = sm.GLM(y, x, family=sm.families.Poisson()).fit()
        alpha = nb_alpha_moments(y, pois.fittedvalues, x.shape[1])
        res = sm.GLM(y, x, family=sm.families.NegativeBinomial(alpha=max(alpha, 1e-8))).fit()
    beta = np.asarray(res.params, float)
    cov = np.asarray(res.cov_params(), float)
    if not (np.isfinite(beta).all() and np.isfinite(cov).all()):
        raise ValueError("GLM fit failed")
    vals, vecs = np.linalg.eigh(0.5 * (cov + cov.T))
    betas = beta + rng.standard_normal((n_paths, len(beta))) @ (vecs * np.sqrt(np.clip(vals, 0, None))).T
    mu = np.exp(np.minimum(betas @ x_f.T, np.log(50 * y.max() + 100)))
    return float(current.sum()) + nb_draws(mu, alpha, rng).sum(axis=1)


def uc_paths(table: pd.DataFrame, current: np.ndarray, year: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
    from partysim.forecasting.models import Uc
    from partysim.forecasting.series import SeriesInfo

    values = np.concatenate([table.to_numpy(float).ravel(), current])
    start = pd.Period(f"{int(table.index[0])}Q1", freq="Q")
    series = pd.Series(np.log1p(values), index=pd.period_range(start, periods=len(values), freq="Q"))
    model = Uc("uc_seasonal", "llevel", min_points=8, seasonal=4)
    info = SeriesInfo(freq="Q", periods_per_year=4, count=False, nonnegative=False)
    fc = model.forecast(series, info, 4 - len(current), n_paths, rng)
    rest = np.round(np.clip(np.expm1(fc.paths), 0, None))
    return float(current.sum()) + rest.sum(axis=1)
