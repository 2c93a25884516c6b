"""What a worker does with one run spec: rebuild the scenario, run one replication.

Workers need nothing but an installed partysim of the same version: the spec carries
the validated scenario as JSON, so no scenario file has to exist on the worker machine.

Test hook: when the environment variable ``PARTYSIM_TEST_HANG`` of the worker process
holds replication numbers (``"1"`` or ``"1,3"``), those replications of every point never
end (they sleep), to test ``--run-timeout`` and lost clusters with real processes. It is
read by the worker, so set it where the workers start. Never set it otherwise.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

import pandas as pd

from partysim.analysis.runner import run_replication
from partysim.batch.plan import RunSpec
from partysim.scenario.schema import Scenario
from partysim.version import __version__

__all__ = ["HANG_HOOK", "RunResult", "run_spec"]

HANG_HOOK = "PARTYSIM_TEST_HANG"

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


def _hang_if_asked(spec: RunSpec) -> None:
    """The :data:`HANG_HOOK` test hook: sleep for ever in the replications it names."""
    wanted = os.environ.get(HANG_HOOK, "")
    if str(spec.replication) in {w.strip() for w in wanted.split(",")}:
        while True:
            time.sleep(1.0)


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
    _hang_if_asked(spec)
    t0 = time.perf_counter()
    tables = run_replication(sc, spec.replication, spec.seed)
    return RunResult(
        annual=tables.annual,
        funnel=tables.funnel,
        monthly=tables.monthly if spec.monthly else None,
        seconds=time.perf_counter() - t0,
        host=socket.gethostname(),
        pid=os.getpid(),
    )
