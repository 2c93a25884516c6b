"""Simulation-based calibration check of ``partysim calibrate --ensemble``.

Run: ``python benchmarks/bench_sbc.py [--scenario tests/data/tiny_calibration.yaml]
[--trials 50] [--sets 256] [--max-sets 1024] [--replications 2] [--workers 2]
[--no-noise] [--no-emulator] [--param PATH ...]``

Each trial draws a "true" parameter set from the priors, simulates the scenario's
calibration moments with it (one replication, with a seed the calibration does not use),
adds the observation error and model discrepancy the likelihood assumes (``--no-noise``:
leave them out), calibrates on those synthetic figures and records, per parameter,
whether the truth lies in the posterior's 80% interval (weighted p10-p90). If the method
is right, the truth is inside 80% of the time for every parameter: the identified ones
(narrow posteriors) are the real test; for those the data leave at their prior it is easy.

Wave 1 (sets drawn from the priors) and the emulator fitted to it do not depend on the
figures, so they are computed once; each trial then runs
:func:`partysim.analysis.history_matching.waves` as ``fit_posterior`` does (screening,
later waves simulated for that trial, weights). Trials run on ``--workers`` processes.
Prints coverage per parameter and overall, with the binomial standard error, the
effective sample sizes and the wall time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def trial(job: dict) -> tuple[list[bool], float, int, int]:
    """One trial: calibrate on its synthetic figures; per parameter, truth inside p10-p90?"""
    from partysim.analysis.history_matching import Likelihood, waves
    from partysim.analysis.posterior_runs import simulate_runs
    from partysim.analysis.weighted import weighted_quantile

    a = job["args"]
    like = Likelihood(job["observed"], a.obs_error, a.discrepancy)

    def simulate(table):
        return simulate_runs(job["scenario"], table, a.replications, job["scenario"].seed, job["budget"])

    runs, w, _ = waves(simulate, job["design"], like, a.max_sets, job["screen"], job["first"])
    inside = []
    for path, truth in job["truth"].items():
        lo, hi = weighted_quantile(runs.sets[path].to_numpy(), w.weights, [0.1, 0.9])
        inside.append(bool(lo <= truth <= hi))
    return inside, w.ess, w.positive, len(runs)


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
    ap.add_argument("--no-emulator", action="store_true", help="later waves from the prior, not the emulator")
    ap.add_argument("--param", action="append", default=None, help="a parameter to vary (default: verdict's)")
    ap.add_argument("--full", action="store_true", help="full territory instead of the preview")
    args = ap.parse_args()

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np
    import pandas as pd

    import partysim
    from partysim.analysis.history_matching import Screen
    from partysim.analysis.posterior import CANDIDATES
    from partysim.analysis.posterior_runs import simulate_runs
    from partysim.analysis.preview import PREVIEW_PEOPLE
    from partysim.analysis.priors import draw, priors

    t_start = time.perf_counter()
    sc = partysim.load_scenario(args.scenario)
    prior_list = priors(sc, args.param)
    budget = None if args.full else PREVIEW_PEOPLE
    design = draw(prior_list, args.max_sets, sc.seed)
    first = simulate_runs(sc, design[: args.sets], args.replications, sc.seed, budget, args.workers)
    screen = None if args.no_emulator else Screen.fit(prior_list, first, draw(prior_list, CANDIDATES, sc.seed + 1))
    t_first = time.perf_counter() - t_start

    rng = np.random.default_rng(sc.seed + 12345)
    u = rng.uniform(size=(args.trials, len(prior_list)))
    truths = pd.DataFrame({p.path: p.ppf(u[:, j]) for j, p in enumerate(prior_list)})
    # one replication per truth, with a seed the calibration's runs never use
    sim = simulate_runs(sc, truths, 1, sc.seed + 1, budget, args.workers).moments[:, 0, :]
    sd = np.hypot(args.obs_error, args.discrepancy) * np.maximum(np.abs(sim), 1.0)
    observed = sim if args.no_noise else sim + rng.normal(size=sim.shape) * sd

    common = dict(args=args, scenario=sc, budget=budget, design=design, first=first, screen=screen)
    jobs = [dict(common, observed=observed[t], truth=truths.iloc[t].to_dict()) for t in range(args.trials)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=args.workers, mp_context=ctx) as pool:
        results = list(pool.map(trial, jobs))
    covered = np.array([r[0] for r in results])
    ess, positive, simulated = ([r[k] for r in results] for k in (1, 2, 3))
    wall = time.perf_counter() - t_start
    report(sc.name, prior_list, covered, args, t_first, wall, ess, positive, simulated)


def report(name, prior_list, covered, args, t_first, wall, ess, positive, simulated) -> None:
    """Print coverage per parameter and overall, the sets and the wall time."""
    import numpy as np

    n = covered.shape[0]
    print(
        f"{name}: {n} trials, {len(prior_list)} parameters, wave 1 {args.sets} sets, at most {args.max_sets}, x "
        f"{args.replications} replications ({'full' if args.full else 'preview'}), "
        f"{'no emulator' if args.no_emulator else 'emulator'}, observation error {args.obs_error:.0%}, "
        f"discrepancy {args.discrepancy:.0%}, synthetic noise {'off' if args.no_noise else 'on'}"
    )
    print(f"{'parameter':36s} {'covered':>8s}  (80% interval; binomial SE per parameter {np.sqrt(0.16 / n):.1%})")
    for j, p in enumerate(prior_list):
        print(f"{p.path:36s} {covered[:, j].mean():8.0%}")
    overall = covered.mean()
    verdict = "in" if 0.72 <= overall <= 0.88 else "OUT OF"
    print(f"{'overall':36s} {overall:8.1%}  ({verdict} the 72-88% range)")
    print(
        f"effective sample size: median {np.median(ess):.0f} (min {np.min(ess):.0f}); sets with weight: median "
        f"{np.median(positive):.0f} (min {np.min(positive)}); sets simulated: median {np.median(simulated):.0f}"
    )
    print(f"wall time {wall:.0f} s (wave 1 and emulator: {t_first:.0f} s), {args.workers} workers")


if __name__ == "__main__":
    main()
