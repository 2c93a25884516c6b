"""The statistics behind "what matters": which parameters move a figure across an
ensemble's parameter sets, and a short rule on them for when a target is met.

- :func:`importance`: standardized regression coefficients of the set means on the
  parameters (weighted least squares), with a t test per coefficient; with too few sets
  for a regression (K < parameters + 2), the plain correlations with their t test. A
  parameter *matters* when its test passes at 5% after a Bonferroni correction for the
  number of parameters varied: with many parameters and few sets, chance correlations
  are large (8 sets, 24 parameters: the largest is typically above 0.6), and naming one
  of them would mislead.
- :func:`met_rule`: a depth-2 decision tree (scikit-learn) of "met" over the runs, on
  the parameters that matter only, kept when P(met) inside its best leaf exceeds P(met)
  outside by more than two standard errors counted in parameter sets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["ALPHA", "Condition", "importance", "met_rule"]

ALPHA = 0.05
"""Family-wise level of the tests that decide whether a parameter matters."""


@dataclass(frozen=True)
class Condition:
    """One condition of a rule: ``path >= value`` (``above``) or ``path < value``."""

    path: str
    above: bool
    value: float


def _standardize(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns of ``x`` centred and scaled by their weighted SD; also the SDs."""
    mean = w @ x / w.sum()
    sd = np.sqrt(w @ (x - mean) ** 2 / w.sum())
    return (x - mean) / np.where(sd > 0, sd, 1.0), sd


def _regression(xs: np.ndarray, ys: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted least squares of standardized ``ys`` on standardized ``xs`` (centred, so
    no intercept column; its degree of freedom is counted): coefficients, two-sided
    p-values, R². Weights are scaled to sum to the number of sets."""
    n, p = xs.shape
    w = w * n / w.sum()
    root = np.sqrt(w)[:, None]
    a = xs * root
    beta = np.linalg.lstsq(a, ys * root[:, 0], rcond=None)[0]
    resid = ys - xs @ beta
    rss, tss = float(w @ resid**2), float(w @ ys**2)
    df = n - p - 1
    cov = rss / df * np.linalg.pinv(a.T @ a)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(se > 0, beta / se, np.inf * np.sign(beta))
    return beta, 2 * stats.t.sf(np.abs(t), df), 1 - rss / tss


def _correlation_p(r: np.ndarray, n: int) -> np.ndarray:
    """Two-sided p-values of correlations ``r`` over ``n`` sets (t test, n - 2 df)."""
    if n < 3:
        return np.ones_like(r)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = r * np.sqrt((n - 2) / np.clip(1 - r**2, 1e-15, None))
    return 2 * stats.t.sf(np.abs(t), n - 2)


def importance(x: pd.DataFrame, y: np.ndarray, w: np.ndarray) -> tuple[pd.DataFrame, float]:
    """Which parameters move ``y``, standardized, with a test of each.

    Args:
        x: One row per parameter set, one column per parameter.
        y: The set means of the figure.
        w: The sets' weights.

    Returns:
        ``(table, r2)``: columns ``parameter, src, correlation, p_value, matters,
        strength`` sorted by strength (``|src|``, or ``|correlation|`` when there is no
        regression); ``matters`` is ``p_value < ALPHA / parameters varied``. ``r2`` is the
        regression's R² (NaN when K < parameters + 2 or ``y`` does not vary).
    """
    xs, sd_x = _standardize(x.to_numpy(float), w)
    ys, sd_y = _standardize(np.asarray(y, float)[:, None], w)
    varied = sd_x > 0
    m = len(sd_x)
    corr, src, p_value, r2 = np.zeros(m), np.zeros(m), np.ones(m), float("nan")
    if sd_y[0] > 0:
        corr = np.where(varied, (w @ (xs * ys)) / w.sum(), 0.0)
        if len(y) >= varied.sum() + 2:
            beta, p, r2 = _regression(xs[:, varied], ys[:, 0], w)
            src[varied], p_value[varied] = beta, p
        else:
            src = np.full(m, np.nan)
            p_value = np.where(varied, _correlation_p(corr, len(y)), 1.0)
    strength = np.abs(np.where(np.isfinite(src), src, corr))
    matters = p_value < ALPHA / max(int(varied.sum()), 1)
    table = pd.DataFrame(
        {"parameter": list(x.columns), "src": src, "correlation": corr, "p_value": p_value, "matters": matters}
    ).assign(strength=strength)
    return table.sort_values("strength", ascending=False, kind="stable").reset_index(drop=True), r2


def _path_to(tree, leaf: int) -> list[tuple[int, bool, float]]:
    """(feature, went right, threshold) from the root to ``leaf``."""
    left, right = tree.children_left, tree.children_right
    parent = {int(c): (i, False) for i, c in enumerate(left) if c >= 0}
    parent.update({int(c): (i, True) for i, c in enumerate(right) if c >= 0})
    steps = []
    node = leaf
    while node in parent:
        p, went_right = parent[node]
        steps.append((int(tree.feature[p]), went_right, float(tree.threshold[p])))
        node = p
    return steps[::-1]


def _merge(conditions: list[Condition]) -> tuple[Condition, ...]:
    """One condition per parameter and direction (the tightest)."""
    best: dict[tuple[str, bool], Condition] = {}
    for c in conditions:
        key = (c.path, c.above)
        old = best.get(key)
        if old is None or (c.value > old.value if c.above else c.value < old.value):
            best[key] = c
    return tuple(best.values())


def _beyond_chance(p_in: float, p_out: float, p_all: float, n_in: int, n_out: int) -> bool:
    """True when P(met) inside and outside a rule differ by more than two standard errors."""
    if n_in == 0 or n_out == 0 or not np.isfinite(p_out):
        return False
    se = np.sqrt(p_all * (1 - p_all) * (1 / n_in + 1 / n_out))
    return bool(p_in - p_out > 2 * se)


def _best_leaf(leaves: np.ndarray, met: np.ndarray, w: np.ndarray) -> tuple[int, float]:
    """The leaf with the highest weighted P(met) (ties: the heavier), and that P(met)."""
    best, best_key = -1, (-1.0, 0.0)
    for leaf in np.unique(leaves):
        inside = leaves == leaf
        key = (float(np.sum(w[inside] * met[inside]) / np.sum(w[inside])), float(np.sum(w[inside])))
        if key > best_key:
            best, best_key = int(leaf), key
    return best, best_key[0]


def met_rule(
    x: pd.DataFrame, met: np.ndarray, w: np.ndarray, sets: np.ndarray | None = None
) -> tuple[tuple[Condition, ...], float, float]:
    """A depth-2 decision tree of ``met`` on the parameters, as a rule.

    The rule is kept only when it separates more than chance would: the gap between
    P(met) inside and outside it must exceed twice its standard error, counted with the
    parameter sets (not the runs) as the units, since runs of one set share parameters.

    Args:
        x: One row per run, one column per parameter (pass only those that matter).
        met: Whether each run met the target.
        w: Each run's weight.
        sets: Each run's parameter set (default: every run its own set).

    Returns:
        ``(conditions, P(met | conditions), P(met | not conditions))`` for the leaf with
        the highest weighted P(met); no conditions (and P(met) twice) when there is no
        parameter, no split helps or the gap could be chance.
    """
    from sklearn.tree import DecisionTreeClassifier  # imported here: slow to import

    met = np.asarray(met, bool)
    p_all = float(np.sum(w * met) / np.sum(w))
    if met.all() or not met.any() or x.shape[1] == 0:
        return (), p_all, p_all
    xv = x.to_numpy(float)
    tree = DecisionTreeClassifier(
        max_depth=2, min_samples_leaf=max(2, len(met) // 10), min_impurity_decrease=0.005, random_state=0
    ).fit(xv, met, sample_weight=w)
    leaves = tree.apply(xv)
    best, p_in = _best_leaf(leaves, met, w)
    steps = _path_to(tree.tree_, best)
    inside = leaves == best
    outside_w = np.sum(w[~inside])
    p_out = float(np.sum(w[~inside] * met[~inside]) / outside_w) if outside_w > 0 else float("nan")
    sets = np.arange(len(met)) if sets is None else np.asarray(sets)
    n_in, n_out = len(np.unique(sets[inside])), len(np.unique(sets[~inside]))
    if not steps or not _beyond_chance(p_in, p_out, p_all, n_in, n_out):
        return (), p_all, p_all
    return _merge([Condition(str(x.columns[f]), right, thr) for f, right, thr in steps]), p_in, p_out
