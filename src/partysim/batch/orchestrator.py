"""Run a batch: plan, skip finished runs, execute the rest, store each as it finishes.

Only this process writes to the batch folder, holding its lock (:mod:`~partysim.batch.lock`);
workers (local or remote) send their tables back. Runs are written one by one as they
complete, so an interruption loses at most the runs in flight, and running the same
command again completes the batch with exactly the tables an uninterrupted batch would
have written. A finished run is checked (size and sha256) before it is reused; a damaged
one is computed again. When the batch cannot go on (output folder unusable, Dask cluster
lost) it raises a :class:`~partysim.batch.errors.BatchError` between two runs: every
finished run is kept.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from partysim.batch.errors import BatchError, output_error
from partysim.batch.executor_base import Executor, Outcome, RunFn
from partysim.batch.executor_dask import CLUSTER_TIMEOUT_S
from partysim.batch.executors import make_executor
from partysim.batch.exit_codes import ExitCode
from partysim.batch.lock import FolderLock
from partysim.batch.messages import message
from partysim.batch.plan import InputError, Plan, RunSpec, plan_batch
from partysim.batch.progress import Progress
from partysim.batch.store import Damage, RunStore
from partysim.batch.worker import RunResult, run_spec

__all__ = ["BatchInterrupted", "BatchSummary", "Failure", "run_batch"]


@dataclass(frozen=True)
class Failure:
    """A run that failed: its spec and one-line error."""

    spec: RunSpec
    error: str

    def __str__(self) -> str:
        return f"{self.spec.describe()} ({self.spec.scenario_file}): {self.error}"

    def line(self, lang: str = "en") -> str:
        """``failed: tiny replication 1 (tiny.yaml): error`` in ``lang``."""
        return message(
            "failed",
            lang,
            label=self.spec.label,
            replication=self.spec.replication,
            file=self.spec.scenario_file,
            error=self.error,
        )


@dataclass
class BatchSummary:
    """What a batch command did.

    Attributes:
        out: The batch folder.
        plan: The plan (points, runs, input errors).
        runs: Distinct runs in the plan.
        reused: Runs already finished before this command, checked and not recomputed.
        finished: Runs finished by this command.
        failed: Runs that failed in this command.
        damaged: Run files found damaged, whose runs were computed again.
        seconds: Wall time of the command (s).
        executor: Executor name.
    """

    out: Path
    plan: Plan
    runs: int = 0
    reused: int = 0
    finished: int = 0
    failed: list[Failure] = field(default_factory=list)
    damaged: list[Damage] = field(default_factory=list)
    seconds: float = 0.0
    executor: str = ""

    @property
    def exit_code(self) -> ExitCode:
        """``OK``; ``RUNS_FAILED`` if some runs failed; ``BAD_INPUT`` if only input errors."""
        if self.failed:
            return ExitCode.RUNS_FAILED
        return ExitCode.BAD_INPUT if self.plan.errors else ExitCode.OK

    def line(self, lang: str = "en") -> str:
        """One-line summary in ``lang``."""
        return message(
            "summary",
            lang,
            runs=self.runs,
            points=len(self.plan.points),
            reused=self.reused,
            finished=self.finished,
            failed=len(self.failed),
            errors=len(self.plan.errors),
            executor=self.executor,
            seconds=f"{self.seconds:.1f}",
            out=self.out,
        )


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch; ``summary`` counts what was kept."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__("interrupted")
        self.summary = summary


@contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Hold Ctrl-C until the block is done (a run file and its manifest line go together)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextmanager
def _writing(summary: BatchSummary) -> Iterator[None]:
    """Turn an ``OSError`` of the output folder into :class:`OutputUnusable` (exit code 3)."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, summary.out, summary.reused + summary.finished) from exc


def _store_outcome(store: RunStore, outcome: Outcome) -> str | None:
    """Write a finished run or record a failure; return the error, if any."""
    spec = outcome.spec
    error = outcome.error
    if error is None and not isinstance(outcome.value, RunResult):
        error = f"TypeError: the run function returned {type(outcome.value).__name__}, not RunResult"
    if error is not None:
        store.write_failure(spec, error, outcome.traceback, outcome.seconds)
        return error
    res: RunResult = outcome.value
    store.write_run(spec, res.annual, res.funnel, res.monthly, res.seconds, host=res.host)
    return None


@dataclass
class _Hooks:
    """How the batch talks while it runs (callbacks, progress bar, language)."""

    on_failure: Callable[[Failure], None] | None = None
    on_damaged: Callable[[Damage], None] | None = None
    progress: bool = True
    lang: str = "en"


def _open_folder(store: RunStore, plan: Plan, summary: BatchSummary) -> FolderLock:
    """Create the folder, take its lock, clean it up and save the plan; return the lock.

    Raises:
        FolderLocked: Another batch is writing there.
        OutputUnusable: The folder cannot be created or written.
    """
    with _writing(summary):
        store.create()
        lock = FolderLock(store.root).acquire()
        try:
            store.prepare()
            store.save_plan(plan)
        except BaseException:
            lock.release()
            raise
    return lock


def _to_do(store: RunStore, specs: list[RunSpec], monthly: bool, summary: BatchSummary, hooks: _Hooks) -> list[RunSpec]:
    """Runs still to compute; finished runs are checked and counted as reused.

    A run file without its manifest line (batch killed in between) gets its line; a
    damaged run file is removed, reported through ``hooks.on_damaged`` and its run
    computed again.
    """
    records, latest = store.last_ok(), store.latest()
    todo: list[RunSpec] = []
    with _writing(summary):
        for spec in specs:
            if not store.is_finished(spec.key, monthly):
                todo.append(spec)
                continue
            damage = store.check_run(spec.key, records.get(spec.key), monthly)
            if damage is not None:
                store.discard_run(spec.key)
                summary.damaged.append(damage)
                if hooks.on_damaged is not None:
                    hooks.on_damaged(damage)
                todo.append(spec)
                continue
            summary.reused += 1
            if latest.get(spec.key, {}).get("status") != "ok":  # killed between file and manifest line
                store.record_recovered(spec)
    return todo


def _execute(
    store: RunStore, ex: Executor, fn: RunFn, todo: list[RunSpec], summary: BatchSummary, hooks: _Hooks
) -> None:
    """Run ``todo`` on ``ex`` and store each outcome as it comes.

    Raises:
        BatchInterrupted: Ctrl-C (the executor is closed first).
        OutputUnusable: A run could not be written (disk full, ...).
        ClusterLost: The Dask cluster went away.
    """
    bar = Progress(len(todo), summary.reused, enabled=hooks.progress)
    try:
        for outcome in ex.imap(fn, todo):
            with _ctrl_c_after(), _writing(summary):
                error = _store_outcome(store, outcome)
            if error is None:
                summary.finished += 1
            else:
                failure = Failure(outcome.spec, error)
                summary.failed.append(failure)
                bar.write(failure.line(hooks.lang))
                if hooks.on_failure is not None:
                    hooks.on_failure(failure)
            bar.advance(error is None)
    except KeyboardInterrupt:
        bar.close()
        ex.close()
        raise BatchInterrupted(summary) from None
    finally:
        bar.close()


def run_batch(
    files: Sequence[str | Path],
    out: str | Path,
    replications: int | None = None,
    seed: int | None = None,
    overrides: Sequence[str] = (),
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    fn: RunFn = run_spec,
    monthly: bool = False,
    progress: bool = True,
    on_input_error: Callable[[InputError], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_damaged: Callable[[Damage], None] | None = None,
    run_timeout: float | None = None,
    cluster_timeout: float = CLUSTER_TIMEOUT_S,
    lang: str = "en",
) -> BatchSummary:
    """Run every scenario file and sweep point; skip runs that are already finished.

    Args:
        files: Scenario YAML files.
        out: Batch folder (created if missing; results of earlier commands are reused).
        replications: Replications per point (default: the first file's).
        seed: Seed of every run (default: the first file's).
        overrides: ``--set`` overrides applied to every file.
        workers: Parallel runs (1: this process; more: a pool, or Dask with ``"local"``).
        scheduler: ``None``, ``"local"`` or a Dask scheduler address ``tcp://host:8786``.
        executor: Use this executor instead (not closed here, except on Ctrl-C).
        fn: The run function (a picklable top-level function; tests inject failures).
        monthly, progress: Also store monthly tables; show a progress bar.
        on_input_error, on_failure, on_damaged: Called for each file that cannot be planned,
            failed run, damaged run file (its run is computed again).
        run_timeout: Longest a run may take (s); past it the run fails. ``None``: no limit.
        cluster_timeout: Dask: time without scheduler or workers before giving up (s).
        lang: Language of the lines written above the progress bar (``vi`` or ``en``).

    Raises:
        BatchInterrupted: On Ctrl-C, after stopping the workers; finished runs are kept.
        BatchError: Cannot go on (:mod:`partysim.batch.errors`); ``summary`` says what was kept.
    """
    t0 = time.perf_counter()
    plan = plan_batch(files, replications=replications, seed=seed, overrides=overrides, monthly=monthly)
    for err in plan.errors if on_input_error is not None else ():
        on_input_error(err)  # type: ignore[misc]
    specs = plan.unique_specs()
    summary = BatchSummary(Path(out), plan, runs=len(specs), executor=executor.name if executor else "none")
    hooks = _Hooks(on_failure, on_damaged, progress, lang)
    try:
        if plan.points:  # else nothing could be read: leave the folder alone
            factory = partial(make_executor, workers, scheduler, run_timeout, cluster_timeout)
            with _open_folder(RunStore(out), plan, summary):
                _run_all(RunStore(out), specs, monthly, summary, hooks, executor, fn, factory)
    except BatchError as err:
        err.settle(summary)
        raise
    finally:
        summary.seconds = time.perf_counter() - t0
    return summary


def _run_all(
    store: RunStore,
    specs: list[RunSpec],
    monthly: bool,
    summary: BatchSummary,
    hooks: _Hooks,
    executor: Executor | None,
    fn: RunFn,
    make: Callable[[], Executor],
) -> None:
    """Check what is finished, then compute the rest on ``executor`` or a new one from ``make``."""
    todo = _to_do(store, specs, monthly, summary, hooks)
    if not todo:
        return
    ex = executor or make()
    summary.executor = ex.name
    try:
        _execute(store, ex, fn, todo, summary, hooks)
    finally:
        if executor is None:
            ex.close()
