"""Reading one scenario file: size limit, UTF-8 text, a mapping at the top level."""

from __future__ import annotations

import os
from typing import Any

from partysim.scenario.errors import ScenarioError
from partysim.scenario.safe_yaml import parse_yaml
from partysim.scenario.source_map import SourceMap

__all__ = ["MAX_FILE_BYTES", "load_one_file"]

#: Largest scenario file accepted, in bytes.
MAX_FILE_BYTES = 5 * 1024 * 1024


def _read_text(file: str) -> str:
    """Read a scenario file as text, with clear errors for common problems.

    Raises:
        ScenarioError: Missing, a directory, too large, unreadable or not UTF-8.
    """
    if not os.path.exists(file):
        raise ScenarioError(file, None, None, "an existing scenario file")
    if os.path.isdir(file):
        raise ScenarioError(file, None, None, "an existing scenario file", problem="is a directory")
    try:
        size = os.path.getsize(file)
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                file,
                None,
                None,
                f"a scenario file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                problem=f"file is too large ({size / (1024 * 1024):.1f} MB)",
            )
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(file, None, None, "a readable scenario file", problem=exc.strerror or str(exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(file, line, None, "UTF-8 encoded text", problem="not UTF-8 text") from None


def load_one_file(file: str) -> tuple[dict[Any, Any], SourceMap]:
    """Parse one scenario file (without resolving ``extends``).

    Returns:
        The file's plain data and the location of every value.

    Raises:
        ScenarioError: Missing, too large, unreadable or not UTF-8; not valid or not
            safe YAML (:func:`~partysim.scenario.safe_yaml.parse_yaml`); the top level
            is not a mapping.
    """
    text = _read_text(file)
    smap = SourceMap(file)
    data = parse_yaml(text, file, smap)
    if not isinstance(data, dict):
        first_item = smap.exact((0,)) if isinstance(data, list) else None
        line = first_item[1] if first_item else 1
        kind = "the file is empty" if data is None else f"got a {_kind(data)}"
        raise ScenarioError(
            file,
            line,
            None,
            "a mapping of 'field: value' lines at the top level",
            problem=f"top level is not a mapping ({kind})",
        )
    return data, smap


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "text value"
    return type(value).__name__
