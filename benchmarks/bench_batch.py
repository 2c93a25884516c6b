"""Batch throughput (replications per minute) on 1 and 2 workers, and memory per person.

Run: ``python benchmarks/bench_batch.py [--replications 4] [--workers 1 2] [--scenario FILE]``

Throughput goes through the whole batch machinery (plan, local process pool, results sent
back, one Parquet file per run written atomically, manifest), on the Thanh Hóa scenario
by default (every inhabitant aged 16-60 and every member, about 2.2 million people).
Worker processes are started and warmed up before the clock starts, so the figure is
the steady rate of a long overnight batch. Peak memory is measured in a fresh process
running one replication: the peak resident set, and the growth above the process before
the engine was built, divided by the people simulated (slots used).

Measured 2026-11-22 (``python benchmarks/bench_batch.py [--replications 6]``; 2-vCPU Xeon
VM shared with other jobs, load average 1.2-1.3): one replication 5.5-6.3 s in a worker;
1 worker 9.5-11.0 replications/min, 2 workers 19.7-19.9 replications/min (speed-up
1.82-2.08x); batch machinery 0.02-0.1 s per run; memory 191 bytes per person simulated
(465 MB for 2.56 million people; peak 622 MB, 255 bytes per person with the interpreter
and libraries). With the same machine busier (load 2.7) the speed-up fell to 1.56x, and
the time per run in the worker rose accordingly: the cores were shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"


def throughput(scenario: Path, workers: int, replications: int, seed: int) -> dict:
    """Replications per minute of one batch on ``workers`` local worker processes."""
    from partysim.batch.executors import PoolExecutor
    from partysim.batch.orchestrator import run_batch
    from partysim.batch.plan import plan_batch
    from partysim.batch.store import RunStore
    from partysim.batch.worker import scenario_of

    warm = plan_batch([scenario], replications=workers, seed=seed).specs
    with PoolExecutor(workers) as ex, tempfile.TemporaryDirectory() as out:
        for o in ex.imap(scenario_of, warm):  # start every worker, validate the scenario once
            assert o.ok, o.error
        t0 = time.perf_counter()
        s = run_batch([scenario], out, replications=replications, seed=seed, executor=ex, progress=False)
        seconds = time.perf_counter() - t0
        run_s = [r["duration_s"] for r in RunStore(out).manifest() if r["status"] == "ok"]
    assert s.finished == replications and not s.failed, s.line()
    return {
        "workers": workers,
        "replications": replications,
        "seconds": seconds,
        "per_minute": 60.0 * replications / seconds,
        "run_s": sum(run_s) / len(run_s),
        "overhead_s": (seconds * workers - sum(run_s)) / replications,
    }


def memory(scenario: Path, seed: int) -> dict:
    """Peak memory of one replication (run in this process; call in a fresh one)."""
    import psutil

    import partysim
    from partysim.analysis.tables import ReplicationTables
    from partysim.model.engine import Engine

    sc = partysim.load_scenario(scenario)
    before = psutil.Process().memory_info().rss
    t0 = time.perf_counter()
    eng = Engine(sc, replication=0, seed=seed)
    people_start = eng.people.n
    eng.run()
    ReplicationTables.of(eng)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kB
    return {
        "people_start": people_start,
        "slots_used": eng.people.n,
        "capacity": eng.people.capacity,
        "months": sc.months,
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        "growth_mb": (peak - before) / 2**20,
        "bytes_per_person": (peak - before) / eng.people.n,
        "peak_bytes_per_person": peak / eng.people.n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", type=Path, default=SCENARIO)
    ap.add_argument("--replications", type=int, default=4, help="replications per measurement (default 4)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--memory-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_only:
        print(json.dumps(memory(args.scenario, args.seed)))
        return

    print(
        f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f} (other work on the machine slows "
        "the figures down)"
    )
    out = subprocess.run(
        [sys.executable, __file__, "--memory-only", "--scenario", str(args.scenario), "--seed", str(args.seed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = json.loads(out.strip().splitlines()[-1])
    print(
        f"scenario {args.scenario.name}: {m['people_start']:,} people at start, {m['slots_used']:,} people "
        f"simulated over {m['months']} months; one replication {m['seconds']:.1f} s on one core"
    )
    print(
        f"memory: peak {m['peak_mb']:,.0f} MB, {m['growth_mb']:,.0f} MB above the process before the engine; "
        f"{m['bytes_per_person']:.0f} bytes per person ({m['peak_bytes_per_person']:.0f} with the interpreter "
        f"and libraries)"
    )
    rows = [throughput(args.scenario, w, args.replications, args.seed) for w in args.workers]
    base = rows[0]["per_minute"]
    print(
        f"{'workers':>7} {'replications':>12} {'seconds':>8} {'replications/min':>17} {'speed-up':>9} "
        f"{'s per run in worker':>20} {'batch overhead s/run':>21}"
    )
    for r in rows:
        print(
            f"{r['workers']:>7} {r['replications']:>12} {r['seconds']:>8.1f} {r['per_minute']:>17.2f} "
            f"{r['per_minute'] / base:>8.2f}x {r['run_s']:>20.2f} {r['overhead_s']:>21.2f}"
        )
    print(
        "(s per run in worker: the replication alone; if it grows with more workers, the cores are shared or "
        "memory bandwidth is the limit, not the batch machinery)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
