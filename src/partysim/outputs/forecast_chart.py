"""The forecast chart: history, median forecast and 80%/95% bands.

House style of :mod:`partysim.outputs.charts` (A4 width, DejaVu Sans, greys plus one
dark accent so it reads in greyscale, provenance footer): this module only
adds the layout of a statistical forecast. Labels come from
:mod:`partysim.outputs.i18n` when it defines the ``forecast.*`` keys, otherwise from
the defaults below.

Artists carry a ``gid``: ``"history"``, ``"median"``, ``"band80"``,
``"band95"``, ``"provenance"`` (footer).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from partysim.outputs.charts import _BAND_GREYS, ACCENT, _legend_below, _new_figure, _number_formatter, _style, _year_axis
from partysim.outputs.i18n import check_lang, format_number, label, label_or
from partysim.outputs.provenance import Provenance
from partysim.forecasting.result import ForecastResult

__all__ = ["DEFAULT_LABELS", "forecast_chart"]

#: Fallback labels (used while :mod:`partysim.outputs.i18n` lacks the keys).
DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "forecast.title": "Forecast of {name} from its history",
        "forecast.median": "Forecast (median)",
        "forecast.band": "{pct} forecast interval",
        "forecast.combine": "Weighted combination of {k} statistical models ({models}), weights from backtest accuracy",
        "forecast.select": "Model {model}, chosen by backtest accuracy",
        "forecast.calibrated": "intervals widened to match errors on real short series",
        "forecast.uncalibrated": "model intervals, not widened",
        "forecast.quarter": "Quarter",
    },
    "vi": {
        "forecast.title": "Dự báo {name} từ số liệu các năm trước",
        "forecast.median": "Dự báo (trung vị)",
        "forecast.band": "Khoảng dự báo {pct}",
        "forecast.combine": "Kết hợp có trọng số {k} mô hình thống kê ({models}), trọng số theo độ chính xác khi kiểm định lùi",
        "forecast.select": "Mô hình {model}, chọn theo độ chính xác khi kiểm định lùi",
        "forecast.calibrated": "khoảng dự báo được nới rộng theo sai số thực tế trên các chuỗi số liệu ngắn",
        "forecast.uncalibrated": "khoảng dự báo của mô hình, chưa nới rộng",
        "forecast.quarter": "Quý",
    },
}


def _label(key: str, lang: str) -> str:
    return label_or(key, lang, DEFAULT_LABELS[lang][key])


def _x(periods) -> np.ndarray:
    """Periods as numbers: the year, plus quarter fractions for quarterly data."""
    if periods.freqstr.upper().startswith("Q"):
        return np.array([p.year + (p.quarter - 1) / 4 for p in periods], float)
    return np.array([p.year for p in periods], float)


def method_text(result: ForecastResult, lang: str) -> str:
    """One line naming the method, the models and how intervals were made."""
    if result.method == "select":
        text = _label("forecast.select", lang).format(model=next(iter(result.weights)))
    else:
        models = ", ".join(f"{m} {format_number(w, lang, 2)}" for m, w in result.weights.items())
        text = _label("forecast.combine", lang).format(k=len(result.weights), models=models)
    cal = "forecast.calibrated" if result.calibration.get("calibrated") else "forecast.uncalibrated"
    return f"{text}; {_label(cal, lang)}"


def forecast_chart(
    result: ForecastResult,
    prov: Provenance,
    lang: str,
    *,
    name: str | None = None,
    unit: str | None = None,
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
    name = name or result.name
    if unit is None and result.info.count:
        unit = label("people", lang)
    hist = result.history
    xh = _x(hist.index)
    xf = _x(result.periods)
    q = result.quantiles([0.025, 0.10, 0.5, 0.90, 0.975]).to_numpy()
    last = float(hist.iloc[-1])
    xs = np.concatenate([[xh[-1]], xf])

    def joined(col: int) -> np.ndarray:
        return np.concatenate([[last], q[:, col]])

    with _style():
        fig, sub = _new_figure(10.5, prov.footer(lang))
        ax = sub.add_subplot()
        for cover, (lo, hi) in ((95, (0, 4)), (80, (1, 3))):
            ax.fill_between(
                xs, joined(lo), joined(hi), facecolor=_BAND_GREYS[cover], edgecolor="none", linewidth=0,
                label=_label("forecast.band", lang).format(pct=f"{cover}%"), gid=f"band{cover}", zorder=1,
            )
        ax.plot(xh, hist.to_numpy(float), color="black", linewidth=1.2, marker="s", markersize=4,
                markerfacecolor="black", markeredgecolor="white", markeredgewidth=0.6,
                label=label("history", lang), gid="history", zorder=6)
        ax.plot(xs, joined(2), color=ACCENT, linewidth=2.0, linestyle=(0, (5, 2)), marker="o", markersize=3.5,
                label=_label("forecast.median", lang), gid="median", zorder=5)
        ax.axvline(xh[-1] + (0.5 if result.info.freq == "Y" else 0.125), color="0.45", linewidth=0.8,
                   linestyle=":", zorder=2)
        if result.info.freq == "Y":
            _year_axis(ax, np.concatenate([xh, xf]).astype(int))
            ax.set_xlabel(label("year", lang))
        else:
            years = np.arange(int(np.floor(xh[0])), int(np.floor(xf[-1])) + 1)
            step = max(1, int(np.ceil(len(years) / 12)))
            ax.set_xticks(years[::step], [str(y) for y in years[::step]])
            ax.set_xlim(xh[0] - 0.25, xf[-1] + 0.25)
            ax.set_xlabel(f"{label('year', lang)} ({_label('forecast.quarter', lang).lower()})")
        ax.yaxis.set_major_formatter(_number_formatter(lang))
        ax.set_ylabel(f"{name} ({unit})" if unit else name)
        ax.set_title(method_text(result, lang), loc="left", fontsize=7, color="0.25", wrap=True)
        sub.suptitle(_label("forecast.title", lang).format(name=name))
        _legend_below(sub, ax, ncol=2)
    return fig
