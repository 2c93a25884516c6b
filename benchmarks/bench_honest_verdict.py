"""Wall time of the honest verdict: calibration with uncertainty, then the verdict over it.

Run: ``python benchmarks/bench_honest_verdict.py [SCENARIO] [--workers 2] [--keep DIR]``

The two commands a planner types, each in its own process, timed from outside::

    partysim calibrate SCENARIO --ensemble --workers W --out DIR -q
    partysim verdict SCENARIO --posterior DIR --preview -n 2 --out DIR/verdict -q

The verdict asks for the calibration's own runs (preview, 2 replications, the scenario's
seed: the calibration's defaults), so it judges the runs the calibration stored in
``posterior_runs.csv`` instead of simulating the weighted sets again. ``--rerun`` times the
old route too: the verdict on the same sets and weights without the stored runs.
Default scenario: Ninh Bình. Prints wall seconds per step and in total, the CPU seconds
of each step (its worker processes included: on a busy machine, CPU / workers is about
what an idle machine would take) and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "ninh_binh_2023.yaml"


def cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and theirs."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(args: list[str]) -> tuple[float, float, str]:
    """Run ``python -m partysim.cli ARGS``: wall seconds, CPU seconds (its worker
    processes included) and its standard output."""
    t0, c0 = time.perf_counter(), cpu()
    r = subprocess.run([sys.executable, "-m", "partysim.cli", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): partysim {' '.join(args)}\n{r.stderr}")
    return seconds, cpu() - c0, r.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", nargs="?", default=str(SCENARIO))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", help="Folder to keep the outputs in (default: a temporary one).")
    ap.add_argument("--rerun", action="store_true", help="Also time the verdict that simulates the sets again.")
    args = ap.parse_args()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="honest-verdict-"))
    post = out / "posterior"
    print(f"{Path(args.scenario).name}, {args.workers} workers, load average {os.getloadavg()[0]:.1f} at start")
    cal, cal_cpu, _ = timed(
        ["calibrate", args.scenario, "--ensemble", "--workers", str(args.workers), "--out", str(post), "-q"]
    )
    print(f"calibrate --ensemble:               {cal:8.1f} s  (CPU {cal_cpu:.0f} s)")
    ver, ver_cpu, text = timed(
        ["verdict", args.scenario, "--posterior", str(post), "--preview", "-n", "2", "--out", str(out / "v"), "-q"]
    )
    reused = "no new simulation" in text or "không mô phỏng lại" in text
    note = f"  (CPU {ver_cpu:.0f} s)" + ("" if reused else "  NOT reused: simulated")
    print(f"verdict --posterior (stored runs):  {ver:8.1f} s{note}")
    print(f"honest verdict, total:              {cal + ver:8.1f} s ({(cal + ver) / 60:.1f} min)")
    if args.rerun:
        bare = out / "sets-only"
        bare.mkdir(exist_ok=True)
        for name in ("posterior_sets.csv", "posterior.json"):
            shutil.copy(post / name, bare / name)
        again, again_cpu, _ = timed(
            ["verdict", args.scenario, "--posterior", str(bare), "--preview", "-n", "2", "--out", str(out / "v2"), "-q"]
        )
        print(f"verdict --posterior (simulated):    {again:8.1f} s  (CPU {again_cpu:.0f} s; without stored runs)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end; outputs in {out}")
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
