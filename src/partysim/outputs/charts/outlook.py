"""The outlook chart: history, the statistical forecast band and the simulated scenarios together."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partysim.outputs.charts.recorded import draw_averages, draw_history_points
from partysim.outputs.charts.target_lines import draw_targets
from partysim.outputs.i18n import check_lang, label
from partysim.outputs.provenance import Provenance
from partysim.outputs.style import (
    ACCENT,
    INK,
    house_style,
    legend_below,
    new_figure,
    number_formatter,
    set_titles,
    year_axis,
)
from partysim.outputs.tables import complete_years, quantiles_by_year

__all__ = ["outlook_chart"]

_SCENARIO_STYLES = ["-", "--", "-.", ":"]


def _draw_forecast(ax: Axes, forecast_bands: pd.DataFrame, lang: str) -> set[int]:
    """Statistical forecast: 95% (dotted hatch) and 80% (grey) bands and the median; returns its years."""
    fb = forecast_bands.sort_values("year")
    fy = fb["year"].to_numpy()
    ax.fill_between(
        fy,
        fb["lo95"],
        fb["hi95"],
        facecolor="none",
        edgecolor="0.35",
        hatch="....",
        linewidth=0.6,
        label=label("outlook.forecast", lang).format(pct="95%"),
        gid="forecast95",
        zorder=1,
    )
    ax.fill_between(
        fy,
        fb["lo80"],
        fb["hi80"],
        facecolor="0.85",
        edgecolor="none",
        label=label("outlook.forecast", lang).format(pct="80%"),
        gid="forecast80",
        zorder=1,
    )
    ax.plot(
        fy,
        fb["p50"],
        color="0.35",
        linewidth=1.3,
        linestyle=(0, (1, 1.5)),
        label=label("outlook.forecast_median", lang),
        gid="forecast_median",
        zorder=3,
    )
    return {int(y) for y in forecast_bands["year"]}


def _draw_scenario(ax: Axes, k: int, name: str, annual: pd.DataFrame, lang: str) -> set[int]:
    """Scenario number ``k``: median and central 80% band (the first in the accent colour); returns its years."""
    q = quantiles_by_year(annual, "admissions", [0.1, 0.5, 0.9])
    sy = q.index.to_numpy()
    style = _SCENARIO_STYLES[k % len(_SCENARIO_STYLES)]
    ax.fill_between(
        sy,
        q[0.1],
        q[0.9],
        facecolor=ACCENT if k == 0 else "0.5",
        alpha=0.25 if k == 0 else 0.18,
        edgecolor="none",
        gid=f"sim_band:{name}",
        zorder=2,
    )
    ax.plot(
        sy,
        q[0.5],
        color=ACCENT if k == 0 else INK,
        linestyle=style,
        linewidth=2.0,
        marker="o",
        markersize=3,
        label=label("outlook.sim", lang).format(name=name),
        gid=f"sim:{name}",
        zorder=4,
    )
    return {int(y) for y in sy}


def outlook_chart(
    history: pd.DataFrame,
    forecast_bands: pd.DataFrame,
    simulated: dict[str, pd.DataFrame],
    targets: list[dict],
    prov: Provenance,
    lang: str,
    averages: Sequence[tuple[int, int, float]] = (),
) -> Figure:
    """History, the statistical forecast band and the simulated scenarios' bands on one chart.

    Args:
        history: Recorded admissions, columns ``year, admissions`` (people per year).
        forecast_bands: Statistical forecast from history alone, columns ``year, p50,
            lo80, hi80, lo95, hi95`` (people per year).
        simulated: Annual tables (one row per replication and year) by scenario label.
        targets: Target dicts as for :func:`~partysim.outputs.charts.fan.admissions_fan`,
            judged on the first scenario.
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        averages: Recorded averages per year ``(first year, last year, people per year)``.

    Returns:
        The figure (17 × 11.5 cm).
    """
    check_lang(lang)
    with house_style():
        fig, sub = new_figure(11.5, prov.footer(lang))
        ax = sub.add_subplot()
        years = {int(y) for y in history["year"]} | _draw_forecast(ax, forecast_bands, lang)
        complete = {name: complete_years(annual) for name, annual in simulated.items()}
        for k, (name, annual) in enumerate(complete.items()):
            years |= _draw_scenario(ax, k, name, annual, lang)
        if complete:
            draw_targets(ax, targets, next(iter(complete.values())), sorted(years), lang)
        if len(history):
            draw_history_points(ax, history, lang)
        years |= set(draw_averages(ax, averages, lang))
        year_axis(ax, sorted(years))
        ax.yaxis.set_major_formatter(number_formatter(lang))
        ax.set_ylabel(label("fan.ylabel", lang))
        ax.set_xlabel(label("year", lang))
        ax.set_ylim(bottom=0)
        set_titles(fig, sub, label("outlook.title", lang), prov.scenario)
        legend_below(sub, ax, ncol=2)
    return fig
