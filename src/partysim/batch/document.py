"""A small document model rendered twice: Markdown (charts as files alongside) and a
self-contained HTML page (charts embedded as base64 PNG)."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass

from partysim.outputs.markdown import cell_text, escape_inline, table

__all__ = ["Figure", "Heading", "Paragraph", "Table", "to_html", "to_markdown"]


@dataclass(frozen=True)
class Heading:
    """A heading (level 1-4)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Running text (plain, escaped on output)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table; ``align`` holds ``"l"`` or ``"r"`` per column."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: Sequence[str]


@dataclass(frozen=True)
class Figure:
    """A PNG chart: its bytes, its file name next to the Markdown and its caption."""

    png: bytes
    filename: str
    caption: str


Block = Heading | Paragraph | Table | Figure


def to_markdown(blocks: Sequence[Block], files_dir: str) -> str:
    """Markdown text; figures link to ``files_dir/<filename>``."""
    parts = []
    for b in blocks:
        if isinstance(b, Heading):
            parts.append("#" * b.level + " " + escape_inline(b.text))
        elif isinstance(b, Paragraph):
            parts.append(escape_inline(b.text))
        elif isinstance(b, Table):
            parts.append(table(b.header, b.rows, b.align, escape_emphasis=True))
        elif isinstance(b, Figure):
            parts.append(f"![{cell_text(b.caption, escape_emphasis=True)}]({files_dir}/{b.filename})")
    return "\n\n".join(parts) + "\n"


_CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ccc}h3{font-size:1.08em}
table{border-collapse:collapse;margin:0.8em 0;font-size:0.86em}th,td{border:1px solid #bbb;padding:0.25em 0.5em}
th{background:#eee}td.r,th.r{text-align:right}figure{margin:1em 0}img{max-width:100%}
figcaption{font-size:0.85em;color:#444}
"""


def to_html(blocks: Sequence[Block], title: str, lang: str) -> str:
    """A self-contained HTML page with every chart embedded as a base64 PNG."""
    esc = html.escape
    body = []
    for b in blocks:
        if isinstance(b, Heading):
            body.append(f"<h{b.level}>{esc(b.text)}</h{b.level}>")
        elif isinstance(b, Paragraph):
            body.append(f"<p>{esc(b.text)}</p>")
        elif isinstance(b, Table):
            cls = [' class="r"' if a == "r" else "" for a in b.align]
            head = "".join(f"<th{c}>{esc(str(h))}</th>" for c, h in zip(cls, b.header))
            rows = "".join(
                "<tr>" + "".join(f"<td{c}>{esc(str(v))}</td>" for c, v in zip(cls, row)) + "</tr>" for row in b.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(b, Figure):
            data = base64.b64encode(b.png).decode("ascii")
            body.append(
                f'<figure><img alt="{esc(b.caption)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{esc(b.caption)}</figcaption></figure>"
            )
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
