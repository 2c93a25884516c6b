"""Safe loading of hand-edited scenario YAML files.

Scenario files are written by planners, so every problem with one must end up
as exactly one readable :class:`ScenarioError` that names the file, the line,
the field and what was expected. The CLI prints ``str(err)`` and exits 2.

Loading composes these steps, each in its own module:

* :mod:`~partysim.scenario.files` and :mod:`~partysim.scenario.safe_yaml`: read a
  file (size limit, UTF-8) and parse it safely into plain data, recording the
  line of every value in a :class:`SourceMap` (duplicate keys, unsafe tags, alias
  bombs and recursive aliases are refused: :mod:`~partysim.scenario.alias_guard`);
* :mod:`~partysim.scenario.extends`: resolve ``extends: base.yaml`` chains
  (mappings merge recursively, child wins; lists and scalars are replaced whole);
* :mod:`~partysim.scenario.overrides`: apply ``--set a.b[0].c=value`` overrides;
* :mod:`~partysim.scenario.messages`: :func:`validate_data` turns the first
  pydantic validation error into a located :class:`ScenarioError`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from partysim.scenario.errors import ScenarioError
from partysim.scenario.extends import load_with_extends
from partysim.scenario.messages import validate_data
from partysim.scenario.overrides import apply_override
from partysim.scenario.source_map import SourceMap

__all__ = ["ScenarioError", "SourceMap", "load_scenario_data", "validate_data"]


def load_scenario_data(path: str | Path, overrides: Sequence[str] = ()) -> tuple[dict[Any, Any], SourceMap]:
    """Read a scenario YAML file, resolve ``extends:`` and apply overrides.

    Args:
        path: The scenario file. Error messages quote it as given.
        overrides: ``--set`` strings such as ``"pipeline.vetting_median_months=4"``
            or ``"territory.units[0].count=5"``. Values are parsed as YAML.

    Returns:
        The merged plain data (dicts, lists, scalars; no ``extends`` key) and a
        :class:`SourceMap` locating every value.

    Raises:
        ScenarioError: For any problem with the file(s) or the overrides.
    """
    if isinstance(overrides, str):
        overrides = [overrides]
    data, smap = load_with_extends(os.fspath(path))
    for raw in overrides:
        apply_override(data, smap, raw)
    return data, smap
