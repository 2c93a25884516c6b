"""What the flow model reports: its path month by month and year by year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from partysim.analysis.flow_state import STOCKS
from partysim.scenario.schema import Scenario

FLOWS = (
    "identified",
    "seats",
    "class_entries",
    "certificates",
    "dossiers",
    "votes",
    "papers_redone",
    "admissions",
    "recognitions",
    "transfers_in",
)
"""Flows the flow model records (people a month; ``seats``: class seats offered)."""

if TYPE_CHECKING:
    from partysim.analysis.flow_model import FlowModel
    from partysim.analysis.flow_state import FlowState


@dataclass
class FlowResult:
    """The flow model's expected path (see :mod:`partysim.analysis.flow_model`).

    Attributes:
        scenario: The scenario.
        monthly: One row per month: flows (identified, admissions, recognitions,
            transfers in; people a month) and stocks at the month's end (people).
        annual: One row per calendar year: ``months`` simulated, flows summed (people a
            year), ``members_start`` and ``members_end`` (people), ``admission_rate``
            (admissions / members at the year's start), stocks at the year's end.
        model: The :class:`~partysim.analysis.flow_model.FlowModel` that made it.
        state: Its :class:`~partysim.analysis.flow_state.FlowState` after the last month.
    """

    scenario: Scenario
    monthly: pd.DataFrame
    annual: pd.DataFrame
    model: Any = None
    state: Any = None

    @classmethod
    def of(
        cls, scenario: Scenario, records: list[dict], members_start: float, model: FlowModel, state: FlowState
    ) -> FlowResult:
        """The result of ``records`` (one dict a month, see :func:`flow_steps.step`)."""
        monthly = pd.DataFrame(records)
        rows = []
        before = members_start
        for year, g in monthly.groupby("year", sort=True):
            row: dict[str, Any] = {"year": int(year), "months": len(g), "members_start": before}
            for f in FLOWS:
                row[f] = float(g[f].sum())
            row["members_end"] = float(g["members"].iloc[-1])
            row["admission_rate"] = row["admissions"] / before if before else float("nan")
            for s in STOCKS:
                row[s] = float(g[s].iloc[-1])
            before = row["members_end"]
            rows.append(row)
        return cls(scenario, monthly, pd.DataFrame(rows), model, state)

    def full_years(self) -> pd.DataFrame:
        """The annual rows of complete calendar years (12 months simulated)."""
        return self.annual[self.annual["months"] == 12].reset_index(drop=True)

    def to_frame(self) -> pd.DataFrame:
        """The annual path (a copy)."""
        return self.annual.copy()

    def summary(self) -> str:
        """The annual path as text."""
        cols = ["year", "months", "identified", "admissions", "admission_rate", "members_end", "source", "vetting"]
        return f"Flow model: {self.scenario.name}\n" + self.annual[cols].round(3).to_string(index=False)
