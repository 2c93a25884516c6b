"""The runs behind ``partysim require``: each lever setting under each parameter set,
paired and remembered.

Every setting is run with the same parameter sets, seed and replications (common random
numbers: :mod:`partysim.analysis.ensemble`), so two settings differ only by the lever,
and a setting is never run twice for the same set. For each setting and set the runs give
P(met) of one target in each year it is judged; a setting *passes* when the pooled P(met)
(weighted over sets) reaches the required probability in every judged year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from partysim.analysis.ensemble import set_results
from partysim.analysis.preview import PREVIEW_PEOPLE
from partysim.analysis.verdicts import target_values, target_years
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target

__all__ = ["SettingRuns"]

Setting = tuple[tuple[str, float], ...]
"""Lever values of a setting, ``((name, value), ...)`` sorted by name."""


def setting_key(values: Mapping[str, float]) -> Setting:
    """The hashable key of a setting."""
    return tuple(sorted((str(k), float(v)) for k, v in values.items()))


class SettingRuns:
    """Runs of one target under lever settings, remembered per (setting, parameter set).

    Args:
        scenario: The base scenario (levers not in a setting keep its values).
        target: The target judged.
        sets: Parameter sets, one row per set (e.g. :func:`partysim.analysis.priors.draw`).
        weights: Weight of each set (sums to 1).
        replications: Replications per set and setting.
        seed: Seed of every run (the same at every setting).
        preview: Run on the preview's weighted sample.
        progress: Called with the number of set-runs done so far (each of R replications).
    """

    def __init__(
        self,
        scenario: Scenario,
        target: Target,
        sets: pd.DataFrame,
        weights: np.ndarray,
        replications: int,
        seed: int,
        preview: bool,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.scenario, self.target, self.sets, self.weights = scenario, target, sets, weights
        self.replications, self.seed, self.preview, self.progress = replications, seed, preview, progress
        self.years: list[int] = []
        self.runs_done = 0
        self._cache: dict[tuple[Setting, int], np.ndarray] = {}
        self._pooled: dict[Setting, np.ndarray] = {}

    def per_set(self, values: Mapping[str, float], ks: list[int]) -> np.ndarray:
        """P(met) of sets ``ks`` at a setting: one row per set, one column per judged year."""
        key = setting_key(values)
        missing = [k for k in ks if (key, k) not in self._cache]
        if missing:
            sc = self.scenario.with_values({f"levers.{n}": v for n, v in key})
            budget = PREVIEW_PEOPLE if self.preview else None
            for i, res in set_results(sc, self.sets.iloc[missing], self.replications, self.seed, budget):
                self._cache[(key, missing[i])] = self._judge(res.annual)
            self.runs_done += len(missing)
            if self.progress is not None:
                self.progress(self.runs_done)
        return np.vstack([self._cache[(key, k)] for k in ks])

    def _judge(self, annual: pd.DataFrame) -> np.ndarray:
        """P(met) in each judged year over the replications of one run (as the verdicts)."""
        if not self.years:
            self.years = target_years(self.target, annual)
        values = target_values(self.target, annual).to_numpy(float)
        out = []
        for y in self.years:
            v = values[(annual["year"] == y).to_numpy()]
            v = v[~np.isnan(v)]
            out.append(float(np.mean(v >= self.target.threshold - 1e-12)) if len(v) else np.nan)
        return np.array(out)

    def pooled(self, values: Mapping[str, float]) -> np.ndarray:
        """Pooled P(met) in each judged year at a setting (weighted over every set)."""
        key = setting_key(values)
        if key not in self._pooled:
            p = self.per_set(values, list(range(len(self.sets))))
            self._pooled[key] = np.nansum(self.weights[:, None] * p, axis=0)
        return self._pooled[key]

    def tried(self, fixed: Mapping[str, float], lever: str) -> tuple[np.ndarray, np.ndarray]:
        """Values of ``lever`` run (pooled) with the other levers at ``fixed``, and the
        lowest pooled P(met) over the judged years at each."""
        rows = []
        for key, p in self._pooled.items():
            d = dict(key)
            same = set(d) == {*fixed, lever} and all(np.isclose(d[n], v) for n, v in fixed.items() if n != lever)
            if same:
                rows.append((d[lever], float(np.min(p))))
        rows.sort()
        return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])

    def table(self) -> pd.DataFrame:
        """Every setting run on all sets: one column per lever, ``year``, ``probability``."""
        rows = []
        for key, p in self._pooled.items():
            for y, prob in zip(self.years, p):
                rows.append({**dict(key), "year": y, "probability": float(prob)})
        return pd.DataFrame(rows)
