"""Safe parsing of one YAML document into plain data, with the line of every value.

Parsing uses :class:`yaml.SafeLoader` machinery only (compose, then build plain Python
values by hand), so no arbitrary object is ever constructed. Duplicate keys, YAML tags
other than the plain ones, complex keys and alias bombs are refused with a
:class:`~partysim.scenario.errors.ScenarioError`; every value's line is recorded in a
:class:`~partysim.scenario.source_map.SourceMap`.

Numbers read as they look: besides the YAML 1.1 forms, a plain (unquoted) number with
an exponent and no dot, such as ``1e-3`` or ``2E5``, is a number (YAML 1.2), not text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from partysim.scenario.alias_guard import check_alias_expansion
from partysim.scenario.errors import ScenarioError
from partysim.scenario.paths import DataPath, format_path
from partysim.scenario.source_map import SourceMap


def _libyaml_parser() -> Any:
    """libyaml's event parser (~5x faster than the pure-Python one), if PyYAML has it."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        return None
    return CParser


_CParser: Any = _libyaml_parser()

__all__ = ["parse_yaml"]

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_PLAIN_VALUES = "plain YAML values (mappings, lists, text, numbers, true/false)"
_EXPONENT_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$")


class _AliasTrackingComposer(Composer):
    """Composer that remembers the line where the first alias (``*name``) was used."""

    first_alias_line: int | None = None
    # Provided by the parser the loader is combined with.
    check_event: Callable[..., bool]
    peek_event: Callable[[], Any]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.first_alias_line is None and self.check_event(AliasEvent):
            self.first_alias_line = self.peek_event().start_mark.line + 1
        return super().compose_node(parent, index)


if _CParser is not None:

    class _ScenarioYamlLoader(_AliasTrackingComposer, _CParser, SafeConstructor, Resolver):
        """Safe loader: libyaml events, Python composer (for alias tracking), safe constructor."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - pure-Python PyYAML

    class _ScenarioYamlLoader(_AliasTrackingComposer, yaml.SafeLoader):  # type: ignore[no-redef]
        """Safe loader (pure Python) with alias tracking."""


_ScenarioYamlLoader.add_implicit_resolver(_FLOAT_TAG, _EXPONENT_NUMBER, list("-+0123456789."))


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _yaml_error(file: str, exc: yaml.YAMLError, field: str | None = None, text: str = "") -> ScenarioError:
    """Turn a PyYAML error into a located :class:`ScenarioError`.

    Args:
        file: The file, as shown in messages.
        exc: The PyYAML error.
        field: The field being parsed, if known.
        text: The document, to spot tab indentation on the offending line.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    lines = text.splitlines()
    bad_line = lines[line - 1] if line and line <= len(lines) else ""
    if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "\\t" in detail:
        detail += "; indent with spaces, not tabs"
    return ScenarioError(file, line, field, f"valid YAML ({detail})", problem="not valid YAML")


class _Builder:
    """Turn a composed YAML node graph into plain data plus a SourceMap."""

    def __init__(self, loader: _ScenarioYamlLoader, file: str, smap: SourceMap) -> None:
        self.loader = loader
        self.file = file
        self.smap = smap

    def build(self, node: Node, path: DataPath, smap: SourceMap | None = None) -> Any:
        """Build the value of ``node`` found at ``path``, recording locations in ``smap``."""
        smap = self.smap if smap is None else smap
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ_TAG, path)
            return self._sequence(node, path, smap)
        self._check_tag(node, _MAP_TAG, path)
        assert isinstance(node, MappingNode)
        return self._mapping(node, path, smap)

    def _check_tag(self, node: Node, tag: str, path: DataPath) -> None:
        if node.tag != tag:
            raise ScenarioError(
                self.file,
                _line(node),
                format_path(path) or None,
                _PLAIN_VALUES,
                problem=f"YAML tag {_short_tag(node.tag)!r} is not allowed",
            )

    def _scalar(self, node: ScalarNode, path: DataPath) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError) as exc:
            raise ScenarioError(
                self.file,
                _line(node),
                format_path(path) or None,
                f"a value matching its YAML tag {_short_tag(node.tag)!r} ({exc})",
                got=node.value,
            ) from None
        except yaml.YAMLError as exc:
            err = _yaml_error(self.file, exc, format_path(path) or None)
            err.problem = "unsupported YAML value"
            err.expected = _PLAIN_VALUES
            if "constructor for the tag" in str(exc):
                err.problem = f"YAML tag {_short_tag(node.tag)!r} is not allowed"
            raise err from None

    def _sequence(self, node: SequenceNode, path: DataPath, smap: SourceMap) -> list[Any]:
        items = []
        for index, child in enumerate(node.value):
            smap.record((*path, index), self.file, _line(child))
            items.append(self.build(child, (*path, index), smap))
        return items

    def _mapping(self, node: MappingNode, path: DataPath, smap: SourceMap) -> dict[Any, Any]:
        merges = [value for key, value in node.value if key.tag == _MERGE_TAG]
        inherited = self._merged_sources(merges, path) if merges else {}
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node, path)
            if key in seen:
                raise ScenarioError(
                    self.file,
                    _line(key_node),
                    format_path((*path, key)),
                    f"each key only once per mapping (already set on line {seen[key]})",
                    problem="duplicate key",
                )
            seen[key] = _line(key_node)
            child_path = (*path, key)
            smap.record(child_path, self.file, self._value_line(key_node, value_node))
            result[key] = self.build(value_node, child_path, smap)
        for key, (value, scratch) in inherited.items():
            if key not in result:
                smap.copy_subtree(scratch, (*path, key), value)
                result[key] = value
        return result

    @staticmethod
    def _value_line(key_node: Node, value_node: Node) -> int:
        if isinstance(value_node, ScalarNode) and value_node.value != "":
            return _line(value_node)
        return _line(key_node)

    def _key(self, key_node: Node, path: DataPath) -> Any:
        if not isinstance(key_node, ScalarNode):
            raise ScenarioError(
                self.file,
                _line(key_node),
                format_path(path) or None,
                "simple keys (text or numbers)",
                problem="complex mapping key",
            )
        return self._scalar(key_node, path)

    def _merged_sources(self, merges: list[Node], path: DataPath) -> dict[Any, tuple[Any, SourceMap]]:
        """Values from YAML merge keys (``<<: *base``), earlier sources winning.

        Returns:
            key -> (value, source map holding that value's locations).
        """
        sources: list[Node] = []
        for value in merges:
            sources.extend(value.value if isinstance(value, SequenceNode) else [value])
        result: dict[Any, tuple[Any, SourceMap]] = {}
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise ScenarioError(
                    self.file,
                    _line(source),
                    format_path(path) or None,
                    "a mapping (or list of mappings) after '<<'",
                    problem="bad YAML merge key",
                )
            scratch = SourceMap(self.file)
            data = self.build(source, path, scratch)
            for key, value in data.items():
                result[key] = (value, scratch)
        return result


def parse_yaml(text: str, file: str, smap: SourceMap, base_path: DataPath = ()) -> Any:
    """Safely parse one YAML document into plain data, recording locations.

    Args:
        text: The document.
        file: Its file name, as shown in messages.
        smap: Receives the line of every value.
        base_path: Where the document's value sits in the scenario (for messages).

    Returns:
        Plain data (dicts, lists, scalars), or ``None`` for an empty document.

    Raises:
        ScenarioError: Invalid YAML, unsafe or unsupported content, alias bombs.
    """
    loader = _ScenarioYamlLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        check_alias_expansion(file, root, loader.first_alias_line)
        return _Builder(loader, file, smap).build(root, base_path)
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc, format_path(base_path) or None, text) from None
    except RecursionError:
        raise ScenarioError(
            file,
            None,
            format_path(base_path) or None,
            "a scenario nested less deeply",
            problem="YAML nested too deeply",
        ) from None
    finally:
        loader.dispose()
