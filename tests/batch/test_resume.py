"""Nothing lost: kill -9 a real batch mid-way, run it again, get the uninterrupted result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from partysim.batch.orchestrator import run_batch
from partysim.batch.store import RunStore

from .conftest import TINY

REPS = 6


def _command(scenario_dir: Path, out: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "partysim.batch",
        "batch",
        str(TINY),
        str(scenario_dir / "more_classes.yaml"),
        "--out",
        str(out),
        "--replications",
        str(REPS),
        "--seed",
        "3",
        "--workers",
        str(workers),
        "--quiet",
    ]


def _tables(store: RunStore) -> dict[str, pd.DataFrame]:
    return {k: store.read_run(k).annual for k in sorted(store.finished_keys())}


def test_kill_9_then_rerun_completes_with_identical_results(tmp_path: Path, scenario_dir: Path):
    out = tmp_path / "killed"
    store = RunStore(out)
    proc = subprocess.Popen(_command(scenario_dir, out, workers=1), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(store.finished_keys()) < 3:
            assert proc.poll() is None, f"batch ended before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "no run finished within 60 s"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    before = {p.name: p.stat().st_mtime_ns for p in store.runs.glob("*.parquet")}
    keys_before = store.finished_keys()
    assert 3 <= len(keys_before) < 2 * REPS, "killed mid-batch"
    lines_before = store.manifest()

    # resumed with another number of workers: results do not depend on it
    done = subprocess.run(_command(scenario_dir, out, workers=2), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{len(keys_before)} reused" in done.stdout

    # finished runs were skipped: files untouched, one "ok" manifest line per run, old lines kept
    for name, mtime in before.items():
        assert (store.runs / name).stat().st_mtime_ns == mtime
    lines = store.manifest()
    assert lines[: len(lines_before)] == lines_before
    ok = [r["key"] for r in lines if r["status"] == "ok"]
    assert len(ok) == len(set(ok)) == 2 * REPS
    assert not list(out.rglob("*.tmp"))

    # the final tables equal those of an uninterrupted batch
    fresh = tmp_path / "fresh"
    run_batch([TINY, scenario_dir / "more_classes.yaml"], fresh, replications=REPS, seed=3, progress=False)
    a, b = _tables(store), _tables(RunStore(fresh))
    assert a.keys() == b.keys() and len(a) == 2 * REPS
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k], check_exact=True)


def test_ctrl_c_stops_at_once_and_keeps_finished_runs(tmp_path: Path, scenario_dir: Path):
    out = tmp_path / "interrupted"
    store = RunStore(out)
    proc = subprocess.Popen(
        _command(scenario_dir, out, workers=2), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(store.finished_keys()) < 2:
            assert proc.poll() is None, f"batch ended before Ctrl-C: {proc.communicate()}"
            assert time.monotonic() < deadline, "no run finished within 60 s"
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)  # stops promptly: workers are not waited for
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1].startswith("interrupted: ") and "run the same command again" in err
    ok = {r["key"] for r in store.manifest() if r["status"] == "ok"}
    assert ok == store.finished_keys() and len(ok) < 2 * REPS
    assert not list(out.rglob("*.tmp"))
