"""How much running ``partysim require`` takes, against a grid of the same resolution.

Run: ``python benchmarks/bench_require.py [--scenario FILE] [--target NAME] [--lever NAME]
[--probability 0.5] [-k 2] [-n 4] [--preview]``

Prints the settings run on every parameter set (galloping and bisection from the
scenario's own value), the set-runs of the per-set interval, the total set-runs and the
seconds, and how many set-runs a grid over the whole range at the same resolution would
need (values x sets) before any interval. Default: ``tests/data/tiny.yaml`` with two classes a
year, seats per class as the lever, and the target 20 admissions in 2023.
"""

from __future__ import annotations

import argparse
import time

from partysim.analysis.requirement import lever_specs, require
from partysim.scenario.schema import load_scenario

TINY = ["targets=[{name: twenty in 2023, kind: admissions, threshold: 20, years: [2023]}]", "levers.classes_per_year=2"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="tests/data/tiny.yaml")
    ap.add_argument("--target", default="twenty in 2023")
    ap.add_argument("--lever", default="seats_per_class")
    ap.add_argument("--probability", type=float, default=0.5)
    ap.add_argument("-k", "--sets", type=int, default=2)
    ap.add_argument("-n", "--replications", type=int, default=4)
    ap.add_argument("--preview", action="store_true")
    args = ap.parse_args()
    sc = load_scenario(args.scenario, TINY if args.scenario.endswith("tiny.yaml") else [])
    t0 = time.perf_counter()
    res = require(
        sc, args.target, args.probability, [args.lever], sets=args.sets, replications=args.replications,
        preview=args.preview,
    )  # fmt: skip
    seconds = time.perf_counter() - t0
    axis = lever_specs(sc, [args.lever])[0].axis
    grid = round((axis.hi - axis.lo) / axis.resolution) + 1
    settings = res.to_frame()[args.lever].nunique()
    print(f"{sc.name}: {args.lever} {res.setting[args.lever]:g} (met: {res.met})")
    print(f"settings run on all {res.sets} sets: {settings} ({settings * res.sets} set-runs)")
    print(f"set-runs in all, with the per-set interval: {res.runs} of {res.replications} replications each")
    print(f"a grid at the same resolution: {grid} settings x {res.sets} sets = {grid * res.sets} set-runs")
    print(f"seconds: {seconds:.1f}")


if __name__ == "__main__":
    main()
