"""What each lever costs, for ``partysim require`` to pick the cheapest combination.

A cost is per unit of a lever, in the planner's own money unit, e.g. 45 million VND per
awareness class (``classes_per_year``) or 1.2 million VND per adult in remedial classes
(``remedial_per_year``). The cost of a setting is ``sum(cost x value)`` over the levers
searched: linear, as a planner's budget line is. Costs are the planner's figures, not the
model's: nothing in the simulation reads them.

::

    lever_costs:
      unit: million VND
      per_unit: {classes_per_year: 45, seats_per_class: 0.5}
"""

from __future__ import annotations

import math

from pydantic import Field, field_validator

from partysim.scenario.levers import Levers
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["WHOLE_LEVERS", "LeverCosts"]

WHOLE_LEVERS: tuple[str, ...] = ("classes_per_year", "seats_per_class", "remedial_per_year", "new_party_orgs_per_year")
"""Levers that count things (classes, seats, people, organisations): set in whole numbers
when a setting is searched for; every other lever is a level or share 0-1."""


class LeverCosts(Section):
    """Cost per unit of each lever, in ``unit`` (the planner's money unit)."""

    unit: str = Field("", description="Money unit of the costs, e.g. 'million VND'.")
    per_unit: dict[str, Number] = Field(
        default_factory=dict, description="Cost of one unit of each lever, e.g. {classes_per_year: 45}."
    )

    @field_validator("per_unit")
    @classmethod
    def _known_levers(cls, v: dict[str, float]) -> dict[str, float]:
        names = list(Levers.model_fields)
        for name, cost in v.items():
            if name not in names:
                raise ValueError(f"{name}: not a lever; levers: {', '.join(names)}")
            if not math.isfinite(cost) or cost < 0:
                raise ValueError(f"{name}: expected a cost of 0 or more per unit, got {cost}")
        return v
