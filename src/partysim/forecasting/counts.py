"""Negative-binomial helpers for counts (people admitted, people leaving).

The negative binomial here is the NB2 gamma-Poisson mixture: mean ``mu``,
variance ``mu + alpha * mu**2`` (``alpha`` >= 0, 0 = Poisson). Shared by the
forecasting GLM and the nowcast.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ALPHA_MAX", "nb_alpha_moments", "nb_draws"]

#: Upper bound on the estimated dispersion (a coefficient of variation of 3).
ALPHA_MAX = 9.0


def nb_alpha_moments(y: np.ndarray, mu: np.ndarray, n_params: int) -> float:
    """Moment estimate of the NB2 dispersion ``alpha`` from a Poisson fit.

    Uses the Cameron-Trivedi estimator
    ``sum(((y - mu)**2 - y) / mu**2) / (n - n_params)``, floored at 0 and
    capped at :data:`ALPHA_MAX`. With no residual degrees of freedom it
    returns 0 (Poisson).

    Args:
        y: Observed counts.
        mu: Fitted means (same shape, > 0).
        n_params: Number of regression coefficients fitted.
    """
    y = np.asarray(y, float)
    mu = np.maximum(np.asarray(mu, float), 1e-9)
    dof = len(y) - n_params
    if dof <= 0:
        return 0.0
    alpha = float(np.sum(((y - mu) ** 2 - y) / mu**2) / dof)
    return float(np.clip(alpha, 0.0, ALPHA_MAX))


def nb_draws(mu: np.ndarray, alpha: float, rng: np.random.Generator) -> np.ndarray:
    """Draw NB2 counts with means ``mu`` (any shape) and dispersion ``alpha``.

    Returns:
        Integer-valued float array of the shape of ``mu``.
    """
    mu = np.maximum(np.asarray(mu, float), 0.0)
    if alpha > 1e-9:
        shape = 1.0 / alpha
        lam = rng.gamma(shape, mu / shape)
    else:
        lam = mu
    return rng.poisson(np.minimum(lam, 1e12)).astype(float)
