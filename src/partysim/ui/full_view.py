"""The dashboard's full run: all replications at full scale in a background thread.

A mixin of :class:`partysim.ui.dashboard.Dashboard`: "Run full" runs the baseline and the
current settings (:class:`partysim.ui.jobs.FullRun`) with progress and Cancel; controls are
locked while it runs; the results replace the preview when it ends.
"""

from __future__ import annotations

import html
from typing import Any

from partysim.outputs.i18n import format_number
from partysim.scenario.schema import Scenario
from partysim.ui.jobs import Cancelled, FullRun, FullRunOutcome
from partysim.ui.texts import text

__all__ = ["DashboardFullRun"]


class DashboardFullRun:
    """Run full, Cancel, wait (mixed into the dashboard)."""

    lang: str
    baseline: Scenario
    full_replications: int
    seed: int
    sets: int
    posterior: Any
    controls: dict[str, Any]
    progress: Any
    progress_label: Any
    reset_button: Any
    run_button: Any
    cancel_button: Any
    notice: Any
    error: Any
    mode: str
    seconds: float
    results: Any
    baseline_results: Any
    policy_scenario: Scenario
    _job: FullRun | None
    _baseline_full: dict[tuple[int, int, int], Any]

    def current_scenario(self) -> Scenario:  # provided by the dashboard
        raise NotImplementedError

    def _show_error(self, key: str, exc: BaseException) -> None:  # provided by the dashboard
        raise NotImplementedError

    def _set_status(self, key: str, args: dict) -> None:  # provided by the dashboard
        raise NotImplementedError

    def _draw(self) -> None:  # provided by the dashboard
        raise NotImplementedError

    # ------------------------------------------------------------------ full run
    def run_full(self, block: bool = False, timeout: float | None = None) -> FullRun | None:
        """Run the full set of replications (baseline and policy) in a background thread.

        Controls are locked until it ends; Cancel stops it after the replication in
        progress. Returns the job (None if one is already running).

        Args:
            block: Wait for the end (tests and scripts).
            timeout: Longest wait when ``block`` (s).
        """
        if self._job is not None and self._job.running:
            return None
        try:
            policy = self.current_scenario()
        except Exception as exc:
            self._show_error("error.full", exc)
            return None
        key = (self.full_replications, self.seed, self.sets)
        self._lock(True)
        job = FullRun(
            policy,
            self.baseline,
            self.full_replications,
            self.seed,
            on_progress=self._progress,
            on_done=lambda out: self._full_done(policy, key, out),
            on_error=self._full_failed,
            baseline_results=self._baseline_full.get(key),
            sets=self.sets,
            posterior=self.posterior,
        )
        self.progress.max, self.progress.value = job.total, 0
        self._progress(0, job.total)
        self._job = job.start()
        if block:
            self.wait(timeout)
        return job

    def cancel(self) -> None:
        """Stop the full run after the replication in progress."""
        if self._job is not None:
            self._job.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running full run; True if none is left running."""
        return True if self._job is None else self._job.join(timeout)

    def _lock(self, locked: bool) -> None:
        for c in self.controls.values():
            c.slider.disabled = locked
        self.reset_button.disabled = self.run_button.disabled = locked
        self.cancel_button.disabled = not locked
        self.progress.layout.visibility = "visible" if locked else "hidden"
        self.notice.value = f"<i>{html.escape(text('full_disabled', self.lang))}</i>" if locked else ""

    def _progress(self, done: int, total: int) -> None:
        self.progress.value = done
        self.progress_label.value = html.escape(
            text("running_full", self.lang).format(
                done=format_number(done, self.lang), total=format_number(total, self.lang)
            )
        )

    def _full_done(self, policy: Scenario, key: tuple[int, int, int], out: FullRunOutcome) -> None:
        self._baseline_full[key] = out.baseline
        self.policy_scenario, self.results, self.baseline_results = policy, out.policy, out.baseline
        self.mode, self.seconds = "full", out.seconds
        self.error.value = ""
        self._set_status("mode.full", {"n": self.full_replications, "s": round(out.seconds, 1)})
        self.progress_label.value = ""
        self._lock(False)
        self._draw()

    def _full_failed(self, exc: BaseException) -> None:
        self._lock(False)
        self.progress_label.value = ""
        if isinstance(exc, Cancelled):
            self.notice.value = f"<i>{html.escape(text('cancelled', self.lang))}</i>"
        else:
            self._show_error("error.full", exc)
