"""Verdicts over parameter uncertainty: the time of a K x R ensemble and what it says.

Run: ``python benchmarks/bench_ensemble.py [--scenario scenarios/ninh_binh_2023.yaml]
[--sets 40] [--replications 4] [--seed 1] [--full]``

Draws K parameter sets from the default priors (:func:`partysim.analysis.priors.priors`:
calibration parameters, effect sizes, the most influential estimates; triangular on each
plausible range with the mode at the scenario's value), runs each for R replications on
the preview's weighted sample (``--full``: the whole territory) and prints the wall time,
then per target and year P(met) over the ensemble with its 80% interval across parameter
sets, the parameters' share of the variance and what weighs most. For comparison, the
same R replications at the scenario's own values (one set) are run first.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "ninh_binh_2023.yaml")
    ap.add_argument("--sets", "-k", type=int, default=40)
    ap.add_argument("--replications", "-n", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--full", action="store_true", help="run the whole territory, not the preview sample")
    args = ap.parse_args()

    import pandas as pd

    import partysim
    from partysim.analysis.ensemble import run_ensemble
    from partysim.analysis.priors import draw, priors

    sc = partysim.load_scenario(args.scenario)
    preview = not args.full
    prior_list = priors(sc)
    sets = draw(prior_list, args.sets, seed=args.seed)
    point = pd.DataFrame({p.path: [p.mode] for p in prior_list})
    t0 = time.perf_counter()
    at_values = run_ensemble(sc, point, args.replications, args.seed, preview=preview)
    t_point = time.perf_counter() - t0
    t0 = time.perf_counter()
    ens = run_ensemble(sc, sets, args.replications, args.seed, preview=preview)
    elapsed = time.perf_counter() - t0
    runs = args.sets * args.replications
    print(
        f"{sc.name}: {len(prior_list)} estimates varied, {args.sets} sets x {args.replications} replications "
        f"({'preview' if preview else 'full territory'}): {elapsed:.1f} s ({elapsed / runs * 1000:.0f} ms a run); "
        f"the scenario's own values, {args.replications} replications: {t_point:.1f} s"
    )
    for row in ens.verdicts.itertuples():
        name = str(row.name)
        wm = ens.what_matters(name, row.year)
        fixed = at_values.prob_met(name, row.year)
        print(
            f"  {name[:48]:48s} {row.year}: P(met) {row.probability:.2f} [80% over parameters "
            f"{row.prob_lo:.2f}-{row.prob_hi:.2f}] (at the scenario's values {fixed:.2f}); mean {row.mean:,.4g} "
            f"(at the values {at_values.verdicts.loc[row.Index, 'mean']:,.4g}); "
            f"parameters' share of variance {row.parameter_share:.0%}; top: {wm.top}"
        )
    wm = ens.what_matters(str(ens.verdicts["name"].iloc[0]), int(ens.verdicts["year"].iloc[-1]))
    print(f"  {wm.weighs_most('en')}")


if __name__ == "__main__":
    main()
