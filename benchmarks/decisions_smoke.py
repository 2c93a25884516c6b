"""The four decision commands on every shipped scenario, with minimal settings.

Run: ``python benchmarks/decisions_smoke.py [OUT_DIR]`` (default: a temporary folder).
For each file in scenarios/: ``partysim flow``; ``partysim require`` for its first
``admissions`` target (or first target) on classes_per_year, 1 set x 1 replication on the
preview; ``partysim allocate --total 100 -n 1 --preview``; ``partysim review`` of a sheet
giving 0 admissions so far to the first unit template, as of Q2 of the first full year,
2 replications over 1 parameter set. Prints one line per command: exit code, seconds,
last line of output (and the error line when it failed). It checks that each command
answers on each file, not that the answers are right (the tests do that on small cases).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile
import time

import partysim
from partysim.analysis.allocation_runs import full_years

ROOT = pathlib.Path(__file__).resolve().parents[1] / "scenarios"
files = sorted(ROOT.glob("*.yaml"))
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(tempfile.mkdtemp())
out.mkdir(parents=True, exist_ok=True)
for f in files:
    sc = partysim.load_scenario(f)
    years = full_years(sc)
    y = years[0]
    tgt = next((t for t in sc.targets if t.kind == "admissions"), sc.targets[0])
    name = tgt.name.get("en")
    unit = sc.territory.units[0].name
    act = out / f"{sc.name}_act.csv"
    act.write_text(f"Name,Admissions\n{unit},0\n", encoding="utf-8")
    cmds = {
        "flow": ["flow", f, "--lang", "en"],
        "require": [
            "require",
            f,
            "--target",
            name,
            "--lever",
            "classes_per_year",
            "-k",
            "1",
            "-n",
            "1",
            "--preview",
            "-q",
            "--lang",
            "en",
            "--out",
            out / f"{sc.name}_req",
        ],
        "allocate": [
            "allocate",
            f,
            "--total",
            "100",
            "-n",
            "1",
            "--preview",
            "-q",
            "--lang",
            "en",
            "--out",
            out / f"{sc.name}_alloc",
        ],
        "review": ["review", f, "--actuals", act, "--as-of", f"{y}-Q2", "-n", "2", "--sets", "1", "--lang", "en"],
    }
    for k, c in cmds.items():
        t0 = time.time()
        r = subprocess.run([sys.executable, "-m", "partysim.cli", *map(str, c)], capture_output=True, text=True)
        last = (r.stdout.strip().splitlines() or [""])[-1][:120]
        err = (r.stderr.strip().splitlines() or [""])[-1][:200]
        print(
            f"{f.name:40s} {k:9s} rc={r.returncode} {time.time() - t0:6.0f}s | {last} | {err if r.returncode else ''}",
            flush=True,
        )
