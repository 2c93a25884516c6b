"""Which levers matter: global sensitivity analysis and a logistic regression on a sweep.

Both work on the runs of a sweep as they were sampled (a grid or a Latin hypercube), so
no special design is needed:

- :func:`first_order_indices`: RBD-FAST first-order sensitivity indices (SALib
  ``rbd_fast``, which estimates them from any given sample): the share of the variance
  of a target's value across runs explained by each lever alone. The rest is explained
  by interactions and by chance (the replications).
- :func:`logistic_levers`: a statsmodels logistic regression of "target met" (one row
  per run and judged year) on the levers, standardised (coefficients are changes in the
  log-odds of meeting the target per standard deviation of the lever across the sweep),
  with a fixed effect per year.
"""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd

__all__ = ["first_order_indices", "logistic_levers"]

_SEPARATED = 10.0
"""Log-odds per standard deviation beyond which a fit is taken as (quasi-)separated: an
odds ratio above 20,000 per SD only arises when the levers split met from missed."""


def _rbd_harmonics(n: int) -> int:
    """Harmonics used by RBD-FAST for ``n`` samples (fewer for small samples)."""
    return int(min(10, max(1, n // 16)))


def first_order_indices(runs: pd.DataFrame, levers: list[str], seed: int = 0) -> pd.DataFrame:
    """First-order sensitivity index of each lever for each target (RBD-FAST).

    The output of a run is the target's value averaged over the years it is judged in.

    Args:
        runs: From :func:`partysim.batch.compare.sweep_runs` (columns per lever,
            ``label, replication, target, year, value``).
        levers: Swept levers (columns).
        seed: Seed of the bootstrap for the intervals.

    Returns:
        Columns ``target, lever, S1, S1_conf, n`` (``S1`` between 0 and 1, NaN when it
        cannot be estimated; ``S1_conf`` half-width of the 95% bootstrap interval).
    """
    from SALib.analyze import rbd_fast

    rows = []
    for target, g in runs.groupby("target", sort=False):
        per_run = g.groupby(["label", "replication"], sort=False).agg(
            value=("value", "mean"), **{lv: (lv, "first") for lv in levers}
        )
        X = per_run[levers].to_numpy(float)
        Y = per_run["value"].to_numpy(float)
        n = len(Y)
        s1 = conf = np.full(len(levers), np.nan)
        varying = np.ptp(X, axis=0) > 0 if n else np.zeros(len(levers), bool)
        if n >= 8 and np.ptp(Y) > 0 and varying.any():
            bounds = [
                [float(X[:, i].min()), float(X[:, i].max()) if varying[i] else float(X[:, i].min()) + 1.0]
                for i in range(len(levers))
            ]
            problem = {"num_vars": len(levers), "names": list(levers), "bounds": bounds}
            try:
                with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res = rbd_fast.analyze(problem, X, Y, M=_rbd_harmonics(n), num_resamples=100, seed=seed)
                s1 = np.clip(np.asarray(res["S1"], float), 0.0, 1.0)
                conf = np.asarray(res["S1_conf"], float)
                s1 = np.where(varying, s1, np.nan)
            except (ValueError, ZeroDivisionError, FloatingPointError):
                pass
        for i, lever in enumerate(levers):
            rows.append({"target": target, "lever": lever, "S1": float(s1[i]), "S1_conf": float(conf[i]), "n": n})
    return pd.DataFrame(rows)


def logistic_levers(runs: pd.DataFrame, levers: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Logistic regression of "target met" on the levers, one model per target.

    Args:
        runs: From :func:`partysim.batch.compare.sweep_runs` (columns per lever,
            ``target, year, met``).
        levers: Swept levers (columns).

    Returns:
        ``(table, notes)``: the table has columns ``target, lever, coef, se, p,
        odds_ratio, coef_per_unit, sd`` (``coef``: change in log-odds per standard
        deviation ``sd`` of the lever, in the lever's unit; ``odds_ratio``: exp(coef);
        ``coef_per_unit``: change in log-odds per unit of the lever); ``notes`` maps a
        target to the reason it has no model (always met, never met, perfect
        separation). Years in which every run met the target, or every run missed it,
        are left out of that target's model (they carry no information on the levers
        once each year has its own intercept).
    """
    rows, notes = [], {}
    for target, g in runs.groupby("target", sort=False):
        fitted, note = _logit_rows(target, g, levers)
        rows += fitted
        if note is not None:
            notes[target] = note
    return pd.DataFrame(rows), notes


_SEPARATION = "perfect separation: the levers split met from missed exactly"


def _logit_rows(target: str, g: pd.DataFrame, levers: list[str]) -> tuple[list[dict], str | None]:
    """The rows of one target's logistic model, or no rows and the reason."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationError, PerfectSeparationWarning

    y = g["met"].to_numpy(float)
    if y.min() == y.max():
        return [], "always met" if y.max() == 1 else "never met"
    # years in which every run met (or missed) the target say nothing about the levers
    # once each year has its own intercept, and would make that intercept infinite
    informative = g.groupby("year")["met"].transform(lambda m: m.nunique() > 1).astype(bool)
    g = g[informative]
    y = g["met"].to_numpy(float)
    sd = g[levers].std(ddof=0).to_numpy(float)
    use = [lv for lv, s in zip(levers, sd) if s > 0]
    if not use:
        return [], "no lever varies"
    z = (g[use] - g[use].mean()) / g[use].std(ddof=0)
    years = pd.get_dummies(g["year"].astype(int), prefix="year", drop_first=True, dtype=float)
    X = sm.add_constant(pd.concat([z, years], axis=1).astype(float), has_constant="add")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PerfectSeparationWarning)
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            fit = sm.Logit(y, X).fit(disp=0, maxiter=200)
    except (PerfectSeparationError, PerfectSeparationWarning, np.linalg.LinAlgError):
        return [], _SEPARATION
    if not np.all(np.isfinite(fit.bse[use])):
        return [], "not estimable"
    if np.max(np.abs(fit.params[use])) > _SEPARATED:
        return [], _SEPARATION
    rows = []
    for lv in use:
        s = float(g[lv].std(ddof=0))
        coef = float(fit.params[lv])
        rows.append(
            {
                "target": target,
                "lever": lv,
                "coef": coef,
                "se": float(fit.bse[lv]),
                "p": float(fit.pvalues[lv]),
                "odds_ratio": float(np.exp(coef)),
                "coef_per_unit": coef / s,
                "sd": s,
            }
        )
    return rows, None
