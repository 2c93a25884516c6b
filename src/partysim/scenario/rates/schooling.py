"""The ``schooling`` block of a scenario: the highest schooling of inhabitants, workers
and members beyond the lower-secondary (THCS) diploma.

Who has the diploma at all is ``population.lower_secondary_share`` (and
``primary_share`` below it), the rule's concern. Beyond it, published compositions of new
members count upper secondary (THPT), college or intermediate vocational, university and
postgraduate: the weights below are the shares of those levels **among adults who hold
the THCS diploma**, in the order lower secondary only, upper secondary, college or
intermediate, university, postgraduate. Defaults are from the 2019 Population and Housing
Census (docs/domain.md, "Schooling", [S6]); members' from the party's published
statistics ([S7]); each is a list, so it is not varied by the priors.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Schooling"]

_LEVELS = "lower secondary only, upper secondary, college or intermediate, university, postgraduate"


def _weights(default: list[float], who: str) -> list[Number]:
    return Field(
        default_factory=lambda: list(default),
        min_length=5,
        max_length=5,
        description=f"Highest schooling of {who} who hold the lower-secondary diploma: {_LEVELS} (relative weights).",
    )


class Schooling(Section):
    """Highest schooling beyond the lower-secondary diploma, by area, workplace and age."""

    rural: list[Number] = _weights([0.52, 0.33, 0.08, 0.065, 0.005], "adults of rural and mountain communes")
    urban: list[Number] = _weights([0.30, 0.35, 0.11, 0.21, 0.03], "adults of wards and urban communes")
    staff: list[Number] = _weights([0.01, 0.06, 0.18, 0.65, 0.10], "staff of agencies and schools")
    workers: list[Number] = _weights([0.30, 0.45, 0.13, 0.11, 0.01], "workers of enterprises")
    members: list[Number] = _weights([0.15, 0.25, 0.15, 0.40, 0.05], "party members at the start")
    age_factors: list[Number] = Field(
        default_factory=lambda: [1.6, 1.6, 1.3, 0.9, 0.6],
        min_length=5,
        max_length=5,
        description="Odds of schooling beyond lower secondary by age band 16-17 (their final level), 18-24, "
        "25-34, 35-44, 45-60, relative to the area's weights (younger cohorts stayed longer at school).",
    )
    women_factor: Number = param(
        1.0,
        0.5,
        2.0,
        "odds ratio",
        "Odds that a woman has schooling beyond lower secondary, relative to a man of the same age and area",
        "Hệ số (tỷ số chênh) nữ có trình độ trên THCS so với nam cùng tuổi, cùng địa bàn",
    )

    @field_validator("rural", "urban", "staff", "workers", "members", "age_factors")
    @classmethod
    def _non_negative(cls, v: list[Number]) -> list[Number]:
        if any(w < 0 for w in v) or sum(v) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return v
