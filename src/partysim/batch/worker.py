"""What a worker does with one run spec: rebuild the scenario, run one replication.

Workers need nothing but an installed partysim of the same version: the spec carries
the validated scenario as JSON, so no scenario file has to exist on the worker machine.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

import pandas as pd

from partysim.version import __version__
from partysim.analysis.runner import run_replication
from partysim.scenario.schema import Scenario
from partysim.batch.plan import RunSpec

__all__ = ["RunResult", "run_spec"]

_CACHE: dict[str, Scenario] = {}


@dataclass
class RunResult:
    """Tables of one finished run.

    Attributes:
        annual: One row per calendar year (see :func:`partysim.analysis.tables.annual_table`).
        funnel: People entering and leaving each pipeline stage over the run.
        monthly: One row per month, when the spec asked for it, else ``None``.
        seconds: Wall time of the replication (s).
        host: Host name of the worker.
        pid: Process id of the worker.
    """

    annual: pd.DataFrame
    funnel: pd.DataFrame
    monthly: pd.DataFrame | None
    seconds: float
    host: str
    pid: int


def scenario_of(spec: RunSpec) -> Scenario:
    """The spec's scenario, validated once per worker process and checked by hash.

    Raises:
        RuntimeError: The rebuilt scenario does not have the spec's content hash (the
            worker's partysim reads scenarios differently).
    """
    sc = _CACHE.get(spec.sha256)
    if sc is None:
        sc = Scenario.model_validate_json(spec.scenario_json)
        if sc.sha256() != spec.sha256:
            raise RuntimeError(
                f"scenario {spec.scenario_name!r} has a different content hash on worker {socket.gethostname()} "
                f"({sc.sha256()[:12]} instead of {spec.sha256[:12]}); install the same partysim everywhere"
            )
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[spec.sha256] = sc
    return sc


def run_spec(spec: RunSpec) -> RunResult:
    """Run one replication of one point.

    Args:
        spec: The run.

    Returns:
        Its tables.

    Raises:
        RuntimeError: The worker's partysim version differs from the batch's.
    """
    if spec.version != __version__:
        raise RuntimeError(
            f"partysim {__version__} on worker {socket.gethostname()}, but the batch was planned with {spec.version}"
        )
    sc = scenario_of(spec)
    t0 = time.perf_counter()
    tables = run_replication(sc, spec.replication, spec.seed)
    return RunResult(
        annual=tables.annual, funnel=tables.funnel, monthly=tables.monthly if spec.monthly else None,
        seconds=time.perf_counter() - t0, host=socket.gethostname(), pid=os.getpid(),
    )
