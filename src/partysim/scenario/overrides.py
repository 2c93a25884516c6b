"""Setting values inside scenario data by dotted path: ``--set a.b[0].c=value``.

The same path syntax serves the command line (``--set`` strings, values parsed as
YAML) and Python (:meth:`partysim.scenario.schema.Scenario.with_values`, values given
as Python objects). A path is mapping keys joined by dots, with list indices either
as ``[0]`` or as a dotted number (``territory.units[0].count`` or
``territory.units.0.count``). Values set this way are located at the pseudo file
``--set`` in error messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from partysim.scenario.errors import ScenarioError
from partysim.scenario.paths import DataPath, format_path, walk
from partysim.scenario.safe_yaml import parse_yaml
from partysim.scenario.source_map import SourceMap

__all__ = ["OVERRIDE_FILE", "apply_override", "apply_values", "parse_override", "path_tokens"]

#: Pseudo file name used for values coming from ``--set`` overrides.
OVERRIDE_FILE = "--set"

_SEGMENT_RE = re.compile(r"^([^\[\]]*)((?:\[\d+\])*)$")
_PATH_HINT = "a dotted path such as 'pipeline.vetting_median_months' or 'territory.units[0].count'"


def path_tokens(path_text: str) -> list[str | int]:
    """``"a.b[0].c"`` / ``"a.b.0.c"`` -> ``["a", "b", 0, "c"]`` (dotted digits stay text).

    Raises:
        ScenarioError: A path with an empty part (``a..b``) or starting with an index.
    """
    tokens: list[str | int] = []
    for segment in path_text.split("."):
        match = _SEGMENT_RE.match(segment.strip())
        name, indices = (match.group(1), match.group(2)) if match else ("", "")
        if not name and (not indices or not tokens):
            raise ScenarioError(OVERRIDE_FILE, None, path_text, f"path=value with {_PATH_HINT}", got=path_text)
        if name:
            tokens.append(name)
        tokens.extend(int(i) for i in re.findall(r"\d+", indices))
    return tokens


def _parse_override(raw: str) -> tuple[str, list[str | int], str]:
    """Split ``path=value`` into (path text, path tokens, value text)."""
    if "=" not in raw:
        raise ScenarioError(OVERRIDE_FILE, None, raw.strip() or None, "path=value", problem="missing '='", got=raw)
    path_text, value_text = raw.split("=", 1)
    path_text = path_text.strip()
    if not path_text:
        raise ScenarioError(OVERRIDE_FILE, None, None, "path=value", problem="empty path", got=raw)
    return path_text, path_tokens(path_text), value_text


def _refuse_extends(tokens: list[str | int], got: str) -> None:
    if tokens[0] == "extends":
        raise ScenarioError(
            OVERRIDE_FILE, None, "extends", "a scenario field ('extends' cannot be overridden)", got=got
        )


def _parse_override_value(value_text: str, field: str) -> Any:
    scratch = SourceMap(OVERRIDE_FILE)
    try:
        value = parse_yaml(value_text, OVERRIDE_FILE, scratch) if value_text.strip() else None
    except ScenarioError as err:
        raise ScenarioError(
            OVERRIDE_FILE, None, field, f"a YAML value after '=' ({err.expected})", got=value_text
        ) from None
    return value


def _dict_key(container: dict[Any, Any], token: str | int) -> Any:
    """Pick the existing key matching ``token`` (text or integer form)."""
    text = str(token)
    if text.isdigit():
        for candidate in (int(text), text):
            if candidate in container:
                return candidate
    return text


def _step_into(container: Any, token: str | int, done: DataPath, field: str) -> Any:
    """Key/index to use for ``token`` inside ``container`` (located at ``done``)."""
    if isinstance(container, dict):
        return _dict_key(container, token)
    if isinstance(container, list):
        if not str(token).isdigit():
            raise ScenarioError(
                OVERRIDE_FILE,
                None,
                field,
                f"a list index at '{format_path(done)}' (it is a list), e.g. {format_path(done)}[0]",
                got=token,
            )
        index = int(token)
        if index >= len(container):
            bound = f"0 to {len(container) - 1}" if container else "none; the list is empty"
            raise ScenarioError(
                OVERRIDE_FILE,
                None,
                field,
                f"a list index that exists at '{format_path(done)}' (valid: {bound})",
                got=index,
            )
        return index
    raise ScenarioError(
        OVERRIDE_FILE,
        None,
        field,
        f"'{format_path(done)}' to be a mapping or list so that '{field}' can be set inside it",
        got=container,
    )


def _assign(data: dict[Any, Any], smap: SourceMap, path_text: str, tokens: list[str | int], value: Any) -> None:
    """Set ``value`` at ``tokens`` in place (missing mappings are created) and locate it."""
    node: Any = data
    done: DataPath = ()
    for position, token in enumerate(tokens):
        key = _step_into(node, token, done, path_text)
        done = (*done, key)
        if position == len(tokens) - 1:
            node[key] = value
            break
        if isinstance(node, dict) and node.get(key) is None:
            node[key] = {}
            smap.drop_subtree(done)
            smap.record(done, OVERRIDE_FILE, None)
        node = node[key]
    smap.drop_subtree(done)
    smap.record(done, OVERRIDE_FILE, None)
    for sub_path, _ in walk(value):
        smap.record(done + sub_path, OVERRIDE_FILE, None)


def apply_override(data: dict[Any, Any], smap: SourceMap, raw: str) -> None:
    """Apply one ``--set path=value`` override to plain scenario data, in place.

    Args:
        data: Plain scenario data (as loaded, before validation).
        smap: Its source map; the value set is located at ``--set``.
        raw: ``"path=value"``; the value is parsed as YAML.

    Raises:
        ScenarioError: A malformed override, a path that cannot be followed, or a
            value that is not valid YAML.
    """
    path_text, tokens, value_text = _parse_override(raw)
    _refuse_extends(tokens, raw)
    value = _parse_override_value(value_text, path_text)
    _assign(data, smap, path_text, tokens, value)


def parse_override(raw: str) -> tuple[str, Any]:
    """``"path=value"`` as (path text, value parsed as YAML), with the checks of :func:`apply_override`.

    Raises:
        ScenarioError: A malformed override or a value that is not valid YAML.
    """
    path_text, tokens, value_text = _parse_override(raw)
    _refuse_extends(tokens, raw)
    return path_text, _parse_override_value(value_text, path_text)


def apply_values(data: dict[Any, Any], smap: SourceMap, values: Mapping[str, Any]) -> None:
    """Set Python values at dotted paths in plain scenario data, in place.

    Args:
        data: Plain scenario data (e.g. a validated scenario's ``model_dump()``).
        smap: Its source map; every value set is located at ``--set``.
        values: Value by path, in the syntax of ``--set`` (applied in order).

    Raises:
        ScenarioError: A malformed path or one that cannot be followed, with the
            same messages as ``--set``.
    """
    for path, value in values.items():
        path_text = path.strip()
        tokens = path_tokens(path_text)
        _refuse_extends(tokens, path)
        _assign(data, smap, path_text, tokens, value)
