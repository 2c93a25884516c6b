"""The batch report's document model: the one of :mod:`partysim.outputs.document` (Markdown with
charts as files alongside, and a self-contained HTML page with charts embedded as base64 PNG)."""

from __future__ import annotations

from partysim.outputs.document import Block, Figure, Heading, Paragraph, Table, to_html, to_markdown

__all__ = ["Block", "Figure", "Heading", "Paragraph", "Table", "to_html", "to_markdown"]
