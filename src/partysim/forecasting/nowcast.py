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

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from partysim.forecasting.counts import nb_alpha_moments, nb_draws

__all__ = [
    "CONCENTRATION_RANGE",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_PROFILE",
    "PROFILE_RANGE",
    "NowcastResult",
    "learn_profile",
    "nowcast",
]

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

METHODS = ("auto", "share", "glm", "uc")


@dataclass
class NowcastResult:
    """Distribution of a year's total given the periods observed so far.

    Attributes:
        year: The year (label only; ``None`` if not given).
        periods_per_year: 4 (quarters) or 12 (months).
        elapsed: Periods observed so far.
        observed: Total observed so far (people).
        paths: Simulated totals for the whole year, ``(n_paths,)``, whole
            numbers, each ``>= observed``.
        method: ``"share"``, ``"glm"`` or ``"uc"``.
        assumption: What the result rests on, in words.
        profile: Within-year share profile used (``"share"`` method).
        concentration: Concentration of the share so far (``"share"``).
        seed: Random seed.
    """

    year: int | None
    periods_per_year: int
    elapsed: int
    observed: float
    paths: np.ndarray
    method: str
    assumption: str
    profile: tuple[float, ...] | None = None
    concentration: float | None = None
    seed: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        """Expected total for the year (people)."""
        return float(np.mean(self.paths))

    @property
    def median(self) -> float:
        """Median total for the year (people)."""
        return float(np.median(self.paths))

    @property
    def remaining(self) -> np.ndarray:
        """Simulated count for the rest of the year, per path (people)."""
        return self.paths - self.observed

    def interval(self, level: int = 80) -> tuple[float, float]:
        """Central interval of the year's total (people, whole numbers).

        Args:
            level: Coverage in percent (e.g. 80 or 95).
        """
        a = (1 - level / 100) / 2
        lo, hi = np.quantile(self.paths, [a, 1 - a], method="inverted_cdf")
        return float(lo), float(hi)

    def prob_at_least(self, n: float | Sequence[float]) -> float | np.ndarray:
        """Probability that the year's total reaches ``n`` (people).

        Totals are whole numbers, so this is exactly P(total >= n); it is 1
        for ``n <= observed`` and non-increasing in ``n``.
        """
        thr = np.asarray(n, float)
        p = (self.paths[:, None] >= thr.ravel()[None, :] - 1e-9).mean(axis=0)
        return float(p[0]) if thr.ndim == 0 else p.reshape(thr.shape)

    def summary(self) -> str:
        """Plain-text summary with the assumption stated."""
        unit = "quarter" if self.periods_per_year == 4 else "month"
        lo80, hi80 = self.interval(80)
        lo95, hi95 = self.interval(95)
        year = f" {self.year}" if self.year is not None else ""
        return "\n".join([
            f"Nowcast of the{year} total: {self.observed:g} observed after {self.elapsed} {unit}(s) of {self.periods_per_year}",
            f"Method: {self.method}; {len(self.paths)} simulated years; seed {self.seed}",
            f"Assumption: {self.assumption}",
            (f"Expected total {self.mean:.1f} (median {self.median:g}); 80% interval {lo80:g}-{hi80:g}; "
             f"95% interval {lo95:g}-{hi95:g}"),
        ])


# --------------------------------------------------------------------------- inputs
def _position(p: pd.Period) -> int:
    """1-based position of a quarter or month within its year."""
    return p.quarter if p.freqstr.upper().startswith("Q") else p.month


def _history_table(history: pd.Series, per_year: int) -> pd.DataFrame:
    """Complete years of a quarterly or monthly history as a year x period table."""
    if not isinstance(history.index, pd.PeriodIndex):
        raise ValueError("history must be indexed by quarterly or monthly periods (PeriodIndex)")  # noqa: TRY004
    freq = history.index.freqstr.upper()
    expected = "Q" if per_year == 4 else "M"
    if not freq.startswith(expected):
        raise ValueError(f"history has frequency {history.index.freqstr}; expected {expected} for {per_year} periods a year")
    values = pd.to_numeric(history, errors="coerce").astype(float)
    if values.isna().any() or (values < 0).any():
        raise ValueError("history must hold non-negative counts without gaps")
    frame = pd.DataFrame({"year": [p.year for p in values.index], "pos": [_position(p) for p in values.index],
                          "count": values.to_numpy()})
    table = frame.pivot_table(index="year", columns="pos", values="count", aggfunc="sum")
    return table.reindex(columns=range(1, per_year + 1)).dropna()


def learn_profile(history: pd.Series, periods_per_year: int, elapsed: int) -> tuple[tuple[float, ...], float | None, int]:
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
    table = _history_table(history, periods_per_year)
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


def _gamma_prior(prior: Any) -> tuple[float, float]:
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
def _share_paths(observed: float, s0: float, kappa: float, prior: tuple[float, float], n_paths: int,
                 rng: np.random.Generator) -> np.ndarray:
    a0, b0 = prior
    if s0 >= 1.0:
        return np.full(n_paths, observed)
    s = rng.beta(kappa * s0, kappa * (1 - s0), size=n_paths)
    s = np.clip(s, 1e-4, 1 - 1e-9)
    lam = rng.gamma(observed + a0, 1.0 / (s + b0))
    return observed + rng.poisson(lam * (1 - s)).astype(float)


def _glm_paths(table: pd.DataFrame, current: np.ndarray, year: int, per_year: int, n_paths: int,
               rng: np.random.Generator) -> np.ndarray:
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


def _uc_paths(table: pd.DataFrame, current: np.ndarray, year: int, n_paths: int,
              rng: np.random.Generator) -> np.ndarray:
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
        observed: This year's counts so far (people): either one per period
            (quarters or months, in order) or a single cumulative total (then
            give ``elapsed``).
        elapsed: Periods covered by a cumulative ``observed`` (e.g. 2
            quarters = end of June).
        periods_per_year: 4 (quarters) or 12 (months).
        year: The year, used as a label and to place it after ``history``.
        history: Past counts by quarter or month (``PeriodIndex``); complete
            years are used to learn the within-year pattern.
        profile: Within-year share per period (normalised to sum to 1); the
            default is learnt from ``history`` or else
            :data:`DEFAULT_PROFILE` (an assumption, see the module notes).
        concentration: Concentration of the share so far around the profile
            (``"share"`` method); default learnt or
            :data:`DEFAULT_CONCENTRATION`.
        annual_prior: Simulated totals for the year from an annual forecast
            (e.g. ``forecast(...).values_at(2021)``), used as a gamma prior on
            the year's rate, matched by mean and variance (``"share"``
            method); default vague (shape 0.5, rate 0).
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
    per_period = np.ndim(observed) > 0
    if per_period:
        current = np.asarray(observed, float)
        if elapsed is not None and elapsed != len(current):
            raise ValueError(f"elapsed={elapsed} but {len(current)} periods observed")
        elapsed = len(current)
        total = float(current.sum())
    else:
        if elapsed is None:
            raise ValueError("give elapsed (periods so far) with a cumulative observed total")
        current = None
        total = float(observed)
    if not 1 <= elapsed <= periods_per_year:
        raise ValueError(
            f"elapsed must be between 1 and {periods_per_year}; before any period is observed, "
            "forecast the annual total with partysim.forecast instead"
        )
    if total < 0 or (current is not None and (current < 0).any()):
        raise ValueError("observed counts must be non-negative")
    rng = np.random.default_rng(seed)
    unit = "quarter" if periods_per_year == 4 else "month"

    table = _history_table(history, periods_per_year) if history is not None else None
    n_years = 0 if table is None else len(table)
    if year is None and table is not None and n_years:
        year = int(table.index.max()) + 1
    if method == "auto":
        method = "glm" if (per_period and n_years >= 2) else "share"
    if method in ("glm", "uc"):
        need = 2 if method == "glm" else 3
        if not per_period or n_years < need:
            raise ValueError(f"method {method!r} needs per-{unit} counts this year and {need}+ complete years of history")
        if method == "uc" and periods_per_year != 4:
            raise ValueError("method 'uc' needs quarterly data")
        ref_year = year if year is not None else int(table.index.max()) + 1
        if elapsed == periods_per_year:
            paths = np.full(n_paths, total)
        elif method == "glm":
            paths = _glm_paths(table, current, ref_year, periods_per_year, n_paths, rng)
        else:
            paths = _uc_paths(table, current, ref_year, n_paths, rng)
        paths = np.maximum(np.round(paths), total)
        what = ("negative-binomial GLM with year trend and " + unit + " effects"
                if method == "glm" else "local level + quarterly seasonal on log1p counts")
        assumption = (f"within-year pattern learnt from {n_years} complete years of history "
                      f"({what}); remaining {unit}s simulated and added to the {total:g} observed")
        return NowcastResult(year, periods_per_year, elapsed, total, paths, method, assumption, seed=seed,
                             details={"history_years": n_years})

    # share method
    source = "given"
    kappa_learnt = None
    if profile is None:
        if table is not None and n_years:
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
    paths = _share_paths(total, s0, kappa, _gamma_prior(annual_prior), n_paths, rng)
    assumption = (
        f"{s0:.0%} of the year's total comes in the first {elapsed} {unit}(s) (profile {source}), "
        f"uncertain with concentration {kappa:.0f} (sd {np.sqrt(s0 * (1 - s0) / (kappa + 1)):.2f})"
        + ("; annual total prior from a forecast" if annual_prior is not None else "")
    )
    return NowcastResult(year, periods_per_year, elapsed, total, paths, "share", assumption,
                         profile=tuple(float(v) for v in prof), concentration=kappa, seed=seed,
                         details={"history_years": n_years})
