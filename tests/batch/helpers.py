"""Run functions for executor tests (top level, so worker processes can import them)."""

from __future__ import annotations

import os
import signal

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
