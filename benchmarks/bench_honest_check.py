"""How far the fast honest verdict lands from running every parameter set at full scale.

Run: ``python benchmarks/bench_honest_check.py [--scenario scenarios/huong_son_2018_2022.yaml]
[--sets 12] [--replications 4] [--set-replications 1]``

For one scenario: the plain run (J full replications), then the verdicts over K parameter
sets two ways with the same sets, seed and replications: the fast route of
:mod:`partysim.analysis.honest` (each set's effect, measured on its first replications,
applied to every full replication) and brute force
(:func:`partysim.analysis.ensemble.run_ensemble`, every set for every replication). Prints, per
target and year, P(met) and mean both ways, the brute force's standard error of the mean,
and the wall time of each route. The fast route is forced even when the territory fits
the preview's budget.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "huong_son_2018_2022.yaml")
    ap.add_argument("--sets", type=int, default=12)
    ap.add_argument("--replications", type=int, default=4)
    ap.add_argument("--set-replications", type=int, default=1)
    args = ap.parse_args()

    import partysim
    from partysim.analysis import honest, runner
    from partysim.analysis.ensemble import run_ensemble

    sc = partysim.load_scenario(args.scenario)
    t0 = time.perf_counter()
    plain = runner.run(sc, replications=args.replications, progress=False)
    t_plain = time.perf_counter() - t0
    u = honest.ParameterUncertainty(sets=args.sets, replications=args.set_replications)
    sets, weights, _ = u.design(sc, plain.seed)
    t0 = time.perf_counter()
    fast = honest.combined_runs(sc, plain, sets, weights, u)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    brute = run_ensemble(sc, sets, args.replications, plain.seed, weights=weights)
    t_brute = time.perf_counter() - t0
    print(f"{sc.name}: {args.sets} sets x {args.replications} replications")
    print(f"plain run {t_plain:.1f} s; fast route +{t_fast:.1f} s; brute force {t_brute:.1f} s")
    print(f"{'target':<40} {'year':>4} {'P fast':>7} {'P brute':>7} {'mean fast':>10} {'mean brute':>10} {'s.e.':>8}")
    for f, b in zip(fast.verdicts.itertuples(), brute.verdicts.itertuples()):
        v = brute.values(str(b.name), int(b.year))
        per_set = v.groupby("set")["value"].mean()
        se = float(per_set.std(ddof=1) / np.sqrt(len(per_set)))
        print(
            f"{str(f.name)[:40]:<40} {f.year:>4} {f.probability:>7.2f} {b.probability:>7.2f} "
            f"{f.mean:>10.4g} {b.mean:>10.4g} {se:>8.3g}"
        )


if __name__ == "__main__":
    main()
