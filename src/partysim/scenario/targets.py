"""Targets a planner is measured against."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from partysim.scenario.bilingual import BilingualText
from partysim.scenario.groups import GROUPS, GroupName
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number, WholeNumber

__all__ = ["FRACTION_KINDS", "Target"]

FRACTION_KINDS = frozenset({"admission_rate", "composition", "grassroots_quota_share", "cell_quota_share"})
"""Target kinds whose threshold and values are fractions (0.03 = 3%)."""


class Target(Section):
    """A target the planner is measured against.

    ``name`` may be plain text or ``{vi: ..., en: ...}`` (:class:`~partysim.scenario.bilingual.BilingualText`).
    """

    name: BilingualText
    kind: Literal[
        "admissions", "admission_rate", "net_growth", "composition", "grassroots_quota_share", "cell_quota_share"
    ]
    threshold: Number
    years: list[WholeNumber] | None = None
    group: GroupName | None = None

    @model_validator(mode="after")
    def _group(self) -> Target:
        if self.kind == "composition" and self.group is None:
            raise ValueError(f"a composition target needs group: {', '.join(GROUPS)}")
        if self.kind in FRACTION_KINDS and not 0 <= self.threshold <= 1:
            raise ValueError(f"a {self.kind} threshold is a fraction between 0 and 1 (3% is 0.03)")
        return self
