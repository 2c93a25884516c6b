"""Dask distributed (``--scheduler tcp://host:8786`` or ``--scheduler local``); never a hang.

Runs go to an existing cluster, or to a :class:`distributed.LocalCluster` on 127.0.0.1.
Dask retries a run whose worker died on another worker; the scheduler's
``allowed_failures`` is set from :data:`~partysim.batch.executor_base.RETRY` (a run is
reported failed after three deaths).

Every wait on the cluster is bounded:

- connecting: Dask's connect timeout (``distributed.comm.timeouts.connect``, 30 s);
- each question to the scheduler: at most :data:`ASK_TIMEOUT_S` (or half the cluster
  timeout);
- a watchdog: when nothing finishes, the scheduler is asked every :data:`POLL_S` seconds
  whether it has workers; if it has not answered, or has had no worker, for
  ``cluster_timeout`` seconds, :class:`~partysim.batch.errors.ClusterLost` is raised (the
  batch keeps what finished and says to run it again);
- a scheduler that closes the connection (killed) cancels every run: ClusterLost at once;
- a run executing past ``run_timeout`` (seen every :data:`POLL_S` seconds) is cancelled,
  reported failed, and its worker restarted through its nanny to free it (a few seconds;
  a worker without a nanny stays busy until the run ends).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from partysim.batch.errors import ClusterLost, one_line
from partysim.batch.executor_base import RETRY, Executor, Outcome, RetryPolicy, RunFn, call, timeout_text
from partysim.batch.plan import RunSpec

__all__ = ["ASK_TIMEOUT_S", "CLUSTER_TIMEOUT_S", "POLL_S", "DaskExecutor", "mute_dask_logs"]

ASK_TIMEOUT_S = 10.0
"""Longest wait for one answer of the scheduler (s)."""
CLUSTER_TIMEOUT_S = 120.0
"""Default time without an answering scheduler, or without any worker, before giving up (s)."""
POLL_S = 2.0
"""How often the cluster is looked at when no run finishes (s)."""


def _within(seconds: float, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a helper thread; :class:`TimeoutError` after ``seconds``."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=target, name="partysim-dask-call", daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


def mute_dask_logs() -> dict[str, int]:
    """Mute Dask's loggers in this process; returns their levels before.

    A client whose scheduler is gone logs tracebacks while it closes and at exit; the
    batch has said what happened in one line already.
    """
    names = [n for n in ("distributed", *logging.root.manager.loggerDict) if n.split(".")[0] == "distributed"]
    levels = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL + 1)
    return levels


def _allowed_failures_setter() -> Callable[..., int]:
    """A function setting the scheduler's ``allowed_failures``, sent by value (a closure:
    the scheduler needs no partysim)."""

    def set_allowed_failures(n: int, dask_scheduler: Any = None) -> int:
        dask_scheduler.allowed_failures = int(n)
        return int(n)

    return set_allowed_failures


@dataclass
class _Watch:
    """When the scheduler last answered, and last had a worker (monotonic s)."""

    answered: float
    worker_seen: float


class DaskExecutor(Executor):
    """Dask distributed: an existing cluster, or a local cluster on 127.0.0.1.

    Args:
        address: Scheduler address such as ``tcp://10.0.0.5:8786``; ``None`` or
            ``"local"`` starts a :class:`distributed.LocalCluster` of ``workers``
            single-threaded worker processes listening on 127.0.0.1 only.
        workers: Worker processes of the local cluster (ignored with an address).
        timeout: Seconds to wait for the scheduler to answer when connecting (s); default
            Dask's ``distributed.comm.timeouts.connect`` (30 s).
        cluster_timeout: Seconds without an answer from the scheduler, or without any
            worker, after which :class:`ClusterLost` is raised (s).
        run_timeout: Longest a run may execute on a worker (s); ``None`` for no limit.
        retry: What happens to a run whose worker dies (default :data:`RETRY`).

    Attributes:
        lost: True once :class:`ClusterLost` was raised.
        allowed_failures: The scheduler's ``allowed_failures`` as set here, or ``None`` if
            the scheduler refused (it keeps its own setting, Dask's default being 3).
    """

    name = "dask"
    poll_s = POLL_S

    def __init__(
        self,
        address: str | None = None,
        workers: int = 2,
        timeout: float | None = None,
        cluster_timeout: float = CLUSTER_TIMEOUT_S,
        run_timeout: float | None = None,
        retry: RetryPolicy = RETRY,
    ) -> None:
        import dask
        import distributed  # noqa: F401 - registers the distributed.* configuration

        self.cluster_timeout_s = float(cluster_timeout)
        self.ask_timeout_s = min(ASK_TIMEOUT_S, max(1.0, self.cluster_timeout_s / 2))
        self.run_timeout_s = run_timeout
        self.retry = retry
        self.allowed_failures: int | None = None
        self.lost = False
        if timeout is None:
            timeout = dask.utils.parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
        self._client: Any = None
        self._cluster: Any = None
        try:
            self._connect(address, workers, float(timeout))
            info = _within(float(timeout), self._client.scheduler_info)
        except BaseException:
            self.close()
            raise
        self.address = self._client.scheduler.address
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def _connect(self, address: str | None, workers: int, timeout: float) -> None:
        """Start the local cluster or connect; set the retry policy on the scheduler."""
        from distributed import Client, LocalCluster

        if address in (None, "", "local"):
            self._cluster = LocalCluster(
                n_workers=max(1, int(workers)),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
                scheduler_kwargs={"allowed_failures": self.retry.dask_allowed_failures},
            )
            self._client = Client(self._cluster, timeout=timeout)
            self.allowed_failures = self.retry.dask_allowed_failures
            return
        self._client = Client(address, timeout=timeout)
        with contextlib.suppress(Exception):  # scheduler refuses pickled functions: keeps its own
            self.allowed_failures = _within(
                self.ask_timeout_s,
                self._client.run_on_scheduler,
                _allowed_failures_setter(),
                self.retry.dask_allowed_failures,
            )

    def imap(self, fn: RunFn, specs: Iterable[RunSpec]) -> Iterator[Outcome]:
        batch = uuid.uuid4().hex[:8]
        by_key: dict[str, RunSpec] = {}
        pending = set()
        for spec in specs:
            fut = self._client.submit(call, fn, spec, key=f"partysim-run-{spec.key}-{batch}", pure=False)
            by_key[fut.key] = spec
            pending.add(fut)
        now = time.monotonic()
        watch = _Watch(now, now)
        started: dict[str, float] = {}
        looked = now
        while pending:
            done = self._wait(pending)
            for fut in done:
                pending.discard(fut)
                yield self._outcome(fut, by_key[fut.key])
                fut.release()
            if not done:
                self._check_cluster(watch)
            if self.run_timeout_s is not None and pending and time.monotonic() - looked >= self.poll_s:
                looked = time.monotonic()
                yield from self._stop_overdue(pending, by_key, started)

    def _wait(self, pending: set) -> set:
        """Futures of ``pending`` that are done, waiting at most :attr:`poll_s` seconds."""
        from distributed import wait as dask_wait

        with contextlib.suppress(Exception):  # TimeoutError, or FuturesCancelledError: sorted out below
            dask_wait(list(pending), timeout=self.poll_s, return_when="FIRST_COMPLETED")
        return {f for f in pending if f.done()}

    def _outcome(self, fut: Any, spec: RunSpec) -> Outcome:
        """The outcome of a done future; :class:`ClusterLost` if the scheduler went away."""
        if fut.cancelled():
            if self._identity() is None:  # cancelled because the connection was lost
                raise self._lost("scheduler_gone")
            return Outcome(spec, error="cancelled by the Dask cluster")
        try:
            called = fut.result(timeout=self.cluster_timeout_s)
        except TimeoutError:
            raise self._lost("scheduler_silent", self.cluster_timeout_s) from None
        except Exception as exc:  # KilledWorker, lost connection, unpicklable result
            return Outcome(spec, error=one_line(exc))
        return Outcome.of(spec, called)

    def _identity(self) -> dict[str, Any] | None:
        """The scheduler's answer about itself and its workers, or ``None`` if it does not answer."""
        if self._client.status in ("closing", "closed"):
            return None
        try:
            info = _within(self.ask_timeout_s, self._client.sync, self._client.scheduler.identity, n_workers=-1)
        except Exception:  # TimeoutError, OSError, CommClosedError
            return None
        return info if isinstance(info, dict) else None

    def _check_cluster(self, watch: _Watch) -> None:
        """Raise :class:`ClusterLost` when the scheduler or every worker is gone for too long."""
        info = self._identity()
        now = time.monotonic()
        if info is None:
            if now - watch.answered > self.cluster_timeout_s:
                raise self._lost("scheduler_silent", self.cluster_timeout_s)
            return
        watch.answered = now
        if info.get("workers"):
            watch.worker_seen = now
        elif now - watch.worker_seen > self.cluster_timeout_s:
            raise self._lost("no_worker", self.cluster_timeout_s)

    def _executing(self) -> dict[str, str]:
        """Key -> worker address of every task executing now (empty if the scheduler does not answer)."""
        try:
            stacks = _within(self.ask_timeout_s, self._client.call_stack)
        except Exception:  # the watchdog deals with a silent scheduler
            return {}
        return {key: worker for worker, keys in (stacks or {}).items() for key in (keys or {})}

    def _stop_overdue(self, pending: set, by_key: dict[str, RunSpec], started: dict[str, float]) -> Iterator[Outcome]:
        """Cancel and fail the runs executing past the limit; restart their workers."""
        assert self.run_timeout_s is not None
        where = self._executing()
        now = time.monotonic()
        for key in where:
            started.setdefault(key, now)
        overdue = [f for f in pending if f.key in where and now - started[f.key] >= self.run_timeout_s]
        for fut in overdue:
            pending.discard(fut)
            with contextlib.suppress(Exception):
                _within(self.ask_timeout_s, fut.cancel)
            yield Outcome(by_key[fut.key], error=timeout_text(self.run_timeout_s))
        if overdue:  # a cancelled run keeps its worker's only thread busy: restart that worker
            workers = sorted({where[f.key] for f in overdue})
            with contextlib.suppress(Exception):  # no nanny: the worker stays busy until its run ends
                _within(
                    self.cluster_timeout_s,
                    self._client.restart_workers,
                    workers,
                    timeout=self.cluster_timeout_s,
                    raise_for_error=False,
                )

    def _lost(self, why: str, seconds: float = 0.0) -> ClusterLost:
        self.lost = True
        return ClusterLost(self.address, why, seconds)

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        levels = mute_dask_logs() if self.lost else {}
        try:
            if client is not None:
                with contextlib.suppress(Exception):  # a lost scheduler: nothing to say goodbye to
                    client.close(timeout=self.ask_timeout_s)
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.close(timeout=10)
        finally:
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
