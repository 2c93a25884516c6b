"""Issue 13, fault 4: a run that never ends is stopped at --run-timeout; the batch goes on.

The hanging run is made with the worker's test hook ``PARTYSIM_TEST_HANG`` (replication 1
sleeps for ever), in real worker processes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import TINY
from .procs import Procs, batch_command, env_with

REPS = 3
LIMIT_S = 3


def _run_with_a_hanging_run(procs: Procs, out: Path, *executor: object) -> tuple[int, str, str, float]:
    cmd = batch_command(TINY, "--out", out, "-n", REPS, "--seed", 3, "-q", "--run-timeout", LIMIT_S, *executor)
    t0 = time.monotonic()
    rc, stdout, err = procs.run(cmd, env_with(PARTYSIM_TEST_HANG="1"), seconds=50)
    return rc, stdout, err, time.monotonic() - t0


def _assert_stopped_and_reported(rc: int, stdout: str, err: str, seconds: float) -> None:
    assert rc == 1, err
    assert f"{REPS} runs of 1 points: 0 reused, {REPS - 1} finished, 1 failed" in stdout
    [line] = [x for x in err.splitlines() if x.startswith("failed:")]
    assert line.startswith(f"failed: tiny replication 1 ({TINY}): ")
    assert f"no result within {LIMIT_S} s (--run-timeout {LIMIT_S}): stopped" in line
    assert seconds < 40


@pytest.mark.parametrize("workers", [1, 2])
def test_a_hanging_run_in_the_pool_is_stopped_and_the_batch_goes_on(tmp_path: Path, procs: Procs, workers: int):
    out = tmp_path / "out"
    _assert_stopped_and_reported(*_run_with_a_hanging_run(procs, out, "-w", workers))
    rc, stdout, err = procs.run(batch_command(TINY, "--out", out, "-n", REPS, "--seed", 3, "-q", "-w", 1))
    assert rc == 0 and f"{REPS - 1} reused, 1 finished" in stdout, err  # the failed run is tried again


@pytest.mark.slow
def test_a_hanging_run_on_dask_is_cancelled_and_its_worker_restarted(tmp_path: Path, procs: Procs):
    out = tmp_path / "out"
    _assert_stopped_and_reported(*_run_with_a_hanging_run(procs, out, "--scheduler", "local", "-w", 2))


def test_pool_executor_stops_only_the_run_past_its_limit(scenario_dir: Path):
    from partysim.batch.executor_pool import PoolExecutor
    from partysim.batch.plan import plan_batch

    from . import helpers

    specs = plan_batch([TINY, scenario_dir / "grid.yaml"], replications=2, seed=3).unique_specs()
    t0 = time.monotonic()
    with PoolExecutor(2, run_timeout=2.0) as pool:
        out = {o.spec.key: o for o in pool.imap(helpers.sleep_on_bad, specs)}
    assert time.monotonic() - t0 < 40
    assert len(out) == len(specs)
    for o in out.values():
        if o.spec.replication == helpers.BAD_REPLICATION:
            assert o.error == "no result within 2 s (--run-timeout 2): stopped"
        else:
            assert o.ok, o.error
