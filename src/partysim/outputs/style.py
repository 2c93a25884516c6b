"""The house style of every partysim chart: page size, fonts, greys, line styles, footer.

Design rules (each chart module relies on them):

* A4 text width (17 cm), DejaVu Sans, which has all Vietnamese glyphs; SVG text is saved
  as paths and PDF fonts are embedded as TrueType (type 42), so diacritics survive on any
  machine.
* Readable when printed in greyscale: grey bands (:data:`BAND_GREYS`), one dark accent
  colour (:data:`ACCENT`), and line styles / hatches / markers rather than colour to tell
  series apart (:data:`TARGET_DASHES`, :data:`LOSS_STYLES`).
* Every chart has a title, axis labels with units, and the provenance footer in small
  type at the bottom (:func:`new_figure`).
* Saved files carry no timestamps (:func:`file_metadata`) and SVG element ids are
  stable, so the same inputs give the same bytes.

Figures are created directly (no ``pyplot`` global state), so they are safe in servers,
tests and threads. Draw and save inside :func:`house_style`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter

from partysim.outputs.i18n import format_number, format_percent

__all__ = [
    "ACCENT",
    "BANDS",
    "BAND_GREYS",
    "CM",
    "FOOTER_PT",
    "INK",
    "LOSS_STYLES",
    "TARGET_DASHES",
    "WIDTH_IN",
    "file_metadata",
    "house_style",
    "legend_below",
    "new_figure",
    "number_formatter",
    "percent_formatter",
    "set_titles",
    "text_width",
    "wrap_to_width",
    "year_axis",
]

CM = 1 / 2.54  # inches per centimetre
WIDTH_IN = 17 * CM  # A4 text width

#: Central bands drawn on fan charts: coverage -> (lower, upper) quantile.
BANDS: dict[int, tuple[float, float]] = {95: (0.025, 0.975), 80: (0.10, 0.90), 50: (0.25, 0.75)}
#: Grey of each band (darker = narrower).
BAND_GREYS: dict[int, str] = {95: "0.88", 80: "0.75", 50: "0.60"}

ACCENT = "#7a1712"  # dark red: reads as near-black in greyscale
INK = "0.10"
FOOTER_PT = 6.5
SUBTITLE_PT = 8.5
# Room for a line of text across the figure (points): 90% of the width, since small type
# rendered with hinting comes out up to ~5% wider than its outline measures.
TEXT_WIDTH_PT = WIDTH_IN * 72 * 0.90
SUBTITLE_LINES = 2

#: Grey fills and hatches for loss reasons (distinguishable without colour).
LOSS_STYLES: list[tuple[str, str]] = [
    ("0.25", ""),
    ("0.55", "////"),
    ("0.80", "...."),
    ("white", "xxxx"),
    ("0.65", ""),
    ("white", "\\\\\\\\"),
    ("0.40", "...."),
    ("white", "----"),
]
#: Line styles of target lines and of series told apart without colour, in order.
TARGET_DASHES: list[tuple | str] = ["--", (0, (6, 2, 1.5, 2)), (0, (2, 1.5)), (0, (8, 3))]

_RC_PARAMS: dict[str, Any] = {
    "svg.hashsalt": "partysim",  # stable element ids: same inputs, same SVG bytes
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 7.5,
    "figure.titlesize": 10.5,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "0.3",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "0.88",
    "grid.linewidth": 0.6,
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "axes.unicode_minus": False,
}


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the duration of figure creation or saving."""
    with rc_context(_RC_PARAMS):
        yield


@lru_cache(maxsize=8192)
def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in the house font at ``size_pt`` (points); remembered,
    since charts redrawn in the dashboard wrap the same titles, legends and footers again."""
    prop = FontProperties(family=_RC_PARAMS["font.family"], size=size_pt, weight="bold" if bold else "normal")
    return float(TextToPath().get_text_width_height_descent(text, prop, ismath=False)[0])


def wrap_to_width(text: str, size_pt: float, width_pt: float = TEXT_WIDTH_PT, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_pt`` (measured, not counted)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size_pt, bold) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def set_titles(
    fig: Figure, content: SubFigure, title: str, subtitle: str = "", max_lines: int = SUBTITLE_LINES
) -> None:
    """The chart's title (bold, top of the figure) and, under it, the subtitle naming the
    scenario and what was changed (:attr:`Provenance.scenario`); both wrapped to the page,
    the subtitle cut after ``max_lines`` lines (the footer says everything in full)."""
    size = _RC_PARAMS["figure.titlesize"]
    fig.suptitle("\n".join(wrap_to_width(title, size, bold=True)), fontsize=size, fontweight="bold")
    if subtitle:
        lines = wrap_to_width(subtitle, SUBTITLE_PT)
        if len(lines) > max_lines:  # the footer lists every change in full
            lines = [*lines[: max_lines - 1], lines[max_lines - 1].rsplit(" ", 1)[0] + " …"]
        content.suptitle("\n".join(lines), fontsize=SUBTITLE_PT, fontweight="normal", color="0.2")


def new_figure(height_cm: float, footer: str) -> tuple[Figure, SubFigure]:
    """Create an A4-width figure with the provenance footer at the bottom.

    A footer longer than two lines (a variant with many changes) makes the figure taller,
    so the chart keeps its size.

    The figure is split into a content sub-figure (title, axes, legend; laid
    out by constrained layout) and a thin strip at the bottom holding the
    footer, so the footer can never collide with legends or axis labels.

    Args:
        height_cm: Figure height (cm).
        footer: Provenance footer text.

    Returns:
        ``(fig, content)``: the figure to return and save, and the sub-figure
        to draw into. The footer is in ``fig.texts`` (gid ``"provenance"``).
    """
    lines = wrap_to_width(footer, FOOTER_PT) or [""]
    strip_in = (len(lines) * FOOTER_PT * 1.3 + 5) / 72
    height_in = height_cm * CM + max(0.0, strip_in - (2 * FOOTER_PT * 1.3 + 5) / 72)  # long footers add height
    fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.05, w_pad=0.05, hspace=0.02, wspace=0.02)
    content, _strip = fig.subfigures(2, 1, height_ratios=[height_in - strip_in, strip_in])
    fig.text(
        0.01,
        (2.5 / 72) / height_in,  # 2.5 pt above the bottom edge
        "\n".join(lines),
        fontsize=FOOTER_PT,
        color="0.30",
        ha="left",
        va="bottom",
        gid="provenance",
    )
    return fig, content


def legend_below(fig: Figure | SubFigure, ax: Axes, ncol: int, wrap: int = 48) -> None:
    """Figure legend under the axes (above the footer), labels wrapped to fit ``ncol`` columns
    (at most ``wrap`` characters a line)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        room = TEXT_WIDTH_PT / ncol - 40  # a column: handle, gap, text
        size = float(_RC_PARAMS["legend.fontsize"])
        room = min(room, text_width("n" * wrap, size))
        labels = ["\n".join(wrap_to_width(t, size, room)) for t in labels]
        fig.legend(handles, labels, loc="outside lower center", ncol=ncol, handlelength=2.8)


def year_axis(ax: Axes, years: Iterable[int]) -> None:
    """Integer year ticks (at most about 12) printed without thousands separators."""
    values = [int(y) for y in years]
    step = max(1, int(np.ceil(len(values) / 12)))
    shown = values[::step]
    ax.set_xticks(shown, [str(y) for y in shown])
    ax.set_xlim(min(values) - 0.5, max(values) + 0.5)


def number_formatter(lang: str, decimals: int = 0) -> FuncFormatter:
    """Axis tick formatter: numbers with the separators of ``lang``."""
    return FuncFormatter(lambda v, _pos: format_number(v, lang, decimals))


def percent_formatter(lang: str) -> FuncFormatter:
    """Axis tick formatter: fractions as percentages, trailing zeros trimmed."""
    return FuncFormatter(lambda v, _pos: format_percent(v, lang, 2, trim=True))


def file_metadata(fmt: str) -> dict[str, Any]:
    """Deterministic file metadata (no timestamps) for ``savefig``, so outputs are reproducible.

    Args:
        fmt: ``"png"``, ``"svg"`` or ``"pdf"``.
    """
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}
