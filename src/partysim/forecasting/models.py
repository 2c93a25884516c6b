"""Candidate models for short annual or quarterly series (5-20 points).

Each model fits a training series and returns a point forecast and
simulated sample paths (``n_paths`` x ``horizon``, units of the data). Raw
paths are *not* calibrated: :mod:`.intervals` widens them with factors learnt
on real series, and :mod:`.fit` clips and rounds them.

Models (``name``: what it is; fewest points it is fitted to):

* ``naive``: random walk, ``y[t+1] = y[t] + e``; 4.
* ``drift``: random walk with drift, the drift and the step variance both
  uncertain (Student-t like paths from a scaled chi-square draw); 4.
* ``ets_trend``: ETS(A,A,N), Holt's linear trend (statsmodels ``ETSModel``); 9.
* ``ets_damped``: ETS(A,Ad,N), damped trend; 11.
* ``uc_level``: local level ``UnobservedComponents``; 4.
* ``uc_trend``: local linear trend ``UnobservedComponents``; 5.
* ``negbin_trend``: negative-binomial GLM with a log-linear trend (and
  quarter effects for quarterly series) with parameter uncertainty; small
  counts only (at most ``SMALL_COUNT_MAX`` a period: at the scale of
  thousands a log-linear trend is a poor model and the M3 data, all large,
  cannot calibrate it, so its intervals are used as the model gives them); 4.
* ``snaive``: seasonal random walk (quarterly only); 5.
* ``uc_seasonal``: local level plus a quarterly seasonal (quarterly only); 8.

The minimum lengths keep parameters fewer than points at every backtest
origin (statsmodels fits a damped trend to 5 points without complaint, with
meaningless results).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.forecasting.counts import nb_alpha_moments, nb_draws
from partysim.forecasting.series import SeriesInfo

__all__ = ["MODELS", "Model", "ModelForecast", "model_names"]


@dataclass(frozen=True)
class ModelForecast:
    """One model's forecast from one training series.

    Attributes:
        point: Point (mean) forecast per step ahead, shape ``(horizon,)``.
        paths: Simulated sample paths, shape ``(n_paths, horizon)``.
    """

    point: np.ndarray
    paths: np.ndarray


class Model:
    """Base class: a named model with a minimum series length.

    Attributes:
        name: Short identifier used in results, JSON and tables.
        title: One-line description for summaries.
        min_points: Fewest training points the model is fitted to.
        freqs: Frequencies it applies to (``"Y"``, ``"Q"``).
        counts_only: Whether it needs a small-count series.
    """

    name = "model"
    title = ""
    min_points = 4
    freqs: tuple[str, ...] = ("Y", "Q")
    counts_only = False

    def applies(self, info: SeriesInfo, n: int) -> bool:
        """Whether the model can be fitted to ``n`` points of a series like ``info``."""
        return n >= self.min_points and info.freq in self.freqs and (info.small_count or not self.counts_only)

    def forecast(
        self, y: pd.Series, info: SeriesInfo, horizon: int, n_paths: int, rng: np.random.Generator
    ) -> ModelForecast:
        """Fit to ``y`` and forecast ``horizon`` periods ahead.

        Raises:
            ValueError, LinAlgError: If the fit fails or gives non-finite paths.
        """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            point, paths = self._forecast(y, info, horizon, n_paths, rng)
        point = np.asarray(point, float)
        paths = np.asarray(paths, float)
        if not (np.isfinite(point).all() and np.isfinite(paths).all()):
            raise ValueError(f"{self.name}: non-finite forecast")
        return ModelForecast(point=point, paths=paths)

    def _forecast(self, y, info, horizon, n_paths, rng):  # pragma: no cover - abstract
        raise NotImplementedError


def _count_floor(y: np.ndarray, info: SeriesInfo, var: float) -> float:
    """Step variance floored at the Poisson variance of one count (counts only)."""
    if info.count:
        return max(var, float(np.mean(y)))
    return var


class Naive(Model):
    name = "naive"
    title = "random walk"

    def _forecast(self, y, info, horizon, n_paths, rng):
        v = y.to_numpy(float)
        d = np.diff(v)
        m = len(d)
        var = _count_floor(v, info, float(np.mean(d**2)))
        sigma = np.sqrt(var * m / rng.chisquare(m, size=(n_paths, 1)))
        steps = rng.standard_normal((n_paths, horizon)) * sigma
        return np.full(horizon, v[-1]), v[-1] + np.cumsum(steps, axis=1)


class Drift(Model):
    name = "drift"
    title = "random walk with drift (drift uncertain)"

    def _forecast(self, y, info, horizon, n_paths, rng):
        v = y.to_numpy(float)
        d = np.diff(v)
        m = len(d)
        mean = float(d.mean())
        var = _count_floor(v, info, float(d.var(ddof=1)))
        dof = m - 1
        sigma = np.sqrt(var * dof / rng.chisquare(dof, size=(n_paths, 1)))
        drift = mean + sigma / np.sqrt(m) * rng.standard_normal((n_paths, 1))
        h = np.arange(1, horizon + 1)
        steps = rng.standard_normal((n_paths, horizon)) * sigma
        return v[-1] + mean * h, v[-1] + drift * h + np.cumsum(steps, axis=1)


class SeasonalNaive(Model):
    name = "snaive"
    title = "seasonal random walk"
    min_points = 5
    freqs = ("Q",)

    def _forecast(self, y, info, horizon, n_paths, rng):
        v = y.to_numpy(float)
        s = info.periods_per_year
        e = v[s:] - v[:-s]
        var = _count_floor(v, info, float(np.mean(e**2)))
        m = len(e)
        sigma = np.sqrt(var * m / rng.chisquare(m, size=(n_paths, 1)))
        last = v[-s:]
        point = np.array([last[j % s] for j in range(horizon)])
        paths = np.empty((n_paths, horizon))
        for j in range(horizon):
            prev = paths[:, j - s] if j >= s else np.full(n_paths, last[j % s])
            paths[:, j] = prev + sigma[:, 0] * rng.standard_normal(n_paths)
        return point, paths


class Ets(Model):
    """Additive-error ETS with an additive (optionally damped) trend."""

    def __init__(self, name: str, damped: bool, min_points: int) -> None:
        self.name = name
        self.damped = damped
        self.min_points = min_points
        self.title = "ETS(A,Ad,N) damped trend" if damped else "ETS(A,A,N) linear trend"

    def _forecast(self, y, info, horizon, n_paths, rng):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        res = ETSModel(y, error="add", trend="add", damped_trend=self.damped).fit(disp=False)
        point = res.forecast(horizon).to_numpy(float)
        sims = res.simulate(horizon, repetitions=n_paths, anchor="end", rng=rng)
        return point, np.asarray(sims, float).reshape(horizon, n_paths).T


def _matrix(ssm, key: str) -> np.ndarray:
    m = np.asarray(ssm[key], float)
    return m[..., 0] if m.ndim == 3 else m


class Uc(Model):
    """``UnobservedComponents`` fitted by maximum likelihood (Powell).

    Paths are simulated in numpy from the predicted state after the last
    observation (mean and covariance from the Kalman filter), which is about
    100 times faster than ``simulate`` and equivalent for fixed parameters.
    """

    def __init__(self, name: str, level: str, min_points: int, seasonal: int | None = None) -> None:
        self.name = name
        self.level = level
        self.seasonal = seasonal
        self.min_points = min_points
        self.freqs = ("Q",) if seasonal else ("Y", "Q")
        titles = {"llevel": "local level", "lltrend": "local linear trend"}
        self.title = titles[level] + (" + quarterly seasonal" if seasonal else "") + " (UnobservedComponents)"

    def _forecast(self, y, info, horizon, n_paths, rng):
        from statsmodels.tsa.statespace.structural import UnobservedComponents

        scale = float(np.std(y.to_numpy(float))) or 1.0
        z = y / scale  # fit on a unit scale: the optimiser is better behaved
        res = UnobservedComponents(z, self.level, seasonal=self.seasonal).fit(
            disp=False, method="powell", cov_type="none"
        )
        ssm = res.model.ssm
        design, trans, sel = _matrix(ssm, "design"), _matrix(ssm, "transition"), _matrix(ssm, "selection")
        q, obs = _matrix(ssm, "state_cov"), _matrix(ssm, "obs_cov")
        k = trans.shape[0]
        a = np.asarray(res.predicted_state[:, -1], float)
        p = np.asarray(res.predicted_state_cov[:, :, -1], float)
        state = a + rng.standard_normal((n_paths, k)) @ _chol(p).T
        q_chol = _chol(q)
        obs_sd = float(np.sqrt(max(obs[0, 0], 0.0)))
        paths = np.empty((n_paths, horizon))
        point = np.empty(horizon)
        mean_state = a
        for j in range(horizon):
            point[j] = design[0] @ mean_state
            paths[:, j] = state @ design[0] + obs_sd * rng.standard_normal(n_paths)
            shocks = rng.standard_normal((n_paths, q.shape[0])) @ q_chol.T
            state = state @ trans.T + shocks @ sel.T
            mean_state = trans @ mean_state
        return point * scale, paths * scale


def _chol(cov: np.ndarray) -> np.ndarray:
    """Cholesky factor of a covariance matrix that may be singular."""
    cov = 0.5 * (cov + cov.T)
    vals, vecs = np.linalg.eigh(cov)
    return vecs * np.sqrt(np.clip(vals, 0.0, None))


class NegBinTrend(Model):
    """Negative-binomial GLM, log link, linear trend in time (+ quarter effects).

    The dispersion is the moment estimate from a Poisson fit (a discrete NB
    fit can fail its Hessian at n = 5). The fitted log-linear trend is
    damped when extrapolated (each further year adds :attr:`damping` times
    the previous year's slope), so a slope fitted to a few small counts
    does not explode. Paths draw the coefficients from their estimated
    normal distribution, then counts from the NB2 law.
    """

    name = "negbin_trend"
    title = "negative-binomial GLM with damped log-linear trend"
    counts_only = True
    damping = 0.8

    def _design(self, t: np.ndarray, info: SeriesInfo, quarters: np.ndarray | None) -> np.ndarray:
        cols = [np.ones_like(t), t]
        if quarters is not None:
            cols += [(quarters == q).astype(float) for q in (2, 3, 4)]
        return np.column_stack(cols)

    def _forecast(self, y, info, horizon, n_paths, rng):
        import statsmodels.api as sm

        v = y.to_numpy(float)
        n = len(v)
        if v.sum() == 0:
            return np.zeros(horizon), np.zeros((n_paths, horizon))
        per_year = info.periods_per_year
        t_all = np.arange(n + horizon, dtype=float) / per_year
        t_all -= t_all[:n].mean()
        steps = self.damping ** (np.arange(1, horizon + 1) / per_year)
        t_all[n:] = t_all[n - 1] + np.cumsum(steps) / per_year  # damped time beyond the data
        quarters = None
        if info.freq == "Q" and n >= 8:
            first = y.index[0].quarter
            quarters = (np.arange(n + horizon) + first - 1) % 4 + 1
        x_all = self._design(t_all, info, quarters)
        x, x_f = x_all[:n], x_all[n:]
        pois = sm.GLM(v, x, family=sm.families.Poisson()).fit()
        alpha = nb_alpha_moments(v, pois.fittedvalues, x.shape[1])
        res = sm.GLM(v, x, family=sm.families.NegativeBinomial(alpha=max(alpha, 1e-8))).fit()
        beta = np.asarray(res.params, float)
        cov = np.asarray(res.cov_params(), float)
        betas = beta + rng.standard_normal((n_paths, len(beta))) @ _chol(cov).T
        cap = np.log(50.0 * v.max() + 100.0)
        mu = np.exp(np.minimum(betas @ x_f.T, cap))
        point = np.exp(np.minimum(x_f @ beta, cap))
        return point, nb_draws(mu, alpha, rng)


#: All models by name, in a fixed order (the order also keys random streams).
MODELS: dict[str, Model] = {
    m.name: m
    for m in (
        Naive(),
        Drift(),
        Ets("ets_trend", damped=False, min_points=9),
        Ets("ets_damped", damped=True, min_points=11),
        Uc("uc_level", "llevel", min_points=4),
        Uc("uc_trend", "lltrend", min_points=5),
        NegBinTrend(),
        SeasonalNaive(),
        Uc("uc_seasonal", "llevel", min_points=8, seasonal=4),
    )
}


def model_names() -> list[str]:
    """Names of all models, in registry order."""
    return list(MODELS)
