"""A/B speed of one full Thanh Hóa replication: two source trees, alternating.

Run: ``python benchmarks/bench_ab.py OLD_SRC NEW_SRC [--repeats 5] [--size full] [--cpu 0]``

``OLD_SRC`` and ``NEW_SRC`` are ``src`` folders (e.g. ``git archive <commit> src | tar -x
-C /tmp/old``). Each repeat runs ``bench_engine.py --one SIZE`` from the old tree, then from
the new one, each in a fresh process pinned to one core, so a busy machine slows both
alike. Prints every run and the medians of build, run and total (wall seconds), the CPU
seconds of the whole process (spin-up included) and of build and run alone, which a busy
machine disturbs less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "benchmarks" / "bench_engine.py"


def one(src: str, size: str, cpu: int) -> dict:
    """One replication from the tree ``src``: bench_engine's figures plus the CPU seconds."""
    env = dict(os.environ, PYTHONPATH=src, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = ["taskset", "-c", str(cpu), sys.executable, str(ENGINE), "--one", size]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = json.loads(out.strip().splitlines()[-1])
    r["cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--size", default="full")
    ap.add_argument("--cpu", type=int, default=0, help="Core to pin the runs to.")
    args = ap.parse_args()
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    print(f"load average {os.getloadavg()[0]:.1f} at start")
    for i in range(args.repeats):
        for name in ("old", "new"):
            r = one(getattr(args, name), args.size, args.cpu)
            runs[name].append(r)
            print(
                f"{i + 1} {name}: build {r['build_s']:.2f} s, run {r['run_s']:.2f} s, total {r['total_s']:.2f} s, "
                f"process CPU {r['cpu_s']:.2f} s, build+run CPU {r['total_cpu_s']:.2f} s"
            )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'median':>8} {'build s':>8} {'run s':>7} {'total s':>8} {'CPU s':>7} {'build+run CPU s':>16}")
    for name, rs in runs.items():
        keys = ("build_s", "run_s", "total_s", "cpu_s", "total_cpu_s")
        med = {k: statistics.median(r[k] for r in rs) for k in keys}
        print(
            f"{name:>8} {med['build_s']:8.2f} {med['run_s']:7.2f} {med['total_s']:8.2f} {med['cpu_s']:7.2f}"
            f" {med['total_cpu_s']:16.2f}"
        )


if __name__ == "__main__":
    main()
