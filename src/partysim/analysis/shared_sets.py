"""Parameter sets shared out among replications: uncertainty about the parameters at no
extra runs.

The full honest route (:mod:`partysim.analysis.honest`) runs every parameter set for
every replication, K times the runs. Commands whose answer pools many runs anyway
(``partysim review``, ``partysim allocate``) instead give each replication one set: the
sets of :meth:`~partysim.analysis.honest.ParameterUncertainty.design` (prior draws, or a
calibration's posterior resampled by weight) are shared out among the ``n`` replications
by systematic resampling (:func:`~partysim.analysis.honest.systematic_picks`), so a set
of weight ``w`` runs about ``n * w`` of them. The pooled runs then mix chance and the
parameters in the right proportions; replication ``r`` keeps its own random numbers
whatever set it runs under (common random numbers with the run without sets).

::

    shared = share_sets(scenario, uncertainty, replications=20, seed=1)
    shared.picks                      # the set each replication runs under
    shared.per_replication(scenario)  # the scenario of each replication
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partysim.analysis.honest import ParameterUncertainty, systematic_picks
from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.errors import say

__all__ = ["SharedSets", "share_sets"]


@dataclass
class SharedSets:
    """The parameter set of each replication.

    Attributes:
        values: The distinct sets used, each ``{dotted path: value}``.
        picks: For each replication, the index into ``values`` of its set.
        source: ``"priors"`` or ``"posterior"``.
    """

    values: list[dict[str, float]]
    picks: np.ndarray
    source: str

    @property
    def distinct(self) -> int:
        """Distinct parameter sets used."""
        return len(self.values)

    def per_replication(self, scenario: Scenario) -> list[Scenario]:
        """``scenario`` with each replication's set of values (built once per set)."""
        by_set = [scenario.with_values(v) for v in self.values]
        return [by_set[k] for k in self.picks]

    def replications_of(self, k: int) -> np.ndarray:
        """The replications that run under set ``k``."""
        return np.flatnonzero(self.picks == k)


def share_sets(
    scenario: Scenario, uncertainty: ParameterUncertainty | None, replications: int, seed: int
) -> SharedSets | None:
    """Share the sets of ``uncertainty`` out among ``replications`` replications.

    Args:
        scenario: The validated scenario.
        uncertainty: The parameter sets (None or inactive: none).
        replications: Replications to share them among (>= 1).
        seed: Seed of the design and of the resampling's offset.

    Returns:
        None without uncertainty; else the :class:`SharedSets`, distinct sets numbered in
        the order of their first replication.

    Raises:
        ValueError: More parameter sets than replications.
    """
    if uncertainty is None or not uncertainty.active:
        return None
    sets, weights, source = uncertainty.design(scenario, seed)
    if len(sets) > replications:
        raise ValueError(
            say(
                f"--sets: {len(sets)} parameter sets for {replications} replications; expected at most one set "
                "per replication (raise -n or lower --sets)",
                f"--sets: {len(sets)} bộ tham số cho {replications} lần lặp; cần nhiều nhất một bộ cho mỗi lần lặp "
                "(tăng -n hoặc giảm --sets)",
            )
        )
    picks = systematic_picks(np.ones(len(sets)) if weights is None else weights, replications, seed)
    used, local = np.unique(picks, return_inverse=True)
    values = [dict(zip(sets.columns, map(float, sets.iloc[int(k)]))) for k in used]
    return SharedSets(values=values, picks=local.astype(np.int64), source=source)
