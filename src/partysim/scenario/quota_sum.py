"""Do the grassroots organisations' quotas add up to the territory's quota?

A unit template declares ``quota``: admissions a year asked of each of its grassroots
organisations (GOs). The GOs that exist are the residential units' (communes, wards:
every unit) and the workplaces with a party organisation (``with_party``), each with
``grassroots`` GOs (at least one). Their quotas summed over the territory should equal
the territory's own quota, the threshold of an ``admissions`` target without a group;
:func:`quota_mismatches` lists the targets they do not add up to (quotas do not drive
the simulation: a mismatch is a warning, not an error).
"""

from __future__ import annotations

from dataclasses import dataclass

from partysim.scenario.schema import Scenario
from partysim.scenario.territory import UnitTemplate

__all__ = ["QuotaMismatch", "declared_grassroots", "quota_mismatches", "unit_quota_total"]


def declared_grassroots(tpl: UnitTemplate) -> int:
    """GOs of template ``tpl`` at the start: units with a party organisation times
    ``grassroots`` (at least one per unit, as the model builds them)."""
    units = tpl.count if tpl.kind in ("commune", "ward") else tpl.with_party
    return int(units) * max(int(tpl.grassroots), 1)


def unit_quota_total(scenario: Scenario) -> float:
    """Sum of every GO's ``quota`` in the territory (admissions a year)."""
    return float(sum(declared_grassroots(t) * t.quota for t in scenario.territory.units))


@dataclass(frozen=True)
class QuotaMismatch:
    """The GOs' quotas against one territory target.

    Attributes:
        target: The target's name (as written; may be ``{vi, en}``).
        threshold: The target's threshold (admissions a year).
        unit_total: The GOs' quotas summed (admissions a year).
    """

    target: object
    threshold: float
    unit_total: float


def quota_mismatches(scenario: Scenario, tolerance: float = 0.5) -> list[QuotaMismatch]:
    """``admissions`` targets (no group) whose threshold the GOs' quotas do not add up to.

    Nothing when no unit declares a quota.

    Args:
        scenario: The validated scenario.
        tolerance: Largest difference taken as adding up (admissions a year).
    """
    total = unit_quota_total(scenario)
    if total <= 0:
        return []
    return [
        QuotaMismatch(t.name, float(t.threshold), total)
        for t in scenario.targets
        if t.kind == "admissions" and t.group is None and abs(float(t.threshold) - total) > tolerance
    ]
