"""Accuracy and coverage measures for forecasts (M-competition conventions).

* MASE: mean absolute error divided by the in-sample mean absolute error of
  the naive (one-step random walk) forecast on the training window; unit
  free, 1.0 = as good as the naive forecast was in-sample.
* sMAPE: ``200 * |y - f| / (|y| + |f|)``, in percent (0-200).
* Coverage: share of outcomes inside an interval (fraction, 0-1).
"""

from __future__ import annotations

import numpy as np

__all__ = ["covered", "naive_scale", "scaled_errors", "smape"]


def naive_scale(train: np.ndarray, lag: int = 1) -> float:
    """Mean absolute ``lag``-step change of ``train`` (units of the data).

    Falls back to the mean absolute level (or 1.0) for a constant series, so
    scaled errors stay finite.
    """
    train = np.asarray(train, float)
    if len(train) > lag:
        scale = float(np.mean(np.abs(train[lag:] - train[:-lag])))
        if scale > 0:
            return scale
    level = float(np.mean(np.abs(train))) if len(train) else 0.0
    return level if level > 0 else 1.0


def scaled_errors(actual: np.ndarray, point: np.ndarray, scale: float) -> np.ndarray:
    """Absolute errors divided by ``scale``; their mean is the MASE."""
    return np.abs(np.asarray(actual, float) - np.asarray(point, float)) / scale


def smape(actual: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Symmetric absolute percentage errors (percent, 0-200), 0 where both are 0."""
    a = np.asarray(actual, float)
    f = np.asarray(point, float)
    den = np.abs(a) + np.abs(f)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, 200.0 * np.abs(a - f) / den, 0.0)
    return out


def covered(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Whether each outcome lies in its closed interval ``[lo, hi]`` (bool array)."""
    a = np.asarray(actual, float)
    return (a >= np.asarray(lo, float)) & (a <= np.asarray(hi, float))
