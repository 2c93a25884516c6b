"""The dashboard's sampled preview, judged over parameter sets by the quick route.

A slider move first redraws from the flow model (:mod:`partysim.ui.instant`), then from the
preview: the weighted sample of people (:func:`~partysim.analysis.preview.run_preview`).
With ``sets`` > 0 that preview's verdicts are judged over what is not known of the
parameters too, by flow-model ratios (:mod:`partysim.analysis.quick_uncertainty`): the file's
calibration posterior resampled by weight, else the priors of its estimates, with the
values the planner moved pinned (the verdict is conditional on them, as a full run's is).
Targets the flow model does not follow (composition, quota shares) keep chance only, and
the note under the verdicts says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from partysim.analysis.honest import Weighted
from partysim.analysis.preview import run_preview
from partysim.analysis.quick_uncertainty import judge_quick
from partysim.analysis.results import Results
from partysim.scenario.schema import Scenario
from partysim.ui.jobs import slider_uncertainty

__all__ = ["PREVIEW_SETS", "PreviewRuns"]

PREVIEW_SETS = 8
"""Parameter sets the slider preview is judged over (the quick route costs about 0.05 s of
CPU per set on a province, and 8 sets keep preview plus verdict under 1 s of CPU on Ninh Bình
and Thanh Hóa: ``python benchmarks/bench_quick_verdict.py``)."""


@dataclass
class PreviewRuns:
    """Runs the preview of a scenario and judges it over parameter sets.

    Attributes:
        baseline: The scenario as loaded (the values moved from it are pinned).
        people_budget: Simulated people per replication.
        replications: Preview replications.
        seed: Seed of the runs and of the parameter design.
        sets: Parameter sets (0: every estimate at its slider value).
        posterior: A calibration's weighted sets to resample from (default: the priors).
    """

    baseline: Scenario
    people_budget: int
    replications: int
    seed: int
    sets: int = PREVIEW_SETS
    posterior: Weighted | None = None

    def __call__(self, scenario: Scenario) -> Results:
        """The preview of ``scenario``, judged over the parameter sets when there are any."""
        results = run_preview(scenario, self.people_budget, self.replications, seed=self.seed)
        if self.sets <= 0:
            return results
        over = slider_uncertainty(scenario, self.baseline, self.sets, self.posterior, self.people_budget)
        return judge_quick(scenario, results, over, self.people_budget)
