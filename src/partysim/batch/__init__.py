"""Batches: many scenario files and sweep points, run anywhere, nothing lost, compared.

One module per concept:

- :mod:`~partysim.batch.design`: the points of a ``sweep:`` block (grid or Latin hypercube).
- :mod:`~partysim.batch.plan`: scenario files and sweep points expanded into run specs,
  each with a stable run key (common random numbers: one seed, replications ``0..N-1``
  for every scenario and point, so differences are paired).
- :mod:`~partysim.batch.worker`: what a worker does with one run spec.
- :mod:`~partysim.batch.executor_base`: the one evaluator interface and the retry policy;
  :mod:`~partysim.batch.executor_serial`, :mod:`~partysim.batch.executor_pool` and
  :mod:`~partysim.batch.executor_dask` implement it (in this process, a local process pool,
  Dask distributed), :mod:`~partysim.batch.executors` chooses one. A failed, killed or
  timed-out run is reported, the rest go on; no wait on a cluster is unbounded.
- :mod:`~partysim.batch.run_file`: the Parquet file of one run, and checking it.
- :mod:`~partysim.batch.store`: each finished run written atomically as its own file,
  with its size and sha256 in the manifest; re-running skips finished runs that check out.
- :mod:`~partysim.batch.lock`: one batch at a time per output folder.
- :mod:`~partysim.batch.orchestrator`: plan, skip what is done, execute, store.
- :mod:`~partysim.batch.errors`, :mod:`~partysim.batch.exit_codes`,
  :mod:`~partysim.batch.messages`: why a batch stops, its exit code, and the one-line
  message in Vietnamese or English.
- :mod:`~partysim.batch.compare`, :mod:`~partysim.batch.smallest`,
  :mod:`~partysim.batch.sensitivity`, :mod:`~partysim.batch.report`: the comparison
  planners cite.
- :mod:`~partysim.batch.cli`: the ``batch`` and ``report`` commands.

Example::

    from partysim.batch import run_batch, build_report
    summary = run_batch(["scenarios/a.yaml", "scenarios/b.yaml"], "out/batch", replications=20, workers=2)
    build_report("out/batch", lang="en")
"""

from __future__ import annotations

from typing import Any

__all__ = ["BatchSummary", "Plan", "RunSpec", "RunStore", "build_report", "plan_batch", "run_batch"]


def __getattr__(name: str) -> Any:  # lazy: keep `import partysim.batch` cheap for workers
    if name in ("run_batch", "BatchSummary"):
        from partysim.batch import orchestrator

        return getattr(orchestrator, name)
    if name in ("plan_batch", "Plan", "RunSpec"):
        from partysim.batch import plan

        return getattr(plan, name)
    if name == "RunStore":
        from partysim.batch.store import RunStore

        return RunStore
    if name == "build_report":
        from partysim.batch.report import build_report

        return build_report
    raise AttributeError(name)
