"""``extends: base.yaml``: a scenario file inherits another.

The chain is followed to its end and merged from the base up: mappings merge
recursively (the child wins), lists and scalars are replaced whole. The ``extends``
path is relative to the file that names it. Every merged value keeps the file and
line where it was written.
"""

from __future__ import annotations

import os
from typing import Any

from partysim.scenario.errors import ScenarioError
from partysim.scenario.files import load_one_file
from partysim.scenario.paths import DataPath
from partysim.scenario.source_map import SourceMap

__all__ = ["load_with_extends"]


def _extends_target(file: str, data: dict[Any, Any], smap: SourceMap) -> tuple[str, int | None] | None:
    """Pop and check the ``extends`` key; return (base file path, line) or None."""
    if "extends" not in data:
        return None
    value = data.pop("extends")
    _, line = smap.locate(("extends",))
    smap.drop_subtree(("extends",))
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(
            file, line, "extends", "the name of a base scenario file, e.g. 'extends: base.yaml'", got=value
        )
    target = os.path.normpath(os.path.join(os.path.dirname(file), value.strip()))
    return target, line


def load_with_extends(file: str, chain: tuple[tuple[str, str], ...] = ()) -> tuple[dict[Any, Any], SourceMap]:
    """Load ``file`` and, recursively, the files it extends; merge them.

    Args:
        file: The file to load (path as it should appear in messages).
        chain: (real path, shown path) of the files that led here, for cycles.

    Returns:
        The merged plain data (no ``extends`` key) and the location of every value.

    Raises:
        ScenarioError: A bad file, a bad ``extends`` value, a missing base file or a
            cycle of ``extends``.
    """
    data, smap = load_one_file(file)
    found = _extends_target(file, data, smap)
    if found is None:
        return data, smap
    target, line = found
    chain = (*chain, (os.path.realpath(file), file))
    reals = [real for real, _ in chain]
    if os.path.realpath(target) in reals:
        start = reals.index(os.path.realpath(target))
        names = " -> ".join([shown for _, shown in chain[start:]] + [target])
        raise ScenarioError(
            file, line, "extends", f"a chain of 'extends' without cycles ({names})", problem="'extends' cycle"
        )
    if not os.path.isfile(target):
        raise ScenarioError(file, line, "extends", f"an existing scenario file ({target} not found)")
    base, base_map = load_with_extends(target, chain)
    merged_map = SourceMap(file)
    merged_map.files = [file, *base_map.files]
    merged = _merge(base, data, (), base_map, smap, merged_map)
    return merged, merged_map


def _merge(base: Any, child: Any, path: DataPath, base_map: SourceMap, child_map: SourceMap, out: SourceMap) -> Any:
    """Merge ``child`` over ``base``: mappings recursively, everything else replaced."""
    if not (isinstance(base, dict) and isinstance(child, dict)):
        out.copy_subtree(child_map, path, child)
        return child
    loc = child_map.exact(path)
    if loc is not None:
        out.record(path, *loc)
    merged: dict[Any, Any] = {}
    for key, value in base.items():
        if key in child:
            merged[key] = _merge(value, child[key], (*path, key), base_map, child_map, out)
        else:
            out.copy_subtree(base_map, (*path, key), value)
            merged[key] = value
    for key, value in child.items():
        if key not in base:
            out.copy_subtree(child_map, (*path, key), value)
            merged[key] = value
    return merged
