"""Executors: same results everywhere; failures and dead workers reported, never a hang."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from partysim.batch.executors import DaskExecutor, InProcessExecutor, PoolExecutor
from partysim.batch.plan import plan_batch
from partysim.batch.worker import run_spec

from . import helpers
from .conftest import TINY

TIMEOUT_S = 90.0


@pytest.fixture(scope="module")
def specs(scenario_dir):
    return plan_batch([TINY, scenario_dir / "grid.yaml"], replications=2, seed=3).unique_specs()


def _collect(executor, fn, specs) -> dict:
    """Run to the end within TIMEOUT_S (a hang fails the test instead of blocking it)."""
    box: dict = {}

    def target() -> None:
        try:
            box["outcomes"] = {o.spec.key: o for o in executor.imap(fn, specs)}
        except BaseException as exc:  # pragma: no cover - reported below
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t0 = time.perf_counter()
    t.start()
    t.join(TIMEOUT_S)
    assert not t.is_alive(), f"executor still running after {TIMEOUT_S} s"
    assert "error" not in box, box.get("error")
    box["seconds"] = time.perf_counter() - t0
    return box["outcomes"]


def _tables(outcomes: dict) -> dict:
    return {k: (o.value.annual, o.value.funnel) for k, o in outcomes.items()}


def _assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for k in a:
        pd.testing.assert_frame_equal(a[k][0], b[k][0], check_exact=True)
        pd.testing.assert_frame_equal(a[k][1], b[k][1], check_exact=True)


def test_serial_pool_and_dask_give_identical_results(specs):
    serial = _collect(InProcessExecutor(), run_spec, specs)
    assert len(serial) == len(specs) and all(o.ok for o in serial.values())
    with PoolExecutor(2) as pool:
        pooled = _collect(pool, run_spec, specs)
    with DaskExecutor(None, workers=2) as dask:
        assert dask.address.startswith("tcp://127.0.0.1:")
        dasked = _collect(dask, run_spec, specs)
    assert all(o.ok for o in pooled.values()) and all(o.ok for o in dasked.values())
    _assert_same(_tables(serial), _tables(pooled))
    _assert_same(_tables(serial), _tables(dasked))


@pytest.mark.parametrize("fn", [helpers.exit_on_bad, helpers.sigkill_on_bad], ids=["os._exit", "SIGKILL"])
def test_a_killed_worker_is_reported_and_the_rest_finish(specs, fn):
    with PoolExecutor(2) as pool:
        out = _collect(pool, fn, specs)
    assert len(out) == len(specs)  # every run reported exactly once
    bad = {k for k, o in out.items() if o.spec.replication == helpers.BAD_REPLICATION}
    assert bad
    for k, o in out.items():
        if k in bad:
            assert not o.ok and "worker process died" in o.error
        else:
            assert o.ok, o.error


def test_an_exception_is_reported_with_its_run(specs):
    out = _collect(InProcessExecutor(), helpers.raise_on_bad, specs)
    for o in out.values():
        if o.spec.replication == helpers.BAD_REPLICATION:
            assert o.error == f"ValueError: boom in replication {helpers.BAD_REPLICATION}"
            assert "Traceback" in o.traceback
        else:
            assert o.ok
