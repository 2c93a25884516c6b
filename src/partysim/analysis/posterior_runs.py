"""The simulations behind a calibration with uncertainty: every parameter set run
``R`` times with common random numbers, and the calibration moments of every run.

Replication ``r`` of every set uses the same seed, so two sets differ by their parameters
only (:mod:`partysim.model.streams`). A preview (``people_budget``) runs the preview's
weighted sample of the territory (:mod:`partysim.analysis.preview`) and scales the counts
back, exactly as :func:`partysim.analysis.ensemble.run_ensemble` does, so the runs of a
calibration and of ``partysim verdict --posterior`` with the same seed are the same runs.
Sets may run on several processes; the result does not depend on how many.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.calibration import moment_values
from partysim.analysis.ensemble import set_results
from partysim.analysis.preview import PREVIEW_PEOPLE
from partysim.scenario.schema import Scenario
from partysim.scenario.study import Moment

__all__ = ["MomentPeriodError", "Runs", "check_moments", "run_chunk", "simulate_runs"]


class MomentPeriodError(ValueError):
    """A moment's period lies outside the simulated months."""


@dataclass
class Runs:
    """Simulated sets: parameters, the moments of every run and the annual tables.

    Attributes:
        sets: One row per set (index 0..K-1), one column per parameter path.
        moments: Array (K, R, M): moment ``i`` of replication ``r`` of set ``k``.
        annual: Annual table of every run, columns ``set`` and ``replication`` first.
    """

    sets: pd.DataFrame
    moments: np.ndarray
    annual: pd.DataFrame

    def __len__(self) -> int:
        return len(self.sets)

    def head(self, n: int) -> Runs:
        """The first ``n`` sets."""
        return Runs(self.sets.iloc[:n].copy(), self.moments[:n].copy(), self.annual[self.annual["set"] < n].copy())

    def extend(self, more: Runs) -> Runs:
        """These sets followed by ``more`` (renumbered after these)."""
        k = len(self)
        sets = pd.concat([self.sets, more.sets], ignore_index=True)
        sets.index.name = "set"
        annual = pd.concat([self.annual, more.annual.assign(set=more.annual["set"] + k)], ignore_index=True)
        return Runs(sets, np.concatenate([self.moments, more.moments]), annual)


def check_moments(scenario: Scenario, moments: Sequence[Moment]) -> None:
    """Raise :class:`MomentPeriodError` when a moment's period is outside the simulated months."""
    for m in moments:
        for p in (m.start, m.end):
            if not 0 <= scenario.month_of(p) < scenario.months:
                raise MomentPeriodError(
                    f"moment {m.name or m.variable}: period {p} is outside {scenario.start} to {scenario.end}"
                )


def run_chunk(
    scenario: Scenario, sets: pd.DataFrame, replications: int, seed: int, people_budget: int | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Moments (K, R, M) and annual tables of ``sets`` (numbered from 0); one process.

    Top-level so that a process pool can call it. A preview when ``people_budget`` is set.
    """
    assert scenario.calibration is not None
    moments = scenario.calibration.moments
    out = np.empty((len(sets), replications, len(moments)))
    annual = []
    for k, res in set_results(scenario, sets, replications, seed, people_budget):
        for r in range(replications):
            out[k, r] = moment_values(scenario, moments, res.monthly[res.monthly["replication"] == r])
        annual.append(res.annual.assign(set=k))
    table = pd.concat(annual, ignore_index=True)
    return out, table[["set", *[c for c in table.columns if c != "set"]]]


def simulate_runs(
    scenario: Scenario,
    sets: pd.DataFrame,
    replications: int,
    seed: int,
    people_budget: int | None = PREVIEW_PEOPLE,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Runs:
    """Run every set ``replications`` times (common random numbers) and compute its moments.

    Args:
        scenario: The base scenario, with a ``calibration`` block (its moments).
        sets: One row per set, one column per parameter path.
        replications: Replications per set (>= 2 to measure the replication variance).
        seed: Seed of every set's runs.
        people_budget: Simulated people per replication of the preview; ``None`` for
            the full territory.
        workers: Processes (1: this process). The result does not depend on it.
        progress: Called with the number of sets just finished.

    Returns:
        :class:`Runs` (sets renumbered from 0).
    """
    sets = sets.astype(float).reset_index(drop=True)
    sets.index.name = "set"
    size = max(1, min(16, -(-len(sets) // max(workers, 1))))
    chunks = [sets.iloc[i : i + size] for i in range(0, len(sets), size)]
    parts: list[tuple[np.ndarray, pd.DataFrame]] = []
    if workers <= 1 or len(chunks) == 1:
        for c in chunks:
            parts.append(run_chunk(scenario, c, replications, seed, people_budget))
            if progress is not None:
                progress(len(c))
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(run_chunk, scenario, c, replications, seed, people_budget) for c in chunks]
            for c, f in zip(chunks, futures):
                parts.append(f.result())
                if progress is not None:
                    progress(len(c))
    starts = np.cumsum([0] + [len(c) for c in chunks])
    annual = pd.concat([a.assign(set=a["set"] + s) for (_, a), s in zip(parts, starts)], ignore_index=True)
    return Runs(sets, np.concatenate([m for m, _ in parts]), annual)
