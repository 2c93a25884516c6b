"""Flow counters for one month and the monthly record of stocks and flows."""

from __future__ import annotations

import numpy as np

from partysim.model import people as P
from partysim.model.columns import FLOWS

LOSS_REASONS = ("migration", "job", "expired", "refused", "death", "other")
"""Why a candidate left the pipeline."""

FUNNEL_STAGES = ("identified", "class", "certified", "dossier", "vote", "admitted", "recognised")


class Counters:
    """Counts of flows in the current month and candidate losses by stage and reason."""

    def __init__(self, n_go: int, n_cells: int) -> None:
        self.flows = dict.fromkeys(FLOWS, 0)
        self.loss = np.zeros((len(P.STAGE_NAMES), len(LOSS_REASONS)), dtype=np.int64)
        self.go_admissions = np.zeros(n_go, dtype=np.int64)
        self.cell_admissions = np.zeros(n_cells, dtype=np.int64)

    def reset(self) -> None:
        """Zero the monthly flows (GO admissions and losses accumulate until read)."""
        for k in self.flows:
            self.flows[k] = 0

    def add(self, name: str, count: int | np.integer) -> None:
        """Add ``count`` to flow ``name``."""
        self.flows[name] += int(count)

    def lose(self, stages: np.ndarray, reason: str) -> None:
        """Record candidates leaving the pipeline from ``stages`` for ``reason``."""
        if len(stages):
            self.loss[:, LOSS_REASONS.index(reason)] += np.bincount(stages, minlength=self.loss.shape[0])
