"""Forecasting a short series: candidates, backtest, weights, calibrated paths.

Steps of :func:`forecast`:

1. Validate the series (at least 4 points, no gaps) and describe it (annual
   or quarterly, counts or not).
2. Candidate models: those that can be fitted at every backtest origin.
3. Rolling-origin backtest on the last ``n_origins`` origins (up to 3 steps
   ahead); MASE per model.
4. Weights from the backtest (:mod:`.combine`), final fits on the whole
   series, each model's paths widened with its learnt factors, mixed by
   weight, widened again by the method's factor, then clipped at 0 (non-
   negative series) and rounded (count series).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from partysim.forecasting.backtest import calibrated_paths, origins_for, rolling_origin, run_model, score_table
from partysim.forecasting.combine import METHODS, mix_paths, weights_from_scores
from partysim.forecasting.errors import ForecastError
from partysim.forecasting.intervals import IntervalFactors, widen_paths
from partysim.forecasting.models import MODELS, Model, ModelForecast
from partysim.forecasting.result import ForecastResult
from partysim.forecasting.series import SeriesInfo, as_series, describe, read_series

__all__ = ["MAX_HORIZON", "Candidates", "assemble", "candidate_models", "fit_candidates", "forecast"]

#: Longest horizon accepted (periods).
MAX_HORIZON = 40


@dataclass
class Candidates:
    """Fitted candidate models for one series, before weighting.

    Attributes:
        y: The series.
        info: Its description.
        horizon: Periods forecast.
        models: Candidate model names (registry order).
        raw: Final-fit forecasts per model (uncalibrated), for fits that worked.
        backtest: Backtest table (calibrated with the factors given).
        scores: Backtest score table per candidate.
        failed: Candidates whose final fit failed.
        seed: Root seed.
        n_paths: Paths per final fit.
    """

    y: pd.Series
    info: SeriesInfo
    horizon: int
    models: list[str]
    raw: dict[str, ModelForecast]
    backtest: pd.DataFrame
    scores: pd.DataFrame
    failed: list[str]
    seed: int
    n_paths: int


def candidate_models(info: SeriesInfo, n: int, n_origins: int, names: list[str] | None = None) -> list[Model]:
    """Models that can be fitted at every backtest origin of a series of ``n`` points.

    Args:
        info: Series description.
        n: Number of points.
        n_origins: Backtest origins.
        names: Restrict to these model names (default: all).

    Raises:
        ForecastError: On an unknown model name or if no model applies.
    """
    if names is not None:
        unknown = [m for m in names if m not in MODELS]
        if unknown:
            raise ForecastError(f"unknown model {unknown[0]!r}; known: {', '.join(MODELS)}")
    origins = origins_for(n, n_origins)
    shortest = min(origins) if origins else n
    chosen = [m for name, m in MODELS.items() if (names is None or name in names) and m.applies(info, shortest)]
    if not chosen:
        raise ForecastError(f"none of the models {', '.join(names or MODELS)} can be fitted to {n} points")
    return chosen


def fit_candidates(
    y: pd.Series,
    horizon: int,
    *,
    models: list[str] | None = None,
    n_origins: int = 3,
    n_paths: int = 2000,
    backtest_paths: int = 500,
    seed: int = 0,
    factors: IntervalFactors | None = None,
) -> Candidates:
    """Backtest the candidates and fit them to the whole series.

    Args:
        y: Validated series (see :func:`~partysim.forecasting.series.as_series`).
        horizon: Periods to forecast.
        models: Restrict to these model names.
        n_origins: Backtest origins.
        n_paths: Paths per final fit.
        backtest_paths: Paths per backtest fit (intervals only).
        seed: Root seed.
        factors: Interval factors for backtest coverage (default: none).

    Returns:
        The fitted :class:`Candidates`.
    """
    info = describe(y)
    cands = candidate_models(info, len(y), n_origins, models)
    backtest = rolling_origin(y, info, cands, n_origins=n_origins, n_paths=backtest_paths, seed=seed, factors=factors)
    names = [m.name for m in cands]
    raw: dict[str, ModelForecast] = {}
    failed: list[str] = []
    for m in cands:
        fc = run_model(m, y, info, horizon, n_paths, seed)
        if fc is None:
            failed.append(m.name)
        else:
            raw[m.name] = fc
    if not raw:
        raise ForecastError(f"no model could be fitted to series {y.name!r}")
    return Candidates(
        y=y,
        info=info,
        horizon=horizon,
        models=names,
        raw=raw,
        backtest=backtest,
        scores=score_table(backtest, names),
        failed=failed,
        seed=seed,
        n_paths=n_paths,
    )


def _finish(paths: np.ndarray, info: SeriesInfo) -> np.ndarray:
    if info.nonnegative:
        paths = np.maximum(paths, 0.0)
    if info.count:
        paths = np.round(paths)
    return paths


def combined_paths(c: Candidates, weights: dict[str, float], factors: IntervalFactors, method: str) -> np.ndarray:
    """Calibrated mixture paths of the weighted models, widened by the method factor."""
    per_model = {name: calibrated_paths(c.raw[name], c.info, factors, name) for name in weights}
    mixed = mix_paths(per_model, weights, c.n_paths)
    key = f"method:{method}"
    f80 = factors.get(c.info.freq, key, 80, c.horizon)
    f95 = factors.get(c.info.freq, key, 95, c.horizon)
    return widen_paths(mixed, f80, f95)


def assemble(
    c: Candidates, *, method: str = "combine", factors: IntervalFactors | None = None, top: int | None = None
) -> ForecastResult:
    """Weight the candidates and build the calibrated result.

    Args:
        c: Fitted candidates.
        method: ``"combine"`` or ``"select"``.
        factors: Interval factors (default: the shipped ones).
        top: Models kept by ``"combine"`` (default: all candidates).
    """
    factors = factors if factors is not None else IntervalFactors.shipped()
    mase = c.scores["mase"].reindex([m for m in c.models if m in c.raw])
    weights = weights_from_scores(mase, method, top)
    paths = _finish(combined_paths(c, weights, factors, method), c.info)
    point = sum(w * c.raw[name].point for name, w in weights.items())
    if c.info.nonnegative:
        point = np.maximum(point, 0.0)
    scores = c.scores.copy()
    scores["weight"] = [weights.get(name, 0.0) for name in scores.index]
    used = {}
    for key in [*weights, f"method:{method}"]:
        used[key] = {str(lev): factors.get(c.info.freq, key, lev, c.horizon).round(3).tolist() for lev in (80, 95)}
    periods = pd.period_range(c.y.index[-1] + 1, periods=c.horizon, freq=c.y.index.freq)
    return ForecastResult(
        history=c.y,
        info=c.info,
        periods=periods,
        point=np.asarray(point, float),
        paths=paths,
        method=method,
        weights=weights,
        scores=scores,
        backtest=c.backtest,
        calibration={"source": factors.source, "calibrated": factors.calibrated, "factors": used},
        failed=c.failed,
        seed=c.seed,
    )


def forecast(
    data: pd.Series | str | Path,
    horizon: int,
    *,
    column: str | None = None,
    models: list[str] | None = None,
    method: str = "combine",
    n_paths: int = 2000,
    seed: int = 0,
    calibrated: bool = True,
    n_origins: int = 3,
) -> ForecastResult:
    """Forecast a short annual or quarterly series with honest intervals.

    Args:
        data: A series indexed by periods (or whole years), or a CSV/Excel
            file with a ``year`` or ``period`` column.
        horizon: Periods to forecast (1 to :data:`MAX_HORIZON`).
        column: Value column when ``data`` is a file.
        models: Restrict the candidates to these model names (see
            :mod:`partysim.forecasting.models`).
        method: ``"combine"`` (default) or ``"select"``.
        n_paths: Simulated sample paths.
        seed: Root random seed (same seed, same result).
        calibrated: Widen intervals with the shipped factors (default) or
            show raw model intervals.
        n_origins: Backtest origins.

    Returns:
        A :class:`~partysim.forecasting.result.ForecastResult`.

    Raises:
        ForecastError: If the series is too short (fewer than 4 points),
            invalid, or no model can be fitted.
        ValueError: On a bad ``horizon``, ``method`` or ``n_paths``.

    Example:
        >>> import pandas as pd
        >>> y = pd.Series([5200, 5900, 6100, 5800, 6300],
        ...               index=pd.period_range("2019", periods=5, freq="Y"))
        >>> res = forecast(y, 3, seed=1)
        >>> 0 <= res.prob_at_least(2025, 6000) <= 1
        True
    """
    if not 1 <= int(horizon) <= MAX_HORIZON:
        raise ValueError(f"horizon must be between 1 and {MAX_HORIZON} periods, not {horizon}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if n_paths < 100:
        raise ValueError("n_paths must be at least 100")
    y = read_series(data, column) if isinstance(data, (str, Path)) else as_series(data)
    factors = IntervalFactors.shipped() if calibrated else IntervalFactors.identity()
    # many tiny fits: BLAS threads only add overhead (10x slower on a loaded 2-core machine)
    with threadpool_limits(limits=1):
        c = fit_candidates(
            y, int(horizon), models=models, n_origins=n_origins, n_paths=n_paths, seed=seed, factors=factors
        )
    return assemble(c, method=method, factors=factors)
