"""Markdown building blocks shared by the one-page brief and the batch report: escaping and tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["cell_text", "escape_inline", "table"]

_EMPHASIS = ("\\", "*", "_", "`", "[", "]")


def escape_inline(text: Any) -> str:
    """Escape Markdown emphasis, code and link characters in running text."""
    out = str(text)
    for ch in _EMPHASIS:
        out = out.replace(ch, "\\" + ch)
    return out


def cell_text(text: Any, *, escape_emphasis: bool = False) -> str:
    """Make text safe inside a table cell or an image caption (pipes escaped, one line).

    Args:
        text: The text.
        escape_emphasis: Also escape emphasis characters as in running text
            (:func:`escape_inline`); otherwise only backslashes.
    """
    out = escape_inline(text) if escape_emphasis else str(text).replace("\\", "\\\\")
    return out.replace("|", "\\|").replace("\n", " ").strip()


def table(
    header: Sequence[Any], rows: Sequence[Sequence[Any]], align: Sequence[str], *, escape_emphasis: bool = False
) -> str:
    """A GitHub-flavoured Markdown table.

    Args:
        header: Column titles.
        rows: Cells, row by row.
        align: ``"l"`` or ``"r"`` per column.
        escape_emphasis: Also escape emphasis characters in cells (``*``, ``_`` ...), as in
            running text; otherwise only backslashes, pipes and line breaks.

    Returns:
        The table, lines joined by ``"\\n"`` (no trailing newline).
    """

    def line(cells: Sequence[Any]) -> str:
        return "| " + " | ".join(cell_text(c, escape_emphasis=escape_emphasis) for c in cells) + " |"

    sep = [":--" if a == "l" else "--:" for a in align]
    lines = [line(header), "| " + " | ".join(sep) + " |", *(line(row) for row in rows)]
    return "\n".join(lines)
