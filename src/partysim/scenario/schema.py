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

from pydantic import Field, PrivateAttr, field_validator

from partysim.scenario.bilingual import BilingualText
from partysim.scenario.lever_costs import LeverCosts
from partysim.scenario.levers import LeverEffects, Levers
from partysim.scenario.loader import ScenarioError, load_scenario_data
from partysim.scenario.messages import validate_data
from partysim.scenario.overrides import OVERRIDE_FILE, apply_values, parse_override
from partysim.scenario.periods import parse_period, period_text
from partysim.scenario.rates import (
    Composition,
    Demography,
    Employment,
    Migration,
    Outflow,
    Pipeline,
    Population,
    Schooling,
)
from partysim.scenario.section import Section
from partysim.scenario.source_map import SourceMap
from partysim.scenario.start import PipelineStart
from partysim.scenario.strict_numbers import WholeNumber
from partysim.scenario.study import Calibration, Drivers, History, Sweep
from partysim.scenario.targets import Target
from partysim.scenario.territory import Territory
from partysim.scenario.validation import Validation
from partysim.scenario.variant import Override, merge_overrides, value_at, variant_name

__all__ = ["Scenario", "load_scenario"]


class Scenario(Section):
    """One planner's question: territory, people, mechanisms, levers, targets, horizon."""

    name: str
    title: BilingualText = BilingualText("")
    description: BilingualText = BilingualText("")
    start: str
    end: str
    seed: WholeNumber = Field(1, ge=0, le=2**31 - 1)
    replications: WholeNumber = Field(50, ge=1, le=100_000)
    review_months: WholeNumber = Field(
        3,
        ge=1,
        le=6,
        description="Population-wide risks (deaths, leaving, returning, job changes, identification) are "
        "reviewed for each person every this many months, staggered by person, with the matching "
        "probability. 1 is exact monthly timing; 3 is three times faster with the same yearly rates.",
    )
    territory: Territory
    population: Population = Field(default_factory=Population)
    schooling: Schooling = Field(default_factory=Schooling)
    composition: Composition = Field(default_factory=Composition)
    demography: Demography = Field(default_factory=Demography)
    migration: Migration = Field(default_factory=Migration)
    employment: Employment = Field(default_factory=Employment)
    pipeline: Pipeline = Field(default_factory=Pipeline)
    outflow: Outflow = Field(default_factory=Outflow)
    levers: Levers = Field(default_factory=Levers)
    effects: LeverEffects = Field(default_factory=LeverEffects)
    lever_costs: LeverCosts | None = None
    targets: list[Target] = Field(default_factory=list)
    history: History = Field(default_factory=History)
    sweep: Sweep | None = None
    drivers: Drivers = Field(default_factory=Drivers)
    calibration: Calibration | None = None
    validation: Validation = Field(default_factory=Validation)
    pipeline_start: PipelineStart = Field(default_factory=lambda: PipelineStart.model_validate({}))

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

    _overrides: tuple[Override, ...] = PrivateAttr(default=())

    # -- derived ---------------------------------------------------------------
    @property
    def overrides(self) -> tuple[Override, ...]:
        """What was changed against the file (``--set``, the dashboard, a sweep), in order."""
        return self._overrides

    @property
    def variant_name(self) -> str:
        """``name``, followed by the changes if any (``name__classes_per_year-8``)."""
        return variant_name(self.name, self._overrides)

    def with_overrides(self, overrides: Sequence[Override]) -> Scenario:
        """This scenario (same values) recording ``overrides`` after the ones it has."""
        out = self.model_copy()
        out._overrides = merge_overrides(self._overrides, overrides)
        return out

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
        data = self.model_dump(mode="json")
        if data.get("lever_costs") is None:  # optional block added later: old hashes stay valid
            data.pop("lever_costs", None)
        if isinstance(data.get("calibration"), dict):  # a pointer to results fitted on this content
            data["calibration"].pop("posterior", None)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
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
        changes = [Override(p.strip(), v, value_at(data, p.strip())) for p, v in values.items()]
        sources = SourceMap(OVERRIDE_FILE)
        apply_values(data, sources, values)
        new = validate_data(Scenario, data, sources)
        return new.with_overrides([*self._overrides, *_validated(changes, new)])


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
    scenario = validate_data(Scenario, data, sources)
    if isinstance(overrides, str):
        overrides = [overrides]
    if not overrides:
        return scenario
    base_data, base_sources = load_scenario_data(path)
    try:
        base = validate_data(Scenario, base_data, base_sources).model_dump()
    except ScenarioError:  # the file is valid only with the overrides
        base = base_data
    parsed = [parse_override(raw) for raw in overrides]
    return scenario.with_overrides(_validated([Override(p, v, value_at(base, p)) for p, v in parsed], scenario))


def _validated(changes: Sequence[Override], scenario: Scenario) -> list[Override]:
    """The changes with their values as validated (``8`` -> ``8.0``, schedules as mappings)."""
    data = scenario.model_dump()
    return [Override(o.path, value_at(data, o.path), o.original) for o in changes]
