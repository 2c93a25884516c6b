"""What the dashboard controls: one :class:`ControlSpec` per lever and uncertain parameter,
generated from the scenario's own parameter metadata, and how values go back into a
scenario.

Levers always get a control; other parameters only when they are estimates
(``estimate=True``: numbers the sources do not give). Each control belongs to one of the
planner's groups (:data:`GROUPS`); parameters declared without a group are placed by
their section and name (:data:`_FALLBACK`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partysim.scenario.parameters import ParamInfo, iter_params
from partysim.scenario.periods import parse_period
from partysim.scenario.schema import Scenario

GROUPS: tuple[str, ...] = ("sources", "classes", "enterprises", "migration", "retention")
"""Dashboard groups, in the order a planner reads them."""

_FALLBACK_BY_NAME: dict[str, str] = {
    "population.owner_share": "enterprises",
    "population.away_share": "migration",
    "population.member_away_share": "retention",
    "population.share_female_members": "retention",
    "population.relatives_elsewhere_share": "classes",
    "population.family_resists_share": "classes",
}
_FALLBACK_BY_SECTION: dict[str, str] = {
    "population": "sources",
    "demography": "retention",
    "migration": "migration",
    "employment": "enterprises",
    "pipeline": "classes",
    "outflow": "retention",
    "effects": "sources",
    "levers": "sources",
}
_COUNT_UNITS = {"classes per year", "adults per year", "seats", "members", "workers", "years"}
_PERCENT_UNITS = {"share 0-1", "level 0-1"}


@dataclass(frozen=True)
class ControlSpec:
    """One slider: which value it sets, its range and step, and how it reads.

    Attributes:
        path: Dotted path in the scenario, e.g. ``"levers.classes_per_year"``.
        lever: True for a policy lever, False for an uncertain parameter.
        value: Value in the scenario as loaded (for a schedule: its latest step).
        lo: Slider minimum (the parameter's lowest plausible value).
        hi: Slider maximum: the highest plausible value, capped for absolute levers at a
            practical range around the scenario's value (see :func:`slider_range`).
        step: Slider step (in ``unit``).
        unit: Unit in English, as declared.
        en: Label in English.
        vi: Label in Vietnamese.
        group: One of :data:`GROUPS`.
        period: For a lever given as a schedule: the period of the step the slider sets
            (its latest), else None.
        display: ``"percent"``, ``"integer"`` or ``"number"``: how the value is shown.
    """

    path: str
    lever: bool
    value: float
    lo: float
    hi: float
    step: float
    unit: str
    en: str
    vi: str
    group: str
    period: str | None
    display: str

    @property
    def decimals(self) -> int:
        """Decimals shown for the value (percent points for percent display)."""
        if self.display == "integer":
            return 0
        step = self.step * (100 if self.display == "percent" else 1)
        return max(0, min(4, -math.floor(math.log10(step)) if step < 1 else 0))


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) close to ``span / 100``."""
    if span <= 0:
        return 1.0
    raw = span / 100
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag * 1.0001:
            return m * mag
    return 10 * mag


def _nice_ceil(x: float) -> float:
    """Round ``x`` up to 1, 2 or 5 times a power of ten."""
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if x <= m * mag * 1.0001:
            return m * mag
    return 10 * mag


def slider_range(info: ParamInfo, value: float, lever: bool) -> tuple[float, float]:
    """Slider bounds: the declared plausible range; absolute-count levers are capped at a
    practical maximum (four times the scenario's value or the default, at least 2% of the
    declared maximum) so that a slider over 0-2,000 classes stays usable for a district.
    """
    lo, hi = float(info.lo), float(info.hi)
    if lever and info.unit in _COUNT_UNITS | {"per year"} and hi > 50:
        default = float(info.default) if isinstance(info.default, (int, float)) else 0.0
        cap = _nice_ceil(max(4 * value, 4 * default, 0.02 * hi, lo + 1))
        hi = min(hi, max(cap, value))
    return lo, hi


def _display(unit: str, lever: bool, hi: float) -> str:
    if unit in _PERCENT_UNITS or (unit == "per year" and hi <= 1):
        return "percent"
    if unit in _COUNT_UNITS or (lever and unit == "per year"):
        return "integer"
    return "number"


def _step(unit: str, display: str, lo: float, hi: float) -> float:
    if display == "integer":
        return 1.0
    if unit == "level 0-1":
        return 0.05
    return nice_step(hi - lo)


def _group(info: ParamInfo) -> str:
    if info.group in GROUPS:
        return info.group
    return _FALLBACK_BY_NAME.get(info.path) or _FALLBACK_BY_SECTION.get(info.path.split(".")[0], "sources")


def latest_step(value: Any) -> tuple[float, str | None]:
    """``(value, period)`` of a lever: a constant, or the latest step of a schedule."""
    if isinstance(value, Mapping):
        period = max(value, key=lambda k: parse_period(k))
        return float(value[period]), str(period)
    return float(value), None


def control_specs(scenario: Scenario) -> list[ControlSpec]:
    """One spec per lever and per uncertain (``estimate=True``) parameter, in declaration
    order; parameters whose range is a single value are left out."""
    out = []
    for info in iter_params(scenario):
        lever = info.path.startswith("levers.")
        if not (lever or info.estimate) or info.lo >= info.hi:
            continue
        value, period = latest_step(info.value)
        lo, hi = slider_range(info, value, lever)
        display = _display(info.unit, lever, hi)
        out.append(
            ControlSpec(
                path=info.path,
                lever=lever,
                value=value,
                lo=lo,
                hi=hi,
                step=_step(info.unit, display, lo, hi),
                unit=info.unit,
                en=info.en,
                vi=info.vi,
                group=_group(info),
                period=period,
                display=display,
            )
        )
    return out


def apply_values(scenario: Scenario, values: Mapping[str, float], specs: Mapping[str, ControlSpec]) -> Scenario:
    """A copy of ``scenario`` with the given control values set (validated).

    A lever given as a schedule keeps its earlier steps; the value replaces its latest
    step (the policy from that period on).

    Args:
        scenario: The scenario as loaded.
        values: Control value by dotted path.
        specs: Control specs by dotted path (made from ``scenario``).

    Returns:
        The new validated :class:`Scenario` (:meth:`Scenario.with_values`).

    Raises:
        ScenarioError: If a value is out of its declared range.
    """
    settings: dict[str, float] = {}
    for path, value in values.items():
        spec = specs.get(path)
        step = f".{spec.period}" if spec is not None and spec.period is not None else ""
        settings[path + step] = float(value)
    return scenario.with_values(settings)
