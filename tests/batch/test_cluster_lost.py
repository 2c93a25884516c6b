"""Issue 13, faults 3 and 5: the Dask cluster dies or freezes under a running batch.

A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1. Replication 3 never
ends (the worker's ``PARTYSIM_TEST_HANG`` test hook), so the batch is still running when
the cluster is killed or frozen. The batch must end by itself, with exit code 4 and one
``error:`` line, keep the finished runs, and a rerun on this machine must finish the batch
with the results of an uninterrupted serial batch.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from .conftest import TINY
from .procs import Procs, batch_command, env_with, error_lines, ok_runs, start_scheduler, start_workers, wait_for

REPS = 4
CLUSTER_TIMEOUT_S = 4

pytestmark = pytest.mark.slow


def _start_batch(procs: Procs, tmp_path: Path) -> tuple[Path, object, object, object]:
    scheduler, address = start_scheduler(procs, tmp_path)
    workers = start_workers(procs, address, 2, env_with(PARTYSIM_TEST_HANG=str(REPS - 1)))
    out = tmp_path / "out"
    batch = procs.start(
        batch_command(
            TINY,
            "--out",
            out,
            "-n",
            REPS,
            "--seed",
            3,
            "-q",
            "--scheduler",
            address,
            "--cluster-timeout",
            CLUSTER_TIMEOUT_S,
        )
    )
    wait_for(lambda: ok_runs(out) >= REPS - 1, "every run but the hanging one", alive=batch)
    return out, scheduler, workers, batch


def _assert_lost_and_kept(procs: Procs, batch, out: Path, why: str) -> None:
    t0 = time.monotonic()
    rc, _, err = procs.finish(batch, seconds=45)
    assert rc == 4, err
    assert time.monotonic() - t0 < 40
    [line] = error_lines(err)
    assert why in line and f"the {REPS - 1} finished runs are kept in {out}" in line
    assert "run the same command again" in line and "--workers N" in line
    assert "Traceback" not in err and "CancelledError" not in err and len(err) < 2000, err
    assert not list(out.rglob("*.tmp"))


def _finish_locally_and_compare(procs: Procs, out: Path, tmp_path: Path) -> None:
    from partysim.batch.orchestrator import run_batch
    from partysim.batch.store import RunStore

    rc, stdout, err = procs.run(batch_command(TINY, "--out", out, "-n", REPS, "--seed", 3, "-q", "-w", 2))
    assert rc == 0, err
    assert f"{REPS - 1} reused, 1 finished" in stdout
    run_batch([TINY], tmp_path / "serial", replications=REPS, seed=3, progress=False)
    a, b = RunStore(out), RunStore(tmp_path / "serial")
    assert a.finished_keys() == b.finished_keys()
    for key in a.finished_keys():
        pd.testing.assert_frame_equal(a.read_run(key).annual, b.read_run(key).annual, check_exact=True)


def test_every_worker_dies(tmp_path: Path, procs: Procs):
    out, _, workers, batch = _start_batch(procs, tmp_path)
    os.killpg(workers.pid, signal.SIGKILL)  # the nannies and their workers
    _assert_lost_and_kept(procs, batch, out, f"no worker for {CLUSTER_TIMEOUT_S} s")
    _finish_locally_and_compare(procs, out, tmp_path)


def test_the_scheduler_freezes(tmp_path: Path, procs: Procs):
    out, scheduler, _, batch = _start_batch(procs, tmp_path)
    os.kill(scheduler.pid, signal.SIGSTOP)
    try:
        _assert_lost_and_kept(procs, batch, out, f"the scheduler has not answered for {CLUSTER_TIMEOUT_S} s")
    finally:
        os.kill(scheduler.pid, signal.SIGCONT)
    _finish_locally_and_compare(procs, out, tmp_path)


def test_the_scheduler_is_killed(tmp_path: Path, procs: Procs):
    out, scheduler, _, batch = _start_batch(procs, tmp_path)
    os.kill(scheduler.pid, signal.SIGKILL)
    _assert_lost_and_kept(procs, batch, out, "the scheduler closed the connection")


def test_a_remote_scheduler_gets_the_retry_policy(tmp_path: Path, procs: Procs):
    from partysim.batch.executor_base import RETRY
    from partysim.batch.executor_dask import DaskExecutor

    def allowed_failures(dask_scheduler=None) -> int:  # a closure: sent by value, not imported there
        return dask_scheduler.allowed_failures

    _, address = start_scheduler(procs, tmp_path)
    with DaskExecutor(address, timeout=20) as ex:
        assert ex.allowed_failures == RETRY.dask_allowed_failures == 2
        seen = ex._client.run_on_scheduler(allowed_failures)
    assert seen == 2
