"""The forecast result: point forecasts, intervals, paths, probabilities, backtest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from partysim.forecasting.errors import ForecastError
from partysim.forecasting.intervals import QUANTILES
from partysim.forecasting.series import SeriesInfo

__all__ = ["ForecastResult"]


def _as_period(period: Any, freq: str) -> pd.Period:
    if isinstance(period, pd.Period):
        return period
    if isinstance(period, (int, np.integer)):
        return pd.Period(str(int(period)), freq="Y")
    return pd.Period(str(period), freq=freq)


@dataclass
class ForecastResult:
    """What the history alone says about the coming periods.

    Create with :func:`partysim.forecast.forecast`. Values are in the units
    of the input series (e.g. people admitted per year).

    Attributes:
        history: The series that was fitted.
        info: Frequency and kind of the series (count, non-negative).
        periods: The forecast periods (``PeriodIndex`` of length ``horizon``).
        point: Point forecast per period: the weighted mean of the chosen
            models' mean forecasts (clipped at 0 for non-negative series).
        paths: Simulated sample paths, ``(n_paths, horizon)``, calibrated;
            whole numbers for count series, never negative for non-negative
            series.
        method: ``"combine"`` or ``"select"``.
        weights: Weight of each chosen model (sums to 1).
        scores: Backtest accuracy and calibrated-interval coverage per
            candidate model (``mase``, ``smape`` in percent, ``coverage80``,
            ``coverage95`` as fractions, ``n_errors``), plus ``weight``.
        backtest: Every backtest forecast (see
            :data:`partysim.forecasting.backtest.BACKTEST_COLUMNS`).
        calibration: Where the interval factors come from, whether any were
            applied, and the factors per step ahead
            (``{"source": str, "calibrated": bool, "factors": {key: {"80": [...], "95": [...]}}}``).
        failed: Candidate models whose final fit failed.
        seed: Root random seed.
    """

    history: pd.Series
    info: SeriesInfo
    periods: pd.PeriodIndex
    point: np.ndarray
    paths: np.ndarray
    method: str
    weights: dict[str, float]
    scores: pd.DataFrame
    backtest: pd.DataFrame
    calibration: dict[str, Any]
    failed: list[str] = field(default_factory=list)
    seed: int = 0

    # ------------------------------------------------------------------ basics
    @property
    def horizon(self) -> int:
        """Number of periods forecast."""
        return len(self.periods)

    @property
    def n_paths(self) -> int:
        """Number of simulated sample paths."""
        return int(self.paths.shape[0])

    @property
    def name(self) -> str:
        """Name of the series."""
        return str(self.history.name)

    @property
    def mean(self) -> pd.Series:
        """Point forecasts indexed by period (units of the series)."""
        return pd.Series(self.point, index=self.periods, name="mean")

    def quantiles(self, q: float | Sequence[float]) -> pd.DataFrame:
        """Quantiles of the sample paths per period.

        Args:
            q: Quantile level(s) in [0, 1].

        Returns:
            DataFrame indexed by period, one column per level. For count
            series the quantiles are whole numbers (inverted CDF).
        """
        qs = np.atleast_1d(np.asarray(q, float))
        how = "inverted_cdf" if self.info.count else "linear"
        values = np.quantile(self.paths, qs, axis=0, method=how)
        return pd.DataFrame(values.T, index=self.periods, columns=list(qs))

    def interval(self, level: int = 80) -> pd.DataFrame:
        """Central prediction interval (calibrated) per period.

        Args:
            level: 80 or 95 (percent).

        Returns:
            DataFrame indexed by period with columns ``lo`` and ``hi``.
        """
        if level not in QUANTILES:
            raise ValueError(f"level must be one of {sorted(QUANTILES)}, not {level}")
        q = self.quantiles(QUANTILES[level])
        q.columns = ["lo", "hi"]
        return q

    def to_frame(self) -> pd.DataFrame:
        """Table with columns ``period, mean, median, lo80, hi80, lo95, hi95``."""
        q = self.quantiles([0.5, 0.10, 0.90, 0.025, 0.975]).to_numpy()
        return pd.DataFrame(
            {
                "period": [str(p) for p in self.periods],
                "mean": self.point,
                "median": q[:, 0],
                "lo80": q[:, 1],
                "hi80": q[:, 2],
                "lo95": q[:, 3],
                "hi95": q[:, 4],
            }
        )

    # ------------------------------------------------------------ probabilities
    def values_at(self, period: Any) -> np.ndarray:
        """Simulated values for one period, one per path.

        Args:
            period: A forecast period (``2027``, ``"2027"``, ``"2027Q3"`` or a
                ``Period``). For a quarterly series a whole year (int) gives
                the year's total: observed quarters plus simulated ones.

        Returns:
            Array of ``n_paths`` values.

        Raises:
            ForecastError: If the period is not covered by the forecast.
        """
        if self.info.freq == "Q" and isinstance(period, (int, np.integer)):
            quarters = pd.period_range(f"{int(period)}Q1", f"{int(period)}Q4", freq="Q")
            total = np.zeros(self.n_paths)
            for q in quarters:
                if q in self.history.index:
                    total += float(self.history.loc[q])
                elif q in self.periods:
                    total += self.paths[:, self.periods.get_loc(q)]
                else:
                    raise ForecastError(f"{q} is neither observed nor forecast; forecast further ahead")
            return total
        p = _as_period(period, self.info.freq)
        if p not in self.periods:
            raise ForecastError(f"{p} is outside the forecast ({self.periods[0]} to {self.periods[-1]})")
        return self.paths[:, self.periods.get_loc(p)]

    def prob_at_least(self, period: Any, n: float | Sequence[float]) -> float | np.ndarray:
        """Probability that the value in ``period`` is at least ``n``.

        For count series the paths are whole numbers, so this is exactly
        P(Y >= n) for a whole ``n``, with no continuity correction needed.

        Args:
            period: Forecast period (see :meth:`values_at`).
            n: Threshold(s), units of the series.

        Returns:
            Probability (float) or array of probabilities, non-increasing in
            ``n``.
        """
        v = self.values_at(period)
        thr = np.asarray(n, float)
        p = (v[:, None] >= thr.ravel()[None, :] - 1e-9).mean(axis=0)
        return float(p[0]) if thr.ndim == 0 else p.reshape(thr.shape)

    def prob_rate_at_least(self, period: Any, rate: float, members: Any) -> float:
        """P(value in ``period`` >= ``rate`` x members on 1 January of that year).

        E.g. Resolution 21-NQ/TW: admissions of at least 3% of the members on
        1 January: ``prob_rate_at_least(2027, 0.03, members)``.

        Args:
            period: Forecast year (annual series).
            rate: Threshold as a fraction (0.03 = 3%).
            members: Members on 1 January of each year (people), as one of:
                a number (known stock on 1 January of ``period``); a series
                indexed by year (used as known if it has ``period``, else
                forecast with :func:`~partysim.forecast.forecast` to
                ``period``); or a :class:`ForecastResult` of that series.
                Forecast members are simulated jointly with this forecast:
                path ``i`` of one is paired with path ``i`` of the other (the
                two are independent given their histories).

        Returns:
            The probability.
        """
        from partysim.forecasting.fit import forecast as _forecast

        values = self.values_at(period)
        p = _as_period(period, "Y")
        if isinstance(members, ForecastResult):
            stock = members.values_at(p)
        elif isinstance(members, pd.Series):
            index = members.index
            years = index.year if isinstance(index, pd.PeriodIndex) else np.asarray(index, int)
            if p.year in {int(y) for y in years}:
                stock = np.full(len(values), float(members.to_numpy()[list(years).index(p.year)]))
            else:
                last = int(max(years))
                if p.year <= last:
                    raise ForecastError(f"members series has no value for {p.year}")
                fc = _forecast(members, p.year - last, n_paths=self.n_paths, seed=self.seed + 1)
                stock = fc.values_at(p)
        else:
            stock = np.full(len(values), float(members))
        stock = np.resize(stock, len(values))
        return float(np.mean(values >= rate * stock - 1e-9))

    # ----------------------------------------------------------------- summary
    def summary(self) -> str:
        """Plain-text summary: models, weights, backtest figures, forecast table."""
        lines = [
            (
                f"Forecast of {self.name!r}: {len(self.history)} points "
                f"({self.history.index[0]} to {self.history.index[-1]}), {self.horizon} periods ahead"
            ),
            f"Method: {self.method}; {self.n_paths} sample paths; seed {self.seed}",
            f"Intervals: {self.calibration.get('source', '')}",
            "",
            "Rolling-origin backtest (calibrated intervals):",
            f"  {'model':<14}{'weight':>7}{'MASE':>7}{'sMAPE%':>8}{'cov80':>7}{'cov95':>7}{'errors':>7}",
        ]
        for name, row in self.scores.iterrows():

            def fmt(v, spec):
                return format(v, spec) if pd.notna(v) else "-".rjust(len(format(0.0, spec)))

            lines.append(
                f"  {name:<14}{fmt(row['weight'], '7.2f')}{fmt(row['mase'], '7.2f')}{fmt(row['smape'], '8.1f')}"
                f"{fmt(row['coverage80'], '7.2f')}{fmt(row['coverage95'], '7.2f')}{int(row['n_errors']):>7d}"
            )
        if self.failed:
            lines.append(f"  failed to fit: {', '.join(self.failed)}")
        lines += ["", f"  {'period':<8}{'mean':>11}{'lo95':>11}{'lo80':>11}{'hi80':>11}{'hi95':>11}"]
        for _, r in self.to_frame().iterrows():
            lines.append(
                f"  {r['period']:<8}{r['mean']:>11.4g}{r['lo95']:>11.4g}{r['lo80']:>11.4g}{r['hi80']:>11.4g}{r['hi95']:>11.4g}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ForecastResult {self.name!r} {self.periods[0]}..{self.periods[-1]} method={self.method}>"
