"""What was changed: the overrides a scenario carries, and the variant's name.

A scenario changed with ``--set``, by the dashboard or by a sweep is a *variant* of its
file. It remembers every change as an :class:`Override` (path, value, original value) so
that every output can say what was changed (titles, footers, briefs, ``summary.json``);
the overrides are not part of the content hash (the changed values are).

The variant's name is the file's ``name`` followed by the changes, safe for a folder or
file name: ``huong_son_2018_2022__classes_per_year-8``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from partysim.scenario.overrides import path_tokens

__all__ = ["MAX_NAME", "NOT_CHANGES", "Override", "merge_overrides", "value_at", "variant_name", "variant_slug"]

MAX_NAME = 100
"""Longest variant name (characters); longer ones end with a short hash."""

_UNSAFE = re.compile(r"[^A-Za-z0-9.+-]+")


@dataclass(frozen=True)
class Override:
    """One changed value.

    Attributes:
        path: Dotted path as for ``--set`` (``"levers.classes_per_year"``).
        value: The new value (parameter units, as validated data).
        original: The value before the change (``None`` where the path had none).
    """

    path: str
    value: Any
    original: Any = None

    def to_dict(self) -> dict[str, Any]:
        """``{"path", "value", "original"}`` for ``summary.json``."""
        return {"path": self.path, "value": _plain(self.value), "original": _plain(self.original)}


def _plain(value: Any) -> Any:
    """JSON-safe plain data (mappings with text keys)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _key(container: Mapping[Any, Any], token: str | int) -> Any:
    text = str(token)
    for candidate in (token, text, int(text) if text.isdigit() else None):
        if candidate is not None and candidate in container:
            return candidate
    return None


def value_at(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` in plain data, or ``None`` if there is none."""
    node = data
    for token in path_tokens(path):
        if isinstance(node, Mapping):
            key = _key(node, token)
            if key is None:
                return None
            node = node[key]
        elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _same(a: Any, b: Any) -> bool:
    return json.dumps(_plain(a), sort_keys=True, default=str) == json.dumps(_plain(b), sort_keys=True, default=str)


NOT_CHANGES: frozenset[str] = frozenset({"sweep", "calibration"})
"""Top-level blocks whose change does not change what one run simulates (not recorded)."""


def merge_overrides(previous: Iterable[Override], new: Iterable[Override]) -> tuple[Override, ...]:
    """``previous`` changes followed by ``new`` ones: a path changed twice keeps its first
    original and its last value; a path set back to its original is no longer a change;
    changes of :data:`NOT_CHANGES` blocks are not recorded."""
    merged: dict[str, Override] = {o.path: o for o in previous}
    for o in new:
        if str(path_tokens(o.path)[0]) in NOT_CHANGES:
            continue
        first = merged.get(o.path)
        original = first.original if first is not None else o.original
        merged.pop(o.path, None)
        if not _same(o.value, original):
            merged[o.path] = Override(o.path, o.value, original)
    return tuple(merged.values())


def _value_slug(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float, str, bool)):
        text = _UNSAFE.sub("_", f"{value:g}" if isinstance(value, float) else str(value)).strip("_")
        if text and len(text) <= 16:
            return text
    blob = json.dumps(_plain(value), sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:8]


def _path_slug(path: str) -> str:
    tokens = [str(t) for t in path_tokens(path)]
    if len(tokens) > 1:
        tokens = tokens[1:]  # "levers.classes_per_year" -> "classes_per_year"
    return _UNSAFE.sub("_", "_".join(tokens)).strip("_")


def variant_slug(overrides: Iterable[Override]) -> str:
    """``"classes_per_year-8__seats_per_class-25"``: the changes, safe in a file name."""
    return "__".join(f"{_path_slug(o.path)}-{_value_slug(o.value)}" for o in overrides)


def variant_name(name: str, overrides: Iterable[Override]) -> str:
    """``name`` followed by the changes (``name__path-value``), at most :data:`MAX_NAME` characters."""
    slug = variant_slug(overrides)
    if not slug:
        return name
    full = f"{name}__{slug}"
    if len(full) <= MAX_NAME:
        return full
    digest = hashlib.sha256(full.encode()).hexdigest()[:8]
    return f"{full[: MAX_NAME - 10]}__{digest}"
