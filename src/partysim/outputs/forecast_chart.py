"""The forecast chart: history, median forecast and 80%/95% bands.

House style of :mod:`partysim.outputs.style` (A4 width, DejaVu Sans, greys plus one
dark accent so it reads in greyscale, provenance footer): this module only
adds the layout of a statistical forecast. Labels are the ``forecast.*`` keys of
:mod:`partysim.outputs.i18n`.

Artists carry a ``gid``: ``"history"``, ``"median"``, ``"band80"``,
``"band95"``, ``"provenance"`` (footer).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partysim.forecasting.result import ForecastResult
from partysim.outputs.i18n import check_lang, format_number, label, label_or
from partysim.outputs.provenance import Provenance
from partysim.outputs.style import (
    ACCENT,
    BAND_GREYS,
    house_style,
    legend_below,
    new_figure,
    number_formatter,
    set_titles,
    year_axis,
)

__all__ = ["forecast_chart", "method_text", "model_name", "series_name"]


def model_name(key: str, lang: str) -> str:
    """A statistical model's name in words (``"drift"`` -> ``"bước ngẫu nhiên có xu hướng"``)."""
    return label_or(f"model.{key}", lang, key)


def series_name(name: str, lang: str) -> str:
    """A known series (``admissions``, ``members`` ...) in words; other names as given."""
    return label_or(f"series.{name}", lang, name)


def _x(periods: pd.Index) -> np.ndarray:
    """Periods as numbers: the year, plus quarter fractions for quarterly data."""
    if periods.freqstr.upper().startswith("Q"):
        return np.array([p.year + (p.quarter - 1) / 4 for p in periods], float)
    return np.array([p.year for p in periods], float)


def method_text(result: ForecastResult, lang: str) -> str:
    """One line naming the method, the models and how intervals were made."""
    if result.method == "select":
        text = label("forecast.select", lang).format(model=model_name(next(iter(result.weights)), lang))
    else:
        models = ", ".join(f"{model_name(m, lang)} {format_number(w, lang, 2)}" for m, w in result.weights.items())
        text = label("forecast.combine", lang).format(k=len(result.weights), models=models)
    cal = "forecast.calibrated" if result.calibration.get("calibrated") else "forecast.uncalibrated"
    return f"{text}; {label(cal, lang)}"


def _draw(ax: Axes, result: ForecastResult, xh: np.ndarray, xf: np.ndarray, lang: str) -> None:
    """Bands (95% then 80%), history markers, the median joined to the last observation, and a
    dotted line between history and forecast."""
    hist = result.history
    q = result.quantiles([0.025, 0.10, 0.5, 0.90, 0.975]).to_numpy()
    last = float(hist.iloc[-1])
    xs = np.concatenate([[xh[-1]], xf])

    def joined(col: int) -> np.ndarray:
        return np.concatenate([[last], q[:, col]])

    for cover, (lo, hi) in ((95, (0, 4)), (80, (1, 3))):
        ax.fill_between(
            xs,
            joined(lo),
            joined(hi),
            facecolor=BAND_GREYS[cover],
            edgecolor="none",
            linewidth=0,
            label=label("forecast.band", lang).format(pct=f"{cover}%"),
            gid=f"band{cover}",
            zorder=1,
        )
    ax.plot(
        xh,
        hist.to_numpy(float),
        color="black",
        linewidth=1.2,
        marker="s",
        markersize=4,
        markerfacecolor="black",
        markeredgecolor="white",
        markeredgewidth=0.6,
        label=label("history", lang),
        gid="history",
        zorder=6,
    )
    ax.plot(
        xs,
        joined(2),
        color=ACCENT,
        linewidth=2.0,
        linestyle=(0, (5, 2)),
        marker="o",
        markersize=3.5,
        label=label("forecast.median", lang),
        gid="median",
        zorder=5,
    )
    ax.axvline(
        xh[-1] + (0.5 if result.info.freq == "Y" else 0.125), color="0.45", linewidth=0.8, linestyle=":", zorder=2
    )


def _period_axis(ax: Axes, annual: bool, xh: np.ndarray, xf: np.ndarray, lang: str) -> None:
    """Year ticks; for quarterly data, ticks at each year start and "Year (quarter)" as label."""
    if annual:
        year_axis(ax, np.concatenate([xh, xf]).astype(int))
        ax.set_xlabel(label("year", lang))
        return
    years = np.arange(int(np.floor(xh[0])), int(np.floor(xf[-1])) + 1)
    step = max(1, int(np.ceil(len(years) / 12)))
    ax.set_xticks(years[::step], [str(y) for y in years[::step]])
    ax.set_xlim(xh[0] - 0.25, xf[-1] + 0.25)
    ax.set_xlabel(f"{label('year', lang)} ({label('forecast.quarter', lang).lower()})")


def forecast_chart(
    result: ForecastResult, prov: Provenance, lang: str, *, name: str | None = None, unit: str | None = None
) -> Figure:
    """Fan chart of a statistical forecast.

    Args:
        result: The forecast.
        prov: Provenance for the footer (for a file forecast: the file name
            and its SHA-256, the seed, and the number of sample paths as
            replications).
        lang: ``"vi"`` or ``"en"``.
        name: Name of the quantity for the title and axis (default: the
            series name).
        unit: Unit for the y axis, e.g. ``"người/năm"``; default ``people``
            (``người``) for count series, none otherwise.

    Returns:
        The figure (17 x 10.5 cm).
    """
    check_lang(lang)
    name = name or series_name(str(result.name), lang)
    if unit is None and result.info.count:
        unit = label("people", lang)
    xh = _x(result.history.index)
    xf = _x(result.periods)
    with house_style():
        fig, sub = new_figure(10.5, prov.footer(lang))
        ax = sub.add_subplot()
        _draw(ax, result, xh, xf, lang)
        _period_axis(ax, result.info.freq == "Y", xh, xf, lang)
        ax.yaxis.set_major_formatter(number_formatter(lang))
        ylabel = f"{name} ({unit})" if unit else name
        ax.set_ylabel(ylabel[:1].upper() + ylabel[1:])
        set_titles(fig, sub, label("forecast.title", lang).format(name=name), method_text(result, lang), max_lines=3)
        legend_below(sub, ax, ncol=2)
    return fig
