"""The membership chart: members at year end (top) and the admission rate (bottom)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

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
    year_axis,
)
from partysim.outputs.tables import complete_years, quantiles_by_year, require_columns

__all__ = ["members_chart"]

_ANNUAL_MEMBER_COLS = ("replication", "year", "members_end", "admission_rate")


def _panel(ax: Axes, annual: pd.DataFrame, column: str, prefix: str, key: str, lang: str) -> None:
    """Median of ``column`` across replications with its 80% band (gids ``<prefix>median``,
    ``<prefix>band80``), titled ``members.panel_<key>`` and labelled ``members.ylabel_<key>``."""
    lo, hi = BANDS[80]
    q = quantiles_by_year(annual, column, [lo, 0.5, hi])
    years = q.index.to_numpy()
    ax.fill_between(
        years,
        q[lo].to_numpy(float),
        q[hi].to_numpy(float),
        facecolor=BAND_GREYS[80],
        edgecolor="none",
        label=label("band", lang).format(pct="80%"),
        gid=f"{prefix}band80",
    )
    ax.plot(
        years,
        q[0.5].to_numpy(float),
        color=ACCENT,
        linewidth=2.0,
        marker="o",
        markersize=3.5,
        label=label("median", lang),
        gid=f"{prefix}median",
    )
    ax.set_title(label(f"members.panel_{key}", lang), loc="left")
    ax.set_ylabel(label(f"members.ylabel_{key}", lang))
    year_axis(ax, years)


def members_chart(annual: pd.DataFrame, prov: Provenance, lang: str) -> Figure:
    """Two panels: members at year end, and the admission rate.

    Top panel: median of ``members_end`` (people on 31 December) across
    replications with the central 80% band. Bottom panel: median of
    ``admission_rate`` (admissions as % of members on 1 January) with its 80%
    band.

    Args:
        annual: One row per (replication, year); needs columns
            ``replication, year, members_end, admission_rate``. If it has a ``months``
            column, part-years are left out.
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The figure (17 × 13 cm). Artists have gids ``"median"``/``"band80"``
        in the members panel and ``"rate_median"``/``"rate_band80"`` in the
        rate panel.

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` is empty or lacks
            columns.
    """
    check_lang(lang)
    require_columns(annual, _ANNUAL_MEMBER_COLS, "annual")
    annual = complete_years(annual)
    with house_style():
        fig, sub = new_figure(13, prov.footer(lang))
        ax_m, ax_r = sub.subplots(2, 1, sharex=True)
        _panel(ax_m, annual, "members_end", "", "members", lang)
        _panel(ax_r, annual, "admission_rate", "rate_", "rate", lang)
        ax_m.yaxis.set_major_formatter(number_formatter(lang))
        ax_r.yaxis.set_major_formatter(percent_formatter(lang))
        ax_r.set_xlabel(label("year", lang))
        ax_m.tick_params(labelbottom=False)
        sub.suptitle(label("members.title", lang))
        legend_below(sub, ax_m, ncol=2)
    return fig
