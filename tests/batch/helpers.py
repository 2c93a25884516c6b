"""Run functions for executor tests (top level, so worker processes can import them)."""

from __future__ import annotations

import os
import signal
import time

from partysim.batch.plan import RunSpec
from partysim.batch.worker import RunResult, run_spec

BAD_REPLICATION = 1


def exit_on_bad(spec: RunSpec) -> RunResult:
    """Like run_spec, but the worker process exits abruptly on replication 1."""
    if spec.replication == BAD_REPLICATION:
        os._exit(7)
    return run_spec(spec)


def sigkill_on_bad(spec: RunSpec) -> RunResult:
    """Like run_spec, but the worker process is killed (SIGKILL) on replication 1."""
    if spec.replication == BAD_REPLICATION:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_spec(spec)


def raise_on_bad(spec: RunSpec) -> RunResult:
    """Like run_spec, but raises on replication 1."""
    if spec.replication == BAD_REPLICATION:
        raise ValueError(f"boom in replication {spec.replication}")
    return run_spec(spec)


def sleep_on_bad(spec: RunSpec) -> RunResult:
    """Like run_spec, but replication 1 sleeps for a minute (past any test's time limit)."""
    if spec.replication == BAD_REPLICATION:
        time.sleep(60)
    return run_spec(spec)


def die_and_count(folder: str, spec: RunSpec) -> RunResult:
    """Like run_spec, but note every attempt in ``folder``; replication 1 then kills its worker."""
    with open(os.path.join(folder, f"{spec.key}.{os.getpid()}.{time.monotonic_ns()}"), "w"):
        pass
    if spec.replication == BAD_REPLICATION:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_spec(spec)
