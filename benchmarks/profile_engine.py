"""Where one full Thanh Hóa replication spends its time: CPU seconds per step of the step
plan, and the cProfile top of the build and of the run.

Run: ``PYTHONPATH=src python benchmarks/profile_engine.py [--top 15] [--size full]``

The spin-up and a three-month warm-up run first in the same process (so compiling or
loading the kernels is not counted). Per-step figures are CPU seconds
(``time.process_time``), which a busy machine disturbs less than wall time; the cProfile
figures are its own (with its overhead). Pin it to one core (``taskset -c 1``) on a shared
machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from pathlib import Path

import partysim
from partysim.model import engine as E
from partysim.model.engine import Engine
from partysim.model.spinup import start_snapshot

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"


def per_step(sc: partysim.Scenario) -> tuple[float, float, dict[str, float]]:
    """(build CPU s, run CPU s, CPU s of each step over the run; "record and the rest" is
    the run less the steps)."""
    times = {name: 0.0 for name, _ in E.STEP_PLAN}

    def timed(name: str, fn: E.StepFn) -> E.StepFn:
        def step(eng: Engine) -> None:
            a = time.process_time()
            fn(eng)
            times[name] += time.process_time() - a

        return step

    plan = E.STEP_PLAN
    E.STEP_PLAN = tuple((name, timed(name, fn)) for name, fn in plan)  # Engine.step reads it each month
    try:
        c0 = time.process_time()
        eng = Engine(sc)
        build = time.process_time() - c0
        c1 = time.process_time()
        eng.run()
        run = time.process_time() - c1
    finally:
        E.STEP_PLAN = plan
    times["record and the rest"] = run - sum(times.values())
    return build, run, times


def top(fn, n: int) -> str:
    """cProfile's top ``n`` functions by own time while ``fn`` runs."""
    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    out = io.StringIO()
    pstats.Stats(pr, stream=out).sort_stats("tottime").print_stats(n)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    sc = partysim.load_scenario(SCENARIO)
    start_snapshot(sc, sc.seed, Engine)
    Engine(sc).run(3)  # warm-up: kernels loaded, caches of the scenario filled
    build, run, times = per_step(sc)
    print(f"build {build:.2f} CPU s, run {run:.2f} CPU s ({sc.months} months)")
    for name, v in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:16s} {v * 1000:7.0f} ms")
    print("== build ==")
    print(top(lambda: Engine(sc), args.top))
    eng = Engine(sc)
    print("== run ==")
    print(top(eng.run, args.top))


if __name__ == "__main__":
    main()
