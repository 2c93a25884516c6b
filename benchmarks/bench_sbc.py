"""Simulation-based calibration check of ``partysim calibrate --ensemble``.

Run: ``python benchmarks/bench_sbc.py [--scenario tests/data/tiny_calibration.yaml]
[--trials 50] [--sets 256] [--max-sets 1024] [--replications 2] [--workers 2]
[--no-noise] [--param PATH ...]``

Each trial draws a "true" parameter set from the priors, simulates the scenario's
calibration moments with it (one replication, with a seed the calibration does not use),
adds the observation error and model discrepancy the likelihood assumes (``--no-noise``:
leave them out), calibrates on those synthetic figures and records, per parameter,
whether the truth lies in the posterior's 80% interval (weighted p10-p90). If the method
is right, the truth is inside 80% of the time, for every parameter: identified ones
(where the posterior is narrow) are the real test; for those the data leave at their
prior the check is easy.

The calibration's simulations do not depend on the figures, only its weights do, so the
sets are simulated once (the whole Sobol design, up to ``--max-sets``) and each trial
weighs the prefix :func:`partysim.analysis.posterior.grow` would have simulated: the
same sets, rounds and weights as ``fit_posterior`` on those figures, without re-running.
Prints coverage per parameter and overall, with its binomial standard error, and the
wall time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", type=Path, default=ROOT / "tests" / "data" / "tiny_calibration.yaml")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--sets", type=int, default=256)
    ap.add_argument("--max-sets", type=int, default=1024)
    ap.add_argument("--replications", "-n", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--obs-error", type=float, default=0.05)
    ap.add_argument("--discrepancy", type=float, default=0.05)
    ap.add_argument("--no-noise", action="store_true", help="synthetic figures without observation error")
    ap.add_argument("--param", action="append", default=None, help="a parameter to vary (default: verdict's)")
    ap.add_argument("--full", action="store_true", help="full territory instead of the preview")
    args = ap.parse_args()

    import numpy as np
    import pandas as pd

    import partysim
    from partysim.analysis.posterior import MIN_SETS, Runs, grow, simulate_runs, weigh
    from partysim.analysis.preview import PREVIEW_PEOPLE
    from partysim.analysis.priors import draw, priors
    from partysim.analysis.weighted import weighted_quantile

    t_start = time.perf_counter()
    sc = partysim.load_scenario(args.scenario)
    prior_list = priors(sc, args.param)
    budget = None if args.full else PREVIEW_PEOPLE
    design = draw(prior_list, args.max_sets, sc.seed)
    t0 = time.perf_counter()
    ref = simulate_runs(sc, design, args.replications, sc.seed, budget, args.workers)
    t_ref = time.perf_counter() - t0

    rng = np.random.default_rng(sc.seed + 12345)
    u = rng.uniform(size=(args.trials, len(prior_list)))
    truths = pd.DataFrame({p.path: p.ppf(u[:, j]) for j, p in enumerate(prior_list)})
    # one replication per truth, with a seed the calibration's runs never use
    sim = simulate_runs(sc, truths, 1, sc.seed + 1, budget, args.workers).moments[:, 0, :]
    sd = np.hypot(args.obs_error, args.discrepancy) * np.maximum(np.abs(sim), 1.0)
    observed = sim if args.no_noise else sim + rng.normal(size=sim.shape) * sd

    def prefix(a: int, b: int) -> Runs:
        return Runs(ref.sets.iloc[a:b], ref.moments[a:b], ref.annual.iloc[:0])

    covered = np.zeros((args.trials, len(prior_list)), bool)
    ess, positive, short = [], [], 0
    for t in range(args.trials):

        def weighing(runs: Runs, obs: np.ndarray = observed[t]) -> object:
            return weigh(runs.moments, obs, args.obs_error, args.discrepancy)

        runs, w, _ = grow(prefix, args.sets, args.max_sets, weighing)
        ess.append(w.ess)
        positive.append(w.positive)
        short += w.positive < MIN_SETS
        for j, p in enumerate(prior_list):
            lo, hi = weighted_quantile(runs.sets[p.path].to_numpy(), w.weights, [0.1, 0.9])
            covered[t, j] = lo <= truths.loc[t, p.path] <= hi
    wall = time.perf_counter() - t_start
    report(sc.name, prior_list, covered, args, t_ref, wall, ess, positive, short)


def report(name, prior_list, covered, args, t_ref, wall, ess, positive, short) -> None:
    """Print coverage per parameter and overall, the sets and the wall time."""
    import numpy as np

    n = covered.shape[0]
    print(
        f"{name}: {n} trials, {len(prior_list)} parameters, sets {args.sets} to {args.max_sets} x "
        f"{args.replications} replications ({'full' if args.full else 'preview'}), "
        f"observation error {args.obs_error:.0%}, discrepancy {args.discrepancy:.0%}, "
        f"synthetic noise {'off' if args.no_noise else 'on'}"
    )
    print(f"{'parameter':36s} {'covered':>8s}  (80% interval; binomial SE {np.sqrt(0.8 * 0.2 / n):.1%})")
    for j, p in enumerate(prior_list):
        print(f"{p.path:36s} {covered[:, j].mean():8.0%}")
    overall = covered.mean()
    verdict = "in" if 0.72 <= overall <= 0.88 else "OUT OF"
    print(f"{'overall':36s} {overall:8.1%}  ({verdict} the 72-88% range)")
    print(
        f"effective sample size: median {np.median(ess):.0f} (min {np.min(ess):.0f}); sets with weight: "
        f"median {np.median(positive):.0f}; trials below 100 sets with weight: {short}"
    )
    print(f"wall time {wall:.0f} s (simulating the {args.max_sets} sets: {t_ref:.0f} s), {args.workers} workers")


if __name__ == "__main__":
    main()
