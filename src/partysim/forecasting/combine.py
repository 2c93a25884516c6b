"""Choosing or combining models from their backtest accuracy.

* ``"select"``: the single model with the lowest backtest MASE.
* ``"combine"`` (default): the ``top`` models with the lowest backtest MASE,
  weighted in inverse proportion to their MASE. Combinations of a few
  simple models are more accurate on short annual series than any one model
  chosen on a handful of backtest errors.

Without backtest errors (a series of 4 points), all candidates get equal
weights. The combined sample paths are a mixture: each model contributes a
share of paths equal to its weight.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["METHODS", "weights_from_scores", "mix_paths"]

#: Ways to turn backtest scores into model weights.
METHODS: tuple[str, ...] = ("combine", "select")


def weights_from_scores(mase: pd.Series, method: str = "combine", top: int = 3) -> dict[str, float]:
    """Model weights (summing to 1) from backtest MASE per model.

    Args:
        mase: Backtest MASE indexed by model name, in registry order (NaN
            where a model has no errors).
        method: ``"combine"`` or ``"select"``.
        top: Models kept by ``"combine"``.

    Returns:
        ``{model: weight}`` for models with positive weight, in the order of
        ``mase``.

    Raises:
        ValueError: On an unknown method or an empty ``mase``.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if mase.empty:
        raise ValueError("no candidate models")
    scored = mase.dropna()
    if scored.empty:
        return {name: 1.0 / len(mase) for name in mase.index}
    order = scored.sort_values(kind="stable")
    if method == "select":
        return {order.index[0]: 1.0}
    kept = order.iloc[:top]
    inv = 1.0 / np.maximum(kept.to_numpy(float), 1e-6)
    w = inv / inv.sum()
    chosen = dict(zip(kept.index, w))
    return {name: float(chosen[name]) for name in mase.index if name in chosen}


def _allocate(weights: list[float], total: int) -> list[int]:
    """Split ``total`` paths by ``weights`` (largest remainder, deterministic)."""
    raw = np.asarray(weights, float) * total
    counts = np.floor(raw).astype(int)
    rest = total - counts.sum()
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[:rest]] += 1
    return counts.tolist()


def mix_paths(paths: dict[str, np.ndarray], weights: dict[str, float], n_paths: int) -> np.ndarray:
    """Mixture of the models' sample paths with the given weights.

    Args:
        paths: Paths per model, each ``(>= n_paths, horizon)``.
        weights: Model weights summing to 1.
        n_paths: Paths in the mixture.

    Returns:
        Array ``(n_paths, horizon)``: the first ``round(w * n_paths)`` paths of
        each model, stacked in the order of ``weights``.
    """
    names = list(weights)
    counts = _allocate([weights[n] for n in names], n_paths)
    return np.vstack([paths[name][:c] for name, c in zip(names, counts) if c > 0])
