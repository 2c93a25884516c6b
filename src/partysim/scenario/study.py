"""What a scenario asks besides one run: history, drivers, calibration and sweeps.

``history`` holds known annual figures; ``drivers`` feed outside series (with their
forecasts) into the simulation; ``calibration`` says which estimated parameters to fit
to which observed figures; ``sweep`` lists the points to run besides the scenario itself.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from partysim.scenario.periods import parse_period, period_text
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number, WholeNumber

__all__ = ["Calibration", "Driver", "Drivers", "History", "Moment", "Sweep", "SweepRange"]


class History(Section):
    """Known history (recorded figures, by calendar year). Optional.

    ``admissions`` (people in that year), ``admissions_average`` (a recorded average per
    year over several years, by span: ``{"2016-2020": 5980}``; charts draw it as an average,
    not as yearly figures), ``members`` (on 31 December of a year, or at the end of a month
    given as ``YYYY-MM``: ``{2017-11: 413}``), ``outflow`` (people leaving the rolls per
    year), ``certificates`` (awareness-class certificates per year).
    """

    admissions: dict[int, Number] = Field(default_factory=dict)
    admissions_average: dict[str, Number] = Field(
        default_factory=dict, description='Average admissions per year over a span of years, e.g. {"2016-2020": 5980}.'
    )
    members: dict[int | str, Number] = Field(default_factory=dict)
    outflow: dict[int, Number] = Field(default_factory=dict)
    certificates: dict[int, Number] = Field(default_factory=dict)

    @field_validator("admissions_average", mode="before")
    @classmethod
    def _spans(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            return v
        return {_span_key(k): x for k, x in v.items()}

    @field_validator("members", mode="before")
    @classmethod
    def _stock_dates(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            return v
        return {_stock_key(k): x for k, x in v.items()}

    def average_spans(self) -> list[tuple[int, int, float]]:
        """``(first year, last year, average per year)`` of each recorded average, in time order."""
        out = []
        for key, value in self.admissions_average.items():
            first, _, last = key.partition("-")
            out.append((int(first), int(last), float(value)))
        return sorted(out)

    def member_points(self) -> list[tuple[int, int, float]]:
        """``(year, month, members)`` of each recorded membership (month 12 for a year), in time order."""
        out = []
        for key, value in self.members.items():
            year, month = (key, 12) if isinstance(key, int) else parse_period(key)
            out.append((int(year), int(month), float(value)))
        return sorted(out)


def _span_key(key: Any) -> str:
    """``"2016-2020"`` (or one year ``2020``) as ``"2016-2020"``; raises ValueError otherwise."""
    text = str(key).strip()
    first, sep, last = text.partition("-")
    if not first.isdigit() or (sep and not last.isdigit()) or len(first) != 4 or (sep and len(last) != 4):
        raise ValueError(f'admissions_average: a span of years such as "2016-2020", got {text!r}')
    last = last or first
    if int(last) < int(first):
        raise ValueError(f"admissions_average: the span {text!r} ends before it starts")
    return f"{first}-{last}"


def _stock_key(key: Any) -> int | str:
    """A year (31 December) stays a year; ``YYYY-MM`` is checked and kept as text."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    text = str(key).strip()
    if text.isdigit():
        return int(text)
    try:
        return period_text(text)
    except (TypeError, ValueError):
        raise ValueError(f"members: a year or a month YYYY-MM, got {text!r}") from None


class Driver(Section):
    """An outside driver of the simulation with a known annual history.

    ``forecast``: each replication follows one simulated path of the statistical forecast
    of ``history``; the driver's effect is the path relative to the last observed value.
    ``fixed``: the driver stays at its last observed value (no effect beyond the scenario's
    own parameters).
    """

    history: dict[int, Number] = Field(min_length=1)
    mode: Literal["forecast", "fixed"] = "forecast"

    @field_validator("history")
    @classmethod
    def _positive(cls, v: dict[int, float]) -> dict[int, float]:
        if any(x <= 0 for x in v.values()):
            raise ValueError("driver history values must be positive")
        return v


class Drivers(Section):
    """Drivers fed into the simulation (multipliers per simulated year).

    - ``youth_population``: youths coming of age (scales ``population.cohort_rate``).
    - ``out_migration``: out-migration (scales ``migration.leave_rate``).
    - ``enterprise_employment``: enterprise jobs (scales workplace sizes, hence hiring).
    """

    youth_population: Driver | None = None
    out_migration: Driver | None = None
    enterprise_employment: Driver | None = None


class Moment(Section):
    """One observed figure the simulation is fitted to (see :mod:`partysim.analysis.calibration`).

    ``variable`` is a column of the monthly table (e.g. ``admissions``, ``members``,
    ``certificates``, ``class_entries``, ``transfers_in``). ``stat``: ``sum`` over the
    months from ``start`` to ``end`` (inclusive), ``annual_mean`` (that sum per year), or
    ``last`` (the value in month ``end``, for stocks such as ``members``).
    """

    name: str = ""
    variable: str
    start: str
    end: str
    stat: Literal["sum", "annual_mean", "last"] = "sum"
    value: Number
    weight: Number = Field(1.0, ge=0)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _period(cls, v: Any) -> str:
        return period_text(v)


class Calibration(Section):
    """What ``partysim calibrate`` fits, and to what."""

    parameters: list[str] = Field(min_length=1, description="Dotted paths of the estimated parameters to fit.")
    moments: list[Moment] = Field(min_length=1)
    replications: WholeNumber = Field(
        8, ge=1, le=1000, description="Replications per evaluation (common random numbers)."
    )
    max_evaluations: WholeNumber = Field(60, ge=5, le=5000)
    posterior: str | None = Field(
        None,
        description="posterior_sets.csv written by `partysim calibrate --ensemble` for this file, relative to "
        "the file: `partysim run` and `partysim holdout` judge over its weighted sets instead of the priors.",
    )


class SweepRange(Section):
    """A range to sample in a Latin hypercube (defaults: the parameter's plausible range)."""

    low: Number | None = None
    high: Number | None = None


class Sweep(Section):
    """Points to run besides the scenario itself: a grid or a Latin hypercube.

    ``parameters`` maps dotted paths (as for ``--set``) to a list of values (grid) or a
    range ``{low, high}`` (Latin hypercube; an empty mapping means the parameter's own
    plausible range).
    """

    method: Literal["grid", "lhs"] = "grid"
    samples: WholeNumber = Field(16, ge=1, le=100_000, description="Points of a Latin hypercube.")
    seed: WholeNumber = Field(0, ge=0, le=2**31 - 1, description="Seed of the Latin hypercube design.")
    parameters: dict[str, list[Number] | SweepRange] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Sweep:
        for path, spec in self.parameters.items():
            if self.method == "grid" and not isinstance(spec, list):
                raise ValueError(f"{path}: a grid sweep needs a list of values")
            if isinstance(spec, list) and not spec:
                raise ValueError(f"{path}: the list of values is empty")
        return self
