"""Flow model speed: milliseconds per evaluation, for instant feedback and many parameter sets.

Run: ``python benchmarks/bench_flow.py [--scenarios scenarios/ninh_binh_2023.yaml ...]
[--repeat 20] [--sets 20]``

For each scenario: the one-off build (the engine's month-0 state, with its spin-up; once
per scenario and seed, then cached), then the median wall (and CPU) time of one flow-model run over
the whole horizon plus its equilibrium (``--repeat`` runs after a warm-up), and the time
per parameter set (wall and CPU time: on a loaded machine the wall time overstates) when ``--sets`` sets of identification rate and class seats (drawn
around the scenario's values) reuse the same build, as an uncertainty analysis would
(the time to validate each set's scenario with ``with_values`` is shown apart).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [*sorted((ROOT / "scenarios").glob("*.yaml")), ROOT / "tests" / "data" / "tiny.yaml"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", nargs="+", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--sets", type=int, default=20)
    args = ap.parse_args()

    import numpy as np

    import partysim
    from partysim.analysis.equilibrium import equilibrium
    from partysim.analysis.flow_inputs import flow_inputs
    from partysim.analysis.flow_model import FlowModel

    print(f"median of {args.repeat} runs; {args.sets} parameter sets on one build")
    print(
        f"{'scenario':<34} {'months':>6} {'build s':>8} {'run ms':>8} {'cpu ms':>8} {'ms/month':>9} {'set ms':>8} "
        f"{'validate ms':>12}"
    )
    for path in args.scenarios:
        sc = partysim.load_scenario(path)
        t0 = time.perf_counter()
        inputs = flow_inputs(sc)
        build_s = time.perf_counter() - t0
        equilibrium(FlowModel(sc, inputs).run())  # warm-up
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            equilibrium(FlowModel(sc, inputs).run())
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        rng = np.random.default_rng(0)
        validate, evaluate = [], []
        for _ in range(args.sets):
            values = {
                "pipeline.identification_rate": sc.pipeline.identification_rate * rng.uniform(0.7, 1.3),
                "levers.seats_per_class": float(rng.integers(30, 80)),
            }
            t0 = time.perf_counter()
            variant = sc.with_values(values)
            t1 = time.perf_counter()
            equilibrium(FlowModel(variant, inputs).run())
            validate.append(t1 - t0)
            evaluate.append(time.perf_counter() - t1)
        run_ms = 1000 * statistics.median(times)
        print(
            f"{sc.name:<34} {sc.months:>6} {build_s:>8.1f} {run_ms:>8.1f} {1000 * statistics.median(cpu):>8.1f} "
            f"{run_ms / sc.months:>9.2f} "
            f"{1000 * statistics.median(evaluate):>8.1f} {1000 * statistics.median(validate):>12.1f}"
        )


if __name__ == "__main__":
    main()
