"""The admissions fan chart: admissions per year across replications, with targets and history."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partysim.outputs.charts.recorded import draw_averages, draw_history_points, draw_part_years
from partysim.outputs.charts.target_lines import draw_targets
from partysim.outputs.i18n import check_lang, label
from partysim.outputs.provenance import Provenance
from partysim.outputs.style import (
    ACCENT,
    BAND_GREYS,
    BANDS,
    house_style,
    legend_below,
    new_figure,
    number_formatter,
    set_titles,
    year_axis,
)
from partysim.outputs.tables import complete_years, part_years, quantiles_by_year, require_columns

__all__ = ["admissions_fan"]

_ANNUAL_FAN_COLS = ("replication", "year", "admissions", "members_start")


def _draw_median_and_bands(ax: Axes, q: pd.DataFrame, lang: str) -> None:
    """Median line (gid ``"median"``) and the central bands (``"band<cover>"``), widest underneath."""
    years = q.index.to_numpy()
    ax.plot(
        years,
        q[0.5].to_numpy(float),
        color=ACCENT,
        linewidth=2.0,
        marker="o",
        markersize=3.5,
        label=label("median", lang),
        gid="median",
        zorder=4,
    )
    for cover in sorted(BANDS, reverse=True):  # widest first, underneath
        lo, hi = BANDS[cover]
        ax.fill_between(
            years,
            q[lo].to_numpy(float),
            q[hi].to_numpy(float),
            facecolor=BAND_GREYS[cover],
            edgecolor="none",
            linewidth=0,
            label=label("band", lang).format(pct=f"{cover}%"),
            gid=f"band{cover}",
            zorder=1,
        )


def _draw_history(ax: Axes, history: pd.DataFrame, lang: str) -> np.ndarray:
    """Recorded admissions as black square markers (gid ``"history"``); returns their years."""
    require_columns(history, ("year", "admissions"), "history")
    return draw_history_points(ax, history, lang)


def _draw_beside(
    ax: Axes,
    annual: pd.DataFrame,
    parts: dict[int, tuple[int, int]],
    history: pd.DataFrame | None,
    averages: Sequence[tuple[int, int, float]],
    years: np.ndarray,
    lang: str,
) -> np.ndarray:
    """Part years, recorded yearly admissions and recorded averages; returns every year shown."""
    if parts:
        years = np.union1d(years, draw_part_years(ax, annual, "admissions", parts, lang))
    if history is not None and len(history):
        years = np.union1d(years, _draw_history(ax, history, lang))
    if averages:
        years = np.union1d(years, draw_averages(ax, averages, lang))
    return years


def admissions_fan(
    annual: pd.DataFrame,
    targets: list[dict],
    prov: Provenance,
    lang: str,
    history: pd.DataFrame | None = None,
    averages: Sequence[tuple[int, int, float]] = (),
) -> Figure:
    """Fan chart of admissions per year across replications, with targets.

    Draws, per year, the median of ``admissions`` across replications (dark line) and
    the central 50%, 80% and 95% bands (grey, darker = narrower), computed with
    linear-interpolation quantiles. Targets are drawn as in
    :mod:`partysim.outputs.charts.target_lines` (``admissions`` at the threshold,
    ``admission_rate`` at the implied count; other kinds not drawn).

    Args:
        annual: One row per (replication, year); needs columns
            ``replication, year, admissions, members_start`` (people). If it has a
            ``months`` column, part-years are left out.
        targets: Target dicts with ``name``, ``kind``, ``threshold`` and
            ``year`` (or ``years``; if neither, all years).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        history: Optional recorded admissions, columns ``year, admissions``
            (people per year), drawn as black markers.
        averages: Recorded averages per year ``(first year, last year, people per year)``,
            drawn as averages over their span (:mod:`partysim.outputs.charts.recorded`).

    Part years (a ``months`` column below 12) are drawn apart, as hollow circles with the
    middle 80% of runs, and the subtitle is the scenario (:attr:`Provenance.scenario`).

    Returns:
        The figure (17 × 10.5 cm).

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` is empty or lacks columns.
    """
    check_lang(lang)
    require_columns(annual, _ANNUAL_FAN_COLS, "annual")
    parts = part_years(annual)
    full = complete_years(annual)
    levels = sorted({0.5, *[q for pair in BANDS.values() for q in pair]})
    with house_style():
        fig, sub = new_figure(11.5, prov.footer(lang))
        ax = sub.add_subplot()
        q = quantiles_by_year(full, "admissions", levels)
        years = q.index.to_numpy()
        _draw_median_and_bands(ax, q, lang)
        draw_targets(ax, targets, full, years, lang)
        years = _draw_beside(ax, annual, parts if full is not annual else {}, history, averages, years, lang)
        year_axis(ax, years)
        ax.yaxis.set_major_formatter(number_formatter(lang))
        ax.set_xlabel(label("year", lang))
        ax.set_ylabel(label("fan.ylabel", lang))
        set_titles(fig, sub, label("fan.title", lang), prov.scenario)
        legend_below(sub, ax, ncol=2)
    return fig
