"""Paths to values inside plain scenario data.

A path is a tuple of mapping keys and list indices, e.g.
``("territory", "units", 2, "count")``; it is shown to planners as
``"territory.units[2].count"`` (see :func:`format_path`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["NO_KEY", "DataPath", "child", "children", "data_key", "format_path", "node_at", "walk"]

DataPath = tuple[Any, ...]
"""A path into plain scenario data: mapping keys and list indices."""

NO_KEY: Any = object()
"""Returned by :func:`data_key` when the data holds no such key or index."""


def format_path(path: Sequence[Any], data: Any = None) -> str:
    """``("a", "units", 2, "count")`` -> ``"a.units[2].count"``.

    Args:
        path: The path.
        data: When given, integers are shown as ``[i]`` only where the data holds a
            list (so an integer dict key such as 2022 prints as ``rates.2022``).

    Returns:
        The dotted text (empty for the empty path).
    """
    text = ""
    node = data
    for item in path:
        is_index = isinstance(node, list) if data is not None else isinstance(item, int)
        if is_index and not isinstance(item, bool):
            text += f"[{item}]"
        else:
            text += f".{item}" if text else str(item)
        node = child(node, item)
    return text


def data_key(node: Any, item: Any) -> Any:
    """The key or index of ``node`` that ``item`` refers to, or :data:`NO_KEY`.

    Tolerates text/integer mismatches (YAML ``2022:`` vs. a validator that turned
    keys into ``"2022"``).
    """
    if isinstance(node, dict):
        for candidate in (item, str(item), int(item) if str(item).isdigit() else NO_KEY):
            if candidate is not NO_KEY and candidate in node:
                return candidate
        return NO_KEY
    if isinstance(node, list) and isinstance(item, int) and not isinstance(item, bool):
        return item if 0 <= item < len(node) else NO_KEY
    return NO_KEY


def child(node: Any, item: Any) -> Any:
    """The value of ``node`` at key or index ``item``, or ``None``."""
    key = data_key(node, item)
    return None if key is NO_KEY else node[key]


def node_at(data: Any, path: DataPath) -> Any:
    """The value at ``path`` inside ``data``, or ``None``."""
    node = data
    for item in path:
        node = child(node, item)
    return node


def children(value: Any) -> list[tuple[Any, Any]]:
    """``(key, value)`` of a mapping, ``(index, item)`` of a list, else nothing."""
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return []


def walk(value: Any, path: DataPath = ()) -> list[tuple[DataPath, Any]]:
    """Every ``(path, value)`` below ``value`` (depth first, ``value`` itself excluded)."""
    found: list[tuple[DataPath, Any]] = []
    for key, item in children(value):
        found.append(((*path, key), item))
        found.extend(walk(item, (*path, key)))
    return found
