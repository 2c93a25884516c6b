"""Rolling-origin backtest of candidate models on one series.

For each origin (training on the first ``k`` points, for the last few
``k``), each model forecasts up to ``max_horizon`` steps; the forecasts are
compared with what followed. Errors are scaled by the in-sample naive error
of the whole series (MASE convention); intervals are the calibrated ones, so
the coverage reported is that of the intervals a user would see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partysim.forecasting.intervals import QUANTILES, IntervalFactors, widen_paths
from partysim.forecasting.metrics import covered, naive_scale, scaled_errors, smape
from partysim.forecasting.models import MODELS, Model, ModelForecast
from partysim.forecasting.series import MIN_POINTS, SeriesInfo

__all__ = [
    "BACKTEST_COLUMNS",
    "calibrated_paths",
    "model_rng",
    "origins_for",
    "rolling_origin",
    "run_model",
    "score_table",
]

BACKTEST_COLUMNS = [
    "model",
    "origin",
    "train_points",
    "h",
    "actual",
    "point",
    "lo80",
    "hi80",
    "lo95",
    "hi95",
    "scaled_error",
    "smape",
    "in80",
    "in95",
]


def origins_for(n: int, n_origins: int) -> list[int]:
    """Training lengths used as backtest origins for a series of ``n`` points."""
    return list(range(max(MIN_POINTS, n - n_origins), n))


def model_rng(seed: int, model: str, train_points: int) -> np.random.Generator:
    """Random stream of one model at one origin: the same whatever else is fitted."""
    return np.random.default_rng([int(seed), list(MODELS).index(model), int(train_points)])


def run_model(
    model: Model, y: pd.Series, info: SeriesInfo, horizon: int, n_paths: int, seed: int
) -> ModelForecast | None:
    """Fit one model and forecast; ``None`` if the fit fails.

    Any exception from the fit counts as a failure (statsmodels raises many
    kinds on degenerate short series); the model is then left out at that
    origin, and listed in ``ForecastResult.failed`` if its final fit fails.
    """
    try:
        return model.forecast(y, info, horizon, n_paths, model_rng(seed, model.name, len(y)))
    except Exception:
        return None


def calibrated_paths(fc: ModelForecast, info: SeriesInfo, factors: IntervalFactors, key: str) -> np.ndarray:
    """Paths widened with the factors of ``key`` (a model or method)."""
    h = fc.paths.shape[1]
    f80 = factors.get(info.freq, key, 80, h)
    f95 = factors.get(info.freq, key, 95, h)
    return widen_paths(fc.paths, f80, f95)


def rolling_origin(
    y: pd.Series,
    info: SeriesInfo,
    models: list[Model],
    *,
    n_origins: int = 3,
    max_horizon: int = 3,
    n_paths: int = 500,
    seed: int = 0,
    factors: IntervalFactors | None = None,
) -> pd.DataFrame:
    """Backtest ``models`` on ``y`` from its last ``n_origins`` origins.

    Args:
        y: The full validated series.
        info: Its description.
        models: Models to test (each must apply at every origin).
        n_origins: Number of origins (training lengths ``n - n_origins`` to
            ``n - 1``, at least :data:`MIN_POINTS`).
        max_horizon: Longest step ahead scored.
        n_paths: Sample paths per fit (intervals only).
        seed: Root seed.
        factors: Interval factors (default: none).

    Returns:
        One row per (model, origin, step ahead) with columns
        :data:`BACKTEST_COLUMNS`; models whose fit failed at an origin have
        no rows for it.
    """
    factors = factors or IntervalFactors.identity()
    values = y.to_numpy(float)
    scale = naive_scale(values, 1)
    rows: list[dict] = []
    for k in origins_for(len(y), n_origins):
        h = min(max_horizon, len(y) - k)
        train = y.iloc[:k]
        for model in models:
            fc = run_model(model, train, info, h, n_paths, seed)
            if fc is not None:
                rows.extend(_origin_rows(model.name, fc, train, values[k : k + h], info, factors))
    frame = pd.DataFrame(rows, columns=BACKTEST_COLUMNS[:10])
    frame["scaled_error"] = scaled_errors(frame["actual"], frame["point"], scale)
    frame["smape"] = smape(frame["actual"], frame["point"])
    frame["in80"] = covered(frame["actual"], frame["lo80"], frame["hi80"])
    frame["in95"] = covered(frame["actual"], frame["lo95"], frame["hi95"])
    return frame


def _origin_rows(
    name: str, fc: ModelForecast, train: pd.Series, actual: np.ndarray, info: SeriesInfo, factors: IntervalFactors
) -> list[dict]:
    """Backtest rows of one model at one origin, one per step ahead."""
    paths = calibrated_paths(fc, info, factors, name)
    if info.nonnegative:
        paths = np.maximum(paths, 0.0)
    point = np.maximum(fc.point, 0.0) if info.nonnegative else fc.point
    bounds = {lev: np.quantile(paths, QUANTILES[lev], axis=0) for lev in (80, 95)}
    return [
        {
            "model": name,
            "origin": str(train.index[-1]),
            "train_points": len(train),
            "h": j + 1,
            "actual": actual[j],
            "point": point[j],
            "lo80": bounds[80][0, j],
            "hi80": bounds[80][1, j],
            "lo95": bounds[95][0, j],
            "hi95": bounds[95][1, j],
        }
        for j in range(len(actual))
    ]


def score_table(backtest: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Accuracy and coverage per model from a backtest table.

    Returns:
        Indexed by model name (in the order of ``names``), columns ``mase``,
        ``smape`` (percent), ``coverage80``, ``coverage95`` (fractions) and
        ``n_errors``; NaN for models without backtest rows.
    """
    cols = ["mase", "smape", "coverage80", "coverage95", "n_errors"]
    if backtest.empty:
        return pd.DataFrame(np.nan, index=pd.Index(names, name="model"), columns=cols).assign(n_errors=0)
    g = backtest.groupby("model")
    table = pd.DataFrame(
        {
            "mase": g["scaled_error"].mean(),
            "smape": g["smape"].mean(),
            "coverage80": g["in80"].mean(),
            "coverage95": g["in95"].mean(),
            "n_errors": g.size(),
        }
    )
    table = table.reindex(names)
    table["n_errors"] = table["n_errors"].fillna(0).astype(int)
    table.index.name = "model"
    return table
