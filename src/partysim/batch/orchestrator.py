"""Run a batch: plan, skip finished runs, execute the rest, store each as it finishes.

Only this process writes to the batch folder; workers (local or remote) send their
tables back. Runs are written one by one as they complete, so an interruption loses at
most the runs in flight, and running the same command again completes the batch with
exactly the tables an uninterrupted batch would have written.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from partysim.batch.executors import Executor, Outcome, RunFn, make_executor
from partysim.batch.plan import InputError, Plan, RunSpec, plan_batch
from partysim.batch.progress import Progress
from partysim.batch.store import RunStore
from partysim.batch.worker import RunResult, run_spec

__all__ = ["BatchInterrupted", "BatchSummary", "Failure", "run_batch"]


@dataclass(frozen=True)
class Failure:
    """A run that failed: its spec and one-line error."""

    spec: RunSpec
    error: str

    def __str__(self) -> str:
        return f"{self.spec.describe()} ({self.spec.scenario_file}): {self.error}"


@dataclass
class BatchSummary:
    """What a batch command did.

    Attributes:
        out: The batch folder.
        plan: The plan (points, runs, input errors).
        runs: Distinct runs in the plan.
        reused: Runs already finished before this command (not recomputed).
        finished: Runs finished by this command.
        failed: Runs that failed in this command.
        seconds: Wall time of the command (s).
        executor: Executor name.
    """

    out: Path
    plan: Plan
    runs: int = 0
    reused: int = 0
    finished: int = 0
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    executor: str = ""

    @property
    def input_errors(self) -> list[InputError]:
        """Scenario files that could not be planned."""
        return self.plan.errors

    @property
    def exit_code(self) -> int:
        """0 all done; 1 some runs failed; 2 only input errors."""
        if self.failed:
            return 1
        return 2 if self.plan.errors else 0

    def line(self) -> str:
        """One-line summary."""
        return (
            f"{self.runs} runs of {len(self.plan.points)} points: {self.reused} reused, {self.finished} finished, "
            f"{len(self.failed)} failed, {len(self.plan.errors)} files with errors ({self.executor}, {self.seconds:.1f} s); "
            f"results in {self.out}"
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
) -> BatchSummary:
    """Run every scenario file and sweep point; skip runs that are already finished.

    Args:
        files: Scenario YAML files.
        out: Batch folder (created if missing; results of earlier commands are reused).
        replications: Replications per point (default: the first file's).
        seed: Seed of every run (default: the first file's).
        overrides: ``--set`` overrides applied to every file.
        workers: Parallel runs (1: in this process; more: a process pool, or local Dask
            workers with ``scheduler="local"``).
        scheduler: ``None``, ``"local"`` or a Dask scheduler address ``tcp://host:8786``.
        executor: Use this executor instead (not closed here).
        fn: The run function (a picklable top-level function; tests inject failures).
        monthly: Also store each run's monthly table.
        progress: Show a progress bar.
        on_input_error: Called at once for each file that cannot be planned.
        on_failure: Called at once for each failed run.

    Returns:
        The :class:`BatchSummary`.

    Raises:
        BatchInterrupted: On Ctrl-C, after stopping the workers; finished runs are kept.
    """
    t0 = time.perf_counter()
    plan = plan_batch(files, replications=replications, seed=seed, overrides=overrides, monthly=monthly)
    for err in plan.errors:
        if on_input_error is not None:
            on_input_error(err)
    specs = plan.unique_specs()
    summary = BatchSummary(Path(out), plan, runs=len(specs))
    if not plan.points:  # nothing could be read: leave the folder alone
        summary.seconds = time.perf_counter() - t0
        return summary
    store = RunStore(out)
    store.prepare()
    store.save_plan(plan)
    latest = store.latest()
    todo: list[RunSpec] = []
    for spec in specs:
        if store.is_finished(spec.key, monthly):
            summary.reused += 1
            if latest.get(spec.key, {}).get("status") != "ok":  # killed between file and manifest line
                store.write_run(spec, None, None, None, 0.0, recovered=True)  # type: ignore[arg-type]
        else:
            todo.append(spec)
    if not todo:
        summary.seconds = time.perf_counter() - t0
        summary.executor = executor.name if executor else "none"
        return summary
    own = executor is None
    ex = executor or make_executor(workers, scheduler)
    summary.executor = ex.name
    bar = Progress(len(todo), summary.reused, enabled=progress)
    try:
        for outcome in ex.imap(fn, todo):
            with _ctrl_c_after():
                error = _store_outcome(store, outcome)
                if error is None:
                    summary.finished += 1
                else:
                    summary.failed.append(Failure(outcome.spec, error))
            if error is not None:
                bar.write(f"failed: {summary.failed[-1]}")
                if on_failure is not None:
                    on_failure(summary.failed[-1])
            bar.advance(error is None)
    except KeyboardInterrupt:
        bar.close()
        ex.close()
        summary.seconds = time.perf_counter() - t0
        raise BatchInterrupted(summary) from None
    finally:
        bar.close()
        if own:
            ex.close()
    summary.seconds = time.perf_counter() - t0
    return summary
