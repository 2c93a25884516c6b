"""Scenario files: the typed, validated description of one planner's question.

A scenario names the territory and its units (as a hierarchy that is data), the starting
population and members, the rates of every mechanism, the policy levers with schedules
over time, the targets and the horizon. Load one with :func:`load_scenario`; change one
with :meth:`Scenario.with_values`.

The blocks are declared in their own modules: :mod:`~partysim.scenario.territory`,
:mod:`~partysim.scenario.rates`, :mod:`~partysim.scenario.levers`,
:mod:`~partysim.scenario.targets` and :mod:`~partysim.scenario.study`.

Units: rates are *per year* unless the name says otherwise; durations are in *months*;
shares are fractions between 0 and 1.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from partysim.scenario.levers import LeverEffects, Levers
from partysim.scenario.loader import load_scenario_data
from partysim.scenario.messages import validate_data
from partysim.scenario.overrides import OVERRIDE_FILE, apply_values
from partysim.scenario.periods import parse_period, period_text
from partysim.scenario.rates import Demography, Employment, Migration, Outflow, Pipeline, Population
from partysim.scenario.section import Section
from partysim.scenario.source_map import SourceMap
from partysim.scenario.strict_numbers import Number, WholeNumber
from partysim.scenario.study import Calibration, Drivers, History, Sweep
from partysim.scenario.targets import Target
from partysim.scenario.territory import Territory

__all__ = ["Scenario", "load_scenario"]


class Scenario(Section):
    """One planner's question: territory, people, mechanisms, levers, targets, horizon."""

    name: str
    title: str = ""
    description: str = ""
    start: str
    end: str
    seed: WholeNumber = Field(1, ge=0, le=2**31 - 1)
    replications: WholeNumber = Field(50, ge=1, le=100_000)
    review_months: WholeNumber = Field(
        3, ge=1, le=6,
        description="Population-wide risks (deaths, leaving, returning, job changes, identification) are "
        "reviewed for each person every this many months, staggered by person, with the matching "
        "probability. 1 is exact monthly timing; 3 is three times faster with the same yearly rates.",
    )
    territory: Territory
    population: Population = Field(default_factory=Population)
    demography: Demography = Field(default_factory=Demography)
    migration: Migration = Field(default_factory=Migration)
    employment: Employment = Field(default_factory=Employment)
    pipeline: Pipeline = Field(default_factory=Pipeline)
    outflow: Outflow = Field(default_factory=Outflow)
    levers: Levers = Field(default_factory=Levers)
    effects: LeverEffects = Field(default_factory=LeverEffects)
    targets: list[Target] = Field(default_factory=list)
    history: History = Field(default_factory=History)
    sweep: Sweep | None = None
    drivers: Drivers = Field(default_factory=Drivers)
    calibration: Calibration | None = None
    pipeline_start: dict[str, Number] = Field(
        default_factory=dict,
        description="People already in the pipeline at the start, per member: source, class, certified, vetting, vote, probation.",
    )

    @field_validator("start", "end", mode="before")
    @classmethod
    def _period(cls, v: Any) -> str:
        return period_text(v)

    @field_validator("end")
    @classmethod
    def _after_start(cls, v: str, info: Any) -> str:
        start = info.data.get("start")
        if start is not None and v < start:
            raise ValueError(f"end {v} is before start {start}")
        return v

    @field_validator("pipeline_start")
    @classmethod
    def _pipeline_start(cls, v: dict[str, float]) -> dict[str, float]:
        allowed = {"source", "class", "certified", "vetting", "vote", "probation"}
        for k, x in v.items():
            if k not in allowed:
                raise ValueError(f"unknown stage {k!r}; expected one of {sorted(allowed)}")
            if not 0 <= x <= 1:
                raise ValueError(f"{k}: expected a share of members between 0 and 1, got {x}")
        return v

    # -- derived ---------------------------------------------------------------
    @property
    def start_ym(self) -> tuple[int, int]:
        """(year, month) of the first simulated month."""
        return parse_period(self.start)

    @property
    def months(self) -> int:
        """Number of simulated months, start and end inclusive."""
        (y0, m0), (y1, m1) = parse_period(self.start), parse_period(self.end)
        return (y1 - y0) * 12 + (m1 - m0) + 1

    def month_of(self, period: str | int) -> int:
        """Month index (0 = start) of a period ``YYYY`` or ``YYYY-MM``."""
        y, m = parse_period(period)
        y0, m0 = self.start_ym
        return (y - y0) * 12 + (m - m0)

    def sha256(self) -> str:
        """Content hash of the validated scenario (after extends and overrides)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    # -- changing ----------------------------------------------------------------
    def with_values(self, values: Mapping[str, Any]) -> Scenario:
        """A new validated scenario with the values at the given paths replaced.

        The one validated way to change a scenario: the same path syntax as ``--set``
        (``"levers.classes_per_year"``, ``"territory.units[0].count"``, a schedule step
        ``"levers.local_jobs.2023-07"``), the same checks as a file, and the same error
        messages (located at ``--set``). This scenario is not modified.

        Every value is re-validated from a plain copy (``model_dump()``), so defaults
        declared as whole numbers (e.g. ``demography.eligibility_min_age``) come back as
        floats: equal numbers, but :meth:`sha256` may differ from the same scenario
        loaded from a file.

        Args:
            values: Value by dotted path, in the unit of the field it sets (applied in
                order). Values are Python objects (numbers, text, lists, mappings).

        Returns:
            The new :class:`Scenario`.

        Raises:
            ScenarioError: A path that cannot be followed or a value the field refuses.
        """
        data = self.model_dump()
        sources = SourceMap(OVERRIDE_FILE)
        apply_values(data, sources, values)
        return validate_data(Scenario, data, sources)


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Read, merge (``extends:``), override (``--set``) and validate a scenario file.

    Args:
        path: The scenario YAML file.
        overrides: ``"dotted.path=value"`` strings, applied after ``extends``.

    Returns:
        The validated :class:`Scenario`.

    Raises:
        ScenarioError: One message naming the file, line, field and what was expected.
    """
    data, sources = load_scenario_data(path, overrides)
    return validate_data(Scenario, data, sources)
