"""How often the quarterly review's 80% interval holds the year that happened.

Run: ``python benchmarks/bench_review.py [--scenario tests/data/tiny.yaml] [--as-of 2023-Q2]
[--truths 100] [--pool 40]``

Each of ``--truths`` replications of the scenario (seed 101) plays a year that happened:
its admissions by the as-of quarter per unit template (and its pipeline then) are the
actuals; one pool of ``--pool`` replications (seed 202) is conditioned on them
(:func:`partysim.analysis.review.condition`). Printed: the share of truths whose year total
(territory) lies in the pool's 80% interval, the interval's mean width, without and with the
pipeline counts, against the plain simulation (no actuals); and the expected coverage of an
empirical 10-90% interval of ``pool`` draws, ``0.8 (pool - 1) / (pool + 1)``. Also the
same for each unit template (small counts cover more: ties at the interval's ends count
as inside).

Measured 2026-11-30 (2-vCPU VM shared with other jobs): ``python benchmarks/bench_review.py``
(tiny, 2023-Q2, 100 truths, pool 40, 40 s): territory 0.78 (width 11.1) from admissions so
far, 0.87 (width 7.6) with the pipeline, plain simulation width 17.1; ``--scenario
scenarios/lam_dong_agencies_2020_2021.yaml --as-of 2021-Q2 --truths 60`` (83 s): 0.63
(14.5), 0.83 (10.5), plain 22.2. Expected 0.761.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import partysim
from partysim.analysis.review import condition
from partysim.analysis.review_runs import run_review_replications


def _measure(truth, pool, with_pipeline: bool, unit: int | None) -> tuple[float, float]:
    inside, widths = 0, []
    k_truths = truth.before.shape[0]
    for k in range(k_truths):
        pipe = truth.pipeline[k] if with_pipeline else np.full(truth.pipeline.shape[1:], np.nan)
        year, _ = condition(pool, truth.before[k], pipe)
        sim = year[:, 0].sum(axis=1) if unit is None else year[:, 0, unit]
        outcome = truth.before[k] + truth.after[k, 0]
        outcome = outcome.sum() if unit is None else outcome[unit]
        lo, hi = np.percentile(sim, [10, 90])
        inside += lo <= outcome <= hi
        widths.append(hi - lo)
    return inside / k_truths, float(np.mean(widths))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="tests/data/tiny.yaml")
    ap.add_argument("--as-of", default="2023-Q2")
    ap.add_argument("--truths", type=int, default=100)
    ap.add_argument("--pool", type=int, default=40)
    args = ap.parse_args()
    sc = partysim.load_scenario(args.scenario)
    t0 = time.perf_counter()
    truth = run_review_replications(sc, args.as_of, args.truths, seed=101)
    pool = run_review_replications(sc, args.as_of, args.pool, seed=202)
    elapsed = time.perf_counter() - t0
    plain = pool.before + pool.after[:, 0]
    print(f"{sc.name} as of {args.as_of}: {args.truths} truths, pool of {args.pool} ({elapsed:.0f} s)")
    print(f"expected coverage of an empirical 80% interval: {0.8 * (args.pool - 1) / (args.pool + 1):.3f}")
    names = ["territory"] + [u.name for u in sc.territory.units]
    for j, name in enumerate(names):
        unit = None if j == 0 else j - 1
        p = plain.sum(axis=1) if unit is None else plain[:, unit]
        width = np.subtract(*np.percentile(p, [90, 10]))
        without = _measure(truth, pool, False, unit)
        with_pipe = _measure(truth, pool, True, unit)
        print(
            f"{name}: coverage {without[0]:.2f} (width {without[1]:.1f}) from admissions so far; "
            f"{with_pipe[0]:.2f} (width {with_pipe[1]:.1f}) with the pipeline; plain simulation width {width:.1f}"
        )


if __name__ == "__main__":
    main()
