"""Engine speed and memory: person-months per second and peak memory.

Run: ``python benchmarks/bench_engine.py [--sizes 100000 1000000 full] [--months 60]``

Each size runs in a fresh subprocess (so peak memory is that run's own) on one core. Sizes
are the Thanh Hóa scenario scaled by unit counts; ``full`` is the scenario as shipped
(every inhabitant aged 16-60 and every member, about 2.2 million people). Seconds are wall
time; "total CPU s" is the processor time of build and run (which a busy machine disturbs
less).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"


def one(size: str, months: int) -> dict:
    import partysim
    from partysim.model.engine import Engine

    sc = partysim.load_scenario(SCENARIO)
    if size != "full":
        base = sum(u.count * (u.people + u.members) for u in sc.territory.units)
        factor = int(size) / base
        for u in sc.territory.units:
            u.count = max(1, round(u.count * factor))
    from partysim.model.spinup import start_snapshot

    t0 = time.perf_counter()
    start_snapshot(sc, sc.seed, Engine)  # once per scenario and process; every replication reuses it
    spinup = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    eng = Engine(sc)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    people0 = eng.people.n
    t1, c1 = time.perf_counter(), time.process_time()
    eng.run(months)
    run, run_cpu = time.perf_counter() - t1, time.process_time() - c1
    person_months = sum(r["population"] for r in eng.records)
    return {
        "size": size,
        "people_start": people0,
        "months": months,
        "spinup_s": round(spinup, 2),
        "build_s": round(build, 2),
        "run_s": round(run, 2),
        "total_s": round(build + run, 2),
        "build_cpu_s": round(build_cpu, 2),
        "run_cpu_s": round(run_cpu, 2),
        "total_cpu_s": round(build_cpu + run_cpu, 2),
        "person_months_per_s": round(person_months / run),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", nargs="+", default=["100000", "1000000", "full"])
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.months)))
        return
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    print(
        f"{'size':>9} {'people':>9} {'spin-up s':>9} {'build s':>8} {'run s':>7} {'total s':>8} {'person-months/s':>16} {'peak MB':>8}"
        f" {'total CPU s':>11}"
    )
    for size in args.sizes:
        cmd = ["taskset", "-c", "0", sys.executable, __file__, "--one", size, "--months", str(args.months)]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
        except FileNotFoundError:  # no taskset
            out = subprocess.run(cmd[3:], capture_output=True, text=True, env=env, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{r['size']:>9} {r['people_start']:>9} {r['spinup_s']:>9} {r['build_s']:>8} {r['run_s']:>7} {r['total_s']:>8} {r['person_months_per_s']:>16,} {r['peak_rss_mb']:>8}"
            f" {r['total_cpu_s']:>11}"
        )


if __name__ == "__main__":
    main()
