"""``partysim init``: a scenario file from the planner's unit table.

The new file holds the territory of the table (levels, nodes, one unit template per row
with its ``count``, people, members, cells, quota and the pipeline counts of today), the
territory's past admissions per year (``history.admissions``), the run's months and, when
the quotas add up to something, one target: the sum of the quotas each year. Every
estimate (rates, effects, levers) is left at its documented default.

The first simulated month is ``--start`` when given; else, when the table gives pipeline
counts (people at each step today, from the registers), this month, because those counts
are taken as of the start; else the month after the table's last admissions figure; else
January of this year. :attr:`InitResult.start_reason` says which.

With a base scenario (``--base``) the new file ``extends:`` it and writes only
``territory`` and ``history`` (plus ``name``, ``start`` and ``end`` when asked): the base's
parameters, levers and targets stay. ``extends`` merges mappings field by field and
replaces lists whole, so the territory's ``levels``, ``nodes`` and ``units`` replace the
base's, while the base's history years that the table does not cover stay.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partysim.scenario.periods import parse_period
from partysim.scenario.schema import load_scenario
from partysim.scenario.sheets.history import SheetHistory, next_month, sheet_history
from partysim.scenario.sheets.unit_sheet import STAGE_KEYS, UnitRow, UnitSheet, read_unit_sheet
from partysim.scenario.sheets.unit_tree import build_territory
from partysim.scenario.territory import UnitTemplate

__all__ = ["START_REASONS", "InitRequest", "InitResult", "has_counts", "init_scenario_data"]

START_REASONS = ("given", "base", "counts", "history", "year")
"""Why the run starts when it does: ``--start``; the base scenario's start; this month (the
table gives pipeline counts); the month after the last admissions figure; January of this
year."""


@dataclass(frozen=True)
class InitRequest:
    """What ``partysim init`` was asked.

    Attributes:
        table: The planner's unit table (CSV or Excel).
        out: The scenario file to write (its folder anchors the ``extends`` path).
        sheet: Excel sheet name or 0-based position (default: the first).
        name: The scenario's ``name`` (default: the output file's name).
        start: First simulated month (default: with a base, the base's; when the table
            gives pipeline counts, the month of ``today``; else the month after the last
            admissions figure of the table; else January of ``this_year``).
        years: Years to simulate.
        base: A scenario file to extend.
        decimal: ``","`` or ``"."`` to state the table's number convention.
        this_year: The current year (for the default start without history).
        today: Today's date, for the default start when the table gives pipeline counts
            (default: ``datetime.date.today()``).
    """

    table: Path
    out: Path
    sheet: str | int | None = None
    name: str | None = None
    start: str | None = None
    years: int = 3
    base: Path | None = None
    decimal: str | None = None
    this_year: int = 2026
    today: dt.date | None = None


@dataclass(frozen=True)
class InitResult:
    """The new scenario's data and what the table held.

    Attributes:
        data: Plain scenario data, in the order of the file.
        sheet: The unit table as read.
        history: Its past admissions.
        title: The table's title (text above the header), or None.
        base_start: The base scenario's ``pipeline_start.method`` (None without a base).
        start: The first simulated month (``YYYY-MM``), whether written or the base's.
        start_reason: Why (one of :data:`START_REASONS`).
    """

    data: dict[str, Any]
    sheet: UnitSheet
    history: SheetHistory
    title: str | None
    base_start: str | None = None
    start: str | None = None
    start_reason: str = "given"


def _name(request: InitRequest) -> str:
    return request.name or request.out.stem


def has_counts(row: UnitRow) -> bool:
    """Whether a row gives any pipeline count (people at a step today)."""
    return any(k in row.fields.get("pipeline", {}) for k in STAGE_KEYS)


def _start(request: InitRequest, sheet: UnitSheet, history: SheetHistory, base: str | None) -> tuple[str, str]:
    """The first simulated month and why (see :data:`START_REASONS`)."""
    if request.start is not None:
        year, month = parse_period(request.start)
        return f"{year}-{month:02d}", "given"
    if base is not None:
        return base, "base"
    if any(has_counts(r) for r in sheet.rows):
        today = request.today or dt.date.today()
        return f"{today.year}-{today.month:02d}", "counts"
    if history.last is not None:
        return next_month(history.last), "history"
    return f"{request.this_year}-01", "year"


def _end(start: str, years: int) -> str:
    year, month = parse_period(start)
    last = year * 12 + month - 1 + 12 * years - 1
    return f"{last // 12}-{last % 12 + 1:02d}"


def _quota_target(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    total = 0.0
    for unit in units:
        tpl = UnitTemplate.model_validate(unit)
        with_party = getattr(tpl, "with_party", tpl.count)
        total += with_party * tpl.grassroots * tpl.quota
    if total <= 0:
        return []
    shown = f"{total:g}"
    return [
        {
            "name": {
                "vi": f"Tổng chỉ tiêu kết nạp: {shown} đảng viên mới/năm",
                "en": f"Sum of the quotas: {shown} admissions a year",
            },
            "kind": "admissions",
            "threshold": round(total, 6),
        }
    ]


def init_scenario_data(request: InitRequest) -> InitResult:
    """Read the unit table and build the new scenario's data.

    Args:
        request: See :class:`InitRequest`.

    Returns:
        The :class:`InitResult`.

    Raises:
        TableError: A problem in the table (one message naming the cell).
        ScenarioError: A base scenario that does not load.
        ValueError: A ``start`` that is not a period.
    """
    sheet = read_unit_sheet(request.table, sheet=request.sheet, decimal=request.decimal)
    history = sheet_history(sheet)
    title = sheet.table.title
    name = _name(request)
    roots = sorted({r.parents[0] for r in sheet.rows if r.parents})
    territory_name = roots[0] if len(roots) == 1 else (title or name)
    territory = build_territory(sheet, territory_name, top_name=title or name)
    data: dict[str, Any] = {}
    base_start = base_month = None
    if request.base is not None:
        base = load_scenario(request.base)
        base_start, base_month = getattr(base.pipeline_start, "method", "shares"), base.start
    start, reason = _start(request, sheet, history, base_month)
    if request.base is not None:
        data["extends"] = _relative(request.base, request.out)
        if request.name is not None:
            data["name"] = request.name
        if request.start is not None:
            data["start"], data["end"] = start, _end(start, request.years)
        del territory["name"]
    else:
        data["name"] = name
        data["title"] = title or territory_name
        data["start"], data["end"] = start, _end(start, request.years)
    data["territory"] = territory
    if history.years:
        data["history"] = {"admissions": {y: _whole(v) for y, v in history.years.items()}}
    if request.base is None:
        targets = _quota_target(territory["units"])
        if targets:
            data["targets"] = targets
    return InitResult(data, sheet, history, title, base_start, start, reason)


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _relative(base: Path, out: Path) -> str:
    rel = os.path.relpath(os.path.abspath(base), os.path.dirname(os.path.abspath(out)))
    return rel.replace(os.sep, "/")
