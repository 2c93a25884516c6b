"""A local process pool (``--workers N``): runs on this machine's cores, never a hang.

When a worker process is killed, the pool breaks and every run in flight fails with it;
the pool is recreated and those runs are tried again, each alone from then on, so that
the run that kills its worker is found and the innocent ones finish. A run is reported
failed once its worker died :attr:`RetryPolicy.max_deaths` times while running it
(:data:`~partysim.batch.executor_base.RETRY`: three).

With a run time limit (``--run-timeout``), a run still in flight after the limit is
reported failed with it; since a run cannot be stopped inside its worker, the worker
processes are stopped and restarted, and the other runs that were in flight are started
again (their results do not depend on it).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from partysim.batch.executor_base import RETRY, Executor, Outcome, RetryPolicy, RunFn, call, timeout_text
from partysim.batch.plan import RunSpec

__all__ = ["PoolExecutor"]

BREAK_WAIT_S = 30.0
"""How long the other runs of a broken pool are waited for to report the break (s)."""


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


UNREPORTED_EXIT = 255
"""What a ``forkserver`` worker's exit code reads when the forkserver could not report it
(CPython's ``popen_forkserver`` falls back to 255): the cause is then not known."""


def _death_text(procs: dict[int, Any]) -> str:
    """``worker process died while running it (killed by SIGKILL)``, ``(exit code 7)`` or,
    when a forkserver did not report the exit, ``(cause not reported)``."""
    causes = []
    for p in procs.values():
        code = getattr(p, "exitcode", None)
        if code in (None, 0, -signal.SIGTERM):  # alive, clean, or stopped by the broken pool
            continue
        if code == UNREPORTED_EXIT and type(p).__name__ == "ForkServerProcess":
            causes.append("cause not reported")
        elif code < 0 and -code in {int(s) for s in signal.valid_signals()}:
            causes.append(f"killed by {signal.Signals(-code).name}")
        else:
            causes.append(f"exit code {code}")
    return "worker process died while running it" + (f" ({', '.join(causes)})" if causes else "")


SPAWN_TRIES = 3
"""Attempts to start a worker process before the batch gives up (see ``PoolExecutor._submit``)."""


@dataclass
class _Flight:
    """The runs of one :meth:`PoolExecutor.imap` call.

    Attributes:
        pending: Runs not sent yet (runs to try again go first).
        inflight: Future of each run in flight -> (run, when it was sent, monotonic s).
        deaths: Worker deaths per run key.
    """

    pending: deque[RunSpec]
    inflight: dict[Future, tuple[RunSpec, float]] = field(default_factory=dict)
    deaths: dict[str, int] = field(default_factory=dict)

    def suspect(self, spec: RunSpec) -> bool:
        """Whether ``spec`` was in flight when a worker died (it then runs alone)."""
        return self.deaths.get(spec.key, 0) > 0

    def may_send(self, spec: RunSpec) -> bool:
        """A suspect runs alone; nothing joins a suspect."""
        if not self.inflight:
            return True
        return not self.suspect(spec) and not any(self.suspect(s) for s, _ in self.inflight.values())


class PoolExecutor(Executor):
    """A local pool of ``workers`` processes (``forkserver``: workers start fast).

    Args:
        workers: Number of worker processes.
        start_method: ``forkserver`` (default), ``spawn`` or ``fork``.
        run_timeout: Longest a run may take, from when it is sent to a worker (s); ``None``
            for no limit.
        retry: What happens to a run whose worker dies (default :data:`RETRY`).
    """

    name = "pool"

    def __init__(
        self,
        workers: int,
        start_method: str = "forkserver",
        run_timeout: float | None = None,
        retry: RetryPolicy = RETRY,
    ) -> None:
        self.workers = max(1, int(workers))
        self.run_timeout_s = run_timeout
        self.retry = retry
        self._ctx = mp.get_context(start_method)
        if start_method == "forkserver":
            self._ctx.set_forkserver_preload(["partysim.batch.worker"])
        self._pool: ProcessPoolExecutor | None = None

    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        flight = _Flight(deque(specs))
        empty_breaks = 0
        if self._pool is None:
            self._pool = self._new_pool()
        while flight.pending or flight.inflight:
            self._send(fn, flight)
            if not flight.inflight:  # broken with none of our runs in flight (an idle worker was killed)
                empty_breaks += 1
                if empty_breaks > 10:
                    raise RuntimeError("the process pool keeps breaking before any run starts")
                self._restart()
                continue
            empty_breaks = 0
            procs = dict(getattr(self._pool, "_processes", None) or {})
            done, _ = wait(list(flight.inflight), timeout=self._wait_s(flight), return_when=FIRST_COMPLETED)
            casualties: list[RunSpec] = []
            for fut in done:
                spec, _ = flight.inflight.pop(fut)
                outcome = self._outcome(fut, spec, casualties)
                if outcome is not None:
                    yield outcome
            if casualties:
                yield from self._after_break(flight, casualties, procs)
            else:
                yield from self._stop_overdue(flight)

    def _send(self, fn: RunFn, flight: _Flight) -> None:
        """Send waiting runs to idle workers (a suspect alone)."""
        assert self._pool is not None
        while flight.pending and len(flight.inflight) < self.workers and flight.may_send(flight.pending[0]):
            try:
                fut = self._submit(fn, flight.pending[0])
            except BrokenProcessPool:  # broke since the last wait: its futures will tell
                return
            flight.inflight[fut] = (flight.pending.popleft(), time.monotonic())

    def _submit(self, fn: RunFn, spec: RunSpec) -> Future:
        """Submit one run. Starting a worker can fail with an ``OSError`` when the
        forkserver died with a worker that was killed (seen under load: EBADF, connection
        refused); then a new pool is started (multiprocessing restarts the forkserver), at
        most :data:`SPAWN_TRIES` times."""
        for attempt in range(SPAWN_TRIES):
            assert self._pool is not None
            try:
                return self._pool.submit(call, fn, spec)
            except OSError:
                if attempt == SPAWN_TRIES - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
                self._restart()
        raise AssertionError("unreachable")

    def _wait_s(self, flight: _Flight) -> float | None:
        """Seconds until the first run in flight reaches the time limit (``None``: no limit)."""
        if self.run_timeout_s is None:
            return None
        first = min(sent for _, sent in flight.inflight.values())
        return max(0.05, first + self.run_timeout_s - time.monotonic())

    @staticmethod
    def _outcome(fut: Future, spec: RunSpec, casualties: list[RunSpec]) -> Outcome | None:
        """The outcome of a finished future, or ``None`` (and ``spec`` in casualties) if the pool broke."""
        exc = fut.exception()
        if exc is None:
            return Outcome.of(spec, fut.result())
        if isinstance(exc, BrokenProcessPool):
            casualties.append(spec)
            return None
        return Outcome.raised(spec, exc)

    def _after_break(self, flight: _Flight, casualties: list[RunSpec], procs: dict[int, Any]) -> Iterator[Outcome]:
        """A worker died: every run in flight fails with the pool; count deaths, retry or fail."""
        for fut, (spec, _) in list(flight.inflight.items()):
            try:
                fut.exception(timeout=BREAK_WAIT_S)
            except Exception:  # timeout or cancelled: lost with the pool
                casualties.append(spec)
                continue
            outcome = self._outcome(fut, spec, casualties)
            if outcome is not None:
                yield outcome
        flight.inflight.clear()
        text = _death_text(procs)
        self._restart()
        for spec in reversed(casualties):
            flight.deaths[spec.key] = flight.deaths.get(spec.key, 0) + 1
            if flight.deaths[spec.key] >= self.retry.max_deaths:
                yield Outcome(spec, error=text)
            else:
                flight.pending.appendleft(spec)

    def _stop_overdue(self, flight: _Flight) -> Iterator[Outcome]:
        """Fail the runs past the time limit; restart the workers; send the others again."""
        if self.run_timeout_s is None:
            return
        now = time.monotonic()
        overdue = [fut for fut, (_, sent) in flight.inflight.items() if now - sent >= self.run_timeout_s]
        if not overdue:
            return
        runs = dict(flight.inflight)
        flight.inflight.clear()
        self._restart()  # the only way to stop a run: stop its worker process
        for fut, (spec, _) in runs.items():
            if fut in overdue:
                yield Outcome(spec, error=timeout_text(self.run_timeout_s))
            elif fut.done() and not fut.cancelled() and fut.exception() is None:
                yield Outcome.of(spec, fut.result())  # finished just before the restart
            else:
                flight.pending.appendleft(spec)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self._ctx, initializer=_init_worker, initargs=(os.getpid(),)
        )

    def _restart(self) -> None:
        self._discard_pool()
        self._pool = self._new_pool()

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
