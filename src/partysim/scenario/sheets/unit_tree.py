"""The territory of a unit table: levels, upper nodes and unit templates.

The ``parent`` column names each unit's upper node, or its chain of upper nodes, top
first (``Tỉnh X > Xã Y``). The distinct names become the territory's nodes; a node's
parent is the name before it in a chain. A node's level is the row's ``parent_level``
when given, else what its name announces (``Huyện ...`` is a district, ``Khối ...`` a
bloc, ``Xã ...`` or ``Đảng bộ xã ...`` a commune, ``Tỉnh ...`` a province), else
``upper``. When the nodes have more than one top, a top node joins them; units without
a parent sit under the top node (when there are nodes at all). The levels, top to
bottom, are the nodes' levels by depth, then the units' levels (``commune`` for
communes and wards, ``grassroots`` for workplaces, unless the row says), then ``cell``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partysim.scenario.sheets.errors import TableError, say
from partysim.scenario.sheets.unit_sheet import UnitRow, UnitSheet
from partysim.scenario.sheets.words import level_of_node_name
from partysim.scenario.territory import UnitTemplate

__all__ = ["FALLBACK_LEVEL", "build_territory", "default_unit_level"]

#: Level of a node whose level is neither given nor announced by its name.
FALLBACK_LEVEL = "upper"

_UNIT_LEVEL_ORDER = ("commune", "grassroots")

#: Unit fields written even at their default (the template's own columns).
_ALWAYS_WRITTEN = frozenset({"kind", "area", "count", "people", "members", "cells", "quota", "pipeline"})


def default_unit_level(kind: str) -> str:
    """``commune`` for communes and wards, ``grassroots`` for enterprises, schools and agencies."""
    return "commune" if kind in ("commune", "ward") else "grassroots"


@dataclass
class _Node:
    name: str
    row: int
    parent: str | None = None
    level: str | None = None


def build_territory(sheet: UnitSheet, name: str, top_name: str) -> dict[str, Any]:
    """The ``territory:`` block of a unit table.

    Args:
        sheet: The rows read.
        name: The territory's name.
        top_name: Name of the top node, if one has to be added to join several tops.

    Returns:
        Plain data: ``{"name", "levels", "nodes", "units"}``.

    Raises:
        TableError: A parent that is also a unit's name; a node given two different
            parents or levels; parents that form a cycle.
    """
    nodes = _collect_nodes(sheet)
    roots = [n for n in nodes.values() if n.parent is None]
    top: str | None = roots[0].name if len(roots) == 1 else None
    if len(roots) > 1:
        top = _unique(top_name, nodes)
        used = {n.level or level_of_node_name(n.name) for n in roots}
        nodes[top] = _Node(top, -1, level="top" if "province" in used else "province")
        for n in roots:
            n.parent = top
    for n in nodes.values():
        n.level = n.level or level_of_node_name(n.name) or FALLBACK_LEVEL
    units = [_unit(r, top) for r in sheet.rows]
    node_list = _ordered(nodes)
    return {
        "name": name,
        "levels": _levels(node_list, nodes, units),
        "nodes": [_node_data(n) for n in node_list],
        "units": units,
    }


def _unique(name: str, nodes: dict[str, _Node]) -> str:
    out, k = name, 2
    while out in nodes:
        out, k = f"{name} ({k})", k + 1
    return out


def _collect_nodes(sheet: UnitSheet) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    unit_rows = {r.fields["name"]: r.row for r in sheet.rows}
    for r in sheet.rows:
        for i, name in enumerate(r.parents):
            if name in unit_rows:
                at = unit_rows[name] + 1
                raise _error(
                    sheet,
                    r,
                    "parent",
                    say(
                        f"an upper node, not a unit: '{name}' is the unit on row {at}; give both the same parent "
                        "(e.g. 'Đảng bộ xã ...')",
                        f"một đơn vị cấp trên, không phải một đơn vị: '{name}' là đơn vị ở dòng {at}; ghi cùng một "
                        "đơn vị cấp trên cho cả hai (ví dụ 'Đảng bộ xã ...')",
                    ),
                    name,
                )
            node = nodes.setdefault(name, _Node(name, r.row))
            parent = r.parents[i - 1] if i > 0 else None
            if parent is not None:
                if node.parent not in (None, parent):
                    at = node.row + 1
                    raise _error(
                        sheet,
                        r,
                        "parent",
                        say(
                            f"one parent for '{name}' ('{node.parent}' on row {at})",
                            f"một cấp trên cho '{name}' ('{node.parent}' ở dòng {at})",
                        ),
                        " > ".join(r.parents),
                    )
                node.parent = parent
            level = r.parent_levels[i]
            if level is not None:
                if node.level not in (None, level):
                    raise _error(
                        sheet,
                        r,
                        "parent_level",
                        say(
                            f"one level for '{name}' ('{node.level}' elsewhere)",
                            f"một cấp cho '{name}' ('{node.level}' ở dòng khác)",
                        ),
                        level,
                    )
                node.level = level
    _check_cycles(sheet, nodes)
    return nodes


def _check_cycles(sheet: UnitSheet, nodes: dict[str, _Node]) -> None:
    for start in nodes.values():
        seen: set[str] = set()
        cur: str | None = start.name
        while cur is not None:
            if cur in seen:
                row = next(r for r in sheet.rows if start.name in r.parents)
                raise _error(
                    sheet,
                    row,
                    "parent",
                    say(
                        f"parents without a cycle (the chain returns to '{cur}')",
                        f"các cấp trên không vòng lặp (chuỗi quay lại '{cur}')",
                    ),
                    " > ".join(row.parents),
                )
            seen.add(cur)
            cur = nodes[cur].parent


def _error(sheet: UnitSheet, r: UnitRow, key: str, expected: str, got: Any) -> TableError:
    return sheet.table.error(r.row, sheet.column(key), expected, field=key, got=got)


def _unit(r: UnitRow, top: str | None) -> dict[str, Any]:
    fields = dict(r.fields)
    level = fields.pop("level", None) or default_unit_level(fields.get("kind", "commune"))
    head: dict[str, Any] = {"name": fields.pop("name")}
    parent = r.parents[-1] if r.parents else top
    if parent is not None:
        head["parent"] = parent
    head["level"] = level
    order = list(UnitTemplate.model_fields)
    kept = {k: v for k, v in fields.items() if k in _ALWAYS_WRITTEN or v != _default(k)}
    return head | {k: kept[k] for k in sorted(kept, key=order.index)}


def _default(key: str) -> Any:
    """A unit field's default, or a marker equal to nothing when it has none (or it is None)."""
    info = UnitTemplate.model_fields[key]
    default = None if info.is_required() else info.default
    return object() if default is None else default


def _ordered(nodes: dict[str, _Node]) -> list[_Node]:
    """Nodes top first (each after its parent), otherwise in the order of the rows."""
    out: list[_Node] = []

    def visit(n: _Node) -> None:
        if n not in out:
            if n.parent is not None:
                visit(nodes[n.parent])
            out.append(n)

    for n in sorted(nodes.values(), key=lambda n: (_depth(n, nodes), n.row)):
        visit(n)
    return out


def _depth(n: _Node, nodes: dict[str, _Node]) -> int:
    depth = 0
    while n.parent is not None:
        n, depth = nodes[n.parent], depth + 1
    return depth


def _node_data(n: _Node) -> dict[str, Any]:
    out: dict[str, Any] = {"name": n.name, "level": n.level}
    if n.parent is not None:
        out["parent"] = n.parent
    return out


def _levels(node_list: list[_Node], nodes: dict[str, _Node], units: list[dict[str, Any]]) -> list[str]:
    levels: list[str] = []
    for n in sorted(node_list, key=lambda n: _depth(n, nodes)):
        if n.level is not None and n.level not in levels:
            levels.append(n.level)
    unit_levels = sorted(
        {u["level"] for u in units}, key=lambda lv: (_UNIT_LEVEL_ORDER.index(lv) if lv in _UNIT_LEVEL_ORDER else 2, lv)
    )
    levels += [lv for lv in unit_levels if lv not in levels]
    return [*levels, "cell"] if "cell" not in levels else levels
