"""Executors: one interface to run many runs in-process, in local processes or on Dask.

Every executor has the same two methods: :meth:`Executor.imap` submits ``fn(spec)`` for
every spec and yields one :class:`Outcome` per spec as runs complete (in completion
order), and :meth:`Executor.close` stops everything at once (Ctrl-C). A run that raises,
or whose worker process dies, is yielded as a failed outcome with a one-line error; the
other runs go on, and no executor waits for a dead worker.

- :class:`InProcessExecutor`: one run after the other in this process (``--workers 1``).
- :class:`PoolExecutor`: a local process pool (``--workers N``). When a worker process is
  killed, the pool breaks and every run in flight fails with it; the pool is recreated
  and those runs are tried again. A run in flight during two breaks is tried alone, and
  a run that breaks the pool alone is reported failed: a run that kills its worker is
  found and reported, the innocent ones finish.
- :class:`DaskExecutor`: Dask distributed, on an existing cluster (``--scheduler
  tcp://host:8786``) or a :class:`distributed.LocalCluster` on 127.0.0.1 (``--scheduler
  local``). Dask retries a task whose worker died on another worker and reports it
  failed (``KilledWorker``) after ``distributed.scheduler.allowed-failures`` deaths; if
  the cluster has no worker at all for ``no_worker_timeout`` seconds, the remaining runs
  are reported failed.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
import time
import traceback as tb
import uuid
from abc import ABC, abstractmethod
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from partysim.batch.plan import RunSpec

__all__ = [
    "DaskExecutor", "Executor", "ExecutorError", "InProcessExecutor", "Outcome", "PoolExecutor", "call", "make_executor", "one_line",
]

RunFn = Callable[[RunSpec], Any]


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message`` (at most 500 characters)."""
    text = str(exc).strip().splitlines()
    msg = f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
    return msg[:500]


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
    except Exception as exc:  # noqa: BLE001 - reported, never fatal to the batch
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
    def of(cls, spec: RunSpec, called: Called) -> "Outcome":
        """Outcome from a worker's :class:`Called`."""
        return cls(spec, called.value, called.error, called.traceback, called.seconds)


class Executor(ABC):
    """Runs ``fn(spec)`` for many specs; see the module docstring.

    Attributes:
        name: Short name shown in messages (``in-process``, ``pool``, ``dask``).
        workers: Number of runs executed at the same time.
    """

    name = "executor"
    workers = 1

    @abstractmethod
    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        """Submit every spec and yield one outcome per spec as runs complete.

        Args:
            fn: Picklable top-level function run in the worker (e.g.
                :func:`partysim.batch.worker.run_spec`).
            specs: The runs.

        Yields:
            One :class:`Outcome` per spec, in completion order.
        """

    def close(self) -> None:
        """Stop all workers now (unfinished runs are abandoned)."""

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessExecutor(Executor):
    """One run after the other, in this process."""

    name = "in-process"

    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        for spec in specs:
            yield Outcome.of(spec, call(fn, spec))


# --------------------------------------------------------------------------- process pool


def _init_worker(parent_pid: int) -> None:
    """Pool worker set-up: leave Ctrl-C to the batch, and exit if the batch process dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != ppid:  # our parent died (kill -9 of the batch): no orphans
                os._exit(3)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(3)
            except PermissionError:  # pragma: no cover - pid reused by another user
                os._exit(3)

    threading.Thread(target=watch, name="partysim-parent-watch", daemon=True).start()


def _death_text(procs: dict[int, Any]) -> str:
    """``worker process died while running it (killed by SIGKILL)`` or ``(exit code 7)``."""
    causes = []
    for p in procs.values():
        code = getattr(p, "exitcode", None)
        if code in (None, 0, -signal.SIGTERM):  # alive, clean, or stopped by the broken pool
            continue
        if code < 0 and -code in {int(s) for s in signal.valid_signals()}:
            causes.append(f"killed by {signal.Signals(-code).name}")
        else:
            causes.append(f"exit code {code}")
    return "worker process died while running it" + (f" ({', '.join(causes)})" if causes else "")


class PoolExecutor(Executor):
    """A local pool of ``workers`` processes (``forkserver``: workers start fast).

    Args:
        workers: Number of worker processes.
        start_method: ``forkserver`` (default), ``spawn`` or ``fork``.
    """

    name = "pool"

    def __init__(self, workers: int, start_method: str = "forkserver") -> None:
        self.workers = max(1, int(workers))
        self._ctx = mp.get_context(start_method)
        if start_method == "forkserver":
            self._ctx.set_forkserver_preload(["partysim.batch.worker"])
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=_init_worker, initargs=(os.getpid(),))

    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        pending: deque[RunSpec] = deque(specs)
        suspicion: dict[str, int] = {}
        inflight: dict[Future, RunSpec] = {}
        empty_breaks = 0
        if self._pool is None:
            self._pool = self._new_pool()
        while pending or inflight:
            while pending and len(inflight) < self.workers:
                spec = pending[0]
                alone = suspicion.get(spec.key, 0) >= 2
                if inflight and (alone or any(suspicion.get(s.key, 0) >= 2 for s in inflight.values())):
                    break  # a suspect runs alone
                try:
                    fut = self._pool.submit(call, fn, spec)
                except BrokenProcessPool:  # broke since the last wait: its futures will tell
                    break
                pending.popleft()
                inflight[fut] = spec
            if not inflight:  # broken with none of our runs in flight (an idle worker was killed)
                empty_breaks += 1
                if empty_breaks > 10:
                    raise RuntimeError("the process pool keeps breaking before any run starts")
                self._discard_pool()
                self._pool = self._new_pool()
                self.restarts += 1
                continue
            empty_breaks = 0
            procs = dict(getattr(self._pool, "_processes", None) or {})
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            casualties: list[RunSpec] = []
            for fut in done:
                spec = inflight.pop(fut)
                outcome = self._outcome(fut, spec, casualties)
                if outcome is not None:
                    yield outcome
            if not casualties:
                continue
            # the pool is broken: every other run in flight fails with it
            for fut, spec in list(inflight.items()):
                try:
                    fut.exception(timeout=60)
                except Exception:  # noqa: BLE001 - timeout: treat as lost with the pool
                    casualties.append(spec)
                    continue
                outcome = self._outcome(fut, spec, casualties)
                if outcome is not None:
                    yield outcome
            inflight.clear()
            self._discard_pool()
            self._pool = self._new_pool()
            self.restarts += 1
            if len(casualties) == 1:
                yield Outcome(casualties[0], error=_death_text(procs))
            else:
                for spec in reversed(casualties):
                    suspicion[spec.key] = suspicion.get(spec.key, 0) + 1
                    pending.appendleft(spec)

    @staticmethod
    def _outcome(fut: Future, spec: RunSpec, casualties: list[RunSpec]) -> Outcome | None:
        exc = fut.exception()
        if exc is None:
            return Outcome.of(spec, fut.result())
        if isinstance(exc, BrokenProcessPool):
            casualties.append(spec)
            return None
        return Outcome(spec, error=one_line(exc), traceback="".join(tb.format_exception(exc)))

    def _discard_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.kill()
        for p in procs:
            p.join(timeout=5)

    def close(self) -> None:
        self._discard_pool()


# --------------------------------------------------------------------------- dask


class DaskExecutor(Executor):
    """Dask distributed: an existing cluster, or a local cluster on 127.0.0.1.

    Args:
        address: Scheduler address such as ``tcp://10.0.0.5:8786``; ``None`` or
            ``"local"`` starts a :class:`distributed.LocalCluster` of ``workers``
            single-threaded worker processes listening on 127.0.0.1 only.
        workers: Worker processes of the local cluster (ignored with an address).
        timeout: Seconds to wait for the scheduler to answer (s); default Dask's
            ``distributed.comm.timeouts.connect`` (30 s).
        no_worker_timeout: Seconds without any worker after which the remaining runs
            are reported failed instead of waiting for workers to come back (s).
    """

    name = "dask"
    poll_s = 2.0

    def __init__(self, address: str | None = None, workers: int = 2, timeout: float | None = None,
                 no_worker_timeout: float = 300.0) -> None:
        import dask
        from distributed import Client, LocalCluster

        self.no_worker_timeout_s = float(no_worker_timeout)

        if timeout is None:
            timeout = dask.utils.parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))

        self._cluster = None
        if address in (None, "", "local"):
            self._cluster = LocalCluster(
                n_workers=max(1, int(workers)), threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster, timeout=timeout)
        else:
            self._client = Client(address, timeout=timeout)
        self.address = self._client.scheduler.address
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values()))

    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        from distributed import wait as dask_wait

        batch = uuid.uuid4().hex[:8]
        by_key: dict[str, RunSpec] = {}
        pending = set()
        for spec in specs:
            fut = self._client.submit(call, fn, spec, key=f"partysim-run-{spec.key}-{batch}", pure=False)
            by_key[fut.key] = spec
            pending.add(fut)
        last_worker_seen = time.monotonic()
        while pending:
            try:
                done = dask_wait(pending, timeout=self.poll_s, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            if not done:  # nothing finished lately: is anyone still working?
                if self._client.scheduler_info().get("workers"):
                    last_worker_seen = time.monotonic()
                elif time.monotonic() - last_worker_seen > self.no_worker_timeout_s:
                    for fut in pending:
                        fut.cancel()
                        yield Outcome(by_key[fut.key], error=f"no Dask worker for {self.no_worker_timeout_s:.0f} s")
                    return
                continue
            for fut in done:
                pending.discard(fut)
                spec = by_key[fut.key]
                try:
                    called = fut.result()
                except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection, unpicklable result
                    yield Outcome(spec, error=one_line(exc))
                else:
                    yield Outcome.of(spec, called)
                fut.release()

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        try:
            if client is not None:
                client.close(timeout=10)
        finally:
            if cluster is not None:
                cluster.close(timeout=10)


class ExecutorError(RuntimeError):
    """An executor could not start (e.g. the Dask scheduler cannot be reached)."""


def make_executor(workers: int = 1, scheduler: str | None = None) -> Executor:
    """The executor for ``--workers`` and ``--scheduler``.

    Args:
        workers: Parallel runs on this machine (1: in-process; >1: process pool; with
            ``scheduler="local"``: local Dask workers).
        scheduler: ``None`` (no Dask), ``"local"`` (a Dask LocalCluster on 127.0.0.1)
            or a scheduler address ``tcp://host:8786``.

    Raises:
        ExecutorError: Dask is not installed, or the scheduler cannot be reached.
    """
    if scheduler is not None:
        try:
            return DaskExecutor(None if scheduler == "local" else scheduler, workers)
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ImportError, ...
            where = "a local Dask cluster" if scheduler == "local" else f"the Dask scheduler at {scheduler}"
            raise ExecutorError(f"cannot use {where}: {one_line(exc)}") from None
    if workers > 1:
        return PoolExecutor(workers)
    return InProcessExecutor()
