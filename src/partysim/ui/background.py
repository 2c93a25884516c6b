"""A slow analysis in a background thread, with progress and Cancel (the decision views).

The notebook kernel stays responsive while the job runs (widget messages, the Cancel
button). The job's function gets a ``tick(done, total)`` callback: it reports progress
and, once :meth:`Job.cancel` was called, raises :class:`~partysim.ui.jobs.Cancelled`
inside the job, which stops it at its next tick. A failure is caught and handed to
``on_error``; it never reaches the kernel.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from partysim.ui.jobs import BackgroundThread, Cancelled

__all__ = ["Job", "JobPanel"]

Tick = Callable[[int, int], None]
"""Progress callback of a job: ``(done, total)``; ``total`` 0 when not known."""


class Job(BackgroundThread):
    """Run ``work(tick)`` in a daemon thread.

    Args:
        work: The job; calls ``tick(done, total)`` as it goes and returns its result.
        on_progress: Called with ``(done, total)`` after each tick.
        on_done: Called with ``(result, seconds)`` (wall time of the job).
        on_error: Called with the exception (a :class:`Cancelled` when cancelled).
        name: Thread name.
    """

    def __init__(
        self,
        work: Callable[[Tick], Any],
        on_progress: Tick,
        on_done: Callable[[Any, float], None],
        on_error: Callable[[BaseException], None],
        name: str = "partysim-job",
    ) -> None:
        self.work = work
        self.on_progress, self.on_done, self.on_error = on_progress, on_done, on_error
        super().__init__(name)

    def _tick(self, done: int, total: int = 0) -> None:
        self.on_progress(done, total)
        if self._stop.is_set():
            raise Cancelled()

    def _main(self) -> None:
        t0 = time.perf_counter()
        try:
            if self._stop.is_set():
                raise Cancelled()
            result = self.work(self._tick)
        except BaseException as exc:  # reported in the dashboard, never raised
            self.on_error(exc)
            return
        self.on_done(result, time.perf_counter() - t0)


class JobPanel:
    """A panel that runs one :class:`Job` at a time (mixed into the decision views): it
    starts the job, cancels it and waits for it. The panel defines ``_progress``,
    ``_done`` and ``_failed``."""

    job: Job | None
    _progress: Tick
    _done: Callable[[Any, float], None]
    _failed: Callable[[BaseException], None]

    def _launch(self, work: Callable[[Tick], Any], name: str, block: bool, timeout: float | None) -> Job:
        """Start ``work`` in a :class:`Job` reporting to this panel; wait if ``block``."""
        self.job = Job(work, self._progress, self._done, self._failed, name=name).start()
        if block:
            self.wait(timeout)
        return self.job

    def cancel(self) -> None:
        """Stop the job at its next tick."""
        if self.job is not None:
            self.job.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running job; True if none is left running."""
        return True if self.job is None else self.job.join(timeout)
