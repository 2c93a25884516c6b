"""Would a leading set axis speed up the flow model's month? The pool's passes, timed.

Run: ``python benchmarks/bench_flow_set_axis.py [--sets 21] [--repeat 7]``

The flow model's month (:mod:`partysim.analysis.flow_steps`) makes about ten passes over
the pool (areas x rate classes x age months, :data:`~partysim.analysis.flow_classes.N_ALL`
x :data:`~partysim.analysis.flow_pool.POOL_MONTHS`): stay and return, people coming home
from jobs, identification, the sums by area, the drop-outs' return, ageing. This script
makes those passes (the same numpy operations on arrays of the same shape, made-up values)
for K parameter sets two ways: a loop over K pools, and one array with a leading set axis
(K, 3, classes, months), and prints the CPU microseconds per set and month of each, median
of ``--repeat`` timings. If the set axis is not faster here, vectorising the flow model
over sets cannot make the quick verdict much faster: these passes are most of a month.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from partysim.analysis.flow_classes import N_ALL
from partysim.analysis.flow_pool import POOL_MONTHS


def month(pool: np.ndarray, stays: np.ndarray, q: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The pool's passes of one month (any leading axes), in place; returns the sums by area."""
    heads = pool.sum(axis=-2)
    pool *= (stays * (1 + 0.001 * heads / np.maximum(heads * stays, 1e-300)))[..., None, :]
    pool += share * (0.01 * stays)[..., None, :]
    found = pool * q
    pool -= found
    total = found.sum(axis=(-2, -1))
    left = pool.sum(axis=(-2, -1))
    pool += (0.1 / np.maximum(total, 1e-300))[..., None, None] * found
    last = pool[..., -1].copy()
    pool[..., 1:] = pool[..., :-1]
    pool[..., 0] = 0.0
    pool[..., -1] += last
    return left


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", type=int, default=21, help="K: parameter sets plus the scenario as is")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    k, shape = args.sets, (3, N_ALL, POOL_MONTHS)
    rng = np.random.default_rng(1)
    pools = [rng.random(shape) + 1 for _ in range(k)]
    stays = [1 - 0.001 * rng.random((3, POOL_MONTHS)) for _ in range(k)]
    qs = [0.01 * rng.random(shape) for _ in range(k)]
    shares = [rng.random(shape) for _ in range(k)]
    big = [np.stack(x) for x in (pools, stays, qs, shares)]
    months = 20
    loop, axis = [], []
    for _ in range(args.repeat):
        c = time.process_time()
        for _ in range(months):
            for args_one in zip(pools, stays, qs, shares):
                month(*args_one)
        loop.append((time.process_time() - c) / (months * k))
        c = time.process_time()
        for _ in range(months):
            month(*big)
        axis.append((time.process_time() - c) / (months * k))
    print(f"pool {shape} x {k} sets; CPU microseconds per set and month, median of {args.repeat}")
    print(f"  loop over sets:    {statistics.median(loop) * 1e6:7.0f}")
    print(f"  leading set axis:  {statistics.median(axis) * 1e6:7.0f}")


if __name__ == "__main__":
    main()
