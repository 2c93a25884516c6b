"""The membership chart: members at year end (top) and the admission rate (bottom)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partysim.outputs.charts.recorded import draw_member_points
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
    percent_formatter,
    set_titles,
    year_axis,
)
from partysim.outputs.tables import complete_years, part_years, quantiles_by_year, require_columns, stock_positions

__all__ = ["members_chart"]

_ANNUAL_MEMBER_COLS = ("replication", "year", "members_end", "admission_rate")


def _band_and_median(ax: Axes, x: np.ndarray, q: pd.DataFrame, prefix: str, lang: str) -> None:
    """The central 80% band and the median line (gids ``<prefix>band80``, ``<prefix>median``)."""
    lo, hi = BANDS[80]
    ax.fill_between(
        x,
        q[lo].to_numpy(float),
        q[hi].to_numpy(float),
        facecolor=BAND_GREYS[80],
        edgecolor="none",
        label=label("band", lang).format(pct="80%"),
        gid=f"{prefix}band80",
    )
    ax.plot(
        x,
        q[0.5].to_numpy(float),
        color=ACCENT,
        linewidth=2.0,
        marker="o",
        markersize=3.5,
        label=label("median", lang),
        gid=f"{prefix}median",
    )


def _members_panel(ax: Axes, annual: pd.DataFrame, points: Sequence[tuple[int, int, float]], lang: str) -> list[float]:
    """Members on 31 December, and at the end of a part year at its last month; recorded
    members as diamonds. Returns the x positions drawn."""
    lo, hi = BANDS[80]
    q = quantiles_by_year(annual, "members_end", [lo, 0.5, hi])
    where = stock_positions(annual)
    x = np.array([where[int(y)] for y in q.index], float)
    _band_and_median(ax, x, q, "", lang)
    parts = part_years(annual)
    last = int(q.index.max())
    if last in parts and parts[last][1] < 12:
        ax.annotate(
            label("members.end_of_run", lang).format(month=parts[last][1], year=last),
            (x[-1], q[0.5].iloc[-1]),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7,
            color="0.25",
        )
    xs = draw_member_points(ax, points, lang)
    ax.set_title(label("members.panel_members", lang), loc="left")
    ax.set_ylabel(label("members.ylabel_members", lang))
    ax.yaxis.set_major_formatter(number_formatter(lang))
    return [*x.tolist(), *xs]


def _rate_panel(ax: Axes, annual: pd.DataFrame, lang: str) -> list[float]:
    """The admission rate of complete years (a part year's rate is not a year's)."""
    lo, hi = BANDS[80]
    full = complete_years(annual)
    q = quantiles_by_year(full, "admission_rate", [lo, 0.5, hi])
    x = q.index.to_numpy(float)
    _band_and_median(ax, x, q, "rate_", lang)
    ax.set_title(label("members.panel_rate", lang), loc="left")
    ax.set_ylabel(label("members.ylabel_rate", lang))
    ax.yaxis.set_major_formatter(percent_formatter(lang))
    return x.tolist()


def members_chart(
    annual: pd.DataFrame, prov: Provenance, lang: str, history: Sequence[tuple[int, int, float]] = ()
) -> Figure:
    """Two panels: members at year end, and the admission rate.

    Top panel: median of ``members_end`` (people on 31 December; for a part year at the
    end of the run, on the last day simulated, drawn at that month) across replications
    with the central 80% band, and the recorded members. Bottom panel: median of
    ``admission_rate`` (admissions as % of members on 1 January; complete years only)
    with its 80% band.

    Args:
        annual: One row per (replication, year); needs columns
            ``replication, year, members_end, admission_rate`` (and ``months`` to tell
            part years).
        prov: Provenance for the footer; :attr:`Provenance.scenario` is the subtitle.
        lang: ``"vi"`` or ``"en"``.
        history: Recorded members ``(year, month, members)`` (month 12: 31 December).

    Returns:
        The figure (17 × 13.5 cm). Artists have gids ``"median"``/``"band80"``
        in the members panel, ``"rate_median"``/``"rate_band80"`` in the rate panel and
        ``"history_members"`` for recorded members.

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` is empty or lacks
            columns.
    """
    check_lang(lang)
    require_columns(annual, _ANNUAL_MEMBER_COLS, "annual")
    with house_style():
        fig, sub = new_figure(13.5, prov.footer(lang))
        ax_m, ax_r = sub.subplots(2, 1, sharex=True)
        xs = _members_panel(ax_m, annual, history, lang) + _rate_panel(ax_r, annual, lang)
        years = range(int(np.floor(min(xs) + 0.5)), int(np.ceil(max(xs) - 0.5)) + 1)
        year_axis(ax_r, years)
        ax_r.set_xlim(min(min(xs), years[0]) - 0.5, max(max(xs), years[-1]) + 0.5)
        ax_r.set_xlabel(label("year", lang))
        ax_m.tick_params(labelbottom=False)
        sub.align_ylabels([ax_m, ax_r])
        set_titles(fig, sub, label("members.title", lang), prov.scenario)
        legend_below(sub, ax_m, ncol=2)
    return fig
