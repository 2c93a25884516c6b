"""Nowcast: the distribution of this year's total from the periods so far.

In June a planner asks: with 52 admitted so far against a target of 80, will
we finish the year on target? :func:`nowcast` answers with simulated totals
for the whole year (people), always at least what is already observed.

Three methods:

* ``"share"`` (any data): the year's admissions arrive with a within-year
  *share profile* (fraction of the year's total in each quarter or month).
  Given the observed count ``O`` after the first ``e`` periods, the share so
  far ``s`` is uncertain, ``s ~ Beta(k * s0, k * (1 - s0))`` with ``s0`` the
  profile's share of the first ``e`` periods and ``k`` the *concentration*;
  the year's rate is ``lambda ~ Gamma(O + a0, rate = s + b0)`` (a vague
  prior ``a0 = 0.5, b0 = 0``, or a prior from an annual forecast); the rest
  of the year brings ``Poisson(lambda * (1 - s))``. With a history of past
  quarters or months, the profile is learnt from it (pooled shares) and the
  concentration from the year-to-year spread of the share so far (3 or more
  complete years; clipped to :data:`CONCENTRATION_RANGE`).
* ``"glm"`` (history of at least 2 complete years and per-period
  observations this year): a negative-binomial GLM with a linear year trend
  and period-of-year effects, fitted to the history and this year's periods;
  the remaining periods are simulated with parameter uncertainty and summed
  onto the observed ones. Robust at province and commune scale in a
  simulated study (see ``FORECASTING-NOTES.md``).
* ``"uc"`` (quarterly, at least 3 complete years): ``UnobservedComponents``
  with a local level and a quarterly seasonal on ``log1p`` counts; remaining
  quarters simulated and summed onto the observed ones.

``"auto"`` uses ``"glm"`` when it can and ``"share"`` otherwise.

Without history, the share profile is an **assumption**, not a measurement:
:data:`DEFAULT_PROFILE` says admissions bunch towards the year end and the
anniversaries (3 February, 19 May, 2 September), with 42% of the year's
admissions in the first half. It is an estimate [est]: each share has a
plausible range in :data:`PROFILE_RANGE`, and the result states the
assumption in words. Replace it with the organisation's own figures when
they exist.

Worked example (Lâm Đồng agencies bloc, 2021: 52 admitted by the end of June
against a target of at least 80)::

    >>> res = nowcast(52, elapsed=2, periods_per_year=4, year=2021, seed=1)
    >>> 0.0 < res.prob_at_least(80) < 1.0
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from partysim.forecasting.nowcast_methods import (
    CONCENTRATION_RANGE,
    DEFAULT_CONCENTRATION,
    DEFAULT_PROFILE,
    PROFILE_RANGE,
    gamma_prior,
    glm_paths,
    history_table,
    learn_profile,
    share_paths,
    uc_paths,
)
from partysim.forecasting.nowcast_result import NowcastResult

__all__ = [
    "CONCENTRATION_RANGE",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_PROFILE",
    "PROFILE_RANGE",
    "NowcastResult",
    "learn_profile",
    "nowcast",
]

METHODS = ("auto", "share", "glm", "uc")


# --------------------------------------------------------------------------- entry point
def nowcast(
    observed: float | Sequence[float],
    *,
    elapsed: int | None = None,
    periods_per_year: int = 4,
    year: int | None = None,
    history: pd.Series | None = None,
    profile: Sequence[float] | None = None,
    concentration: float | None = None,
    annual_prior: Any = None,
    method: str = "auto",
    n_paths: int = 4000,
    seed: int = 0,
) -> NowcastResult:
    """Distribution of the year's total from the periods observed so far.

    Args:
        observed: This year's counts so far (people): one per period (quarters or months,
            in order), or a single cumulative total (then give ``elapsed``).
        elapsed: Periods covered by a cumulative ``observed`` (2 quarters = end of June).
        periods_per_year: 4 (quarters) or 12 (months).
        year: The year, used as a label and to place it after ``history``.
        history: Past counts by quarter or month (``PeriodIndex``); complete years are
            used to learn the within-year pattern.
        profile: Within-year share per period (normalised to sum to 1); default learnt
            from ``history``, else :data:`DEFAULT_PROFILE` (an assumption, see above).
        concentration: Concentration of the share so far around the profile (``"share"``
            method); default learnt or :data:`DEFAULT_CONCENTRATION`.
        annual_prior: Simulated totals for the year from an annual forecast (e.g.
            ``forecast(...).values_at(2021)``): a gamma prior on the year's rate matched by
            mean and variance (``"share"``); default vague (shape 0.5, rate 0).
        method: ``"auto"``, ``"share"``, ``"glm"`` or ``"uc"``.
        n_paths: Simulated years.
        seed: Random seed.

    Returns:
        A :class:`NowcastResult`.

    Raises:
        ValueError: On negative counts, inconsistent periods, a bad profile,
            or a method that the data cannot support.
    """
    if periods_per_year not in DEFAULT_PROFILE:
        raise ValueError("periods_per_year must be 4 (quarters) or 12 (months)")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    current, elapsed, total = _observed(observed, elapsed, periods_per_year)
    rng = np.random.default_rng(seed)
    table = history_table(history, periods_per_year) if history is not None else None
    n_years = 0 if table is None else len(table)
    if year is None and table is not None and n_years:
        year = int(table.index.max()) + 1
    if method == "auto":
        method = "glm" if (current is not None and n_years >= 2) else "share"
    if method in ("glm", "uc"):
        return _model_nowcast(method, table, current, year, periods_per_year, n_paths, rng, seed)
    return _share_nowcast(
        total, elapsed, year, periods_per_year, history, table, profile, concentration, annual_prior, n_paths, rng, seed
    )


def _observed(
    observed: float | Sequence[float], elapsed: int | None, periods_per_year: int
) -> tuple[np.ndarray | None, int, float]:
    """(per-period counts or None, periods elapsed, total so far), checked."""
    current: np.ndarray | None = None
    if np.ndim(observed) > 0:
        current = np.asarray(observed, float)
        if elapsed is not None and elapsed != len(current):
            raise ValueError(f"elapsed={elapsed} but {len(current)} periods observed")
        elapsed = len(current)
        total = float(current.sum())
    else:
        if elapsed is None:
            raise ValueError("give elapsed (periods so far) with a cumulative observed total")
        total = float(observed)  # type: ignore[arg-type]
    if not 1 <= elapsed <= periods_per_year:
        raise ValueError(
            f"elapsed must be between 1 and {periods_per_year}; before any period is observed, "
            "forecast the annual total with partysim.forecast instead"
        )
    if total < 0 or (current is not None and (current < 0).any()):
        raise ValueError("observed counts must be non-negative")
    return current, elapsed, total


def _model_nowcast(
    method: str,
    table: pd.DataFrame | None,
    current: np.ndarray | None,
    year: int | None,
    periods_per_year: int,
    n_paths: int,
    rng: np.random.Generator,
    seed: int,
) -> NowcastResult:
    """The ``"glm"`` and ``"uc"`` methods: remaining periods simulated from a fitted model."""
    unit = "quarter" if periods_per_year == 4 else "month"
    n_years = 0 if table is None else len(table)
    need = 2 if method == "glm" else 3
    if current is None or table is None or n_years < need:
        raise ValueError(f"method {method!r} needs per-{unit} counts this year and {need}+ complete years of history")
    if method == "uc" and periods_per_year != 4:
        raise ValueError("method 'uc' needs quarterly data")
    total, elapsed = float(current.sum()), len(current)
    ref_year = year if year is not None else int(table.index.max()) + 1
    if elapsed == periods_per_year:
        paths = np.full(n_paths, total)
    elif method == "glm":
        paths = glm_paths(table, current, ref_year, periods_per_year, n_paths, rng)
    else:
        paths = uc_paths(table, current, ref_year, n_paths, rng)
    paths = np.maximum(np.round(paths), total)
    what = (
        "negative-binomial GLM with year trend and " + unit + " effects"
        if method == "glm"
        else "local level + quarterly seasonal on log1p counts"
    )
    assumption = (
        f"within-year pattern learnt from {n_years} complete years of history "
        f"({what}); remaining {unit}s simulated and added to the {total:g} observed"
    )
    return NowcastResult(
        year, periods_per_year, elapsed, total, paths, method, assumption, seed=seed, details={"history_years": n_years}
    )


def _share_nowcast(
    total: float,
    elapsed: int,
    year: int | None,
    periods_per_year: int,
    history: pd.Series | None,
    table: pd.DataFrame | None,
    profile: Sequence[float] | None,
    concentration: float | None,
    annual_prior: Any,
    n_paths: int,
    rng: np.random.Generator,
    seed: int,
) -> NowcastResult:
    """The ``"share"`` method: the year's total scaled up from the share so far."""
    unit = "quarter" if periods_per_year == 4 else "month"
    n_years = 0 if table is None else len(table)
    source = "given"
    kappa_learnt = None
    if profile is None:
        if history is not None and n_years:
            profile, kappa_learnt, _ = learn_profile(history, periods_per_year, max(elapsed, 1))
            source = f"learnt from {n_years} complete years of history"
        else:
            profile = DEFAULT_PROFILE[periods_per_year]
            source = "default assumption (admissions bunch towards the year end and anniversaries; an estimate)"
    prof = np.asarray(profile, float)
    if prof.shape != (periods_per_year,) or (prof < 0).any() or prof.sum() <= 0:
        raise ValueError(f"profile must have {periods_per_year} non-negative shares")
    prof = prof / prof.sum()
    kappa = float(concentration if concentration is not None else (kappa_learnt or DEFAULT_CONCENTRATION))
    if kappa <= 0:
        raise ValueError("concentration must be positive")
    s0 = float(prof[:elapsed].sum())
    if s0 <= 0:
        raise ValueError("the profile gives no share to the periods observed; nothing to scale from")
    paths = share_paths(total, s0, kappa, gamma_prior(annual_prior), n_paths, rng)
    assumption = (
        f"{s0:.0%} of the year's total comes in the first {elapsed} {unit}(s) (profile {source}), "
        f"uncertain with concentration {kappa:.0f} (sd {np.sqrt(s0 * (1 - s0) / (kappa + 1)):.2f})"
        + ("; annual total prior from a forecast" if annual_prior is not None else "")
    )
    return NowcastResult(
        year,
        periods_per_year,
        elapsed,
        total,
        paths,
        "share",
        assumption,
        profile=tuple(float(v) for v in prof),
        concentration=kappa,
        seed=seed,
        details={"history_years": n_years},
    )
