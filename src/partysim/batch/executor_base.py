"""The one evaluator interface: run ``fn(spec)`` for many run specs, anywhere.

Every executor has the same two methods: :meth:`Executor.imap` submits ``fn(spec)`` for
every spec and yields one :class:`Outcome` per spec as runs complete (in completion
order), and :meth:`Executor.close` stops everything at once (Ctrl-C). A run that raises,
whose worker dies too often (:data:`RETRY`), or that runs past the run time limit is
yielded as a failed outcome with a one-line error; the other runs go on. Implementations:
:mod:`~partysim.batch.executor_serial`, :mod:`~partysim.batch.executor_pool`,
:mod:`~partysim.batch.executor_dask`.
"""

from __future__ import annotations

import time
import traceback as tb
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from partysim.batch.errors import one_line
from partysim.batch.plan import RunSpec

__all__ = ["RETRY", "Called", "Executor", "Outcome", "RetryPolicy", "RunFn", "call", "timeout_text"]

RunFn = Callable[[RunSpec], Any]


@dataclass(frozen=True)
class RetryPolicy:
    """What happens to a run whose worker process dies while running it.

    The run is tried again (on another worker, or in a fresh pool), and reported failed
    once its worker has died ``max_deaths`` times while running it. In a local pool a run
    that was in flight when a worker died is then tried alone, so that an innocent run is
    never blamed for another's death.

    Attributes:
        max_deaths: Worker deaths after which a run is reported failed.
    """

    max_deaths: int = 3

    @property
    def dask_allowed_failures(self) -> int:
        """Dask's ``allowed_failures`` for this policy (Dask fails a task after that many + 1 deaths)."""
        return self.max_deaths - 1


RETRY = RetryPolicy()
"""The retry policy of every executor: a run is reported failed after three worker deaths."""


def timeout_text(limit_s: float) -> str:
    """The error of a run stopped by ``--run-timeout`` (``limit_s`` in seconds)."""
    return f"no result within {limit_s:g} s (--run-timeout {limit_s:g}): stopped"


@dataclass
class Called:
    """What :func:`call` sends back from a worker.

    Attributes:
        value: ``fn(spec)``, or ``None`` if it raised.
        error: One-line error, or ``None``.
        traceback: Full traceback text, or ``None``.
        seconds: Wall time of the call (s).
    """

    value: Any
    error: str | None
    traceback: str | None
    seconds: float


def call(fn: RunFn, spec: RunSpec) -> Called:
    """Run ``fn(spec)`` and catch any exception (runs inside the worker)."""
    t0 = time.perf_counter()
    try:
        value = fn(spec)
    except Exception as exc:  # reported, never fatal to the batch
        return Called(None, one_line(exc), tb.format_exc(), time.perf_counter() - t0)
    return Called(value, None, None, time.perf_counter() - t0)


@dataclass
class Outcome:
    """The result of one run as seen by the batch.

    Attributes:
        spec: The run.
        value: What the run function returned (``None`` when it failed).
        error: One-line error when it failed, else ``None``.
        traceback: Traceback text when the function raised, else ``None``.
        seconds: Wall time of the run in its worker (s); 0 when the worker died.
    """

    spec: RunSpec
    value: Any = None
    error: str | None = None
    traceback: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the run finished without error."""
        return self.error is None

    @classmethod
    def of(cls, spec: RunSpec, called: Called) -> Outcome:
        """Outcome from a worker's :class:`Called`."""
        return cls(spec, called.value, called.error, called.traceback, called.seconds)

    @classmethod
    def raised(cls, spec: RunSpec, exc: BaseException) -> Outcome:
        """Failed outcome for an exception met outside the run function."""
        return cls(spec, error=one_line(exc), traceback="".join(tb.format_exception(exc)))


class Executor(ABC):
    """Runs ``fn(spec)`` for many specs; see the module docstring.

    Attributes:
        name: Short name shown in messages (``in-process``, ``pool``, ``dask``).
        workers: Number of runs executed at the same time.
        run_timeout_s: Longest a run may take before it is stopped (s), or ``None``.
    """

    name = "executor"
    workers = 1
    run_timeout_s: float | None = None

    @abstractmethod
    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        """Submit every spec and yield one outcome per spec as runs complete.

        Args:
            fn: Picklable top-level function run in the worker (e.g.
                :func:`partysim.batch.worker.run_spec`).
            specs: The runs.

        Yields:
            One :class:`Outcome` per spec, in completion order.

        Raises:
            ClusterLost: The workers are gone for good (Dask); runs not yielded yet are
                abandoned.
        """

    @abstractmethod
    def close(self) -> None:
        """Stop all workers now (unfinished runs are abandoned)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
