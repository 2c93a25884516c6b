"""Safe loading of hand-edited scenario YAML files.

Scenario files are written by planners, so every problem with one must end up
as exactly one readable :class:`ScenarioError` that names the file, the line,
the field and what was expected. The CLI prints ``str(err)`` and exits 2.

The loader:

* parses with :class:`yaml.SafeLoader` machinery only (compose, then build
  plain Python values by hand), so no arbitrary object is ever constructed;
* rejects duplicate keys, exponential alias expansion ("billion laughs"),
  recursive aliases, oversized files and non-mapping documents;
* resolves ``extends: base.yaml`` chains (mappings merge recursively, child
  wins; lists and scalars are replaced whole);
* applies ``--set a.b[0].c=value`` overrides;
* keeps a :class:`SourceMap` recording the file and line where every value
  was written, which :func:`validate_data` uses to turn the first pydantic
  validation error into a :class:`ScenarioError`.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:  # libyaml's event parser is ~5x faster than the pure-Python one.
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _CParser = None

__all__ = [
    "MAX_EXPANDED_NODES",
    "MAX_FILE_BYTES",
    "OVERRIDE_FILE",
    "ScenarioError",
    "SourceMap",
    "load_scenario_data",
    "validate_data",
]

#: Largest scenario file accepted, in bytes.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Most YAML nodes that alias expansion (``*name``) may add to one document.
MAX_EXPANDED_NODES = 100_000
#: Pseudo file name used for values coming from ``--set`` overrides.
OVERRIDE_FILE = "--set"

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_UNSET: Any = object()

PathT = tuple[Any, ...]
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


# --------------------------------------------------------------------------
# Error type
# --------------------------------------------------------------------------


class ScenarioError(Exception):
    """One user-facing error in a scenario file.

    Attributes:
        file: Path of the offending file as given, or ``"--set"`` for
            command-line overrides.
        line: 1-based line number, or ``None`` if unknown.
        field: Dotted field path such as ``"territory.units[2].count"``, or
            ``None`` when the problem is not about one field.
        expected: What was expected, in plain words.
        problem: Optional short description of what is wrong (e.g.
            ``"unknown field"``), printed before ``expected``.
        got: The offending value, or ``ScenarioError.NO_VALUE`` if not shown.
        verbatim: When true, ``expected`` is a complete message of its own (a
            validator's ``ValueError`` text) and is printed without the
            ``"expected "`` prefix.
    """

    NO_VALUE: Any = _UNSET

    def __init__(
        self,
        file: str,
        line: int | None,
        field: str | None,
        expected: str,
        *,
        problem: str | None = None,
        got: Any = _UNSET,
        verbatim: bool = False,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.expected = expected
        self.problem = problem
        self.got = got
        self.verbatim = verbatim
        super().__init__(self.__str__())

    @property
    def has_got(self) -> bool:
        """Whether an offending value is attached."""
        return self.got is not _UNSET

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(f"field '{self.field}'")
        body = self.expected if self.verbatim else f"expected {self.expected}"
        if self.problem:
            body = f"{self.problem}; {body}"
        if self.has_got:
            body += f", got {_short_repr(self.got)}"
        parts.append(body)
        return ": ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_error,
            (self.file, self.line, self.field, self.expected, self.problem, self.got, self.verbatim),
        )


def _rebuild_error(
    file: str,
    line: int | None,
    field: str | None,
    expected: str,
    problem: str | None,
    got: Any,
    verbatim: bool,
) -> ScenarioError:
    return ScenarioError(file, line, field, expected, problem=problem, got=got, verbatim=verbatim)


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------
# Source map
# --------------------------------------------------------------------------


def _norm(path: Sequence[Any]) -> tuple[str, ...]:
    """Normalise a path so that list index 2, key 2 and key '2' compare equal."""
    return tuple(str(p) for p in path)


class SourceMap:
    """Where every value of a loaded scenario was written.

    Paths are tuples of mapping keys and list indices, e.g.
    ``("territory", "units", 2, "count")``.

    Attributes:
        files: Every scenario file read, the top-level file first.
    """

    def __init__(self, root_file: str) -> None:
        self._locs: dict[tuple[str, ...], tuple[str, int | None]] = {(): (root_file, None)}
        self.files: list[str] = [root_file]

    def record(self, path: Sequence[Any], file: str, line: int | None) -> None:
        """Record that the value at ``path`` was written at ``file:line``."""
        self._locs[_norm(path)] = (file, line)

    def exact(self, path: Sequence[Any]) -> tuple[str, int | None] | None:
        """Location recorded for exactly ``path``, or ``None``."""
        return self._locs.get(_norm(path))

    def locate(self, path: tuple[str | int, ...]) -> tuple[str, int | None]:
        """Return ``(file, line)`` where the value at ``path`` was written.

        Falls back to the nearest ancestor that has a location (ultimately the
        top-level file with line ``None``).
        """
        key = _norm(path)
        for end in range(len(key), -1, -1):
            found = self._locs.get(key[:end])
            if found is not None:
                return found
        return self._locs[()]

    def copy_subtree(self, other: SourceMap, path: PathT, value: Any) -> None:
        """Copy ``other``'s locations for ``value`` (found at ``path``) and below."""
        loc = other.exact(path)
        if loc is not None:
            self._locs[_norm(path)] = loc
        for key, child in _children(value):
            self.copy_subtree(other, path + (key,), child)

    def drop_subtree(self, path: Sequence[Any]) -> None:
        """Forget the locations of ``path`` and everything below it."""
        key = _norm(path)
        n = len(key)
        for stale in [k for k in self._locs if k[:n] == key and k]:
            del self._locs[stale]

    def __len__(self) -> int:
        return len(self._locs)


def _children(value: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return []


# --------------------------------------------------------------------------
# YAML parsing
# --------------------------------------------------------------------------


class _AliasTrackingComposer(Composer):
    """Composer that remembers the line where the first alias (``*name``) was used."""

    first_alias_line: int | None = None

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.first_alias_line is None and self.check_event(AliasEvent):
            self.first_alias_line = self.peek_event().start_mark.line + 1
        return super().compose_node(parent, index)


if _CParser is not None:

    class _ScenarioYamlLoader(  # type: ignore[misc]
        _AliasTrackingComposer, _CParser, SafeConstructor, Resolver
    ):
        """Safe loader: libyaml events, Python composer (for alias tracking), safe constructor."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - pure-Python PyYAML

    class _ScenarioYamlLoader(_AliasTrackingComposer, yaml.SafeLoader):  # type: ignore[no-redef]
        """Safe loader (pure Python) with alias tracking."""


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _yaml_error(
    file: str, exc: yaml.YAMLError, field: str | None = None, text: str = ""
) -> ScenarioError:
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

    def build(self, node: Node, path: PathT, smap: SourceMap | None = None) -> Any:
        """Build the value of ``node`` found at ``path``, recording locations in ``smap``."""
        smap = self.smap if smap is None else smap
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ_TAG, path)
            return self._sequence(node, path, smap)
        self._check_tag(node, _MAP_TAG, path)
        return self._mapping(node, path, smap)

    def _check_tag(self, node: Node, tag: str, path: PathT) -> None:
        if node.tag != tag:
            raise ScenarioError(
                self.file,
                _line(node),
                _format_path(path) or None,
                "plain YAML values (mappings, lists, text, numbers, true/false)",
                problem=f"YAML tag {_short_tag(node.tag)!r} is not allowed",
            )

    def _scalar(self, node: ScalarNode, path: PathT) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError) as exc:
            raise ScenarioError(
                self.file, _line(node), _format_path(path) or None,
                f"a value matching its YAML tag {_short_tag(node.tag)!r} ({exc})", got=node.value,
            ) from None
        except yaml.YAMLError as exc:
            err = _yaml_error(self.file, exc, _format_path(path) or None)
            err.problem = "unsupported YAML value"
            err.expected = "plain YAML values (mappings, lists, text, numbers, true/false)"
            if "constructor for the tag" in str(exc):
                err.problem = f"YAML tag {_short_tag(node.tag)!r} is not allowed"
            raise err from None

    def _sequence(self, node: SequenceNode, path: PathT, smap: SourceMap) -> list[Any]:
        items = []
        for index, child in enumerate(node.value):
            smap.record(path + (index,), self.file, _line(child))
            items.append(self.build(child, path + (index,), smap))
        return items

    def _mapping(self, node: MappingNode, path: PathT, smap: SourceMap) -> dict[Any, Any]:
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
                    _format_path(path + (key,)),
                    f"each key only once per mapping (already set on line {seen[key]})",
                    problem="duplicate key",
                )
            seen[key] = _line(key_node)
            child_path = path + (key,)
            smap.record(child_path, self.file, self._value_line(key_node, value_node))
            result[key] = self.build(value_node, child_path, smap)
        for key, (value, scratch) in inherited.items():
            if key not in result:
                smap.copy_subtree(scratch, path + (key,), value)
                result[key] = value
        return result

    @staticmethod
    def _value_line(key_node: Node, value_node: Node) -> int:
        if isinstance(value_node, ScalarNode) and value_node.value != "":
            return _line(value_node)
        return _line(key_node)

    def _key(self, key_node: Node, path: PathT) -> Any:
        if not isinstance(key_node, ScalarNode):
            raise ScenarioError(
                self.file,
                _line(key_node),
                _format_path(path) or None,
                "simple keys (text or numbers)",
                problem="complex mapping key",
            )
        return self._scalar(key_node, path)

    def _merged_sources(self, merges: list[Node], path: PathT) -> dict[Any, tuple[Any, SourceMap]]:
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
                    _format_path(path) or None,
                    "a mapping (or list of mappings) after '<<'",
                    problem="bad YAML merge key",
                )
            scratch = SourceMap(self.file)
            data = self.build(source, path, scratch)
            for key, value in data.items():
                result[key] = (value, scratch)
        return result


class _AliasCycle(Exception):
    """A YAML alias that (indirectly) contains itself."""


def _expanded_size(node: Node, memo: dict[int, int], active: set[int]) -> int:
    """Number of nodes ``node`` expands to once aliases are copied out."""
    ident = id(node)
    if ident in memo:
        return memo[ident]
    if ident in active:
        raise _AliasCycle()
    active.add(ident)
    total = 1
    if isinstance(node, SequenceNode):
        total += sum(_expanded_size(child, memo, active) for child in node.value)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            total += _expanded_size(key, memo, active) + _expanded_size(value, memo, active)
    active.discard(ident)
    memo[ident] = total
    return total


def _count_distinct(node: Node, seen: set[int]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))


def _check_alias_expansion(file: str, root: Node, first_alias_line: int | None) -> None:
    """Refuse recursive aliases and documents that alias-expand past the limit.

    The limit applies to the nodes *added* by alias expansion, so a large
    alias-free file is never refused here (its size is bounded by
    ``MAX_FILE_BYTES``), while a "billion laughs" document is refused at once:
    sizes are memoised per node, so the check is linear in the composed graph.
    """
    if first_alias_line is None:
        return
    try:
        size = _expanded_size(root, {}, set())
    except _AliasCycle:
        raise ScenarioError(
            file,
            first_alias_line,
            None,
            "a scenario without recursive YAML aliases",
            problem="YAML alias refers to itself",
        ) from None
    if size <= MAX_EXPANDED_NODES:
        return
    distinct: set[int] = set()
    _count_distinct(root, distinct)
    if size - len(distinct) > MAX_EXPANDED_NODES:
        raise ScenarioError(
            file,
            first_alias_line,
            None,
            "a scenario without exponential YAML aliases",
            problem=f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} extra values",
        )


def _parse_yaml(text: str, file: str, smap: SourceMap, base_path: PathT = ()) -> Any:
    """Safely parse one YAML document into plain data, recording locations."""
    loader = _ScenarioYamlLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_alias_expansion(file, root, loader.first_alias_line)
        return _Builder(loader, file, smap).build(root, base_path)
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc, _format_path(base_path) or None, text) from None
    except RecursionError:
        raise ScenarioError(
            file, None, _format_path(base_path) or None, "a scenario nested less deeply",
            problem="YAML nested too deeply",
        ) from None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------
# Files and extends
# --------------------------------------------------------------------------


def _read_text(file: str) -> str:
    """Read a scenario file as text, with clear errors for common problems."""
    if not os.path.exists(file):
        raise ScenarioError(file, None, None, "an existing scenario file")
    if os.path.isdir(file):
        raise ScenarioError(file, None, None, "an existing scenario file", problem="is a directory")
    try:
        size = os.path.getsize(file)
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                file, None, None,
                f"a scenario file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                problem=f"file is too large ({size / (1024 * 1024):.1f} MB)",
            )
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(
            file, None, None, "a readable scenario file", problem=exc.strerror or str(exc)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(file, line, None, "UTF-8 encoded text", problem="not UTF-8 text") from None


def _load_one_file(file: str) -> tuple[dict[Any, Any], SourceMap]:
    """Parse one scenario file (without resolving ``extends``)."""
    text = _read_text(file)
    smap = SourceMap(file)
    data = _parse_yaml(text, file, smap)
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


def _load_with_extends(
    file: str, chain: tuple[tuple[str, str], ...]
) -> tuple[dict[Any, Any], SourceMap]:
    """Load ``file`` and, recursively, the files it extends; merge them.

    Args:
        file: The file to load (path as it should appear in messages).
        chain: (real path, shown path) of the files that led here, for cycles.
    """
    data, smap = _load_one_file(file)
    found = _extends_target(file, data, smap)
    if found is None:
        return data, smap
    target, line = found
    chain = chain + ((os.path.realpath(file), file),)
    reals = [real for real, _ in chain]
    if os.path.realpath(target) in reals:
        start = reals.index(os.path.realpath(target))
        names = " -> ".join([shown for _, shown in chain[start:]] + [target])
        raise ScenarioError(
            file, line, "extends", f"a chain of 'extends' without cycles ({names})",
            problem="'extends' cycle",
        )
    if not os.path.isfile(target):
        raise ScenarioError(file, line, "extends", f"an existing scenario file ({target} not found)")
    base, base_map = _load_with_extends(target, chain)
    merged_map = SourceMap(file)
    merged_map.files = [file, *base_map.files]
    merged = _merge(base, data, (), base_map, smap, merged_map)
    return merged, merged_map


def _merge(
    base: Any, child: Any, path: PathT, base_map: SourceMap, child_map: SourceMap, out: SourceMap
) -> Any:
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
            merged[key] = _merge(value, child[key], path + (key,), base_map, child_map, out)
        else:
            out.copy_subtree(base_map, path + (key,), value)
            merged[key] = value
    for key, value in child.items():
        if key not in base:
            out.copy_subtree(child_map, path + (key,), value)
            merged[key] = value
    return merged


# --------------------------------------------------------------------------
# --set overrides
# --------------------------------------------------------------------------

_SEGMENT_RE = re.compile(r"^([^\[\]]*)((?:\[\d+\])*)$")
_PATH_HINT = "a dotted path such as 'pipeline.vetting_median_months' or 'territory.units[0].count'"


def _parse_override(raw: str) -> tuple[str, list[str | int], str]:
    """Split ``path=value`` into (path text, path tokens, value text)."""
    if "=" not in raw:
        raise ScenarioError(
            OVERRIDE_FILE, None, raw.strip() or None, "path=value", problem="missing '='", got=raw
        )
    path_text, value_text = raw.split("=", 1)
    path_text = path_text.strip()
    if not path_text:
        raise ScenarioError(OVERRIDE_FILE, None, None, "path=value", problem="empty path", got=raw)
    return path_text, _path_tokens(path_text), value_text


def _path_tokens(path_text: str) -> list[str | int]:
    """``"a.b[0].c"`` / ``"a.b.0.c"`` -> ``["a", "b", 0, "c"]`` (dotted digits stay text)."""
    tokens: list[str | int] = []
    for segment in path_text.split("."):
        match = _SEGMENT_RE.match(segment.strip())
        name, indices = (match.group(1), match.group(2)) if match else ("", "")
        if not name and (not indices or not tokens):
            raise ScenarioError(
                OVERRIDE_FILE, None, path_text, f"path=value with {_PATH_HINT}", got=path_text
            )
        if name:
            tokens.append(name)
        tokens.extend(int(i) for i in re.findall(r"\d+", indices))
    return tokens


def _parse_override_value(value_text: str, field: str) -> Any:
    scratch = SourceMap(OVERRIDE_FILE)
    try:
        value = _parse_yaml(value_text, OVERRIDE_FILE, scratch) if value_text.strip() else None
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


def _step_into(container: Any, token: str | int, done: PathT, field: str) -> Any:
    """Key/index to use for ``token`` inside ``container`` (located at ``done``)."""
    if isinstance(container, dict):
        return _dict_key(container, token)
    if isinstance(container, list):
        if not str(token).isdigit():
            raise ScenarioError(
                OVERRIDE_FILE, None, field,
                f"a list index at '{_format_path(done)}' (it is a list), e.g. {_format_path(done)}[0]",
                got=token,
            )
        index = int(token)
        if index >= len(container):
            bound = f"0 to {len(container) - 1}" if container else "none; the list is empty"
            raise ScenarioError(
                OVERRIDE_FILE, None, field,
                f"a list index that exists at '{_format_path(done)}' (valid: {bound})", got=index,
            )
        return index
    raise ScenarioError(
        OVERRIDE_FILE, None, field,
        f"'{_format_path(done)}' to be a mapping or list so that '{field}' can be set inside it",
        got=container,
    )


def _apply_override(data: dict[Any, Any], smap: SourceMap, raw: str) -> None:
    """Apply one ``--set path=value`` override in place."""
    path_text, tokens, value_text = _parse_override(raw)
    if tokens[0] == "extends":
        raise ScenarioError(
            OVERRIDE_FILE, None, "extends", "a scenario field ('extends' cannot be overridden)", got=raw
        )
    value = _parse_override_value(value_text, path_text)
    node: Any = data
    done: PathT = ()
    for position, token in enumerate(tokens):
        key = _step_into(node, token, done, path_text)
        done = done + (key,)
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
    for sub_path, _ in _walk(value, ()):
        smap.record(done + sub_path, OVERRIDE_FILE, None)


def _walk(value: Any, path: PathT) -> list[tuple[PathT, Any]]:
    found: list[tuple[PathT, Any]] = []
    for key, child in _children(value):
        found.append((path + (key,), child))
        found.extend(_walk(child, path + (key,)))
    return found


# --------------------------------------------------------------------------
# Public entry point: loading
# --------------------------------------------------------------------------


def load_scenario_data(
    path: str | Path, overrides: Sequence[str] = ()
) -> tuple[dict[Any, Any], SourceMap]:
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
    data, smap = _load_with_extends(os.fspath(path), ())
    for raw in overrides:
        _apply_override(data, smap, raw)
    return data, smap


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def _format_path(path: Sequence[Any], data: Any = None) -> str:
    """``("a", "units", 2, "count")`` -> ``"a.units[2].count"``.

    When ``data`` is given, integers are shown as ``[i]`` only where the data
    holds a list (so an integer dict key such as 2022 prints as ``rates.2022``).
    """
    text = ""
    node = data
    for item in path:
        is_index = isinstance(node, list) if data is not None else isinstance(item, int)
        if is_index and not isinstance(item, bool):
            text += f"[{item}]"
        else:
            text += f".{item}" if text else str(item)
        node = _child(node, item)
    return text


def _data_key(node: Any, item: Any) -> Any:
    """The key/index of ``node`` that loc ``item`` refers to, or ``_UNSET``.

    Tolerates text/integer mismatches (YAML ``2022:`` vs. a validator that
    turned keys into ``"2022"``).
    """
    if isinstance(node, dict):
        for candidate in (item, str(item), int(item) if str(item).isdigit() else _UNSET):
            if candidate is not _UNSET and candidate in node:
                return candidate
        return _UNSET
    if isinstance(node, list) and isinstance(item, int) and not isinstance(item, bool):
        return item if 0 <= item < len(node) else _UNSET
    return _UNSET


def _child(node: Any, item: Any) -> Any:
    key = _data_key(node, item)
    return None if key is _UNSET else node[key]


def _split_loc(loc: tuple[Any, ...], data: Any, error_type: str) -> tuple[PathT, int | None]:
    """Drop pydantic's non-data loc items (union member tags, '[key]').

    Returns:
        The cleaned path and the position in ``loc`` of the first union tag
        (``None`` if there is none).
    """
    cleaned: list[Any] = []
    first_tag: int | None = None
    node = data
    for position, item in enumerate(loc):
        key = _data_key(node, item)
        if key is not _UNSET:
            cleaned.append(key)
            node = node[key]
        elif position == len(loc) - 1 and error_type == "missing":
            cleaned.append(item)
        elif item != "[key]" and first_tag is None:
            first_tag = position
    return tuple(cleaned), first_tag


def _pick_error(errors: list[dict[str, Any]], data: Any) -> dict[str, Any]:
    """Pick the first error, but inside a union prefer the closest-matching member."""
    first = errors[0]
    _, tag_at = _split_loc(tuple(first["loc"]), data, first["type"])
    if tag_at is None:
        return first
    prefix = tuple(first["loc"][:tag_at])
    groups: dict[Any, list[dict[str, Any]]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if loc[:tag_at] == prefix and len(loc) > tag_at:
            groups.setdefault(loc[tag_at], []).append(err)
    # Prefer members whose shape matched (errors below the member itself), then
    # the member with the fewest errors; ties go to the first member.
    def score(group: list[dict[str, Any]]) -> tuple[int, int]:
        matched = any(len(err["loc"]) > tag_at + 1 for err in group)
        return (0 if matched else 1, len(group))

    return min(groups.values(), key=score)[0]


# -- walking the model's type annotations ---------------------------------


def _unwrap(tp: Any) -> list[Any]:
    """Strip Annotated/Optional and flatten unions into candidate types."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(tp):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _model_field(model: type[pydantic.BaseModel], name: Any) -> Any:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias, info.validation_alias):
            return info
    return None


def _step_type(tp: Any, item: Any) -> list[Any]:
    """Types reachable from ``tp`` through one loc ``item``."""
    if _is_model(tp):
        info = _model_field(tp, item)
        return _unwrap(info.annotation) if info is not None else []
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, set, frozenset) or (
        isinstance(origin, type) and issubclass(origin, Sequence) and origin is not tuple
    ):
        return _unwrap(args[0]) if args else []
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return _unwrap(args[0])
        return _unwrap(args[item]) if isinstance(item, int) and item < len(args) else []
    if origin is dict or (isinstance(origin, type) and issubclass(origin, Mapping)):
        return _unwrap(args[1]) if len(args) == 2 else []
    return []


def _types_at(model_cls: type[pydantic.BaseModel], path: PathT) -> list[Any]:
    candidates: list[Any] = [model_cls]
    for item in path:
        candidates = [t for c in candidates for t in _step_type(c, item)]
    return candidates


def _field_info_at(model_cls: type[pydantic.BaseModel], path: PathT) -> Any:
    if not path:
        return None
    for parent in _types_at(model_cls, path[:-1]):
        if _is_model(parent):
            info = _model_field(parent, path[-1])
            if info is not None:
                return info
    return None


def _allowed_names(model_cls: type[pydantic.BaseModel], parent_path: PathT) -> list[str]:
    names: list[str] = []
    for tp in _types_at(model_cls, parent_path):
        if _is_model(tp):
            for name, info in tp.model_fields.items():
                shown = info.alias if isinstance(info.alias, str) else name
                if shown not in names:
                    names.append(shown)
    return names


# -- turning one error into words ------------------------------------------

_SIMPLE_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of 'key: value' entries",
    "model_type": "a mapping of 'field: value' entries",
    "model_attributes_type": "a mapping of 'field: value' entries",
}
_LENGTH_TYPES = {"too_short", "too_long", "string_too_short", "string_too_long"}
_BOUND_TYPES = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def _bounds_text(info: Any) -> str | None:
    """``"between 0.5 and 24"`` style text from a field's ge/gt/le/lt metadata."""
    if info is None:
        return None
    lower = upper = None
    for item in info.metadata:
        for attr, side in (("ge", "lo"), ("gt", "lo>"), ("le", "hi"), ("lt", "hi<")):
            value = getattr(item, attr, None)
            if value is not None:
                if side.startswith("lo"):
                    lower = (value, side == "lo")
                else:
                    upper = (value, side == "hi")
    if lower and upper:
        text = f"between {_num(lower[0])} and {_num(upper[0])}"
        if not (lower[1] and upper[1]):
            text += f" ({'inclusive' if lower[1] else 'exclusive'} of {_num(lower[0])}, "
            text += f"{'inclusive' if upper[1] else 'exclusive'} of {_num(upper[0])})"
        return text
    return None


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _describe(info: Any) -> str:
    """`` (unit)`` from a field's ``json_schema_extra["unit"]`` or short description."""
    extra = getattr(info, "json_schema_extra", None)
    if isinstance(extra, dict) and isinstance(extra.get("unit"), str) and extra["unit"]:
        return f" ({extra['unit']})"
    description = getattr(info, "description", None)
    if isinstance(description, str) and 0 < len(description) <= 60:
        return f" ({description})"
    return ""


def _bound_expected(err: dict[str, Any], info: Any) -> str:
    between = _bounds_text(info)
    noun = "a whole number" if getattr(info, "annotation", None) is int else "a number"
    if between:
        return f"{noun} {between}{_describe(info)}"
    ctx = err.get("ctx") or {}
    words = {
        "greater_than": ("gt", "greater than"),
        "greater_than_equal": ("ge", "at least"),
        "less_than": ("lt", "less than"),
        "less_than_equal": ("le", "at most"),
    }[err["type"]]
    return f"{noun} {words[1]} {_num(ctx.get(words[0]))}{_describe(info)}"


def _length_expected(kind: str, ctx: dict[str, Any]) -> str:
    """Plain words for list/text length errors."""
    what = "text" if kind.startswith("string") else "a list"
    unit = "character" if kind.startswith("string") else "item"
    if kind.endswith("too_short"):
        n = ctx.get("min_length")
        return f"{what} with at least {n} {unit}{'' if n == 1 else 's'}"
    n = ctx.get("max_length")
    return f"{what} with at most {n} {unit}{'' if n == 1 else 's'}"


def _strip_msg(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    return msg


def _generic_expected(msg: str) -> str:
    if msg.startswith("Input should be "):
        return msg[len("Input should be "):]
    return f"a valid value ({msg[:1].lower()}{msg[1:]})"


def _error_from_pydantic(
    err: dict[str, Any], model_cls: type[pydantic.BaseModel], data: Any, sources: SourceMap
) -> ScenarioError:
    """Turn one pydantic error dict into a located, plain-words ScenarioError."""
    kind = err["type"]
    path, _ = _split_loc(tuple(err["loc"]), data, kind)
    file, line = sources.locate(path)
    field = _format_path(path, data) or None
    if kind == "extra_forbidden":
        return ScenarioError(file, line, field, _suggestion(model_cls, path), problem="unknown field")
    if kind == "missing":
        return ScenarioError(file, line, field, "a value for it", problem="required field is missing")
    if kind in ("value_error", "assertion_error"):
        return _validator_error(err, path, data, sources)
    got = err.get("input", _UNSET)
    info = _field_info_at(model_cls, path)
    if kind in _BOUND_TYPES:
        return ScenarioError(file, line, field, _bound_expected(err, info), got=got)
    if kind in _SIMPLE_EXPECTED:
        return ScenarioError(file, line, field, _SIMPLE_EXPECTED[kind] + _describe(info), got=got)
    if kind in _LENGTH_TYPES:
        return ScenarioError(file, line, field, _length_expected(kind, err.get("ctx") or {}), got=got)
    if kind in ("literal_error", "enum"):
        options = (err.get("ctx") or {}).get("expected", "")
        return ScenarioError(file, line, field, f"one of {options}", got=got)
    return ScenarioError(file, line, field, _generic_expected(_strip_msg(err["msg"])), got=got)


def _validator_error(err: dict[str, Any], path: PathT, data: Any, sources: SourceMap) -> ScenarioError:
    """A validator's own message, printed as is.

    If the message starts with a key of the mapping being validated (e.g. a
    model validator saying ``"classes_per_year in 2022: ..."``), the error is
    located at that key rather than at the whole mapping.
    """
    message = _strip_msg(err["msg"])
    target = _child_path(data, path)
    if isinstance(target, dict):
        match = re.match(r"\s*([A-Za-z_][\w-]*)\b", message)
        key = _data_key(target, match.group(1)) if match else _UNSET
        if key is not _UNSET:
            path = path + (key,)
    file, line = sources.locate(path)
    field = _format_path(path, data) or None
    got = err.get("input", _UNSET)
    if isinstance(got, (dict, list)) or re.search(r"\bgot\b", message):
        got = _UNSET
    return ScenarioError(file, line, field, message, got=got, verbatim=True)


def _child_path(data: Any, path: PathT) -> Any:
    node = data
    for item in path:
        node = _child(node, item)
    return node


def _suggestion(model_cls: type[pydantic.BaseModel], path: PathT) -> str:
    allowed = _allowed_names(model_cls, path[:-1])
    name = str(path[-1]) if path else ""
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"a known field (did you mean '{close[0]}'?)"
    if allowed:
        return "one of the known fields: " + ", ".join(allowed)
    return "a known field"


def validate_data(model_cls: type[ModelT], data: dict[Any, Any], sources: SourceMap) -> ModelT:
    """Validate ``data`` with ``model_cls``, converting failures to ScenarioError.

    Args:
        model_cls: The pydantic model describing a scenario (or part of one).
        data: Plain data as returned by :func:`load_scenario_data`.
        sources: The matching :class:`SourceMap`.

    Returns:
        The validated model instance.

    Raises:
        ScenarioError: Built from the first (most readable) validation error,
            located at the file and line where the offending value was written.
    """
    try:
        return model_cls.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        if not errors:
            file = sources.locate(())[0]
            raise ScenarioError(file, None, None, "a valid scenario", problem=str(exc)) from None
        chosen = _pick_error(errors, data)
        raise _error_from_pydantic(chosen, model_cls, data, sources) from None
