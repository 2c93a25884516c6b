"""Refuse YAML alias bombs ("billion laughs") and recursive aliases.

The check runs on the composed node graph, before any value is built, and is linear
in its size: expanded sizes are memoised per node.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from partysim.scenario.errors import ScenarioError

__all__ = ["MAX_EXPANDED_NODES", "check_alias_expansion"]

#: Most YAML nodes that alias expansion (``*name``) may add to one document.
MAX_EXPANDED_NODES = 100_000


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


def check_alias_expansion(file: str, root: Node, first_alias_line: int | None) -> None:
    """Refuse recursive aliases and documents that alias-expand past the limit.

    The limit applies to the nodes *added* by alias expansion, so a large
    alias-free file is never refused here (its size is bounded by
    :data:`partysim.scenario.files.MAX_FILE_BYTES`), while a "billion laughs"
    document is refused at once.

    Args:
        file: The file, as shown in messages.
        root: The composed document.
        first_alias_line: Line (1-based) of the first alias, ``None`` if there is none.

    Raises:
        ScenarioError: At the first alias's line.
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
