"""Flow counters for one month and the monthly record of stocks and flows."""

from __future__ import annotations

import numpy as np

from partysim.model import people as P
from partysim.model.columns import FLOWS
from partysim.scenario.groups import GROUPS

LOSS_REASONS = ("migration", "job", "expired", "refused", "death", "other")
"""Why a candidate left the pipeline."""

FUNNEL_STAGES = ("identified", "class", "certified", "dossier", "vote", "admitted", "recognised")
"""Stages of the funnel table, in order."""

FUNNEL_FLOWS: dict[str, str] = dict(
    zip(
        FUNNEL_STAGES,
        ("identified", "class_entries", "certificates", "dossiers", "votes", "admissions", "recognitions"),
    )
)
"""Funnel stage -> the monthly flow counting people entering it."""


class Counters:
    """Counts of flows in the current month and candidate losses by stage and reason.

    Attributes:
        flows: This month's flows (:data:`~partysim.model.columns.FLOWS`).
        loss: Candidates lost this month, stage x reason.
        group_entered: People entering each funnel stage over the whole run, funnel stage x
            group (:data:`~partysim.scenario.groups.GROUPS`).
        go_admissions: Admissions per grassroots organisation since the last year end.
        go_group_admissions: The same by group (group x grassroots organisation).
        cell_admissions: Admissions per cell since the last year end.
    """

    def __init__(self, n_go: int, n_cells: int) -> None:
        self.flows = dict.fromkeys(FLOWS, 0)
        self.loss = np.zeros((len(P.STAGE_NAMES), len(LOSS_REASONS)), dtype=np.int64)
        self.group_entered = np.zeros((len(FUNNEL_STAGES), len(GROUPS)), dtype=np.int64)
        self.go_admissions = np.zeros(n_go, dtype=np.int64)
        self.go_group_admissions = np.zeros((len(GROUPS), n_go), dtype=np.int64)
        self.cell_admissions = np.zeros(n_cells, dtype=np.int64)

    def reset(self) -> None:
        """Zero the monthly flows (GO admissions and losses accumulate until read)."""
        for k in self.flows:
            self.flows[k] = 0

    def add(self, name: str, count: int | np.integer) -> None:
        """Add ``count`` to flow ``name``."""
        self.flows[name] += int(count)

    def enter(self, stage: str, by_group: np.ndarray) -> None:
        """Record people entering funnel ``stage``, counted by group (one count per group)."""
        self.group_entered[FUNNEL_STAGES.index(stage)] += by_group

    def lose(self, stages: np.ndarray, reason: str) -> None:
        """Record candidates leaving the pipeline from ``stages`` for ``reason``."""
        if len(stages):
            self.loss[:, LOSS_REASONS.index(reason)] += np.bincount(stages, minlength=self.loss.shape[0])
