"""Weighted statistics of an ensemble: means, variances, quantiles and the split of a
variance between parameter sets and replications.

An ensemble of K parameter sets x R replications gives each run the weight of its set
divided by the set's number of runs, so every set counts as much as its weight whatever
its number of valid runs. With equal weights the quantiles here are numpy's default
(linear interpolation, "type 7"), so an ensemble of one set judges a target exactly as
:func:`partysim.analysis.verdicts.evaluate` does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

__all__ = [
    "VarianceSplit",
    "normalized_weights",
    "split_variance",
    "weighted_mean",
    "weighted_quantile",
    "weighted_variance",
]


def normalized_weights(weights: np.ndarray | list[float] | None, n: int) -> np.ndarray:
    """Weights of ``n`` items as non-negative floats summing to 1.

    Args:
        weights: One weight per item (any positive scale), or ``None`` for equal weights.
        n: Number of items.

    Raises:
        ValueError: Wrong length, a negative or non-finite weight, or all weights zero.
    """
    if weights is None:
        return np.full(n, 1.0 / n)
    w = np.asarray(weights, dtype=float).ravel()
    if len(w) != n:
        raise ValueError(f"expected {n} weights (one per parameter set), got {len(w)}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    if w.sum() <= 0:
        raise ValueError("weights must not all be zero")
    return w / w.sum()


def weighted_mean(x: np.ndarray, w: np.ndarray) -> float:
    """Mean of ``x`` under weights ``w`` (any positive scale)."""
    return float(np.sum(w * x) / np.sum(w))


def weighted_variance(x: np.ndarray, w: np.ndarray) -> float:
    """Population variance (no small-sample correction) of ``x`` under weights ``w``."""
    m = weighted_mean(x, w)
    return float(np.sum(w * (x - m) ** 2) / np.sum(w))


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float | list[float]) -> np.ndarray:
    """Quantiles of ``x`` under weights ``w``, interpolated linearly.

    The sorted values sit at plotting positions ``(S_i - w_i) / (S_n - w_n)`` (``S_i``
    the cumulative weight), which for equal weights are ``(i - 1) / (n - 1)``: numpy's
    default method.

    Args:
        x: Values.
        w: Non-negative weights, same length (zero-weight values are ignored).
        q: Quantile(s) in [0, 1].

    Returns:
        The quantile(s) as an array (NaN when no value has weight).
    """
    x, w = np.asarray(x, float), np.asarray(w, float)
    keep = w > 0
    x, w = x[keep], w[keep]
    qs = np.atleast_1d(np.asarray(q, float))
    if len(x) == 0:
        return np.full(len(qs), np.nan)
    if len(x) == 1:
        return np.full(len(qs), x[0])
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    s = np.cumsum(w)
    pos = (s - w) / (s[-1] - w[-1])
    return np.interp(qs, pos, x)


@dataclass(frozen=True)
class VarianceSplit:
    """The variance of a figure split by the law of total variance.

    ``total = parameters + noise``: ``parameters = Var_k[E_r]`` (how far the parameter
    sets' means differ) and ``noise = E_k[Var_r]`` (the spread between replications of
    one set). Variances are in the figure's unit squared.

    Attributes:
        variable: The target name or annual column.
        year: The year.
        total: Variance over every run (weighted).
        parameters: Variance of the set means (weighted).
        noise: Weighted mean of the within-set variances.
        parameter_share: ``parameters / total`` (0-1; NaN when ``total`` is 0).
        noise_share: ``noise / total`` (0-1; NaN when ``total`` is 0).
    """

    variable: str
    year: int
    total: float
    parameters: float
    noise: float
    parameter_share: float
    noise_share: float

    def as_dict(self) -> dict[str, float | int | str]:
        """The split as a plain dict (JSON-friendly)."""
        return asdict(self)


def split_variance(
    values: np.ndarray, sets: np.ndarray, set_weights: np.ndarray, variable: str = "", year: int = 0
) -> VarianceSplit:
    """Split the variance of ``values`` between parameter sets and replications.

    Args:
        values: One value per run.
        sets: The parameter set (0..K-1) of each run.
        set_weights: Weight of each parameter set (length K; sets without a run are
            dropped and the others renormalized).
        variable: Name carried into the result.
        year: Year carried into the result.

    Returns:
        The :class:`VarianceSplit`. Population variances are used, so
        ``total == parameters + noise`` exactly.
    """
    values, sets = np.asarray(values, float), np.asarray(sets, int)
    present = np.unique(sets)
    w = np.asarray(set_weights, float)[present]
    w = w / w.sum()
    means = np.array([values[sets == k].mean() for k in present])
    variances = np.array([values[sets == k].var() for k in present])
    between = float(np.sum(w * (means - np.sum(w * means)) ** 2))
    within = float(np.sum(w * variances))
    total = between + within
    share = (between / total) if total > 0 else float("nan")
    return VarianceSplit(
        variable, int(year), total, between, within, share, (within / total) if total > 0 else float("nan")
    )
