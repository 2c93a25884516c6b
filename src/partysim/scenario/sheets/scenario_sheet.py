"""A scenario's territory as a filled unit table (``partysim sheet``), and the blank
template (``partysim template``).

One row per unit template, with its ``count``; the ``parent`` column holds the chain of
upper nodes from the top (``Ninh Bình > Kim Sơn``) and ``parent_level`` their levels, so
that ``partysim init`` rebuilds the same levels, nodes and units. Columns that every unit
leaves at its default are left out (except the template's own columns).
"""

from __future__ import annotations

from typing import Any

from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.unit_sheet import STAGE_KEYS, UNIT_KEYS
from partysim.scenario.sheets.unit_tree import default_unit_level
from partysim.scenario.sheets.writer import SheetColumn
from partysim.scenario.territory import Territory, UnitTemplate

__all__ = ["TEMPLATE_KEYS", "scenario_rows", "template_columns"]

TEMPLATE_KEYS: tuple[str, ...] = (
    "name",
    "parent",
    "kind",
    "area",
    "hardship_area",
    "ownership",
    "count",
    "people",
    "full_members",
    "probationary",
    "cells",
    "quota",
    *STAGE_KEYS,
)
"""Columns of the blank template (the others are optional; see the instructions sheet)."""

_ALWAYS = ("name", "kind", "area", "count", "people", "full_members", "probationary", "cells", "quota", *STAGE_KEYS)
_HANDLED = {"name", "parent", "level", "members", "pipeline"}


def template_columns(history: list[TablePeriod]) -> list[SheetColumn]:
    """The blank template's columns, with one admissions column per period of ``history``."""
    return [SheetColumn(k) for k in TEMPLATE_KEYS] + [SheetColumn("admissions", p) for p in history]


def _chain(territory: Territory, parent: str | None) -> tuple[list[str], list[str]]:
    nodes = {n.name: n for n in territory.nodes}
    names: list[str] = []
    levels: list[str] = []
    while parent is not None and parent in nodes and parent not in names:
        names.insert(0, parent)
        levels.insert(0, nodes[parent].level)
        parent = nodes[parent].parent
    return names, levels


def _row(territory: Territory, tpl: UnitTemplate) -> dict[str, Any]:
    names, levels = _chain(territory, tpl.parent)
    row: dict[str, Any] = {k: getattr(tpl, k) for k in UnitTemplate.model_fields if k not in _HANDLED}
    row["name"] = tpl.name
    if names:
        row["parent"] = " > ".join(names)
        row["parent_level"] = " > ".join(levels)
    row["level"] = tpl.level
    pipeline = dict(getattr(tpl, "pipeline", None) or {})
    probation = pipeline.pop("probation", None)
    if not (tpl.members == 0 and getattr(tpl, "members_total", None) is not None):
        row["full_members"] = tpl.members - (probation or 0)
    row["probationary"] = probation
    row.update({k: pipeline.get(k) for k in STAGE_KEYS})
    return row


def _differs(key: str, rows: list[dict[str, Any]], templates: list[UnitTemplate]) -> bool:
    if key in ("parent", "parent_level"):
        return any(key in r for r in rows)
    if key == "level":
        return any(t.level != default_unit_level(t.kind) for t in templates)
    if key == "ownership":
        return any(r.get(key) not in (None, "none") for r in rows)
    if key == "members":
        return False
    info = UnitTemplate.model_fields.get(key)
    default = None if info is None or info.is_required() else info.default
    return any(r.get(key) is not None and r.get(key) != default for r in rows)


def _shown(key: str, value: Any) -> Any:
    """The value as written in the table: blank where an optional column holds its default."""
    info = UnitTemplate.model_fields.get(key)
    if key in _ALWAYS or info is None or info.is_required() or info.default is None:
        return value
    return None if value == info.default else value


def scenario_rows(scenario: Scenario) -> tuple[list[SheetColumn], list[dict[SheetColumn, Any]]]:
    """The scenario's unit templates as the columns and rows of a unit table."""
    territory = scenario.territory
    plain = [_row(territory, t) for t in territory.units]
    extras = [k for k in UnitTemplate.model_fields if k not in UNIT_KEYS and k not in _HANDLED]
    keys = [k for k in (*UNIT_KEYS, *extras) if k in _ALWAYS or _differs(k, plain, list(territory.units))]
    columns = [SheetColumn(k) for k in keys]
    rows = [{c: _shown(c.key, r.get(c.key)) for c in columns} for r in plain]
    return columns, rows
