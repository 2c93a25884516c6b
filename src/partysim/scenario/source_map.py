"""Where every value of a loaded scenario was written: file and line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partysim.scenario.paths import DataPath, children

__all__ = ["SourceMap"]


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

    def copy_subtree(self, other: SourceMap, path: DataPath, value: Any) -> None:
        """Copy ``other``'s locations for ``value`` (found at ``path``) and below."""
        loc = other.exact(path)
        if loc is not None:
            self._locs[_norm(path)] = loc
        for key, child in children(value):
            self.copy_subtree(other, (*path, key), child)

    def drop_subtree(self, path: Sequence[Any]) -> None:
        """Forget the locations of ``path`` and everything below it."""
        key = _norm(path)
        n = len(key)
        for stale in [k for k in self._locs if k[:n] == key and k]:
            del self._locs[stale]

    def __len__(self) -> int:
        return len(self._locs)
