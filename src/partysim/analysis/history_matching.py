"""Weights of simulated parameter sets: a Gaussian likelihood within the non-implausible
region, found by history matching with an emulator.

For published figures ``o_i`` and a set ``k`` whose ``R`` replications have mean moments
``m_ki``::

    V_ki = (obs_error * o_i)^2 + (discrepancy * o_i)^2 + (1 + 1/R) * var_rep_ki
    I_ki = |o_i - m_ki| / sqrt(V_ki)                          (implausibility)
    L_k  = prod_i exp(-(o_i - m_ki)^2 / (2 V_ki)) / sqrt(V_ki)   if max_i I_ki < cutoff, else 0
    w_k  ∝ L_k / (q_k / prior_k)                              (importance sampling)

``var_rep_ki`` is the replication variance of one run, measured: the pooled ratio of
within-set variance to the mean over all sets, times the set's mean (a Poisson-like
variance for counts). The published figure is one run of the world, hence ``var_rep``
once, and the set's mean carries ``var_rep / R`` more.

:func:`waves` draws the sets: wave 1 from the priors; if that leaves too few sets with
weight, a Gaussian-process emulator (:mod:`partysim.analysis.emulator`) fitted to wave 1
screens a large candidate set from the priors (the emulator's variance added to ``V``),
and the next waves are simulated from the candidates it finds non-implausible. The
proposal is then a mixture of the prior and the prior restricted to that region, and
``q_k / prior_k = (n_1 + n_2 * 1[k in region] / p) / (n_1 + n_2)`` (``p`` the region's
share of the candidates), so the weights stay those of the posterior.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from partysim.analysis.emulator import Emulator
from partysim.analysis.posterior_runs import Runs
from partysim.analysis.priors import Prior

__all__ = ["Likelihood", "Screen", "Weighing", "likelihood_variance", "waves", "weigh"]


@dataclass(frozen=True)
class Likelihood:
    """The figures and the errors allowed around them.

    Attributes:
        observed: The M published figures (their units).
        obs_error: SD of a figure's error, share of the figure.
        discrepancy: SD of the model's discrepancy, share of the figure.
        cutoff: Implausibility at which a set is ruled out.
        min_sets: Sets with weight wanted.
        min_ess: Effective sample size wanted.
        moment_weights: Weight of each figure (the block's ``weight``): ``V`` is divided
            by it, so 0.5 counts a figure as if its errors were 1.4 times larger and 0
            leaves it out (default: all 1).
    """

    observed: np.ndarray
    obs_error: float = 0.05
    discrepancy: float = 0.05
    cutoff: float = 3.0
    min_sets: int = 100
    min_ess: float = 50.0
    moment_weights: tuple[float, ...] | None = None

    def enough(self, w: Weighing) -> bool:
        """True when ``w`` has the sets and effective sample size wanted."""
        return w.positive >= self.min_sets and w.ess >= self.min_ess


@dataclass
class Weighing:
    """The weights of simulated sets and how they were reached.

    Attributes:
        weights: Weight of each set (sums to 1; 0 for ruled-out sets; all 0 if none fits).
        implausibility: Largest implausibility of each set over the moments.
        mean: Array (K, M): each set's mean moment over its replications.
        variance: Array (K, M): the likelihood's variance ``V`` (figure's unit squared).
        replication_ratio: Per moment, replication variance of one run per unit of mean.
        ess: Effective sample size (Kish), ``1 / sum w^2``.
        positive: Sets with positive weight.
    """

    weights: np.ndarray
    implausibility: np.ndarray
    mean: np.ndarray
    variance: np.ndarray
    replication_ratio: np.ndarray
    ess: float
    positive: int


def likelihood_variance(
    mean: np.ndarray, like: Likelihood, ratio: np.ndarray, replications: int, extra: Any = 0.0
) -> np.ndarray:
    """``V``: observation error, discrepancy and replication noise (plus ``extra``, e.g.
    an emulator's variance), for means of shape (K, M)."""
    size = np.maximum(np.abs(np.asarray(like.observed, float)), 1.0)
    fixed = (like.obs_error * size) ** 2 + (like.discrepancy * size) ** 2
    v = np.maximum(fixed + (1.0 + 1.0 / replications) * ratio * np.maximum(np.abs(mean), 1.0) + extra, 1e-12)
    if like.moment_weights is None:
        return v
    w = np.asarray(like.moment_weights, float)
    return np.where(w > 0, v / np.where(w > 0, w, 1.0), np.inf)


def weigh(moments: np.ndarray, like: Likelihood, proposal: np.ndarray | None = None) -> Weighing:
    """Likelihood weights of simulated sets.

    Args:
        moments: Array (K, R, M) of simulated moments (sets, replications, moments).
        like: The figures and errors.
        proposal: Per set, the proposal density over the prior's (default 1: the prior).

    Returns:
        :class:`Weighing`.
    """
    moments = np.asarray(moments, float)
    k, r, _ = moments.shape
    mean = np.nanmean(moments, axis=1)
    if r >= 2:
        ratio = np.nansum(np.nanvar(moments, axis=1, ddof=1), axis=0) / np.nansum(np.maximum(np.abs(mean), 1.0), axis=0)
    else:
        ratio = np.zeros(mean.shape[1])
    variance = likelihood_variance(mean, like, ratio, r)
    z2 = (like.observed - mean) ** 2 / variance
    implausibility = np.sqrt(np.nanmax(np.where(np.isnan(z2), np.inf, z2), axis=1))
    log_w = -0.5 * np.sum(z2 + np.log(np.where(np.isinf(variance), 1.0, variance)), axis=1)  # inf: left out
    if proposal is not None:
        log_w = log_w - np.log(proposal)
    keep = (implausibility < like.cutoff) & np.isfinite(log_w)
    w = np.zeros(k)
    if keep.any():
        w[keep] = np.exp(log_w[keep] - log_w[keep].max())
        w /= w.sum()
    ess = float(1.0 / np.sum(w**2)) if keep.any() else 0.0
    return Weighing(w, implausibility, mean, variance, ratio, ess, int(keep.sum()))


@dataclass
class Screen:
    """An emulator and its predictions at a large candidate set drawn from the priors.

    Both depend only on the simulated wave, not on the figures, so one screen serves any
    figures (the simulation-based calibration check reuses it).
    """

    emulator: Emulator
    candidates: pd.DataFrame
    mean: np.ndarray
    sd: np.ndarray

    @classmethod
    def fit(cls, prior_list: list[Prior], runs: Runs, candidates: pd.DataFrame) -> Screen:
        """Fit the emulator to ``runs`` (set means) and predict at ``candidates``."""
        em = Emulator.fit(prior_list, runs.sets, np.nanmean(runs.moments, axis=1))
        mean, sd = em.predict(candidates)
        return cls(em, candidates, mean, sd)

    def inside(self, mean: np.ndarray, sd: np.ndarray, like: Likelihood, ratio: np.ndarray, r: int) -> np.ndarray:
        """True where emulated sets are non-implausible (emulator variance included)."""
        v = likelihood_variance(mean, like, ratio, r, sd**2)
        return np.sqrt(np.max((like.observed - mean) ** 2 / v, axis=1)) < like.cutoff

    def region(self, like: Likelihood, ratio: np.ndarray, r: int) -> np.ndarray:
        """Which candidates are non-implausible."""
        return self.inside(self.mean, self.sd, like, ratio, r)


def extend_from_prior(
    simulate: Callable[[pd.DataFrame], Runs], design: pd.DataFrame, runs: Runs, like: Likelihood, most: int
) -> tuple[Runs, Weighing, int]:
    """Without an emulator: the next sets of the prior design, doubling, until enough."""
    w, rounds = weigh(runs.moments, like), 1
    while not like.enough(w) and len(runs) < most:
        n = len(runs)
        runs = runs.extend(simulate(design.iloc[n : min(2 * n, most)]))
        w, rounds = weigh(runs.moments, like), rounds + 1
    return runs, w, rounds


def waves(
    simulate: Callable[[pd.DataFrame], Runs],
    design: pd.DataFrame,
    like: Likelihood,
    most: int,
    screen: Callable[[Runs], Screen] | Screen | None,
    first: Runs,
) -> tuple[Runs, Weighing, dict[str, Any]]:
    """Wave 1 (``first``, drawn from the priors), then waves from the non-implausible region.

    Args:
        simulate: Runs a table of parameter sets.
        design: The prior design ``first`` was taken from (used without an emulator).
        like: Figures, errors and what is enough.
        most: Largest number of sets simulated.
        screen: A :class:`Screen`, a function that fits one to wave 1, or ``None`` to
            extend from the prior design instead.
        first: The simulated wave 1.

    Returns:
        ``(runs, weighing, info)``; ``info``: rounds, wave-1 sets, share of candidates
        found non-implausible (``None`` when no emulator was used).
    """
    w = weigh(first.moments, like)
    info: dict[str, Any] = {"rounds": 1, "wave1": len(first), "region_share": None}
    if like.enough(w) or len(first) >= most:
        return first, w, info
    if screen is None:
        runs, w, info["rounds"] = extend_from_prior(simulate, design, first, like, most)
        return runs, w, info
    sc = screen if isinstance(screen, Screen) else screen(first)
    r = first.moments.shape[1]
    pool = sc.candidates[sc.region(like, w.replication_ratio, r)]
    share = len(pool) / len(sc.candidates)
    info |= {"region_share": share, "candidates": len(sc.candidates)}
    if share == 0:
        runs, w, info["rounds"] = extend_from_prior(simulate, design, first, like, most)
        return runs, w, info
    inside = sc.inside(*sc.emulator.predict(first.sets), like, w.replication_ratio, r).astype(float)
    runs, n1, taken, step = first, len(first), 0, len(first)
    while not like.enough(w) and len(runs) < most and taken < len(pool):
        m = min(step, most - len(runs), len(pool) - taken)
        runs = runs.extend(simulate(pool.iloc[taken : taken + m]))
        inside, taken, step = np.concatenate([inside, np.ones(m)]), taken + m, 2 * step
        w = weigh(runs.moments, like, (n1 + taken * inside / share) / (n1 + taken))
        info["rounds"] += 1
    return runs, w, info
