"""Choose the executor for ``--workers``, ``--scheduler`` and ``--run-timeout``.

The executors themselves, one per module, share one interface
(:mod:`~partysim.batch.executor_base`):

- :class:`InProcessExecutor` (:mod:`~partysim.batch.executor_serial`): one run after the
  other in this process (``--workers 1``).
- :class:`PoolExecutor` (:mod:`~partysim.batch.executor_pool`): a local process pool
  (``--workers N``, or ``--workers 1`` with a run time limit: a run in this process could
  not be stopped).
- :class:`DaskExecutor` (:mod:`~partysim.batch.executor_dask`): Dask distributed, on an
  existing cluster or a local one on 127.0.0.1.
"""

from __future__ import annotations

from partysim.batch.errors import ExecutorError, one_line
from partysim.batch.executor_base import RETRY, Executor, Outcome, RetryPolicy, RunFn
from partysim.batch.executor_dask import CLUSTER_TIMEOUT_S, DaskExecutor
from partysim.batch.executor_pool import PoolExecutor
from partysim.batch.executor_serial import InProcessExecutor
from partysim.batch.messages import Text

__all__ = [
    "RETRY",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "InProcessExecutor",
    "Outcome",
    "PoolExecutor",
    "RetryPolicy",
    "RunFn",
    "make_executor",
]


def make_executor(
    workers: int = 1,
    scheduler: str | None = None,
    run_timeout: float | None = None,
    cluster_timeout: float = CLUSTER_TIMEOUT_S,
) -> Executor:
    """The executor for ``--workers``, ``--scheduler`` and ``--run-timeout``.

    Args:
        workers: Parallel runs on this machine (1: in-process; >1: process pool; with
            ``scheduler="local"``: local Dask workers).
        scheduler: ``None`` (no Dask), ``"local"`` (a Dask LocalCluster on 127.0.0.1)
            or a scheduler address ``tcp://host:8786``.
        run_timeout: Longest a run may take (s), ``None`` for no limit.
        cluster_timeout: Dask: time without an answering scheduler, or without any
            worker, before the batch gives up (s).

    Raises:
        ExecutorError: Dask is not installed, or the scheduler cannot be reached.
    """
    if scheduler is not None:
        try:
            return DaskExecutor(
                None if scheduler == "local" else scheduler,
                workers,
                cluster_timeout=cluster_timeout,
                run_timeout=run_timeout,
            )
        except Exception as exc:  # OSError, TimeoutError, ImportError, ...
            where = Text("where.local") if scheduler == "local" else Text("where.remote", {"address": scheduler})
            raise ExecutorError("cannot_start", where=where, detail=one_line(exc)) from None
    if workers > 1 or run_timeout is not None:
        return PoolExecutor(workers, run_timeout=run_timeout)
    return InProcessExecutor()
