"""The starting state: who stands at each stage of the pipeline on the first day.

Three ways, as planners know them (``pipeline_start:`` in a scenario file):

* ``method: spinup`` (the default): the people already in the pipeline are not known. The
  model runs ``spinup_years`` years before the start under the settings in force at the
  start (every lever at its first value), from an empty pipeline, and the stages it ends
  with, unit by unit, are the starting pipeline. Members, cells and units are the file's
  own; only the pipeline comes from the spin-up.
* ``method: counts``: registers give the number of people at each stage today, for the
  whole territory (``counts:``) and/or per unit (``pipeline:`` of a unit template, which
  wins for its units). Stages not given are filled by a spin-up, unless ``spinup: false``.
* ``method: shares``: hand-set shares of members at each stage (``shares:``), the old way.

A plain mapping of stage to share (``pipeline_start: {source: 0.02, ...}``) is read as
``method: shares``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["START_STAGES", "PipelineStart", "check_stage_counts"]

START_STAGES: tuple[str, ...] = ("source", "class", "certified", "vetting", "vote", "probation")
"""Stages a starting count can name: on the source list, in an awareness class, certified
(waiting for a dossier), dossier and vetting, awaiting the cell vote or approval, and
probationary members (part of the members, not added to them)."""


def check_stage_counts(v: dict[str, float], what: str) -> dict[str, float]:
    """Refuse unknown stages and negative counts (``what`` names the kind of number)."""
    for k, x in v.items():
        if k not in START_STAGES:
            raise ValueError(f"unknown stage {k!r}; expected one of {list(START_STAGES)}")
        if x < 0:
            raise ValueError(f"{k}: expected {what} of at least 0, got {x}")
    return v


class PipelineStart(Section):
    """How the pipeline is filled at the start (see the module notes)."""

    method: Literal["spinup", "counts", "shares"] = "spinup"
    spinup: bool = Field(True, description="Fill stages that are not given by a spin-up (method counts).")
    spinup_years: Number = Field(
        3.0,
        ge=1,
        le=10,
        description="Years simulated before the start to fill the pipeline (the pipeline runs 16-30 months "
        "from class to full member; 3 years is past that).",
    )
    counts: dict[str, Number] = Field(
        default_factory=dict, description="People at each stage on the first day, whole territory (exact)."
    )
    shares: dict[str, Number] = Field(
        default_factory=dict, description="People at each stage per member (method shares)."
    )

    @model_validator(mode="before")
    @classmethod
    def _plain_shares(cls, data: Any) -> Any:
        if isinstance(data, dict) and data and set(data) <= set(START_STAGES):
            return {"method": "shares", "shares": data}
        return data

    @field_validator("counts")
    @classmethod
    def _counts(cls, v: dict[str, float]) -> dict[str, float]:
        return check_stage_counts(v, "a number of people")

    @field_validator("shares")
    @classmethod
    def _shares(cls, v: dict[str, float]) -> dict[str, float]:
        check_stage_counts(v, "a share of members")
        for k, x in v.items():
            if x > 1:
                raise ValueError(f"{k}: expected a share of members between 0 and 1, got {x}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> PipelineStart:
        if self.method == "shares" and self.counts:
            raise ValueError("method shares takes shares:, not counts:")
        if self.method == "counts" and self.shares:
            raise ValueError("method counts takes counts:, not shares:")
        return self
