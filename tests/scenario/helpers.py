"""Shared by the scenario loader tests: tiny models standing in for the real schema, a
base file, and helpers to write and load scenario files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partysim.scenario.loader import load_scenario_data, validate_data


class Pipeline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vetting_median_months: float = Field(3.0, ge=0.5, le=24, description="months")
    pass_rate: float = Field(0.8, ge=0, le=1)

    @field_validator("pass_rate")
    @classmethod
    def _not_exactly_zero(cls, value: float) -> float:
        if value == 0:
            raise ValueError("pass_rate of exactly 0 means nobody is ever admitted")
        return value


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    count: int = Field(ge=0)


class Territory(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[Unit] = []

    @model_validator(mode="after")
    def _unique_names(self) -> Territory:
        names = [unit.name for unit in self.units]
        if len(set(names)) != len(names):
            raise ValueError("units: each unit needs its own name")
        return self


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    seed: int = 0
    pipeline: Pipeline = Pipeline()
    territory: Territory = Territory()
    growth: dict[int, float] = {}


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write dedented YAML text to tmp_path/name and return the path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load_and_validate(path: Path, overrides: tuple[str, ...] = ()) -> Scenario:
    data, sources = load_scenario_data(path, overrides)
    return validate_data(Scenario, data, sources)


BASE = """
name: base
seed: 1
pipeline:
  vetting_median_months: 6
  pass_rate: 0.7
territory:
  units:
    - name: north
      count: 10
    - name: south
      count: 20
"""
