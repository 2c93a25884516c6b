"""The allocation chart: probability that each unit meets its share of a split quota."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partysim.outputs.i18n import check_lang, format_number, format_probability, label
from partysim.outputs.provenance import Provenance
from partysim.outputs.style import ACCENT, house_style, legend_below, new_figure, percent_formatter, set_titles
from partysim.outputs.tables import require_columns

__all__ = ["allocation_chart"]

_BAR_HEIGHT = 0.6


def _print_values(ax: Axes, bars, values: np.ndarray, lang: str) -> None:
    """Each probability inside its bar's end (outside a short bar), clear of the cell marker."""
    for r, v in zip(bars, values):
        inside = v >= 0.15
        ax.annotate(
            format_probability(v, lang),
            (r.get_width(), r.get_y() + r.get_height() * 0.8),
            xytext=(-3 if inside else 3, 0),
            textcoords="offset points",
            ha="right" if inside else "left",
            va="center",
            fontsize=7.5,
        )


def allocation_chart(
    by_unit: pd.DataFrame, common: float, total: int, year: int, prov: Provenance, lang: str
) -> Figure:
    """Horizontal bars: per unit type, the probability that one of its grassroots
    organisations meets its quota (gid ``"go"``), a marker for one cell (gid ``"cell"``)
    and, under the equal-probability rule, the common probability as a dashed line
    (gid ``"common"``).

    Args:
        by_unit: One row per unit type: ``unit``, ``grassroots``, ``total``, ``prob_go``,
            ``prob_cell`` (probabilities 0..1).
        common: The common probability (NaN: no line).
        total: The quota split (people a year), for the title.
        year: The year of the quota.
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The figure (17 cm wide, taller with more unit types).
    """
    check_lang(lang)
    require_columns(by_unit, ("unit", "grassroots", "total", "prob_go", "prob_cell"), "by_unit")
    y = np.arange(len(by_unit))
    names = ["\n".join(textwrap.wrap(f"{r.unit} ({format_number(r.total, lang)})", 34)) for r in by_unit.itertuples()]
    with house_style():
        fig, sub = new_figure(6 + 0.9 * len(by_unit), prov.footer(lang))
        ax = sub.subplots()
        go = by_unit["prob_go"].to_numpy(float)
        bars = ax.barh(y, go, color="0.6", edgecolor="0.2", linewidth=0.5, height=_BAR_HEIGHT, gid="go")
        bars.set_label(label("alloc.legend_go", lang))
        _print_values(ax, bars, go, lang)
        ax.plot(
            by_unit["prob_cell"], y, "D", color="0.1", markersize=4, label=label("alloc.legend_cell", lang), gid="cell"
        )
        if np.isfinite(common):
            ax.axvline(
                common, color=ACCENT, linestyle="--", linewidth=1.2, label=label("alloc.legend_p", lang), gid="common"
            )
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.08)
        ax.xaxis.set_major_formatter(percent_formatter(lang))
        ax.set_xlabel(label("alloc.xlabel", lang))
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_axisbelow(True)
        set_titles(
            fig, sub, label("alloc.title", lang).format(year=year, total=format_number(total, lang)), prov.scenario
        )
        legend_below(sub, ax, ncol=3)
    return fig
