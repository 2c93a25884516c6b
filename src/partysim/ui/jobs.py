"""Full runs in a background thread that can be cancelled between replications.

The notebook kernel stays responsive while a full run goes on (widget messages, the
Cancel button). The thread runs the baseline and the policy with the same seed and
replications (common random numbers); a stop flag is checked after every replication.
A failure is caught and handed to ``on_error``; it never reaches the kernel.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from partysim.analysis import runner
from partysim.analysis.honest import ParameterUncertainty, Weighted, judge_with_uncertainty
from partysim.analysis.results import Results
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario

__all__ = ["BackgroundThread", "Cancelled", "FullRun", "FullRunOutcome", "changed_paths", "slider_uncertainty"]


class BackgroundThread:
    """A daemon thread running ``self._main`` (defined by the subclass), with a stop flag.

    Args:
        name: Thread name.
    """

    def __init__(self, name: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)

    def _main(self) -> None:
        """The thread's work (each subclass defines it)."""
        raise NotImplementedError

    def start(self) -> Self:
        """Start the thread; returns self."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next check of the stop flag."""
        self._stop.set()

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True if it has finished."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()


def changed_paths(scenario: Scenario, baseline: Scenario) -> tuple[str, ...]:
    """Parameters whose value in ``scenario`` differs from ``baseline`` (the sliders moved)."""
    before = {p.path: p.value for p in iter_params(baseline)}
    return tuple(p.path for p in iter_params(scenario) if before.get(p.path) != p.value)


def slider_uncertainty(
    scenario: Scenario, baseline: Scenario, sets: int, posterior: Weighted | None, people_budget: int | None = None
) -> ParameterUncertainty:
    """The parameter sets a dashboard answer about ``scenario`` is judged over: ``sets``
    drawn from ``posterior`` (else the priors), the values moved from ``baseline`` pinned
    (the answer is conditional on what the planner set)."""
    kw = {} if people_budget is None else {"people_budget": people_budget}
    return ParameterUncertainty(sets=sets, posterior=posterior, pinned=changed_paths(scenario, baseline), **kw)


class Cancelled(Exception):
    """Raised inside the run when the stop flag is set."""


@dataclass
class FullRunOutcome:
    """What a finished full run produced.

    Attributes:
        policy: Results of the current settings.
        baseline: Results of the scenario as loaded (same seed and replications).
        seconds: Wall time of the whole job (s).
    """

    policy: Results
    baseline: Results
    seconds: float


class FullRun(BackgroundThread):
    """Run baseline and policy in a thread; report progress; stop on request.

    Args:
        policy: The current settings.
        baseline: The scenario as loaded, or None when its full results are given in
            ``baseline_results`` (already computed with the same seed and replications).
        replications: Replications of each run.
        seed: Seed of both runs.
        on_progress: Called with ``(done, total)`` replications after each one.
        on_done: Called with the :class:`FullRunOutcome`.
        on_error: Called with the exception (a :class:`Cancelled` when cancelled).
        baseline_results: Cached baseline results, or None.
        sets: Parameter sets both runs are judged over (:mod:`partysim.analysis.honest`;
            the same draws for both, so their difference is paired); 0 for none. The
            policy keeps every value the sliders changed at its slider value (pinned).
        posterior: ``(sets, weights)`` of the file's calibration, resampled to ``sets``
            instead of prior draws (None: the priors).
    """

    def __init__(
        self,
        policy: Scenario,
        baseline: Scenario,
        replications: int,
        seed: int,
        on_progress: Callable[[int, int], None],
        on_done: Callable[[FullRunOutcome], None],
        on_error: Callable[[BaseException], None],
        baseline_results: Results | None = None,
        sets: int = 0,
        posterior: Weighted | None = None,
    ) -> None:
        self.policy, self.baseline = policy, baseline
        self.sets, self.posterior = sets, posterior
        self.replications, self.seed = replications, seed
        self.on_progress, self.on_done, self.on_error = on_progress, on_done, on_error
        self.baseline_results = baseline_results
        super().__init__("partysim-full-run")
        self._done = 0

    @property
    def total(self) -> int:
        """Replications this job runs in all."""
        return self.replications * (1 if self.baseline_results is not None else 2)

    def _tick(self, _replication: int) -> None:
        self._done += 1
        self.on_progress(self._done, self.total)
        if self._stop.is_set():
            raise Cancelled()

    def _run(self, scenario: Scenario) -> Results:
        if self._stop.is_set():
            raise Cancelled()
        return runner.run(
            scenario, replications=self.replications, seed=self.seed, progress=False, on_replication=self._tick
        )

    def _judged(self, scenario: Scenario, results: Results) -> Results:
        if self.sets <= 0 or results.uncertainty is not None:
            return results
        if self._stop.is_set():
            raise Cancelled()
        over = slider_uncertainty(scenario, self.baseline, self.sets, self.posterior)
        return judge_with_uncertainty(scenario, results, over)

    def _main(self) -> None:
        t0 = time.perf_counter()
        try:
            base = self.baseline_results if self.baseline_results is not None else self._run(self.baseline)
            pol = self._run(self.policy)
            base = self._judged(self.baseline, base)
            pol = self._judged(self.policy, pol)
            outcome = FullRunOutcome(pol, base, time.perf_counter() - t0)
        except BaseException as exc:  # reported in the dashboard, never raised
            self.on_error(exc)
            return
        self.on_done(outcome)
