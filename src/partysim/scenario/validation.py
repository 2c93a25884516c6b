"""The ``validation`` block: published figures a scenario fits, and those it holds out.

A scenario states which published figures its tuned or calibrated values were chosen to
reproduce (``fitted``: their names, for the record; their checks are fits) and which
published figures it was *not* tuned to (``holdout``): those are predicted, with an
interval, and the prediction is judged inside or outside the published figure
(:mod:`partysim.analysis.holdout`, ``partysim holdout``). A held-out figure is a sum, a
yearly mean or an end-of-period value of a result column, or a share of one column in
another (``of``), for the territory or one node of its hierarchy::

    validation:
      fitted: ["2,360 admitted in 2023 (S5)"]
      holdout:
        - {name: "Kim Sơn: 20+ religious believers admitted in 2023", source: S5,
           variable: adm_religious, node: Kim Sơn, start: 2023, end: 2023, low: 21}
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from partysim.scenario.periods import parse_period, period_text
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["HeldOut", "Validation"]


class HeldOut(Section):
    """One published figure the scenario was not tuned or calibrated to.

    ``variable`` (and ``of``) are columns of the annual table (``admissions``,
    ``adm_<group>``, ``members_end``...) or, with ``node``, of the by-node table; with
    months in ``start``/``end`` (``YYYY-MM``) and no node, of the monthly table. The
    published figure is ``value``, or a range ``low``-``high`` ("more than 20": ``low: 21``).
    """

    name: str
    source: str = ""
    variable: str
    of: str | None = Field(None, description="Divide by this column (a share), summed the same way.")
    node: str | None = None
    start: str
    end: str
    stat: Literal["sum", "annual_mean", "last"] = "sum"
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _period(cls, v: Any) -> str:
        text = str(v).strip()
        if re.fullmatch(r"\d{4}", text):
            parse_period(text)  # checks the year
            return text
        return period_text(v)

    @property
    def by_month(self) -> bool:
        """Whether ``start`` and ``end`` are months (``YYYY-MM``) rather than years."""
        return "-" in self.start

    @model_validator(mode="after")
    def _published(self) -> HeldOut:
        if ("-" in self.start) != ("-" in self.end):
            raise ValueError("start and end are both years (2023) or both months (2023-06)")
        if self.value is None and self.low is None and self.high is None:
            raise ValueError("a held-out figure needs value, or low and/or high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self

    @property
    def published(self) -> tuple[float, float]:
        """The published figure as a closed range (a single value is a range of one point)."""
        if self.value is not None:
            return float(self.value), float(self.value)
        lo = float("-inf") if self.low is None else float(self.low)
        hi = float("inf") if self.high is None else float(self.high)
        return lo, hi


class Validation(Section):
    """Which published figures the scenario fits and which it holds out."""

    fitted: list[str] = Field(default_factory=list, description="Published figures the file's values were fitted to.")
    holdout: list[HeldOut] = Field(default_factory=list)
