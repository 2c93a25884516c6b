"""One run after the other, in this process (``--workers 1`` without ``--run-timeout``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from partysim.batch.executor_base import Executor, Outcome, RunFn, call
from partysim.batch.plan import RunSpec

__all__ = ["InProcessExecutor"]


class InProcessExecutor(Executor):
    """One run after the other, in this process (a run cannot be stopped: no time limit)."""

    name = "in-process"

    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        for spec in specs:
            yield Outcome.of(spec, call(fn, spec))

    def close(self) -> None:
        """Nothing to stop: runs happen in this process."""
