"""Writing a scenario as a file a planner reads and edits: YAML, one unit per line.

The layout follows the shipped scenarios: plain values first, the territory with its
levels on one line and one line per node and per unit template, the history as one
mapping per figure, one line per target. Vietnamese text is written as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

__all__ = ["flow", "render_scenario"]


def flow(value: Any) -> str:
    """One value in YAML flow style on one line: ``{name: Xã A, count: 2}``, ``[a, b]``, ``12``."""
    text = yaml.safe_dump(
        [_plain(value)], default_flow_style=True, allow_unicode=True, sort_keys=False, width=2**31 - 1
    )
    return text.strip()[1:-1].strip()


def _plain(value: Any) -> Any:
    """Whole floats as ints, other values as they are (recursively)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _block(key: str, value: Any, indent: str = "") -> list[str]:
    """``key:`` followed by the value's fields, one per line (mappings), or items (lists)."""
    if isinstance(value, dict) and value:
        lines = [f"{indent}{key}:"]
        for k, v in value.items():
            lines.append(f"{indent}  {flow(k)}: {flow(v)}")
        return lines
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"{indent}{key}:"] + [f"{indent}  - {flow(v)}" for v in value]
    return [f"{indent}{key}: {flow(value)}"]


def _territory(value: dict[str, Any]) -> list[str]:
    lines = ["territory:"]
    for k, v in value.items():
        if k in ("nodes", "units"):
            lines += _block(k, v, "  ") if v else [f"  {k}: []"]
        else:
            lines.append(f"  {k}: {flow(v)}")
    return lines


def render_scenario(
    data: dict[str, Any], header: Sequence[str] = (), after: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The text of a scenario file.

    Args:
        data: The scenario's plain data, in the order the fields should appear.
        header: Comment lines for the top of the file (without ``#``).
        after: Comment lines to write after a top-level field (without ``#``).

    Returns:
        YAML text that reads back as ``data``.
    """
    lines = [f"# {h}".rstrip() for h in header]
    for key, value in data.items():
        if key == "territory":
            lines += _territory(value)
        elif key in ("history", "targets"):
            lines += _block(key, value)
        else:
            lines.append(f"{key}: {flow(value)}")
        lines += [f"# {c}".rstrip() for c in (after or {}).get(key, ())]
    return "\n".join(lines) + "\n"
