"""What the flow model reports: its path month by month and year by year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partysim.analysis.flow_month import FLOW_ORDER
from partysim.analysis.flow_state import STOCKS
from partysim.analysis.flow_steps import COLUMNS
from partysim.scenario.schema import Scenario

FLOWS = (FLOW_ORDER[0], "seats", *(f for f in FLOW_ORDER[1:] if f != "seats"))
"""Flows the flow model records (people a month; ``seats``: class seats offered)."""

if TYPE_CHECKING:
    from partysim.analysis.equilibrium import Equilibrium
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
        cls, scenario: Scenario, rows: np.ndarray, members_start: float, model: FlowModel, state: FlowState
    ) -> FlowResult:
        """The result of ``rows`` (one a month, columns of
        :data:`~partysim.analysis.flow_steps.COLUMNS`, see :func:`flow_steps.step_row`)."""
        col = monthly_columns(rows)
        annual = annual_columns(col, members_start)
        return cls(scenario, pd.DataFrame(col), pd.DataFrame(annual), model, state)

    def full_years(self) -> pd.DataFrame:
        """The annual rows of complete calendar years (12 months simulated)."""
        return self.annual[self.annual["months"] == 12].reset_index(drop=True)

    def equilibrium(self) -> Equilibrium:
        """The steady state at the end of the run (:func:`partysim.analysis.equilibrium.equilibrium`)."""
        from partysim.analysis.equilibrium import equilibrium

        return equilibrium(self)

    def required(self, rate: float = 0.03) -> dict[str, float]:
        """Identifications, class seats and dossiers a year for admissions of ``rate`` x
        members, and the growth they imply (:meth:`Equilibrium.required`)."""
        return self.equilibrium().required(rate)

    def binding_stage(self) -> str:
        """The stage whose relief adds most admissions (:meth:`Equilibrium.binding_stage`)."""
        return self.equilibrium().binding_stage()

    def attainable(self, rate: float = 0.03) -> bool:
        """Whether steady admissions reach ``rate`` x members (:meth:`Equilibrium.attainable`)."""
        return self.equilibrium().attainable(rate)

    def to_frame(self) -> pd.DataFrame:
        """The annual path (a copy)."""
        return self.annual.copy()

    def summary(self) -> str:
        """The annual path as text."""
        cols = ["year", "months", "identified", "admissions", "admission_rate", "members_end", "source", "vetting"]
        return f"Flow model: {self.scenario.name}\n" + self.annual[cols].round(3).to_string(index=False)


def monthly_columns(rows: np.ndarray) -> dict[str, np.ndarray]:
    """The monthly table's columns from the months' records (``rows``, one a month, columns
    of :data:`~partysim.analysis.flow_steps.COLUMNS`); ``month`` and ``year`` whole."""
    col = {c: rows[:, k] for k, c in enumerate(COLUMNS)}
    col["month"], col["year"] = col["month"].astype(np.int64), col["year"].astype(np.int64)
    return col


def annual_columns(col: dict[str, np.ndarray], members_start: float) -> dict[str, Any]:
    """The annual table's columns (see :attr:`FlowResult.annual`) from the monthly ones
    (:func:`monthly_columns`) and the members at the start (people)."""
    years = col["year"]
    ends = np.flatnonzero(np.r_[years[1:] != years[:-1], True])
    starts = np.r_[0, ends[:-1] + 1]
    end = col["members"][ends]
    before = np.r_[members_start, end[:-1]]
    annual: dict[str, Any] = {"year": years[starts], "months": ends - starts + 1, "members_start": before}
    annual.update({f: np.add.reduceat(col[f], starts) for f in FLOWS})
    annual["members_end"] = end
    with np.errstate(divide="ignore", invalid="ignore"):
        annual["admission_rate"] = np.where(before != 0, annual["admissions"] / before, np.nan)
    annual.update({s: col[s][ends] for s in STOCKS})
    return annual
