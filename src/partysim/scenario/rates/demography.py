"""The ``demography`` block of a scenario: its parameters, each with a default, a range, a
unit and a description (``partysim params``)."""

from __future__ import annotations

from pydantic import Field, field_validator

from partysim.scenario.ages import ADULT_AGE_YEARS, UPPER_AGE_YEARS
from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Demography"]


class Demography(Section):
    """Deaths by age and the 60-year cut-off."""

    mortality: list[Number] = Field(
        default_factory=lambda: [0.001, 0.002, 0.005, 0.012, 0.03, 0.09],
        min_length=6,
        max_length=6,
        description="Annual death probability for ages <30, 30-44, 45-59, 60-69, 70-79, 80+ (per year).",
    )
    eligibility_min_age: Number = param(
        ADULT_AGE_YEARS,
        ADULT_AGE_YEARS,
        ADULT_AGE_YEARS,
        "years",
        "Youngest age for admission",
        "Tuổi tối thiểu được kết nạp",
        estimate=False,
    )
    eligibility_max_age: Number = param(
        UPPER_AGE_YEARS,
        UPPER_AGE_YEARS,
        UPPER_AGE_YEARS,
        "years",
        "Oldest age for admission (no exceptions modelled)",
        "Tuổi tối đa được kết nạp",
        estimate=False,
    )

    @field_validator("mortality")
    @classmethod
    def _rates(cls, v: list[Number]) -> list[Number]:
        if any(not 0 <= r <= 0.5 for r in v):
            raise ValueError("annual death probabilities must lie between 0 and 0.5")
        return v
