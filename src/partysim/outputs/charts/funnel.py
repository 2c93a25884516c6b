"""The pipeline chart: people entering each stage (left) and losses by reason (right)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from partysim.outputs.i18n import check_lang, format_number, label, label_or
from partysim.outputs.provenance import Provenance
from partysim.outputs.style import LOSS_STYLES, house_style, legend_below, new_figure, number_formatter, set_titles
from partysim.outputs.tables import require_columns

__all__ = ["funnel_chart"]

_BAR_HEIGHT = 0.65
_ROOM = 1.22  # x range beyond the longest bar, for the value printed after it


def _print_values(ax: Axes, points: Iterable[tuple[float, float]], values: Iterable[float], lang: str) -> None:
    """Print each value just right of its point (the end of a bar)."""
    for (x, y), v in zip(points, values):
        ax.annotate(
            format_number(v, lang),
            (x, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=7.5,
        )


def _entered_panel(ax: Axes, y: np.ndarray, names: list[str], entered: np.ndarray, lang: str) -> None:
    """Horizontal bars of people entering each stage (gid ``"entered"``), first stage on top."""
    bars = ax.barh(y, entered, color="0.55", edgecolor="0.2", linewidth=0.5, height=_BAR_HEIGHT, gid="entered")
    _print_values(ax, [(r.get_width(), r.get_y() + r.get_height() / 2) for r in bars], entered, lang)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_title(label("funnel.panel_entered", lang), loc="left")
    ax.set_xlim(0, max(float(np.nanmax(entered)) if len(entered) else 1.0, 1.0) * _ROOM)


def _lost_panel(ax: Axes, y: np.ndarray, funnel: pd.DataFrame, loss_cols: list[str], lang: str) -> None:
    """Losses at each stage stacked by reason (gid ``"lost:<reason>"``), grey fills and hatches."""
    losses = funnel[loss_cols].to_numpy(float) if loss_cols else np.zeros((len(y), 0))
    left = np.zeros(len(y))
    for i, col in enumerate(loss_cols):
        reason = col[len("lost_") :]
        face, hatch = LOSS_STYLES[i % len(LOSS_STYLES)]
        vals = np.nan_to_num(losses[:, i])
        ax.barh(
            y,
            vals,
            left=left,
            color=face,
            hatch=hatch,
            edgecolor="0.15",
            linewidth=0.5,
            height=_BAR_HEIGHT,
            label=label_or(f"loss.{reason}", lang, reason),
            gid=f"lost:{reason}",
        )
        left += vals
    _print_values(ax, zip(left, y), left, lang)
    ax.set_xlim(0, max(float(left.max()) if len(left) else 1.0, 1.0) * _ROOM)
    ax.set_title(label("funnel.panel_lost", lang), loc="left")
    ax.tick_params(labelleft=False)


def funnel_chart(funnel: pd.DataFrame, prov: Provenance, lang: str) -> Figure:
    """Admission pipeline: people entering each stage and losses by reason.

    Left panel: horizontal bars of ``entered`` per stage, in pipeline order
    from top to bottom, with the value printed. Right panel: people who left
    the pipeline while at each stage, stacked by reason (grey fills with
    distinct hatches), with the total printed.

    Args:
        funnel: One row per stage in pipeline order: ``stage``, ``entered``
            and ``lost_<reason>`` columns (people, mean per replication over
            the whole run).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The figure (17 × 11 cm).

    Raises:
        ValueError: If ``lang`` is unsupported or ``funnel`` is empty or lacks
            ``stage``/``entered``.
    """
    check_lang(lang)
    require_columns(funnel, ("stage", "entered"), "funnel")
    loss_cols = [c for c in funnel.columns if c.startswith("lost_")]
    stages = [str(s) for s in funnel["stage"]]
    names = ["\n".join(textwrap.wrap(label_or(f"stage.{s}", lang, s), 26)) for s in stages]
    y = np.arange(len(stages))
    with house_style():
        fig, sub = new_figure(12, prov.footer(lang))
        ax_e, ax_l = sub.subplots(1, 2, sharey=True, width_ratios=[1.0, 1.0])
        _entered_panel(ax_e, y, names, funnel["entered"].to_numpy(float), lang)
        _lost_panel(ax_l, y, funnel, loss_cols, lang)
        for ax in (ax_e, ax_l):
            ax.grid(axis="y", visible=False)
            ax.grid(axis="x", visible=True)
            ax.set_axisbelow(True)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
            ax.xaxis.set_major_formatter(number_formatter(lang))
            ax.set_xlabel("\n".join(textwrap.wrap(label("funnel.xlabel", lang), 34)))
        set_titles(fig, sub, label("funnel.title", lang), prov.scenario)
        legend_below(sub, ax_l, ncol=3)
    return fig
