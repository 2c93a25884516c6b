"""A small document model for briefs and reports, rendered as Markdown or a self-contained
HTML page here, and as DOCX and PDF by :mod:`partysim.outputs.brief_files`.

Blocks hold plain text (escaped by each renderer) and charts as PNG bytes or as the name of
a PNG file next to the document.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from partysim.outputs.markdown import cell_text, escape_inline, table

__all__ = [
    "Block",
    "Figure",
    "Heading",
    "NumberedList",
    "Paragraph",
    "Raw",
    "Rule",
    "Table",
    "plain_text",
    "to_html",
    "to_html_fragment",
    "to_markdown",
]


@dataclass(frozen=True)
class Heading:
    """A heading (level 1-4)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Running text (plain, escaped on output); ``italic`` for a note, ``small`` for a footer."""

    text: str
    italic: bool = False
    small: bool = False


@dataclass(frozen=True)
class Raw:
    """Text that is already Markdown (put into Markdown as is; shown as plain text elsewhere)."""

    text: str


@dataclass(frozen=True)
class NumberedList:
    """A numbered list of plain-text items."""

    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    """A table; ``align`` holds ``"l"`` or ``"r"`` per column."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: Sequence[str]


@dataclass(frozen=True)
class Figure:
    """A PNG chart: its bytes (or ``None`` for a file already next to the document), its file
    name and its caption."""

    png: bytes | None
    filename: str
    caption: str
    alt: str = field(default="")


@dataclass(frozen=True)
class Rule:
    """A horizontal rule (before the provenance footer)."""


Block = Heading | Paragraph | Raw | NumberedList | Table | Figure | Rule


def _markdown_block(b: Block, files_dir: str, escape_emphasis: bool) -> str:
    if isinstance(b, Heading):
        return "#" * b.level + " " + escape_inline(b.text).strip()
    if isinstance(b, Paragraph):
        text = escape_inline(b.text)
        return f"*{text}*" if b.italic else text
    if isinstance(b, Raw):
        return b.text
    if isinstance(b, NumberedList):
        return "\n".join(f"{i}. {escape_inline(t)}" for i, t in enumerate(b.items, start=1))
    if isinstance(b, Table):
        return table(b.header, b.rows, b.align, escape_emphasis=escape_emphasis)
    if isinstance(b, Figure):
        where = f"{files_dir}/{b.filename}" if files_dir else b.filename
        return f"![{cell_text(b.alt or b.caption, escape_emphasis=True)}]({where})"
    return "---"


def to_markdown(blocks: Sequence[Block], files_dir: str = "", escape_emphasis: bool = True) -> str:
    """Markdown text, blocks separated by a blank line; figures link to ``files_dir/<filename>``."""
    return "\n\n".join(_markdown_block(b, files_dir, escape_emphasis) for b in blocks) + "\n"


def plain_text(blocks: Sequence[Block]) -> list[str]:
    """Every piece of text the document shows (headings, paragraphs, cells, captions), for checks."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, (Heading, Paragraph, Raw)):
            out.append(b.text)
        elif isinstance(b, NumberedList):
            out += list(b.items)
        elif isinstance(b, Table):
            out += [str(h) for h in b.header] + [str(c) for row in b.rows for c in row]
        elif isinstance(b, Figure):
            out.append(b.caption)
    return out


_CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ccc}h3{font-size:1.08em}
table{border-collapse:collapse;margin:0.8em 0;font-size:0.86em}th,td{border:1px solid #bbb;padding:0.25em 0.5em}
th{background:#eee}td.r,th.r{text-align:right}figure{margin:1em 0}img{max-width:100%}
figcaption{font-size:0.85em;color:#444}.small{font-size:0.8em;color:#555}
"""


def _html_block(b: Block) -> str:
    esc = html.escape
    if isinstance(b, Heading):
        return f"<h{b.level}>{esc(b.text)}</h{b.level}>"
    if isinstance(b, (Paragraph, Raw)):
        cls = ' class="small"' if isinstance(b, Paragraph) and b.small else ""
        text = f"<i>{esc(b.text)}</i>" if isinstance(b, Paragraph) and b.italic else esc(b.text)
        return f"<p{cls}>{text}</p>"
    if isinstance(b, NumberedList):
        return "<ol>" + "".join(f"<li>{esc(t)}</li>" for t in b.items) + "</ol>"
    if isinstance(b, Table):
        cls = [' class="r"' if a == "r" else "" for a in b.align]
        head = "".join(f"<th{c}>{esc(str(h))}</th>" for c, h in zip(cls, b.header))
        rows = "".join(
            "<tr>" + "".join(f"<td{c}>{esc(str(v))}</td>" for c, v in zip(cls, row)) + "</tr>" for row in b.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(b, Figure):
        src = f"data:image/png;base64,{base64.b64encode(b.png).decode('ascii')}" if b.png else esc(b.filename)
        return f'<figure><img alt="{esc(b.alt or b.caption)}" src="{src}"><figcaption>{esc(b.caption)}</figcaption></figure>'
    return "<hr>"


def to_html_fragment(blocks: Sequence[Block]) -> str:
    """The blocks as HTML elements, without page or style (for a notebook widget)."""
    return "\n".join(_html_block(b) for b in blocks)


def to_html(blocks: Sequence[Block], title: str, lang: str) -> str:
    """A self-contained HTML page with every chart given as bytes embedded as a base64 PNG."""
    body = to_html_fragment(blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_CSS}</style></head><body>\n" + body + "\n</body></html>\n"
    )
